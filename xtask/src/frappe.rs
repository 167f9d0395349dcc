//! `cargo xtask package-frappe`: each Frappe app as a standalone git
//! repository (what `bench get-app` clones) and a tarball, under
//! `target/frappe-apps/`.

use std::{path::Path, process::Command};

use anyhow::Context;

use crate::util::{CommandExt, root};

const APPS: [&str; 2] = ["voice_agent", "business_workflows"];

pub fn package() -> anyhow::Result<()> {
    let out = root().join("target/frappe-apps");
    std::fs::create_dir_all(&out).context("failed to create target/frappe-apps")?;
    for app in APPS {
        let repo = out.join(app);
        if repo.exists() {
            std::fs::remove_dir_all(&repo)
                .with_context(|| format!("failed to clear {}", repo.display()))?;
        }
        copy_tree(&root().join("frappe_apps").join(app), &repo)?;
        let git = |args: &[&str]| {
            let mut c = Command::new("git");
            c.args([
                "-c",
                "user.name=xtask",
                "-c",
                "user.email=xtask@localhost",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(&repo);
            c
        };
        git(&["init", "-q"]).status_ok("git init")?;
        git(&["add", "-A"]).status_ok("git add")?;
        git(&[
            "commit",
            "-q",
            "-m",
            &format!("{app} packaged by cargo xtask package-frappe"),
        ])
        .status_ok("git commit")?;
        let tarball = out.join(format!("{app}.tar.gz"));
        Command::new("tar")
            .args(["-czf"])
            .arg(&tarball)
            .args(["--exclude=.git", "-C"])
            .arg(&out)
            .arg(app)
            .status_ok("tar")?;
        println!(
            "{app}: git repository {} (bench get-app {0}), tarball {}",
            repo.display(),
            tarball.display()
        );
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("failed to read {}", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str == "__pycache__" || name_str.ends_with(".pyc") {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("failed to copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}
