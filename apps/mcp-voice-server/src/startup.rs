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
    guard: Guard,
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
    let guard = Guard {
        token: config.mcp_token.clone().filter(|t| !t.is_empty()),
        origins: config.allowed_origins.clone(),
    };
    Ok(Application {
        guard,
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
            // Stateless, as the current protocol version (2026-07-28) is:
            // every piece of conversation state lives in the session
            // manager, so no MCP session is kept here, and a simple
            // request-response tool call is answered as one JSON body
            // rather than an SSE stream (less work per call, nothing held).
            StreamableHttpServerConfig::default()
                .with_legacy_session_mode(false)
                .with_json_response(true)
                .with_allowed_hosts(self.allowed_hosts.clone())
                .with_cancellation_token(self.shutdown.child_token()),
        );
        let guard = std::sync::Arc::new(self.guard.clone());
        let app = axum::Router::new()
            .nest_service("/mcp", mcp)
            .layer(axum::middleware::from_fn(move |req, next| {
                check(guard.clone(), req, next)
            }))
            .route("/health", axum::routing::get(|| async { "ok" }));
        let shutdown = self.shutdown.clone();
        // Small SSE frames must not wait for Nagle's algorithm (40 ms with delayed ACKs).
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, app)
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

/// Who may call `/mcp`: the bearer token (when set) and the Origin check the
/// MCP specification asks of HTTP servers (DNS-rebinding protection).
#[derive(Clone)]
struct Guard {
    token: Option<String>,
    origins: Vec<String>,
}

fn loopback_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    let host = rest.split(['/', ':']).next().unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1") || rest.starts_with("[::1]")
}

async fn check(
    guard: std::sync::Arc<Guard>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::{http::StatusCode, response::IntoResponse};
    if let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok())
        && !loopback_origin(origin)
        && !guard.origins.iter().any(|o| o == origin)
    {
        return (
            StatusCode::FORBIDDEN,
            format!("origin {origin} is not allowed (MCP_ALLOWED_ORIGINS)"),
        )
            .into_response();
    }
    if let Some(token) = &guard.token {
        let given = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !given.is_some_and(|g| same_secret(g, token)) {
            return (
                StatusCode::UNAUTHORIZED,
                [("www-authenticate", "Bearer")],
                "a valid MCP_TOKEN bearer token is required",
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// Compares two secrets without an early exit on the first differing byte.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
