//! What a create request sets up: the Call object (server fields plus the
//! echoed configuration with the real API's defaults), the settings the
//! provider acts on (join window, maximum duration, output medium), and
//! the agent's view of the call (business type, tools, first speaker).
//!
//! Pure functions of the request body; lenient, since strict validation
//! has already refused what the real API refuses.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::agent::{AgentSetup, AgentTool, business_for};
use crate::duration;
use crate::state::{CallSettings, EndBehavior, Inactivity};
use crate::tools::ToolDef;

/// Defaults the real API fills in (reference §2.1).
pub const DEFAULT_JOIN_TIMEOUT: &str = "30s";
pub const DEFAULT_MAX_DURATION: &str = "3600s";
pub const DEFAULT_MODEL: &str = "ultravox-v0.7";

/// `http://h/p/` → `ws://h/p/calls/{id}/join` (`https` → `wss`).
pub fn join_url(base: &url::Url, call_id: &str) -> String {
    let mut url = base.clone();
    let scheme = if base.scheme() == "https" {
        "wss"
    } else {
        "ws"
    };
    // http ↔ ws and https ↔ wss are both "special" schemes, so this cannot fail.
    let _ = url.set_scheme(scheme);
    url.join(&format!("calls/{call_id}/join"))
        .map_or_else(|_| format!("{url}calls/{call_id}/join"), |u| u.to_string())
}

/// The Call object (reference §2.2): server fields, then the echoed
/// configuration with defaults filled in. `selectedTools` is not echoed.
pub fn call_json(
    id: &str,
    body: &Map<String, Value>,
    join_url: &str,
    created: Timestamp,
) -> Map<String, Value> {
    let given = |k: &str| body.get(k).filter(|v| !v.is_null()).cloned();
    let or = |k: &str, default: Value| given(k).unwrap_or(default);
    let first_speaker_settings = or("firstSpeakerSettings", json!({"agent": {}}));
    let first_speaker = given("firstSpeaker").unwrap_or_else(|| {
        if first_speaker_settings.get("user").is_some() {
            json!("FIRST_SPEAKER_USER")
        } else {
            json!("FIRST_SPEAKER_AGENT")
        }
    });
    let value = json!({
        "callId": id,
        "clientVersion": null,
        "created": created.to_string(),
        "joined": null,
        "ended": null,
        "endReason": null,
        "billedDuration": null,
        "billedSideInputTokens": null,
        "billedSideOutputTokens": null,
        "billingStatus": "BILLING_STATUS_PENDING",
        "firstSpeaker": first_speaker,
        "firstSpeakerSettings": first_speaker_settings,
        "initialOutputMedium": or("initialOutputMedium", json!("MESSAGE_MEDIUM_VOICE")),
        "joinTimeout": or("joinTimeout", json!(DEFAULT_JOIN_TIMEOUT)),
        "maxDuration": or("maxDuration", json!(DEFAULT_MAX_DURATION)),
        "joinUrl": join_url,
        "languageHint": or("languageHint", Value::Null),
        "medium": or("medium", Value::Null),
        "model": or("model", json!(DEFAULT_MODEL)),
        "recordingEnabled": or("recordingEnabled", json!(false)),
        "systemPrompt": or("systemPrompt", Value::Null),
        "temperature": or("temperature", json!(0)),
        "timeExceededMessage": or("timeExceededMessage", Value::Null),
        "voice": or("voice", Value::Null),
        "externalVoice": or("externalVoice", Value::Null),
        "voiceOverrides": or("voiceOverrides", Value::Null),
        "transcriptOptional": or("transcriptOptional", json!(false)),
        "vadSettings": or("vadSettings", Value::Null),
        "inactivityMessages": or("inactivityMessages", json!([])),
        "shortSummary": null,
        "summary": null,
        "agent": null,
        "agentId": null,
        "experimentalSettings": or("experimentalSettings", Value::Null),
        "metadata": or("metadata", json!({})),
        "initialState": or("initialState", json!({})),
        "requestContext": null,
        "dataConnectionConfig": or("dataConnection", Value::Null),
        "callbacks": or("callbacks", Value::Null),
        "retentionPolicy": or("retentionPolicy", Value::Null),
        "sipDetails": null,
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub fn settings(body: &Map<String, Value>) -> CallSettings {
    let dur = |k: &str, default: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .and_then(duration::parse)
            .or_else(|| duration::parse(default))
            .unwrap_or(Duration::from_secs(30))
    };
    CallSettings {
        join_timeout: dur("joinTimeout", DEFAULT_JOIN_TIMEOUT),
        max_duration: dur("maxDuration", DEFAULT_MAX_DURATION),
        time_exceeded_message: body
            .get("timeExceededMessage")
            .and_then(Value::as_str)
            .map(str::to_owned),
        agent_medium: match body.get("initialOutputMedium").and_then(Value::as_str) {
            Some("MESSAGE_MEDIUM_TEXT") => "text",
            _ => "voice",
        },
        metadata: body
            .get("metadata")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        inactivity: inactivity(body.get("inactivityMessages")),
    }
}

/// `inactivityMessages` as validated (entries without a usable duration or
/// message are skipped).
fn inactivity(list: Option<&Value>) -> Vec<Inactivity> {
    list.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            Some(Inactivity {
                after: duration::parse(m.get("duration")?.as_str()?)?,
                message: m.get("message")?.as_str()?.to_owned(),
                end: match m.get("endBehavior").and_then(Value::as_str) {
                    Some("END_BEHAVIOR_HANG_UP_SOFT") => EndBehavior::HangUpSoft,
                    Some("END_BEHAVIOR_HANG_UP_STRICT") => EndBehavior::HangUpStrict,
                    _ => EndBehavior::Wait,
                },
            })
        })
        .collect()
}

pub fn agent_setup(
    body: &Map<String, Value>,
    tools: &[ToolDef],
    settings: &CallSettings,
) -> AgentSetup {
    let agent_tools: Vec<AgentTool> = tools
        .iter()
        .filter_map(|t| {
            Some(AgentTool {
                tool: t.voice_tool?,
                name: t.name.clone(),
                parameters: t.model_parameters(),
            })
        })
        .collect();
    let present: Vec<_> = agent_tools.iter().map(|t| t.tool).collect();
    let business = business_for(
        settings
            .metadata
            .get("businessType")
            .and_then(Value::as_str),
        &present,
    );
    let first = body.get("firstSpeakerSettings");
    let user_first = first
        .and_then(|f| f.get("user"))
        .is_some_and(|u| !u.is_null())
        || body.get("firstSpeaker").and_then(Value::as_str) == Some("FIRST_SPEAKER_USER");
    AgentSetup {
        business,
        tools: agent_tools,
        greeting: first
            .and_then(|f| f.pointer("/agent/text"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        speaks_first: !user_first,
    }
}
