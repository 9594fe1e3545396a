//! Static: binomials and Catalan numbers by iterative integer formulas.
//! Dynamic: the same values through recursion wrapped in a decorator stack
//! (call counting, lru_cache, keyword validation) built at run time.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

fn binomial(n: i64, k: i64) -> i64 {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let queries: Vec<(i64, i64)> = (0..12).map(|i| (14 + 2 * i, (3 * i) % (14 + 2 * i) + 1)).collect();
    let catalan: Vec<i64> = (0..=18).map(|n| binomial(2 * n, n) / (n + 1)).collect();
    let pairs = Value::List(queries.iter().map(|&(n, k)| Value::Tuple(vec![Value::Int(n), Value::Int(k)])).collect());
    let mut out = isolate.run(
        &crate::fragment!("stack.py"),
        &[("pairs", pairs), ("catalan_count", Value::Int(catalan.len() as i64))],
        &["binomials", "catalans", "stats"],
    )?;
    for ((n, k), got) in queries.iter().zip(kit::take_seq(&mut out, "binomials")?) {
        let got = kit::int_of(&got, "binomial")?;
        println!("C({n},{k}) = {got} {}", if got == binomial(*n, *k) { "ok" } else { "MISMATCH" });
    }
    let got: Result<Vec<i64>, _> =
        kit::take_seq(&mut out, "catalans")?.iter().map(|v| kit::int_of(v, "catalan")).collect();
    println!("catalan agree: {} (last {})", got? == catalan, catalan[catalan.len() - 1]);
    for (name, count) in kit::take_dict(&mut out, "stats")? {
        println!("stat {} = {count}", kit::str_of(&name, "stat")?);
    }
    Ok(())
}
