//! The voice session manager: owns every session and every effect.
//!
//! `main.rs` parses [`config::Config`] and calls [`startup::build`]; tests do
//! the same with port 0. Only this service writes session state or talks to
//! Redis; other services use its HTTP API and WebSockets.

pub mod auth;
pub mod business;
pub mod capacity;
pub mod clock;
pub mod config;
pub mod error;
pub mod events;
pub mod json;
pub mod maintenance;
pub mod openapi;
pub mod routes;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod voice;
