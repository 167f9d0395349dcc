//! The MCP voice server: extraction runs in-process (pure rules from
//! `voice-domain`); every effect (orders, bookings, tickets) goes through the
//! session manager's HTTP API, never to a store directly.

pub mod config;
pub mod manager;
pub mod prompts;
pub mod resources;
pub mod startup;
pub mod tools;
pub mod voice;
