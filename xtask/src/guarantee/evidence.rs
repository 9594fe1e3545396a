//! The facts the guarantee document is written from, taken out of matrix
//! reports and bench results: per row and column an outcome, the declared
//! groupings and Light causes with what was measured, the tools and pins,
//! and the performance figures with their machine. Nothing timing- or
//! cache-dependent from the matrix, so a fresh run of the same tree gives
//! the same facts. Kept in the repository beside the document
//! (`docs/guarantees/evidence.json`), so every number in it traces here.

use crate::matrix::model::{CellStatus, Report, RowKind, Tier};
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Version of the evidence layout.
pub const EVIDENCE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub schema: u32,
    pub matrix: MatrixFacts,
    /// The pinned CPython source (`toolchains/cpython.toml`).
    pub cpython: Pin,
    /// Performance figures, bench file by bench file.
    pub bench: Vec<BenchFacts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pin {
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatrixFacts {
    /// The report's environment, without what changes run to run (times,
    /// cache counts, kernel).
    pub environment: BTreeMap<String, String>,
    pub columns: Vec<ColumnFacts>,
    pub rows: Vec<RowFacts>,
    /// Only some of matrix.toml's targets ran.
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnFacts {
    pub id: String,
    pub target: Option<String>,
    pub runner: String,
    pub tier: Tier,
    /// Whether the Pro verdict requires this column to agree.
    pub must_agree: bool,
    pub tools: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowFacts {
    pub id: String,
    /// `sample`, `program`, or `partitioned k/n` (functions made static).
    pub kind: String,
    /// The roadmap PoC the row evidences: a sample's own (`sample.toml`),
    /// 3 for a partitioned program, 4 for a whole program (cross-platform).
    pub poc: u32,
    /// Column id → [`Outcome`], for every target column (Pro and Light).
    pub outcomes: BTreeMap<String, Outcome>,
    /// The Pro verdict.
    pub agrees: bool,
    /// A declared grouping: "arch|libc|os: why".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// Where the first two groups first differ, as measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between_groups: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub light: Option<LightFacts>,
    /// Declared to vary between runs (why): its cells are not compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub varies: Option<String>,
}

/// What one cell showed, compared with the column it must equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Same stdout and exit status as its baseline, on every run.
    Identical,
    /// Ran repeatably but printed something else.
    Differs,
    /// The runs disagreed with each other.
    Nondeterministic,
    /// A row declared to vary printed the same bytes on each run here.
    Repeated,
    TimedOut,
    /// Exited non-zero or was killed, where the baseline did not.
    Failed,
    /// Not built, or the runner could not start it.
    NotRun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LightFacts {
    pub identical: usize,
    pub columns: usize,
    pub self_agrees: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The first differing line (line number, CPython's, RustPython's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_difference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchFacts {
    /// The bench file's name (`bench.json`, `bench-light.json`).
    pub file: String,
    pub machine: BTreeMap<String, String>,
    /// Result name → its JSON, as the bench wrote it.
    pub results: BTreeMap<String, serde_json::Value>,
}

/// Environment keys that change from run to run, left out of the facts.
const VOLATILE: [&str; 4] = ["build+provision", "cells", "run", "kernel"];

impl MatrixFacts {
    /// `pocs`: each sample's PoC (`samples_table::pocs`).
    pub fn from_report(report: &Report, pocs: &BTreeMap<String, u32>) -> MatrixFacts {
        let environment = report
            .environment
            .iter()
            .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let columns = report
            .columns
            .iter()
            .filter(|c| c.target.is_some())
            .map(|c| ColumnFacts {
                id: c.id.clone(),
                target: c.target.clone(),
                runner: c.runner.clone(),
                tier: c.tier,
                must_agree: c.must_agree,
                tools: c.tools.clone(),
            })
            .collect::<Vec<_>>();
        let rows = report
            .rows
            .iter()
            .map(|row| row_facts(report, row, &columns, pocs))
            .collect();
        MatrixFacts {
            environment,
            columns,
            rows,
            partial: report.partial,
        }
    }

    pub fn row(&self, id: &str) -> Option<&RowFacts> {
        self.rows.iter().find(|r| r.id == id)
    }

    pub fn pro_targets(&self) -> impl Iterator<Item = &ColumnFacts> {
        self.columns.iter().filter(|c| c.tier == Tier::Pro)
    }

    pub fn light_targets(&self) -> impl Iterator<Item = &ColumnFacts> {
        self.columns.iter().filter(|c| c.tier == Tier::Light)
    }
}

fn row_facts(
    report: &Report,
    row: &crate::matrix::model::Row,
    columns: &[ColumnFacts],
    pocs: &BTreeMap<String, u32>,
) -> RowFacts {
    let verdict = report.verdicts.iter().find(|v| v.row == row.id);
    let light = report.light.iter().find(|l| l.row == row.id);
    let mut outcomes = BTreeMap::new();
    for column in columns {
        let Some(cell) = report.cell(&row.id, &column.id) else {
            continue;
        };
        let differs = match column.tier {
            Tier::Pro => {
                verdict.is_some_and(|v| v.differences.iter().any(|d| d.column == column.id))
            }
            Tier::Light => light_differs(report, &row.id, &column.id),
        };
        let outcome = match cell.status {
            CellStatus::Ok if row.varies.is_some() => Outcome::Repeated,
            CellStatus::Nondeterministic => Outcome::Nondeterministic,
            CellStatus::TimedOut => Outcome::TimedOut,
            CellStatus::NotBuilt | CellStatus::Error => Outcome::NotRun,
            CellStatus::Failed if differs => Outcome::Failed,
            CellStatus::Ok | CellStatus::Failed => {
                if differs {
                    Outcome::Differs
                } else {
                    Outcome::Identical
                }
            }
        };
        outcomes.insert(column.id.clone(), outcome);
    }
    let (kind, poc) = match &row.kind {
        RowKind::Sample { name, .. } => {
            ("sample".to_string(), pocs.get(name).copied().unwrap_or(0))
        }
        RowKind::Program { .. } => ("program".to_string(), 4),
        RowKind::Partitioned {
            statics, functions, ..
        } => (format!("partitioned {statics}/{functions}"), 3),
    };
    RowFacts {
        id: row.id.clone(),
        kind,
        poc,
        outcomes,
        agrees: verdict.is_some_and(|v| v.agrees),
        within: row.expect.as_ref().map(|e| {
            format!(
                "{}: {}",
                crate::matrix::report::grouping_name(e.within),
                e.reason
            )
        }),
        between_groups: verdict
            .and_then(|v| v.between_groups.as_ref())
            .map(describe_difference),
        light: light.map(|l| LightFacts {
            identical: l.identical,
            columns: l.columns,
            self_agrees: l.self_agrees,
            cause: l.cause.clone(),
            first_difference: l.difference.as_ref().map(describe_difference),
            problem: l.problem.clone(),
        }),
        varies: row.varies.clone(),
    }
}

/// Whether a Light cell's outcome (stdout and exit status) is not its
/// target's Pro cell's: the comparison the Light verdict makes, with its
/// `outcome` and its way of finding the Pro column.
fn light_differs(report: &Report, row: &str, light_column: &str) -> bool {
    let target = report
        .columns
        .iter()
        .find(|c| c.id == light_column)
        .and_then(|c| c.target.as_ref());
    let pro = report
        .columns
        .iter()
        .find(|c| c.tier == Tier::Pro && c.target.is_some() && c.target.as_ref() == target)
        .and_then(|c| report.cell(row, &c.id));
    let outcome = crate::matrix::light::outcome;
    match (
        report.cell(row, light_column).and_then(outcome),
        pro.and_then(outcome),
    ) {
        (Some(l), Some(p)) => l != p,
        _ => true,
    }
}

fn describe_difference(d: &crate::matrix::model::Difference) -> String {
    let show = |l: &Option<String>| {
        l.as_deref()
            .map(|s| format!("`{}`", s.trim_end().replace('`', "'")))
            .unwrap_or_else(|| "(no line)".into())
    };
    format!(
        "line {}: {} → {} ({})",
        d.line,
        show(&d.baseline_line),
        show(&d.column_line),
        d.column
    )
}

/// Reads a matrix report, saying how to write one when it is missing.
pub fn read_report(path: &Path) -> Result<Report> {
    if !path.is_file() {
        bail!(
            "{} does not exist (write it with `cargo xtask matrix --tier light --json {}`)",
            path.display(),
            path.display()
        );
    }
    Report::read(path)
}

/// Reads a bench JSON (`machine`, `results`).
pub fn read_bench(path: &Path) -> Result<BenchFacts> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read {} (write it with `cargo xtask bench`)",
            path.display()
        )
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let machine = value
        .get("machine")
        .and_then(|m| m.as_object())
        .with_context(|| format!("{}: no `machine` object", path.display()))?
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v.to_string()),
            )
        })
        .collect();
    let results = value
        .get("results")
        .and_then(|m| m.as_object())
        .with_context(|| format!("{}: no `results` object", path.display()))?
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(BenchFacts {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        machine,
        results,
    })
}

/// The CPython pin from `toolchains/cpython.toml`.
pub fn cpython_pin() -> Result<Pin> {
    let pins = crate::cpython::pins::Pins::load(&crate::cpython::pins::Pins::default_path())?;
    Ok(Pin {
        version: pins.cpython.version.clone(),
        sha256: pins.cpython.sha256.clone(),
    })
}
