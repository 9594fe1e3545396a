//! Static: the Collatz paths and the document built from them (plain integer
//! loops). Dynamic: the walk that dispatches on runtime types and the inversion,
//! which build containers of shapes only known at run time.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const SEEDS: i64 = 20;

fn collatz(seed: i64) -> Vec<i64> {
    let mut path = vec![seed];
    let mut n = seed;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        path.push(n);
    }
    path
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let mut seeds = Vec::new();
    let (mut peaks, mut lengths) = (Vec::new(), Vec::new());
    for seed in 1..=SEEDS {
        let path = collatz(seed);
        let steps = path.len() as i64 - 1;
        let peak = *path.iter().max().expect("a path is never empty");
        let note = if peak == seed { Value::None } else { text(format!("rises x{}", peak / seed)) };
        let info = Value::Dict(vec![
            (text("steps"), Value::Int(steps)),
            (text("peak"), Value::Int(peak)),
            (text("head"), Value::Tuple(path.iter().take(3).copied().map(Value::Int).collect())),
            (text("path"), kit::ints(path.iter().copied())),
            (text("odd"), Value::Bool(seed % 2 == 1)),
            (text("note"), note),
        ]);
        seeds.push((Value::Int(seed), info));
        peaks.push(Value::Int(peak));
        lengths.push(Value::Int(steps));
    }
    let meta = Value::Tuple(vec![text("collatz"), Value::Int(SEEDS), Value::None, Value::Bool(true)]);
    let doc = Value::Dict(vec![
        (text("meta"), meta.clone()),
        (text("seeds"), Value::Dict(seeds)),
        (text("peaks"), Value::Set(peaks)),
        (text("lengths"), Value::FrozenSet(lengths)),
    ]);
    println!("doc digest {}", doc.digest_hex());

    let mut out = isolate.run(&crate::fragment!("walk.py"), &[("doc", doc)], &["record"])?;
    let record = Value::Dict(kit::take_dict(&mut out, "record")?);
    println!("record digest {}", record.digest_hex());
    let Value::Dict(fields) = &record else { unreachable!() };
    for (key, value) in fields {
        match (kit::str_of(key, "record key")?, value) {
            ("inverted", Value::Dict(rows)) => {
                for (steps, group) in rows {
                    let Value::Tuple(members) = group else {
                        return Err(kit::wrong("inverted row", "a tuple", group));
                    };
                    let names: Vec<String> = members.iter().map(ToString::to_string).collect();
                    println!("steps {steps}: ({})", names.join(", "));
                }
            }
            ("echo", Value::List(items)) => {
                println!("meta round-trips: {}", items.first() == Some(&meta));
                println!("echo shapes: {}", items.len());
            }
            (name, other) => println!("{name} = {other}"),
        }
    }
    Ok(())
}
