//! Static: the unit table in micrometres and every conversion ratio reduced by
//! gcd. Dynamic: unit classes created at run time whose behaviour is injected
//! by a metaclass and configured through `__init_subclass__` keywords.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const UNITS: [(&str, &str, i64); 8] = [
    ("Millimetre", "mm", 1_000),
    ("Centimetre", "cm", 10_000),
    ("Metre", "m", 1_000_000),
    ("Kilometre", "km", 1_000_000_000),
    ("Inch", "in", 25_400),
    ("Foot", "ft", 304_800),
    ("Yard", "yd", 914_400),
    ("Mile", "mi", 1_609_344_000),
];

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let table =
        Value::List(UNITS.iter().map(|&(n, s, m)| Value::Tuple(vec![text(n), text(s), Value::Int(m)])).collect());
    let mut out = isolate.run(&crate::fragment!("units.py"), &[("table", table)], &["ratios"])?;
    for (pair, ratio) in kit::take_dict(&mut out, "ratios")? {
        let (Value::Tuple(names), Value::Tuple(nd)) = (&pair, &ratio) else {
            return Err(kit::wrong("ratio", "tuple keys and values", &pair));
        };
        let (from, to) = (kit::str_of(&names[0], "from")?, kit::str_of(&names[1], "to")?);
        let factor = |sym: &str| UNITS.iter().find(|u| u.1 == sym).map_or(0, |u| u.2);
        let (num, den) = (factor(from), factor(to));
        let g = gcd(num, den);
        let mine = Value::Tuple(vec![Value::Int(num / g), Value::Int(den / g)]);
        println!(
            "1 {from} = {}/{} {to} {}",
            kit::int_of(&nd[0], "num")?,
            kit::int_of(&nd[1], "den")?,
            if ratio == mine { "ok" } else { "MISMATCH" }
        );
    }
    Ok(())
}
