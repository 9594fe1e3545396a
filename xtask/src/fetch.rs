//! `cargo xtask fetch`: obtains every pinned source into an empty directory,
//! ignoring the download cache, and verifies each SHA-256.
//!
//! Why: a cached tarball hides a fetch path that rotted upstream (a suite that
//! stopped serving a version) until someone clones fresh. CI runs this every
//! time, so that day turns CI red instead of a user's first command.

use crate::cpython::pins::Pins;
use crate::cpython::source;
use crate::util::target_dir;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// An empty (or missing) directory to fetch into (default: a fresh
    /// `fetch-check/` under the target directory, emptied first).
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// The pins to fetch (default: toolchains/cpython.toml).
    #[arg(long)]
    pub pins: Option<PathBuf>,
    /// Only the pinned sources: not the hash-pinned wheels (zig, wasmtime)
    /// nor the Light tier's pinned Debian packages.
    #[arg(long)]
    pub no_wheels: bool,
}

/// Fetches every pinned source; every source is tried even when one fails.
/// Ok(false) when any could not be obtained.
pub fn command(args: &FetchArgs) -> Result<bool> {
    let pins_path = args.pins.clone().unwrap_or_else(Pins::default_path);
    let pins = Pins::load(&pins_path)?;
    let into = match &args.into {
        Some(dir) => {
            ensure_empty(dir)?;
            dir.clone()
        }
        None => {
            let dir = target_dir().join("fetch-check");
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("cannot empty {}", dir.display()))?;
            }
            dir
        }
    };
    println!("| source | file | SHA-256 | obtained from | MB | s |\n|---|---|---|---|---|---|");
    let mut failures = Vec::new();
    for (what, pin) in [("CPython", &pins.cpython), ("zlib", &pins.zlib)] {
        let started = Instant::now();
        // No --source-dir: the point is to prove the remote paths.
        match source::obtain_into(pin, what, None, &into) {
            Ok(got) => {
                let mb = std::fs::metadata(&got.path).map_or(0.0, |m| m.len() as f64 / 1e6);
                println!(
                    "| {what} {} | {} | ✅ `{}…` | {} | {mb:.1} | {:.1} |",
                    pin.version,
                    got.path.file_name().unwrap_or_default().to_string_lossy(),
                    &pin.sha256[..16],
                    got.via,
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                println!(
                    "| {what} {} | {} | ❌ | not obtained | | {:.1} |",
                    pin.version,
                    pin.files.join(" or "),
                    started.elapsed().as_secs_f64()
                );
                failures.push(format!("{e:#}"));
            }
        }
    }
    let wheels: &[&str] = if args.no_wheels { &[] } else { &WHEELS };
    for requirements in wheels {
        let started = Instant::now();
        match fetch_wheel(requirements, &into.join("wheels")) {
            Ok((file, mb)) => println!(
                "| wheel ({requirements}) | {file} | ✅ pip --require-hashes | pip, cache off | {mb:.1} | {:.1} |",
                started.elapsed().as_secs_f64()
            ),
            Err(e) => {
                println!(
                    "| wheel ({requirements}) | | ❌ | not obtained | | {:.1} |",
                    started.elapsed().as_secs_f64()
                );
                failures.push(format!("{e:#}"));
            }
        }
    }
    // Debian packages the Light tier unpacks (another architecture's).
    let triples = if args.no_wheels {
        Vec::new()
    } else {
        crate::config::target::known_triples()?
    };
    for triple in triples {
        let spec = crate::config::target::TargetSpec::load(&triple)?;
        for deb in &spec.light.debs {
            let started = Instant::now();
            match crate::debs::download_into(deb, &into.join("debs")) {
                Ok(file) => println!(
                    "| {} {} ({}) | {} | ✅ `{}…` | apt (that index only) | {:.1} | {:.1} |",
                    deb.package,
                    deb.version,
                    deb.arch,
                    file.file_name().unwrap_or_default().to_string_lossy(),
                    &deb.sha256[..16],
                    std::fs::metadata(&file).map_or(0.0, |m| m.len() as f64 / 1e6),
                    started.elapsed().as_secs_f64()
                ),
                Err(e) => {
                    println!(
                        "| {} {} ({}) | | ❌ | not obtained | | |",
                        deb.package, deb.version, deb.arch
                    );
                    failures.push(format!("{e:#}"));
                }
            }
        }
    }
    for failure in &failures {
        eprintln!("\nerror: {failure}");
    }
    if failures.is_empty() {
        println!(
            "\nevery pinned source fetched and verified into {}",
            into.display()
        );
    }
    Ok(failures.is_empty())
}

/// The hash-pinned wheels the build and the runners install (zig; wasmtime).
const WHEELS: [&str; 2] = [".ci/ziglang.txt", crate::run::wasmtime::REQUIREMENTS];

/// Downloads this host's wheel of `requirements` with pip's cache off (a
/// cached wheel would hide an index that stopped serving it); pip refuses any
/// file whose SHA-256 is not pinned there. Returns the file name and its MB.
fn fetch_wheel(requirements: &str, dir: &Path) -> Result<(String, f64)> {
    std::fs::create_dir_all(dir)?;
    let before: Vec<PathBuf> = wheels_in(dir)?;
    let status = std::process::Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args([
            "--no-cache-dir",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
        ])
        .arg("-d")
        .arg(dir)
        .arg("-r")
        .arg(crate::util::workspace_root().join(requirements))
        .env("PIP_ROOT_USER_ACTION", "ignore")
        .status()
        .context("cannot run python3 -m pip (apt-get install -y python3-pip)")?;
    if !status.success() {
        bail!("pip could not download and verify the wheel pinned in {requirements}");
    }
    let got = wheels_in(dir)?
        .into_iter()
        .find(|w| !before.contains(w))
        .with_context(|| {
            format!(
                "pip reported success but no new wheel of {requirements} is in {}",
                dir.display()
            )
        })?;
    let mb = std::fs::metadata(&got).map_or(0.0, |m| m.len() as f64 / 1e6);
    Ok((
        got.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
        mb,
    ))
}

fn wheels_in(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect())
}

fn ensure_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if entries.next().is_some() {
        bail!(
            "{} is not empty: `cargo xtask fetch --into` proves fetching into an empty directory; \
             give a new or empty one",
            dir.display()
        );
    }
    Ok(())
}
