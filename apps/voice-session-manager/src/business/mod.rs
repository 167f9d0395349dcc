//! The business backend: orders, appointments, tickets and finished calls.
//!
//! One trait, [`BusinessBackend`], with the embedded SQLite store as the
//! default implementation. Rules come from `voice_domain::business`; a
//! backend only loads state, applies a rule and stores the result, keyed by
//! the caller's idempotency key so a repeated request returns the first
//! answer and creates nothing new.

pub mod embedded;
pub mod forwarder;
pub mod prune;
pub mod shared_log;

use std::{future::Future, pin::Pin, sync::Arc};

use jiff::{Timestamp, civil::DateTime, tz::TimeZone};
use voice_domain::{
    business::{AppointmentBook, Menu, ToolCall, business_time_zone},
    catalog::Catalog,
};
use voice_types::{
    SessionView,
    business::{
        AppointmentView, AvailabilityResult, BookAppointmentRequest, BookAppointmentResult,
        CheckAvailabilityRequest, CreateTicketRequest, CreateTicketResult, DashboardData,
        GetOrderStatusRequest, HourlyCalls, MenuResult, OrderStatus, OrderStatusResult, OrderView,
        PlaceOrderRequest, PlaceOrderResult, TicketView, UpdateOrderStatusRequest,
    },
};

pub use embedded::EmbeddedBackend;

pub type BackendFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BackendError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// A request that cannot be answered as asked (field named).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0} not found")]
    NotFound(String),
    /// A move the rules refuse (order status flow) or a reused key.
    #[error("{0}")]
    Conflict(String),
    #[error("embedded store: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("stored data could not be read: {0}")]
    Corrupt(#[from] serde_json::Error),
    /// Redis mode: the shared log (Redis) failed or refused.
    #[error("shared business store (Redis): {0}")]
    Shared(String),
}

impl From<fred::error::Error> for BackendError {
    fn from(err: fred::error::Error) -> Self {
        Self::Shared(err.to_string())
    }
}

impl BackendError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The answer to an effect, and what it created (none on a replay or a refusal).
#[derive(Debug)]
pub struct Effect<R, V> {
    pub result: R,
    pub created: Option<V>,
}

/// A finished voice session, for the record and the analytics.
#[derive(Debug, Clone)]
pub struct FinishedSession {
    pub view: SessionView,
    /// The conversation, in order (the caller's lines feed the sentiment rule).
    pub transcript: Vec<TranscriptLine>,
    /// The voice provider's summary of the call, when it made one.
    pub summary: Option<String>,
    pub handed_off: bool,
}

impl FinishedSession {
    /// A session that ended without a conversation (left the queue, never joined).
    pub fn without_call(view: SessionView) -> Self {
        Self {
            view,
            transcript: Vec::new(),
            summary: None,
            handed_off: false,
        }
    }

    /// The caller's lines, in order.
    pub fn caller_lines(&self) -> impl Iterator<Item = &str> {
        self.transcript
            .iter()
            .filter(|l| l.speaker == voice_types::events::Speaker::User)
            .map(|l| l.text.as_str())
    }
}

/// One line of a finished call's transcript.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptLine {
    pub ordinal: u32,
    pub speaker: voice_types::events::Speaker,
    pub text: String,
    /// `voice` or `text`.
    pub medium: String,
}

/// Staff filter for orders.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub session_id: Option<String>,
    pub limit: u32,
}

pub trait BusinessBackend: Send + Sync {
    /// `embedded` or `erpnext`.
    fn kind(&self) -> &'static str;
    fn menu(&self, category: Option<String>) -> BackendFuture<'_, MenuResult>;
    fn place_order(
        &self,
        req: PlaceOrderRequest,
    ) -> BackendFuture<'_, Effect<PlaceOrderResult, OrderView>>;
    fn order_status(&self, req: GetOrderStatusRequest) -> BackendFuture<'_, OrderStatusResult>;
    /// Moves an order on; refuses moves outside Pending → Preparing → Ready → Completed (or Cancelled).
    fn update_order_status(&self, req: UpdateOrderStatusRequest) -> BackendFuture<'_, OrderView>;
    fn check_availability(
        &self,
        req: CheckAvailabilityRequest,
    ) -> BackendFuture<'_, AvailabilityResult>;
    fn book_appointment(
        &self,
        req: BookAppointmentRequest,
    ) -> BackendFuture<'_, Effect<BookAppointmentResult, AppointmentView>>;
    fn create_ticket(
        &self,
        req: CreateTicketRequest,
    ) -> BackendFuture<'_, Effect<CreateTicketResult, TicketView>>;
    fn list_orders(&self, filter: OrderFilter) -> BackendFuture<'_, Vec<OrderView>>;
    /// Appointments from `from` to `to` inclusive (`YYYY-MM-DD`).
    fn list_appointments(
        &self,
        from: String,
        to: String,
    ) -> BackendFuture<'_, Vec<AppointmentView>>;
    /// Open tickets, most urgent first.
    fn list_tickets(&self) -> BackendFuture<'_, Vec<TicketView>>;
    /// Stores a finished session with its outcome and sentiment.
    fn record_session(&self, finished: FinishedSession) -> BackendFuture<'_, ()>;
    /// The dashboard for a local date (`YYYY-MM-DD`), with calls per hour.
    fn analytics(&self, date: String) -> BackendFuture<'_, (DashboardData, Vec<HourlyCalls>)>;
    /// The outbox towards ERPNext, when this backend forwards there.
    fn outbox_stats(&self) -> BackendFuture<'_, Option<embedded::outbox::OutboxStats>>;
    /// Redis mode: whether this instance's replica of the shared log can
    /// catch up (it tries), and where it stands.
    fn replica_health(&self) -> BackendFuture<'_, Option<ReplicaHealth>>;
    /// Tool calls logged for a session (for its outcome).
    fn session_tools(&self, session_id: String) -> BackendFuture<'_, Vec<ToolCall>>;
    /// A recorded session's transcript and summary (none until recorded).
    fn session_transcript(&self, session_id: String) -> BackendFuture<'_, Option<RecordedCall>>;
}

/// Redis mode: this instance's replica of the shared business log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaHealth {
    /// The last log entry applied here.
    pub position: String,
    /// Why the replica cannot catch up (Redis unreachable, or an entry it
    /// cannot read or apply); absent when it is current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What was kept of a finished call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordedCall {
    #[schema(value_type = Vec<Object>)]
    pub transcript: Vec<TranscriptLine>,
    pub summary: Option<String>,
}

/// The catalog's rules, parsed once and shared.
pub struct Rules {
    pub catalog: Catalog,
    pub menu: Menu,
    pub book: AppointmentBook,
    pub time_zone: TimeZone,
    /// Staff on duty for escalated tickets, in round-robin order.
    pub support_staff: Vec<String>,
    /// The clock: injectable so tests can fix "now".
    pub clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
}

impl Rules {
    pub fn new(catalog: Catalog, support_staff: Vec<String>) -> anyhow::Result<Self> {
        let menu = Menu::from_catalog(&catalog)?;
        let book = AppointmentBook::from_catalog(&catalog)?;
        let time_zone = business_time_zone(&catalog.timezone)?;
        Ok(Self {
            catalog,
            menu,
            book,
            time_zone,
            support_staff,
            clock: Arc::new(Timestamp::now),
        })
    }

    /// Local wall-clock time of the business now.
    pub fn now_local(&self) -> DateTime {
        (self.clock)().to_zoned(self.time_zone.clone()).datetime()
    }
}
