//! `cargo xtask bench <name>`: builds in release, starts the real services
//! (and a private redis-server for Redis mode) and runs a load generator.

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Which benchmark.
    which: Which,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Which {
    /// Sessions with one WebSocket subscriber each: create and event delivery latency, memory, CPU.
    Sessions,
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.which {
        Which::Sessions => anyhow::bail!("not yet"),
    }
}
