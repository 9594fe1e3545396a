//! Report: the Markdown table for people and the JSON for machines.

use super::model::{Cell, CellStatus, Grouping, Report, RowKind};
use std::fmt::Write;

/// Marks used in the table (documented in the README); `↺` follows the mark
/// of an outcome reused from the cell cache.
pub fn mark(cell: Option<&Cell>, baseline_sha: Option<&str>, is_baseline: bool) -> String {
    let Some(cell) = cell else {
        return "—".into();
    };
    let mark = status_mark(cell, baseline_sha, is_baseline);
    if cell.cached {
        format!("{mark} ↺")
    } else {
        mark
    }
}

fn status_mark(cell: &Cell, baseline_sha: Option<&str>, is_baseline: bool) -> String {
    let short = cell.stdout_sha256.as_deref().map(|s| &s[..8]).unwrap_or("");
    match cell.status {
        CellStatus::Ok if is_baseline => format!("`{short}`"),
        CellStatus::Ok if cell.stdout_sha256.as_deref() == baseline_sha => {
            format!("✅ `{short}`")
        }
        CellStatus::Ok => format!("❌ `{short}`"),
        CellStatus::Nondeterministic => "🎲 nondeterministic".into(),
        CellStatus::Failed => match (cell.exit_code, cell.signal) {
            (_, Some(sig)) => format!("💥 failed (signal {sig})"),
            (code, _) => format!(
                "💥 failed (exit {})",
                code.map(|c| c.to_string()).unwrap_or_default()
            ),
        },
        CellStatus::TimedOut => "⏱️ timed out".into(),
        CellStatus::NotBuilt => "🚫 not built".into(),
        CellStatus::Error => "⚠️ runner error".into(),
    }
}

pub fn grouping_name(g: Grouping) -> &'static str {
    match g {
        Grouping::Arch => "arch",
        Grouping::Libc => "libc",
        Grouping::Os => "os",
    }
}

/// The compared columns (targets and the baseline) that have no other
/// compared column in their group: nothing tests them but determinism.
fn alone_in_group(report: &Report, within: Grouping) -> Vec<String> {
    let compared: Vec<&super::model::Column> = report
        .columns
        .iter()
        .filter(|c| (c.must_agree || c.baseline) && c.not_built.is_none())
        .collect();
    let group = |c: &super::model::Column| super::expect::group_of(c, within);
    compared
        .iter()
        .filter(|c| compared.iter().filter(|o| group(o) == group(c)).count() == 1)
        .map(|c| c.id.clone())
        .collect()
}

/// One line per row with a declared expectation: the reason, and where the
/// groups first differ (or that they did not, which makes it stale).
fn expected_differences(report: &Report) -> String {
    let mut out = String::new();
    for (row, verdict) in report.rows.iter().zip(&report.verdicts) {
        let Some(expect) = &row.expect else { continue };
        let base = verdict.baseline.as_deref().unwrap_or("?");
        let within = grouping_name(expect.within);
        let seen = match (&verdict.between_groups, verdict.agrees) {
            (Some(d), _) => format!(
                "first differs at line {}: `{base}`: `{}`, `{}`: `{}`",
                d.line,
                d.baseline_line
                    .as_deref()
                    .unwrap_or("")
                    .trim_end_matches('\n'),
                d.column,
                d.column_line
                    .as_deref()
                    .unwrap_or("")
                    .trim_end_matches('\n')
            ),
            (None, true) => {
                "⚠️ the groups printed the same bytes: the declaration may be stale".into()
            }
            (None, false) => {
                "the groups could not be compared (a cell failed or a group disagrees)".into()
            }
        };
        let alone = alone_in_group(report, expect.within);
        let alone = if alone.is_empty() {
            String::new()
        } else {
            format!(
                "<br>alone in its group, so checked only against its own second run: {}",
                alone.join(", ")
            )
        };
        let _ = writeln!(
            out,
            "- **{}** (within {within}): {}<br>{seen}{alone}",
            row.id, expect.reason
        );
    }
    out
}

/// One line per row declared to vary between runs: the reason, and the
/// columns whose runs differed (none: the declaration is not borne out).
fn declared_to_vary(report: &Report) -> String {
    let mut out = String::new();
    for (row, verdict) in report.rows.iter().zip(&report.verdicts) {
        let Some(why) = &row.varies else { continue };
        let repeated: Vec<&str> = report
            .columns
            .iter()
            .filter(|c| c.tier == super::model::Tier::Pro)
            .filter(|c| {
                report
                    .cell(&row.id, &c.id)
                    .is_some_and(|c| c.status == CellStatus::Ok)
            })
            .map(|c| c.id.as_str())
            .collect();
        let seen = if verdict.varied.is_empty() {
            "⚠️ every run printed the same bytes: the declaration is not borne out".to_string()
        } else {
            format!("runs differed: {}", verdict.varied.join(", "))
        };
        let repeated = if repeated.is_empty() {
            String::new()
        } else {
            format!("<br>repeated its bytes: {}", repeated.join(", "))
        };
        let _ = writeln!(out, "- **{}**: {why}<br>{seen}{repeated}", row.id);
    }
    out
}

/// A cell of a row declared to vary: whether its runs differed.
fn varying_mark(cell: Option<&Cell>) -> String {
    match cell {
        Some(c) if c.status == CellStatus::Nondeterministic => {
            format!("🎲 varied{}", if c.cached { " ↺" } else { "" })
        }
        Some(c) if c.status == CellStatus::Ok => {
            let short = c.stdout_sha256.as_deref().map(|s| &s[..8]).unwrap_or("");
            format!(
                "= `{short}` same each run{}",
                if c.cached { " ↺" } else { "" }
            )
        }
        other => mark(other, None, false),
    }
}

/// The agreement table, the disagreements with their first differing line,
/// and the details of failed cells.
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    let pro_agrees = !report.verdicts.is_empty() && report.verdicts.iter().all(|v| v.agrees);
    let verdict = if pro_agrees {
        "✅ all targets agree"
    } else {
        "❌ targets disagree or cells failed"
    };
    let light = super::light::headline(report)
        .map(|h| format!(" · Light tier: {h}"))
        .unwrap_or_default();
    let _ = writeln!(md, "## Bit-exact agreement matrix: {verdict}{light}\n");
    let _ = write!(md, "| program |");
    for col in &report.columns {
        let _ = write!(md, " {}<br><sub>{}</sub> |", col.title, col.runner);
    }
    let _ = writeln!(md, " agreement |");
    let _ = writeln!(md, "|---|{}---|", "---|".repeat(report.columns.len()));
    for (row, verdict) in report.rows.iter().zip(&report.verdicts) {
        let baseline_sha = verdict
            .baseline
            .as_deref()
            .and_then(|b| report.cell(&row.id, b))
            .and_then(|c| c.stdout_sha256.as_deref());
        match &row.kind {
            RowKind::Partitioned {
                statics, functions, ..
            } => {
                let _ = write!(md, "| {} ({statics}/{functions} static) |", row.id);
            }
            _ => {
                let _ = write!(md, "| {} |", row.id);
            }
        }
        if row.varies.is_some() {
            for col in &report.columns {
                let _ = write!(md, " {} |", varying_mark(report.cell(&row.id, &col.id)));
            }
            let sign = if verdict.agrees { "✅" } else { "❌" };
            let _ = writeln!(
                md,
                " {sign} {}/{} finished, varied in {} (declared) |",
                verdict.agreeing,
                verdict.required,
                verdict.varied.len()
            );
            continue;
        }
        for col in &report.columns {
            // A Light column is compared with its own target's Pro column.
            if col.tier == super::model::Tier::Light {
                let pro = report
                    .columns
                    .iter()
                    .find(|c| {
                        c.tier == super::model::Tier::Pro
                            && c.target.is_some()
                            && c.target == col.target
                    })
                    .and_then(|c| report.cell(&row.id, &c.id))
                    .and_then(|c| c.stdout_sha256.as_deref());
                let _ = write!(md, " {} |", mark(report.cell(&row.id, &col.id), pro, false));
                continue;
            }
            // A row with declared groups compares each column with its
            // group's baseline (`▸`: a group's own baseline).
            let (against, is_baseline) = match verdict.compared_with.get(&col.id) {
                Some(b) => (
                    report
                        .cell(&row.id, b)
                        .and_then(|c| c.stdout_sha256.as_deref()),
                    verdict.baseline.as_deref() == Some(col.id.as_str()) || b == &col.id,
                ),
                None => (
                    baseline_sha,
                    verdict.baseline.as_deref() == Some(col.id.as_str()),
                ),
            };
            let _ = write!(
                md,
                " {} |",
                mark(report.cell(&row.id, &col.id), against, is_baseline)
            );
        }
        let sign = if verdict.agrees { "✅" } else { "❌" };
        let within = row
            .expect
            .as_ref()
            .map(|e| format!(" within {}", grouping_name(e.within)))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            " {sign} {}/{}{within} |",
            verdict.agreeing, verdict.required
        );
    }

    let not_built: Vec<_> = report
        .columns
        .iter()
        .filter_map(|c| c.not_built.as_ref().map(|w| (c, w)))
        .collect();
    if !not_built.is_empty() {
        let _ = writeln!(md, "\n### Not built\n");
        for (col, why) in not_built {
            let _ = writeln!(
                md,
                "- **{}**: {}",
                col.title,
                why.lines().next().unwrap_or("")
            );
        }
    }
    // Disagreements of columns that must agree, then the drift shown by
    // informational columns (the system-libm reference: what the pin removes).
    let mut diffs = String::new();
    let mut drift = String::new();
    for verdict in &report.verdicts {
        let base = verdict.baseline.as_deref().unwrap_or("?");
        for d in &verdict.differences {
            let must_agree = report
                .columns
                .iter()
                .any(|c| c.id == d.column && c.must_agree);
            let show = |l: &Option<String>| {
                l.as_deref()
                    .map(|s| format!("`{}`", s.trim_end_matches('\n')))
                    .unwrap_or("(no line)".into())
            };
            let _ = writeln!(
                if must_agree { &mut diffs } else { &mut drift },
                "- **{}**: `{}` differs from `{base}` at line {}:<br>`{base}`: {}<br>`{}`: {}",
                verdict.row,
                d.column,
                d.line,
                show(&d.baseline_line),
                d.column,
                show(&d.column_line)
            );
        }
    }
    if !diffs.is_empty() {
        let _ = writeln!(md, "\n### Disagreements (first differing line)\n\n{diffs}");
    }
    let expected = expected_differences(report);
    if !expected.is_empty() {
        let _ = writeln!(
            md,
            "\n### Expected differences (declared by the program, checked within each group)\n\n{expected}"
        );
    }
    let varying = declared_to_vary(report);
    if !varying.is_empty() {
        let _ = writeln!(
            md,
            "\n### Declared to vary between runs (not compared; each cell must finish, and the runs must differ somewhere)\n\n{varying}"
        );
    }
    if !drift.is_empty() {
        let _ = writeln!(
            md,
            "\n### Drift in informational columns (not counted)\n\n{drift}"
        );
    }
    md.push_str(&super::light::markdown(report));
    // A Light cell that failed repeatably is a measured outcome, shown in
    // the Light table with its exit status and last line of stderr.
    let light_outcome = |c: &Cell| {
        c.status == CellStatus::Failed
            && c.runs_agree
            && report
                .columns
                .iter()
                .any(|col| col.id == c.column && col.tier == super::model::Tier::Light)
    };
    // Differing runs are what a row declared to vary is there to show.
    let declared_varying = |row: &str| {
        report
            .rows
            .iter()
            .any(|r| r.id == row && r.varies.is_some())
    };
    let mut problems = String::new();
    for cell in report
        .cells
        .iter()
        .filter(|c| !matches!(c.status, CellStatus::Ok | CellStatus::NotBuilt))
        .filter(|c| !light_outcome(c))
        .filter(|c| !(c.status == CellStatus::Nondeterministic && declared_varying(&c.row)))
    {
        let _ = writeln!(
            problems,
            "- **{}** on `{}`: {:?}\n\n```\n{}\n```",
            cell.row, cell.column, cell.status, cell.detail
        );
    }
    if !problems.is_empty() {
        let _ = writeln!(md, "\n### Cells that did not run cleanly\n\n{problems}");
    }
    let _ = writeln!(md, "\n<sub>{}</sub>", environment_line(report));
    md
}

fn environment_line(report: &Report) -> String {
    report
        .environment
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::model::{Difference, Expectation, Row, RowVerdict};

    fn report(between: Option<Difference>, agrees: bool) -> Report {
        Report {
            schema: crate::matrix::model::REPORT_SCHEMA,
            environment: Default::default(),
            rows: vec![Row {
                id: "py:p.py".into(),
                kind: RowKind::Program {
                    path: "p.py".into(),
                },
                expect: Some(Expectation {
                    within: Grouping::Arch,
                    reason: "flags are the CPU's".into(),
                }),
                light_cause: None,
                light_expect: None,
                varies: None,
            }],
            columns: vec![],
            cells: vec![],
            verdicts: vec![RowVerdict {
                row: "py:p.py".into(),
                agreeing: if agrees { 4 } else { 3 },
                required: 4,
                agrees,
                baseline: Some("reference-pinned".into()),
                differences: vec![],
                compared_with: Default::default(),
                between_groups: between,
                varied: vec![],
            }],
            light: vec![],
            agrees,
            partial: false,
        }
    }

    #[test]
    fn expected_differences_say_where_the_groups_differ_or_why_not() {
        let d = Difference {
            column: "aarch64-unknown-linux-gnu".into(),
            line: 2,
            baseline_line: Some("O_DIRECT 16384\n".into()),
            column_line: Some("O_DIRECT 65536\n".into()),
        };
        let text = expected_differences(&report(Some(d), true));
        assert!(
            text.contains("(within arch): flags are the CPU's"),
            "{text}"
        );
        assert!(
            text.contains("first differs at line 2: `reference-pinned`: `O_DIRECT 16384`"),
            "{text}"
        );
        assert!(expected_differences(&report(None, true)).contains("may be stale"));
        let failed = expected_differences(&report(None, false));
        assert!(failed.contains("could not be compared") && !failed.contains("stale"));
    }

    #[test]
    fn a_column_alone_in_its_group_is_named() {
        let col = |id: &str, target: Option<&str>, baseline: bool| crate::matrix::model::Column {
            id: id.into(),
            title: id.into(),
            target: target.map(str::to_string),
            runner: "test".into(),
            must_agree: target.is_some(),
            baseline,
            tools: Default::default(),
            not_built: None,
            tier: crate::matrix::model::Tier::Pro,
        };
        let mut r = report(None, true);
        r.rows[0].expect.as_mut().unwrap().within = Grouping::Os;
        r.columns = vec![
            col("reference-pinned", None, true),
            col(
                "x86_64-unknown-linux-gnu",
                Some("x86_64-unknown-linux-gnu"),
                false,
            ),
            col("wasm32-wasip1", Some("wasm32-wasip1"), false),
        ];
        let text = expected_differences(&r);
        assert!(
            text.contains("(within os)")
                && text.contains("checked only against its own second run: wasm32-wasip1"),
            "{text}"
        );
        // Grouped by arch, the reference and x86_64 share a group; wasm32 does not.
        r.rows[0].expect.as_mut().unwrap().within = Grouping::Arch;
        assert!(expected_differences(&r).contains("second run: wasm32-wasip1\n"));
        // A column that was not built is in no group.
        r.columns[2].not_built = Some("no".into());
        assert!(!expected_differences(&r).contains("alone"));
    }
}
