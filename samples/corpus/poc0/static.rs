//! PoC 0: the static part and the attribute table are Rust; the dynamic
//! attribute access (a §13 REJECT construct) runs unchanged as Python.

use runtime::{Isolate, IsolateError, Value};

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let static_part: i64 = 100;
    let attr_names = ["x", "y", "z"];
    let attr_pairs = [("x", 10), ("y", 20), ("z", 30)];

    let names = Value::List(attr_names.iter().map(|n| Value::Str(n.to_string())).collect());
    let pairs = Value::List(
        attr_pairs
            .iter()
            .map(|(k, v)| Value::Tuple(vec![Value::Str(k.to_string()), Value::Int(*v)]))
            .collect(),
    );
    let mut out = isolate.run(
        &crate::fragment!("box.py"),
        &[("attr_names", names), ("attr_pairs", pairs)],
        &["total"],
    )?;
    let Value::Int(total) = out.take("total") else {
        return Err(IsolateError::Convert { name: "total".into(), reason: "expected an int".into() });
    };
    println!("static={static_part}|dynamic={total}|sum={}", static_part + total);
    Ok(())
}
