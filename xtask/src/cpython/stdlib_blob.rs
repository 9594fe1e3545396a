//! The stdlib blob the Pro binary embeds: the pinned `Lib/` compiled by the
//! build python (see `stdlib_blob.py` for the format and choices). It does not
//! depend on the target, so it is built once per key and shared.

use super::pins::Pins;
use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;

/// The helper, embedded so the cache key hashes exactly the code that runs.
pub const SCRIPT: &str = include_str!("stdlib_blob.py");

/// Compiles `lib` into the blob `out` at `optimize`; returns the helper's
/// JSON summary (module count, bytes).
pub fn write(pins: &Pins, lib: &Path, out: &Path, optimize: u8) -> Result<serde_json::Value> {
    let mut cmd = Command::new(&pins.build_python);
    // A clean environment with hash seed 0: frozenset constants marshal in
    // one order, so the same inputs give the same bytes.
    cmd.env_clear()
        .env("PYTHONHASHSEED", "0")
        .args(["-S", "-s", "-c", SCRIPT])
        .arg(lib)
        .arg(out);
    cmd.arg("--optimize").arg(optimize.to_string());
    for pattern in &pins.stdlib.prune {
        cmd.arg(format!("--prune={pattern}"));
    }
    for name in &pins.stdlib.skip_frozen {
        cmd.arg(format!("--skip={name}"));
    }
    for name in &pins.stdlib.eager {
        cmd.arg(format!("--eager={name}"));
    }
    cmd.arg(format!("--compress-level={}", pins.stdlib.compress_level));
    let what = format!(
        "{} writing the stdlib blob {}",
        pins.build_python.display(),
        out.display()
    );
    let output = crate::util::stdout_of(&mut cmd, &what)?;
    let summary = String::from_utf8_lossy(&output);
    serde_json::from_str(summary.trim())
        .with_context(|| format!("unexpected output from the stdlib helper: {summary}"))
}
