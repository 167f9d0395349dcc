//! Message wire types (reference §5.2) and the cursor page every Ultravox
//! list answers with (reference §1.2).
//!
//! The REST vocabulary is the protobuf one (`MESSAGE_ROLE_AGENT`); the
//! real-time transcript vocabulary (`"agent"`) belongs to the browser SDK and
//! is not handled here.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::types::null_as_default;

/// One message of a call's transcript, or an initial message of a new call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(default)]
    pub role: MessageRole,
    /// The utterance, the JSON-encoded arguments of a tool call, or a tool's result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Pairs a tool call with its result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<MessageMedium>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_stage_message_index: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_stage_id: Option<String>,
    /// Why a tool call failed; only the REST list carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<Value>,
}

/// Who a message is from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessageRole {
    #[serde(rename = "MESSAGE_ROLE_USER")]
    User,
    #[serde(rename = "MESSAGE_ROLE_AGENT")]
    Agent,
    #[serde(rename = "MESSAGE_ROLE_TOOL_CALL")]
    ToolCall,
    #[serde(rename = "MESSAGE_ROLE_TOOL_RESULT")]
    ToolResult,
    /// Unspecified, or a role this crate does not know; written back as the unspecified value.
    #[default]
    #[serde(rename = "MESSAGE_ROLE_UNSPECIFIED", other)]
    Unknown,
}

/// Whether a message was spoken or typed; also the call's output medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessageMedium {
    #[serde(rename = "MESSAGE_MEDIUM_VOICE")]
    Voice,
    #[serde(rename = "MESSAGE_MEDIUM_TEXT")]
    Text,
    /// Unspecified, or a medium this crate does not know; written back as the unspecified value.
    #[serde(rename = "MESSAGE_MEDIUM_UNSPECIFIED", other)]
    Unknown,
}

/// One page of a list. `next` is an absolute URL whose `cursor` query
/// parameter asks for the following page; it is null on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct Paginated<T> {
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub previous: Option<String>,
    #[serde(default = "Vec::new", deserialize_with = "null_as_default")]
    pub results: Vec<T>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn roles_and_media_are_lenient() {
        let message: Message = serde_json::from_value(json!({
            "role": "MESSAGE_ROLE_NARRATOR", "text": "hi", "medium": "MESSAGE_MEDIUM_SMOKE",
            "callStageMessageIndex": 3, "timespan": {"start": "1s", "end": "2s"}
        }))
        .expect("lenient");
        assert_eq!(message.role, MessageRole::Unknown);
        assert_eq!(message.medium, Some(MessageMedium::Unknown));
        assert_eq!(message.call_stage_message_index, Some(3));
        let role: MessageRole =
            serde_json::from_value(json!("MESSAGE_ROLE_TOOL_RESULT")).expect("known");
        assert_eq!(role, MessageRole::ToolResult);
        assert_eq!(
            serde_json::to_value(MessageRole::Unknown).expect("serializes"),
            json!("MESSAGE_ROLE_UNSPECIFIED")
        );
    }

    #[test]
    fn a_user_message_has_no_nulls() {
        let message = Message {
            role: MessageRole::User,
            text: Some("I'd like a pizza".into()),
            ..Message::default()
        };
        assert_eq!(
            serde_json::to_value(&message).expect("serializes"),
            json!({"role": "MESSAGE_ROLE_USER", "text": "I'd like a pizza"})
        );
    }

    #[test]
    fn a_page_tolerates_nulls_and_extras() {
        let page: Paginated<Message> = serde_json::from_value(json!({
            "next": null, "previous": null, "results": null, "total": 0, "extra": []
        }))
        .expect("lenient");
        assert!(page.results.is_empty());
        assert_eq!(page.total, Some(0));
    }
}
