//! Static: the statistics of every sequence — Welford's running mean and
//! variance, extremes, a 16-bin histogram, median and percentiles by sorting —
//! all exact or correctly rounded IEEE operations, printed as float.hex.
//! Dynamic: `random.Random` draws each distribution by method name; gauss,
//! normalvariate, expovariate, lognormvariate and the others go through the
//! libm's log, exp, cos, sin and sqrt on the Python side.

use crate::kit;
use runtime::codec::float_hex;
use runtime::{Isolate, IsolateError, Value};

const SEED: i64 = 20_240_601;
const COUNT: i64 = 20_000;
const BINS: usize = 16;
const PLAN: &[(&str, &[f64])] = &[
    ("gauss", &[0.0, 1.0]),
    ("normalvariate", &[10.0, 2.5]),
    ("expovariate", &[1.5]),
    ("lognormvariate", &[0.0, 0.5]),
    ("vonmisesvariate", &[1.0, 4.0]),
    ("gammavariate", &[2.0, 1.0]),
    ("gammavariate", &[0.5, 2.0]),
    ("betavariate", &[2.0, 5.0]),
    ("weibullvariate", &[1.0, 1.5]),
    ("paretovariate", &[3.0]),
    ("triangular", &[0.0, 1.0, 0.3]),
];

fn summarise(label: &str, xs: &[f64]) {
    let (mut n, mut mean, mut m2) = (0_u32, 0.0, 0.0);
    let (mut lo, mut hi) = (xs[0], xs[0]);
    for &x in xs {
        n += 1;
        let delta = x - mean;
        mean += delta / f64::from(n);
        m2 += delta * (x - mean);
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
    }
    let variance = m2 / f64::from(n - 1);
    let width = (hi - lo) / BINS as f64;
    let mut hist = [0_u32; BINS];
    for &x in xs {
        let t = (x - lo) / width;
        hist[(t as usize).min(BINS - 1)] += 1;
    }
    let mut ordered = xs.to_vec();
    ordered.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = n as usize;
    let median = (ordered[n / 2 - 1] + ordered[n / 2]) / 2.0;
    println!("{label}");
    println!("  n={n} mean={} var={} median={}", float_hex(mean), float_hex(variance), float_hex(median));
    println!(
        "  min={} max={} p01={} p99={}",
        float_hex(lo),
        float_hex(hi),
        float_hex(ordered[n / 100]),
        float_hex(ordered[n - n / 100 - 1])
    );
    println!("  hist {}", hist.map(|c| c.to_string()).join(" "));
    println!("  digest {}", kit::floats(xs.iter().copied()).digest_hex());
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let plan = Value::List(
        PLAN.iter()
            .map(|(method, args)| Value::Tuple(vec![kit::text(*method), Value::Tuple(args.iter().map(|a| Value::Float(*a)).collect())]))
            .collect(),
    );
    let mut out = isolate.run(
        &crate::fragment!("draw.py"),
        &[("plan", plan), ("seed", Value::Int(SEED)), ("count", Value::Int(COUNT))],
        &["draws"],
    )?;
    for (label, values) in kit::take_dict(&mut out, "draws")? {
        let label = kit::str_of(&label, "draws key")?;
        let Value::List(items) = &values else { return Err(kit::wrong("draws value", "a list", &values)) };
        let xs: Result<Vec<f64>, _> = items
            .iter()
            .map(|v| match v {
                Value::Float(x) => Ok(*x),
                other => Err(kit::wrong("draw", "a float", other)),
            })
            .collect();
        summarise(label, &xs?);
    }
    Ok(())
}
