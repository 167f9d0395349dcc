//! `mcp-voice-server`: parses the config, then serves MCP over Streamable
//! HTTP (default) or stdio (`--stdio`; logs go to stderr, stdout carries
//! the protocol).

use clap::Parser;
use mcp_voice_server::{config::Config, startup};

fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let runtime = match config.worker_threads {
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        0 => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        n => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
    }?;
    runtime.block_on(serve(config))
}

async fn serve(config: Config) -> anyhow::Result<()> {
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
