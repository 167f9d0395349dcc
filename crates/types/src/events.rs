//! Live events: the one enum every WebSocket stream carries.
//!
//! A stream (one customer's session, or the staff stream) numbers its events
//! from 1; a frame is `{"seq": N, "atMs": ..., "type": "...", ...fields}`.
//! A client that reconnects with `?since=N` receives frames `N+1..`, or one
//! `resync` frame when `N` has left the replay buffer.
//! Clients must ignore event types they do not know (`Unknown` here).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::session::{BusinessType, SessionId, SessionStatus, SessionView};

/// One numbered event on one stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventFrame {
    /// Position in this stream, from 1, without gaps.
    pub seq: u64,
    /// When the event was produced, in ms since the Unix epoch.
    pub at_ms: u64,
    #[serde(flatten)]
    pub event: LiveEvent,
}

/// Who said a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Speaker {
    User,
    Agent,
    Tool,
}

/// What the voice agent is doing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AgentState {
    Listening,
    Thinking,
    Speaking,
}

/// Every live event. Serialized with a `type` tag in snake_case and
/// camelCase fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LiveEvent {
    /// A new session (staff stream).
    SessionCreated { session: SessionView },
    /// A session moved from one state to another.
    SessionStatus {
        session_id: SessionId,
        business_type: BusinessType,
        previous: SessionStatus,
        status: SessionStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A waiting caller's new place in the queue.
    QueuePosition {
        session_id: SessionId,
        position: u32,
        estimated_wait_seconds: u32,
    },
    /// A call slot is reserved for this session: the caller may join.
    CallReady {
        session_id: SessionId,
        /// Absent when the slot is reserved but the call is still being
        /// created; a second `call_ready` with the URL follows.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        join_url: Option<String>,
        /// `local` (the offline provider: join with the text protocol of
        /// `voice::JoinServerMessage`) or `ultravox` (join with the SDK).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
    },
    /// One line of the conversation.
    Transcript {
        session_id: SessionId,
        ordinal: u32,
        speaker: Speaker,
        text: String,
    },
    /// The agent is listening, thinking or speaking.
    AgentState {
        session_id: SessionId,
        state: AgentState,
    },
    /// A business tool ran (placeOrder, bookAppointment, ...).
    ToolExecuted {
        session_id: SessionId,
        tool: String,
        success: bool,
        message: String,
        #[serde(default)]
        result: Value,
    },
    /// An order changed (placed, or moved on by the kitchen).
    OrderUpdated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_id: Option<SessionId>,
        order_id: String,
        status: String,
        #[serde(default)]
        order: Value,
    },
    /// An appointment was booked or changed (staff stream, and the caller's session).
    AppointmentUpdated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_id: Option<SessionId>,
        appointment_id: String,
        status: String,
        #[serde(default)]
        appointment: Value,
    },
    /// A support ticket was opened or changed (staff stream, and the caller's session).
    TicketUpdated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_id: Option<SessionId>,
        ticket_id: String,
        status: String,
        #[serde(default)]
        ticket: Value,
    },
    /// A form for the customer's page, or new values for it.
    FormUpdate { session_id: SessionId, form: Value },
    /// The caller asked for a person.
    HandoffRequested {
        session_id: SessionId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The session is over (final event of a customer stream).
    SessionEnded {
        session_id: SessionId,
        status: SessionStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        duration_seconds: u64,
    },
    /// Deployment-wide load (staff stream, and customers while queued).
    SystemLoad {
        active_calls: u32,
        queued: u32,
        capacity: u32,
    },
    /// The `since` asked for is older than the replay buffer: reload state,
    /// then continue from `latestSeq`.
    Resync { reason: String, latest_seq: u64 },
    /// The server refuses something the client sent.
    Error { code: String, message: String },
    /// An event type this client version does not know.
    #[serde(other)]
    Unknown,
}

impl LiveEvent {
    /// The session an event is about, if any.
    pub fn session_id(&self) -> Option<&SessionId> {
        match self {
            Self::SessionCreated { session } => Some(&session.session_id),
            Self::SessionStatus { session_id, .. }
            | Self::QueuePosition { session_id, .. }
            | Self::CallReady { session_id, .. }
            | Self::Transcript { session_id, .. }
            | Self::AgentState { session_id, .. }
            | Self::ToolExecuted { session_id, .. }
            | Self::FormUpdate { session_id, .. }
            | Self::HandoffRequested { session_id, .. }
            | Self::SessionEnded { session_id, .. } => Some(session_id),
            Self::OrderUpdated { session_id, .. }
            | Self::AppointmentUpdated { session_id, .. }
            | Self::TicketUpdated { session_id, .. } => session_id.as_ref(),
            Self::SystemLoad { .. } | Self::Resync { .. } | Self::Error { .. } | Self::Unknown => {
                None
            }
        }
    }

    /// The `type` tag, for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SessionCreated { .. } => "session_created",
            Self::SessionStatus { .. } => "session_status",
            Self::QueuePosition { .. } => "queue_position",
            Self::CallReady { .. } => "call_ready",
            Self::Transcript { .. } => "transcript",
            Self::AgentState { .. } => "agent_state",
            Self::ToolExecuted { .. } => "tool_executed",
            Self::OrderUpdated { .. } => "order_updated",
            Self::AppointmentUpdated { .. } => "appointment_updated",
            Self::TicketUpdated { .. } => "ticket_updated",
            Self::FormUpdate { .. } => "form_update",
            Self::HandoffRequested { .. } => "handoff_requested",
            Self::SessionEnded { .. } => "session_ended",
            Self::SystemLoad { .. } => "system_load",
            Self::Resync { .. } => "resync",
            Self::Error { .. } => "error",
            Self::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_flat_with_a_type_tag() {
        let frame = EventFrame {
            seq: 7,
            at_ms: 1,
            event: LiveEvent::QueuePosition {
                session_id: SessionId("s1".into()),
                position: 2,
                estimated_wait_seconds: 90,
            },
        };
        let json = serde_json::to_value(&frame).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"seq": 7, "atMs": 1, "type": "queue_position",
                "sessionId": "s1", "position": 2, "estimatedWaitSeconds": 90})
        );
        let back: EventFrame = serde_json::from_value(json).expect("parses");
        assert_eq!(back, frame);
    }

    #[test]
    fn unknown_event_types_parse_as_unknown() {
        let frame: EventFrame =
            serde_json::from_str(r#"{"seq":1,"atMs":2,"type":"from_the_future","x":1}"#)
                .expect("parses");
        assert_eq!(frame.event, LiveEvent::Unknown);
    }
}
