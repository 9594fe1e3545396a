//! Run, or reuse: every cell whose content key was recorded takes its
//! recorded outcome; the others run (longest first) and are recorded.

use super::cache;
use super::execute::{self, CellJob, RunSettings};
use super::model::{Cell, Report};
use crate::util::target_dir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reuses the recorded outcome of every job whose key is known, runs the
/// rest, and records what they give.
pub fn run_or_reuse(jobs: &[CellJob<'_>], settings: &RunSettings, rerun: bool) -> Vec<Cell> {
    let dir = target_dir().join("matrix");
    let digests = crate::digest::Digests::open(&dir.join("digests.json"));
    let store = cache::CellCache::open(&dir.join("cells"), !rerun);
    let mut cells: Vec<Option<Cell>> = Vec::with_capacity(jobs.len());
    let mut keys = Vec::with_capacity(jobs.len());
    let mut to_run = Vec::new();
    // Per (column, binary): the runner's part of every key in that column.
    let mut runner_parts: BTreeMap<(String, Option<PathBuf>), Result<Vec<String>, String>> =
        BTreeMap::new();
    for (i, job) in jobs.iter().enumerate() {
        let part = runner_parts
            .entry((job.column.clone(), job.invocation.binary.clone()))
            .or_insert_with(|| {
                cache::runner_inputs(&digests, job.runner, &job.invocation)
                    .map_err(|e| format!("{e:#}"))
            });
        let key = match part
            .as_ref()
            .map_err(|e| anyhow::anyhow!("{e}"))
            .and_then(|part| {
                let command = job.runner.describe(&job.invocation)?;
                cache::cell_key(
                    part,
                    &command,
                    &digests,
                    &job.invocation,
                    settings.runs,
                    job.timeout,
                )
            }) {
            Ok(key) => Some(key),
            Err(e) => {
                eprintln!(
                    "matrix: {} on {} has no cache key ({e:#}); it runs every time",
                    job.row, job.column
                );
                None
            }
        };
        let reused = key
            .as_ref()
            .and_then(|k| store.get(k, &job.row, &job.column, job.may_vary));
        if reused.is_none() {
            to_run.push(i);
        }
        cells.push(reused);
        keys.push(key);
    }
    if let Err(e) = digests.save() {
        eprintln!("matrix: cannot remember file digests: {e:#}");
    }
    let reused = jobs.len() - to_run.len();
    if reused > 0 {
        eprintln!(
            "matrix: {reused} of {} cells reused from the cell cache (--rerun runs them all)",
            jobs.len()
        );
    }
    // Longest first, by what each cell took last time: the long emulated
    // cells do not end up alone on one core at the end. (The last report is
    // megabytes of JSON: read only when something runs.)
    if !to_run.is_empty() {
        let last = previous_wall_ms(&dir.join("matrix.json"));
        to_run.sort_by_key(|&i| {
            let known = last.get(&(jobs[i].row.clone(), jobs[i].column.clone()));
            std::cmp::Reverse(known.copied().unwrap_or(u64::MAX))
        });
    }
    let pending: Vec<&CellJob<'_>> = to_run.iter().map(|&i| &jobs[i]).collect();
    let total = pending.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |cell: &Cell| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let ms: u64 = cell.wall_ms.iter().sum();
        eprintln!(
            "  [{n:>3}/{total}] {:<40} {:<28} {:?} ({ms} ms)",
            cell.row, cell.column, cell.status
        );
    };
    let ran = execute::run_cells(&pending, settings, &progress);
    for (i, mut cell) in to_run.into_iter().zip(ran) {
        if let Some(key) = &keys[i] {
            if let Err(e) = store.put(key, &cell, jobs[i].may_vary) {
                eprintln!(
                    "matrix: cannot record {} on {}: {e:#}",
                    cell.row, cell.column
                );
            }
            cell.key = Some(key.key.clone());
        }
        cells[i] = Some(cell);
    }
    cells.into_iter().flatten().collect()
}

/// (row, column) → total wall time of its runs in the last report, if any.
fn previous_wall_ms(report: &Path) -> BTreeMap<(String, String), u64> {
    let Ok(text) = std::fs::read_to_string(report) else {
        return BTreeMap::new();
    };
    let Ok(report) = serde_json::from_str::<Report>(&text) else {
        return BTreeMap::new();
    };
    report
        .cells
        .into_iter()
        .filter(|c| !c.wall_ms.is_empty())
        .map(|c| ((c.row, c.column), c.wall_ms.iter().sum()))
        .collect()
}
