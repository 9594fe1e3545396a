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
        // Text no earlier run appended: the same edit twice would find its
        // cells recorded by the first bench and run none.
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let edit = format!("\n# edited by cargo xtask bench ({nonce})\n");
        let _edit = Edit::append(&root.join(TOUCHED), &edit)?;
        run(&xtask, &root, &[], &report)?
    };
    let cold = run(&xtask, &root, &["--rerun"], &report)?;
    Ok([warm, touched, cold])
}

/// Every cell run, here (`--rerun`) and in `baseline`, an older checkout
/// whose binaries are built (`target/debug/xtask matrix --no-build` there),
/// alternating `runs` times: (ours, theirs), medians. Both run the same
/// cells: ours is narrowed to the rows and targets of the baseline's own last
/// report (rows added since, and targets it did not have, are left out), and
/// the two cell counts must match.
pub fn against_baseline(baseline: &Path, runs: usize) -> Result<(Turn, Turn)> {
    let ours = std::env::current_exe()?;
    let theirs = baseline.join("target").join("debug").join("xtask");
    anyhow::ensure!(
        theirs.is_file(),
        "{} is missing: build the baseline checkout's xtask (cargo build -p xtask) and its binaries (cargo xtask matrix) first",
        theirs.display()
    );
    let their_report = baseline.join("target").join("matrix").join("matrix.json");
    let same_cells = same_cells_as(&their_report, &workspace_root())?;
    let same_cells: Vec<&str> = same_cells.iter().map(String::as_str).collect();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let report = target_dir().join("matrix").join("matrix.json");
        let mut args = vec!["--rerun"];
        args.extend(&same_cells);
        a.push(run(&ours, &workspace_root(), &args, &report)?);
        b.push(run(&theirs, baseline, &["--no-build"], &their_report)?);
        let (x, y) = (a.last().map(|t| t.cells), b.last().map(|t| t.cells));
        anyhow::ensure!(
            x == y,
            "not the same cells: this checkout ran {x:?}, the baseline {y:?} (a row of the baseline's report is missing here?)"
        );
    }
    Ok((median_turn(a), median_turn(b)))
}

/// `cargo xtask matrix` arguments that select here what a baseline's report
/// ran: its targets, its samples (by name), its programs and its partitioned
/// programs (by their path under the checkout, which must exist here too).
fn same_cells_as(report: &Path, here: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(report).with_context(|| {
        format!(
            "cannot read the baseline's report {}: run its `cargo xtask matrix` once first",
            report.display()
        )
    })?;
    let json: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a matrix report", report.display()))?;
    let mut args = Vec::new();
    for column in json["columns"].as_array().into_iter().flatten() {
        if let Some(triple) = column["target"].as_str() {
            if !args.iter().any(|a: &String| a == triple) {
                args.extend(["--target".to_string(), triple.to_string()]);
            }
        }
    }
    for row in json["rows"].as_array().into_iter().flatten() {
        let id = row["id"].as_str().unwrap_or_default();
        let (flag, value) = match row["kind"]["type"].as_str() {
            Some("sample") => ("--sample", id.to_string()),
            Some("program") => ("--py", path_of(id, "py:", here)?),
            Some("partitioned") => ("--partition", path_of(id, "partition:", here)?),
            other => anyhow::bail!(
                "{}: row {id:?} is of a kind this bench does not know ({other:?})",
                report.display()
            ),
        };
        args.extend([flag.to_string(), value]);
    }
    anyhow::ensure!(
        args.iter().any(|a| a == "--sample"),
        "{} names no sample row: narrowing by --sample is what keeps this checkout's extra programs out",
        report.display()
    );
    Ok(args)
}

/// The file a `py:`/`partition:` row id names, as the id spells it (relative
/// to the checkout, where the matrix runs: a partitioned program's binary
/// carries the path it was given), after checking it exists in this one.
fn path_of(id: &str, prefix: &str, here: &Path) -> Result<String> {
    let relative = id.strip_prefix(prefix).unwrap_or(id);
    let path = here.join(relative);
    anyhow::ensure!(
        path.is_file(),
        "the baseline's row {id:?} has no {} here: the two checkouts cannot run the same cells",
        path.display()
    );
    Ok(relative.to_string())
}

fn median_turn(mut turns: Vec<Turn>) -> Turn {
    turns.sort_by(|x, y| x.secs.total_cmp(&y.secs));
    turns.swap_remove(turns.len() / 2)
}

fn run(xtask: &Path, root: &Path, extra: &[&str], report: &Path) -> Result<Turn> {
    // A run that stops before its report must not be read from the last one.
    let _ = std::fs::remove_file(report);
    let started = Instant::now();
    let status = Command::new(xtask)
        .arg("matrix")
        .args(extra)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    let secs = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(report).with_context(|| {
        format!(
            "`{} matrix {}` (in {}) exited with {status} and wrote no {}",
            xtask.display(),
            extra.join(" "),
            root.display(),
            report.display()
        )
    })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Scratch;

    fn report(dir: &Path, rows: Value) -> PathBuf {
        let path = dir.join("matrix.json");
        let columns = json!([
            {"id": "reference", "target": null},
            {"id": "x86_64-unknown-linux-gnu", "target": "x86_64-unknown-linux-gnu"},
            {"id": "aarch64-unknown-linux-gnu", "target": "aarch64-unknown-linux-gnu"},
            {"id": "aarch64-unknown-linux-gnu-light", "target": "aarch64-unknown-linux-gnu"},
        ]);
        std::fs::write(&path, json!({"rows": rows, "columns": columns}).to_string()).unwrap();
        path
    }

    #[test]
    fn the_baseline_report_selects_its_own_rows_and_targets_here() {
        let here = Scratch::new("turnaround-same");
        std::fs::create_dir_all(here.join("samples/programs")).unwrap();
        std::fs::write(here.join("samples/programs/a.py"), "").unwrap();
        std::fs::write(here.join("samples/programs/b.py"), "").unwrap();
        let path = report(
            &here,
            json!([
                {"id": "poc0", "kind": {"type": "sample"}},
                {"id": "py:samples/programs/a.py", "kind": {"type": "program"}},
                {"id": "partition:samples/programs/b.py", "kind": {"type": "partitioned"}},
            ]),
        );
        let args = same_cells_as(&path, &here).unwrap();
        assert_eq!(
            args,
            [
                "--target".to_string(),
                "x86_64-unknown-linux-gnu".into(),
                "--target".into(),
                "aarch64-unknown-linux-gnu".into(),
                "--sample".into(),
                "poc0".into(),
                "--py".into(),
                "samples/programs/a.py".into(),
                "--partition".into(),
                "samples/programs/b.py".into(),
            ]
        );
    }

    #[test]
    fn a_baseline_row_missing_here_or_of_an_unknown_kind_is_an_error() {
        let here = Scratch::new("turnaround-missing");
        let path = report(
            &here,
            json!([{"id": "py:samples/programs/gone.py", "kind": {"type": "program"}}]),
        );
        let e = format!("{:#}", same_cells_as(&path, &here).unwrap_err());
        assert!(
            e.contains("gone.py") && e.contains("cannot run the same cells"),
            "{e}"
        );
        let path = report(&here, json!([{"id": "x", "kind": {"type": "novel"}}]));
        let e = format!("{:#}", same_cells_as(&path, &here).unwrap_err());
        assert!(e.contains("\"novel\""), "{e}");
        let e = format!(
            "{:#}",
            same_cells_as(&here.join("absent.json"), &here).unwrap_err()
        );
        assert!(e.contains("run its `cargo xtask matrix` once first"), "{e}");
    }
}
