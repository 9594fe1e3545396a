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
    let cell = |col: &Column| cells.iter().find(|c| c.row == row.id && c.column == col.id);
    let clean = |col: &&Column| cell(col).is_some_and(|c| c.status == CellStatus::Ok);
    let baseline = columns
        .iter()
        .filter(|c| c.baseline)
        .find(clean)
        .or_else(|| columns.iter().filter(|c| c.must_agree).find(clean));
    let required: Vec<&Column> = columns.iter().filter(|c| c.must_agree).collect();
    let Some(baseline) = baseline else {
        return RowVerdict {
            row: row.id.clone(),
            agreeing: 0,
            required: required.len(),
            agrees: false,
            baseline: None,
            differences: vec![],
        };
    };
    let base = cell(baseline).expect("baseline is clean");
    let mut agreeing = 0;
    let mut differences = vec![];
    for col in columns.iter().filter(|c| c.id != baseline.id) {
        let Some(c) = cell(col) else { continue };
        let same = c.status == CellStatus::Ok && c.stdout_sha256 == base.stdout_sha256;
        if same && col.must_agree {
            agreeing += 1;
        }
        if !same && c.status == CellStatus::Ok {
            differences.push(first_difference(&col.id, &base.stdout, &c.stdout));
        }
    }
    if baseline.must_agree {
        agreeing += 1;
    }
    // `agreeing` counts only clean cells of required columns (the baseline is
    // clean), so reaching the total means every required cell ran cleanly.
    RowVerdict {
        row: row.id.clone(),
        agreeing,
        required: required.len(),
        agrees: agreeing == required.len(),
        baseline: Some(baseline.id.clone()),
        differences,
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

/// Recomputes verdicts and the overall result of a report.
pub fn judge(report: &mut Report) {
    report.verdicts = verdicts(&report.rows, &report.columns, &report.cells);
    report.agrees = !report.verdicts.is_empty() && report.verdicts.iter().all(|v| v.agrees);
}

#[cfg(test)]
mod tests {
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
        }
    }

    fn cell(column: &str, status: CellStatus, stdout: &str) -> Cell {
        Cell {
            row: "r".into(),
            column: column.into(),
            status,
            exit_code: Some(0),
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
    fn first_difference_handles_missing_lines() {
        let d = first_difference("t", "a\nb\n", "a\n");
        assert_eq!(
            (d.line, d.baseline_line.as_deref(), d.column_line),
            (2, Some("b\n"), None)
        );
    }
}
