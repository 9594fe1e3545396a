//! The pinned libm as a shared library, for `LD_PRELOAD` into the host CPython:
//! the reference column then computes with exactly the functions the Pro
//! binaries link, so "pinned reference" and targets must agree bit for bit.

use crate::util::{target_dir, workspace_root};
use anyhow::{Context, Result};
use std::path::PathBuf;
use xshell::{cmd, Shell};

/// Builds (incrementally) `libpinned_libm.so` for the host and returns its
/// path: a copy filed under the hash of its sources, so an unchanged tree
/// does not ask cargo again.
pub fn pinned_libm_preload(no_build: bool) -> Result<PathBuf> {
    let dir = target_dir().join("preload");
    let key = crate::build::sources_digest(&["pinned-libm"], &[])?;
    let store = crate::build::Store::new(&dir);
    if let Some(filed) = store.find(&key) {
        return Ok(filed);
    }
    let built = build(&dir, no_build)?;
    if no_build {
        return Ok(built);
    }
    store.file(&key, &built)
}

fn build(dir: &std::path::Path, no_build: bool) -> Result<PathBuf> {
    if !no_build {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let sh = Shell::new()?;
        sh.change_dir(workspace_root());
        cmd!(sh, "{cargo} rustc --locked --quiet --release -p pinned-libm --features c-exports --crate-type cdylib")
            .env("CARGO_TARGET_DIR", dir)
            .run()
            .context("building the pinned libm preload library failed")?;
    }
    let lib = dir.join("release").join("libpinned_libm.so");
    anyhow::ensure!(
        lib.is_file(),
        "{} is missing (run without --no-build)",
        lib.display()
    );
    Ok(lib)
}
