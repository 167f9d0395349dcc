//! The stand-in's documents: orders, appointments, tickets, sessions,
//! transcript lines and interactions, plus the idempotency ledger.
//!
//! One `Store` sits behind a `std::sync::Mutex` in the server: every method
//! runs start to finish under the lock without awaiting, so a check and the
//! write that follows it can never interleave with another request (that is
//! what makes "same key twice creates one document" hold under concurrency).
//! Rules are not decided here; the method modules call `voice-domain`.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use serde_json::Value;
use voice_domain::business::{AppointmentBook, ExistingBooking, Menu, business_time_zone};
use voice_domain::catalog::Catalog;
use voice_types::business::{OrderStatus, OrderType, TicketPriority};

/// The support staff on duty, in roster order (as in the create_ticket fixture).
pub const STAFF_ON_DUTY: [&str; 2] = ["ann@example.org", "bob@example.org"];

/// A `Voice Restaurant Order`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrder {
    pub order_id: String,
    pub idempotency_key: String,
    pub session_id: Option<String>,
    pub customer_name: Option<String>,
    pub phone: Option<String>,
    pub order_type: OrderType,
    pub status: OrderStatus,
    pub total_pence: i64,
    pub placed_at: DateTime,
    pub estimated_ready_at: DateTime,
}

/// A `Voice Appointment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAppointment {
    pub appointment_id: String,
    pub idempotency_key: String,
    pub session_id: Option<String>,
    pub customer_name: Option<String>,
    pub service_name: String,
    pub date: Date,
    pub time: Time,
    pub duration_minutes: u32,
    pub booked_at: DateTime,
}

/// A `Voice Support Ticket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTicket {
    pub ticket_id: String,
    pub ticket_reference: String,
    pub idempotency_key: String,
    pub session_id: Option<String>,
    pub priority: TicketPriority,
    pub category: String,
    pub assigned_to: Option<String>,
    pub issue_description: String,
    pub created_at: DateTime,
}

/// A `Voice Interaction` log entry.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInteraction {
    pub name: String,
    pub idempotency_key: String,
    pub session_id: String,
    pub tool_name: String,
    pub arguments: Value,
}

/// Everything the stand-in has stored; see the module header for locking.
#[derive(Debug)]
pub struct Store {
    pub catalog: &'static Catalog,
    pub menu: Menu,
    pub book: AppointmentBook,
    pub time_zone: TimeZone,
    /// A fixed local "now" for tests; the wall clock in the catalog's zone when `None`.
    pub fixed_now: Option<DateTime>,
    pub orders: Vec<StoredOrder>,
    pub appointments: Vec<StoredAppointment>,
    pub tickets: Vec<StoredTicket>,
    pub interactions: Vec<StoredInteraction>,
    /// `session_id` → the session's fields as last upserted.
    pub sessions: BTreeMap<String, serde_json::Map<String, Value>>,
    /// `(session_id, ordinal)` → the stored line.
    pub transcript: BTreeMap<(String, u64), Value>,
    /// `(method path, idempotency key)` → the first answer, returned unchanged on a repeat.
    pub results_by_key: HashMap<(String, String), Value>,
    /// Idempotency key → documents created under it (exactly-once means at most 1).
    pub created_by_key: HashMap<String, usize>,
    pub last_escalation_assignee: Option<String>,
}

impl Store {
    /// An empty store over the demo catalog.
    pub fn demo() -> Self {
        let catalog = Catalog::demo();
        Self {
            catalog,
            menu: Menu::from_catalog(catalog).expect("the demo catalog has a valid menu"),
            book: AppointmentBook::from_catalog(catalog)
                .expect("the demo catalog has a valid calendar"),
            time_zone: business_time_zone(&catalog.timezone)
                .expect("the demo catalog's time zone is known"),
            fixed_now: None,
            orders: Vec::new(),
            appointments: Vec::new(),
            tickets: Vec::new(),
            interactions: Vec::new(),
            sessions: BTreeMap::new(),
            transcript: BTreeMap::new(),
            results_by_key: HashMap::new(),
            created_by_key: HashMap::new(),
            last_escalation_assignee: None,
        }
    }

    /// The business's local time now.
    pub fn now(&self) -> DateTime {
        self.fixed_now.unwrap_or_else(|| {
            jiff::Timestamp::now()
                .to_zoned(self.time_zone.clone())
                .datetime()
        })
    }

    /// The answer first given for `key` on `method`, if any.
    pub fn repeat(&self, method: &str, key: &str) -> Option<Value> {
        self.results_by_key
            .get(&(method.to_owned(), key.to_owned()))
            .cloned()
    }

    /// Remembers `result` as the answer for `key`; `created` when a document was made.
    pub fn remember(&mut self, method: &str, key: &str, result: &Value, created: bool) {
        self.results_by_key
            .insert((method.to_owned(), key.to_owned()), result.clone());
        if created {
            *self.created_by_key.entry(key.to_owned()).or_default() += 1;
        }
    }

    /// The diary as the booking rules need it.
    pub fn existing_bookings(&self) -> Vec<ExistingBooking> {
        self.appointments
            .iter()
            .map(|a| ExistingBooking {
                service_name: a.service_name.clone(),
                start: a.date.to_datetime(a.time),
                duration_minutes: a.duration_minutes,
            })
            .collect()
    }

    /// The name the next document of a series gets, e.g. `VRO-00001`.
    pub fn next_name(prefix: &str, n_existing: usize, width: usize) -> String {
        format!("{prefix}-{:0width$}", n_existing + 1)
    }
}
