//! The outbox worker: delivers queued effects to ERPNext until acknowledged.
//!
//! It runs when ERPNext is the system of record. Entries go out oldest
//! first; a failure that a retry may fix (ERPNext down, slow, rate limiting,
//! a timeout after which ERPNext may or may not have committed) waits with
//! exponential backoff and tries again, safely, because every entry carries
//! its idempotency key. A refusal no retry can fix (ERPNext says the
//! arguments are invalid) marks the entry `failed`, logs it and counts it.
//! A status change waits until its order has reached ERPNext.

use std::{sync::Arc, time::Duration};

use serde_json::Value;
use tokio_util::sync::CancellationToken;
use voice_erpnext::{ContractMethod, ErpError, ErpNextClient};

use crate::business::{
    BackendError, EmbeddedBackend,
    embedded::outbox::{self, OutboxEntry},
};

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
        metrics::gauge!("vsm_outbox_pending").set(stats.pending as f64);
        metrics::gauge!("vsm_outbox_failed").set(stats.failed as f64);
        metrics::gauge!("vsm_outbox_oldest_pending_seconds")
            .set(stats.oldest_pending_age_ms as f64 / 1000.0);
    }
}
