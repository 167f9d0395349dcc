//! Forgets old idempotency keys and handled webhook ids
//! (`IDEMPOTENCY_RETENTION`, default 30 days), so the embedded store (and in
//! Redis mode the shared log's snapshot) does not grow with them forever.
//!
//! A key is remembered for the whole retention: a request repeated with it
//! within that time gets the first answer. Orders, bookings, tickets and
//! recorded calls are business records and are never pruned.

use std::{sync::Arc, time::Duration};

use tokio_util::sync::CancellationToken;

use crate::{
    business::{BackendError, EmbeddedBackend},
    clock::now_ms,
};

/// Rows of each table removed per write (one shared-log entry in Redis mode).
const BATCH: u32 = 500;
const EVERY: Duration = Duration::from_secs(3600);

/// Prunes everything older than `retention` now; the rows removed.
pub async fn prune_once(
    store: &EmbeddedBackend,
    retention: Duration,
) -> Result<usize, BackendError> {
    let before = (now_ms() as i64).saturating_sub(retention.as_millis() as i64);
    let mut total = 0;
    loop {
        let removed = store.prune(before, BATCH).await?;
        total += removed;
        if removed < BATCH as usize {
            return Ok(total);
        }
        tokio::task::yield_now().await;
    }
}

/// Prunes a minute after start, then hourly, until shutdown.
pub async fn run(store: Arc<EmbeddedBackend>, retention: Duration, shutdown: CancellationToken) {
    let mut wait = Duration::from_secs(60);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.cancelled() => return,
        }
        wait = EVERY;
        match prune_once(&store, retention).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                rows = n,
                "forgot idempotency keys and webhook ids past IDEMPOTENCY_RETENTION"
            ),
            Err(err) => {
                tracing::warn!(error = %err, "could not prune old idempotency keys; the next hour retries")
            }
        }
    }
}
