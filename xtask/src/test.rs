//! `cargo xtask test`: every test of the project, with its prerequisites:
//! Rust, the MCP server through the Python client, the Frappe apps' rules,
//! the WordPress plugin on a real WordPress, the UI in a real browser, and
//! the deployment (infra/) with a real nginx in front of the services.

use clap::Args;

use crate::{
    prereq::{self, DOCKER_COMPOSE, NGINX, PROMTOOL, PYTHON_VENV, REDIS},
    util::{CommandExt, cargo, root},
};

/// What the Python test virtualenv (`.venv-mcp`) holds: the official MCP
/// client, pytest, and websockets for the deployment tests.
const PYTHON_PACKAGES: [&str; 3] = ["mcp>=2,<3", "pytest", "websockets>=14"];

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Only the Rust tests.
    #[arg(long)]
    rust_only: bool,
    /// Only the UI's browser tests (builds the UI and the services).
    #[arg(long, conflicts_with = "rust_only")]
    ui_only: bool,
    /// Skip the UI's browser tests.
    #[arg(long)]
    no_ui: bool,
    /// Extra arguments for `cargo test` (e.g. a test name filter).
    #[arg(last = true)]
    cargo_args: Vec<String>,
}

pub fn run(args: TestArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    if args.ui_only {
        return crate::ui_browser::run().map(|_| ());
    }
    prereq::ensure(&[REDIS])?;
    let mut test = cargo(&["test", "--workspace"]);
    test.args(&args.cargo_args);
    test.status_ok("cargo test --workspace")?;
    if !args.rust_only {
        prereq::ensure(&[PYTHON_VENV])?;
        mcp_client_tests()?;
        std::process::Command::new("bash")
            .arg(root().join("frappe_apps/run_tests.sh"))
            .current_dir(root())
            .status_ok("frappe_apps/run_tests.sh")?;
        std::process::Command::new("bash")
            .arg(root().join("wordpress-plugin/tests/run.sh"))
            .current_dir(root())
            .status_ok("wordpress-plugin/tests/run.sh")?;
        let ui = if args.no_ui {
            None
        } else {
            Some(crate::ui_browser::run()?)
        };
        infra_tests(ui.as_ref())?;
    }
    eprintln!(
        "xtask: every test passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The MCP server through the official Python MCP client, in a virtualenv
/// (`.venv-mcp`) created on first use.
fn mcp_client_tests() -> anyhow::Result<()> {
    cargo(&[
        "build",
        "-p",
        "voice-session-manager",
        "-p",
        "mcp-voice-server",
    ])
    .status_ok("cargo build (services)")?;
    let python = python_venv()?;
    std::process::Command::new(&python)
        .args(["-m", "pytest", "-q"])
        .arg(root().join("apps/mcp-voice-server/tests/python"))
        .current_dir(root())
        .status_ok("MCP client tests (pytest)")
}

/// The test virtualenv (`.venv-mcp`), created on first use and brought up
/// to date when [`PYTHON_PACKAGES`] changes (a stamp file records them).
fn python_venv() -> anyhow::Result<std::path::PathBuf> {
    let venv = root().join(".venv-mcp");
    let python = venv.join("bin/python");
    let stamp = venv.join("xtask-packages.txt");
    let wanted = PYTHON_PACKAGES.join("\n");
    if !python.exists() {
        eprintln!(
            "xtask: creating {} (python3 -m venv) for the Python tests",
            venv.display()
        );
        std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status_ok("python3 -m venv")?;
    }
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        eprintln!(
            "xtask: pip install {} into {}",
            PYTHON_PACKAGES.join(" "),
            venv.display()
        );
        std::process::Command::new(venv.join("bin/pip"))
            .args(["install", "-q"])
            .args(PYTHON_PACKAGES)
            .status_ok("pip install (the Python test packages)")?;
        std::fs::write(&stamp, &wanted)
            .map_err(|e| anyhow::anyhow!("failed to write {}: {e}", stamp.display()))?;
    }
    Ok(python)
}

/// The deployment (`infra/tests`): the Prometheus, Grafana and compose
/// files on their own; with the UI built, the edge too: a real nginx on
/// `infra/nginx`, two session managers on a real Redis, and the UI server.
fn infra_tests(ui: Option<&crate::ui::UiBuild>) -> anyhow::Result<()> {
    prereq::ensure(&[PROMTOOL, DOCKER_COMPOSE])?;
    let python = python_venv()?;
    let tests = root().join("infra/tests");
    let mut pytest = std::process::Command::new(&python);
    pytest.args(["-m", "pytest", "-q"]).current_dir(root());
    match ui {
        Some(ui) => {
            prereq::ensure(&[NGINX, REDIS])?;
            pytest
                .arg(&tests)
                .env("VSM_BIN", debug_bin("voice-session-manager"))
                .env("UI_BIN", &ui.server)
                .env("UI_SITE_ROOT", &ui.site_root);
        }
        None => {
            eprintln!(
                "xtask: --no-ui: the deployment's edge test needs the UI; checking its files only"
            );
            pytest.arg(tests.join("test_static.py"));
        }
    }
    pytest.status_ok("deployment tests (infra/tests)")
}

fn debug_bin(name: &str) -> std::path::PathBuf {
    crate::ui::target_dir().join("debug").join(name)
}
