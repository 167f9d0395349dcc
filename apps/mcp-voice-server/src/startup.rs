//! Builds the MCP service and serves it over Streamable HTTP (axum, `/mcp`)
//! or stdio.

use std::net::SocketAddr;

use anyhow::Context;
use rmcp::{
    ServiceExt,
    transport::{
        stdio,
        streamable_http_server::{
            StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
        },
    },
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::{config::Config, manager::SessionManager, tools::VoiceTools};

pub struct Application {
    listener: TcpListener,
    addr: SocketAddr,
    tools: VoiceTools,
    allowed_hosts: Vec<String>,
    shutdown: CancellationToken,
}

pub async fn build(config: Config) -> anyhow::Result<Application> {
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("failed to bind {}", config.bind))?;
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    let manager = SessionManager::new(
        config.session_manager_url.clone(),
        config.service_token.clone(),
    );
    let mut allowed_hosts = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    allowed_hosts.extend(config.allowed_hosts.iter().cloned());
    Ok(Application {
        listener,
        addr,
        tools: VoiceTools::new(manager),
        allowed_hosts,
        shutdown: CancellationToken::new(),
    })
}

impl Application {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let tools = self.tools.clone();
        let mcp = StreamableHttpService::new(
            move || Ok(tools.clone()),
            LocalSessionManager::default().into(),
            StreamableHttpServerConfig::default()
                .with_allowed_hosts(self.allowed_hosts.clone())
                .with_cancellation_token(self.shutdown.child_token()),
        );
        let app = axum::Router::new()
            .route("/health", axum::routing::get(|| async { "ok" }))
            .nest_service("/mcp", mcp);
        let shutdown = self.shutdown.clone();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await
            .context("server failed")
    }
}

/// Serves one client over stdin/stdout until it disconnects.
pub async fn serve_stdio(config: Config) -> anyhow::Result<()> {
    let manager = SessionManager::new(config.session_manager_url, config.service_token);
    let running = VoiceTools::new(manager)
        .serve(stdio())
        .await
        .context("failed to start the stdio transport")?;
    running.waiting().await.context("stdio session failed")?;
    Ok(())
}
