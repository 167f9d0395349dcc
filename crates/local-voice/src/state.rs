//! The provider's shared state: calls, webhooks, and the logs tests read
//! (create-call requests, webhook deliveries, tool requests).
//!
//! Plain data and small accessors only; the rules that change a call live
//! in `calls`, and nothing here does IO.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use dashmap::DashMap;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;
use voice_domain::catalog::Catalog;
use voice_domain::extract::Extractor;
use voice_types::voice::JoinServerMessage;

use crate::LocalConfig;
use crate::agent::Agent;
use crate::tools::ToolDef;
use crate::webhooks::{DeliveryJob, WebhookRecord};

/// One `POST /api/calls` as received, with the verdict of validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// The body as received (a JSON string holding the raw text when the
    /// body was not JSON).
    pub body: Value,
    /// The query parameters (`priorCallId`, `enableGreetingPrompt`, ...).
    pub query: BTreeMap<String, String>,
    /// DRF-style errors, keyed by field path; empty when accepted.
    pub errors: BTreeMap<String, Vec<String>>,
    /// The id of the call created, when accepted.
    pub call_id: Option<String>,
}

/// One webhook delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub event: String,
    pub call_id: String,
    /// The registered webhook, or `None` for a per-call callback.
    pub webhook_id: Option<String>,
    pub url: String,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u32,
    /// The receiver's status code, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed without a status (unreachable, timeout, simulated).
    pub error: Option<String>,
    /// A forced second copy (`duplicate_next_deliveries`).
    pub duplicate: bool,
    /// The `X-Ultravox-Webhook-Timestamp` sent.
    pub timestamp: String,
}

impl Delivery {
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// One HTTP tool request, as sent and as answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolRequestLog {
    pub call_id: String,
    /// The model-facing tool name.
    pub tool: String,
    pub invocation_id: String,
    pub method: String,
    pub url: String,
    /// Headers sent, names lower-cased, in the order set.
    pub headers: Vec<(String, String)>,
    /// The JSON body sent, if any.
    pub body: Option<Value>,
    pub status: Option<u16>,
    pub response_body: Option<String>,
    /// Transport failure or timeout, when there was no answer.
    pub error: Option<String>,
}

impl ToolRequestLog {
    /// The value of a request header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Everything the provider holds.
pub struct Shared {
    pub config: LocalConfig,
    pub calls: DashMap<String, Arc<CallEntry>>,
    pub webhooks: Mutex<Vec<WebhookRecord>>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub deliveries: Mutex<Vec<Delivery>>,
    pub tool_requests: Mutex<Vec<ToolRequestLog>>,
    pub duplicate_next: AtomicU32,
    pub fail_next: AtomicU32,
    pub http: reqwest::Client,
    pub catalog: &'static Catalog,
    pub extractor: Arc<Extractor>,
    /// The delivery queue, created with its worker on the first event (the
    /// provider may be built outside a runtime, so the worker cannot be
    /// spawned in `new`).
    pub outbox: Mutex<Option<mpsc::UnboundedSender<DeliveryJob>>>,
}

impl Shared {
    pub fn call(&self, call_id: &str) -> Option<Arc<CallEntry>> {
        self.calls.get(call_id).map(|e| Arc::clone(e.value()))
    }

    /// Takes one unit from a test counter, if any is left.
    pub fn take_one(counter: &AtomicU32) -> bool {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// One call: its record, its agent, and its live channels.
pub struct CallEntry {
    pub id: String,
    pub record: Mutex<CallRecord>,
    /// The agent's conversation. A tokio mutex, held for a whole turn
    /// (including tool calls), so turns of one call never interleave: a
    /// second message waits for the first answer, as a caller would.
    pub agent: tokio::sync::Mutex<Agent>,
    /// Live frames for joined sockets. Sent while holding `record`, so a
    /// socket that snapshots the transcript and subscribes under the same
    /// lock sees every line exactly once.
    pub frames: broadcast::Sender<JoinServerMessage>,
    /// Cancelled when the call ends: stops its timers.
    pub ended: CancellationToken,
    pub tools: Vec<ToolDef>,
    pub settings: CallSettings,
    /// The accepted create request (settings for `priorCallId`, `callbacks`).
    pub request: Map<String, Value>,
}

impl CallEntry {
    pub fn lock(&self) -> MutexGuard<'_, CallRecord> {
        lock(&self.record)
    }
}

/// The parts of the create request the provider acts on.
#[derive(Debug, Clone)]
pub struct CallSettings {
    pub join_timeout: std::time::Duration,
    pub max_duration: std::time::Duration,
    pub time_exceeded_message: Option<String>,
    /// `voice` or `text`, for the agent's transcript lines.
    pub agent_medium: &'static str,
    pub metadata: Map<String, Value>,
    /// `inactivityMessages`, in order (each `after` counts from the previous).
    pub inactivity: Vec<Inactivity>,
}

/// One inactivity message: said after `after` more of the caller's silence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inactivity {
    pub after: std::time::Duration,
    pub message: String,
    pub end: EndBehavior,
}

/// What happens after an inactivity message (reference §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndBehavior {
    /// `END_BEHAVIOR_UNSPECIFIED`: keep waiting.
    Wait,
    /// `END_BEHAVIOR_HANG_UP_SOFT`: hang up unless the caller speaks during it.
    HangUpSoft,
    /// `END_BEHAVIOR_HANG_UP_STRICT`: hang up.
    HangUpStrict,
}

/// The mutable state of one call.
#[derive(Debug)]
pub struct CallRecord {
    /// The Call object, exactly as `GET /api/calls/{id}` returns it.
    pub json: Map<String, Value>,
    pub created: Timestamp,
    pub joined_at: Option<Timestamp>,
    pub is_ended: bool,
    /// Messages as `GET /api/calls/{id}/messages` returns them.
    pub messages: Vec<Value>,
    /// Caller and agent lines, for replay to (re)joining sockets.
    pub transcript: Vec<JoinServerMessage>,
    /// The call state tools read and update.
    pub call_state: Map<String, Value>,
    pub stage_id: String,
    /// Sockets joined right now, and how many joins there have been (a
    /// close ends the call only if nobody joined since).
    pub sockets: usize,
    pub socket_joins: u64,
    /// Lines the caller has said (any activity restarts the inactivity messages).
    pub caller_turns: u64,
}

impl CallRecord {
    /// Live iff joined and not ended (reference §2.2).
    pub fn is_live(&self) -> bool {
        self.joined_at.is_some() && !self.is_ended
    }

    pub fn snapshot(&self) -> Value {
        Value::Object(self.json.clone())
    }
}

/// Locks a std mutex, recovering the data if another thread panicked while
/// holding it (every critical section leaves the data consistent).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
