//! Integration tests of the local voice provider: one binary, one module
//! per feature. Everything runs on 127.0.0.1 with port 0; no network.

#![allow(clippy::unwrap_used)]

mod api;
mod conversations;
mod helpers;
mod join;
mod lifecycle;
mod validation;
mod webhooks;
