//! The UI server (feature `ssr`): typed config, the axum router that renders
//! the pages and serves the site built by `cargo xtask` (WASM, JS, CSS),
//! and a `/health` that also says whether the session manager answers.
//!
//! It never calls the session manager's API on a user's behalf: the browser
//! does, with the public URL rendered into every page.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::Context;
use axum::{Json, Router, extract::State, routing::get};
use clap::Parser;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use voice_service::{LogFormat, LogTarget};

use crate::{
    app::{App, shell},
    config::UiConfig,
};

/// The voice UI server: customer page, widget and staff dashboard.
#[derive(Debug, Clone, Parser)]
#[command(name = "voice-ui-client", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "UI_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,

    /// The session manager, as this server reaches it (for `/health`).
    #[arg(
        long,
        env = "SESSION_MANAGER_URL",
        default_value = "http://127.0.0.1:3001"
    )]
    pub session_manager_url: url::Url,

    /// The session manager as browsers reach it (rendered into every page).
    /// Unset: the same as SESSION_MANAGER_URL.
    #[arg(long, env = "SESSION_MANAGER_PUBLIC_URL")]
    pub session_manager_public_url: Option<url::Url>,

    /// The site built by `cargo xtask` (pkg/ with the WASM, JS and CSS).
    #[arg(long, env = "UI_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Log format (logs go to stderr).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Runtime threads: 0 uses one worker per core (page rendering is CPU
    /// work), 1 runs everything on one thread.
    #[arg(long, env = "WORKER_THREADS", default_value_t = 0)]
    pub worker_threads: usize,
}

impl Config {
    /// What the browser is told.
    pub fn ui_config(&self) -> UiConfig {
        let public = self
            .session_manager_public_url
            .as_ref()
            .unwrap_or(&self.session_manager_url);
        UiConfig::new(public.as_str())
    }
}

/// `RUST_LOG` filters (default `info`); text or JSON lines on stderr.
pub fn init_tracing(config: &Config) {
    voice_service::init_tracing(config.log_format, LogTarget::Stderr, "info");
}

#[derive(Clone)]
struct AppState {
    leptos: LeptosOptions,
    session_manager: url::Url,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Binds, prints `listening on http://ADDR`, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("failed to bind {} (UI_BIND)", config.bind))?;
    let addr = listener.local_addr().context("no local address")?;
    let app = router(&config, addr);
    let wasm = config.site_root.join("pkg").join("voice_ui_client.js");
    if !wasm.exists() {
        tracing::warn!(
            "{} is missing: pages render but stay static; build the site with `cargo xtask dev` (or `cargo xtask ui`)",
            wasm.display()
        );
    }
    let stop = voice_service::shutdown_signal();
    println!("voice-ui-client listening on http://{addr}");
    tracing::info!(%addr, session_manager = %config.ui_config().session_manager_url, "serving");
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
        .context("server error")
}

/// The whole router: pages, `/health`, and the site's files.
pub fn router(config: &Config, addr: SocketAddr) -> Router {
    let leptos = LeptosOptions::builder()
        .output_name("voice_ui_client")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let ui = config.ui_config();
    let routes = generate_route_list(App);
    let state = AppState {
        leptos: leptos.clone(),
        session_manager: config.session_manager_url.clone(),
    };
    let context = {
        let ui = ui.clone();
        move || provide_context(ui.clone())
    };
    let page = {
        let (leptos, ui) = (leptos.clone(), ui.clone());
        move || shell(leptos.clone(), ui.clone())
    };
    let fallback_shell = move |options: LeptosOptions| shell(options, ui.clone());
    Router::new()
        .route("/health", get(health))
        .leptos_routes_with_context(&state, routes, context.clone(), page)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, fallback_shell))
        .with_state(state)
}

/// `{"status": "ok", "sessionManager": "reachable" | "unreachable"}`.
async fn health(State(state): State<AppState>) -> Json<serde_json::Value> {
    let reachable = session_manager_answers(&state.session_manager).await;
    Json(serde_json::json!({
        "status": "ok",
        "sessionManager": if reachable { "reachable" } else { "unreachable" },
    }))
}

/// A TCP connect to the session manager within a second.
async fn session_manager_answers(url: &url::Url) -> bool {
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else {
        return false;
    };
    let connect = tokio::net::TcpStream::connect((host, port));
    matches!(
        tokio::time::timeout(Duration::from_secs(1), connect).await,
        Ok(Ok(_))
    )
}
