//! `mcp-voice-server`: parses the config, then serves MCP over Streamable
//! HTTP (default) or stdio (`--stdio`; logs go to stderr, stdout carries
//! the protocol).

use clap::Parser;
use mcp_voice_server::{config::Config, startup};

/// mimalloc: glibc's malloc was a sixth of the server's CPU under load
/// (docs/BENCHMARKS.md, session 10).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let runtime = voice_service::runtime(config.worker_threads)?;
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> anyhow::Result<()> {
    // stderr always: in stdio mode stdout carries the protocol.
    voice_service::init_tracing(config.log_format, voice_service::LogTarget::Stderr, "info");
    if config.stdio {
        return startup::serve_stdio(config).await;
    }
    let app = startup::build(config).await?;
    let stop = voice_service::shutdown_signal();
    println!("mcp-voice-server listening on http://{}/mcp", app.addr());
    let token = app.shutdown_token();
    tokio::spawn(async move {
        stop.await;
        tracing::info!("shutting down");
        token.cancel();
    });
    app.run_until_stopped().await
}
