//! Integration tests of `UltravoxClient` against a small fake Ultravox (axum
//! on 127.0.0.1, port 0) written per test: wire shapes, leniency,
//! pagination, retries and errors, observed from the server's side.

mod calls;
mod helpers;
mod messages;
mod retries;
mod webhooks;
