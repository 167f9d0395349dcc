//! `mcp-voice-server`: parses the config, then serves MCP over Streamable
//! HTTP (default) or stdio (`--stdio`; logs go to stderr, stdout carries
//! the protocol).

use clap::Parser;
use mcp_voice_server::{config::Config, startup};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    if config.stdio {
        return startup::serve_stdio(config).await;
    }
    let app = startup::build(config).await?;
    println!("mcp-voice-server listening on http://{}/mcp", app.addr());
    let token = app.shutdown_token();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        token.cancel();
    });
    app.run_until_stopped().await
}
