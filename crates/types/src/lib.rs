//! Wire types shared by every service and the WASM UI.
//!
//! Everything here is plain data with serde derives: ids, business types,
//! session states, the live-event enum and the HTTP API bodies. Field names on
//! the wire (camelCase for the session API, snake_case for the business tools)
//! are decided here and nowhere else. No IO, no async runtime: this crate
//! builds for `wasm32-unknown-unknown`.
//!
//! Timestamps are integers: milliseconds since the Unix epoch (`*_at_ms` in
//! Rust, `*AtMs` on the wire), so the browser and every service agree without
//! a date library.

pub mod api;
pub mod business;
pub mod events;
pub mod extraction;
pub mod forms;
pub mod session;
pub mod voice;

pub use api::{ErrorBody, ErrorDetail};
pub use events::{EventFrame, LiveEvent};
pub use session::{
    BusinessType, Channel, CreateSessionRequest, CreateSessionResponse, QueueInfo, SessionId,
    SessionList, SessionStatus, SessionView,
};
