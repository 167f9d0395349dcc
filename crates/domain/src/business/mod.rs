//! Business rules: orders, appointments, tickets, customers, finished calls.
//!
//! Everything here is pure: no IO and no clock reads. The current time comes
//! in as a local `jiff::civil::DateTime` in the catalog's time zone (or as a
//! `jiff::Timestamp` where an absolute instant is needed), and ids that need
//! storage (order ids, appointment ids, sequences) are passed in by the caller.
//! Money is integer pence inside and a decimal string on the wire.
//!
//! The wire shapes live in `voice_types::business`; each rule module converts
//! to and from them at its edge.

pub mod analytics;
pub mod availability;
pub mod booking;
pub mod clock;
pub mod customer;
pub mod menu;
pub mod order;
pub mod order_status;
pub mod outcome;
pub mod sentiment;
pub mod ticket;

pub use analytics::{
    BookingRecord, CallRecord, CallState, DayActivity, OrderRecord, TicketRecord, day_bounds,
    day_dashboard, hourly_calls,
};
pub use availability::{AppointmentBook, CalendarError, ExistingBooking, ServiceSpec};
pub use booking::{BookingDecision, BookingError, ConfirmedBooking};
pub use clock::{Money, UnknownTimeZone, business_time_zone};
pub use customer::{CustomerRecord, CustomerUpdate, PhoneE164, PhoneError};
pub use menu::Menu;
pub use order::{OrderRefusal, PricedLine, PricedOrder, decide_order, price_order};
pub use order_status::{
    OrderTransitionError, check_order_transition, order_status_view, update_order_status,
};
pub use outcome::{CallEnding, CallOutcome, ToolCall, ToolKind, decide_outcome};
pub use sentiment::{Sentiment, line_score, overall_sentiment};
pub use ticket::{
    TicketError, TriagedTicket, assignee_by_counter, next_assignee, ticket_reference, triage_ticket,
};
