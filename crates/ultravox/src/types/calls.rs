//! Call wire types (reference §2): the create-call request and the `Call`
//! object that create, get and every webhook return.
//!
//! `Call` keeps only what this platform reads, with echoed settings whose
//! shape may grow (`medium`, `firstSpeakerSettings`, `initialState`) as raw
//! JSON so a new server-side option never makes a call unreadable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::types::null_as_default;
use crate::types::{Message, MessageMedium, SelectedTool};

/// The body of `POST /api/calls`. Every field is optional; `Default` gives
/// an empty request and Ultravox fills in its defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateCallRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    /// 0 to 1; Ultravox's default is 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// A voice id or unique name, e.g. `"Mark"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    /// BCP-47, at most 16 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_hint: Option<String>,
    /// A duration string; the call ends `unjoined` if nobody joins in time (default `"30s"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_timeout: Option<String>,
    /// A duration string (default `"3600s"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
    /// Spoken just before the hang-up at `max_duration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_exceeded_message: Option<String>,
    /// Messages the call starts with (forbidden together with `priorCallId`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub initial_messages: Vec<Message>,
    /// Said after silences; the durations add up, and user activity restarts the sequence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inactivity_messages: Vec<InactivityMessage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selected_tools: Vec<SelectedTool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_speaker_settings: Option<FirstSpeakerSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_output_medium: Option<MessageMedium>,
    /// String values only; keys may not start with `ultravox.`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The call state tools can read and change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_state: Option<Value>,
    /// At most one key (`webRtc`, `serverWebSocket`, `twilio`, ...); WebRTC when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medium: Option<Value>,
}

/// One step of the inactivity sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InactivityMessage {
    /// A duration string, counted from the previous step.
    pub duration: String,
    pub message: String,
    #[serde(default)]
    pub end_behavior: EndBehavior,
}

/// What happens after an inactivity message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EndBehavior {
    /// Hang up unless the user speaks during the message.
    #[serde(rename = "END_BEHAVIOR_HANG_UP_SOFT")]
    HangUpSoft,
    #[serde(rename = "END_BEHAVIOR_HANG_UP_STRICT")]
    HangUpStrict,
    /// Keep waiting. Also what a value this crate does not know reads as.
    #[default]
    #[serde(rename = "END_BEHAVIOR_UNSPECIFIED", other)]
    Unspecified,
}

/// Who speaks first: `{"agent": {...}}` or `{"user": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FirstSpeakerSettings {
    Agent(AgentFirstSpeaker),
    User(UserFirstSpeaker),
}

impl FirstSpeakerSettings {
    /// The agent opens with a greeting generated from the prompt (Ultravox's default).
    pub fn agent() -> Self {
        Self::Agent(AgentFirstSpeaker::default())
    }

    /// The agent opens with exactly `text`.
    pub fn agent_says(text: impl Into<String>) -> Self {
        Self::Agent(AgentFirstSpeaker {
            text: Some(text.into()),
            ..AgentFirstSpeaker::default()
        })
    }

    /// The agent waits for the user.
    pub fn user() -> Self {
        Self::User(UserFirstSpeaker::default())
    }
}

/// How the agent opens the call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentFirstSpeaker {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uninterruptible: Option<bool>,
    /// Said verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Used to generate the opening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    /// A duration string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
}

/// How long the agent waits for the user, and what it says if they stay silent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFirstSpeaker {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<UserFallback>,
}

/// The agent's line when the user does not speak first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFallback {
    /// A duration string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
}

/// A call as Ultravox reports it (reference §2.2). Timestamps are RFC 3339
/// strings; durations are duration strings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Call {
    pub call_id: String,
    #[serde(default)]
    pub created: Option<String>,
    /// Null until a client connects.
    #[serde(default)]
    pub joined: Option<String>,
    /// Null while the call is live.
    #[serde(default)]
    pub ended: Option<String>,
    #[serde(default)]
    pub end_reason: Option<EndReason>,
    /// What the browser joins; null for outgoing SIP. The key never leaves the server.
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default)]
    pub client_version: Option<String>,
    #[serde(default)]
    pub short_summary: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default)]
    pub billed_duration: Option<String>,
    /// `BILLING_STATUS_PENDING`, `BILLING_STATUS_BILLED`, ...
    #[serde(default)]
    pub billing_status: Option<String>,
    #[serde(default)]
    pub max_duration: Option<String>,
    #[serde(default)]
    pub join_timeout: Option<String>,
    #[serde(default)]
    pub recording_enabled: Option<bool>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub voice: Option<String>,
    #[serde(default)]
    pub system_prompt: Option<String>,
    #[serde(default)]
    pub temperature: Option<f64>,
    #[serde(default)]
    pub language_hint: Option<String>,
    #[serde(default)]
    pub time_exceeded_message: Option<String>,
    #[serde(default)]
    pub initial_output_medium: Option<MessageMedium>,
    #[serde(default)]
    pub first_speaker_settings: Option<Value>,
    #[serde(default)]
    pub medium: Option<Value>,
    #[serde(default)]
    pub initial_state: Option<Value>,
    #[serde(default)]
    pub agent_id: Option<String>,
}

impl Call {
    /// Live means joined and not yet ended (reference §2.2).
    pub fn is_live(&self) -> bool {
        self.joined.is_some() && self.ended.is_none()
    }

    /// Our session id, which the session manager puts in `metadata["sessionId"]`.
    pub fn session_id(&self) -> Option<&str> {
        self.metadata.get("sessionId").map(String::as_str)
    }
}

/// Why a call ended; lower-case on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Nobody joined within `joinTimeout`.
    Unjoined,
    /// The client hung up.
    Hangup,
    AgentHangup,
    Timeout,
    ConnectionError,
    SystemError,
    /// A reason this crate does not know yet.
    #[serde(other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_empty_request_is_an_empty_object() {
        let wire = serde_json::to_value(CreateCallRequest::default()).expect("serializes");
        assert_eq!(wire, json!({}));
    }

    #[test]
    fn first_speaker_settings_are_keyed_by_speaker() {
        let agent = serde_json::to_value(FirstSpeakerSettings::agent()).expect("serializes");
        assert_eq!(agent, json!({"agent": {}}));
        let says = serde_json::to_value(FirstSpeakerSettings::agent_says("Hello")).expect("ok");
        assert_eq!(says, json!({"agent": {"text": "Hello"}}));
        let user: FirstSpeakerSettings =
            serde_json::from_value(json!({"user": {"fallback": {"delay": "5s", "text": "Hi?"}}}))
                .expect("deserializes");
        assert_eq!(
            user,
            FirstSpeakerSettings::User(UserFirstSpeaker {
                fallback: Some(UserFallback {
                    delay: Some("5s".into()),
                    text: Some("Hi?".into()),
                    prompt: None,
                }),
            })
        );
    }

    #[test]
    fn end_reasons_are_lower_case_and_lenient() {
        let known: EndReason = serde_json::from_value(json!("agent_hangup")).expect("known");
        assert_eq!(known, EndReason::AgentHangup);
        let unknown: EndReason = serde_json::from_value(json!("moon_fell")).expect("lenient");
        assert_eq!(unknown, EndReason::Unknown);
        assert_eq!(
            serde_json::to_value(EndReason::ConnectionError).expect("serializes"),
            json!("connection_error")
        );
    }

    #[test]
    fn unknown_end_behaviors_read_as_unspecified() {
        let step: InactivityMessage = serde_json::from_value(
            json!({"duration": "30s", "message": "Still there?", "endBehavior": "END_BEHAVIOR_NEW"}),
        )
        .expect("lenient");
        assert_eq!(step.end_behavior, EndBehavior::Unspecified);
    }

    #[test]
    fn a_call_is_live_between_join_and_end() {
        let mut call: Call = serde_json::from_value(json!({
            "callId": "c1", "joined": null, "ended": null, "metadata": null,
            "someFutureField": {"nested": true}
        }))
        .expect("lenient");
        assert!(call.metadata.is_empty());
        assert!(!call.is_live());
        call.joined = Some("2026-01-01T00:00:00Z".into());
        assert!(call.is_live());
        call.ended = Some("2026-01-01T00:05:00Z".into());
        assert!(!call.is_live());
        assert_eq!(call.session_id(), None);
        call.metadata.insert("sessionId".into(), "s-42".into());
        assert_eq!(call.session_id(), Some("s-42"));
    }
}
