//! `cargo xtask dev`: builds and runs the product on embedded defaults (the
//! session manager, the MCP server and the UI), and prints where to open it.
//! The banner (addresses and the staff token) is printed once every service
//! accepts connections. Ctrl-C stops everything; if one service exits, the
//! others are stopped too and the command fails.

use std::{
    io::Read,
    net::{SocketAddr, TcpListener, TcpStream},
    process::{Child, Command},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::Context;
use clap::Args;

use crate::util::{CommandExt, cargo, root};

#[derive(Debug, Args)]
pub struct DevArgs {
    /// Build with optimizations.
    #[arg(long)]
    release: bool,
    /// Use this Redis instead of the in-memory store.
    #[arg(long, env = "REDIS_URL")]
    redis_url: Option<String>,
}

struct Service {
    name: &'static str,
    addr: &'static str,
    child: Child,
}

/// Where each service listens in `cargo xtask dev`.
const MANAGER: &str = "127.0.0.1:3001";
const MCP: &str = "127.0.0.1:3002";
const UI: &str = "127.0.0.1:3000";

pub fn run(args: DevArgs) -> anyhow::Result<()> {
    for (name, addr) in [
        ("voice-session-manager", MANAGER),
        ("mcp-voice-server", MCP),
        ("voice-ui-client", UI),
    ] {
        if let Err(e) = TcpListener::bind(addr) {
            anyhow::bail!(
                "{addr} is not free for {name} ({e}): another `cargo xtask dev`, or another program, is using it: stop that first"
            );
        }
    }
    let profile = if args.release { "release" } else { "debug" };
    let mut build = cargo(&[
        "build",
        "-p",
        "voice-session-manager",
        "-p",
        "mcp-voice-server",
    ]);
    if args.release {
        build.arg("--release");
    }
    build.status_ok("cargo build")?;
    let ui = crate::ui::build_ui(args.release)?;
    let bin = crate::ui::target_dir().join(profile);
    let data_dir = root().join("data");
    std::fs::create_dir_all(&data_dir).context("failed to create ./data")?;
    // Chosen here, not by the session manager, so the banner can show it.
    let staff_token = match std::env::var("STAFF_TOKEN") {
        Ok(token) if !token.is_empty() => token,
        _ => random_token().context("failed to make a staff token")?,
    };

    let mut manager = Command::new(bin.join("voice-session-manager"));
    manager
        .env("SESSION_MANAGER_BIND", MANAGER)
        .env("DATA_DIR", &data_dir)
        .env("STAFF_TOKEN", &staff_token)
        .env_remove("REDIS_URL");
    if let Some(url) = &args.redis_url {
        manager.env("REDIS_URL", url);
    }
    // The MCP server reaches the session manager with a shared service token.
    let service_token = format!("dev-service-token-{}", std::process::id());
    manager.env("SERVICE_TOKEN", &service_token);
    let manager_url = format!("http://{MANAGER}");
    let mut services = vec![Service {
        name: "voice-session-manager",
        addr: MANAGER,
        child: manager
            .spawn()
            .context("failed to start voice-session-manager")?,
    }];
    let mut mcp = Command::new(bin.join("mcp-voice-server"));
    mcp.env("MCP_BIND", MCP)
        .env("SERVICE_TOKEN", &service_token)
        .env("SESSION_MANAGER_URL", &manager_url);
    services.push(Service {
        name: "mcp-voice-server",
        addr: MCP,
        child: mcp.spawn().context("failed to start mcp-voice-server")?,
    });
    let mut web = Command::new(&ui.server);
    web.env("UI_BIND", UI)
        .env("SESSION_MANAGER_URL", &manager_url)
        .env("UI_SITE_ROOT", &ui.site_root);
    services.push(Service {
        name: "voice-ui-client",
        addr: UI,
        child: web.spawn().context("failed to start voice-ui-client")?,
    });
    let stop = stop_flag()?;
    if let Err(e) = wait_until_listening(&mut services, &stop) {
        stop_all(&mut services);
        return Err(e);
    }
    let store = match &args.redis_url {
        Some(_) => "sessions in Redis (REDIS_URL)",
        None => "in-memory sessions",
    };
    println!();
    println!("  Voice agent platform is up ({store}, business data in ./data)");
    println!("  Customer page    http://{UI}/        widget: http://{UI}/widget");
    println!("  Staff dashboard  http://{UI}/staff   staff token: {staff_token}");
    println!("  Session manager  {manager_url}   API: /api/openapi.json   health: /health");
    println!("  MCP server       http://{MCP}/mcp  (Streamable HTTP; any MCP client)");
    if std::env::var_os("ULTRAVOX_API_KEY").is_some() {
        println!("  Voice            Ultravox (ULTRAVOX_API_KEY is set)");
    } else {
        println!(
            "  Voice            the LOCAL provider: a text agent, offline (set ULTRAVOX_API_KEY for real voice)"
        );
    }
    println!("  Press Ctrl-C to stop.");
    println!();
    supervise(&mut services, &stop)
}

/// 32 hex digits from the operating system's random source.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom (set STAFF_TOKEN instead)")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Set on Ctrl-C, SIGTERM or SIGHUP.
fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| anyhow::anyhow!("cannot handle Ctrl-C and SIGTERM: {e}"))?;
    Ok(stop)
}

/// Waits until every service accepts connections (the banner then tells
/// the truth), failing when one exits first or takes over a minute.
fn wait_until_listening(services: &mut [Service], stop: &AtomicBool) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    for service in services.iter_mut() {
        let addr: SocketAddr = service
            .addr
            .parse()
            .with_context(|| format!("bad address {}", service.addr))?;
        loop {
            if stop.load(Ordering::SeqCst) {
                anyhow::bail!("stopped before every service was up");
            }
            if let Some(status) = service.child.try_wait()? {
                anyhow::bail!(
                    "{} exited ({status}) while starting: its log above says why",
                    service.name
                );
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                break;
            }
            if Instant::now() > deadline {
                anyhow::bail!(
                    "{} is not listening on {} after a minute",
                    service.name,
                    addr
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

/// Waits until any service exits (an error: the others are stopped) or we
/// are told to stop (Ctrl-C, SIGTERM, SIGHUP), then stops the rest.
fn supervise(services: &mut [Service], stop: &AtomicBool) -> anyhow::Result<()> {
    loop {
        if stop.load(Ordering::SeqCst) {
            eprintln!("xtask: stopping the services");
            stop_all(services);
            return Ok(());
        }
        for i in 0..services.len() {
            if let Some(status) = services[i].child.try_wait()? {
                let name = services[i].name;
                eprintln!("xtask: {name} exited ({status}); stopping the others");
                stop_all(services);
                anyhow::bail!("{name} exited ({status}): its log above says why");
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// SIGTERM to each service (each shuts down gracefully), then waits for it.
fn stop_all(services: &mut [Service]) {
    for service in services.iter_mut() {
        let _ = Command::new("kill")
            .args(["-TERM", &service.child.id().to_string()])
            .status();
        let _ = service.child.wait();
    }
}
