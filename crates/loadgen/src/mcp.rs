//! The `mcp` scenario: `extractParameters` over Streamable HTTP, as any MCP
//! client calls it (initialize, then `tools/call`), on one connection and on
//! many concurrent ones. Reports latency and calls per second.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};

use crate::{proc_stats::MachineTimes, stats::Latencies};

#[derive(Debug, Args)]
pub struct McpArgs {
    /// The MCP endpoint.
    #[arg(long, default_value = "http://127.0.0.1:3002/mcp")]
    url: String,
    /// Calls per client.
    #[arg(long, default_value_t = 2000)]
    calls: usize,
    /// Concurrent clients (each with its own MCP session); run once per value.
    #[arg(long, value_delimiter = ',', default_value = "1,50")]
    clients: Vec<usize>,
    /// Paced runs: calls per second in all, shared by the clients (open
    /// loop; each call is timed from when it was due, so a late start counts
    /// against the server). Without it the clients call back to back, which
    /// measures saturation: there latency is only clients ÷ throughput.
    #[arg(long, value_delimiter = ',')]
    rate: Vec<u32>,
}

/// The newest version negotiated with `initialize`.
const PROTOCOL: &str = "2025-11-25";

const UTTERANCES: [&str; 6] = [
    "two pepperoni pizzas and a coke for delivery to 12 High Street please",
    "can I book a repair next Tuesday at half past two, my name is Ann Lee",
    "the card machine is completely down and nothing works, it's urgent",
    "my number is oh seven seven double oh nine oh oh one two three",
    "I'd like a veggie burger with no onions and some sweet potato fries",
    "is there anything free for a consultation tomorrow morning",
];

pub async fn run(args: McpArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .context("http client")?;
    let mut runs: Vec<(usize, Option<u32>)> = args.clients.iter().map(|&c| (c, None)).collect();
    for &rate in &args.rate {
        runs.extend(args.clients.iter().map(|&c| (c, Some(rate))));
    }
    for (clients, rate) in runs {
        let latency = Latencies::new();
        // Each client's interval between calls when paced.
        let interval = rate.map(|r| Duration::from_secs_f64(clients as f64 / f64::from(r.max(1))));
        let started = Instant::now();
        let machine_before = MachineTimes::now()?;
        let mut tasks = Vec::new();
        for c in 0..clients {
            let (http, url, latency, calls) = (
                http.clone(),
                args.url.clone(),
                latency.clone(),
                args.calls / clients.max(1),
            );
            tasks.push(tokio::spawn(async move {
                client(http, url, latency, calls, c, interval).await
            }));
        }
        let (mut total, mut late) = (0, 0);
        for t in tasks {
            let (calls, behind) = t.await.context("client task")??;
            total += calls;
            late += behind;
        }
        let secs = started.elapsed().as_secs_f64();
        let steal = MachineTimes::now()?.steal_percent_since(&machine_before);
        let load = match rate {
            Some(r) => format!("paced at {r} calls/s ({late} started > 2 ms late)"),
            None => "back to back".to_owned(),
        };
        println!(
            "| {clients} client(s), {load}, {total} calls | {} | {:.0} calls/s | {steal:.1} % |",
            latency.summary(),
            total as f64 / secs
        );
    }
    Ok(())
}

async fn client(
    http: reqwest::Client,
    url: String,
    latency: Latencies,
    calls: usize,
    seed: usize,
    interval: Option<Duration>,
) -> anyhow::Result<(usize, usize)> {
    let mut late = 0;
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": {"name": "voice-loadgen", "version": "0"}}});
    let res = post(&http, &url, None, &init).await?;
    // A stateless server (the current protocol) names no session.
    let session = res
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = res.text().await;
    let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let _ = post(&http, &url, session.as_deref(), &note)
        .await?
        .text()
        .await;
    // Paced clients start spread over one interval, not all at once.
    let first =
        Instant::now() + interval.map_or(Duration::ZERO, |i| i.mul_f64((seed % 97) as f64 / 97.0));
    for i in 0..calls {
        let due = interval.map(|every| first + every * i as u32);
        if let Some(due) = due {
            tokio::time::sleep_until(due.into()).await;
        }
        let text = UTTERANCES[(i + seed) % UTTERANCES.len()];
        let business_type = ["restaurant", "appointment", "support"][(i + seed) % 3];
        let call = json!({"jsonrpc": "2.0", "id": i + 1, "method": "tools/call", "params": {
            "name": "extractParameters",
            "arguments": {"text": text, "businessType": business_type,
                "context": {"now": "2026-11-20T10:00:00"}}}});
        // Timed from the send: tokio's timer wakes up to a millisecond
        // late, which is the load generator's lateness, not the server's.
        // A call that could not start on time because the previous one was
        // still running is counted (printed as "late").
        let start = Instant::now();
        if due.is_some_and(|d| start.duration_since(d) > Duration::from_millis(2)) {
            late += 1;
        }
        let body = post(&http, &url, session.as_deref(), &call)
            .await?
            .text()
            .await?;
        latency.record_micros(start.elapsed().as_micros() as u64);
        let data = body
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .find(|d| d.starts_with('{'))
            .unwrap_or(&body);
        let reply: Value = serde_json::from_str(data).context("tools/call reply")?;
        if reply.get("result").is_none() {
            bail!("tools/call failed: {reply}");
        }
    }
    Ok((calls, late))
}

async fn post(
    http: &reqwest::Client,
    url: &str,
    session: Option<&str>,
    body: &Value,
) -> anyhow::Result<reqwest::Response> {
    let mut req = http
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .timeout(Duration::from_secs(10))
        .json(body);
    if let Some(s) = session {
        req = req.header("mcp-session-id", s);
    }
    if body["method"] != "initialize" {
        req = req.header("mcp-protocol-version", PROTOCOL);
    }
    req.send().await.context("POST /mcp")
}
