//! `cargo xtask test`: every test of the project, with its prerequisites.

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
    /// Extra arguments for `cargo test` (e.g. a test name filter).
    #[arg(last = true)]
    cargo_args: Vec<String>,
}

pub fn run(args: TestArgs) -> anyhow::Result<()> {
    prereq::ensure(&[REDIS])?;
    let started = std::time::Instant::now();
    let mut test = cargo(&["test", "--workspace"]);
    test.args(&args.cargo_args);
    test.status_ok("cargo test --workspace")?;
    if !args.rust_only {
        prereq::ensure(&[PYTHON_VENV])?;
        std::process::Command::new("bash")
            .arg(root().join("frappe_apps/run_tests.sh"))
            .current_dir(root())
            .status_ok("frappe_apps/run_tests.sh")?;
    }
    eprintln!(
        "xtask: every test passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
