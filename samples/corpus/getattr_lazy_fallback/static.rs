//! Static: the reference values (Fibonacci, triangular numbers, popcounts) and
//! the list of names to ask for. Dynamic: attribute lookup that falls back to
//! `__getattr__`, which parses the name and caches the result on the instance.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

fn value_of(kind: &str, n: u32) -> i64 {
    match kind {
        "fib" => (0..n).fold((0i64, 1i64), |(a, b), _| (b, a + b)).0,
        "tri" => i64::from(n) * i64::from(n + 1) / 2,
        _ => i64::from(n.count_ones()),
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut names = Vec::new();
    let mut expected = Vec::new();
    for (i, n) in [5u32, 12, 40, 77, 90, 12, 5].into_iter().enumerate() {
        for kind in ["fib", "tri", "bits"] {
            if (i + kind.len()) % 3 != 0 {
                names.push(format!("{kind}_{n}"));
                expected.push(value_of(kind, n));
            }
        }
    }
    let mut out = isolate.run(
        &crate::fragment!("lazy.py"),
        &[("names", kit::texts(&names)), ("extra", Value::List(vec![text("fib_x"), text("cube_3"), text("_private")]))],
        &["answers", "misses", "cached"],
    )?;
    let answers = kit::take_seq(&mut out, "answers")?;
    for ((name, want), got) in names.iter().zip(&expected).zip(&answers) {
        let got = kit::int_of(got, name)?;
        println!("{name:>8} = {got}{}", if got == *want { "" } else { " (rust disagrees)" });
    }
    let distinct = names.iter().collect::<std::collections::BTreeSet<_>>().len();
    let misses = kit::take_int(&mut out, "misses")?;
    println!(
        "misses {misses}, distinct names {distinct}, repeats served from the instance: {}",
        names.len() as i64 - misses
    );
    println!("cached {}", out.take("cached"));
    Ok(())
}
