//! Webhook delivery as Ultravox does it (reference §4.3–§4.5): POST
//! `{"event", "call"}` to every registered webhook whose `events` include
//! the event (and to the call's own `callbacks`), signed with every secret,
//! retried on non-2xx or no answer after `base`, `2·base`, `4·base`, ... at
//! most ten times.
//!
//! Deliveries leave from a background worker, so API calls never wait for
//! a receiver; first attempts go out in event order. Retries wait in their
//! own tasks. This module never decides when an event happens.

use std::sync::{Arc, Weak};
use std::time::Duration;

use jiff::Timestamp;
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use voice_ultravox::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign_all, timestamp_now};

use crate::state::{Delivery, Shared, lock};

/// The lifecycle events (reference §4.2).
pub const EVENTS: [&str; 4] = ["call.started", "call.joined", "call.ended", "call.billed"];
/// Retries after the first attempt.
pub const MAX_RETRIES: u32 = 10;
/// Consecutive failures that mark a webhook `unhealthy`.
const UNHEALTHY_AFTER: u32 = 5;
/// How long one attempt may take (undocumented upstream).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// A registered webhook.
#[derive(Debug, Clone)]
pub struct WebhookRecord {
    pub id: String,
    pub agent_id: Option<String>,
    pub created: String,
    pub url: String,
    pub secrets: Vec<String>,
    pub events: Vec<String>,
    pub status: &'static str,
    pub last_status_change: Option<String>,
    pub recent_failures: Vec<Value>,
    consecutive_failures: u32,
}

impl WebhookRecord {
    pub fn new(
        url: String,
        events: Vec<String>,
        secrets: Vec<String>,
        agent_id: Option<String>,
    ) -> Self {
        WebhookRecord {
            id: uuid::Uuid::new_v4().to_string(),
            agent_id,
            created: Timestamp::now().to_string(),
            url,
            secrets,
            events,
            status: "normal",
            last_status_change: None,
            recent_failures: Vec::new(),
            consecutive_failures: 0,
        }
    }

    /// The Webhook object of the API.
    pub fn to_json(&self) -> Value {
        json!({
            "webhookId": self.id,
            "agentId": self.agent_id,
            "created": self.created,
            "url": self.url,
            "secrets": self.secrets,
            "events": self.events,
            "status": self.status,
            "lastStatusChange": self.last_status_change,
            "recentFailures": self.recent_failures,
        })
    }

    fn record_result(&mut self, failure: Option<String>) {
        let now = Timestamp::now().to_string();
        match failure {
            None => {
                self.consecutive_failures = 0;
                if self.status != "normal" {
                    self.status = "normal";
                    self.last_status_change = Some(now);
                }
            }
            Some(failure) => {
                self.consecutive_failures += 1;
                self.recent_failures
                    .push(json!({"timestamp": now, "failure": failure}));
                if self.recent_failures.len() > 10 {
                    self.recent_failures.remove(0);
                }
                if self.consecutive_failures >= UNHEALTHY_AFTER && self.status != "unhealthy" {
                    self.status = "unhealthy";
                    self.last_status_change = Some(now);
                }
            }
        }
    }
}

/// A strong secret for a webhook registered without one.
pub fn generate_secret() -> String {
    let random: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    format!("whsec_{random}")
}

/// One event for one receiver.
#[derive(Debug, Clone)]
pub struct DeliveryJob {
    event: String,
    call_id: String,
    webhook_id: Option<String>,
    url: String,
    secrets: Vec<String>,
    body: Arc<Vec<u8>>,
}

/// Queues `event` for every matching receiver. `call` is the Call object
/// at the moment of the event; `callbacks` is the call's own `callbacks`.
pub fn emit(shared: &Arc<Shared>, event: &str, call: Value, callbacks: Option<&Value>) {
    let call_id = call
        .get("callId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let body = json!({"event": event, "call": call});
    let body = match serde_json::to_vec(&body) {
        Ok(b) => Arc::new(b),
        Err(e) => {
            tracing::error!(error = %e, event, "cannot serialize a webhook body");
            return;
        }
    };
    let mut jobs: Vec<DeliveryJob> = lock(&shared.webhooks)
        .iter()
        .filter(|w| w.agent_id.is_none() && w.events.iter().any(|e| e == event))
        .map(|w| DeliveryJob {
            event: event.to_owned(),
            call_id: call_id.clone(),
            webhook_id: Some(w.id.clone()),
            url: w.url.clone(),
            secrets: w.secrets.clone(),
            body: Arc::clone(&body),
        })
        .collect();
    let callback_key = event.strip_prefix("call.").unwrap_or(event);
    if let Some(cb) = callbacks.and_then(|c| c.get(callback_key))
        && let Some(url) = cb.get("url").and_then(Value::as_str)
    {
        let secrets = cb
            .get("secrets")
            .and_then(Value::as_array)
            .map(|s| {
                s.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        jobs.push(DeliveryJob {
            event: event.to_owned(),
            call_id: call_id.clone(),
            webhook_id: None,
            url: url.to_owned(),
            secrets,
            body: Arc::clone(&body),
        });
    }
    tracing::debug!(event, %call_id, receivers = jobs.len(), "webhook event");
    if jobs.is_empty() {
        return;
    }
    let sender = outbox(shared);
    for job in jobs {
        if sender.send(job).is_err() {
            tracing::error!(event, %call_id, "the webhook worker is gone; delivery dropped");
        }
    }
}

/// The delivery queue, starting its worker on first use.
fn outbox(shared: &Arc<Shared>) -> mpsc::UnboundedSender<DeliveryJob> {
    let mut slot = lock(&shared.outbox);
    if let Some(sender) = slot.as_ref().filter(|s| !s.is_closed()) {
        return sender.clone();
    }
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(worker(Arc::downgrade(shared), receiver));
    *slot = Some(sender.clone());
    sender
}

async fn worker(shared: Weak<Shared>, mut jobs: mpsc::UnboundedReceiver<DeliveryJob>) {
    while let Some(job) = jobs.recv().await {
        let Some(shared) = shared.upgrade() else {
            return;
        };
        let duplicate = Shared::take_one(&shared.duplicate_next);
        let delivered = attempt(&shared, &job, 1, false).await;
        if duplicate {
            attempt(&shared, &job, 1, true).await;
        }
        if !delivered {
            tokio::spawn(retry(shared, job));
        }
    }
}

async fn retry(shared: Arc<Shared>, job: DeliveryJob) {
    let base = shared.config.webhook_retry_base;
    for n in 1..=MAX_RETRIES {
        let wait = base.saturating_mul(1u32 << (n - 1));
        tokio::time::sleep(wait).await;
        if let Some(id) = &job.webhook_id
            && !lock(&shared.webhooks).iter().any(|w| &w.id == id)
        {
            tracing::info!(webhook_id = %id, "webhook deleted; retries stop");
            return;
        }
        if attempt(&shared, &job, n + 1, false).await {
            return;
        }
    }
    tracing::warn!(
        event = %job.event, call_id = %job.call_id, url = %job.url,
        "webhook delivery gave up after {MAX_RETRIES} retries"
    );
}

/// One signed POST; returns whether the receiver took it (2xx).
async fn attempt(shared: &Shared, job: &DeliveryJob, attempt: u32, duplicate: bool) -> bool {
    let timestamp = timestamp_now();
    let mut delivery = Delivery {
        event: job.event.clone(),
        call_id: job.call_id.clone(),
        webhook_id: job.webhook_id.clone(),
        url: job.url.clone(),
        attempt,
        status: None,
        error: None,
        duplicate,
        timestamp: timestamp.clone(),
    };
    if Shared::take_one(&shared.fail_next) {
        delivery.error = Some("simulated: receiver unreachable".into());
    } else {
        let signature = sign_all(&job.secrets, &job.body, &timestamp);
        let sent = shared
            .http
            .post(&job.url)
            .timeout(ATTEMPT_TIMEOUT)
            .header("content-type", "application/json")
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, signature)
            .body(job.body.as_ref().clone())
            .send()
            .await;
        match sent {
            Ok(r) => delivery.status = Some(r.status().as_u16()),
            Err(e) => delivery.error = Some(format!("unreachable: {e}")),
        }
    }
    let ok = delivery.succeeded();
    let failure = (!ok).then(|| match (delivery.status, &delivery.error) {
        (Some(s), _) => format!("status {s}"),
        (None, Some(e)) => e.clone(),
        (None, None) => "no answer".to_owned(),
    });
    if ok {
        tracing::info!(event = %job.event, call_id = %job.call_id, url = %job.url, attempt, "webhook delivered");
    } else {
        tracing::warn!(
            event = %job.event, call_id = %job.call_id, url = %job.url, attempt,
            failure = ?failure, "webhook delivery failed; will retry"
        );
    }
    if let Some(id) = &job.webhook_id
        && let Some(w) = lock(&shared.webhooks).iter_mut().find(|w| &w.id == id)
    {
        w.record_result(failure);
    }
    lock(&shared.deliveries).push(delivery);
    ok
}
