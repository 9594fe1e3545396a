//! Debian binary packages of another architecture, pinned by SHA-256 and
//! unpacked into the cache without installing them (e.g. arm64 libffi's
//! static archive for the Light tier's aarch64-gnu link).
//!
//! Why not `apt-get install libffi-dev:arm64`: it needs `dpkg
//! --add-architecture arm64` and pulls in `libc6:arm64`, whose newer glibc
//! then shadows the cross toolchain's under `qemu -L` (the loader of one
//! release with the libc of another: every thread start spun forever).
//! apt is asked for the other architecture's index for this download only
//! (`-o APT::Architectures`), so nothing on the machine changes.

use crate::config::target::PinnedDeb;
use crate::util::{cache_dir, sha256_file};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The unpacked tree of `deb`, fetched and verified on first use.
pub fn unpacked(deb: &PinnedDeb) -> Result<PathBuf> {
    let dir = cache_dir().join("debs").join(&deb.sha256[..16]);
    if dir.join(".complete").is_file() {
        return Ok(dir);
    }
    let work = dir.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let file = download_into(deb, &work)?;
    let tree = work.join("tree");
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&file)
        .arg(&tree)
        .status()
        .context("cannot run dpkg-deb")?;
    if !status.success() {
        bail!("dpkg-deb -x {} failed", file.display());
    }
    std::fs::write(tree.join(".complete"), deb.spec())?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&tree, &dir)
        .with_context(|| format!("cannot rename into {}", dir.display()))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(dir)
}

/// Downloads `deb` into `dir` with apt (its own signature checks) and
/// refuses it unless its SHA-256 is the pinned one. Returns the file.
pub fn download_into(deb: &PinnedDeb, dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let native = Command::new("dpkg")
        .arg("--print-architecture")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let arches = [
        format!("APT::Architectures::={native}"),
        format!("APT::Architectures::={}", deb.arch),
    ];
    let apt = |args: &[&str]| -> Result<bool> {
        let mut cmd = Command::new("apt-get");
        // Quiet, and as root into a directory `_apt` cannot write: apt's
        // progress would otherwise interleave with the tables we print.
        cmd.args(["-qq", "-o", "APT::Sandbox::User=root"]);
        for a in &arches {
            cmd.args(["-o", a]);
        }
        Ok(cmd
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .status()
            .context("cannot run apt-get")?
            .success())
    };
    let wanted = format!("{}:{}={}", deb.package, deb.arch, deb.version);
    // The other architecture's index is read only for this download.
    if !apt(&["update"])? {
        bail!(
            "apt-get update (with the {} index) failed; run as root",
            deb.arch
        );
    }
    if !apt(&["download", &wanted])? {
        bail!(
            "apt-get download {wanted} failed: the archive no longer serves that version (update the pin in targets/*.toml)"
        );
    }
    let file = dir.join(format!(
        "{}_{}_{}.deb",
        deb.package,
        deb.version.replace(':', "%3a"),
        deb.arch
    ));
    let sha = sha256_file(&file)
        .with_context(|| format!("apt reported success but {} is missing", file.display()))?;
    if sha != deb.sha256 {
        bail!(
            "{} has SHA-256 {sha}, but targets/*.toml pins {}",
            file.display(),
            deb.sha256
        );
    }
    Ok(file)
}
