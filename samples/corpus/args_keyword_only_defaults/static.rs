//! Static: exact integer compounding (floor rounding) for every case. Dynamic:
//! the same computation behind positional-only/keyword-only parameters whose
//! defaults are rebound at run time through `__kwdefaults__`.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

fn compound_floor(principal: i64, bp: i64, years: i64) -> i64 {
    (0..years).fold(principal, |balance, _| balance + balance * bp / 10_000)
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for (i, principal) in [1_000, 2_500, 10_000, 123_457].into_iter().enumerate() {
        for (j, bp) in [125, 350, 799].into_iter().enumerate() {
            let years = 1 + ((i * 3 + j) % 7) as i64;
            cases.push(Value::Dict(vec![
                (text("principal"), Value::Int(principal)),
                (text("bp"), Value::Int(bp)),
                (text("years"), Value::Int(years)),
            ]));
            expected.push((principal, bp, years, compound_floor(principal, bp, years)));
        }
    }
    let mut out =
        isolate.run(&crate::fragment!("grow.py"), &[("cases", Value::List(cases))], &["floor", "ceil", "logged"])?;
    let floor = kit::take_seq(&mut out, "floor")?;
    let ceil = kit::take_seq(&mut out, "ceil")?;
    for ((principal, bp, years, mine), (f, c)) in expected.iter().zip(floor.iter().zip(&ceil)) {
        let (f, c) = (kit::int_of(f, "floor")?, kit::int_of(c, "ceil")?);
        let agree = if f == *mine { "=" } else { "!=" };
        println!("{principal:>7} @{bp:>3}bp x{years}: floor {f} {agree} rust {mine}, ceil {c} (+{})", c - f);
    }
    println!("mutable default logged {} balances", kit::take_int(&mut out, "logged")?);
    Ok(())
}
