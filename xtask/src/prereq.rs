//! Tools the tests and the dev setup need, installed when possible.
//!
//! As root with apt (CI, a fresh project machine) missing Debian packages
//! are installed; otherwise the exact command to run is printed.

use anyhow::bail;

use crate::util::{CommandExt, have, is_root};

/// One tool: the program to look for and the Debian package that has it.
pub struct Tool {
    pub program: &'static str,
    pub package: &'static str,
    pub why: &'static str,
}

pub const REDIS: Tool = Tool {
    program: "redis-server",
    package: "redis-server",
    why: "the Redis-mode tests start a real redis-server",
};

pub const PYTHON_VENV: Tool = Tool {
    program: "python3",
    package: "python3-venv",
    why: "the Frappe apps' rule tests run under pytest",
};

pub const NPM: Tool = Tool {
    program: "npm",
    package: "npm",
    why: "the UI build installs binaryen, esbuild and the Ultravox SDK from npm",
};

pub const CHROMIUM: Tool = Tool {
    program: "chromium",
    package: "chromium",
    why: "the UI's browser tests drive a headless Chromium",
};

pub const NGINX: Tool = Tool {
    program: "nginx",
    package: "nginx",
    why: "the deployment tests run infra/nginx in front of the services",
};

pub const PROMTOOL: Tool = Tool {
    program: "promtool",
    package: "prometheus",
    why: "the deployment tests check infra/prometheus and unit-test its alert rules",
};

pub const DOCKER_COMPOSE: Tool = Tool {
    program: "docker-compose",
    package: "docker-compose",
    why: "the deployment tests validate infra/compose.yaml (no Docker engine needed)",
};

/// Makes sure every tool is there, installing with apt-get where allowed.
pub fn ensure(tools: &[Tool]) -> anyhow::Result<()> {
    let missing: Vec<&Tool> = tools.iter().filter(|t| !have(t.program)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing.iter().map(|t| t.package).collect();
    for t in &missing {
        eprintln!("xtask: `{}` is missing ({})", t.program, t.why);
    }
    if is_root() && have("apt-get") {
        eprintln!("xtask: installing {} with apt-get", packages.join(" "));
        std::process::Command::new("apt-get")
            .args(["update", "-qq"])
            .status_ok("apt-get update")?;
        std::process::Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(&packages)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status_ok("apt-get install")?;
        return Ok(());
    }
    bail!(
        "missing tools; install them with:\n    sudo apt-get install -y {}\n(or your system's equivalent)",
        packages.join(" ")
    )
}
