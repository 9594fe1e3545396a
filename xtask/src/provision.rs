//! Provision: make sure what the matrix needs is here. Rust targets are added
//! with rustup automatically (the toolchain itself is pinned by
//! `rust-toolchain.toml` and never changed); system tools are reported with the
//! exact command that installs them.

use crate::config::matrix::RunnerKind;
use crate::config::target::TargetSpec;
use crate::run::{on_path, tool_version};
use anyhow::{bail, Result};
use std::process::Command;

/// One tool the project relies on.
pub struct ToolCheck {
    pub tool: String,
    pub purpose: String,
    pub version: Option<String>,
    /// Debian package that provides it.
    pub package: String,
}

impl ToolCheck {
    fn probe(tool: &str, flag: &str, purpose: &str, package: &str) -> ToolCheck {
        let version = on_path(tool).then(|| tool_version(tool, flag));
        ToolCheck {
            tool: tool.into(),
            purpose: purpose.into(),
            version,
            package: package.into(),
        }
    }
}

/// The tools needed to build `spec` and run it with `runner`.
pub fn tools_for(spec: &TargetSpec, runner: RunnerKind) -> Vec<ToolCheck> {
    let package = spec.packages.apt.first().cloned().unwrap_or_default();
    let mut checks = vec![ToolCheck::probe(
        &spec.cc.command[0],
        "--version",
        &format!("C compiler for {}", spec.triple),
        &package,
    )];
    if spec.rust.linker != spec.cc.command[0] && spec.rust.linker != "cc" {
        checks.push(ToolCheck::probe(
            &spec.rust.linker,
            "--version",
            &format!("linker for {}", spec.triple),
            &package,
        ));
    }
    let needs_qemu =
        runner == RunnerKind::Qemu || (runner == RunnerKind::Container && !spec.is_native_here());
    if let (true, Some(qemu)) = (needs_qemu, &spec.run.qemu) {
        checks.push(ToolCheck::probe(
            qemu,
            "--version",
            &format!("emulates {}", spec.triple),
            "qemu-user-static",
        ));
    }
    if runner == RunnerKind::Container {
        checks.push(ToolCheck::probe(
            "bwrap",
            "--version",
            "clean-root containers",
            "bubblewrap",
        ));
        checks.push(ToolCheck::probe(
            "readelf",
            "--version",
            "finds what a binary needs in its root",
            "binutils",
        ));
    }
    checks
}

/// Every tool any target or runner uses, for `cargo xtask doctor`.
pub fn all_tools(entries: &[(TargetSpec, RunnerKind)]) -> Vec<ToolCheck> {
    let mut checks = vec![
        ToolCheck::probe(
            "rustc",
            "--version",
            "Rust compiler (pinned by rust-toolchain.toml)",
            "rustup",
        ),
        ToolCheck::probe("cargo", "--version", "builds", "rustup"),
        ToolCheck::probe(
            "/usr/bin/python3.11",
            "--version",
            "reference CPython and CPython's build python",
            "python3.11",
        ),
        ToolCheck::probe(
            "/usr/bin/python3.11-config",
            "--prefix",
            "dev builds link the distribution's libpython3.11",
            "python3.11-dev",
        ),
        ToolCheck::probe("make", "--version", "builds CPython", "make"),
        ToolCheck::probe("tar", "--version", "unpacks pinned sources", "tar"),
        ToolCheck::probe(
            "apt-get",
            "--version",
            "fetches Debian source packages",
            "apt",
        ),
        ToolCheck::probe(
            "dpkg-source",
            "--version",
            "unpacks Debian source packages",
            "dpkg-dev",
        ),
    ];
    for (spec, runner) in entries {
        for check in tools_for(spec, *runner) {
            if !checks.iter().any(|c| c.tool == check.tool) {
                checks.push(check);
            }
        }
    }
    checks
}

/// The one command that installs every missing tool, if any is missing.
pub fn install_command(checks: &[ToolCheck]) -> Option<String> {
    let mut packages: Vec<&str> = checks
        .iter()
        .filter(|c| c.version.is_none())
        .map(|c| c.package.as_str())
        .collect();
    packages.sort();
    packages.dedup();
    (!packages.is_empty()).then(|| {
        format!(
            "apt-get update && apt-get install -y {}",
            packages.join(" ")
        )
    })
}

/// Rust targets the pinned toolchain has.
pub fn installed_rust_targets() -> Vec<String> {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(crate::util::workspace_root())
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Adds missing Rust targets to the pinned toolchain (never touches `stable`).
pub fn ensure_rust_targets(triples: &[String]) -> Result<()> {
    let installed = installed_rust_targets();
    let missing: Vec<&String> = triples.iter().filter(|t| !installed.contains(t)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!(
        "provision: rustup target add {}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let status = Command::new("rustup")
        .arg("target")
        .arg("add")
        .args(&missing)
        .current_dir(crate::util::workspace_root())
        .status()?;
    if !status.success() {
        bail!(
            "rustup target add failed; run it yourself in the repository: rustup target add {}",
            missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(())
}

/// `cargo xtask doctor`: every tool, its version, and what is missing.
pub fn doctor(entries: &[(TargetSpec, RunnerKind)]) -> bool {
    let checks = all_tools(entries);
    println!("| tool | version | used for |\n|---|---|---|");
    for c in &checks {
        let version = c
            .version
            .as_deref()
            .map(|v| format!("✅ {v}"))
            .unwrap_or_else(|| format!("❌ missing (Debian package `{}`)", c.package));
        println!("| {} | {} | {} |", c.tool, version, c.purpose);
    }
    let installed = installed_rust_targets();
    for (spec, _) in entries {
        let mark = if installed.contains(&spec.triple) {
            "✅ installed"
        } else {
            "➕ added automatically by `cargo xtask matrix`"
        };
        println!("| rust target {} | {mark} | hybrid binary |", spec.triple);
    }
    match install_command(&checks) {
        Some(cmd) => {
            println!("\nMissing tools. Install them with:\n\n    {cmd}\n");
            false
        }
        None => {
            println!("\nEverything the matrix needs is installed.");
            true
        }
    }
}
