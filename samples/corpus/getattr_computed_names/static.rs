//! Static: the reading generator (a fixed LCG) and the per-kind aggregates.
//! Dynamic: attributes whose names are computed strings, so attribute access
//! is `getattr`/`setattr`/`delattr` on names known only at run time.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const KINDS: [&str; 4] = ["temp", "hum", "wind", "rain"];

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut state: u64 = 20_240_601;
    let mut readings = Vec::new();
    let mut kept: Vec<(&str, i64)> = Vec::new();
    for i in 0..24 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let value = ((state >> 33) % 1000) as i64 - 200;
        let kind = KINDS[i % KINDS.len()];
        readings.push(Value::Tuple(vec![text(format!("{kind}_{}", i / KINDS.len())), Value::Int(value)]));
        // The fragment deletes odd readings.
        if value % 2 == 0 {
            kept.push((kind, value));
        }
    }
    let mut out = isolate.run(
        &crate::fragment!("station.py"),
        &[("readings", Value::List(readings)), ("kinds", kit::texts(KINDS))],
        &["summary", "remaining"],
    )?;
    for (kind, stats) in kit::take_dict(&mut out, "summary")? {
        let kind = kit::str_of(&kind, "kind")?;
        let mine: Vec<i64> = kept.iter().filter(|(k, _)| *k == kind).map(|(_, v)| *v).collect();
        let expected = Value::Tuple(vec![
            Value::Int(mine.len() as i64),
            Value::Int(mine.iter().sum()),
            mine.iter().max().map_or(Value::None, |m| Value::Int(*m)),
        ]);
        println!("{kind:>5}: {stats} {}", if stats == expected { "agrees" } else { "DIFFERS" });
    }
    let remaining = kit::take_seq(&mut out, "remaining")?;
    let names: Result<Vec<&str>, _> = remaining.iter().map(|n| kit::str_of(n, "remaining")).collect();
    println!("vars order: {}", names?.join(","));
    Ok(())
}
