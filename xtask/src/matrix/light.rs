//! The Light tier's verdict. A Light column runs a row on RustPython; it is
//! compared with the Pro column of its own target (CPython on the same
//! machine and runner), never with the reference directly.
//!
//! Differing from CPython is a *measurement*, not a failure: the row's
//! declared cause (the Light causes file, e.g. "set order: …") is printed
//! beside its first differing line. What fails the Light verdict:
//! - a row that differs with no declared cause (say why, or fix it);
//! - a declared cause on a row that no longer differs (a stale claim);
//! - Light columns that disagree with each other (within the row's declared
//!   groups, as for the Pro tier): the Light tier must be bit-exact with
//!   itself across its targets wherever it runs;
//! - a Light cell that did not give one repeatable outcome (nondeterministic,
//!   timed out, not built, runner error).
//!
//! The outcome compared is the stdout bytes *and* the exit status: a module
//! RustPython lacks ends a program with an ImportError, which is its output.

use super::compare::first_difference;
use super::model::{Cell, CellStatus, Column, Difference, Row, Tier};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The Light engine as pinned in Cargo.lock, e.g. `RustPython 0.5.0`.
pub fn engine_identity() -> String {
    format!("RustPython {}", super::locked_version("rustpython"))
}

/// The column id of `triple`'s Light column.
pub fn column_id(triple: &str) -> String {
    format!("light:{triple}")
}

/// One row on the Light tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LightVerdict {
    pub row: String,
    /// Light columns compared (each with its target's Pro cell).
    pub columns: usize,
    /// Of those, the ones printing CPython's bytes with CPython's exit status.
    pub identical: usize,
    /// Whether every Light column gave the same outcome (within groups).
    pub self_agrees: bool,
    /// Where the first differing Light column first differs from CPython.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<Difference>,
    /// Exit status of that Light cell when it is not CPython's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// The declared cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// With a Light grouping: where the first two groups' Light outputs
    /// first differ (`None`: they did not, so the declaration is stale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub between_groups: Option<Difference>,
    /// Why this row fails the Light verdict, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The row is declared to vary between runs: nothing is compared; its
    /// Light cells must finish and be seen to vary (`varied` of them did).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub varies: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub varied: Vec<String>,
}

/// The Light causes file: `[causes]` row id → "kind: why", and `[within]`
/// row id → "arch|libc|os: why" for a row whose Light output may differ
/// between groups of targets (checked within each group, like a program's
/// own `# matrix: agree within …`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CausesFile {
    causes: BTreeMap<String, String>,
    #[serde(default)]
    within: BTreeMap<String, String>,
}

/// What the causes file declares.
#[derive(Debug, Default)]
pub struct Declared {
    pub causes: BTreeMap<String, String>,
    pub within: BTreeMap<String, super::model::Expectation>,
}

/// Reads the declared causes; a cause must start with a short kind before a
/// colon ("set order: …") so the table can be read at a glance.
pub fn load_causes(path: &Path) -> Result<Declared> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the Light causes file {}", path.display()))?;
    let file: CausesFile = crate::util::parse_toml(path, &text)?;
    let line_of = |row: &str| {
        text.lines()
            .position(|l| l.contains(row))
            .map_or(String::new(), |i| format!(":{}", i + 1))
    };
    let mut within = BTreeMap::new();
    for (row, declaration) in &file.within {
        let expectation = super::expect::parse(&format!("agree within {declaration}"))
            .with_context(|| {
                format!(
                    "{}{}: [within] `{row}` must read \"arch: why\", \"libc: why\" or \"os: why\"",
                    path.display(),
                    line_of(row)
                )
            })?;
        within.insert(row.clone(), expectation);
    }
    for (row, cause) in &file.causes {
        let kind = cause.split_once(':').map(|(k, _)| k.trim());
        if kind.is_none_or(|k| k.is_empty() || k.len() > 24) {
            let line = text
                .lines()
                .position(|l| l.contains(row.as_str()))
                .map_or(String::new(), |i| format!(":{}", i + 1));
            anyhow::bail!(
                "{}{line}: the cause of `{row}` must start with a short kind and a colon, e.g. \"set order: RustPython's str hash is not SipHash-1-3\"",
                path.display()
            );
        }
    }
    Ok(Declared {
        causes: file.causes,
        within,
    })
}

/// The short kind of a cause ("set order").
pub fn cause_kind(cause: &str) -> &str {
    cause.split_once(':').map_or(cause, |(k, _)| k.trim())
}

/// One verdict per row, or none when no Light column is in the report.
/// `partial`: only some of matrix.toml's targets ran, so a declared cause
/// or grouping not seen here may belong to a target that did not run, and
/// is not called stale.
pub fn verdicts(
    rows: &[Row],
    columns: &[Column],
    cells: &[Cell],
    partial: bool,
) -> Vec<LightVerdict> {
    if !columns.iter().any(|c| c.tier == Tier::Light) {
        return Vec::new();
    }
    rows.iter()
        .map(|row| verdict(row, columns, cells, partial))
        .collect()
}

/// A cell's outcome: its stdout and exit status, when it gave one repeatably.
pub fn outcome(cell: &Cell) -> Option<(Option<&str>, Option<i32>)> {
    matches!(cell.status, CellStatus::Ok | CellStatus::Failed)
        .then_some(())
        .filter(|()| cell.runs_agree && cell.signal.is_none())
        .map(|()| (cell.stdout_sha256.as_deref(), cell.exit_code))
}

/// A Light column's title, stdout hash and exit status.
type Outcome<'a> = (String, Option<&'a str>, Option<i32>);

fn verdict(row: &Row, columns: &[Column], cells: &[Cell], partial: bool) -> LightVerdict {
    let cell = |id: &str| cells.iter().find(|c| c.row == row.id && c.column == id);
    let mut verdict = LightVerdict {
        row: row.id.clone(),
        columns: 0,
        identical: 0,
        self_agrees: true,
        difference: None,
        exit_code: None,
        cause: row.light_cause.clone(),
        between_groups: None,
        problem: None,
        varies: row.varies.is_some(),
        varied: vec![],
    };
    if verdict.varies {
        return varying_verdict(verdict, columns, cell, partial);
    }
    // The Light tier's own grouping for this row, else the program's.
    let grouping = row.light_expect.as_ref().or(row.expect.as_ref());
    let mut problems = Vec::new();
    let mut by_group: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
    for col in columns.iter().filter(|c| c.tier == Tier::Light) {
        // Its target's Pro column (the first, when an aggregate holds several).
        let pro_column = columns
            .iter()
            .find(|c| c.tier == Tier::Pro && c.target.is_some() && c.target == col.target);
        let Some(light) = cell(&col.id) else {
            problems.push(format!("{}: no cell", col.title));
            continue;
        };
        let Some((stdout, exit)) = outcome(light) else {
            problems.push(format!("{}: {:?}", col.title, light.status).to_lowercase());
            continue;
        };
        let group = grouping
            .map(|e| super::expect::group_of(col, e.within))
            .unwrap_or_default();
        by_group
            .entry(group)
            .or_default()
            .push((col.id.clone(), stdout, exit));
        let Some(pro) = pro_column
            .and_then(|p| cell(&p.id))
            .filter(|p| p.status == CellStatus::Ok)
        else {
            problems.push(format!(
                "{}: its target has no clean CPython (Pro) cell to compare with",
                col.title
            ));
            continue;
        };
        verdict.columns += 1;
        if stdout == pro.stdout_sha256.as_deref() && exit == Some(0) {
            verdict.identical += 1;
        } else if verdict.difference.is_none() {
            verdict.difference = Some(first_difference(&col.id, &pro.stdout, &light.stdout));
            verdict.exit_code = exit.filter(|&e| e != 0);
        }
    }
    for (group, outcomes) in &by_group {
        let first = &outcomes[0];
        if let Some(other) = outcomes.iter().find(|o| (o.1, o.2) != (first.1, first.2)) {
            verdict.self_agrees = false;
            let within = if group.is_empty() {
                String::new()
            } else {
                format!(" (group {group})")
            };
            problems.push(format!(
                "the Light tier disagrees with itself{within}: {} and {} print different bytes",
                first.0, other.0
            ));
        }
    }
    if row.light_expect.is_some() {
        let firsts: Vec<&Outcome> = by_group.values().map(|o| &o[0]).collect();
        let stdout_of = |id: &str| cell(id).map(|c| c.stdout.as_str()).unwrap_or_default();
        verdict.between_groups = firsts
            .iter()
            .skip(1)
            .find(|o| (o.1, o.2) != (firsts[0].1, firsts[0].2))
            .map(|o| first_difference(&o.0, stdout_of(&firsts[0].0), stdout_of(&o.0)));
        if verdict.between_groups.is_none() && firsts.len() > 1 && !partial {
            problems.push(
                "a Light grouping is declared but every group printed the same bytes (remove it from [within])".into(),
            );
        }
    }
    let differs = verdict.identical < verdict.columns;
    match (&verdict.cause, differs) {
        (None, true) => problems.push(
            "differs from CPython with no declared cause (add one to light.toml, the file `[light] causes` in matrix.toml names)".into(),
        ),
        (Some(_), false) if verdict.columns > 0 && !partial => problems.push(
            "a cause is declared but the row prints CPython's bytes (remove it from light.toml)".into(),
        ),
        _ => {}
    }
    if !problems.is_empty() {
        verdict.problem = Some(problems.join("; "));
    }
    verdict
}

/// A row declared to vary between runs (as on the Pro tier, see
/// `compare`): every Light cell must finish all its runs, and some Light
/// column's runs must differ; a cause would explain a difference that
/// cannot be measured here, so declaring one is a problem too.
fn varying_verdict<'c>(
    mut verdict: LightVerdict,
    columns: &[Column],
    cell: impl Fn(&str) -> Option<&'c Cell>,
    partial: bool,
) -> LightVerdict {
    let mut problems = Vec::new();
    for col in columns.iter().filter(|c| c.tier == Tier::Light) {
        match cell(&col.id).map(|c| c.status) {
            Some(CellStatus::Ok) => verdict.columns += 1,
            Some(CellStatus::Nondeterministic) => {
                verdict.columns += 1;
                verdict.varied.push(col.id.clone());
            }
            Some(other) => problems.push(format!("{}: {other:?}", col.title).to_lowercase()),
            None => problems.push(format!("{}: no cell", col.title)),
        }
    }
    if verdict.varied.is_empty() && verdict.columns > 0 && !partial {
        problems.push(
            "declared to vary between runs, but every Light column's runs printed the same bytes"
                .into(),
        );
    }
    if verdict.cause.is_some() {
        problems.push(
            "a cause is declared for a row that varies between runs: nothing is compared (remove it from light.toml)".into(),
        );
    }
    if !problems.is_empty() {
        verdict.problem = Some(problems.join("; "));
    }
    verdict
}

/// "14 of 45 rows identical to CPython, every difference explained", or
/// what fails the Light verdict; `None` without Light columns.
pub fn headline(report: &super::model::Report) -> Option<String> {
    if report.light.is_empty() {
        return None;
    }
    let identical = report
        .light
        .iter()
        .filter(|v| !v.varies && v.columns > 0 && v.identical == v.columns)
        .count();
    let varies = report.light.iter().filter(|v| v.varies).count();
    let failing = report.light.iter().filter(|v| v.problem.is_some()).count();
    let tail = if failing == 0 {
        "✅ agrees with itself on every target, every difference explained".to_string()
    } else {
        format!("❌ {failing} rows unexplained, inconsistent or not run (see below)")
    };
    let compared = report.light.len() - varies;
    let varying = match varies {
        0 => String::new(),
        n => format!(" ({n} more declared to vary between runs)"),
    };
    Some(format!(
        "{identical} of {compared} rows identical to CPython{varying}; {tail}"
    ))
}

/// The Light section: per row, how many Light targets print CPython's bytes,
/// the first differing line, and the declared cause; then the problems.
pub fn markdown(report: &super::model::Report) -> String {
    use std::fmt::Write;
    let Some(headline) = headline(report) else {
        return String::new();
    };
    let mut md = String::new();
    let engine = report
        .environment
        .get("light engine")
        .cloned()
        .unwrap_or_else(engine_identity);
    let _ = writeln!(
        md,
        "\n### Light tier ({engine}) against CPython on the same target: {headline}\n"
    );
    let _ = writeln!(
        md,
        "| program | identical | first differing line (CPython → Light) | cause |"
    );
    let _ = writeln!(md, "|---|---|---|---|");
    let clean = |s: Option<&str>| {
        s.unwrap_or("(no line)")
            .trim_end_matches('\n')
            .replace('|', "\\|")
            .chars()
            .take(90)
            .collect::<String>()
    };
    for v in &report.light {
        if v.varies {
            let sign = if v.problem.is_some() { "❌" } else { "🎲" };
            let _ = writeln!(
                md,
                "| {} | {sign} varied on {}/{} | (declared to vary between runs: not compared) | |",
                v.row,
                v.varied.len(),
                v.columns
            );
            continue;
        }
        let sign = match (&v.problem, v.identical == v.columns && v.columns > 0) {
            (Some(_), _) => "❌",
            (None, true) => "✅",
            (None, false) => "≠",
        };
        let first = match &v.difference {
            Some(d) => {
                let exit = v
                    .exit_code
                    .map(|e| {
                        let last = report
                            .cell(&v.row, &d.column)
                            .and_then(|c| c.detail.lines().rev().find(|l| !l.trim().is_empty()))
                            .unwrap_or("")
                            .to_string();
                        format!("<br>exit {e}: `{}`", clean(Some(&last)))
                    })
                    .unwrap_or_default();
                format!(
                    "line {}: `{}` → `{}`{exit}",
                    d.line,
                    clean(d.baseline_line.as_deref()),
                    clean(d.column_line.as_deref())
                )
            }
            None => String::new(),
        };
        let mut cause = v.cause.as_deref().map(|c| {
            let why = c.split_once(':').map_or("", |(_, w)| w);
            format!("**{}**:{why}", cause_kind(c))
        });
        let row = report.rows.iter().find(|r| r.id == v.row);
        if let Some(e) = row.and_then(|r| r.light_expect.as_ref()) {
            let seen = match &v.between_groups {
                Some(d) => format!(
                    "groups first differ at line {}: `{}`",
                    d.line,
                    clean(d.column_line.as_deref())
                ),
                None => "the groups printed the same bytes".into(),
            };
            let within = format!(
                "<br>Light checked within {}: {} ({seen})",
                super::report::grouping_name(e.within),
                e.reason
            );
            cause.get_or_insert_with(String::new).push_str(&within);
        }
        let _ = writeln!(
            md,
            "| {} | {sign} {}/{} | {first} | {} |",
            v.row,
            v.identical,
            v.columns,
            cause.unwrap_or_default()
        );
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for v in report.light.iter().filter(|v| v.identical < v.columns) {
        if let Some(c) = &v.cause {
            *kinds.entry(cause_kind(c)).or_default() += 1;
        }
    }
    if !kinds.is_empty() {
        let mut sorted: Vec<_> = kinds.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = sorted.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        let _ = writeln!(md, "\nDiffering rows by cause: {}.", list.join(", "));
    }
    let problems: Vec<_> = report
        .light
        .iter()
        .filter_map(|v| v.problem.as_ref().map(|p| (v, p)))
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(md, "\n#### Light verdict: what must be fixed or declared\n");
        for (v, p) in problems {
            let _ = writeln!(md, "- **{}**: {p}", v.row);
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::model::RowKind;

    fn verdicts_full(rows: &[Row], columns: &[Column], cells: &[Cell]) -> Vec<LightVerdict> {
        verdicts(rows, columns, cells, false)
    }

    #[test]
    fn a_partial_run_does_not_call_a_cause_stale() {
        let ok = (CellStatus::Ok, 0, "x\n{1, 2}\n");
        let (rows, cols) = setup(Some("wasm32 trap: only on WASI"));
        let v = &verdicts(&rows, &cols, &cells(ok, ok), true)[0];
        assert!(v.problem.is_none(), "{v:?}");
        let v = &verdicts(&rows, &cols, &cells(ok, ok), false)[0];
        assert!(v.problem.is_some());
    }

    fn column(id: &str, triple: &str, tier: Tier) -> Column {
        Column {
            id: id.into(),
            title: id.into(),
            target: Some(triple.into()),
            runner: "test".into(),
            must_agree: tier == Tier::Pro,
            baseline: false,
            tools: Default::default(),
            not_built: None,
            tier,
        }
    }

    use crate::matrix::compare::tests::test_cell as cell;

    fn setup(cause: Option<&str>) -> (Vec<Row>, Vec<Column>) {
        let rows = vec![Row {
            id: "r".into(),
            kind: RowKind::Program {
                path: "r.py".into(),
            },
            expect: None,
            light_cause: cause.map(str::to_owned),
            light_expect: None,
            varies: None,
        }];
        let columns = vec![
            column("a", "a-t", Tier::Pro),
            column("light:a-t", "a-t", Tier::Light),
            column("b", "b-t", Tier::Pro),
            column("light:b-t", "b-t", Tier::Light),
        ];
        (rows, columns)
    }

    fn cells(light_a: (CellStatus, i32, &str), light_b: (CellStatus, i32, &str)) -> Vec<Cell> {
        vec![
            cell("a", CellStatus::Ok, 0, "x\n{1, 2}\n"),
            cell("b", CellStatus::Ok, 0, "x\n{1, 2}\n"),
            cell("light:a-t", light_a.0, light_a.1, light_a.2),
            cell("light:b-t", light_b.0, light_b.1, light_b.2),
        ]
    }

    #[test]
    fn a_varying_row_needs_finished_light_cells_some_varying_and_no_cause() {
        let (mut rows, cols) = setup(None);
        rows[0].varies = Some("prints the clock".into());
        let varied = (CellStatus::Nondeterministic, 0, "t=1\n");
        let same = (CellStatus::Ok, 0, "t=2\n");
        let v = &verdicts_full(&rows, &cols, &cells(varied, same))[0];
        assert!(v.problem.is_none(), "{v:?}");
        assert_eq!((v.columns, v.identical), (2, 0));
        assert_eq!(v.varied, ["light:a-t"]);
        let v = &verdicts_full(&rows, &cols, &cells(same, same))[0];
        assert!(v
            .problem
            .as_deref()
            .unwrap()
            .contains("printed the same bytes"));
        let failed = (CellStatus::Failed, 1, "");
        let v = &verdicts_full(&rows, &cols, &cells(varied, failed))[0];
        assert!(v.problem.as_deref().unwrap().contains("light:b-t: failed"));
        rows[0].light_cause = Some("clock: differs".into());
        let v = &verdicts_full(&rows, &cols, &cells(varied, varied))[0];
        assert!(v
            .problem
            .as_deref()
            .unwrap()
            .contains("remove it from light.toml"));
    }

    #[test]
    fn identical_rows_pass_and_count() {
        let (rows, cols) = setup(None);
        let ok = (CellStatus::Ok, 0, "x\n{1, 2}\n");
        let v = &verdicts_full(&rows, &cols, &cells(ok, ok))[0];
        assert_eq!((v.identical, v.columns, v.self_agrees), (2, 2, true));
        assert!(v.problem.is_none() && v.difference.is_none());
    }

    #[test]
    fn a_difference_needs_a_cause_and_reports_its_first_line() {
        let other = (CellStatus::Ok, 0, "x\n{2, 1}\n");
        let (rows, cols) = setup(None);
        let v = &verdicts_full(&rows, &cols, &cells(other, other))[0];
        assert_eq!(v.identical, 0);
        assert!(v.problem.as_deref().unwrap().contains("no declared cause"));
        let d = v.difference.as_ref().unwrap();
        assert_eq!((d.line, d.column_line.as_deref()), (2, Some("{2, 1}\n")));
        // Declared: a measurement, not a failure.
        let (rows, cols) = setup(Some("set order: str hash"));
        let v = &verdicts_full(&rows, &cols, &cells(other, other))[0];
        assert!(v.problem.is_none(), "{v:?}");
    }

    #[test]
    fn a_failing_program_is_an_outcome_compared_with_its_exit_status() {
        let missing = (CellStatus::Failed, 1, "x\n");
        let (rows, cols) = setup(Some("missing module: fcntl"));
        let v = &verdicts_full(&rows, &cols, &cells(missing, missing))[0];
        assert!(v.problem.is_none(), "{v:?}");
        assert_eq!(v.exit_code, Some(1));
        // Same bytes, other exit status on one target: the tier disagrees with itself.
        let v = &verdicts_full(
            &rows,
            &cols,
            &cells(missing, (CellStatus::Failed, 2, "x\n")),
        )[0];
        assert!(!v.self_agrees);
    }

    #[test]
    fn light_targets_that_disagree_fail_even_with_a_cause() {
        let (rows, cols) = setup(Some("set order: str hash"));
        let v = &verdicts_full(
            &rows,
            &cols,
            &cells(
                (CellStatus::Ok, 0, "x\n{2, 1}\n"),
                (CellStatus::Ok, 0, "x\n{1, 2}\n"),
            ),
        )[0];
        assert!(!v.self_agrees);
        assert_eq!(v.identical, 1);
        assert!(v
            .problem
            .as_deref()
            .unwrap()
            .contains("disagrees with itself"));
    }

    #[test]
    fn a_light_grouping_is_checked_within_groups_and_reported_between_them() {
        let (mut rows, cols) = setup(Some("errors: WASI words them its own way"));
        rows[0].light_expect = Some(crate::matrix::model::Expectation {
            within: crate::matrix::model::Grouping::Arch,
            reason: "test".into(),
        });
        // Two Light columns in two arch groups ("a-t" and "b-t" are their
        // own first components), each differing from CPython differently.
        let split = cells((CellStatus::Ok, 0, "x\nA\n"), (CellStatus::Ok, 0, "x\nB\n"));
        let v = &verdicts_full(&rows, &cols, &split)[0];
        assert!(v.self_agrees && v.problem.is_none(), "{v:?}");
        let between = v.between_groups.as_ref().unwrap();
        assert_eq!(
            (between.line, between.column_line.as_deref()),
            (2, Some("B\n"))
        );
        // The same bytes in both groups: the declaration is stale.
        let same = cells((CellStatus::Ok, 0, "x\nA\n"), (CellStatus::Ok, 0, "x\nA\n"));
        let v = &verdicts_full(&rows, &cols, &same)[0];
        assert!(
            v.problem
                .as_deref()
                .unwrap()
                .contains("remove it from [within]"),
            "{v:?}"
        );
    }

    #[test]
    fn a_stale_cause_or_an_unrepeatable_cell_fails() {
        let ok = (CellStatus::Ok, 0, "x\n{1, 2}\n");
        let (rows, cols) = setup(Some("set order: str hash"));
        let v = &verdicts_full(&rows, &cols, &cells(ok, ok))[0];
        assert!(v.problem.as_deref().unwrap().contains("remove it"));
        let (rows, cols) = setup(None);
        let v = &verdicts_full(
            &rows,
            &cols,
            &cells(ok, (CellStatus::Nondeterministic, 0, "x\n")),
        )[0];
        assert!(v.problem.as_deref().unwrap().contains("nondeterministic"));
    }

    #[test]
    fn without_light_columns_there_is_no_light_verdict() {
        let (rows, cols) = setup(None);
        let pro: Vec<Column> = cols.into_iter().filter(|c| c.tier == Tier::Pro).collect();
        assert!(verdicts_full(&rows, &pro, &[]).is_empty());
    }

    #[test]
    fn a_cause_without_a_kind_is_refused_with_its_line() {
        let dir = crate::util::Scratch::new("light-causes");
        let path = dir.join("causes.toml");
        std::fs::write(
            &path,
            "[causes]\nok_row = \"set order: x\"\nbad_row = \"just words\"\n",
        )
        .unwrap();
        let err = format!("{:#}", load_causes(&path).unwrap_err());
        assert!(
            err.contains("causes.toml:3") && err.contains("bad_row"),
            "{err}"
        );
        std::fs::write(&path, "[causes]\nok_row = \"set order: x\"\n").unwrap();
        assert_eq!(
            cause_kind(&load_causes(&path).unwrap().causes["ok_row"]),
            "set order"
        );
        std::fs::write(&path, "[causes]\n[within]\nw_row = \"cpu: why\"\n").unwrap();
        let err = format!("{:#}", load_causes(&path).unwrap_err());
        assert!(
            err.contains("causes.toml:3") && err.contains("w_row"),
            "{err}"
        );
        std::fs::write(
            &path,
            "[causes]\n[within]\nw_row = \"os: WASI words them its own way\"\n",
        )
        .unwrap();
        let within = &load_causes(&path).unwrap().within["w_row"];
        assert_eq!(within.within, crate::matrix::model::Grouping::Os);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
