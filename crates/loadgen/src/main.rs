//! `voice-loadgen`: the load generator behind `cargo xtask bench`.
//!
//! It drives the real services from outside, over HTTP and WebSockets, and
//! reads the server's CPU time and memory from `/proc/<pid>` (the load
//! generator shares the machine's cores, so wall-clock throughput alone would
//! say little). Results are printed as a Markdown table row set.

mod mcp;
mod proc_stats;
mod sessions;
mod stats;
mod tools;
mod webhooks;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "voice-loadgen",
    about = "Load generator for the voice agent platform"
)]
struct Cli {
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Debug, Subcommand)]
enum Scenario {
    /// Sessions with one WebSocket subscriber each; create and event-delivery latency.
    Sessions(sessions::SessionsArgs),
    /// placeOrder and bookAppointment at a fixed rate with replayed keys.
    Tools(tools::ToolsArgs),
    /// extractParameters over Streamable HTTP, one and many clients.
    Mcp(mcp::McpArgs),
    /// Signed Ultravox webhooks: ingest rate, CPU per webhook, latency to the staff event.
    Webhooks(webhooks::WebhooksArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().scenario {
        Scenario::Sessions(args) => sessions::run(args).await,
        Scenario::Tools(args) => tools::run(args).await,
        Scenario::Mcp(args) => mcp::run(args).await,
        Scenario::Webhooks(args) => webhooks::run(args).await,
    }
}
