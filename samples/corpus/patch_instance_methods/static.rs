//! Static: the rectangles (integer recurrences) and the value each patching
//! phase must give for each one. Dynamic: which `measure` runs is decided by
//! class and instance attributes rebound while the program runs.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

/// What `measure` returns in each phase for rectangle `i` of `w` x `h`.
fn expected(phase: usize, i: usize, w: i64, h: i64) -> i64 {
    // Every third rectangle gets its own method in phase 2, kept through phase 3.
    match (phase, i.is_multiple_of(3)) {
        (1, _) | (2, false) => 2 * (w + h),
        (2, true) | (3, true) => w * h * 10 + i as i64,
        _ => w * h,
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let (mut w, mut h) = (3i64, 5i64);
    let mut rects = Vec::new();
    for _ in 0..8 {
        rects.push((w, h));
        (w, h) = (h % 11 + 1, (w * 7 + h) % 13 + 1);
    }
    let dims = Value::List(rects.iter().map(|&(w, h)| Value::Tuple(vec![Value::Int(w), Value::Int(h)])).collect());
    let mut out = isolate.run(&crate::fragment!("phases.py"), &[("dims", dims)], &["phases"])?;
    for (phase, row) in kit::take_seq(&mut out, "phases")?.iter().enumerate() {
        let Value::List(values) = row else { return Err(kit::wrong("phase", "a list", row)) };
        let mut ok = true;
        for (i, (v, &(w, h))) in values.iter().zip(&rects).enumerate() {
            ok &= kit::int_of(v, "measure")? == expected(phase, i, w, h);
        }
        println!("phase {phase}: {row} {}", if ok { "as expected" } else { "UNEXPECTED" });
    }
    Ok(())
}
