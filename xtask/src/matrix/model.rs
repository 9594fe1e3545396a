//! The matrix's data: rows (programs), columns (reference and targets), cells
//! (one row run in one column) and the JSON report. Everything here is
//! serialisable so reports from several machines can be aggregated.

pub use crate::build::Tier;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the JSON report layout.
pub const REPORT_SCHEMA: u32 = 1;

/// A program the matrix runs: a built-in sample or a user's Python file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Stable id: the sample name, or `py:<path as given>`.
    pub id: String,
    pub kind: RowKind,
    /// A difference between groups of targets the program declares as
    /// expected (see `matrix::expect`); the row must agree within each group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expectation>,
    /// Why this row's output differs on the Light tier, as declared in the
    /// Light causes file (see `matrix::light`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light_cause: Option<String>,
    /// A grouping the Light tier declares for this row alone (the Light
    /// causes file's `[within]`), used instead of `expect` for Light columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light_expect: Option<Expectation>,
    /// Why this program's output changes from run to run, as it declares
    /// (`# matrix: varies between runs: …`, see `matrix::expect`): its cells
    /// are not compared with each other, each must finish, and its runs
    /// must be seen to differ somewhere, so the declaration cannot go stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub varies: Option<String>,
}

/// "These columns agree within each group, the groups may differ, because…".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    pub within: Grouping,
    pub reason: String,
}

/// What a row's columns are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// The CPU architecture (x86_64, aarch64): the kernel ABI, C's `char`.
    Arch,
    /// The C library (gnu, musl, wasip1): its own constants.
    Libc,
    /// The operating system (linux, wasip1): WASI is another system with
    /// its own modules, and wasm32 a 32-bit one.
    Os,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum RowKind {
    /// `hybrid run <name>`; the reference is the sample's `reference.py`.
    Sample { name: String, reference: String },
    /// `hybrid exec <path>`; the reference is the same file on CPython.
    Program { path: String },
    /// The program's own partitioned binary; the reference is the original
    /// `.py` on CPython. `statics` of `functions` became generated Rust.
    Partitioned {
        path: String,
        statics: usize,
        functions: usize,
    },
}

/// One column of the table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    /// `reference`, `reference-pinned`, or a target triple.
    pub id: String,
    /// Header shown in the table.
    pub title: String,
    pub target: Option<String>,
    /// Runner description, e.g. `qemu` or `container (bwrap)`.
    pub runner: String,
    /// Whether this column must agree for the matrix to pass (targets do; the
    /// system-libm reference is informational).
    pub must_agree: bool,
    /// Whether this column is the baseline the others are compared with.
    pub baseline: bool,
    /// Tool versions behind this column (qemu, bwrap, CPython…).
    pub tools: BTreeMap<String, String>,
    /// Set when the column could not be built; its cells say so.
    pub not_built: Option<String>,
    /// The tier of the binary this column runs (reference columns: `pro`).
    #[serde(default = "pro_tier")]
    pub tier: Tier,
}

fn pro_tier() -> Tier {
    Tier::Pro
}

/// What happened in one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Every run exited 0 with the same output.
    Ok,
    /// The runs printed different output: nondeterminism, not platform drift.
    Nondeterministic,
    /// Exited non-zero or was killed by a signal.
    Failed,
    TimedOut,
    /// The column's binary does not exist.
    NotBuilt,
    /// The runner could not even start the program.
    Error,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub row: String,
    pub column: String,
    pub status: CellStatus,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// SHA-256 of stdout of the first run.
    pub stdout_sha256: Option<String>,
    pub stdout_bytes: usize,
    /// Wall time of each run, in milliseconds.
    pub wall_ms: Vec<u64>,
    /// Whether all runs gave the same exit status and stdout.
    pub runs_agree: bool,
    /// Last lines of stderr (failures) or the reason the cell did not run.
    pub detail: String,
    /// Stdout of the first run (lossy UTF-8, capped), for first-diff reports.
    pub stdout: String,
    pub stdout_truncated: bool,
    /// Whether this outcome was reused from the cell cache (same key) rather
    /// than run now.
    #[serde(default)]
    pub cached: bool,
    /// The cell's content key (see `matrix::cache`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Verdict for one row after comparison.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowVerdict {
    pub row: String,
    /// Columns (that must agree) whose output equals the baseline.
    pub agreeing: usize,
    /// Columns that must agree.
    pub required: usize,
    pub agrees: bool,
    /// Which column the others were compared with.
    pub baseline: Option<String>,
    /// Per disagreeing column: the first differing line.
    pub differences: Vec<Difference>,
    /// For a row with an expectation: the column each column was compared
    /// with (its group's baseline).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub compared_with: BTreeMap<String, String>,
    /// For a row with an expectation: where the first two groups' outputs
    /// first differ (`None`: the declared difference was not seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between_groups: Option<Difference>,
    /// For a row declared to vary between runs: the columns whose runs
    /// printed different bytes (none: the declaration was not borne out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub varied: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Difference {
    pub column: String,
    /// 1-based line number of the first differing line.
    pub line: usize,
    pub baseline_line: Option<String>,
    pub column_line: Option<String>,
}

/// The whole result, as written to JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema: u32,
    /// Where and with what it ran: host, rustc, libm pin, CPython pins…
    pub environment: BTreeMap<String, String>,
    pub rows: Vec<Row>,
    pub columns: Vec<Column>,
    pub cells: Vec<Cell>,
    pub verdicts: Vec<RowVerdict>,
    /// The Light tier's measurement, one per row, when Light columns ran.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub light: Vec<super::light::LightVerdict>,
    /// The Pro verdict, and with Light columns also the Light one (see
    /// `matrix::light`: a difference from CPython is a measurement, a
    /// difference without a declared cause or between Light targets is not).
    pub agrees: bool,
    /// Only some of matrix.toml's targets ran (`--target`): a declared Light
    /// cause or grouping not seen may belong to one that did not.
    #[serde(default)]
    pub partial: bool,
}

impl Report {
    /// Reads a JSON report, refusing another schema; errors name the file.
    pub fn read(path: &std::path::Path) -> anyhow::Result<Report> {
        use anyhow::Context;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let report: Report = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a matrix report (schema {REPORT_SCHEMA})",
                path.display()
            )
        })?;
        if report.schema != REPORT_SCHEMA {
            anyhow::bail!(
                "{}: report schema {} but this xtask reads {REPORT_SCHEMA}",
                path.display(),
                report.schema
            );
        }
        Ok(report)
    }

    pub fn cell(&self, row: &str, column: &str) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.row == row && c.column == column)
    }
}
