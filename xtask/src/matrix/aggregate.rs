//! `cargo xtask matrix aggregate <files…>`: merges JSON reports made on
//! different machines (one per target in CI) into one table and judges it
//! again. The first file's baseline stays the baseline; a column that appears
//! twice (aarch64 natively and under QEMU) is kept apart as `<id>@<runner>`,
//! and one seen twice with the same runner (wasmtime on two hosts) as
//! `<id>@<runner>@<host>`.

use super::compare;
use super::model::Report;
use anyhow::{bail, Result};
use std::path::PathBuf;

pub fn aggregate(files: &[PathBuf]) -> Result<Report> {
    if files.is_empty() {
        bail!("aggregate needs at least one JSON report");
    }
    let mut merged: Option<Report> = None;
    for file in files {
        let report = Report::read(file)?;
        merged = Some(match merged {
            None => report,
            Some(base) => merge(base, report, &file.display().to_string()),
        });
    }
    let mut report = merged.expect("at least one file");
    compare::judge(&mut report);
    Ok(report)
}

fn merge(mut base: Report, other: Report, origin: &str) -> Report {
    // The same target and runner twice (the WASI module under wasmtime on an
    // x86_64 and an arm64 machine): the host tells them apart.
    let host = other.environment.get("host").cloned().unwrap_or_default();
    for row in other.rows {
        if !base.rows.iter().any(|r| r.id == row.id) {
            base.rows.push(row);
        }
    }
    for mut column in other.columns {
        let existing = base.columns.iter().find(|c| c.id == column.id);
        let new_id = match existing {
            None => column.id.clone(),
            // The same reference measured again elsewhere: keep the first.
            Some(_) if column.target.is_none() => continue,
            Some(_) => {
                let by_runner = format!("{}@{}", column.id, column.runner);
                if base.columns.iter().any(|c| c.id == by_runner) {
                    format!("{by_runner}@{host}")
                } else {
                    by_runner
                }
            }
        };
        for mut cell in other
            .cells
            .iter()
            .filter(|c| c.column == column.id)
            .cloned()
        {
            cell.column = new_id.clone();
            base.cells.push(cell);
        }
        if new_id != column.id {
            column.title = match new_id.matches('@').count() {
                1 => format!("{} ({})", column.title, column.runner),
                _ => format!("{} ({} on {host})", column.title, column.runner),
            };
        }
        column.id = new_id;
        column.baseline = false;
        base.columns.push(column);
    }
    for (key, value) in other.environment {
        base.environment
            .entry(key)
            .and_modify(|v| {
                if *v != value {
                    v.push_str(&format!(" | {value} ({origin})"));
                }
            })
            .or_insert(value);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::model::{Column, REPORT_SCHEMA};

    fn wasm_report(host: &str) -> Report {
        Report {
            schema: REPORT_SCHEMA,
            environment: [("host".to_string(), host.to_string())].into(),
            rows: vec![],
            columns: vec![Column {
                id: "wasm32-wasip1".into(),
                title: "wasm32-wasip1".into(),
                target: Some("wasm32-wasip1".into()),
                runner: "wasmtime".into(),
                must_agree: true,
                baseline: false,
                tools: Default::default(),
                not_built: None,
                tier: crate::matrix::model::Tier::Pro,
            }],
            cells: vec![],
            verdicts: vec![],
            light: vec![],
            agrees: true,
            partial: false,
        }
    }

    #[test]
    fn one_target_and_runner_on_several_hosts_stays_apart() {
        let merged = merge(
            merge(
                wasm_report("x86_64-linux"),
                wasm_report("x86_64-linux"),
                "b",
            ),
            wasm_report("aarch64-linux"),
            "c",
        );
        let ids: Vec<&str> = merged.columns.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "wasm32-wasip1",
                "wasm32-wasip1@wasmtime",
                "wasm32-wasip1@wasmtime@aarch64-linux"
            ]
        );
        assert_eq!(
            merged.columns[2].title,
            "wasm32-wasip1 (wasmtime on aarch64-linux)"
        );
    }
}
