//! A test-only stand-in for ERPNext with our two Frappe apps: an axum server
//! on `127.0.0.1:0` that speaks the contract of `shared/ref/erpnext-api.md`
//! with Frappe v15's envelopes, for the session manager's tests.
//!
//! `StandIn::start()` is stateful: every `business_workflows` and
//! `voice_agent` method works on in-memory documents with the rules of
//! `voice-domain` and the demo catalog, honouring idempotency keys.
//! `StandIn::replaying(dir)` answers from the contract fixtures instead.
//! Tests steer it with `set_down`, `fail_next`, `rate_limit_next` and
//! `set_now`, and inspect it with `created_count`, `orders`,
//! `appointments`, `tickets` and `requests_seen`. Production code must never
//! depend on this crate.

mod envelope;
mod replay;
mod restaurant;
mod server;
mod services;
mod store;
mod voice;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use jiff::civil::DateTime;

pub use replay::{Caller, ReplayCase, load_cases};
pub use server::SeenRequest;
pub use store::{StoredAppointment, StoredInteraction, StoredOrder, StoredTicket};

use crate::server::{Mode, Shared};
use crate::store::Store;

/// The integration user's api key and secret, which the stand-in accepts.
pub const API_KEY: &str = "standin-key";
pub const API_SECRET: &str = "standin-secret";
/// A user that authenticates but lacks the integration role (fixture user `no_role`).
pub const NO_ROLE_API_KEY: &str = "standin-norole-key";
pub const NO_ROLE_API_SECRET: &str = "standin-norole-secret";

/// A running stand-in; the server stops when this is dropped.
pub struct StandIn {
    url: url::Url,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl StandIn {
    /// Starts the stateful stand-in on a free port. Call inside a tokio runtime.
    pub async fn start() -> StandIn {
        Self::launch(Mode::Stateful).await
    }

    /// Starts a stand-in answering from the fixture files in `fixtures_dir`.
    ///
    /// Panics with the file name when a fixture cannot be read: a broken
    /// fixture must fail the test that uses it.
    pub async fn replaying(fixtures_dir: impl AsRef<Path>) -> StandIn {
        let cases = load_cases(fixtures_dir.as_ref())
            .unwrap_or_else(|e| panic!("cannot load contract fixtures: {e}"));
        Self::launch(Mode::Replay(cases)).await
    }

    async fn launch(mode: Mode) -> StandIn {
        let tokens = HashMap::from([
            (format!("{API_KEY}:{API_SECRET}"), Caller::Integration),
            (
                format!("{NO_ROLE_API_KEY}:{NO_ROLE_API_SECRET}"),
                Caller::NoRole,
            ),
        ]);
        let shared = Arc::new(Shared {
            mode,
            tokens,
            store: Mutex::new(Store::demo()),
            seen: Mutex::new(Vec::new()),
            down: AtomicBool::new(false),
            fail_next: AtomicU32::new(0),
            rate_limit_next: AtomicU32::new(0),
            retry_after_seconds: AtomicU64::new(0),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the stand-in to 127.0.0.1:0");
        let address = listener.local_addr().expect("the stand-in's local address");
        let url = url::Url::parse(&format!("http://{address}/")).expect("a valid stand-in url");
        let app = server::router(shared.clone());
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "erpnext stand-in stopped");
            }
        });
        tracing::debug!(%url, "erpnext stand-in listening");
        StandIn { url, shared, task }
    }

    /// The site root, e.g. `http://127.0.0.1:41234/`.
    pub fn url(&self) -> &url::Url {
        &self.url
    }

    /// While down, every request gets a 503 with a Frappe-like body.
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
    }

    /// The next `n` requests get a 500 (an uncaught server exception).
    pub fn fail_next(&self, n: u32) {
        self.shared.fail_next.store(n, Ordering::SeqCst);
    }

    /// The next `n` requests get a 429 with `Retry-After: retry_after_seconds`.
    pub fn rate_limit_next(&self, n: u32, retry_after_seconds: u64) {
        self.shared
            .retry_after_seconds
            .store(retry_after_seconds, Ordering::SeqCst);
        self.shared.rate_limit_next.store(n, Ordering::SeqCst);
    }

    /// Fixes the business's local "now" (the wall clock in Europe/London otherwise).
    pub fn set_now(&self, now: DateTime) {
        self.store().fixed_now = Some(now);
    }

    /// How many documents were created under `idempotency_key` (exactly-once: 0 or 1).
    pub fn created_count(&self, idempotency_key: &str) -> usize {
        self.store()
            .created_by_key
            .get(idempotency_key)
            .copied()
            .unwrap_or(0)
    }

    pub fn orders(&self) -> Vec<StoredOrder> {
        self.store().orders.clone()
    }

    pub fn appointments(&self) -> Vec<StoredAppointment> {
        self.store().appointments.clone()
    }

    pub fn tickets(&self) -> Vec<StoredTicket> {
        self.store().tickets.clone()
    }

    pub fn interactions(&self) -> Vec<StoredInteraction> {
        self.store().interactions.clone()
    }

    /// A session's fields as last upserted.
    pub fn session(&self, session_id: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
        self.store().sessions.get(session_id).cloned()
    }

    /// Every request received so far, failed ones included, oldest first.
    pub fn requests_seen(&self) -> Vec<SeenRequest> {
        self.shared
            .seen
            .lock()
            .map(|seen| seen.clone())
            .unwrap_or_default()
    }

    /// The store; a poisoned lock (a panicking test thread) still yields the data.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("url", &self.url.as_str())
            .finish()
    }
}
