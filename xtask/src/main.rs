//! `cargo xtask`: the project's one entry point for running, testing,
//! benchmarking and generating things. Each command installs or checks what
//! it needs first, and says exactly what is missing when it cannot.

mod bench;
mod dev;
mod frappe;
mod prereq;
mod test;
#[cfg(test)]
mod tidy;
mod ui;
mod ui_browser;
mod util;

use clap::{Parser, Subcommand};
use util::CommandExt;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, run and test the voice agent platform"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole product on embedded defaults (no Redis, no ERPNext, no API key).
    Dev(dev::DevArgs),
    /// Run every test: Rust (unit, integration, real Redis), Python (Frappe apps' rules).
    Test(test::TestArgs),
    /// Run a benchmark and print its results (record them in docs/BENCHMARKS.md).
    Bench(bench::BenchArgs),
    /// Regenerate the committed contracts in docs/contracts (OpenAPI, event schema).
    Codegen,
    /// cargo fmt --check and clippy with warnings denied.
    Lint,
    /// Build the UI only: WASM, site (target/site) and server.
    Ui {
        /// Size-optimised WASM (wasm-release + wasm-opt) and a release server.
        #[arg(long)]
        release: bool,
    },
    /// Package each Frappe app as a git repository and a tarball for `bench get-app`.
    PackageFrappe,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Dev(args) => dev::run(args),
        Command::Test(args) => test::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Codegen => util::cargo(&[
            "test",
            "-q",
            "-p",
            "voice-session-manager",
            "--test",
            "api",
            "contracts",
        ])
        .env("UPDATE_CONTRACTS", "1")
        .status_ok("codegen"),
        Command::PackageFrappe => frappe::package(),
        Command::Ui { release } => ui::build_ui(release).map(|_| ()),
        Command::Lint => {
            util::cargo(&["fmt", "--all", "--", "--check"]).status_ok("cargo fmt --check")?;
            util::cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .status_ok("clippy")?;
            ui::clippy_wasm()
        }
    }
}
