//! Compare: which columns agree on each row, and where they first differ.

use super::model::{Cell, CellStatus, Column, Difference, Report, Row, RowVerdict};

/// Compares every row: the baseline is the baseline column when it ran
/// cleanly, else the first clean column that must agree.
pub fn verdicts(rows: &[Row], columns: &[Column], cells: &[Cell]) -> Vec<RowVerdict> {
    rows.iter()
        .map(|row| verdict(row, columns, cells))
        .collect()
}

fn verdict(row: &Row, columns: &[Column], cells: &[Cell]) -> RowVerdict {
    if row.varies.is_some() {
        return varying_verdict(row, columns, cells);
    }
    let cell = |col: &Column| cells.iter().find(|c| c.row == row.id && c.column == col.id);
    let clean = |col: &&Column| cell(col).is_some_and(|c| c.status == CellStatus::Ok);
    // Without an expectation every column is in one group.
    let group = |col: &Column| {
        row.expect
            .as_ref()
            .map(|e| super::expect::group_of(col, e.within))
            .unwrap_or_default()
    };
    let first_clean = |group_name: Option<&str>| {
        let in_group = |c: &&Column| group_name.is_none_or(|g| group(c) == g);
        columns
            .iter()
            .filter(in_group)
            .filter(|c| c.baseline)
            .find(clean)
            .or_else(|| {
                columns
                    .iter()
                    .filter(in_group)
                    .filter(|c| c.must_agree)
                    .find(clean)
            })
    };
    let required = columns.iter().filter(|c| c.must_agree).count();
    let Some(baseline) = first_clean(None) else {
        return RowVerdict {
            row: row.id.clone(),
            agreeing: 0,
            required,
            agrees: false,
            baseline: None,
            differences: vec![],
            compared_with: Default::default(),
            between_groups: None,
            varied: vec![],
        };
    };
    let group_baseline = |col: &Column| {
        let g = group(col);
        if group(baseline) == g {
            Some(baseline)
        } else {
            first_clean(Some(&g))
        }
    };
    let mut agreeing = 0;
    let mut differences = vec![];
    let mut compared_with = std::collections::BTreeMap::new();
    for col in columns {
        // A column with no clean cell in its group cannot agree.
        let Some(against) = group_baseline(col) else {
            continue;
        };
        if row.expect.is_some() {
            compared_with.insert(col.id.clone(), against.id.clone());
        }
        if against.id == col.id {
            // A group's baseline is clean by choice.
            agreeing += usize::from(col.must_agree);
            continue;
        }
        let base = cell(against).expect("group baselines are clean");
        let Some(c) = cell(col) else { continue };
        let same = c.status == CellStatus::Ok && c.stdout_sha256 == base.stdout_sha256;
        if same && col.must_agree {
            agreeing += 1;
        }
        if !same && c.status == CellStatus::Ok {
            differences.push(first_difference(&col.id, &base.stdout, &c.stdout));
        }
    }
    let between_groups = row.expect.as_ref().and_then(|_| {
        let base = cell(baseline).expect("baseline is clean");
        columns
            .iter()
            .filter_map(|col| group_baseline(col).filter(|b| b.id == col.id))
            .filter_map(|b| cell(b).map(|c| (b, c)))
            .find(|(_, c)| c.stdout_sha256 != base.stdout_sha256)
            .map(|(b, c)| first_difference(&b.id, &base.stdout, &c.stdout))
    });
    // `agreeing` counts only clean cells of required columns (group
    // baselines are clean), so reaching the total means every required cell
    // ran cleanly and matched its group.
    RowVerdict {
        row: row.id.clone(),
        agreeing,
        required,
        agrees: agreeing == required,
        baseline: Some(baseline.id.clone()),
        differences,
        compared_with,
        between_groups,
        varied: vec![],
    }
}

/// A row declared to vary between runs has no bytes to agree on: every
/// required cell must finish all its runs (clean or differing), and the
/// runs must differ in at least one column, or the declaration is stale.
fn varying_verdict(row: &Row, columns: &[Column], cells: &[Cell]) -> RowVerdict {
    let cell = |col: &Column| cells.iter().find(|c| c.row == row.id && c.column == col.id);
    let finished = |col: &&Column| {
        cell(col).is_some_and(|c| matches!(c.status, CellStatus::Ok | CellStatus::Nondeterministic))
    };
    let required = columns.iter().filter(|c| c.must_agree).count();
    let agreeing = columns
        .iter()
        .filter(|c| c.must_agree)
        .filter(finished)
        .count();
    let varied: Vec<String> = columns
        .iter()
        .filter(|c| cell(c).is_some_and(|c| c.status == CellStatus::Nondeterministic))
        .map(|c| c.id.clone())
        .collect();
    let baseline = columns.iter().filter(|c| c.baseline).find(finished);
    RowVerdict {
        row: row.id.clone(),
        agreeing,
        required,
        agrees: agreeing == required && baseline.is_some() && !varied.is_empty(),
        baseline: baseline.map(|c| c.id.clone()),
        differences: vec![],
        compared_with: Default::default(),
        between_groups: None,
        varied,
    }
}

/// The first line (1-based) where two outputs differ; a missing line is `None`.
pub fn first_difference(column: &str, baseline: &str, other: &str) -> Difference {
    let mut a = baseline.split_inclusive('\n');
    let mut b = other.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => {
                return Difference {
                    column: column.to_string(),
                    line,
                    baseline_line: x.map(str::to_owned),
                    column_line: y.map(str::to_owned),
                }
            }
        }
    }
}

/// Recomputes verdicts and the overall result of a report: the Pro verdict
/// over the Pro and reference columns, and the Light one (see
/// `matrix::light`) when Light columns ran.
pub fn judge(report: &mut Report) {
    let pro: Vec<Column> = report
        .columns
        .iter()
        .filter(|c| c.tier == super::model::Tier::Pro)
        .cloned()
        .collect();
    report.verdicts = verdicts(&report.rows, &pro, &report.cells);
    report.light =
        super::light::verdicts(&report.rows, &report.columns, &report.cells, report.partial);
    report.agrees = !report.verdicts.is_empty()
        && report.verdicts.iter().all(|v| v.agrees)
        && report.light.iter().all(|v| v.problem.is_none());
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::matrix::model::RowKind;

    fn column(id: &str, baseline: bool, must_agree: bool) -> Column {
        Column {
            id: id.into(),
            title: id.into(),
            target: None,
            runner: "test".into(),
            must_agree,
            baseline,
            tools: Default::default(),
            not_built: None,
            tier: crate::matrix::model::Tier::Pro,
        }
    }

    fn cell(column: &str, status: CellStatus, stdout: &str) -> Cell {
        test_cell(column, status, 0, stdout)
    }

    /// A cell of row "r" that printed `stdout` and exited with `exit`.
    pub(crate) fn test_cell(column: &str, status: CellStatus, exit: i32, stdout: &str) -> Cell {
        Cell {
            row: "r".into(),
            column: column.into(),
            status,
            exit_code: Some(exit),
            signal: None,
            stdout_sha256: Some(crate::util::sha256_hex(stdout.as_bytes())),
            stdout_bytes: stdout.len(),
            wall_ms: vec![1],
            runs_agree: true,
            detail: String::new(),
            stdout: stdout.into(),
            stdout_truncated: false,
            cached: false,
            key: None,
        }
    }

    fn row() -> Vec<Row> {
        vec![Row {
            id: "r".into(),
            kind: RowKind::Program {
                path: "r.py".into(),
            },
            expect: None,
            light_cause: None,
            light_expect: None,
            varies: None,
        }]
    }

    fn columns() -> Vec<Column> {
        vec![
            column("reference", true, false),
            column("a", false, true),
            column("b", false, true),
            column("c", false, true),
        ]
    }

    #[test]
    fn all_equal_agrees_three_of_three() {
        let cells: Vec<Cell> = ["reference", "a", "b", "c"]
            .iter()
            .map(|c| cell(c, CellStatus::Ok, "x\ny\n"))
            .collect();
        let v = &verdicts(&row(), &columns(), &cells)[0];
        assert!(v.agrees);
        assert_eq!((v.agreeing, v.required), (3, 3));
    }

    #[test]
    fn one_differing_target_names_the_first_differing_line() {
        let mut cells: Vec<Cell> = ["reference", "a", "c"]
            .iter()
            .map(|c| cell(c, CellStatus::Ok, "x\ny\nz\n"))
            .collect();
        cells.push(cell("b", CellStatus::Ok, "x\nY\nz\n"));
        let v = &verdicts(&row(), &columns(), &cells)[0];
        assert!(!v.agrees);
        assert_eq!((v.agreeing, v.required), (2, 3));
        let d = &v.differences[0];
        assert_eq!((d.column.as_str(), d.line), ("b", 2));
        assert_eq!(
            (d.baseline_line.as_deref(), d.column_line.as_deref()),
            (Some("y\n"), Some("Y\n"))
        );
    }

    #[test]
    fn a_failed_or_nondeterministic_cell_is_not_agreement() {
        for bad in [
            CellStatus::Failed,
            CellStatus::Nondeterministic,
            CellStatus::TimedOut,
            CellStatus::NotBuilt,
        ] {
            let mut cells: Vec<Cell> = ["reference", "a", "b"]
                .iter()
                .map(|c| cell(c, CellStatus::Ok, "x\n"))
                .collect();
            cells.push(cell("c", bad, "x\n"));
            let v = &verdicts(&row(), &columns(), &cells)[0];
            assert!(!v.agrees, "{bad:?}");
            assert_eq!(v.agreeing, 2, "{bad:?}");
        }
    }

    #[test]
    fn without_a_clean_reference_targets_are_compared_with_each_other() {
        let mut cells: Vec<Cell> = ["a", "b", "c"]
            .iter()
            .map(|c| cell(c, CellStatus::Ok, "x\n"))
            .collect();
        cells.push(cell("reference", CellStatus::Failed, ""));
        let v = &verdicts(&row(), &columns(), &cells)[0];
        assert_eq!(v.baseline.as_deref(), Some("a"));
        assert!(v.agrees);
    }

    #[test]
    fn a_row_declared_to_vary_needs_every_cell_finished_and_some_runs_differing() {
        let mut rows = row();
        rows[0].varies = Some("prints the clock".into());
        let run = |statuses: [CellStatus; 4]| {
            let cells: Vec<Cell> = ["reference", "a", "b", "c"]
                .iter()
                .zip(statuses)
                .enumerate()
                .map(|(i, (c, s))| cell(c, s, &format!("t={i}\n")))
                .collect();
            verdicts(&rows, &columns(), &cells).remove(0)
        };
        use CellStatus::{Failed, Nondeterministic as Varied, Ok as Same};
        // Different bytes in every column are not a disagreement here.
        let v = run([Varied, Varied, Same, Varied]);
        assert!(v.agrees);
        assert_eq!((v.agreeing, v.required), (3, 3));
        assert_eq!(v.varied, ["reference", "a", "c"]);
        assert!(v.differences.is_empty());
        // A run that failed is not a finished cell.
        let v = run([Varied, Varied, Failed, Varied]);
        assert!(!v.agrees);
        assert_eq!(v.agreeing, 2);
        // Runs that never differed make the declaration stale.
        let v = run([Same, Same, Same, Same]);
        assert!(!v.agrees && v.varied.is_empty());
        assert_eq!(v.agreeing, 3);
    }

    fn grouped() -> (Vec<Row>, Vec<Column>) {
        let mut rows = row();
        rows[0].expect = Some(crate::matrix::model::Expectation {
            within: crate::matrix::model::Grouping::Arch,
            reason: "open flags".into(),
        });
        let host = std::env::consts::ARCH;
        let other = if host == "x86_64" {
            "aarch64"
        } else {
            "x86_64"
        };
        let mut cols = vec![column("reference", true, false)];
        for (id, arch, libc) in [
            ("h-gnu", host, "gnu"),
            ("h-musl", host, "musl"),
            ("o-gnu", other, "gnu"),
            ("o-musl", other, "musl"),
        ] {
            let mut c = column(id, false, true);
            c.target = Some(format!("{arch}-unknown-linux-{libc}"));
            cols.push(c);
        }
        (rows, cols)
    }

    #[test]
    fn a_declared_grouping_agrees_within_groups_and_reports_where_they_differ() {
        let (rows, cols) = grouped();
        let cells: Vec<Cell> = [
            ("reference", "a\nhost\n"),
            ("h-gnu", "a\nhost\n"),
            ("h-musl", "a\nhost\n"),
            ("o-gnu", "a\nother\n"),
            ("o-musl", "a\nother\n"),
        ]
        .iter()
        .map(|(c, out)| cell(c, CellStatus::Ok, out))
        .collect();
        let v = &verdicts(&rows, &cols, &cells)[0];
        assert!(v.agrees, "{v:?}");
        assert_eq!((v.agreeing, v.required), (4, 4));
        assert!(v.differences.is_empty());
        assert_eq!(v.compared_with["o-musl"], "o-gnu");
        assert_eq!(v.compared_with["h-musl"], "reference");
        let between = v.between_groups.as_ref().unwrap();
        assert_eq!((between.column.as_str(), between.line), ("o-gnu", 2));
        // The same cells without the declaration: two columns disagree.
        let v = &verdicts(&row(), &cols, &cells)[0];
        assert_eq!((v.agrees, v.agreeing), (false, 2));
    }

    #[test]
    fn a_column_drifting_inside_its_group_fails_a_grouped_row() {
        let (rows, cols) = grouped();
        let cells: Vec<Cell> = [
            ("reference", "host\n"),
            ("h-gnu", "host\n"),
            ("h-musl", "host\n"),
            ("o-gnu", "other\n"),
            ("o-musl", "other, musl\n"),
        ]
        .iter()
        .map(|(c, out)| cell(c, CellStatus::Ok, out))
        .collect();
        let v = &verdicts(&rows, &cols, &cells)[0];
        assert!(!v.agrees);
        assert_eq!(v.agreeing, 3);
        assert_eq!(v.differences.len(), 1);
        assert_eq!(v.differences[0].column, "o-musl");
        // Groups that print the same bytes leave `between_groups` empty.
        let same: Vec<Cell> = ["reference", "h-gnu", "h-musl", "o-gnu", "o-musl"]
            .iter()
            .map(|c| cell(c, CellStatus::Ok, "x\n"))
            .collect();
        let v = &verdicts(&rows, &cols, &same)[0];
        assert!(v.agrees && v.between_groups.is_none());
    }

    #[test]
    fn first_difference_handles_missing_lines() {
        let d = first_difference("t", "a\nb\n", "a\n");
        assert_eq!(
            (d.line, d.baseline_line.as_deref(), d.column_line),
            (2, Some("b\n"), None)
        );
    }
}
