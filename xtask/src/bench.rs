//! `cargo xtask bench <name>`: builds in release, starts the real services
//! (and a private redis-server for Redis mode) and runs the load generator
//! (`crates/loadgen`) against them. Results print as Markdown; record them
//! in docs/BENCHMARKS.md.

use clap::{Args, ValueEnum};

use crate::{
    prereq::{self, REDIS},
    util::{CommandExt, cargo, root},
};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Which benchmark.
    which: Which,
    /// Session counts to run (default: 1000 and 10000).
    #[arg(long, value_delimiter = ',')]
    sessions: Vec<usize>,
    /// Store modes to run (default: both).
    #[arg(long, value_delimiter = ',')]
    mode: Vec<Mode>,
    /// Seconds of event pushing per run.
    #[arg(long, default_value_t = 20)]
    event_seconds: u64,
    /// UI events per second.
    #[arg(long, default_value_t = 1250)]
    event_rate: u64,
    /// Runs of each configuration: this machine's runs vary by ±30 %, so
    /// compare ranges, not single runs.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Which {
    /// Sessions with one WebSocket subscriber each: create and event delivery latency, memory, CPU.
    Sessions,
    /// placeOrder and bookAppointment at 1,000/s with 10% replayed keys (embedded store).
    Tools,
    /// extractParameters over Streamable HTTP, on 1 and on 50 concurrent clients.
    Mcp,
    /// Signed Ultravox webhooks: ingest rate, CPU per webhook, webhook → staff
    /// event latency; with the server on one runtime thread (its default),
    /// then on two (both cores).
    Webhooks,
    /// What a request costs before any of our code: a bare axum server and the
    /// session manager's 404, back to back and at 300 and 1,000 requests/s.
    Floor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mode {
    Memory,
    Redis,
}

const STAFF: &str = "bench-staff-token-0123456789";

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    for run in 1..=args.repeat.max(1) {
        if args.repeat > 1 {
            println!("\n# run {run} of {}", args.repeat);
        }
        match args.which {
            Which::Sessions => sessions(&args)?,
            Which::Tools => tools(&args)?,
            Which::Mcp => mcp()?,
            Which::Webhooks => webhooks(&args)?,
            Which::Floor => floor()?,
        }
    }
    Ok(())
}

fn sessions(args: &BenchArgs) -> anyhow::Result<()> {
    prereq::ensure(&[REDIS])?;
    let bin = release_build("voice-session-manager")?;
    let server_bin = bin.join("voice-session-manager").display().to_string();
    let loadgen_bin = bin.join("voice-loadgen").display().to_string();
    let counts = if args.sessions.is_empty() {
        vec![1000, 10_000]
    } else {
        args.sessions.clone()
    };
    let modes = if args.mode.is_empty() {
        vec![Mode::Memory, Mode::Redis]
    } else {
        args.mode.clone()
    };
    for mode in &modes {
        for &n in &counts {
            let redis = (*mode == Mode::Redis).then(testkit::RedisServer::start);
            let mut envs = vec![
                ("STAFF_TOKEN", STAFF.to_owned()),
                ("MAX_CONCURRENT_CALLS", "1000000".to_owned()),
                ("SESSION_CREATE_RATE", "1000000".to_owned()),
                ("SESSION_CREATE_BURST", "1000000".to_owned()),
                ("RUST_LOG", "warn".to_owned()),
                // Sessions only: the voice call is benchmarked by `bench webhooks`.
                ("VOICE_PROVIDER", "off".to_owned()),
            ];
            if let Some(r) = &redis {
                envs.push(("REDIS_URL", r.url()));
            }
            let env_refs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (server, addr) =
                testkit::spawn_service(&server_bin, &["--bind", "127.0.0.1:0"], &env_refs);
            let label = match mode {
                Mode::Memory => "memory",
                Mode::Redis => "redis",
            };
            std::process::Command::new(&loadgen_bin)
                .args([
                    "sessions",
                    "--base",
                    &format!("http://{addr}"),
                    "--staff-token",
                    STAFF,
                ])
                .args([
                    "--sessions",
                    &n.to_string(),
                    "--server-pid",
                    &server.id().to_string(),
                ])
                .args(["--event-seconds", &args.event_seconds.to_string()])
                .args([
                    "--event-rate",
                    &args.event_rate.to_string(),
                    "--label",
                    label,
                ])
                .status_ok("voice-loadgen sessions")?;
            drop(server);
            drop(redis);
        }
    }
    Ok(())
}

fn tools(args: &BenchArgs) -> anyhow::Result<()> {
    let bin = release_build("voice-session-manager")?;
    let data_dir = std::env::temp_dir().join(format!("vsm-bench-tools-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let data = data_dir.display().to_string();
    let envs = [
        ("STAFF_TOKEN", STAFF),
        ("DATA_DIR", data.as_str()),
        ("SESSION_CREATE_RATE", "1000000"),
        ("RUST_LOG", "warn"),
        ("VOICE_PROVIDER", "off"),
    ];
    let (server, addr) = testkit::spawn_service(
        &bin.join("voice-session-manager").display().to_string(),
        &["--bind", "127.0.0.1:0"],
        &envs,
    );
    let result = std::process::Command::new(bin.join("voice-loadgen"))
        .args([
            "tools",
            "--base",
            &format!("http://{addr}"),
            "--staff-token",
            STAFF,
        ])
        .args([
            "--server-pid",
            &server.id().to_string(),
            "--seconds",
            &args.event_seconds.to_string(),
        ])
        .status_ok("voice-loadgen tools");
    drop(server);
    let _ = std::fs::remove_dir_all(&data_dir);
    result
}

fn mcp() -> anyhow::Result<()> {
    let bin = release_build("mcp-voice-server")?;
    let (server, addr) = testkit::spawn_service(
        &bin.join("mcp-voice-server").display().to_string(),
        &["--bind", "127.0.0.1:0"],
        &[("RUST_LOG", "warn")],
    );
    println!("## mcp: extractParameters over Streamable HTTP");
    println!("| clients | latency | throughput | server CPU per call | host steal time |");
    println!("|---|---|---|---|---|");
    let result = std::process::Command::new(bin.join("voice-loadgen"))
        .args(["mcp", "--url", &format!("http://{addr}/mcp")])
        .args(["--server-pid", &server.id().to_string()])
        .args(["--calls", "20000", "--clients", "1,10,50", "--rate", "1000"])
        .status_ok("voice-loadgen mcp");
    drop(server);
    result
}

const WEBHOOK_SECRET: &str = "bench-webhook-secret-0123456789";

fn webhooks(args: &BenchArgs) -> anyhow::Result<()> {
    let bin = release_build("voice-session-manager")?;
    let calls = args.sessions.first().copied().unwrap_or(5000).to_string();
    for threads in ["1", "2"] {
        println!("### session manager with WORKER_THREADS={threads}");
        webhooks_run(&bin, &calls, threads)?;
    }
    Ok(())
}

fn webhooks_run(bin: &std::path::Path, calls: &str, threads: &str) -> anyhow::Result<()> {
    let envs = [
        ("WORKER_THREADS", threads),
        ("STAFF_TOKEN", STAFF),
        ("DATA_DIR", ":memory:"),
        ("MAX_CONCURRENT_CALLS", "1000000"),
        ("SESSION_CREATE_RATE", "1000000"),
        ("SESSION_CREATE_BURST", "1000000"),
        ("VOICE_PROVIDER", "local"),
        ("LOCAL_VOICE_TURN_DELAY", "0ms"),
        // No call may end unjoined while the bench runs.
        ("VOICE_JOIN_TIMEOUT", "3600s"),
        ("ULTRAVOX_WEBHOOK_SECRETS", WEBHOOK_SECRET),
        // The bench's staff socket must not be dropped as a slow consumer at saturation.
        ("WS_MAX_LAG", "1000000"),
        ("RUST_LOG", "warn"),
    ];
    let (server, addr) = testkit::spawn_service(
        &bin.join("voice-session-manager").display().to_string(),
        &["--bind", "127.0.0.1:0"],
        &envs,
    );
    let result = std::process::Command::new(bin.join("voice-loadgen"))
        .args(["webhooks", "--base", &format!("http://{addr}")])
        .args(["--staff-token", STAFF, "--secret", WEBHOOK_SECRET])
        .args(["--calls", calls, "--server-pid", &server.id().to_string()])
        .status_ok("voice-loadgen webhooks");
    drop(server);
    result
}

fn floor() -> anyhow::Result<()> {
    let bin = release_build("voice-session-manager")?;
    let loadgen = bin.join("voice-loadgen").display().to_string();
    let (bare, bare_addr) = testkit::spawn_service(&loadgen, &["bare-server"], &[]);
    let (server, server_addr) = testkit::spawn_service(
        &bin.join("voice-session-manager").display().to_string(),
        &["--bind", "127.0.0.1:0"],
        &[
            ("STAFF_TOKEN", STAFF),
            ("DATA_DIR", ":memory:"),
            ("VOICE_PROVIDER", "off"),
            ("RUST_LOG", "warn"),
        ],
    );
    println!("## floor: small POSTs, server CPU per request");
    println!("| server, load | requests/s | server CPU per request | errors | host steal time |");
    println!("|---|---|---|---|---|");
    let targets = [
        ("bare axum", format!("http://{bare_addr}/floor"), bare.id()),
        (
            "session manager 404",
            format!("http://{server_addr}/floor"),
            server.id(),
        ),
    ];
    for rate in [None, Some(300), Some(1000)] {
        for (name, url, pid) in &targets {
            let mut cmd = std::process::Command::new(&loadgen);
            cmd.args(["floor", "--url", url, "--server-pid", &pid.to_string()]);
            let label = match rate {
                None => format!("{name}, 64 senders back to back"),
                Some(r) => {
                    cmd.args([
                        "--rate",
                        &r.to_string(),
                        "--requests",
                        &(r * 10).to_string(),
                    ]);
                    format!("{name}, {r}/s")
                }
            };
            cmd.args(["--label", &label])
                .status_ok("voice-loadgen floor")?;
        }
    }
    drop(server);
    drop(bare);
    Ok(())
}

/// Builds `server` and the load generator in release; returns their directory.
fn release_build(server: &str) -> anyhow::Result<std::path::PathBuf> {
    cargo(&["build", "--release", "-p", server, "-p", "voice-loadgen"])
        .status_ok("release build")?;
    Ok(root().join("target/release"))
}
