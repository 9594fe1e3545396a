//! Boundary codec throughput, measured side by side in one process: 1 M mixed
//! values (ints, floats, str, nested lists/dicts) Rust → Python → Rust through
//! the codec, against `pickle.dumps`/`pickle.loads` (protocol 5) of the very
//! same Python object. Prints one JSON line.
//!
//! `cargo run --release -p runtime --example codec_bench -- [N] [ROUNDS]`

use runtime::{Fragment, Isolate, Value};
use std::time::Instant;

/// Deterministic mixed data: N leaf values (9 per record) in small nested containers.
fn dataset(n: usize) -> Value {
    let mut items = Vec::with_capacity(n / 9);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n / 9 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let record = Value::Dict(vec![
            (Value::Str("id".into()), Value::Int(i as i64)),
            (
                Value::Str("score".into()),
                Value::Float((x >> 11) as f64 / (1u64 << 53) as f64),
            ),
            (
                Value::Str("name".into()),
                Value::Str(format!("item-{}", x % 1000)),
            ),
            (
                Value::Str("tags".into()),
                Value::List(vec![
                    Value::Int((x % 97) as i64),
                    Value::Float(i as f64 * 0.5),
                ]),
            ),
        ]);
        items.push(record);
    }
    Value::List(items)
}

/// Leaf values in `v` (what "1 M values" counts).
fn leaves(v: &Value) -> usize {
    match v {
        Value::List(xs) | Value::Tuple(xs) | Value::Set(xs) | Value::FrozenSet(xs) => {
            xs.iter().map(leaves).sum()
        }
        Value::Dict(pairs) => pairs.iter().map(|(k, v)| leaves(k) + leaves(v)).sum(),
        _ => 1,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let data = dataset(n);
    let values = leaves(&data);
    let isolate = Isolate::get_or_start().expect("isolate starts");

    let mut codec_secs = Vec::new();
    let mut bytes_secs = Vec::new();
    for _ in 0..rounds {
        let started = Instant::now();
        let back = pyo3::Python::attach(|py| {
            let obj = data.to_python(py).expect("to Python");
            Value::from_python(&obj).expect("from Python")
        });
        codec_secs.push(started.elapsed().as_secs_f64());
        assert!(back == data, "round trip changed the data");
        let started = Instant::now();
        let encoded = data.encode();
        let decoded = Value::decode(&encoded).expect("decodes");
        bytes_secs.push(started.elapsed().as_secs_f64());
        assert_eq!(decoded.encode().len(), encoded.len());
    }

    // pickle on the same object, timed inside Python with perf_counter.
    let pickle = Fragment {
        name: "bench/pickle.py",
        source: "import pickle, time\n\
                 times = []\n\
                 for _ in range(rounds):\n\
                 \x20   t = time.perf_counter()\n\
                 \x20   blob = pickle.dumps(data, protocol=5)\n\
                 \x20   back = pickle.loads(blob)\n\
                 \x20   times.append(time.perf_counter() - t)\n\
                 assert back == data\n\
                 pickle_bytes = len(blob)\n",
    };
    let mut out = isolate
        .run(
            &pickle,
            &[
                ("data", data.clone()),
                ("rounds", Value::Int(rounds as i64)),
            ],
            &["times", "pickle_bytes"],
        )
        .expect("pickle fragment runs");
    let Value::List(times) = out.take("times") else {
        panic!("times is a list")
    };
    let pickle_secs: Vec<f64> = times
        .iter()
        .map(|t| {
            if let Value::Float(x) = t {
                *x
            } else {
                f64::NAN
            }
        })
        .collect();
    let median = |v: &[f64]| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    };
    let (codec, bytes, pickle) = (
        median(&codec_secs),
        median(&bytes_secs),
        median(&pickle_secs),
    );
    println!(
        "{{\"values\":{values},\"rounds\":{rounds},\"codec_python_roundtrip_s\":{codec:.6},\"codec_bytes_roundtrip_s\":{bytes:.6},\"pickle_roundtrip_s\":{pickle:.6},\"canonical_bytes\":{},\"pickle_bytes\":{},\"python_roundtrip_vs_pickle\":{:.3},\"bytes_roundtrip_vs_pickle\":{:.3}}}",
        data.encode().len(),
        match out.take("pickle_bytes") { Value::Int(b) => b, _ => -1 },
        pickle / codec,
        pickle / bytes
    );
    isolate.finalize();
}
