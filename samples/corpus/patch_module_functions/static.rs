//! Static: lattice points and squared Manhattan/Euclidean distances (integer
//! arithmetic). Dynamic: the module functions that compute them, replaced at
//! run time so that late-bound callers pick up the patch and early-bound ones don't.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let points: Vec<(i64, i64)> = (0..9i64).map(|i| ((i * i * 5) % 17 - 8, (i * 11 + 3) % 19 - 9)).collect();
    let euclid2: Vec<i64> = points.windows(2).map(|p| (p[0].0 - p[1].0).pow(2) + (p[0].1 - p[1].1).pow(2)).collect();
    let manhattan: Vec<i64> = points.windows(2).map(|p| (p[0].0 - p[1].0).abs() + (p[0].1 - p[1].1).abs()).collect();
    let pts = Value::List(points.iter().map(|&(x, y)| Value::Tuple(vec![Value::Int(x), Value::Int(y)])).collect());
    let mut out =
        isolate.run(&crate::fragment!("patching.py"), &[("points", pts)], &["late", "early", "restored", "dumped"])?;
    for (name, mine) in [("late", &manhattan), ("early", &euclid2), ("restored", &euclid2)] {
        let got = Value::List(kit::take_seq(&mut out, name)?);
        let agrees = got == kit::ints(mine.iter().copied());
        println!("{name:>8}: {got} {}", if agrees { "matches rust" } else { "DIFFERS" });
    }
    println!("dumped {}", kit::take_str(&mut out, "dumped")?);
    Ok(())
}
