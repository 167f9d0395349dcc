//! The `mcp` scenario: `extractParameters` over Streamable HTTP, as any MCP
//! client calls it (initialize, then `tools/call`), on one connection and on
//! many concurrent ones. Reports latency and calls per second.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};

use crate::stats::Latencies;

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
}

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
    for &clients in &args.clients {
        let latency = Latencies::new();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..clients {
            let (http, url, latency, calls) = (
                http.clone(),
                args.url.clone(),
                latency.clone(),
                args.calls / clients.max(1),
            );
            tasks.push(tokio::spawn(async move {
                client(http, url, latency, calls, c).await
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.context("client task")??;
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "| {clients} client(s), {total} calls | {} | {:.0} calls/s |",
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
) -> anyhow::Result<usize> {
    let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "voice-loadgen", "version": "0"}}});
    let res = post(&http, &url, None, &init).await?;
    let session = res
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .context("no mcp-session-id")?;
    let _ = res.text().await;
    let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let _ = post(&http, &url, Some(&session), &note).await?.text().await;
    for i in 0..calls {
        let text = UTTERANCES[(i + seed) % UTTERANCES.len()];
        let business_type = ["restaurant", "appointment", "support"][(i + seed) % 3];
        let call = json!({"jsonrpc": "2.0", "id": i + 1, "method": "tools/call", "params": {
            "name": "extractParameters",
            "arguments": {"text": text, "businessType": business_type,
                "context": {"now": "2026-11-20T10:00:00"}}}});
        let start = Instant::now();
        let body = post(&http, &url, Some(&session), &call)
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
    Ok(calls)
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
        req = req
            .header("mcp-session-id", s)
            .header("mcp-protocol-version", "2025-06-18");
    }
    req.send().await.context("POST /mcp")
}
