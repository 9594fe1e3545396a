//! Each guarantee sentence, built from the evidence, with the named check
//! that backs it: a claim the evidence does not support is not written
//! (`--write` refuses), and `--check` re-evaluates every claim.

use super::evidence::{Evidence, Outcome, RowFacts};

pub struct Claim {
    /// Stable name, cited in the document and in failures.
    pub id: &'static str,
    /// The roadmap PoC it belongs to.
    pub poc: u32,
    /// The sentence, with the evidence's numbers in it.
    pub statement: String,
    /// What is checked, in words.
    pub check: &'static str,
    /// `Err`: what in the evidence contradicts the statement.
    pub holds: Result<(), String>,
}

/// Every claim, in PoC order.
pub fn claims(e: &Evidence) -> Vec<Claim> {
    let m = &e.matrix;
    let pro: Vec<&str> = m.pro_targets().map(|c| c.id.as_str()).collect();
    let targets = m
        .pro_targets()
        .map(|c| format!("{} ({})", c.id, c.runner))
        .collect::<Vec<_>>()
        .join(", ");
    let runs = m
        .environment
        .get("runs per cell")
        .cloned()
        .unwrap_or_else(|| "?".into());
    let mut out = Vec::new();

    out.push(Claim {
        id: "evidence-complete",
        poc: 4,
        statement: format!(
            "The evidence is one matrix run over every target of matrix.toml ({} targets: {targets}), each with a Pro and a Light column.",
            pro.len()
        ),
        check: "the report is not partial and every Pro target has its Light column",
        holds: complete(e),
    });

    let poc0 = m.row("poc0");
    out.push(Claim {
        id: "poc0-bit-exact",
        poc: 0,
        statement: format!(
            "The seed program `poc0` (static part in Rust, dynamic part run as Python by the CPython inside the binary) prints the same bytes as the pure-Python original on all {} targets.",
            pro.len()
        ),
        check: "row `poc0`: every Pro cell identical to the CPython baseline",
        holds: match poc0 {
            None => Err("no row `poc0` in the evidence".into()),
            Some(row) => all_identical(row, &pro),
        },
    });

    for (poc, id, what) in [
        (1, "poc1-any-bit-exact", "pass `Any`-typed values (big integers, float specials, nested containers, sets, text and bytes) across the Rust/Python boundary"),
        (2, "poc2-dynamic-bit-exact", "use `*args`/`**kwargs`, computed `getattr`/`setattr` and monkey patching in their dynamic part"),
    ] {
        let rows = ungrouped_rows(e, |r| r.poc == poc && r.kind == "sample");
        out.push(Claim {
            id,
            poc,
            statement: format!(
                "The {} PoC {poc} samples, which {what}, print the same bytes as their pure-Python originals on all {} targets.",
                rows.len(),
                pro.len()
            ),
            check: "every Pro cell of those rows identical to the CPython baseline",
            holds: every_identical(&rows, &pro),
        });
    }

    let partitioned = ungrouped_rows(e, |r| r.kind.starts_with("partitioned"));
    let (statics, functions) = partitioned.iter().fold((0, 0), |(s, f), r| {
        let (a, b) = split_counts(&r.kind);
        (s + a, f + b)
    });
    out.push(Claim {
        id: "poc3-partition-bit-exact",
        poc: 3,
        statement: format!(
            "{} ordinary typed Python programs were partitioned automatically ({statics} of their {functions} functions became generated Rust, the rest stay Python); each partitioned binary prints the same bytes as the original program on CPython, on all {} targets.",
            partitioned.len(),
            pro.len()
        ),
        check: "every Pro cell of the partitioned rows identical to CPython running the original .py",
        holds: every_identical(&partitioned, &pro),
    });

    // A program declared to vary between runs is compared with nothing; it
    // backs its own claim (`nondeterminism-seen`) instead.
    let all_rows: Vec<&RowFacts> = m.rows.iter().filter(|r| r.varies.is_none()).collect();
    let varying: Vec<&RowFacts> = m.rows.iter().filter(|r| r.varies.is_some()).collect();
    let grouped: Vec<&RowFacts> = all_rows
        .iter()
        .copied()
        .filter(|r| r.within.is_some())
        .collect();
    out.push(Claim {
        id: "poc4-cross-platform",
        poc: 4,
        statement: format!(
            "With the libm pinned ({}) and the C library's text pinned ({}), of the {} programs that do not declare they vary between runs, {} print CPython's bytes on every target, and the other {} agree within the groups they declare (listed under the limits).",
            env(e, "libm pin"),
            env(e, "libc text pin"),
            all_rows.len(),
            all_rows.len() - grouped.len(),
            grouped.len()
        ),
        check: "every such row's Pro verdict agrees; ungrouped rows identical everywhere; each declared grouping measured (its groups really differ)",
        holds: cross_platform(&all_rows, &pro),
    });
    out.push(Claim {
        id: "repeatable",
        poc: 4,
        statement: format!(
            "Every cell of those {} programs ran {runs} times and printed the same bytes each time: nothing they print depends on addresses, time or a hash seed.",
            all_rows.len()
        ),
        check: "no Pro cell of a row not declared to vary is nondeterministic",
        holds: no_outcome(&all_rows, &pro, Outcome::Nondeterministic),
    });
    out.push(Claim {
        id: "nondeterminism-seen",
        poc: 4,
        statement: format!(
            "The {} programs that print the clock or object addresses, and declare so, were seen to vary between runs, so the same check that finds none above does find nondeterminism where it is (listed under the limits).",
            varying.len()
        ),
        check: "each row declared to vary: every Pro cell finished, the runs differed on at least one Pro target, and its Light verdict names no problem",
        holds: varied(&varying, &pro),
    });

    let light: Vec<&str> = m.light_targets().map(|c| c.id.as_str()).collect();
    let everywhere = all_rows
        .iter()
        .filter(|r| {
            r.light
                .as_ref()
                .is_some_and(|l| l.columns == light.len() && l.identical == l.columns)
        })
        .count();
    let finished: Vec<&RowFacts> = all_rows
        .iter()
        .copied()
        .filter(|r| {
            light.iter().all(|c| {
                !matches!(
                    r.outcomes.get(*c),
                    Some(Outcome::TimedOut) | Some(Outcome::NotRun) | None
                )
            })
        })
        .collect();
    out.push(Claim {
        id: "poc5-light-measured",
        poc: 5,
        statement: format!(
            "On the Light tier ({}), {everywhere} of the {} programs print CPython's bytes on all {} Light targets; every other row's difference has a declared cause (listed under the limits).",
            env(e, "light engine"),
            all_rows.len(),
            light.len()
        ),
        check: "every Light row without all-identical cells names a cause, and no Light verdict names a problem",
        holds: light_explained(&all_rows),
    });
    out.push(Claim {
        id: "poc5-light-self-agrees",
        poc: 5,
        statement: format!(
            "The Light tier agrees with itself across its {} targets on every one of the {} rows that finished everywhere (within a declared group where one is declared).",
            light.len(),
            finished.len()
        ),
        check: "every finished row's Light cells agree with each other",
        holds: finished
            .iter()
            .find(|r| r.light.as_ref().is_some_and(|l| !l.self_agrees))
            .map_or(Ok(()), |r| Err(format!("row {}: Light targets disagree", r.id))),
    });
    out
}

fn env(e: &Evidence, key: &str) -> String {
    e.matrix
        .environment
        .get(key)
        .cloned()
        .unwrap_or_else(|| format!("no `{key}` recorded"))
}

fn complete(e: &Evidence) -> Result<(), String> {
    if e.matrix.partial {
        return Err("the report ran only some of matrix.toml's targets".into());
    }
    for c in e.matrix.pro_targets() {
        let light = format!("light:{}", c.id);
        if !e.matrix.light_targets().any(|l| l.id == light) {
            return Err(format!(
                "{} has no Light column (run with --tier light)",
                c.id
            ));
        }
    }
    Ok(())
}

/// Rows matching `keep` that declare no grouping.
fn ungrouped_rows(e: &Evidence, keep: impl Fn(&RowFacts) -> bool) -> Vec<&RowFacts> {
    e.matrix
        .rows
        .iter()
        .filter(|r| r.within.is_none() && keep(r))
        .collect()
}

fn all_identical(row: &RowFacts, columns: &[&str]) -> Result<(), String> {
    for c in columns {
        match row.outcomes.get(*c) {
            Some(Outcome::Identical) => {}
            Some(other) => return Err(format!("row {} on {c}: {other:?}", row.id)),
            None => return Err(format!("row {} has no cell on {c}", row.id)),
        }
    }
    Ok(())
}

fn every_identical(rows: &[&RowFacts], columns: &[&str]) -> Result<(), String> {
    if rows.is_empty() {
        return Err("no such rows in the evidence".into());
    }
    rows.iter().try_for_each(|r| all_identical(r, columns))
}

fn cross_platform(rows: &[&RowFacts], columns: &[&str]) -> Result<(), String> {
    for r in rows {
        if !r.agrees {
            return Err(format!("row {}: the Pro verdict disagrees", r.id));
        }
        all_identical(r, columns)?;
        if r.within.is_some() && r.between_groups.is_none() {
            return Err(format!(
                "row {} declares a grouping whose groups printed the same bytes",
                r.id
            ));
        }
    }
    Ok(())
}

fn no_outcome(rows: &[&RowFacts], columns: &[&str], bad: Outcome) -> Result<(), String> {
    for r in rows {
        for c in columns {
            if r.outcomes.get(*c) == Some(&bad) {
                return Err(format!("row {} on {c}: {bad:?}", r.id));
            }
        }
    }
    Ok(())
}

fn varied(rows: &[&RowFacts], columns: &[&str]) -> Result<(), String> {
    if rows.is_empty() {
        return Err("no row declares that it varies between runs".into());
    }
    for r in rows {
        for c in columns {
            match r.outcomes.get(*c) {
                Some(Outcome::Nondeterministic | Outcome::Repeated) => {}
                other => {
                    return Err(format!(
                        "row {} on {c}: {other:?}, not a finished cell",
                        r.id
                    ))
                }
            }
        }
        if !columns
            .iter()
            .any(|c| r.outcomes.get(*c) == Some(&Outcome::Nondeterministic))
        {
            return Err(format!(
                "row {}: every run printed the same bytes on every target",
                r.id
            ));
        }
        if let Some(problem) = r.light.as_ref().and_then(|l| l.problem.as_ref()) {
            return Err(format!("row {} on the Light tier: {problem}", r.id));
        }
    }
    Ok(())
}

fn light_explained(rows: &[&RowFacts]) -> Result<(), String> {
    for r in rows {
        let Some(l) = &r.light else {
            return Err(format!("row {} has no Light verdict", r.id));
        };
        if let Some(problem) = &l.problem {
            return Err(format!("row {}: {problem}", r.id));
        }
        if l.identical < l.columns && l.cause.is_none() {
            return Err(format!(
                "row {} differs on the Light tier with no declared cause",
                r.id
            ));
        }
    }
    Ok(())
}

/// `partitioned k/n` → (k, n).
fn split_counts(kind: &str) -> (usize, usize) {
    let counts = kind.trim_start_matches("partitioned ");
    let mut parts = counts.split('/').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[cfg(test)]
pub mod tests {
    use super::super::evidence::*;
    use super::*;
    use crate::matrix::model::Tier;
    use std::collections::BTreeMap;

    fn column(id: &str, tier: Tier) -> ColumnFacts {
        ColumnFacts {
            id: id.into(),
            target: Some(id.trim_start_matches("light:").into()),
            runner: "native".into(),
            tier,
            must_agree: tier == Tier::Pro,
            tools: BTreeMap::new(),
        }
    }

    fn row(id: &str, poc: u32, kind: &str) -> RowFacts {
        let outcomes = ["a", "b", "light:a", "light:b"]
            .iter()
            .map(|c| (c.to_string(), Outcome::Identical))
            .collect();
        RowFacts {
            id: id.into(),
            kind: kind.into(),
            poc,
            outcomes,
            agrees: true,
            within: None,
            between_groups: None,
            light: Some(LightFacts {
                identical: 2,
                columns: 2,
                self_agrees: true,
                cause: None,
                first_difference: None,
                problem: None,
            }),
            varies: None,
        }
    }

    /// Evidence every claim holds on: two targets, a Pro and a Light column
    /// each, a row per PoC, a grouped row and a Light difference.
    pub fn good() -> Evidence {
        let mut grouped = row("py:platform.py", 4, "program");
        grouped.within = Some("os: another system".into());
        grouped.between_groups = Some("line 1: `linux` → `wasi` (b)".into());
        let mut light_differs = row("any_sets", 1, "sample");
        light_differs
            .outcomes
            .insert("light:a".into(), Outcome::Differs);
        light_differs
            .outcomes
            .insert("light:b".into(), Outcome::Differs);
        let light = light_differs.light.as_mut().unwrap();
        light.identical = 0;
        light.cause = Some("set order: SipHash-2-4".into());
        light.first_difference = Some("line 3: `a b` → `b a` (light:a)".into());
        // Runs differ on `a` (both tiers), repeat on `b`; nothing compared.
        let mut clock = row("py:clock.py", 4, "program");
        clock.varies = Some("it prints the clock".into());
        clock.agrees = false;
        for (c, o) in [
            ("a", Outcome::Nondeterministic),
            ("b", Outcome::Repeated),
            ("light:a", Outcome::Nondeterministic),
            ("light:b", Outcome::Repeated),
        ] {
            clock.outcomes.insert(c.into(), o);
        }
        clock.light.as_mut().unwrap().identical = 0;
        Evidence {
            schema: EVIDENCE_SCHEMA,
            matrix: MatrixFacts {
                environment: [("runs per cell", "2"), ("libm pin", "libm 0.2.16")]
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                columns: vec![
                    column("a", Tier::Pro),
                    column("light:a", Tier::Light),
                    column("b", Tier::Pro),
                    column("light:b", Tier::Light),
                ],
                rows: vec![
                    row("poc0", 0, "sample"),
                    light_differs,
                    row("args_star", 2, "sample"),
                    row("partition:p.py", 3, "partitioned 2/5"),
                    grouped,
                    clock,
                ],
                partial: false,
            },
            cpython: Pin {
                version: "3.11.2".into(),
                sha256: "0".repeat(64),
            },
            bench: vec![],
        }
    }

    fn failing(e: &Evidence) -> Vec<&'static str> {
        claims(e)
            .into_iter()
            .filter(|c| c.holds.is_err())
            .map(|c| c.id)
            .collect()
    }

    fn set(e: &mut Evidence, row: &str, column: &str, outcome: Outcome) {
        let r = e.matrix.rows.iter_mut().find(|r| r.id == row).unwrap();
        r.outcomes.insert(column.into(), outcome);
    }

    #[test]
    fn every_claim_holds_on_good_evidence_and_states_its_numbers() {
        let e = good();
        assert_eq!(failing(&e), Vec::<&str>::new());
        let all = claims(&e);
        let text = |id: &str| all.iter().find(|c| c.id == id).unwrap().statement.clone();
        assert!(text("poc3-partition-bit-exact").contains("(2 of their 5 functions"));
        assert!(text("poc4-cross-platform")
            .contains("of the 5 programs that do not declare they vary between runs, 4 print"));
        assert!(text("poc5-light-measured").contains("4 of the 5 programs"));
    }

    #[test]
    fn each_claim_fails_when_what_it_states_stops_being_true() {
        let mut e = good();
        set(&mut e, "poc0", "b", Outcome::Differs);
        assert_eq!(failing(&e), ["poc0-bit-exact", "poc4-cross-platform"]);

        let mut e = good();
        set(&mut e, "args_star", "a", Outcome::TimedOut);
        assert_eq!(
            failing(&e),
            ["poc2-dynamic-bit-exact", "poc4-cross-platform"]
        );

        let mut e = good();
        set(&mut e, "partition:p.py", "a", Outcome::Nondeterministic);
        assert_eq!(
            failing(&e),
            [
                "poc3-partition-bit-exact",
                "poc4-cross-platform",
                "repeatable"
            ]
        );

        let mut e = good();
        e.matrix.rows[4].between_groups = None; // the declared groups printed the same
        assert_eq!(failing(&e), ["poc4-cross-platform"]);

        let mut e = good();
        e.matrix.rows[1].light.as_mut().unwrap().cause = None;
        assert_eq!(failing(&e), ["poc5-light-measured"]);

        let mut e = good();
        e.matrix.rows[0].light.as_mut().unwrap().self_agrees = false;
        assert_eq!(failing(&e), ["poc5-light-self-agrees"]);

        let mut e = good();
        e.matrix.partial = true;
        assert_eq!(failing(&e), ["evidence-complete"]);

        let mut e = good();
        e.matrix.columns.retain(|c| c.id != "light:b");
        assert_eq!(failing(&e), ["evidence-complete"]);

        let mut e = good();
        e.matrix.rows.retain(|r| r.poc != 1);
        assert_eq!(failing(&e), ["poc1-any-bit-exact"]);

        let mut e = good();
        set(&mut e, "py:clock.py", "a", Outcome::Repeated);
        assert_eq!(failing(&e), ["nondeterminism-seen"]);

        let mut e = good();
        set(&mut e, "py:clock.py", "b", Outcome::Failed);
        assert_eq!(failing(&e), ["nondeterminism-seen"]);

        let mut e = good();
        e.matrix.rows[5].light.as_mut().unwrap().problem = Some("light:b: timedout".into());
        assert_eq!(failing(&e), ["nondeterminism-seen"]);

        let mut e = good();
        e.matrix.rows.retain(|r| r.varies.is_none());
        assert_eq!(failing(&e), ["nondeterminism-seen"]);
    }
}
