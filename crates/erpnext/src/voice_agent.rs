//! Wire shapes of the `voice_agent` app's methods (sessions, transcripts,
//! interaction log, settings) that `voice-types` does not have yet.
//!
//! They follow the contract table in `shared/ref/erpnext-api.md` field for
//! field: snake_case names, Title Case enum values, local date-times without
//! offset. Optional arguments are left out of the JSON when `None`, so an
//! upsert only touches the fields it names. These types belong in
//! `voice-types` once another crate needs them; until then they live here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The contract's `session_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErpSessionType {
    Restaurant,
    Appointment,
    Support,
    General,
}

/// The contract's `channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErpChannel {
    Web,
    Widget,
    Phone,
}

/// The contract's session `status`; `Completed` and `Failed` are final on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErpSessionStatus {
    Queued,
    Active,
    Completed,
    Failed,
}

/// `upsert_session` arguments: every field but `session_id` is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpsertSessionRequest {
    pub session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ultravox_call_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_type: Option<ErpSessionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<ErpChannel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ErpSessionStatus>,
    /// Local, `2026-11-20T11:58:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_doctype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_server_id: Option<String>,
}

/// `upsert_session` result; `status` is the stored one (a late `Active` never reopens a call).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsertSessionResult {
    pub name: String,
    pub session_id: String,
    pub status: ErpSessionStatus,
}

/// Who said a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptSpeaker {
    User,
    Agent,
    Tool,
}

/// How a transcript line was exchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranscriptMedium {
    Voice,
    Text,
}

/// One transcript line; `(session_id, ordinal)` identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptMessage {
    pub ordinal: u32,
    pub speaker: TranscriptSpeaker,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<TranscriptMedium>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// `append_transcript` arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendTranscriptRequest {
    pub session_id: String,
    pub messages: Vec<TranscriptMessage>,
}

/// `append_transcript` result: how many lines were new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendTranscriptResult {
    pub session_id: String,
    pub stored: u32,
}

/// `log_interaction` arguments: one tool call of a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogInteractionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    pub session_id: String,
    pub tool_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_doctype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_name: Option<String>,
}

/// `log_interaction` result: the stored document's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogInteractionResult {
    pub name: String,
}

/// `get_business_config`'s `business_type` (the contract adds `general`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigBusinessType {
    Restaurant,
    Appointment,
    Support,
    General,
}

/// `get_business_config` result: shared settings plus the fields of one business type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessConfig {
    pub company_name: String,
    pub voice: String,
    pub language: String,
    pub temperature: f64,
    pub greeting_message: String,
    pub max_call_duration_seconds: u32,
    pub recording_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_minutes: Option<u32>,
    /// Decimal string, e.g. `"10.00"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_order_amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_advance_days: Option<u32>,
    /// Day name → `[open, close]`, `None` for a closed day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours: Option<BTreeMap<String, Option<[String; 2]>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_times: Option<BTreeMap<String, String>>,
}
