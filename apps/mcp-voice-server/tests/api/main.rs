//! Integration tests: the real MCP server on port 0, driven by the rmcp
//! client over Streamable HTTP; the business tools also run the real session
//! manager binary. One test binary (zero-to-production layout).

#![allow(clippy::unwrap_used)]

mod binary;
mod business;
mod handshake;
mod helpers;
mod prompts;
mod resources;
mod tools;
