//! `voice-session-manager`: parses the config, sets up logging, serves.

use clap::Parser;
use voice_session_manager::{
    config::{Command, Config},
    startup, telemetry, voice,
};

fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    telemetry::init_tracing(config.log_format);
    // One thread avoids cross-thread wake-ups, which dominate the CPU cost
    // of a request at this service's loads (see docs/BENCHMARKS.md).
    let runtime = voice_service::runtime(config.worker_threads)?;
    match config.command.clone() {
        Some(Command::RegisterWebhook { url }) => {
            runtime.block_on(voice::register_webhook(&config, url))
        }
        None => runtime.block_on(serve(config)),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let mode = if config.redis_url.is_some() {
        "redis"
    } else {
        "memory"
    };
    let app = startup::build(config).await?;
    let addr = app.addr();
    let token = app.shutdown_token();
    let stop = voice_service::shutdown_signal();
    tokio::spawn(async move {
        stop.await;
        tracing::info!("shutting down: closing WebSockets and draining requests");
        token.cancel();
    });
    // The "listening on" line is read by tests and `cargo xtask dev`.
    println!("voice-session-manager listening on http://{addr} (store: {mode})");
    tracing::info!(%addr, store = mode, "listening");
    app.run_until_stopped().await
}
