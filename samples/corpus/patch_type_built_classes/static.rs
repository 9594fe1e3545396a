//! Static: the class specification and the score each class must produce
//! (inherited fields and weights resolved by walking the bases in Rust).
//! Dynamic: the classes themselves, created by `type()` and patched after.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

/// (name, base, own fields with defaults, weight)
type ClassSpec = (&'static str, Option<&'static str>, &'static [(&'static str, i64)], i64);

const SPEC: [ClassSpec; 5] = [
    ("Item", None, &[("size", 1), ("count", 2)], 1),
    ("Tool", Some("Item"), &[("edges", 3)], 2),
    ("Knife", Some("Tool"), &[("size", 7)], 5),
    ("Box", Some("Item"), &[("slots", 4), ("count", 6)], 3),
    ("Crate", Some("Box"), &[("edges", 12)], 4),
];

/// The class's fields after inheritance (a subclass default overrides its base's).
fn fields(name: &str) -> Vec<(&'static str, i64)> {
    let Some(&(_, base, own, _)) = SPEC.iter().find(|s| s.0 == name) else { return Vec::new() };
    let mut all = base.map(fields).unwrap_or_default();
    for &(field, default) in own {
        match all.iter_mut().find(|(f, _)| *f == field) {
            Some(slot) => slot.1 = default,
            None => all.push((field, default)),
        }
    }
    all
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let spec = Value::List(
        SPEC.iter()
            .map(|&(name, base, own, weight)| {
                let own = Value::Dict(own.iter().map(|&(f, d)| (text(f), Value::Int(d))).collect());
                Value::Tuple(vec![text(name), base.map_or(Value::None, text), own, Value::Int(weight)])
            })
            .collect(),
    );
    let mut out = isolate.run(&crate::fragment!("build.py"), &[("spec", spec)], &["scores"])?;
    for ((name, _, _, weight), (got_name, got)) in SPEC.iter().zip(kit::take_dict(&mut out, "scores")?) {
        let all = fields(name);
        let mine = weight * all.iter().map(|(_, d)| d).sum::<i64>();
        let got = kit::int_of(&got, "score")?;
        let shown: Vec<String> = all.iter().map(|(f, d)| format!("{f}={d}")).collect();
        println!(
            "{} {} score {got} {}",
            kit::str_of(&got_name, "class")?,
            shown.join(","),
            if got == mine { "ok" } else { "MISMATCH" }
        );
    }
    Ok(())
}
