//! `cargo xtask dev`: builds and runs the product on embedded defaults (the
//! session manager, the MCP server and the UI), and prints where to open it.
//! Ctrl-C stops everything; if one service exits, the others are stopped too.

use std::{
    process::{Child, Command},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
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
    child: Child,
}

pub fn run(args: DevArgs) -> anyhow::Result<()> {
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
    let bin = root().join("target").join(profile);
    let data_dir = root().join("data");
    std::fs::create_dir_all(&data_dir).context("failed to create ./data")?;

    let mut manager = Command::new(bin.join("voice-session-manager"));
    manager.env("DATA_DIR", &data_dir).env_remove("REDIS_URL");
    if let Some(url) = &args.redis_url {
        manager.env("REDIS_URL", url);
    }
    // The MCP server reaches the session manager with a shared service token.
    let service_token = format!("dev-service-token-{}", std::process::id());
    manager.env("SERVICE_TOKEN", &service_token);
    let mut services = vec![Service {
        name: "voice-session-manager",
        child: manager
            .spawn()
            .context("failed to start voice-session-manager")?,
    }];
    let mut mcp = Command::new(bin.join("mcp-voice-server"));
    mcp.env("SERVICE_TOKEN", &service_token)
        .env("SESSION_MANAGER_URL", "http://127.0.0.1:3001");
    services.push(Service {
        name: "mcp-voice-server",
        child: mcp.spawn().context("failed to start mcp-voice-server")?,
    });
    let mut web = Command::new(&ui.server);
    web.env("SESSION_MANAGER_URL", "http://127.0.0.1:3001")
        .env("UI_SITE_ROOT", &ui.site_root);
    services.push(Service {
        name: "voice-ui-client",
        child: web.spawn().context("failed to start voice-ui-client")?,
    });
    println!();
    println!("  Voice agent platform (embedded defaults: in-memory sessions, no API key needed)");
    println!("  Session manager  http://127.0.0.1:3001   API: /api/openapi.json   health: /health");
    println!("  MCP server       http://127.0.0.1:3002/mcp  (Streamable HTTP; any MCP client)");
    println!(
        "  Customer page    http://127.0.0.1:3000/        widget: http://127.0.0.1:3000/widget"
    );
    println!("  Staff dashboard  http://127.0.0.1:3000/staff   (sign in with the staff token)");
    println!("  Staff token      printed by the session manager at start (or set STAFF_TOKEN)");
    if std::env::var_os("ULTRAVOX_API_KEY").is_some() {
        println!("  Voice            Ultravox (ULTRAVOX_API_KEY is set)");
    } else {
        println!(
            "  Voice            the LOCAL provider: a text agent, offline (set ULTRAVOX_API_KEY for real voice)"
        );
    }
    println!("  Press Ctrl-C to stop.");
    println!();
    supervise(&mut services)
}

/// Waits until any service exits or we are told to stop (Ctrl-C, SIGTERM,
/// SIGHUP), then stops the rest.
fn supervise(services: &mut [Service]) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| anyhow::anyhow!("cannot handle Ctrl-C and SIGTERM: {e}"))?;
    loop {
        if stop.load(Ordering::SeqCst) {
            eprintln!("xtask: stopping the services");
            stop_all(services);
            return Ok(());
        }
        for i in 0..services.len() {
            if let Some(status) = services[i].child.try_wait()? {
                eprintln!(
                    "xtask: {} exited ({status}); stopping the others",
                    services[i].name
                );
                stop_all(services);
                return Ok(());
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
