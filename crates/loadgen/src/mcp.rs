//! The `mcp` scenario: `extractParameters` over Streamable HTTP, as any MCP
//! client calls it (initialize, then `tools/call`), on one connection and on
//! many concurrent ones. Reports latency, calls per second and, given the
//! server's pid, its CPU time per call.
//!
//! Each client is one keep-alive HTTP/1.1 connection of the lean client with
//! its request bodies prepared in advance, and a reply is checked for the
//! extraction's `intent` rather than parsed: at saturation every microsecond
//! the load generator spends is taken from the server on the same two cores.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::body::Bytes;
use clap::Args;
use serde_json::json;

use crate::{
    lean,
    proc_stats::{self, MachineTimes},
    stats::Latencies,
};

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
    /// The server's process id, to report its CPU time per call.
    #[arg(long)]
    server_pid: Option<u32>,
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
    let (base, path) = split_url(&args.url)?;
    let mut runs: Vec<(usize, Option<u32>)> = args.clients.iter().map(|&c| (c, None)).collect();
    for &rate in &args.rate {
        runs.extend(args.clients.iter().map(|&c| (c, Some(rate))));
    }
    for (clients, rate) in runs {
        let latency = Latencies::new();
        // Each client's interval between calls when paced.
        let interval = rate.map(|r| Duration::from_secs_f64(clients as f64 / f64::from(r.max(1))));
        let mut conns = Vec::new();
        for _ in 0..clients {
            conns.push(Client::connect(&base, &path).await?);
        }
        let cpu_before = args.server_pid.map(proc_stats::cpu_seconds).transpose()?;
        let started = Instant::now();
        let machine_before = MachineTimes::now()?;
        let mut tasks = Vec::new();
        for (c, conn) in conns.into_iter().enumerate() {
            let (latency, calls) = (latency.clone(), args.calls / clients.max(1));
            tasks.push(tokio::spawn(async move {
                conn.run(latency, calls, c, interval).await
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
        let cpu = match (args.server_pid, cpu_before) {
            (Some(pid), Some(before)) => format!(
                "{:.3} ms",
                (proc_stats::cpu_seconds(pid)? - before) * 1000.0 / total.max(1) as f64
            ),
            _ => "-".to_owned(),
        };
        let load = match rate {
            Some(r) => format!("paced at {r} calls/s ({late} started > 2 ms late)"),
            None => "back to back".to_owned(),
        };
        println!(
            "| {clients} client(s), {load}, {total} calls | {} | {:.0} calls/s | {cpu} | {steal:.1} % |",
            latency.summary(),
            total as f64 / secs
        );
    }
    Ok(())
}

/// `http://host:port/path` → (`http://host:port`, `/path`).
fn split_url(url: &str) -> anyhow::Result<(String, String)> {
    let rest = url
        .strip_prefix("http://")
        .context("--url must be http://host:port/path")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    Ok((format!("http://{host}"), format!("/{path}")))
}

/// One MCP client: an initialized connection to a stateless server (the
/// current protocol: no `Mcp-Session-Id`; a stateful server would refuse
/// the calls, and the run fails with that error).
struct Client {
    conn: lean::Conn,
    path: String,
}

impl Client {
    async fn connect(base: &str, path: &str) -> anyhow::Result<Self> {
        let mut client = Self {
            conn: lean::Conn::open(base).await?,
            path: path.to_owned(),
        };
        let init = json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL, "capabilities": {},
            "clientInfo": {"name": "voice-loadgen", "version": "0"}}});
        let reply = client.post(init.to_string().into(), false).await?;
        if !contains(&reply, b"\"protocolVersion\"") {
            bail!("initialize failed: {}", String::from_utf8_lossy(&reply));
        }
        let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
        client.post(note.to_string().into(), true).await?;
        Ok(client)
    }

    async fn post(&mut self, body: Bytes, versioned: bool) -> anyhow::Result<Bytes> {
        let mut headers = vec![("accept", "application/json, text/event-stream")];
        if versioned {
            headers.push(("mcp-protocol-version", PROTOCOL));
        }
        self.conn
            .exchange(&self.path, &headers, body)
            .await
            .context("POST /mcp failed or answered with an error status")
    }

    async fn run(
        mut self,
        latency: Latencies,
        calls: usize,
        seed: usize,
        interval: Option<Duration>,
    ) -> anyhow::Result<(usize, usize)> {
        // The calls' arguments, serialized once; only the id changes per call.
        let arguments: Vec<String> = (0..UTTERANCES.len())
            .map(|k| {
                let business_type = ["restaurant", "appointment", "support"][k % 3];
                json!({"text": UTTERANCES[k], "businessType": business_type,
                    "context": {"now": "2026-11-20T10:00:00"}})
                .to_string()
            })
            .collect();
        let mut late = 0;
        // Paced clients start spread over one interval, not all at once.
        let first = Instant::now()
            + interval.map_or(Duration::ZERO, |i| i.mul_f64((seed % 97) as f64 / 97.0));
        for i in 0..calls {
            let due = interval.map(|every| first + every * i as u32);
            if let Some(due) = due {
                tokio::time::sleep_until(due.into()).await;
            }
            let call = format!(
                r#"{{"jsonrpc":"2.0","id":{},"method":"tools/call","params":{{"name":"extractParameters","arguments":{}}}}}"#,
                i + 1,
                arguments[(i + seed) % arguments.len()]
            );
            // Timed from the send: tokio's timer wakes up to a millisecond
            // late, which is the load generator's lateness, not the server's.
            // A call that could not start on time because the previous one
            // was still running is counted (printed as "late").
            let start = Instant::now();
            if due.is_some_and(|d| start.duration_since(d) > Duration::from_millis(2)) {
                late += 1;
            }
            let reply = self.post(call.into(), true).await?;
            latency.record_micros(start.elapsed().as_micros() as u64);
            // A tool result with the extraction in it; an error would carry
            // "error" (protocol) or "isError":true (tool) and no intent.
            if !contains(&reply, b"\"intent\"") || contains(&reply, b"\"isError\":true") {
                bail!("tools/call failed: {}", String::from_utf8_lossy(&reply));
            }
        }
        Ok((calls, late))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}
