//! Product rules, pure and synchronous: no IO, no clocks (time is passed in),
//! no async runtime.
//!
//! The session manager is the only process that executes these rules against
//! state; the MCP server and the UI use them read-only (extraction, display).

pub mod business;
pub mod catalog;
pub mod extract;
pub mod forms;
pub mod lifecycle;
pub mod prompts;
pub mod queue;
