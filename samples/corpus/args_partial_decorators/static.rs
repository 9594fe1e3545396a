//! Static: Pascal's triangle and the closed form (x+1)^n by repeated
//! multiplication. Dynamic: evaluators assembled at run time from partials and
//! decorators, whose bound arguments and wrapper chains only exist in Python.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

const ROWS: usize = 9;
const POINTS: [i64; 5] = [-3, -1, 0, 2, 7];

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut rows: Vec<Vec<i64>> = vec![vec![1]];
    while rows.len() < ROWS {
        let last = rows.last().expect("starts non-empty");
        let mut next = vec![1];
        next.extend(last.windows(2).map(|w| w[0] + w[1]));
        next.push(1);
        rows.push(next);
    }
    let triangle = Value::List(rows.iter().map(|r| kit::ints(r.iter().copied())).collect());
    let mut out = isolate.run(
        &crate::fragment!("partials.py"),
        &[("triangle", triangle), ("points", kit::ints(POINTS))],
        &["table", "scaled"],
    )?;
    let table = kit::take_seq(&mut out, "table")?;
    let scaled = kit::take_seq(&mut out, "scaled")?;
    for (n, (row, scaled_row)) in table.iter().zip(&scaled).enumerate() {
        let (Value::List(values), Value::List(scaled_values)) = (row, scaled_row) else {
            return Err(kit::wrong("table row", "a list", row));
        };
        let mut line = format!("n={n}:");
        for ((x, v), s) in POINTS.iter().zip(values).zip(scaled_values) {
            let closed = (0..n).fold(1i64, |acc, _| acc * (x + 1));
            let (v, s) = (kit::int_of(v, "value")?, kit::int_of(s, "scaled")?);
            let mark = if v == closed && s == 3 * closed + 1 { "" } else { "!" };
            line.push_str(&format!(" {v}{mark}"));
        }
        println!("{line}");
    }
    Ok(())
}
