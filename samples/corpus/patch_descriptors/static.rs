//! Static: the readings (an integer recurrence), clamping and the exact
//! Fahrenheit/Kelvin conversions in tenths. Dynamic: attribute access routed
//! through descriptors, and a property replaced on the class mid-run.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

const LOW: i64 = -400; // tenths of a degree Celsius
const HIGH: i64 = 600;

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut t = 137i64;
    let readings: Vec<i64> = (0..10)
        .map(|_| {
            t = (t * 37 + 91).rem_euclid(1301) - 500;
            t
        })
        .collect();
    let mut out = isolate.run(
        &crate::fragment!("sensors.py"),
        &[
            ("readings", kit::ints(readings.iter().copied())),
            ("bounds", Value::Tuple(vec![Value::Int(LOW), Value::Int(HIGH)])),
        ],
        &["rows"],
    )?;
    for (raw, row) in readings.iter().zip(kit::take_seq(&mut out, "rows")?) {
        let Value::Tuple(f) = &row else { return Err(kit::wrong("row", "a tuple", &row)) };
        let clamped = (*raw).clamp(LOW, HIGH);
        let mine = [clamped, (clamped * 9).div_euclid(5) + 320, clamped + 2732];
        let got: Result<Vec<i64>, _> = f.iter().map(|v| kit::int_of(v, "row value")).collect();
        let got = got?;
        println!(
            "raw {raw:>5}: stored {:>4} F {:>5} K {:>5} {}",
            got[0],
            got[1],
            got[2],
            if got == mine { "ok" } else { "MISMATCH" }
        );
    }
    Ok(())
}
