//! The outbox worker: delivers queued effects to ERPNext until acknowledged.
//!
//! It runs when ERPNext is the system of record. Entries go out oldest
//! first; a failure that a retry may fix (ERPNext down, slow, rate limiting,
//! a timeout after which ERPNext may or may not have committed) waits with
//! exponential backoff and tries again, safely, because every entry carries
//! its idempotency key. A refusal no retry can fix (ERPNext says the
//! arguments are invalid) marks the entry `failed`, logs it and counts it.
//! A status change waits until its order has reached ERPNext.
//!
//! In Redis mode the outbox is the shared log (`shared_log`): one instance
//! at a time holds a lease and delivers the log's outbox items in order
//! ([`run_shared`]); when it dies, the lease expires and another instance
//! resumes from the shared position.

use std::{sync::Arc, time::Duration};

use serde_json::Value;
use tokio_util::sync::CancellationToken;
use voice_erpnext::{ContractMethod, ErpError, ErpNextClient};

use crate::business::{
    BackendError, EmbeddedBackend,
    embedded::outbox::{self, OutboxEntry},
    shared_log::SharedLog,
};

/// How long the delivering instance's lease lasts without renewal.
const LEASE_MS: u64 = 5_000;

const UPDATE_ORDER_STATUS: &str = "business_workflows.api.restaurant.update_order_status";

/// What one attempt came to.
enum Attempt {
    Delivered { remote_id: Option<String> },
    Retry(String),
    GiveUp(String),
}

pub async fn run(store: Arc<EmbeddedBackend>, client: ErpNextClient, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.cancelled() => return,
        }
        if let Err(err) = pass(&store, &client).await {
            tracing::warn!(error = %err, "outbox pass failed");
        }
        report(&store);
    }
}

/// Redis mode: delivers the shared log's outbox items while this instance
/// holds the lease.
pub async fn run_shared(
    store: Arc<EmbeddedBackend>,
    client: ErpNextClient,
    shutdown: CancellationToken,
) {
    let Some(log) = store.shared_log().cloned() else {
        tracing::error!("the shared outbox needs the shared log (Redis mode)");
        return;
    };
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut retry = RetryState::default();
    // The depth is counted by reading the undelivered part of the log, so
    // it is reported every few seconds, not on every tick.
    let mut ticks: u64 = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.cancelled() => return,
        }
        ticks += 1;
        match log.lead(LEASE_MS).await {
            Ok(true) => {
                if let Err(err) = pass_shared(&store, &log, &client, &mut retry).await {
                    tracing::warn!(error = %err, "shared outbox pass failed");
                }
            }
            Ok(false) => {}
            Err(err) => tracing::warn!(error = %err, "shared outbox: cannot reach Redis"),
        }
        if ticks % 20 == 1
            && let Ok(stats) = log.outbox_stats().await
        {
            set_gauges(&stats);
        }
    }
}

/// Backoff of the entry at the head of the shared outbox.
#[derive(Default)]
struct RetryState {
    entry: String,
    attempts: u32,
    not_before: Option<tokio::time::Instant>,
}

/// Delivers log entries in order from the shared position; stops at the
/// first item that must wait (so a document's changes keep their order).
async fn pass_shared(
    store: &EmbeddedBackend,
    log: &SharedLog,
    client: &ErpNextClient,
    retry: &mut RetryState,
) -> Result<usize, BackendError> {
    if retry
        .not_before
        .is_some_and(|t| tokio::time::Instant::now() < t)
    {
        return Ok(0);
    }
    // The replica must know every ERPNext name delivered so far.
    log.catch_up(store).await?;
    let position = log.delivered_position().await?;
    let mut delivered = 0;
    for entry in log.read_after(&position, 50).await? {
        for item in &entry.outbox {
            let as_entry = OutboxEntry {
                id: 0,
                key: item.key.clone(),
                method: item.method.clone(),
                payload: item.payload.clone(),
                attempts: retry.attempts,
            };
            match attempt(store, client, &as_entry).await {
                Attempt::Delivered { remote_id } => {
                    if let (Some(remote), Some(local)) =
                        (remote_id, item.payload["local_id"].as_str())
                    {
                        store.record_remote_id(local, &remote).await?;
                    }
                    delivered += 1;
                }
                Attempt::Retry(why) => {
                    if retry.entry != entry.id {
                        *retry = RetryState {
                            entry: entry.id.clone(),
                            ..RetryState::default()
                        };
                    }
                    let wait = outbox::backoff_ms(retry.attempts);
                    retry.attempts += 1;
                    retry.not_before =
                        Some(tokio::time::Instant::now() + Duration::from_millis(wait));
                    tracing::warn!(key = %item.key, attempts = retry.attempts, wait_ms = wait, error = %why,
                        "outbox delivery failed; will retry");
                    return Ok(delivered);
                }
                Attempt::GiveUp(why) => {
                    tracing::error!(key = %item.key, error = %why, "ERPNext refused an outbox entry; kept as failed");
                    log.give_up(item, &why).await?;
                }
            }
        }
        // Items of a half-delivered entry are sent again after a crash:
        // safe, every one carries its idempotency key.
        if !log.advance(&entry.id).await? {
            return Ok(delivered); // the lease moved to another instance
        }
        *retry = RetryState::default();
    }
    Ok(delivered)
}

/// Delivers every entry that is due now.
pub async fn pass(store: &EmbeddedBackend, client: &ErpNextClient) -> Result<usize, BackendError> {
    let due = store.with_connection(|c| outbox::due(c, 50))?;
    let mut delivered = 0;
    for entry in due {
        let outcome = attempt(store, client, &entry).await;
        store.with_connection(|c| match &outcome {
            Attempt::Delivered { remote_id } => {
                if let (Some(remote), Some(local)) = (remote_id, entry.payload["local_id"].as_str()) {
                    outbox::set_remote_id(c, local, remote)?;
                }
                outbox::delivered(c, entry.id)
            }
            Attempt::Retry(why) => {
                let wait = outbox::backoff_ms(entry.attempts);
                tracing::warn!(key = %entry.key, attempts = entry.attempts + 1, wait_ms = wait, error = %why,
                    "outbox delivery failed; will retry");
                outbox::attempt_failed(c, entry.id, why, Some(wait))
            }
            Attempt::GiveUp(why) => {
                tracing::error!(key = %entry.key, error = %why, "ERPNext refused an outbox entry; kept as failed");
                outbox::attempt_failed(c, entry.id, why, None)
            }
        })?;
        if matches!(outcome, Attempt::Delivered { .. }) {
            delivered += 1;
        } else {
            // Keep the order of a document's changes: stop at the first miss.
            break;
        }
    }
    Ok(delivered)
}

async fn attempt(store: &EmbeddedBackend, client: &ErpNextClient, entry: &OutboxEntry) -> Attempt {
    let Some(method) = ContractMethod::from_path(&entry.method) else {
        return Attempt::GiveUp(format!("unknown contract method {}", entry.method));
    };
    let mut args = entry.payload.clone();
    if let Some(obj) = args.as_object_mut() {
        let local_id = obj.remove("local_id");
        if entry.method == UPDATE_ORDER_STATUS {
            let local = local_id
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            match store.with_connection(|c| outbox::remote_id(c, &local)) {
                Ok(Some(remote)) => {
                    obj.insert("order_id".into(), Value::String(remote));
                }
                Ok(None) => {
                    return Attempt::Retry(format!("order {local} has not reached ERPNext yet"));
                }
                Err(err) => return Attempt::Retry(err.to_string()),
            }
        }
    }
    match client.call::<Value, Value>(method, &args).await {
        Ok(answer) => Attempt::Delivered {
            remote_id: remote_id_of(&answer),
        },
        Err(err) => classify(err),
    }
}

/// The ERPNext name of what was created, from the contract's result shapes.
fn remote_id_of(answer: &Value) -> Option<String> {
    ["order_id", "appointment_id", "ticket_id", "name"]
        .iter()
        .find_map(|k| answer.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
}

/// Every entry carries its idempotency key, so any failure without a
/// definite refusal is safe to retry, timeouts included.
fn classify(err: ErpError) -> Attempt {
    match err {
        ErpError::Validation { .. } | ErpError::NotFound { .. } | ErpError::Decode { .. } => {
            Attempt::GiveUp(err.to_string())
        }
        other => Attempt::Retry(other.to_string()),
    }
}

fn report(store: &EmbeddedBackend) {
    if let Ok(stats) = store.with_connection(outbox::stats) {
        set_gauges(&stats);
    }
}

fn set_gauges(stats: &outbox::OutboxStats) {
    metrics::gauge!("vsm_outbox_pending").set(stats.pending as f64);
    metrics::gauge!("vsm_outbox_failed").set(stats.failed as f64);
    metrics::gauge!("vsm_outbox_oldest_pending_seconds")
        .set(stats.oldest_pending_age_ms as f64 / 1000.0);
}
