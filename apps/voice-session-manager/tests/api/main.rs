//! Integration tests of the session manager: the real router on port 0, in
//! memory mode and against a real `redis-server` started on a free port.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod business;
mod cluster;
mod contracts;
mod erpnext;
mod events;
mod helpers;
mod lifecycle;
mod ops;
mod queue;
mod shared_business;
mod store;
mod two_instances;
mod ultravox_contract;
mod ultravox_webhooks;
mod voice;
mod webhooks;
