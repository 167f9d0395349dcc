//! The local voice provider: what the product uses when there is no
//! Ultravox API key, and what the tests use as the Ultravox stand-in.
//!
//! It speaks Ultravox's REST API (so the session manager's ordinary client
//! works against it through a base URL), sends signed lifecycle webhooks,
//! invokes HTTP tools exactly as Ultravox does (flat JSON body, the call id
//! as an automatic parameter), offers a browser join protocol over a
//! WebSocket for text turns, and runs a real text agent on the catalog's
//! NLU. Everything a user sees says it is local. In strict mode it refuses
//! create-call requests the real API would refuse; test controls let tests
//! join, speak, end calls and disturb webhook delivery.

mod agent;
mod api;
mod calls;
mod controls;
mod duration;
mod inactivity;
mod join;
mod setup;
mod state;
mod tools;
mod turns;
mod validate;
mod webhooks;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use dashmap::DashMap;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use voice_domain::catalog::Catalog;
use voice_domain::extract::Extractor;

pub use crate::state::{Delivery, RecordedRequest, ToolRequestLog};
pub use crate::webhooks::EVENTS as WEBHOOK_EVENTS;

use crate::state::{Shared, lock};

/// How the provider behaves.
#[derive(Clone)]
pub struct LocalConfig {
    /// Required on every `/api/*` and `/_local/*` request as `X-API-Key`
    /// (or `X-Unsafe-API-Key`).
    pub api_key: String,
    /// Where this provider is reachable, ending in '/'; the base of
    /// `joinUrl` and of pagination links.
    pub base_url: url::Url,
    /// Validate create-call requests as the real API would.
    pub strict: bool,
    /// First webhook retry delay; each next one doubles (at most 10).
    pub webhook_retry_base: Duration,
    /// List page size when the client sends no `pageSize`.
    pub default_page_size: u32,
    /// Pause that makes "thinking" and "speaking" visible in a browser.
    pub agent_turn_delay: Duration,
}

impl LocalConfig {
    /// Real-world defaults: strict, 30 s webhook retry base, pages of 5,
    /// a short pause per agent step.
    pub fn new(api_key: impl Into<String>, base_url: url::Url) -> Self {
        LocalConfig {
            api_key: api_key.into(),
            base_url,
            strict: true,
            webhook_retry_base: Duration::from_secs(30),
            default_page_size: 5,
            agent_turn_delay: Duration::from_millis(300),
        }
    }
}

impl fmt::Debug for LocalConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalConfig")
            .field("api_key", &"<redacted>")
            .field("base_url", &self.base_url.as_str())
            .field("strict", &self.strict)
            .field("webhook_retry_base", &self.webhook_retry_base)
            .field("default_page_size", &self.default_page_size)
            .field("agent_turn_delay", &self.agent_turn_delay)
            .finish()
    }
}

/// Why a test control could not act.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("no call {0}")]
    UnknownCall(String),
    #[error("call {0} has ended")]
    Ended(String),
    #[error(
        "unknown end reason \"{0}\": use hangup, timeout, connection_error, system_error, agent_hangup or unjoined"
    )]
    BadReason(String),
}

/// The provider; cheap to clone (one shared state).
#[derive(Clone)]
pub struct LocalProvider {
    shared: Arc<Shared>,
}

impl fmt::Debug for LocalProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalProvider")
            .field("config", &self.shared.config)
            .field("calls", &self.shared.calls.len())
            .finish()
    }
}

impl LocalProvider {
    pub fn new(mut config: LocalConfig) -> Self {
        // Relative joins drop a last segment without a trailing slash.
        if !config.base_url.path().ends_with('/') {
            let path = format!("{}/", config.base_url.path());
            config.base_url.set_path(&path);
        }
        let catalog: &'static Catalog = Catalog::demo();
        let http = reqwest::Client::builder()
            .build()
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "cannot build the configured http client; using the default");
                reqwest::Client::new()
            });
        LocalProvider {
            shared: Arc::new(Shared {
                config,
                calls: DashMap::new(),
                webhooks: Mutex::new(Vec::new()),
                requests: Mutex::new(Vec::new()),
                deliveries: Mutex::new(Vec::new()),
                tool_requests: Mutex::new(Vec::new()),
                duplicate_next: AtomicU32::new(0),
                fail_next: AtomicU32::new(0),
                http,
                catalog,
                extractor: Arc::new(Extractor::new(catalog)),
                outbox: Mutex::new(None),
            }),
        }
    }

    pub fn config(&self) -> &LocalConfig {
        &self.shared.config
    }

    /// The routes, relative: `api/...`, `_local/...`, `calls/{id}/join`.
    pub fn router(&self) -> axum::Router {
        api::router(self.clone())
    }

    /// Serves a strict-or-lenient provider on `127.0.0.1:0` with test
    /// timings (20 ms webhook retry base, no agent pause).
    pub async fn start(api_key: &str, strict: bool) -> anyhow::Result<RunningLocal> {
        Self::start_with(api_key, strict, |_| {}).await
    }

    /// As [`start`](Self::start), with a chance to change the config.
    pub async fn start_with(
        api_key: &str,
        strict: bool,
        configure: impl FnOnce(&mut LocalConfig),
    ) -> anyhow::Result<RunningLocal> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("failed to bind the local voice provider")?;
        let addr = listener
            .local_addr()
            .context("failed to read the bound address")?;
        let base_url =
            url::Url::parse(&format!("http://{addr}/")).context("failed to build the base url")?;
        let mut config = LocalConfig::new(api_key, base_url.clone());
        config.strict = strict;
        config.webhook_retry_base = Duration::from_millis(20);
        config.agent_turn_delay = Duration::ZERO;
        configure(&mut config);
        let provider = LocalProvider::new(config);
        let shutdown = CancellationToken::new();
        let app = provider.router();
        let stop = shutdown.clone();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the local voice provider stopped");
            }
        });
        tracing::info!(%addr, strict, "local voice provider listening");
        Ok(RunningLocal {
            addr,
            base_url,
            provider,
            shutdown,
        })
    }

    /// Every `POST /api/calls` as received, with its validation errors.
    pub fn create_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The Call JSON as `GET /api/calls/{id}` returns it.
    pub fn call(&self, call_id: &str) -> Option<Value> {
        self.shared.call(call_id).map(|e| e.lock().snapshot())
    }

    /// The call's messages as `GET /api/calls/{id}/messages` lists them.
    pub fn messages(&self, call_id: &str) -> Option<Vec<Value>> {
        self.shared.call(call_id).map(|e| e.lock().messages.clone())
    }

    /// As if a browser joined (without a socket): sets `joined`, sends
    /// `call.joined`, and lets the agent greet. Joining again does nothing.
    pub async fn join(&self, call_id: &str) -> anyhow::Result<()> {
        Ok(self.join_call(call_id).await?)
    }

    /// The caller says `text`; returns the agent's lines for that turn,
    /// after any tool calls finished. Joins the call first if needed.
    pub async fn say(&self, call_id: &str, text: &str) -> anyhow::Result<Vec<String>> {
        Ok(self.say_in_call(call_id, text).await?)
    }

    /// Ends the call with `reason` (hangup, timeout, connection_error,
    /// system_error, agent_hangup). Ending an ended call does nothing.
    pub async fn end(&self, call_id: &str, reason: &str) -> anyhow::Result<()> {
        Ok(self.end_call(call_id, reason)?)
    }

    /// Each of the next `n` webhook deliveries is sent twice.
    pub fn duplicate_next_deliveries(&self, n: u32) {
        self.shared.duplicate_next.fetch_add(n, Ordering::SeqCst);
    }

    /// The next `n` delivery attempts fail as if the receiver were
    /// unreachable (then retry on schedule).
    pub fn fail_deliveries(&self, n: u32) {
        self.shared.fail_next.fetch_add(n, Ordering::SeqCst);
    }

    /// Every webhook delivery attempt so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.shared.deliveries).clone()
    }

    /// Every HTTP tool request sent so far, with its answer.
    pub fn tool_requests(&self) -> Vec<ToolRequestLog> {
        lock(&self.shared.tool_requests).clone()
    }

    async fn join_call(&self, call_id: &str) -> Result<(), LocalError> {
        let entry = self
            .shared
            .call(call_id)
            .ok_or_else(|| LocalError::UnknownCall(call_id.to_owned()))?;
        if entry.lock().is_ended {
            return Err(LocalError::Ended(call_id.to_owned()));
        }
        if calls::mark_joined(&self.shared, &entry, None) {
            turns::greet(&self.shared, &entry).await;
        }
        Ok(())
    }

    async fn say_in_call(&self, call_id: &str, text: &str) -> Result<Vec<String>, LocalError> {
        self.join_call(call_id).await?;
        let entry = self
            .shared
            .call(call_id)
            .ok_or_else(|| LocalError::UnknownCall(call_id.to_owned()))?;
        turns::caller_says(&self.shared, &entry, text, "voice")
            .await
            .map_err(|turns::TurnError::Ended(id)| LocalError::Ended(id))
    }

    fn end_call(&self, call_id: &str, reason: &str) -> Result<(), LocalError> {
        if !calls::END_REASONS.contains(&reason) {
            return Err(LocalError::BadReason(reason.to_owned()));
        }
        let entry = self
            .shared
            .call(call_id)
            .ok_or_else(|| LocalError::UnknownCall(call_id.to_owned()))?;
        calls::end(&self.shared, &entry, reason);
        Ok(())
    }

    /// Validates a create-call body as strict mode does, without creating
    /// anything (for callers that want to check a request up front).
    pub fn validate_create(body: &Value) -> BTreeMap<String, Vec<String>> {
        validate::start_call(body, &BTreeMap::new())
    }
}

/// A provider served on a local port; stops serving when dropped.
#[derive(Debug)]
pub struct RunningLocal {
    pub addr: SocketAddr,
    /// `http://ADDR/`.
    pub base_url: url::Url,
    pub provider: LocalProvider,
    shutdown: CancellationToken,
}

impl RunningLocal {
    /// The Ultravox API base: `http://ADDR/api/`.
    pub fn api_url(&self) -> url::Url {
        self.base_url
            .join("api/")
            .unwrap_or_else(|_| self.base_url.clone())
    }

    /// Stops serving.
    pub fn stop(&self) {
        self.shutdown.cancel();
    }
}

impl Drop for RunningLocal {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
