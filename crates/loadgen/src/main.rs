//! `voice-loadgen`: the load generator behind `cargo xtask bench`.
//!
//! It drives the real services from outside, over HTTP and WebSockets, and
//! reads the server's CPU time and memory from `/proc/<pid>` (the load
//! generator shares the machine's cores, so wall-clock throughput alone would
//! say little). Results are printed as a Markdown table row set.

mod floor;
mod lean;
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
    /// Small POSTs to one URL: what a request costs the server before our code runs.
    Floor(floor::FloorArgs),
    /// An axum server with one trivial handler, the floor's reference.
    BareServer(floor::BareServerArgs),
}

fn main() -> anyhow::Result<()> {
    let scenario = Cli::parse().scenario;
    // One runtime thread for the bare server, like the services' default
    // WORKER_THREADS=1; and for `mcp`, whose server runs on one thread, so
    // the two cores are one each (a second generator thread would take
    // turns with the server's and add its waits to every latency).
    let runtime = if matches!(scenario, Scenario::BareServer(_) | Scenario::Mcp(_)) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Runtime::new()?
    };
    match scenario {
        Scenario::BareServer(args) => runtime.block_on(floor::bare_server(args)),
        scenario => runtime.block_on(run(scenario)),
    }
}

async fn run(scenario: Scenario) -> anyhow::Result<()> {
    match scenario {
        Scenario::Sessions(args) => sessions::run(args).await,
        Scenario::Tools(args) => tools::run(args).await,
        Scenario::Mcp(args) => mcp::run(args).await,
        Scenario::Webhooks(args) => webhooks::run(args).await,
        Scenario::Floor(args) => floor::run(args).await,
        Scenario::BareServer(_) => anyhow::bail!("bare-server runs on its own runtime"),
    }
}
