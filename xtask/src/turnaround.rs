//! The bench's matrix turnaround: how long `cargo xtask matrix` takes when
//! nothing changed, after one program changed, and with every cell run
//! (`--rerun`), measured one after another in one bench run, each with the
//! count of cells that actually ran (read from the report it wrote).

use crate::util::{target_dir, workspace_root};
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The program the "one changed" measurement edits (and restores).
const TOUCHED: &str = "samples/programs/stdlib_tour.py";

/// One timed matrix run.
pub struct Turn {
    pub secs: f64,
    pub exit: i32,
    /// Cells run now / cells in the report.
    pub ran: usize,
    pub cells: usize,
}

impl Turn {
    pub fn json(&self) -> Value {
        json!({"secs": self.secs, "exit": self.exit, "cells_run": self.ran, "cells": self.cells})
    }

    pub fn shown(&self) -> String {
        format!(
            "**{:.1} s** ({} of {} cells run, exit {})",
            self.secs, self.ran, self.cells, self.exit
        )
    }
}

/// The three turnarounds, in order: nothing changed, one program edited,
/// `--rerun`. The matrix runs once first so that builds and the cell cache
/// are in place (its time is not reported).
pub fn measure() -> Result<[Turn; 3]> {
    let xtask = std::env::current_exe()?;
    let root = workspace_root();
    let report = target_dir().join("matrix").join("matrix.json");
    run(&xtask, &root, &[], &report).context("priming the matrix")?;
    let warm = run(&xtask, &root, &[], &report)?;
    let touched = {
        let _edit = Edit::append(&root.join(TOUCHED), "\n# edited by cargo xtask bench\n")?;
        run(&xtask, &root, &[], &report)?
    };
    let cold = run(&xtask, &root, &["--rerun"], &report)?;
    Ok([warm, touched, cold])
}

/// Every cell run, here (`--rerun`) and in `baseline`, an older checkout
/// whose binaries are built (`target/debug/xtask matrix --no-build` there),
/// alternating `runs` times: (ours, theirs), medians.
pub fn against_baseline(baseline: &Path, runs: usize) -> Result<(Turn, Turn)> {
    let ours = std::env::current_exe()?;
    let theirs = baseline.join("target").join("debug").join("xtask");
    anyhow::ensure!(
        theirs.is_file(),
        "{} is missing: build the baseline checkout's xtask (cargo build -p xtask) and its binaries (cargo xtask matrix) first",
        theirs.display()
    );
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let report = target_dir().join("matrix").join("matrix.json");
        a.push(run(&ours, &workspace_root(), &["--rerun"], &report)?);
        let report = baseline.join("target").join("matrix").join("matrix.json");
        b.push(run(&theirs, baseline, &["--no-build"], &report)?);
    }
    Ok((median_turn(a), median_turn(b)))
}

fn median_turn(mut turns: Vec<Turn>) -> Turn {
    turns.sort_by(|x, y| x.secs.total_cmp(&y.secs));
    turns.swap_remove(turns.len() / 2)
}

fn run(xtask: &Path, root: &Path, extra: &[&str], report: &Path) -> Result<Turn> {
    let started = Instant::now();
    let status = Command::new(xtask)
        .arg("matrix")
        .args(extra)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    let secs = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(report)
        .with_context(|| format!("the matrix wrote no {}", report.display()))?;
    let json: Value = serde_json::from_str(&text)?;
    let cells = json["cells"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    Ok(Turn {
        secs,
        exit: status.code().unwrap_or(-1),
        ran: cells
            .iter()
            .filter(|c| c["cached"] != true && c["status"] != "not_built")
            .count(),
        cells: cells.len(),
    })
}

/// A temporary edit of a file, undone when dropped (also on error or panic).
struct Edit {
    path: PathBuf,
    original: Vec<u8>,
}

impl Edit {
    fn append(path: &Path, text: &str) -> Result<Edit> {
        let original =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut edited = original.clone();
        edited.extend_from_slice(text.as_bytes());
        std::fs::write(path, edited).with_context(|| format!("cannot edit {}", path.display()))?;
        Ok(Edit {
            path: path.to_path_buf(),
            original,
        })
    }
}

impl Drop for Edit {
    fn drop(&mut self) {
        if let Err(e) = std::fs::write(&self.path, &self.original) {
            eprintln!(
                "bench: could not restore {} ({e}); restore it with git checkout",
                self.path.display()
            );
        }
    }
}
