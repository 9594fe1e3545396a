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
