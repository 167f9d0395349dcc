//! `cargo xtask test`: every test of the project, with its prerequisites:
//! Rust, the MCP server through the Python client, the Frappe apps' rules,
//! and the UI in a real browser.

use clap::Args;

use crate::{
    prereq::{self, PYTHON_VENV, REDIS},
    util::{CommandExt, cargo, root},
};

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
        return crate::ui_browser::run();
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
        if !args.no_ui {
            crate::ui_browser::run()?;
        }
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
    let venv = root().join(".venv-mcp");
    let python = venv.join("bin/python");
    if !python.exists() {
        eprintln!(
            "xtask: creating {} with the official MCP client (pip install mcp pytest)",
            venv.display()
        );
        std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status_ok("python3 -m venv")?;
        std::process::Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "mcp>=2,<3", "pytest"])
            .status_ok("pip install mcp pytest")?;
    }
    std::process::Command::new(&python)
        .args(["-m", "pytest", "-q"])
        .arg(root().join("apps/mcp-voice-server/tests/python"))
        .current_dir(root())
        .status_ok("MCP client tests (pytest)")
}
