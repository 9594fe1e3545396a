//! Static: the input generator. Two 64-bit LCG streams give a pool of uniform
//! fractions and a pool of raw words; every function's inputs are its edge
//! values followed by 100 000 values mapped from the pools onto the function's
//! interesting domain, linearly or log-uniformly over binary exponents (exact
//! arithmetic only: scaling by a power of two is exact in the normal range).
//! Dynamic: Python looks each function up by name and evaluates it over the
//! packed doubles, hashing every result bit-exactly.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};
use std::f64::consts;

const POOL: usize = 100_000;
const TWO_M53: f64 = 1.1102230246251565e-16;

/// Where one argument's values come from.
#[derive(Clone, Copy)]
enum Dom {
    /// `lo + (hi - lo) * t`.
    Lin(f64, f64),
    /// `±(1 + t) * 2**e`, `e` in `emin..=emax`; negative half the time if signed.
    Log(i64, i64, bool),
    /// An integer in `lo..=hi`, as a float.
    Int(i64, i64),
}

use Dom::{Int, Lin, Log};

/// `(count, per-argument domains)` blocks; the counts add up to `POOL`.
type Blocks = &'static [(usize, &'static [Dom])];

const FULL: Dom = Log(-1022, 1023, true);
const UNIT: Dom = Log(-1022, -1, true);

const SPECS: &[(&str, Blocks)] = &[
    ("acos", &[(60_000, &[Lin(-1.0, 1.0)]), (40_000, &[UNIT])]),
    ("acosh", &[(60_000, &[Lin(1.0, 20.0)]), (40_000, &[Log(0, 1023, false)])]),
    ("asin", &[(60_000, &[Lin(-1.0, 1.0)]), (40_000, &[UNIT])]),
    ("asinh", &[(60_000, &[Lin(-20.0, 20.0)]), (40_000, &[FULL])]),
    ("atan", &[(60_000, &[Lin(-20.0, 20.0)]), (40_000, &[FULL])]),
    ("atan2", &[(60_000, &[Lin(-20.0, 20.0), Lin(-20.0, 20.0)]), (40_000, &[FULL, FULL])]),
    ("atanh", &[(60_000, &[Lin(-1.0, 1.0)]), (40_000, &[UNIT])]),
    ("cbrt", &[(60_000, &[Lin(-1000.0, 1000.0)]), (40_000, &[FULL])]),
    ("cos", &[(60_000, &[Lin(-10.0, 10.0)]), (40_000, &[FULL])]),
    ("cosh", &[(60_000, &[Lin(-20.0, 20.0)]), (40_000, &[Log(-1022, 9, true)])]),
    ("erf", &[(60_000, &[Lin(-6.0, 6.0)]), (40_000, &[Log(-1022, 4, true)])]),
    ("erfc", &[(60_000, &[Lin(-6.0, 30.0)]), (40_000, &[Log(-1022, 5, true)])]),
    ("exp", &[(60_000, &[Lin(-745.0, 709.0)]), (40_000, &[Log(-1022, 9, true)])]),
    ("exp2", &[(60_000, &[Lin(-1074.0, 1023.0)]), (40_000, &[Log(-1022, 10, true)])]),
    ("expm1", &[(60_000, &[Lin(-40.0, 709.0)]), (40_000, &[Log(-1022, 9, true)])]),
    ("hypot", &[(60_000, &[Lin(-1000.0, 1000.0), Lin(-1000.0, 1000.0)]), (40_000, &[FULL, FULL])]),
    ("log", &[(60_000, &[Lin(0.0, 100.0)]), (40_000, &[Log(-1022, 1023, false)])]),
    ("log10", &[(60_000, &[Lin(0.0, 100.0)]), (40_000, &[Log(-1022, 1023, false)])]),
    ("log1p", &[(60_000, &[Lin(-1.0, 100.0)]), (40_000, &[Log(-1022, 1023, false)])]),
    ("log2", &[(60_000, &[Lin(0.0, 100.0)]), (40_000, &[Log(-1022, 1023, false)])]),
    (
        "pow",
        &[
            (40_000, &[Lin(0.0, 10.0), Lin(-30.0, 30.0)]),
            (20_000, &[Lin(-10.0, 10.0), Int(-30, 30)]),
            (40_000, &[Log(-1022, 1023, false), Log(-12, 0, true)]),
        ],
    ),
    ("sin", &[(60_000, &[Lin(-10.0, 10.0)]), (40_000, &[FULL])]),
    ("sinh", &[(60_000, &[Lin(-20.0, 20.0)]), (40_000, &[Log(-1022, 9, true)])]),
    ("tan", &[(60_000, &[Lin(-10.0, 10.0)]), (40_000, &[FULL])]),
    ("tanh", &[(60_000, &[Lin(-20.0, 20.0)]), (40_000, &[FULL])]),
];

/// Edge values of every one-argument function. `-1.0` is left out on purpose:
/// CPython's `math` functions test `x == -1.0` to detect a failed float
/// conversion, and GCC constant-folds `f(-1.0)` on that branch when it builds
/// libpython, so `math.f(-1.0)` can return a compile-time value without ever
/// calling the libm (seen with `cosh` in Debian's libpython3.11).
const EDGES: &[f64] = &[
    0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
    5e-324, -5e-324, 1e-320, 2.225073858507201e-308, 2.2250738585072014e-308, -2.2250738585072014e-308,
    1.7976931348623157e308, -1.7976931348623157e308, 1e-300, 1e-16, 1e300, 1e22, 9007199254740992.0,
    1.0, 0.5, -0.5, 2.0, -2.0, 6.0, 22.0, 27.0, 1024.0, -1074.0, -1075.0,
    0.9999999999999999, -0.9999999999999999, 1.0000000000000002,
    consts::PI, consts::FRAC_PI_2, -consts::FRAC_PI_2, consts::E,
    709.782712893384, 709.7827128933841, 710.0, -708.3964185322641, -745.1332191019411, -745.1332191019412, -746.0,
];

/// Edge values for two-argument functions, taken pairwise.
const EDGES2: &[f64] = &[
    0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 5e-324, 1.0, -1.0,
    0.5, -2.0, 3.0, -3.0, 1e308, 1e-308, 0.3333333333333333, -8.0,
];

/// A 64-bit LCG stream.
fn lcg(mut state: u64, increment: u64, n: usize) -> Vec<u64> {
    (0..n)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(increment);
            state
        })
        .collect()
}

/// `2**e` for a normal exponent.
fn pow2(e: i64) -> f64 {
    assert!((-1022..=1023).contains(&e));
    f64::from_bits(((e + 1023) as u64) << 52)
}

fn value(dom: Dom, t: f64, v: u64) -> f64 {
    match dom {
        Lin(lo, hi) => lo + (hi - lo) * t,
        Log(emin, emax, signed) => {
            let span = (emax - emin + 1) as u64;
            let x = (1.0 + t) * pow2(emin + ((v >> 32) % span) as i64);
            if signed && (v >> 31) & 1 == 1 {
                -x
            } else {
                x
            }
        }
        Int(lo, hi) => (lo + ((v >> 32) % (hi - lo + 1) as u64) as i64) as f64,
    }
}

fn packed(xs: &[f64]) -> Value {
    Value::Bytes(xs.iter().flat_map(|x| x.to_le_bytes()).collect())
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let ts: Vec<f64> = lcg(0x5eed_0001, 1_442_695_040_888_963_407, POOL)
        .into_iter()
        .map(|u| (u >> 11) as f64 * TWO_M53)
        .collect();
    let vs = lcg(0x5eed_0002, 0x9e37_79b9_7f4a_7c15, POOL);

    let mut inputs = Vec::new();
    let mut total = 0;
    for (name, blocks) in SPECS {
        let arity = blocks[0].1.len();
        let mut columns: Vec<Vec<f64>> = if arity == 1 {
            vec![EDGES.to_vec()]
        } else {
            vec![
                EDGES2.iter().flat_map(|&a| EDGES2.iter().map(move |_| a)).collect(),
                EDGES2.iter().flat_map(|_| EDGES2.iter().copied()).collect(),
            ]
        };
        let mut i = 0;
        for (count, doms) in blocks.iter() {
            for k in i..i + count {
                for (a, dom) in doms.iter().enumerate() {
                    // The second argument walks the pools backwards.
                    let j = if a == 0 { k } else { POOL - 1 - k };
                    columns[a].push(value(*dom, ts[j], vs[j]));
                }
            }
            i += count;
        }
        assert_eq!(i, POOL, "{name}: the blocks must cover the pool");
        total += columns[0].len();
        inputs.push(Value::Tuple(vec![kit::text(*name), Value::List(columns.iter().map(|c| packed(c)).collect())]));
    }
    let inputs = Value::List(inputs);
    println!("inputs: {} functions, {total} argument tuples, digest {}", SPECS.len(), inputs.digest_hex());

    let mut out = isolate.run(&crate::fragment!("sweep.py"), &[("inputs", inputs)], &["table"])?;
    let table = kit::take_seq(&mut out, "table")?;
    for row in &table {
        let Value::Tuple(cells) = row else { return Err(kit::wrong("table row", "a tuple", row)) };
        let [name, n, nans, infs, notes, digest] = cells.as_slice() else {
            return Err(kit::wrong("table row", "6 cells", row));
        };
        println!(
            "{:<6} n={} nan={} inf={} notes={} sha256={}",
            kit::str_of(name, "name")?,
            kit::int_of(n, "n")?,
            kit::int_of(nans, "nan")?,
            kit::int_of(infs, "inf")?,
            kit::int_of(notes, "notes")?,
            kit::str_of(digest, "sha256")?,
        );
    }
    println!("table digest {}", Value::List(table).digest_hex());
    Ok(())
}
