//! Static: the data — a noisy linear relation y = 3x − 7 + noise and a cloud of
//! complex points plus branch-cut and overflow edge points, all from one LCG
//! with exact arithmetic — and the report: every statistic as float.hex and one
//! canonical digest combining the statistics with the per-function cmath digests.
//! Dynamic: `statistics` and `cmath` functions called by name.

use crate::kit;
use runtime::codec::float_hex;
use runtime::{Isolate, IsolateError, Value};

const N: usize = 2000;
const POINTS: usize = 2000;
const TWO_M53: f64 = 1.1102230246251565e-16;
const EDGE_POINTS: [(f64, f64); 15] = [
    (0.0, 0.0),
    (-0.0, 0.0),
    (0.0, -0.0),
    (-1.0, 0.0),
    (-1.0, -0.0),
    (1.0, 0.0),
    (2.0, 0.0),
    (2.0, -0.0),
    (0.0, 2.0),
    (0.0, -2.0),
    (1e308, 1e308),
    (-1e308, 1e-308),
    (1e-310, 0.0),
    (710.0, 1.0),
    (-710.0, 1.0),
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 * TWO_M53
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::Float(x) => float_hex(*x),
        Value::Tuple(items) | Value::List(items) => items.iter().map(shown).collect::<Vec<_>>().join(" "),
        other => format!("{other}"),
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut rng = Lcg(0x57A7_0001);
    let (mut xs, mut ys) = (Vec::with_capacity(N), Vec::with_capacity(N));
    for _ in 0..N {
        let (t1, t2) = (rng.next(), rng.next());
        let x = 0.5 + 99.5 * t1;
        xs.push(x);
        ys.push(3.0 * x - 7.0 + (t2 - 0.5) * 4.0);
    }
    let mut points = EDGE_POINTS.to_vec();
    for _ in 0..POINTS {
        let (t1, t2) = (rng.next(), rng.next());
        points.push((-5.0 + 10.0 * t1, -5.0 + 10.0 * t2));
    }
    let points = Value::List(points.iter().map(|(re, im)| Value::Tuple(vec![Value::Float(*re), Value::Float(*im)])).collect());

    let mut out = isolate.run(
        &crate::fragment!("analyse.py"),
        &[("xs", kit::floats(xs)), ("ys", kit::floats(ys)), ("points", points)],
        &["stats", "table"],
    )?;
    let stats = kit::take_seq(&mut out, "stats")?;
    for row in &stats {
        let Value::Tuple(cells) = row else { return Err(kit::wrong("stats row", "a tuple", row)) };
        let [name, value] = cells.as_slice() else { return Err(kit::wrong("stats row", "a pair", row)) };
        println!("statistics.{:<17} {}", kit::str_of(name, "statistic")?, shown(value));
    }
    let table = kit::take_seq(&mut out, "table")?;
    for row in &table {
        let Value::Tuple(cells) = row else { return Err(kit::wrong("table row", "a tuple", row)) };
        let [name, n, errors, digest] = cells.as_slice() else { return Err(kit::wrong("table row", "4 cells", row)) };
        println!(
            "cmath.{:<6} n={} errors={} sha256={}",
            kit::str_of(name, "function")?,
            kit::int_of(n, "n")?,
            kit::int_of(errors, "errors")?,
            kit::str_of(digest, "sha256")?,
        );
    }
    println!("combined digest {}", Value::List(vec![Value::List(stats), Value::List(table)]).digest_hex());
    Ok(())
}
