//! The `rustup` cross sees: questions go to the real rustup, changes are
//! refused. And the snapshot that proves no toolchain changed.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The rustup subcommands that only read.
const READ_ONLY: &[&str] = &[
    "toolchain list",
    "target list",
    "component list",
    "show",
    "which",
    "--version",
    "-V",
];

/// Writes the guard into `dir` (returned, for PATH) and points it at the
/// real rustup.
pub fn write(dir: &Path) -> Result<PathBuf> {
    let real = real_rustup()?;
    let allowed: String = READ_ONLY
        .iter()
        .map(|c| format!("  \"{c}\"|\"{c} \"*) exec '{}' \"$@\" ;;\n", real.display()))
        .collect();
    let script = format!(
        "#!/bin/sh\n\
         # Written by cargo xtask (xtask/src/cross/guard.rs): cross may ask rustup\n\
         # questions, never change a toolchain.\n\
         case \"$*\" in\n{allowed}esac\n\
         echo \"cargo xtask: cross asked for 'rustup $*', which would change a rustup toolchain: refused. \
         The xtask provisions what the build needs before it runs cross; report this command.\" >&2\n\
         exit 1\n"
    );
    std::fs::create_dir_all(dir)?;
    let path = dir.join("rustup");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(script.as_str()) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&path, &script)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(dir.to_path_buf())
}

fn real_rustup() -> Result<PathBuf> {
    let out = Command::new("sh")
        .args(["-c", "command -v rustup"])
        .output()
        .context("cannot run sh")?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    anyhow::ensure!(!path.is_empty(), "rustup is not on PATH: cross needs it");
    Ok(PathBuf::from(path))
}

/// Everything about the rustup toolchains a change would show: the list,
/// and per toolchain its compiler's version and installed components and
/// targets.
pub fn toolchains_snapshot() -> Result<String> {
    let rustup = |args: &[&str]| -> Result<String> {
        let out = Command::new("rustup")
            .args(args)
            .output()
            .with_context(|| format!("cannot run rustup {}", args.join(" ")))?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let list = rustup(&["toolchain", "list"])?;
    let mut snapshot = format!("toolchains:\n{list}");
    for line in list.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        snapshot.push_str(&format!(
            "\n{name}:\n{}{}",
            rustup(&["run", name, "rustc", "-vV"])?,
            rustup(&["component", "list", "--installed", "--toolchain", name])?
        ));
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_answers_questions_and_refuses_changes() {
        let dir = crate::util::Scratch::new("cross-guard");
        let guard = write(&dir).unwrap().join("rustup");
        let run = |args: &[&str]| Command::new(&guard).args(args).output().unwrap();
        let listed = run(&["toolchain", "list"]);
        assert!(listed.status.success());
        assert!(String::from_utf8_lossy(&listed.stdout).contains("1.95.0"));
        assert!(
            run(&["component", "list", "--installed", "--toolchain", "1.95.0"])
                .status
                .success()
        );
        for change in [
            &["component", "add", "rust-src"][..],
            &["toolchain", "install", "stable"],
            &["target", "add", "riscv64gc-unknown-linux-gnu"],
            &["update"],
            &["toolchain", "listing"],
        ] {
            let out = run(change);
            assert!(!out.status.success(), "{change:?}");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("refused"),
                "{change:?}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
