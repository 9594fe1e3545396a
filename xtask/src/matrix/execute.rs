//! Run: every cell, each run `runs` times, in parallel up to `jobs`. A cell
//! that fails, crashes or hangs is recorded and the others go on.

use super::model::{Cell, CellStatus};
use crate::run::{execute, Invocation, RunOutcome, Runner};
use crate::util::sha256_hex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Stdout kept in the report per cell (enough for any first-diff message).
const STDOUT_CAP: usize = 256 * 1024;
/// Lines of stderr kept for a failed cell.
const STDERR_TAIL_LINES: usize = 12;

pub struct CellJob<'a> {
    pub row: String,
    pub column: String,
    pub runner: &'a dyn Runner,
    pub invocation: Invocation,
    /// Per run: a run still going after this is killed and recorded as timed out.
    pub timeout: Duration,
    /// The row is declared to vary between runs (differing runs are its
    /// outcome, and are recorded like one).
    pub may_vary: bool,
}

pub struct RunSettings {
    pub runs: u32,
    pub jobs: usize,
}

/// Runs every job; `on_done` sees each cell as it finishes (for progress).
pub fn run_cells(
    jobs: &[&CellJob<'_>],
    settings: &RunSettings,
    on_done: &(dyn Fn(&Cell) + Sync),
) -> Vec<Cell> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Cell)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|scope| {
        for _ in 0..settings.jobs.max(1).min(jobs.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(i) else { break };
                let cell = run_cell(job, settings);
                on_done(&cell);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, cell));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, c)| c).collect()
}

fn run_cell(job: &CellJob<'_>, settings: &RunSettings) -> Cell {
    let mut outcomes: Vec<RunOutcome> = Vec::new();
    for _ in 0..settings.runs.max(1) {
        let outcome = job
            .runner
            .command(&job.invocation)
            .and_then(|cmd| execute(cmd, job.timeout));
        match outcome {
            Ok(o) => {
                let stop = o.timed_out;
                outcomes.push(o);
                if stop {
                    break; // a hung program is not run again
                }
            }
            Err(e) => return not_run(&job.row, &job.column, CellStatus::Error, format!("{e:#}")),
        }
    }
    classify(job, &outcomes)
}

/// A cell that did not run, with the reason.
pub fn not_run(row: &str, column: &str, status: CellStatus, detail: String) -> Cell {
    Cell {
        row: row.to_string(),
        column: column.to_string(),
        status,
        exit_code: None,
        signal: None,
        stdout_sha256: None,
        stdout_bytes: 0,
        wall_ms: vec![],
        runs_agree: false,
        detail,
        stdout: String::new(),
        stdout_truncated: false,
        cached: false,
        key: None,
    }
}

/// Status from the runs: timeout beats everything; then a run that exited
/// non-zero or was killed makes a failure (the cell shows that run); only
/// runs that all finished cleanly yet printed different bytes are
/// nondeterminism, so a nondeterministic cell always means "every run
/// completed" (what a row declared to vary between runs relies on).
fn classify(job: &CellJob<'_>, outcomes: &[RunOutcome]) -> Cell {
    let first = &outcomes[0];
    let runs_agree = outcomes.iter().all(|o| {
        o.stdout == first.stdout && o.exit_code == first.exit_code && o.signal == first.signal
    });
    let failing = outcomes.iter().find(|o| o.exit_code != Some(0));
    let failed = failing.is_some();
    let status = if outcomes.iter().any(|o| o.timed_out) {
        CellStatus::TimedOut
    } else if failed {
        CellStatus::Failed
    } else if !runs_agree {
        CellStatus::Nondeterministic
    } else {
        CellStatus::Ok
    };
    let first = if status == CellStatus::Failed {
        failing.unwrap_or(first)
    } else {
        first
    };
    let detail = match status {
        CellStatus::TimedOut => format!("killed after {:.1} s", first.wall.as_secs_f64()),
        CellStatus::Nondeterministic => {
            let other = outcomes
                .iter()
                .find(|o| o.stdout != first.stdout)
                .unwrap_or(first);
            let d = super::compare::first_difference(
                "run 2",
                &lossy(&first.stdout),
                &lossy(&other.stdout),
            );
            format!(
                "runs differ at line {}: {:?} vs {:?}",
                d.line,
                d.baseline_line.unwrap_or_default().trim_end(),
                d.column_line.unwrap_or_default().trim_end()
            )
        }
        _ if failed || first.signal.is_some() => stderr_tail(&first.stderr),
        _ => String::new(),
    };
    let stdout = lossy(&first.stdout);
    let truncated = stdout.len() > STDOUT_CAP;
    Cell {
        row: job.row.clone(),
        column: job.column.clone(),
        status,
        exit_code: first.exit_code,
        signal: first.signal,
        stdout_sha256: Some(sha256_hex(&first.stdout)),
        stdout_bytes: first.stdout.len(),
        wall_ms: outcomes.iter().map(|o| o.wall.as_millis() as u64).collect(),
        runs_agree,
        detail,
        stdout: if truncated {
            stdout[..floor_char_boundary(&stdout, STDOUT_CAP)].to_string()
        } else {
            stdout
        },
        stdout_truncated: truncated,
        cached: false,
        key: None,
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn stderr_tail(stderr: &[u8]) -> String {
    let text = lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..].join("\n")
}
