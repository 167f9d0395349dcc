//! The voice call's wire shapes that are ours, not the provider's:
//!
//! - the bodies of the HTTP tools the voice model calls (`POST /tools/{name}`
//!   on the session manager): flat JSON objects in camelCase, exactly as
//!   Ultravox sends them, with the call id added as an automatic parameter;
//! - the answer every tool gives (`ToolReply`): a sentence for the model to
//!   read aloud, and the structured result;
//! - the local voice provider's browser join protocol (a WebSocket at the
//!   call's `joinUrl`), which mirrors Ultravox's data messages so the UI
//!   treats both providers alike.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The voice model's tools, by their model-facing names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum VoiceTool {
    #[serde(rename = "getMenu")]
    GetMenu,
    #[serde(rename = "placeOrder")]
    PlaceOrder,
    #[serde(rename = "getOrderStatus")]
    GetOrderStatus,
    #[serde(rename = "checkAvailability")]
    CheckAvailability,
    #[serde(rename = "bookAppointment")]
    BookAppointment,
    #[serde(rename = "createSupportTicket")]
    CreateSupportTicket,
    #[serde(rename = "requestHandoff")]
    RequestHandoff,
    /// Called with every caller turn: fills the caller's on-screen form.
    #[serde(rename = "processVoiceInput")]
    ProcessVoiceInput,
}

impl VoiceTool {
    pub const ALL: [VoiceTool; 8] = [
        Self::GetMenu,
        Self::PlaceOrder,
        Self::GetOrderStatus,
        Self::CheckAvailability,
        Self::BookAppointment,
        Self::CreateSupportTicket,
        Self::RequestHandoff,
        Self::ProcessVoiceInput,
    ];

    /// The model-facing name, which is also the last path segment of the
    /// tool's URL.
    pub fn name(self) -> &'static str {
        match self {
            Self::GetMenu => "getMenu",
            Self::PlaceOrder => "placeOrder",
            Self::GetOrderStatus => "getOrderStatus",
            Self::CheckAvailability => "checkAvailability",
            Self::BookAppointment => "bookAppointment",
            Self::CreateSupportTicket => "createSupportTicket",
            Self::RequestHandoff => "requestHandoff",
            Self::ProcessVoiceInput => "processVoiceInput",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The header carrying our tool secret on every tool request.
pub const TOOL_SECRET_HEADER: &str = "X-Voice-Tool-Secret";

/// The automatic parameter that carries the provider's call id.
pub const CALL_ID_PARAM: &str = "callId";

/// One line of `placeOrder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ToolOrderItem {
    /// As the caller said it; matched to the menu by name, alias or a near spelling.
    pub item_name: String,
    /// 1 when not given.
    #[serde(default)]
    pub quantity: Option<u32>,
    #[serde(default)]
    pub special_instructions: Option<String>,
}

/// `POST /tools/getMenu`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetMenuArgs {
    pub call_id: String,
    #[serde(default)]
    pub category: Option<String>,
}

/// `POST /tools/placeOrder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlaceOrderArgs {
    pub call_id: String,
    pub items: Vec<ToolOrderItem>,
    /// `takeaway` (collection), `delivery` or `dine-in`.
    pub order_type: String,
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Any UK or E.164 form, digits or words ("oh seven seven double oh ...").
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub delivery_address: Option<String>,
    #[serde(default)]
    pub special_instructions: Option<String>,
}

/// `POST /tools/getOrderStatus`: by order id, or the caller's latest by phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GetOrderStatusArgs {
    pub call_id: String,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// `POST /tools/checkAvailability`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckAvailabilityArgs {
    pub call_id: String,
    /// A service name as the caller said it.
    pub service_type: String,
    /// `YYYY-MM-DD`, or words such as "tomorrow" or "next Friday".
    pub date: String,
}

/// `POST /tools/bookAppointment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookAppointmentArgs {
    pub call_id: String,
    pub service_type: String,
    /// `YYYY-MM-DD`, or words.
    pub date: String,
    /// `HH:MM` (24 h), or words such as "half past two" or "3pm".
    pub time: String,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// `POST /tools/createSupportTicket`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateTicketArgs {
    pub call_id: String,
    pub issue_description: String,
    /// Low, Medium, High or Critical; decided from the description when absent.
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// `POST /tools/requestHandoff`: the caller wants a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffArgs {
    pub call_id: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /tools/processVoiceInput`: what the caller just said, so the
/// session's context and the caller's on-screen form follow the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcessVoiceInputArgs {
    pub call_id: String,
    /// The caller's last utterance, as transcribed.
    pub text: String,
}

/// Every tool's answer (`200`, also for refusals the caller should hear).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToolReply {
    /// `success`, `partial` (alternatives offered) or `error` (refused, with
    /// what to ask the caller next).
    pub status: ToolReplyStatus,
    /// What the agent should say, as one or two plain sentences.
    pub message: String,
    /// The business result (order, booking, ticket, slots, menu).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ToolReplyStatus {
    Success,
    Partial,
    Error,
}

/// Local provider join protocol, server → browser (one JSON text frame each).
/// The `type` names and fields follow Ultravox's data messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JoinServerMessage {
    /// First frame: who is speaking to the browser. `local` is always true for
    /// the local provider, so pages can label it.
    RoomInfo {
        #[serde(rename = "callId")]
        call_id: String,
        local: bool,
    },
    /// The agent's state: `idle`, `listening`, `thinking` or `speaking`.
    State { state: String },
    /// A line of the conversation (`role` is `user` or `agent`; `medium` is
    /// `voice` or `text`). Lines already said are sent again on (re)join.
    Transcript {
        role: String,
        medium: String,
        text: String,
        #[serde(rename = "final")]
        is_final: bool,
        ordinal: u32,
    },
    /// The call ended (`endReason` as on the Call object); the socket closes next.
    CallEnded {
        #[serde(rename = "endReason")]
        end_reason: String,
    },
    /// A message this client version does not know.
    #[serde(other)]
    Unknown,
}

/// Local provider join protocol, browser → server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JoinClientMessage {
    /// The caller's turn as text (the Ultravox SDK's `sendText` sends this name).
    InputTextMessage { text: String },
    /// The caller hangs up.
    HangUp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_round_trip() {
        for tool in VoiceTool::ALL {
            assert_eq!(VoiceTool::parse(tool.name()), Some(tool));
            let json = serde_json::to_value(tool).expect("serializes");
            assert_eq!(json, Value::String(tool.name().to_owned()));
        }
        assert_eq!(VoiceTool::parse("hangUp"), None);
    }

    #[test]
    fn tool_bodies_are_flat_camel_case() {
        let args: PlaceOrderArgs = serde_json::from_str(
            r#"{"callId":"c1","items":[{"itemName":"pepperoni","quantity":2}],"orderType":"takeaway","customerName":"Kevin"}"#,
        )
        .expect("parses");
        assert_eq!(args.call_id, "c1");
        assert_eq!(args.items[0].quantity, Some(2));
    }

    #[test]
    fn join_messages_use_ultravox_names() {
        let m: JoinServerMessage = serde_json::from_str(
            r#"{"type":"transcript","role":"agent","medium":"voice","text":"Hi","final":true,"ordinal":0}"#,
        )
        .expect("parses");
        assert!(matches!(
            m,
            JoinServerMessage::Transcript { is_final: true, .. }
        ));
        let c = serde_json::to_value(JoinClientMessage::InputTextMessage { text: "hi".into() })
            .expect("serializes");
        assert_eq!(c["type"], "input_text_message");
        let u: JoinServerMessage =
            serde_json::from_str(r#"{"type":"debug","x":1}"#).expect("parses");
        assert_eq!(u, JoinServerMessage::Unknown);
    }
}
