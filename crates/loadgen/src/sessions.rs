//! The `sessions` scenario.
//!
//! 1. Opens the staff sockets.
//! 2. Creates N sessions at a fixed rate (open loop): create latency, and the
//!    server's CPU per create.
//! 3. Subscribes one WebSocket per session: server memory per idle session
//!    with its socket.
//! 4. Pushes UI events (`POST /api/sessions/{id}/ui`, delivered as
//!    `form_update` to the session's socket and every staff socket) at a fixed
//!    rate: delivery latency from the request to the frame's arrival, and the
//!    server's CPU per delivered frame.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context;
use clap::Args;
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::{connect_async, tungstenite::Message};

use crate::{
    proc_stats::{self, MachineTimes},
    stats::Latencies,
};

#[derive(Debug, Args)]
pub struct SessionsArgs {
    /// Base URL of the session manager.
    #[arg(long, default_value = "http://127.0.0.1:3001")]
    base: String,
    #[arg(long, env = "STAFF_TOKEN")]
    staff_token: String,
    /// Concurrent sessions, each with one WebSocket subscriber.
    #[arg(long, default_value_t = 1000)]
    sessions: usize,
    /// Session creations per second.
    #[arg(long, default_value_t = 300)]
    create_rate: u64,
    /// Staff sockets receiving every event.
    #[arg(long, default_value_t = 10)]
    staff_sockets: usize,
    /// UI events per second during the delivery phase.
    #[arg(long, default_value_t = 1250)]
    event_rate: u64,
    /// Length of the delivery phase.
    #[arg(long, default_value_t = 20)]
    event_seconds: u64,
    /// The server's PID, for CPU and memory.
    #[arg(long)]
    server_pid: u32,
    /// A label for the report (e.g. "memory", "redis").
    #[arg(long, default_value = "")]
    label: String,
}

struct Shared {
    base: Instant,
    customer: Latencies,
    staff: Latencies,
    received: AtomicU64,
}

pub async fn run(args: SessionsArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .context("http client")?;
    let shared = Arc::new(Shared {
        base: Instant::now(),
        customer: Latencies::new(),
        staff: Latencies::new(),
        received: AtomicU64::new(0),
    });
    let ws_base = args.base.replacen("http", "ws", 1);
    for _ in 0..args.staff_sockets {
        let url = format!("{ws_base}/ws/staff?token={}", args.staff_token);
        let (ws, _) = connect_async(url).await.context("staff socket")?;
        tokio::spawn(read_frames(ws, shared.clone(), true));
    }

    // Phase 2: creates.
    let rss_before = proc_stats::rss_bytes(args.server_pid)?;
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let machine_before = MachineTimes::now()?;
    let created = create_sessions(&http, &args).await?;
    let cpu_creates = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let steal_creates = MachineTimes::now()?.steal_percent_since(&machine_before);
    let handled = server_create_times(&http, &args.base).await;

    // Phase 3: one subscriber per session.
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    for (_, ws_url) in &created.sessions {
        let (ws, _) = connect_async(ws_url.as_str())
            .await
            .context("session socket")?;
        tokio::spawn(read_frames(ws, shared.clone(), false));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu_subscribe = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let rss_after = proc_stats::rss_bytes(args.server_pid)?;
    let n = created.sessions.len().max(1) as f64;

    // Phase 4: events.
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let machine_before = MachineTimes::now()?;
    let sent = push_events(&http, &args, &created.sessions, &shared).await?;
    let steal_events = MachineTimes::now()?.steal_percent_since(&machine_before);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu_events = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let expected = sent * (1 + args.staff_sockets as u64);
    let received = shared.received.load(Ordering::Relaxed);

    let label = if args.label.is_empty() {
        String::new()
    } else {
        format!(" ({})", args.label)
    };
    println!(
        "## sessions{label}: {} sessions, {} staff sockets",
        created.sessions.len(),
        args.staff_sockets
    );
    println!("| measure | result |");
    println!("|---|---|");
    println!(
        "| create latency at {}/s | {} |",
        args.create_rate,
        created.latency.summary()
    );
    println!(
        "| create time inside the server (its own histogram), share within 0.5 / 1 / 2 ms | {handled} |"
    );
    println!("| create errors | {} |", created.errors);
    println!(
        "| server CPU per create | {:.3} ms |",
        cpu_creates * 1000.0 / n
    );
    println!(
        "| server CPU per subscriber connect | {:.3} ms |",
        cpu_subscribe * 1000.0 / n
    );
    println!(
        "| server memory per idle session with its socket | {:.1} KiB (RSS {:.1} → {:.1} MiB) |",
        (rss_after.saturating_sub(rss_before)) as f64 / n / 1024.0,
        rss_before as f64 / 1048576.0,
        rss_after as f64 / 1048576.0
    );
    println!(
        "| events pushed at {}/s for {} s | {} sent, {} of {} deliveries received |",
        args.event_rate, args.event_seconds, sent, received, expected
    );
    println!(
        "| delivery latency to the customer socket | {} |",
        shared.customer.summary()
    );
    println!(
        "| delivery latency to staff sockets | {} |",
        shared.staff.summary()
    );
    println!(
        "| server CPU per event (request + all deliveries) | {:.3} ms |",
        cpu_events * 1000.0 / sent.max(1) as f64
    );
    println!(
        "| server CPU per delivered frame | {:.4} ms |",
        cpu_events * 1000.0 / received.max(1) as f64
    );
    println!("| host steal time (creates / events) | {steal_creates:.1} % / {steal_events:.1} % |");
    Ok(())
}

/// What the server's own latency histogram (`/metrics`) says about the
/// creates: the share handled within 0.5, 1 and 2 ms, timed from the router
/// receiving the request to the response. Read against the latency seen by
/// the load generator, it tells time in the server's code from time spent
/// waiting for a CPU (the host's steal, the load generator on the same cores).
async fn server_create_times(http: &reqwest::Client, base: &str) -> String {
    let text = match http.get(format!("{base}/metrics")).send().await {
        Ok(res) => res.text().await.unwrap_or_default(),
        Err(err) => return format!("not read ({err})"),
    };
    let series = r#"vsm_http_request_duration_seconds_bucket{route="/api/sessions",method="POST",status="201",le=""#;
    let bucket = |le: &str| -> Option<f64> {
        text.lines()
            .find_map(|l| {
                l.strip_prefix(series)?
                    .strip_prefix(le)?
                    .strip_prefix("\"} ")
            })
            .and_then(|v| v.trim().parse().ok())
    };
    match (
        bucket("0.0005"),
        bucket("0.001"),
        bucket("0.002"),
        bucket("+Inf"),
    ) {
        (Some(a), Some(b), Some(c), Some(all)) if all > 0.0 => format!(
            "{:.2} % / {:.2} % / {:.2} % (n = {all})",
            a * 100.0 / all,
            b * 100.0 / all,
            c * 100.0 / all
        ),
        _ => "not in /metrics".to_owned(),
    }
}

struct Created {
    sessions: Vec<(String, String)>,
    latency: Latencies,
    errors: u64,
}

async fn create_sessions(http: &reqwest::Client, args: &SessionsArgs) -> anyhow::Result<Created> {
    let latency = Latencies::new();
    let mut interval = tokio::time::interval(Duration::from_nanos(
        1_000_000_000 / args.create_rate.max(1),
    ));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let url = format!("{}/api/sessions", args.base);
    let mut tasks = Vec::with_capacity(args.sessions);
    for i in 0..args.sessions {
        interval.tick().await;
        let (http, url, latency) = (http.clone(), url.clone(), latency.clone());
        let kind = ["restaurant", "appointment", "support"][i % 3];
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let res = http
                .post(url)
                .json(&json!({"businessType": kind}))
                .send()
                .await
                .ok()?;
            let ok = res.status().as_u16() == 201;
            let body: Value = res.json().await.ok()?;
            latency.record_micros(start.elapsed().as_micros() as u64);
            ok.then(|| {
                (
                    body["sessionId"].as_str().unwrap_or_default().to_owned(),
                    body["websocketUrl"].as_str().unwrap_or_default().to_owned(),
                )
            })
        }));
    }
    let mut sessions = Vec::with_capacity(args.sessions);
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok(Some(s)) => sessions.push(s),
            _ => errors += 1,
        }
    }
    Ok(Created {
        sessions,
        latency,
        errors,
    })
}

async fn push_events(
    http: &reqwest::Client,
    args: &SessionsArgs,
    sessions: &[(String, String)],
    shared: &Arc<Shared>,
) -> anyhow::Result<u64> {
    let total = args.event_rate * args.event_seconds;
    let mut interval =
        tokio::time::interval(Duration::from_nanos(1_000_000_000 / args.event_rate.max(1)));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::new();
    for i in 0..total as usize {
        interval.tick().await;
        let Some((id, _)) = sessions.get(i % sessions.len().max(1)) else {
            break;
        };
        let url = format!("{}/api/sessions/{id}/ui", args.base);
        let sent_at = shared.base.elapsed().as_micros() as u64;
        let request = http
            .post(url)
            .bearer_auth(&args.staff_token)
            .json(&json!({"form": {"bench_sent_us": sent_at}}));
        tasks.push(tokio::spawn(async move {
            request
                .send()
                .await
                .map(|r| r.status().as_u16() == 202)
                .unwrap_or(false)
        }));
    }
    let mut sent = 0;
    for task in tasks {
        if task.await.unwrap_or(false) {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn read_frames<S>(
    mut ws: tokio_tungstenite::WebSocketStream<S>,
    shared: Arc<Shared>,
    staff: bool,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    while let Some(Ok(msg)) = ws.next().await {
        let Message::Text(text) = msg else { continue };
        let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else {
            continue;
        };
        let Some(sent) = frame["form"]["bench_sent_us"].as_u64() else {
            continue;
        };
        let now = shared.base.elapsed().as_micros() as u64;
        let latency = if staff {
            &shared.staff
        } else {
            &shared.customer
        };
        latency.record_micros(now.saturating_sub(sent));
        shared.received.fetch_add(1, Ordering::Relaxed);
    }
}
