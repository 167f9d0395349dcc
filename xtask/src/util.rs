//! Small process helpers: the workspace root, cargo through `$CARGO`, and
//! commands that fail with the step's name.

use std::{
    path::PathBuf,
    process::{Command, ExitStatus},
};

use anyhow::{Context, bail};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// `cargo <args>` in the workspace root, with the cargo that runs us.
pub fn cargo(args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(root());
    command
}

pub trait CommandExt {
    /// Runs to completion; an error names `step` when it fails.
    fn status_ok(&mut self, step: &str) -> anyhow::Result<()>;
}

impl CommandExt for Command {
    fn status_ok(&mut self, step: &str) -> anyhow::Result<()> {
        let status: ExitStatus = self
            .status()
            .with_context(|| format!("{step}: could not start"))?;
        if !status.success() {
            bail!("{step} failed ({status})");
        }
        Ok(())
    }
}

/// True when `program` is on PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
