//! Static: the power iteration of the spectral-norm benchmark, i.e. every
//! product with A(i, j) = 1 / ((i + j)(i + j + 1) / 2 + i + 1) and its
//! transpose (plain IEEE arithmetic, the reference's summation order).
//! Dynamic: Python picks the reductions by name from a dispatch table, takes the
//! final square root and formats the results with repr.

use crate::kit;
use runtime::{Isolate, IsolateError, Value};

const SIZES: [usize; 3] = [10, 100, 400];
const ITERATIONS: usize = 10;
const WANTED: [&str; 3] = ["vBv", "vv", "uu"];

fn a(i: usize, j: usize) -> f64 {
    1.0 / ((i + j) * (i + j + 1) / 2 + i + 1) as f64
}

fn a_times(u: &[f64]) -> Vec<f64> {
    (0..u.len())
        .map(|i| {
            let mut s = 0.0;
            for (j, uj) in u.iter().enumerate() {
                s += a(i, j) * uj;
            }
            s
        })
        .collect()
}

fn at_times(u: &[f64]) -> Vec<f64> {
    (0..u.len())
        .map(|i| {
            let mut s = 0.0;
            for (j, uj) in u.iter().enumerate() {
                s += a(j, i) * uj;
            }
            s
        })
        .collect()
}

fn ata_times(u: &[f64]) -> Vec<f64> {
    at_times(&a_times(u))
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    for n in SIZES {
        let mut u = vec![1.0; n];
        let mut v = Vec::new();
        for _ in 0..ITERATIONS {
            v = ata_times(&u);
            u = ata_times(&v);
        }
        isolate.run(
            &crate::fragment!("norm.py"),
            &[
                ("n", Value::Int(n as i64)),
                ("u", kit::floats(u)),
                ("v", kit::floats(v)),
                ("wanted", kit::texts(WANTED)),
            ],
            &[],
        )?;
    }
    Ok(())
}
