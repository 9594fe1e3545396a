//! Partitioned programs in the matrix: each `.py` is partitioned once, its
//! own hybrid binary built for every target (static functions as generated
//! Rust), and run as a row of its own against the original under the
//! reference CPython.

use crate::config::target::TargetSpec;
use crate::matrix::model::{Row, RowKind};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One partitioned program and what became of it on each target.
pub struct Partitioned {
    pub path: PathBuf,
    /// Row id, e.g. `partition:samples/partition/spectral_norm.py`.
    pub id: String,
    /// The classification, or why the program could not be partitioned.
    pub program: Result<partition::Program, String>,
    /// Triple → the binary, or why it was not built.
    pub binaries: BTreeMap<String, Result<PathBuf, String>>,
}

/// Partitions every program (once; the classification does not depend on the
/// target), all at once: each parse is a short CPython process.
pub fn analyse_all(paths: &[PathBuf]) -> Vec<Partitioned> {
    std::thread::scope(|scope| {
        let parses: Vec<_> = paths
            .iter()
            .map(|path| scope.spawn(move || crate::partition::analyse(path)))
            .collect();
        paths
            .iter()
            .zip(parses)
            .map(|(path, parse)| {
                let shown = crate::util::shown_path(path);
                let program = match parse.join() {
                    Ok(result) => result.map_err(|e| format!("{e:#}")),
                    Err(_) => Err(format!("{shown}: the partitioner panicked")),
                };
                Partitioned {
                    id: format!("partition:{shown}"),
                    program,
                    path: path.clone(),
                    binaries: BTreeMap::new(),
                }
            })
            .collect()
    })
}

/// Builds each program's binary for `spec` (after the target's `hybrid`
/// built, so they share its static CPython and compiled runtime). A failure
/// is recorded for that cell only.
pub fn build_for(programs: &mut [Partitioned], spec: &TargetSpec, no_build: bool) {
    for p in programs.iter_mut() {
        let built = match &p.program {
            Ok(program) => crate::partition::build_or_find(&p.path, program, spec, no_build)
                .map_err(|e| format!("{e:#}")),
            Err(e) => Err(e.clone()),
        };
        if let Err(e) = &built {
            eprintln!("matrix: {} not built for {}: {e}", p.id, spec.triple);
        }
        p.binaries.insert(spec.triple.clone(), built);
    }
}

/// The binaries built for `triple` (a container copies them into its root).
pub fn binaries_for(programs: &[Partitioned], triple: &str) -> Vec<PathBuf> {
    programs
        .iter()
        .filter_map(|p| {
            p.binaries
                .get(triple)
                .and_then(|b| b.as_ref().ok())
                .cloned()
        })
        .collect()
}

/// The report rows: one per program, with its static/dynamic count.
pub fn rows(programs: &[Partitioned]) -> Vec<Row> {
    programs
        .iter()
        .map(|p| {
            let (statics, functions) = match &p.program {
                Ok(program) => (
                    program.functions.iter().filter(|f| f.is_static()).count(),
                    program.functions.len(),
                ),
                Err(_) => (0, 0),
            };
            Row {
                id: p.id.clone(),
                kind: RowKind::Partitioned {
                    path: p.path.display().to_string(),
                    statics,
                    functions,
                },
                // A partitioned program is checked across every column.
                expect: None,
                light_cause: None,
                light_expect: None,
                varies: None,
            }
        })
        .collect()
}

/// The binary for a partition row's cell, or why there is none.
pub fn binary<'a>(
    programs: &'a [Partitioned],
    row: &str,
    triple: &str,
) -> Result<&'a Path, String> {
    let p = programs
        .iter()
        .find(|p| p.id == row)
        .ok_or_else(|| format!("no partitioned program {row}"))?;
    match p.binaries.get(triple) {
        Some(Ok(binary)) => Ok(binary),
        Some(Err(e)) => Err(e.clone()),
        None => Err(format!(
            "{} was not built for {triple} (the target's hybrid did not build)",
            p.id
        )),
    }
}
