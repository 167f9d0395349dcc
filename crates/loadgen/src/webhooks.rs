//! The `webhooks` scenario: signed Ultravox webhooks into the session
//! manager, as fast as it takes them.
//!
//! 1. Creates N + M sessions (each gets a call at the local provider) and
//!    waits until every one has its call id.
//! 2. Throughput (closed loop, C concurrent senders, a staff socket attached):
//!    `call.joined` for N calls, then `call.ended` for them (which also fetches
//!    the transcript from the provider and records the finished session):
//!    webhooks per second and the server's CPU per webhook. Every webhook is
//!    signed exactly as Ultravox signs (HMAC-SHA256 over body + timestamp).
//! 3. Latency (open loop at R per second, below saturation): `call.joined`
//!    for M calls, timed from sending the webhook to its `session_status`
//!    frame on the staff socket.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::Context;
use clap::Args;
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::{connect_async, tungstenite::Message};
use voice_ultravox::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

use crate::{
    lean,
    proc_stats::{self, MachineTimes},
    stats::Latencies,
};

#[derive(Debug, Args)]
pub struct WebhooksArgs {
    #[arg(long, default_value = "http://127.0.0.1:3001")]
    base: String,
    #[arg(long, env = "STAFF_TOKEN")]
    staff_token: String,
    /// The webhook signing secret the server was started with.
    #[arg(long, env = "ULTRAVOX_WEBHOOK_SECRETS")]
    secret: String,
    /// Calls (each gets a joined and an ended webhook).
    #[arg(long, default_value_t = 5000)]
    calls: usize,
    /// Concurrent webhook senders in the throughput phase.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Calls of the latency phase.
    #[arg(long, default_value_t = 3000)]
    latency_calls: usize,
    /// Webhooks per second in the latency phase.
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    #[arg(long)]
    server_pid: u32,
}

type Sent = Arc<Mutex<HashMap<String, Instant>>>;

pub async fn run(args: WebhooksArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .build()
        .context("http client")?;
    let mut calls = create_calls(&http, &args, args.calls + args.latency_calls).await?;
    let latency_set = calls.split_off(args.calls);
    println!(
        "## webhooks: {} calls at saturation ({} senders), {} at {}/s for latency",
        calls.len(),
        args.concurrency,
        latency_set.len(),
        args.rate
    );
    println!(
        "| phase | webhooks/s | server CPU per webhook | webhook → staff event | errors | host steal time |"
    );
    println!("|---|---|---|---|---|---|");
    for event in ["call.joined", "call.ended"] {
        throughput(&args, &calls, event).await?;
    }
    latency(&http, &args, &latency_set).await
}

/// Creates the sessions and waits for every call id: (session id, call id).
async fn create_calls(
    http: &reqwest::Client,
    args: &WebhooksArgs,
    n: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let res: Value = http
            .post(format!("{}/api/sessions", args.base))
            .json(&json!({"businessType": "restaurant"}))
            .send()
            .await
            .context("create session")?
            .json()
            .await
            .context("create session body")?;
        let id = res["sessionId"]
            .as_str()
            .context("a session id")?
            .to_owned();
        ids.push(id);
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        loop {
            let view: Value = http
                .get(format!("{}/api/sessions/{id}", args.base))
                .bearer_auth(&args.staff_token)
                .send()
                .await?
                .json()
                .await?;
            if let Some(call) = view["callId"].as_str() {
                out.push((id, call.to_owned()));
                break;
            }
            anyhow::ensure!(Instant::now() < deadline, "calls were not created in time");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    Ok(out)
}

fn signed(event: &str, session_id: &str, call_id: &str, secret: &str) -> (Vec<u8>, String, String) {
    let end_reason = if event == "call.ended" {
        json!("hangup")
    } else {
        Value::Null
    };
    let body = serde_json::to_vec(&json!({"event": event, "call": {
        "callId": call_id, "endReason": end_reason,
        "metadata": {"sessionId": session_id, "businessType": "restaurant"}}}))
    .unwrap_or_default();
    let timestamp = jiff::Timestamp::now().to_string();
    let signature = sign(secret, &body, &timestamp);
    (body, timestamp, signature)
}

async fn deliver(http: &reqwest::Client, url: &str, signed: (Vec<u8>, String, String)) -> bool {
    let (body, timestamp, signature) = signed;
    http.post(url)
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp)
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

async fn staff_socket(
    args: &WebhooksArgs,
) -> anyhow::Result<
    futures_util::stream::SplitStream<
        tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
    >,
> {
    let ws_url = format!(
        "{}/ws/staff?token={}",
        args.base.replacen("http", "ws", 1),
        args.staff_token
    );
    let (ws, _) = connect_async(ws_url).await.context("staff socket")?;
    Ok(ws.split().1)
}

/// Closed loop at saturation, a staff socket draining every event.
async fn throughput(
    args: &WebhooksArgs,
    calls: &[(String, String)],
    event: &'static str,
) -> anyhow::Result<()> {
    let mut read = staff_socket(args).await?;
    let drain = tokio::spawn(async move { while let Some(Ok(_)) = read.next().await {} });
    // Signed before the clock starts (well inside the server's 60 s window):
    // signing is the load generator's work, and it shares the two cores.
    let prepared: Vec<_> = calls
        .iter()
        .map(|(session_id, call_id)| signed(event, session_id, call_id, &args.secret))
        .collect();
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let machine_before = MachineTimes::now()?;
    let started = Instant::now();
    let queue = Arc::new(Mutex::new(prepared));
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let queue = queue.clone();
        let mut conn = lean::Conn::open(&args.base).await?;
        workers.push(tokio::spawn(async move {
            let mut errors = 0u64;
            loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                let Some((body, timestamp, signature)) = next else {
                    break;
                };
                let headers = [
                    (TIMESTAMP_HEADER, timestamp.as_str()),
                    (SIGNATURE_HEADER, signature.as_str()),
                ];
                if !conn.post("/webhooks/ultravox", &headers, body.into()).await {
                    errors += 1;
                }
            }
            errors
        }));
    }
    let mut errors = 0;
    for w in workers {
        errors += w.await.unwrap_or(1);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let steal = MachineTimes::now()?.steal_percent_since(&machine_before);
    drain.abort();
    println!(
        "| {event}, saturation | {:.0} | {:.3} ms | (not measured at saturation) | {errors} | {steal:.1} % |",
        calls.len() as f64 / elapsed,
        cpu * 1000.0 / calls.len().max(1) as f64,
    );
    Ok(())
}

/// Open loop below saturation: latency to the staff event.
async fn latency(
    http: &reqwest::Client,
    args: &WebhooksArgs,
    calls: &[(String, String)],
) -> anyhow::Result<()> {
    let latencies = Latencies::new();
    let sent: Sent = Arc::new(Mutex::new(HashMap::new()));
    let mut read = staff_socket(args).await?;
    let expected = calls.len();
    let reader = {
        let sent = sent.clone();
        let latencies = latencies.clone();
        tokio::spawn(async move {
            let mut seen = 0usize;
            while seen < expected {
                let Ok(Some(Ok(Message::Text(text)))) =
                    tokio::time::timeout(Duration::from_secs(20), read.next()).await
                else {
                    break;
                };
                let arrived = Instant::now();
                // Staff frames may arrive batched as an array.
                let frames: Vec<Value> = match serde_json::from_str::<Value>(text.as_str()) {
                    Ok(Value::Array(a)) => a,
                    Ok(v) => vec![v],
                    Err(_) => continue,
                };
                for f in frames {
                    if f["type"] == "session_status" && f["status"] == "active" {
                        let id = f["sessionId"].as_str().unwrap_or_default();
                        let at = sent.lock().ok().and_then(|m| m.get(id).copied());
                        if let Some(at) = at {
                            latencies.record_micros(arrived.duration_since(at).as_micros() as u64);
                            seen += 1;
                        }
                    }
                }
            }
            seen
        })
    };
    let url = format!("{}/webhooks/ultravox", args.base);
    let mut interval =
        tokio::time::interval(Duration::from_nanos(1_000_000_000 / args.rate.max(1)));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let machine_before = MachineTimes::now()?;
    let mut tasks = Vec::with_capacity(calls.len());
    for (session_id, call_id) in calls {
        interval.tick().await;
        let request = signed("call.joined", session_id, call_id, &args.secret);
        if let Ok(mut m) = sent.lock() {
            m.insert(session_id.clone(), Instant::now());
        }
        let http = http.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(
            async move { deliver(&http, &url, request).await },
        ));
    }
    let mut errors = 0;
    for t in tasks {
        if !t.await.unwrap_or(false) {
            errors += 1;
        }
    }
    let cpu = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let steal = MachineTimes::now()?.steal_percent_since(&machine_before);
    let seen = reader.await.unwrap_or(0);
    println!(
        "| call.joined at {}/s | {} | {:.3} ms | {} ({seen} of {expected} events seen) | {errors} | {steal:.1} % |",
        args.rate,
        args.rate,
        cpu * 1000.0 / calls.len().max(1) as f64,
        latencies.summary(),
    );
    Ok(())
}
