//! cross (cross-rs), pinned: installed by version with its own lock into a
//! project-local root, and run so that it cannot change a rustup toolchain.
//!
//! Why the guard: cross asks rustup about the toolchain and, when it finds
//! something missing, *adds* it (a component, a target, a whole toolchain).
//! Here it added `rust-src` to the pinned toolchain on its first run, and an
//! unpinned cross once replaced the machine's `stable`. So cross runs with
//! a `rustup` of ours first on its PATH that answers the questions
//! (`toolchain list`, `target list`, `component list`) and refuses every
//! change, naming it; what cross needs is provisioned by the xtask first.

pub mod backend;
pub mod guard;
pub mod probe;

use crate::util::{read_toml, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::PathBuf;
use std::process::Command;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pin {
    version: String,
}

/// An installed, pinned cross.
pub struct Cross {
    pub version: String,
    pub binary: PathBuf,
    guard: PathBuf,
}

/// The pinned cross, installed when missing (a minute of compiling).
pub fn install() -> Result<Cross> {
    let pin: Pin = read_toml(&workspace_root().join("toolchains/cross.toml"))?;
    let root = target_dir()
        .join("tools")
        .join(format!("cross-{}", pin.version));
    let binary = root.join("bin").join("cross");
    if !reports_version(&binary, &pin.version) {
        eprintln!(
            "cross: cargo install cross --version {} --locked --root {}",
            pin.version,
            root.display()
        );
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "install",
                "cross",
                "--version",
                &pin.version,
                "--locked",
                "--root",
            ])
            .arg(&root)
            .current_dir(workspace_root())
            .status()
            .context("cannot run cargo install")?;
        if !status.success() || !reports_version(&binary, &pin.version) {
            bail!(
                "installing cross {} into {} failed ({status})",
                pin.version,
                root.display()
            );
        }
    }
    let guard = guard::write(&root.join("guard"))?;
    Ok(Cross {
        version: pin.version,
        binary,
        guard,
    })
}

fn reports_version(binary: &std::path::Path, version: &str) -> bool {
    Command::new(binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .next()
                    .is_some_and(|l| l.trim() == format!("cross {version}"))
        })
}

impl Cross {
    /// `cross` with the guard first on PATH and `engine`'s environment.
    pub fn command(&self, engine: &crate::image::engine::Engine) -> Command {
        let mut cmd = Command::new(&self.binary);
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.guard.clone()];
        dirs.extend(std::env::split_paths(&path));
        cmd.env(
            "PATH",
            std::env::join_paths(dirs).expect("PATH entries hold no separator"),
        );
        for (key, value) in engine.environment() {
            cmd.env(key, value);
        }
        cmd
    }
}

/// cross asks for `rust-src` and would add it itself; the guard refuses
/// that, so it is added here, in the open, like a missing Rust target.
pub fn provision_rust_src() -> Result<()> {
    let toolchain = pinned_toolchain()?;
    let out = std::process::Command::new("rustup")
        .args([
            "component",
            "list",
            "--installed",
            "--toolchain",
            &toolchain,
        ])
        .output()?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "rust-src")
    {
        return Ok(());
    }
    eprintln!("provision: rustup component add --toolchain {toolchain} rust-src (cross needs it)");
    let status = std::process::Command::new("rustup")
        .args(["component", "add", "--toolchain", &toolchain, "rust-src"])
        .status()?;
    if !status.success() {
        bail!("run it yourself: rustup component add --toolchain {toolchain} rust-src");
    }
    Ok(())
}

fn pinned_toolchain() -> Result<String> {
    #[derive(serde::Deserialize)]
    struct File {
        toolchain: Channel,
    }
    #[derive(serde::Deserialize)]
    struct Channel {
        channel: String,
    }
    let file: File =
        crate::util::read_toml(&crate::util::workspace_root().join("rust-toolchain.toml"))?;
    Ok(file.toolchain.channel)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pinned_toolchain_is_read_from_rust_toolchain_toml() {
        assert_eq!(super::pinned_toolchain().unwrap(), "1.95.0");
    }
}
