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
    /// What installs it.
    pub fix: Fix,
}

/// How a missing tool gets installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// A Debian package.
    Apt(String),
    /// A command (e.g. a hash-pinned pip install).
    Command(String),
}

impl ToolCheck {
    fn probe(tool: &str, flag: &str, purpose: &str, package: &str) -> ToolCheck {
        let version = on_path(tool).then(|| tool_version(tool, flag));
        ToolCheck {
            tool: tool.into(),
            purpose: purpose.into(),
            version,
            fix: Fix::Apt(package.into()),
        }
    }

    /// Runs the whole `argv --version` (a compiler may be `python3 -m ziglang cc …`):
    /// present only if it succeeds.
    fn probe_command(argv: &[String], purpose: &str, fix: Fix) -> ToolCheck {
        let version = Command::new(&argv[0])
            .args(&argv[1..])
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            });
        ToolCheck {
            tool: argv.join(" "),
            purpose: purpose.into(),
            version,
            fix,
        }
    }

    fn describe_fix(&self) -> String {
        match &self.fix {
            Fix::Apt(package) => format!("Debian package `{package}`"),
            Fix::Command(command) => format!("`{command}`"),
        }
    }
}

/// The tools needed to build `spec` and run it with `runner`.
pub fn tools_for(spec: &TargetSpec, runner: RunnerKind) -> Vec<ToolCheck> {
    let package = spec.packages.apt.first().cloned().unwrap_or_default();
    let cc_fix = match &spec.packages.cc_install {
        Some(command) => Fix::Command(command.clone()),
        None => Fix::Apt(package.clone()),
    };
    let mut checks = vec![ToolCheck::probe_command(
        &spec.cc.command,
        &format!("C compiler for {}", spec.triple),
        cc_fix,
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
    let missing = checks.iter().filter(|c| c.version.is_none());
    let mut packages: Vec<&str> = Vec::new();
    let mut commands: Vec<&str> = Vec::new();
    for check in missing {
        match &check.fix {
            Fix::Apt(package) => packages.push(package),
            Fix::Command(command) => commands.push(command),
        }
    }
    packages.sort();
    packages.dedup();
    commands.sort();
    commands.dedup();
    let mut steps: Vec<String> = Vec::new();
    if !packages.is_empty() {
        steps.push(format!(
            "apt-get update && apt-get install -y {}",
            packages.join(" ")
        ));
    }
    steps.extend(commands.iter().map(|c| c.to_string()));
    (!steps.is_empty()).then(|| steps.join(" && "))
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
            .unwrap_or_else(|| format!("❌ missing ({})", c.describe_fix()));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(tool: &str, fix: Fix) -> ToolCheck {
        ToolCheck {
            tool: tool.into(),
            purpose: String::new(),
            version: None,
            fix,
        }
    }

    #[test]
    fn one_install_line_for_packages_and_commands() {
        let checks = [
            missing("qemu-aarch64-static", Fix::Apt("qemu-user-static".into())),
            missing("bwrap", Fix::Apt("bubblewrap".into())),
            missing(
                "zig cc",
                Fix::Command("python3 -m pip install -r .ci/ziglang.txt".into()),
            ),
            missing("qemu-aarch64-static", Fix::Apt("qemu-user-static".into())),
        ];
        assert_eq!(
            install_command(&checks).unwrap(),
            "apt-get update && apt-get install -y bubblewrap qemu-user-static && python3 -m pip install -r .ci/ziglang.txt"
        );
    }

    #[test]
    fn a_compiler_command_that_fails_is_missing() {
        let argv = vec![
            "python3".to_string(),
            "-m".into(),
            "no_such_module_here".into(),
        ];
        let check = ToolCheck::probe_command(&argv, "C compiler", Fix::Command("fix it".into()));
        assert!(check.version.is_none());
        assert_eq!(install_command(&[check]).unwrap(), "fix it");
    }
}
