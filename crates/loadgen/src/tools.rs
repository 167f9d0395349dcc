//! The `tools` scenario: placeOrder and bookAppointment through the session
//! manager's HTTP surface at a fixed rate (open loop), with a share of
//! requests replaying an earlier idempotency key, as a voice model retrying
//! a tool call would. Reports latency per tool and the server's CPU per call.

use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use serde_json::{Value, json};

use crate::{
    proc_stats::{self, MachineTimes},
    stats::Latencies,
};

#[derive(Debug, Args)]
pub struct ToolsArgs {
    #[arg(long, default_value = "http://127.0.0.1:3001")]
    base: String,
    #[arg(long, env = "STAFF_TOKEN")]
    staff_token: String,
    /// Requests per second (both tools together).
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Percentage of requests that replay an earlier idempotency key.
    #[arg(long, default_value_t = 10)]
    replay_percent: u64,
    #[arg(long)]
    server_pid: u32,
}

pub async fn run(args: ToolsArgs) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()
        .context("http client")?;
    let orders = Latencies::new();
    let bookings = Latencies::new();
    let total = args.rate * args.seconds;
    let mut interval =
        tokio::time::interval(Duration::from_nanos(1_000_000_000 / args.rate.max(1)));
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let start_day = jiff::Zoned::now().date();
    let cpu_before = proc_stats::cpu_seconds(args.server_pid)?;
    let machine_before = MachineTimes::now()?;
    let mut tasks = Vec::with_capacity(total as usize);
    // Request numbers that made a new key, oldest first.
    let mut fresh: Vec<u64> = Vec::with_capacity(total as usize);
    let mut replays = 0u64;
    for i in 0..total {
        interval.tick().await;
        // Every 10th (by default) request repeats the key of the new request
        // made 100 new requests earlier (not of whatever request came 100
        // earlier: that one may itself have been a repeat).
        let replay = fresh.len() >= 100 && (i * 7919) % 100 < args.replay_percent;
        let n = if replay {
            replays += 1;
            fresh[fresh.len() - 100]
        } else {
            fresh.push(i);
            i
        };
        let (path, body, lat) = if n % 2 == 0 {
            let body = json!({"idempotency_key": format!("bench-{n}"), "customer_name": "Bench Caller",
                "phone": "07700 900123", "order_type": "Takeaway",
                "items": [{"item_name": "pepperoni", "quantity": 2}, {"item_name": "coke"}]});
            ("/api/business/orders", body, orders.clone())
        } else {
            let day = start_day
                .checked_add(jiff::Span::new().days(1 + (n / 2 % 25) as i64))
                .unwrap_or(start_day);
            let slot = 9 * 60 + (n / 50 % 16) as i64 * 30;
            let service =
                ["Consultation", "Repair", "Maintenance", "Installation"][(n / 2 % 4) as usize];
            let body = json!({"idempotency_key": format!("bench-{n}"), "customer_name": "Bench Caller",
                "service_type": service,
                "appointment_date": day.to_string(), "appointment_time": format!("{:02}:{:02}", slot / 60, slot % 60)});
            ("/api/business/appointments", body, bookings.clone())
        };
        let request = http
            .post(format!("{}{path}", args.base))
            .bearer_auth(&args.staff_token)
            .json(&body);
        tasks.push(tokio::spawn(async move {
            let started = Instant::now();
            let ok = match request.send().await {
                Ok(res) => res.status().as_u16() == 200 && res.json::<Value>().await.is_ok(),
                Err(_) => false,
            };
            lat.record_micros(started.elapsed().as_micros() as u64);
            ok
        }));
    }
    let mut errors = 0;
    for t in tasks {
        if !t.await.unwrap_or(false) {
            errors += 1;
        }
    }
    let cpu = proc_stats::cpu_seconds(args.server_pid)? - cpu_before;
    let steal = MachineTimes::now()?.steal_percent_since(&machine_before);
    println!(
        "## tools: {} calls at {}/s, {}% replays (embedded store)",
        total, args.rate, args.replay_percent
    );
    println!("| measure | result |");
    println!("|---|---|");
    println!("| placeOrder latency | {} |", orders.summary());
    println!("| bookAppointment latency | {} |", bookings.summary());
    println!("| errors (non-200) | {errors} |");
    println!("| repeated idempotency keys | {replays} of {total} requests |");
    println!(
        "| server CPU per call | {:.3} ms |",
        cpu * 1000.0 / total.max(1) as f64
    );
    println!("| host steal time | {steal:.1} % |");
    Ok(())
}
