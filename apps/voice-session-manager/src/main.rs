//! `voice-session-manager`: parses the config, sets up logging, serves.

use clap::Parser;
use voice_session_manager::{config::Config, startup, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    telemetry::init_tracing(config.log_format);
    let mode = if config.redis_url.is_some() {
        "redis"
    } else {
        "memory"
    };
    let app = startup::build(config).await?;
    let addr = app.addr();
    let token = app.shutdown_token();
    tokio::spawn(async move {
        startup::shutdown_signal().await;
        tracing::info!("shutting down: closing WebSockets and draining requests");
        token.cancel();
    });
    // The "listening on" line is read by tests and `cargo xtask dev`.
    println!("voice-session-manager listening on http://{addr} (store: {mode})");
    tracing::info!(%addr, store = mode, "listening");
    app.run_until_stopped().await
}
