//! Static: the prime sieve, the call specs and the arithmetic check of every
//! result. Dynamic: calls whose arity and keywords are only known at run time,
//! forwarded with `*args`/`**kwargs` through decorators and closures.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

fn primes(limit: usize) -> Vec<i64> {
    let mut composite = vec![false; limit + 1];
    let mut found = Vec::new();
    for n in 2..=limit {
        if !composite[n] {
            found.push(n as i64);
            (n * n..=limit).step_by(n).for_each(|m| composite[m] = true);
        }
    }
    found
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let primes = primes(60);
    let mut specs = Vec::new();
    let mut calls = Vec::new();
    for n in 1..=7usize {
        let args = &primes[n..2 * n];
        let mut kwargs = Vec::new();
        if n % 2 == 0 {
            kwargs.push((text("scale"), Value::Int(10 + n as i64)));
            kwargs.push((text("label"), text(format!("p{n}"))));
        }
        if n % 3 == 0 {
            kwargs.push((text(format!("tag{n}")), Value::Bool(true)));
        }
        // Without a `scale` keyword, relay() scales by the number of positional arguments.
        let scale = if n % 2 == 0 { 10 + n as i64 } else { n as i64 };
        specs.push(scale * args.iter().map(|p| p * p).sum::<i64>());
        calls.push(Value::Tuple(vec![kit::ints(args.iter().copied()), Value::Dict(kwargs)]));
    }
    let mut out =
        isolate.run(&crate::fragment!("forward.py"), &[("calls", Value::List(calls))], &["results", "trace_digest"])?;
    for (i, (row, expected)) in kit::take_seq(&mut out, "results")?.iter().zip(&specs).enumerate() {
        let Value::Tuple(fields) = row else { return Err(kit::wrong("result", "a tuple", row)) };
        let [label, total, extras] = fields.as_slice() else { return Err(kit::wrong("result", "a 3-tuple", row)) };
        let total = kit::int_of(total, "total")?;
        let verdict = if total == *expected { "ok" } else { "MISMATCH" };
        println!("call {i}: {} total={total} extras={extras} {verdict}", kit::str_of(label, "label")?);
    }
    println!("trace sha256 {}", kit::take_str(&mut out, "trace_digest")?);
    Ok(())
}
