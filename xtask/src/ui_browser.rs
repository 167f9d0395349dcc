//! The UI's browser tests: playwright-core (npm) driving Debian's Chromium
//! headless against the real services on free ports.
//!
//! Three stacks are started: the main one (session manager in memory with a
//! staff token, MCP server, UI, and a WordPress site whose plugin embeds
//! that UI), a queue one (`MAX_CONCURRENT_CALLS=1`) and a UI whose session
//! manager is down. Service logs and screenshots go to
//! `target/ui-artifacts/`.

use std::{
    fs::File,
    io::{BufRead, BufReader, Write},
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use anyhow::{Context, bail};
use testkit::{ChildGuard, free_port};

use crate::{
    prereq::{self, CHROMIUM},
    ui::{self, UiBuild},
    util::{CommandExt, cargo, root},
};

const STAFF_TOKEN: &str = "browser-test-staff-token-0123456789";
const SERVICE_TOKEN: &str = "browser-test-service-token-0123456789";

/// Builds everything and runs every `*.test.mjs` in `tests/browser`;
/// returns the UI build for the tests that come after.
pub fn run() -> anyhow::Result<UiBuild> {
    prereq::ensure(&[CHROMIUM])?;
    let started = std::time::Instant::now();
    let ui = ui::build_ui_with(true, false)?;
    cargo(&[
        "build",
        "-p",
        "voice-session-manager",
        "-p",
        "mcp-voice-server",
    ])
    .status_ok("cargo build (services)")?;
    let artifacts = ui::target_dir().join("ui-artifacts");
    let logs = artifacts.join("logs");
    std::fs::create_dir_all(&logs).context("failed to create target/ui-artifacts/logs")?;
    let bin = ui::target_dir().join("debug");

    let mut children = Vec::new();
    let main_ui_port = free_port();
    let (guard, sm) = start_session_manager(&bin, &logs, "main", main_ui_port, &[])?;
    children.push(guard);
    let (guard, _mcp) = spawn(
        &bin.join("mcp-voice-server"),
        &logs.join("mcp.log"),
        &[
            ("MCP_BIND", "127.0.0.1:0".to_owned()),
            ("SESSION_MANAGER_URL", format!("http://{sm}")),
            ("SERVICE_TOKEN", SERVICE_TOKEN.to_owned()),
        ],
    )?;
    children.push(guard);
    let (guard, main_ui) = start_ui(&ui, &logs, "main", main_ui_port, &format!("http://{sm}"))?;
    children.push(guard);

    let queue_ui_port = free_port();
    let (guard, queue_sm) = start_session_manager(
        &bin,
        &logs,
        "queue",
        queue_ui_port,
        &[("MAX_CONCURRENT_CALLS", "1")],
    )?;
    children.push(guard);
    let (guard, queue_ui) = start_ui(
        &ui,
        &logs,
        "queue",
        queue_ui_port,
        &format!("http://{queue_sm}"),
    )?;
    children.push(guard);

    // A WordPress site whose Talk Agent plugin embeds the main UI.
    let wordpress = start_wordpress(&format!("http://{main_ui}"), &logs)?;

    let dead_sm = format!("http://127.0.0.1:{}", free_port());
    let (guard, dead_ui) = start_ui(&ui, &logs, "unreachable", free_port(), &dead_sm)?;
    children.push(guard);

    let tests_dir = root().join("apps/voice-ui-client/tests/browser");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&tests_dir)
        .with_context(|| format!("failed to read {}", tests_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    let chromium = which("chromium").unwrap_or_else(|| "/usr/bin/chromium".into());
    let playwright = ui::tools_dir().join("node_modules/playwright-core/index.mjs");
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .args(&files)
        .current_dir(root())
        .env("UI_URL", format!("http://{main_ui}"))
        .env("SM_URL", format!("http://{sm}"))
        .env("QUEUE_UI_URL", format!("http://{queue_ui}"))
        .env("QUEUE_SM_URL", format!("http://{queue_sm}"))
        .env("DEAD_UI_URL", format!("http://{dead_ui}"))
        .env("WP_URL", &wordpress.url)
        .env("WP_PAGE_URL", &wordpress.page_url)
        .env("STAFF_TOKEN", STAFF_TOKEN)
        .env("SERVICE_TOKEN", SERVICE_TOKEN)
        .env("CHROMIUM_PATH", chromium)
        .env("PLAYWRIGHT_CORE", playwright)
        .env("ARTIFACTS", &artifacts)
        .status()
        .context("failed to start node (needed for the browser tests)")?;
    for child in &mut children {
        child.terminate(Duration::from_secs(5));
    }
    drop(wordpress);
    eprintln!(
        "xtask: browser tests finished in {:.0} s; screenshots and service logs in {}",
        started.elapsed().as_secs_f64(),
        artifacts.display()
    );
    if !status.success() {
        bail!(
            "browser tests failed ({status}); see {}",
            artifacts.display()
        );
    }
    Ok(ui)
}

fn start_session_manager(
    bin: &Path,
    logs: &Path,
    name: &str,
    ui_port: u16,
    extra: &[(&str, &str)],
) -> anyhow::Result<(ChildGuard, SocketAddr)> {
    let mut envs = vec![
        ("SESSION_MANAGER_BIND", "127.0.0.1:0".to_owned()),
        ("DATA_DIR", ":memory:".to_owned()),
        ("STAFF_TOKEN", STAFF_TOKEN.to_owned()),
        ("SERVICE_TOKEN", SERVICE_TOKEN.to_owned()),
        (
            "CORS_ALLOWED_ORIGINS",
            format!("http://127.0.0.1:{ui_port},http://localhost:{ui_port}"),
        ),
        ("SESSION_CREATE_RATE", "1000".to_owned()),
        ("SESSION_CREATE_BURST", "1000".to_owned()),
    ];
    envs.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    spawn(
        &bin.join("voice-session-manager"),
        &logs.join(format!("session-manager-{name}.log")),
        &envs,
    )
}

fn start_ui(
    ui: &UiBuild,
    logs: &Path,
    name: &str,
    port: u16,
    session_manager: &str,
) -> anyhow::Result<(ChildGuard, SocketAddr)> {
    spawn(
        &ui.server,
        &logs.join(format!("ui-{name}.log")),
        &[
            ("UI_BIND", format!("127.0.0.1:{port}")),
            ("SESSION_MANAGER_URL", session_manager.to_owned()),
            ("UI_SITE_ROOT", ui.site_root.to_string_lossy().into_owned()),
        ],
    )
}

/// The WordPress site of `wordpress-plugin/tests/site.sh`; stopped with
/// SIGTERM on drop, so it stops its MariaDB and PHP server by PID (a bare
/// kill would leave them running).
struct WordPress {
    guard: ChildGuard,
    url: String,
    page_url: String,
}

impl Drop for WordPress {
    fn drop(&mut self) {
        self.guard.terminate(Duration::from_secs(10));
    }
}

/// Starts the WordPress site (installing its Debian packages as root when
/// missing) and waits for its `wordpress site ready` line.
fn start_wordpress(ui_url: &str, logs: &Path) -> anyhow::Result<WordPress> {
    let mut child = Command::new("bash")
        .arg(root().join("wordpress-plugin/tests/site.sh"))
        .env("UI_URL", ui_url)
        .env("WP_LOGS", logs)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("failed to start wordpress-plugin/tests/site.sh")?;
    let stdout = child.stdout.take().context("stdout is piped")?;
    let mut guard = ChildGuard::new(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut values = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line == "wordpress site ready" {
                let _ = tx.send(values);
                return;
            }
            values.push(line);
        }
    });
    // Installing the packages on a fresh machine takes most of this.
    let Ok(lines) = rx.recv_timeout(Duration::from_secs(300)) else {
        guard.terminate(Duration::from_secs(10));
        bail!(
            "wordpress-plugin/tests/site.sh did not get ready within 300 s (its reason is above)"
        );
    };
    let value = |key: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(key).map(str::to_owned))
            .with_context(|| format!("site.sh printed no {key} line"))
    };
    Ok(WordPress {
        url: value("WP_URL=")?,
        page_url: value("WP_PAGE_URL=")?,
        guard,
    })
}

/// Starts a service with its output in `log`, and waits (60 s) for its
/// `listening on http://ADDR` line.
fn spawn(
    program: &Path,
    log: &Path,
    envs: &[(&str, String)],
) -> anyhow::Result<(ChildGuard, SocketAddr)> {
    let err_log =
        File::create(log).with_context(|| format!("failed to create {}", log.display()))?;
    let mut out_log = err_log
        .try_clone()
        .context("failed to share the log file")?;
    let mut command = Command::new(program);
    command
        .env_remove("REDIS_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(err_log));
    for (k, v) in envs {
        command.env(k, v);
    }
    let mut child = command
        .spawn()
        .with_context(|| format!("failed to start {}", program.display()))?;
    let stdout = child.stdout.take().context("stdout is piped")?;
    let guard = ChildGuard::new(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = writeln!(out_log, "{line}");
            if !sent && let Some(rest) = line.split("listening on http://").nth(1) {
                let addr = rest.split([' ', '/']).next().unwrap_or("").to_owned();
                let _ = tx.send(addr);
                sent = true;
            }
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(60)).with_context(|| {
        format!(
            "{} did not print `listening on http://…` within 60 s; see {}",
            program.display(),
            log.display()
        )
    })?;
    let addr = addr.parse().with_context(|| {
        format!(
            "{} printed an unparsable address `{addr}`",
            program.display()
        )
    })?;
    Ok((guard, addr))
}

fn which(program: &str) -> Option<String> {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (!path.is_empty()).then_some(path)
}
