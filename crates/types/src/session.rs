//! Session wire types: ids, business types, channels, states and the bodies of
//! the `/api/sessions` endpoints.
//!
//! The allowed moves between states are a rule, so they live in
//! `voice-domain`; this module only names the states.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A session id: a UUID v4 in its hyphenated lower-case form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionId(pub String);

impl SessionId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the caller wants to get done; picks the agent's tools and prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BusinessType {
    Restaurant,
    Appointment,
    Support,
}

impl BusinessType {
    pub const ALL: [BusinessType; 3] = [Self::Restaurant, Self::Appointment, Self::Support];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Restaurant => "restaurant",
            Self::Appointment => "appointment",
            Self::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// Where the caller came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    #[default]
    Web,
    Widget,
    Phone,
}

/// The life of a session: `queued → ready → active → ended`, or `→ failed`.
///
/// `ready` and `active` hold one call slot of the deployment's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SessionStatus {
    /// Waiting for a call slot.
    Queued,
    /// A call slot is reserved; the caller may join the call.
    Ready,
    /// The caller is in the call.
    Active,
    /// The call is over (hung up, finished, abandoned in the queue).
    Ended,
    /// The call could not be set up or broke.
    Failed,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 5] = [
        Self::Queued,
        Self::Ready,
        Self::Active,
        Self::Ended,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Ready => "ready",
            Self::Active => "active",
            Self::Ended => "ended",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// `ended` and `failed` are final.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Ended | Self::Failed)
    }

    /// `ready` and `active` hold a call slot.
    pub fn holds_slot(self) -> bool {
        matches!(self, Self::Ready | Self::Active)
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A waiting caller's place in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueInfo {
    /// 1 for the head of the queue.
    pub position: u32,
    /// Moving average of recent call durations, times the position, divided by capacity.
    pub estimated_wait_seconds: u32,
}

/// `POST /api/sessions` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSessionRequest {
    pub business_type: BusinessType,
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Any phone format; stored as given, normalized by the business tools.
    #[serde(default)]
    pub customer_phone: Option<String>,
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Free-form JSON object kept with the session (at most 4 KiB serialized).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A session as the API shows it. Never contains the session token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub session_id: SessionId,
    pub business_type: BusinessType,
    pub channel: Channel,
    pub status: SessionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Present while queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueInfo>,
    /// The voice call's join URL, once a call is attached (issue 4/6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    /// The voice provider's call id, once a call is attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// `local` (join with the local text protocol) or `ultravox` (join with
    /// the SDK), once a call is attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_provider: Option<String>,
    /// Why the session ended or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    pub created_at_ms: u64,
    pub updated_at_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at_ms: Option<u64>,
}

/// `POST /api/sessions` answer (`201`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSessionResponse {
    pub session_id: SessionId,
    /// `ready` (a call slot is reserved) or `queued`.
    pub status: SessionStatus,
    /// The customer's only credential for this session: send it as `?token=`
    /// on the WebSocket and as `Authorization: Bearer` on the session routes.
    pub session_token: String,
    /// Where to subscribe to this session's live events (token included).
    pub websocket_url: String,
    /// Present when `status` is `queued`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueInfo>,
    pub session: SessionView,
}

/// `GET /api/sessions` answer (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub sessions: Vec<SessionView>,
    /// Sessions that match the filter, over all pages.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}
