//! Webhook wire types (reference §4): the registration, and the
//! `{"event", "call"}` body Ultravox posts for each delivery.
//!
//! Webhook secrets are secrets: `Debug` shows how many there are, never their
//! text. Checking a delivery's signature is `crate::signature`'s job.

use serde::{Deserialize, Serialize};

use crate::types::{Call, null_as_default};

/// A registered webhook.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub webhook_id: String,
    pub url: String,
    /// Event names, e.g. `"call.ended"` (see `WebhookEvent::as_str`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub events: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub secrets: Vec<String>,
    /// `"normal"` or `"unhealthy"`.
    #[serde(default)]
    pub status: Option<String>,
    /// Only that agent's calls are delivered when set.
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook")
            .field("webhook_id", &self.webhook_id)
            .field("url", &self.url)
            .field("events", &self.events)
            .field("n_secrets", &self.secrets.len())
            .field("status", &self.status)
            .field("agent_id", &self.agent_id)
            .field("created", &self.created)
            .finish()
    }
}

/// The body of `POST /api/webhooks` and `PATCH /api/webhooks/{id}`. Without
/// secrets, Ultravox generates one and returns it in the `Webhook`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWebhookRequest {
    /// An https URL of at most 200 characters.
    pub url: String,
    #[serde(default)]
    pub events: Vec<String>,
    /// Each at most 120 characters; give old and new together to rotate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
}

impl std::fmt::Debug for CreateWebhookRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateWebhookRequest")
            .field("url", &self.url)
            .field("events", &self.events)
            .field("n_secrets", &self.secrets.len())
            .field("agent_id", &self.agent_id)
            .finish()
    }
}

/// One webhook delivery: the event and the full call, as `GET /api/calls/{id}` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub event: WebhookEvent,
    pub call: Call,
}

/// A webhook event name; dotted on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WebhookEvent {
    /// The call was created.
    #[serde(rename = "call.started")]
    Started,
    /// A client connected.
    #[serde(rename = "call.joined")]
    Joined,
    /// The call ended (also at join timeout); its messages are final.
    #[serde(rename = "call.ended")]
    Ended,
    /// Billing is final; may come well after `call.ended`.
    #[serde(rename = "call.billed")]
    Billed,
    /// An event this crate does not know yet.
    #[serde(rename = "unknown", other)]
    Unknown,
}

impl WebhookEvent {
    /// The events Ultravox documents, for registering a webhook that wants them all.
    pub const ALL: [WebhookEvent; 4] = [Self::Started, Self::Joined, Self::Ended, Self::Billed];

    /// The wire name, e.g. `"call.ended"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "call.started",
            Self::Joined => "call.joined",
            Self::Ended => "call.ended",
            Self::Billed => "call.billed",
            Self::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::types::EndReason;

    #[test]
    fn a_delivery_reads_known_and_unknown_events() {
        let delivery: WebhookDelivery = serde_json::from_value(json!({
            "event": "call.ended",
            "call": {"callId": "c1", "endReason": "hangup", "metadata": {"sessionId": "s1"}},
            "deliveryNote": "ignored"
        }))
        .expect("reads");
        assert_eq!(delivery.event, WebhookEvent::Ended);
        assert_eq!(delivery.call.end_reason, Some(EndReason::Hangup));
        assert_eq!(delivery.call.session_id(), Some("s1"));
        let future: WebhookDelivery =
            serde_json::from_value(json!({"event": "call.transferred", "call": {"callId": "c2"}}))
                .expect("lenient");
        assert_eq!(future.event, WebhookEvent::Unknown);
    }

    #[test]
    fn event_names_match_serde() {
        for event in WebhookEvent::ALL {
            assert_eq!(
                serde_json::to_value(event).expect("serializes"),
                json!(event.as_str())
            );
        }
    }

    #[test]
    fn requests_skip_empty_secrets_and_debug_hides_them() {
        let request = CreateWebhookRequest {
            url: "https://example.org/hooks/ultravox".into(),
            events: vec!["call.ended".into()],
            secrets: vec![],
            agent_id: None,
        };
        assert_eq!(
            serde_json::to_value(&request).expect("serializes"),
            json!({"url": "https://example.org/hooks/ultravox", "events": ["call.ended"]})
        );
        let webhook = Webhook {
            webhook_id: "w1".into(),
            secrets: vec!["very-secret-value".into()],
            ..Webhook::default()
        };
        assert!(!format!("{webhook:?}").contains("very-secret-value"));
        let request = CreateWebhookRequest {
            secrets: vec!["very-secret-value".into()],
            ..request
        };
        assert!(!format!("{request:?}").contains("very-secret-value"));
    }
}
