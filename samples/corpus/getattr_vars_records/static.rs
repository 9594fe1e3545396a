//! Static: CSV parsing and the per-city totals (string splitting and integer
//! sums). Dynamic: records whose attributes come from the header at run time,
//! filled through `vars()` and `setattr` and read with `attrgetter`.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};
use std::collections::BTreeMap;

const CSV: &str = "\
id,customer,city,qty,unit_cents
1,Ada,Zürich,3,1250
2,Bo,Oslo,1,99900
3,Cy,Zürich,12,310
4,Di,Lima,2,4500
5,Ed,Oslo,7,1999
6,Fa,Lima,1,120000
7,Gu,Kyoto,5,860
8,Hu,Oslo,2,2500";

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut lines = CSV.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let mut rows = Vec::new();
    let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let row: Vec<(Value, Value)> = header
            .iter()
            .zip(&cells)
            .map(|(h, c)| (text(*h), c.parse::<i64>().map_or_else(|_| text(*c), Value::Int)))
            .collect();
        let (qty, unit): (i64, i64) = (cells[3].parse().unwrap_or(0), cells[4].parse().unwrap_or(0));
        *totals.entry(cells[2]).or_default() += qty * unit;
        rows.push(Value::Dict(row));
    }
    let mut out = isolate.run(
        &crate::fragment!("records.py"),
        &[("header", kit::texts(&header)), ("rows", Value::List(rows))],
        &["by_city"],
    )?;
    for (city, cents) in kit::take_dict(&mut out, "by_city")? {
        let (city, cents) = (kit::str_of(&city, "city")?, kit::int_of(&cents, "cents")?);
        let mark = if totals.get(city) == Some(&cents) { "ok" } else { "MISMATCH" };
        println!("{city:<7} {}.{:02} {mark}", cents / 100, cents % 100);
    }
    Ok(())
}
