//! Static: Fibonacci numbers and signed factorials in checked i128 arithmetic,
//! and the classification of what comes back. Dynamic: Python's unbounded ints,
//! which produce values no fixed-width Rust type can hold.

use crate::kit::{self, int128};
use runtime::{Isolate, IsolateError, Value};

fn describe(v: &Value) -> String {
    match v {
        Value::Int(_) => "Int".to_string(),
        Value::BigInt(b) => format!("BigInt({} bytes)", b.as_le_bytes().len()),
        other => format!("unexpected {other}"),
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut fib = (0i128, 1i128);
    let mut fibs = Vec::new();
    for i in 0..=110 {
        if i >= 88 {
            fibs.push(int128(fib.0));
        }
        fib = (fib.1, fib.0 + fib.1);
    }
    let mut fact = 1i128;
    let mut facts = Vec::new();
    for n in 1..=33i128 {
        fact *= n;
        if n >= 18 {
            facts.push((Value::Int(n as i64), int128(if n % 2 == 1 { -fact } else { fact })));
        }
    }
    let mut out = isolate.run(
        &crate::fragment!("grow.py"),
        &[("fibs", Value::List(fibs)), ("facts", Value::Dict(facts))],
        &["boundaries", "huge", "alternating"],
    )?;
    let alternating = out.take("alternating");
    println!("alternating sum {alternating} is {}", describe(&alternating));
    for v in kit::take_seq(&mut out, "boundaries")? {
        let tripled = kit::as_i128(&v).and_then(|x| x.checked_mul(3)).map_or("overflow".to_string(), |x| x.to_string());
        println!("{v} {} x3={tripled}", describe(&v));
    }
    let huge = Value::List(kit::take_seq(&mut out, "huge")?);
    println!("huge digest {}", huge.digest_hex());
    let mut back = isolate.run(&crate::fragment!("check.py"), &[("huge", huge)], &["lengths"])?;
    println!("lengths {}", back.take("lengths"));
    Ok(())
}
