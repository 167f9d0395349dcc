//! Building the Leptos UI (`apps/voice-ui-client`) without cargo-leptos:
//! cargo builds the WASM (`--features hydrate`) and the server
//! (`--features ssr`), wasm-bindgen runs here as a library pinned to the
//! crate's exact version, npm's binaryen shrinks the WASM, esbuild bundles
//! the Ultravox SDK, and the CSS and public files are copied into
//! `target/site`.
//!
//! npm packages live in `target/ui-tools/node_modules` (pinned below), never
//! on the system; Debian's old wasm-opt is never used (it breaks hydration).

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{Context, bail};

use crate::{
    prereq::{self, NPM},
    util::{CommandExt, cargo, root},
};

/// npm packages the UI build and its browser tests use, pinned.
const NPM_PACKAGES: &[(&str, &str)] = &[
    ("binaryen", "132.0.0"),
    ("esbuild", "0.28.2"),
    ("ultravox-client", "0.5.0"),
    ("playwright-core", "1.65.1"),
];

const CRATE_DIR: &str = "apps/voice-ui-client";
const WASM_NAME: &str = "voice_ui_client";

/// What a UI build produced.
#[derive(Debug, Clone)]
pub struct UiBuild {
    /// The `voice-ui-client` server binary.
    pub server: PathBuf,
    /// `target/site`: pass as `UI_SITE_ROOT`.
    pub site_root: PathBuf,
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// `target/ui-tools`, with the pinned npm packages installed.
pub fn tools_dir() -> PathBuf {
    target_dir().join("ui-tools")
}

/// Builds the WASM, the site and the server. `release`: the size-optimised
/// `wasm-release` profile plus `wasm-opt -Oz`, and a release server.
pub fn build_ui(release: bool) -> anyhow::Result<UiBuild> {
    build_ui_with(release, release)
}

/// [`build_ui`] with the WASM and the server profiles chosen apart (the
/// browser tests want a small WASM but a debug server, which shares its
/// dependencies with the other services' debug builds).
pub fn build_ui_with(wasm_release: bool, server_release: bool) -> anyhow::Result<UiBuild> {
    let started = Instant::now();
    ensure_wasm_target()?;
    ensure_npm_packages()?;
    let site = target_dir().join("site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).with_context(|| format!("failed to create {}", pkg.display()))?;

    let wasm = build_wasm(wasm_release)?;
    bindgen(&wasm, &pkg)?;
    wasm_opt(&pkg.join(format!("{WASM_NAME}_bg.wasm")), wasm_release)?;
    bundle_ultravox(&pkg)?;
    copy_assets(&site)?;
    let server = build_server(server_release)?;
    eprintln!(
        "xtask: UI built in {:.0} s (site: {}, server: {})",
        started.elapsed().as_secs_f64(),
        site.display(),
        server.display()
    );
    Ok(UiBuild {
        server,
        site_root: site,
    })
}

/// clippy on the browser side of the UI (`--features hydrate` on wasm32),
/// which `cargo clippy --workspace` never sees.
pub fn clippy_wasm() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    cargo(&[
        "clippy",
        "-p",
        "voice-ui-client",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "hydrate",
        "--",
        "-D",
        "warnings",
    ])
    .status_ok("clippy (UI, wasm32 + hydrate)")
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context(
            "rustup is needed to add the wasm32-unknown-unknown target; install Rust with rustup (https://rustup.rs)",
        )?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    eprintln!("xtask: adding the wasm32-unknown-unknown target (rustup target add)");
    Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .status_ok("rustup target add wasm32-unknown-unknown")
}

/// Installs the pinned npm packages into `target/ui-tools` when the pins
/// changed or nothing is installed yet.
pub fn ensure_npm_packages() -> anyhow::Result<()> {
    prereq::ensure(&[NPM])?;
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let deps: Vec<String> = NPM_PACKAGES
        .iter()
        .map(|(name, version)| format!("    \"{name}\": \"{version}\""))
        .collect();
    let manifest = format!(
        "{{\n  \"name\": \"voice-ui-tools\",\n  \"private\": true,\n  \"description\": \"written by cargo xtask (xtask/src/ui.rs)\",\n  \"dependencies\": {{\n{}\n  }}\n}}\n",
        deps.join(",\n")
    );
    let stamp = dir.join("node_modules/.xtask-installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(manifest.as_str()) {
        return Ok(());
    }
    std::fs::write(dir.join("package.json"), &manifest).context("failed to write package.json")?;
    eprintln!(
        "xtask: installing {} into {}",
        NPM_PACKAGES
            .iter()
            .map(|(n, v)| format!("{n}@{v}"))
            .collect::<Vec<_>>()
            .join(" "),
        dir.display()
    );
    Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status_ok("npm install (target/ui-tools)")?;
    std::fs::write(&stamp, &manifest).context("failed to write the npm stamp")
}

fn build_wasm(release: bool) -> anyhow::Result<PathBuf> {
    let profile = if release { "wasm-release" } else { "wasm-dev" };
    cargo(&[
        "build",
        "-p",
        "voice-ui-client",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--no-default-features",
        "--features",
        "hydrate",
        "--profile",
        profile,
    ])
    // The server must not see this at compile time (see leptos HydrationScripts).
    .env_remove("LEPTOS_OUTPUT_NAME")
    .status_ok("cargo build (UI WASM)")?;
    let dir = profile;
    Ok(target_dir()
        .join("wasm32-unknown-unknown")
        .join(dir)
        .join(format!("{WASM_NAME}.wasm")))
}

/// wasm-bindgen as a library: the same version as the crate's `wasm-bindgen`.
fn bindgen(wasm: &Path, out_dir: &Path) -> anyhow::Result<()> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)
        .context("wasm-bindgen: --target web")?
        .typescript(false)
        .out_name(WASM_NAME)
        .generate(out_dir)
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))
}

/// npm binaryen's wasm-opt (version 132): `-Oz` for release builds; debug
/// builds skip it (it would spend a minute on a debug module).
fn wasm_opt(wasm: &Path, release: bool) -> anyhow::Result<()> {
    if !release {
        return Ok(());
    }
    let wasm_opt = tools_dir().join("node_modules/.bin/wasm-opt");
    Command::new(&wasm_opt)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .status_ok("wasm-opt (npm binaryen)")
}

/// The `ultravox-client` SDK as one ES module, `pkg/ultravox-sdk.js`.
fn bundle_ultravox(pkg: &Path) -> anyhow::Result<()> {
    let out = pkg.join("ultravox-sdk.js");
    let stamp = tools_dir().join("node_modules/.xtask-installed");
    if is_newer(&out, &stamp) {
        return Ok(());
    }
    let tools = tools_dir();
    let entry = tools.join("ultravox_entry.js");
    std::fs::copy(root().join(CRATE_DIR).join("js/ultravox_entry.js"), &entry)
        .context("failed to copy js/ultravox_entry.js")?;
    Command::new(tools.join("node_modules/.bin/esbuild"))
        .arg(&entry)
        .args([
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", out.display()))
        .current_dir(&tools)
        .status_ok("esbuild (ultravox-client)")
}

fn copy_assets(site: &Path) -> anyhow::Result<()> {
    let crate_dir = root().join(CRATE_DIR);
    std::fs::copy(
        crate_dir.join("style/main.css"),
        site.join("pkg/voice-ui.css"),
    )
    .context("failed to copy style/main.css")?;
    let public = crate_dir.join("public");
    for entry in std::fs::read_dir(&public)
        .with_context(|| format!("failed to read {}", public.display()))?
    {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), site.join(entry.file_name()))
                .with_context(|| format!("failed to copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn build_server(release: bool) -> anyhow::Result<PathBuf> {
    let mut build = cargo(&["build", "-p", "voice-ui-client", "--bin", "voice-ui-client"]);
    if release {
        build.arg("--release");
    }
    build
        .env_remove("LEPTOS_OUTPUT_NAME")
        .status_ok("cargo build (UI server)")?;
    let server = target_dir()
        .join(if release { "release" } else { "debug" })
        .join("voice-ui-client");
    if !server.exists() {
        bail!(
            "the UI server was built but {} is missing",
            server.display()
        );
    }
    Ok(server)
}

fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        _ => false,
    }
}
