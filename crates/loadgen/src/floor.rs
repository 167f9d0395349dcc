//! The `floor` scenario: what one HTTP request costs the server before any
//! of our code runs, so the other benchmarks can be read against it.
//!
//! `floor` sends N small signed-webhook-sized POSTs (closed loop, C
//! concurrent senders, the same reqwest client as `webhooks`) to a URL and
//! reports requests/s and the server's CPU per request. Point it at the
//! session manager (a route that answers `404` through every middleware
//! layer) and at `bare-server`, an axum router with one handler that
//! answers a small JSON body and nothing else.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Instant,
};

use anyhow::Context;
use clap::Args;

use crate::proc_stats::{self, MachineTimes};

#[derive(Debug, Args)]
pub struct FloorArgs {
    /// The URL to POST to.
    #[arg(long)]
    url: String,
    /// The server's pid (its CPU time is read from /proc).
    #[arg(long)]
    server_pid: u32,
    /// Requests to send.
    #[arg(long, default_value_t = 40_000)]
    requests: usize,
    /// Concurrent senders (closed loop, as fast as answered).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Requests per second instead (open loop, each request its own task).
    #[arg(long)]
    rate: Option<u64>,
    /// Label of the row.
    #[arg(long, default_value = "floor")]
    label: String,
}

#[derive(Debug, Args)]
pub struct BareServerArgs {
    /// Where to listen; port 0 picks a free port (printed as `listening on ADDR`).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
}

/// A body the size of a `call.joined` webhook.
const BODY: &str = r#"{"event":"call.joined","call":{"callId":"0f9b2c4e-6a1d-4c3b-9e7f-1a2b3c4d5e6f","endReason":null,"metadata":{"sessionId":"s_0123456789abcdef0123","businessType":"restaurant"}}}"#;

pub async fn run(args: FloorArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .build()
        .context("http client")?;
    // Warm the connection pool.
    let _ = http.post(&args.url).body(BODY).send().await;
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let started = Instant::now();
    let machine_before = MachineTimes::now()?;
    let answered = match args.rate {
        Some(rate) => paced(&http, &args, rate).await,
        None => closed_loop(&http, &args).await,
    };
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let steal = MachineTimes::now()?.steal_percent_since(&machine_before);
    println!(
        "| {} | {:.0} | {:.3} ms | {} | {steal:.1} % |",
        args.label,
        args.requests as f64 / elapsed,
        cpu * 1000.0 / args.requests.max(1) as f64,
        args.requests - answered,
    );
    Ok(())
}

/// One POST; true when answered in full.
async fn post(http: &reqwest::Client, url: &str) -> bool {
    let sent = http
        .post(url)
        .header("content-type", "application/json")
        .body(BODY)
        .send()
        .await;
    match sent {
        // Read the body so the connection goes back to the pool.
        Ok(res) => res.bytes().await.is_ok(),
        Err(_) => false,
    }
}

/// `rate` requests per second, each on its own task: how many were answered.
async fn paced(http: &reqwest::Client, args: &FloorArgs, rate: u64) -> usize {
    let mut interval =
        tokio::time::interval(std::time::Duration::from_nanos(1_000_000_000 / rate.max(1)));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::with_capacity(args.requests);
    for _ in 0..args.requests {
        interval.tick().await;
        let http = http.clone();
        let url = args.url.clone();
        tasks.push(tokio::spawn(async move { post(&http, &url).await }));
    }
    let mut answered = 0;
    for t in tasks {
        if t.await.unwrap_or(false) {
            answered += 1;
        }
    }
    answered
}

/// `concurrency` senders back to back: how many were answered.
async fn closed_loop(http: &reqwest::Client, args: &FloorArgs) -> usize {
    let left = Arc::new(AtomicUsize::new(args.requests));
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let http = http.clone();
        let url = args.url.clone();
        let left = left.clone();
        workers.push(tokio::spawn(async move {
            let mut answered = 0usize;
            while left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                if post(&http, &url).await {
                    answered += 1;
                }
            }
            answered
        }));
    }
    let mut answered = 0;
    for w in workers {
        answered += w.await.unwrap_or(0);
    }
    answered
}

/// One route, one small JSON answer: the framework and the kernel, nothing
/// of ours. Runs on one runtime thread, as the services do by default.
pub async fn bare_server(args: BareServerArgs) -> anyhow::Result<()> {
    let app =
        axum::Router::new().fallback(axum::routing::post(|body: axum::body::Bytes| async move {
            axum::Json(serde_json::json!({"status": "applied", "bytes": body.len()}))
        }));
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .context("bind")?;
    println!(
        "listening on http://{}",
        listener.local_addr().context("local address")?
    );
    axum::serve(listener, app).await.context("serve")
}
