//! `cargo xtask guarantee`: the §14 v0.2 guarantee document, written by the
//! tool from measured evidence, and checked against fresh runs.
//!
//! evidence (facts out of a matrix report and bench JSON, committed) →
//! claims (each sentence with the check that backs it) → render (Markdown).

mod claims;
mod evidence;
mod render;

use crate::util::workspace_root;
use anyhow::{bail, Context, Result};
use evidence::{Evidence, MatrixFacts, EVIDENCE_SCHEMA};
use std::path::{Path, PathBuf};

/// Where the document and its evidence live, relative to the workspace.
const DOCUMENT: &str = "docs/GUARANTEES.md";
const EVIDENCE: &str = "docs/guarantees/evidence.json";

/// Environment entries a fresh run must share with the evidence.
const SHARED_ENVIRONMENT: [&str; 5] = [
    "libm pin",
    "libc text pin",
    "rustc",
    "light engine",
    "runs per cell",
];

#[derive(clap::Args, Debug)]
pub struct GuaranteeArgs {
    /// Take the evidence from --matrix and --bench, and write it and the document.
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// With --write: keep the committed evidence and render the document again.
    #[arg(long, requires = "write")]
    pub keep_evidence: bool,
    /// Check: the document is what its evidence renders, every claim holds,
    /// and every --fresh report shows what the evidence says.
    #[arg(long)]
    pub check: bool,
    /// The matrix report the evidence comes from: a full `--tier light` run.
    #[arg(long, default_value = "target/matrix/matrix.json")]
    pub matrix: PathBuf,
    /// Bench results the evidence includes.
    #[arg(long = "bench", default_values = ["target/bench/bench.json", "target/bench/bench-light.json"])]
    pub bench: Vec<PathBuf>,
    /// Matrix reports of a fresh run to hold against the evidence (--check).
    #[arg(long = "fresh")]
    pub fresh: Vec<PathBuf>,
}

pub fn command(args: &GuaranteeArgs) -> Result<bool> {
    let root = workspace_root();
    let document = root.join(DOCUMENT);
    let evidence_path = root.join(EVIDENCE);
    if args.check {
        return check(&document, &evidence_path, &args.fresh);
    }
    let evidence = if args.keep_evidence {
        read_evidence(&evidence_path)?
    } else {
        collect(
            &root.join(&args.matrix),
            &args.bench.iter().map(|b| root.join(b)).collect::<Vec<_>>(),
        )?
    };
    let claims = claims::claims(&evidence);
    let failing: Vec<String> = claims
        .iter()
        .filter_map(|c| c.holds.as_ref().err().map(|e| format!("  {}: {e}", c.id)))
        .collect();
    if !failing.is_empty() {
        bail!(
            "the evidence does not support {} claim(s), so no document is written:\n{}",
            failing.len(),
            failing.join("\n")
        );
    }
    let md = render::markdown(&evidence, &claims, EVIDENCE);
    if !args.write {
        print!("{md}");
        return Ok(true);
    }
    if let Some(dir) = evidence_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if !args.keep_evidence {
        std::fs::write(
            &evidence_path,
            serde_json::to_string_pretty(&evidence)? + "\n",
        )?;
    }
    std::fs::write(&document, md)?;
    eprintln!(
        "guarantee: {} claims hold; wrote {DOCUMENT} and {EVIDENCE}",
        claims.len()
    );
    Ok(true)
}

/// The evidence from a matrix report and bench results.
fn collect(matrix: &Path, benches: &[PathBuf]) -> Result<Evidence> {
    let report = evidence::read_report(matrix)?;
    let pocs = crate::samples_table::pocs(&workspace_root().join("samples/corpus"))?;
    let mut bench = Vec::new();
    for path in benches {
        bench.push(evidence::read_bench(path)?);
    }
    Ok(Evidence {
        schema: EVIDENCE_SCHEMA,
        matrix: MatrixFacts::from_report(&report, &pocs),
        cpython: evidence::cpython_pin()?,
        bench,
    })
}

fn read_evidence(path: &Path) -> Result<Evidence> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read {} (write it with `cargo xtask guarantee --write`)",
            path.display()
        )
    })?;
    let evidence: Evidence = serde_json::from_str(&text)
        .with_context(|| format!("{} is not guarantee evidence", path.display()))?;
    if evidence.schema != EVIDENCE_SCHEMA {
        bail!(
            "{}: evidence schema {} (this xtask writes {EVIDENCE_SCHEMA}): run `cargo xtask guarantee --write`",
            path.display(),
            evidence.schema
        );
    }
    Ok(evidence)
}

/// Every problem `--check` finds; empty means the document stands.
fn check(document: &Path, evidence_path: &Path, fresh: &[PathBuf]) -> Result<bool> {
    let evidence = read_evidence(evidence_path)?;
    let claims = claims::claims(&evidence);
    let mut problems: Vec<String> = claims
        .iter()
        .filter_map(|c| {
            c.holds
                .as_ref()
                .err()
                .map(|e| format!("claim {}: {e}", c.id))
        })
        .collect();
    let rendered = render::markdown(&evidence, &claims, EVIDENCE);
    let committed = std::fs::read_to_string(document).unwrap_or_default();
    if rendered != committed {
        problems.push(format!(
            "{DOCUMENT} is not what {EVIDENCE} renders (edited by hand, or the renderer changed): \
             run `cargo xtask guarantee --write --keep-evidence`"
        ));
    }
    let pocs = crate::samples_table::pocs(&workspace_root().join("samples/corpus"))?;
    let mut compared = 0;
    for path in fresh {
        let report = evidence::read_report(path)?;
        let facts = MatrixFacts::from_report(&report, &pocs);
        let (cells, found) = compare_fresh(&evidence.matrix, &facts);
        compared += cells;
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("{}: {p}", path.display())),
        );
    }
    for p in &problems {
        eprintln!("guarantee: {p}");
    }
    if problems.is_empty() {
        eprintln!(
            "guarantee: {} claims hold, {DOCUMENT} is what its evidence renders, and {compared} fresh cells show what the evidence says",
            claims.len()
        );
    } else if !fresh.is_empty() {
        eprintln!(
            "guarantee: a fresh run that no longer matches means the guarantee changed: find why, then \
             `cargo xtask matrix --tier light && cargo xtask guarantee --write`"
        );
    }
    Ok(problems.is_empty())
}

/// Holds a fresh run's facts against the evidence: the same rows, and on
/// every column both have, the same outcome; the same pins. Returns the
/// number of cells compared and the differences found.
fn compare_fresh(evidence: &MatrixFacts, fresh: &MatrixFacts) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    for key in SHARED_ENVIRONMENT {
        if let (Some(a), Some(b)) = (evidence.environment.get(key), fresh.environment.get(key)) {
            if a != b {
                problems.push(format!("{key} is {b}, the evidence was measured with {a}"));
            }
        }
    }
    for column in &fresh.columns {
        if !evidence.columns.iter().any(|c| c.id == column.id) {
            problems.push(format!("column {} is not in the evidence", column.id));
        }
    }
    let mut compared = 0;
    for row in &fresh.rows {
        let Some(known) = evidence.row(&row.id) else {
            problems.push(format!("row {} is not in the evidence", row.id));
            continue;
        };
        for (column, outcome) in &row.outcomes {
            if let Some(was) = known.outcomes.get(column) {
                compared += 1;
                if was != outcome {
                    problems.push(format!(
                        "row {} on {column}: {outcome:?}, the evidence says {was:?}",
                        row.id
                    ));
                }
            }
        }
    }
    for row in &evidence.rows {
        if fresh.row(&row.id).is_none() {
            problems.push(format!("row {} of the evidence did not run", row.id));
        }
    }
    (compared, problems)
}

#[cfg(test)]
mod tests {
    use super::evidence::Outcome;
    use super::*;

    #[test]
    fn a_fresh_run_must_show_what_the_evidence_says() {
        let evidence = claims::tests::good();
        let same = evidence.matrix.clone();
        let (cells, problems) = compare_fresh(&evidence.matrix, &same);
        assert_eq!((cells, problems), (24, vec![]));

        // A host-only fresh run: fewer columns is fine, the cells it has must match.
        let mut host = same.clone();
        host.columns.retain(|c| c.id.ends_with('a'));
        for r in &mut host.rows {
            r.outcomes.retain(|c, _| c.ends_with('a'));
        }
        host.rows[0].outcomes.insert("a".into(), Outcome::Differs);
        let (cells, problems) = compare_fresh(&evidence.matrix, &host);
        assert_eq!(cells, 12);
        assert_eq!(
            problems,
            ["row poc0 on a: Differs, the evidence says Identical"]
        );

        let mut changed = same.clone();
        changed.rows.pop();
        changed.rows[0].id = "poc0_renamed".into();
        changed.columns[0].id = "riscv64gc-unknown-linux-gnu".into();
        changed
            .environment
            .insert("libm pin".into(), "libm 0.2.17".into());
        let (_, problems) = compare_fresh(&evidence.matrix, &changed);
        assert_eq!(
            problems,
            [
                "libm pin is libm 0.2.17, the evidence was measured with libm 0.2.16",
                "column riscv64gc-unknown-linux-gnu is not in the evidence",
                "row poc0_renamed is not in the evidence",
                "row poc0 of the evidence did not run",
                "row py:clock.py of the evidence did not run",
            ]
        );
    }

    #[test]
    fn the_document_is_a_function_of_the_evidence() {
        let mut e = claims::tests::good();
        let md = render::markdown(&e, &claims::claims(&e), EVIDENCE);
        assert_eq!(md, render::markdown(&e, &claims::claims(&e), EVIDENCE));
        for c in claims::claims(&e) {
            assert!(md.contains(&format!("check `{}`", c.id)), "{}", c.id);
        }
        assert!(
            md.contains("| `any_sets` | 1 | sample | ✅✅ | ≠≠ | set order |"),
            "{md}"
        );
        assert!(md.contains("`py:platform.py`, within os: another system. Measured: line 1"));
        // Any change to the evidence shows in the document.
        e.matrix.rows[0]
            .outcomes
            .insert("b".into(), Outcome::TimedOut);
        assert_ne!(md, render::markdown(&e, &claims::claims(&e), EVIDENCE));
    }
}
