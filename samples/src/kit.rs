//! Small helpers for the samples' static parts: building [`Value`]s from Rust
//! data and reading typed outputs back, with a conversion error (never a panic)
//! when a fragment hands back something of the wrong shape.

use runtime::codec::int_from_le_bytes;
use runtime::{IsolateError, Outputs, Value};

/// A Python `str`.
pub fn text(s: impl Into<String>) -> Value {
    Value::Str(s.into())
}

/// A Python `list` of `str`.
pub fn texts<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::List(items.into_iter().map(|s| text(s.as_ref())).collect())
}

/// A Python `list` of `int`.
pub fn ints(items: impl IntoIterator<Item = i64>) -> Value {
    Value::List(items.into_iter().map(Value::Int).collect())
}

/// A Python `list` of `float`.
pub fn floats(items: impl IntoIterator<Item = f64>) -> Value {
    Value::List(items.into_iter().map(Value::Float).collect())
}

/// A Python `int` of any 128-bit value (the codec picks `Int` or `BigInt`).
pub fn int128(v: i128) -> Value {
    int_from_le_bytes(&v.to_le_bytes())
}

/// The value of an `Int` or of a `BigInt` that fits in 128 bits.
pub fn as_i128(v: &Value) -> Option<i128> {
    match v {
        Value::Int(i) => Some(i128::from(*i)),
        Value::BigInt(b) if b.as_le_bytes().len() <= 16 => {
            let bytes = b.as_le_bytes();
            let fill = if bytes.last().is_some_and(|b| b & 0x80 != 0) {
                0xff
            } else {
                0
            };
            let mut buf = [fill; 16];
            buf[..bytes.len()].copy_from_slice(bytes);
            Some(i128::from_le_bytes(buf))
        }
        _ => None,
    }
}

/// The error for an output of the wrong shape.
pub fn wrong(name: &str, expected: &str, got: &Value) -> IsolateError {
    IsolateError::Convert {
        name: name.into(),
        reason: format!("expected {expected}, got {got}"),
    }
}

/// Takes output `name` as an `i64`.
pub fn take_int(out: &mut Outputs, name: &str) -> Result<i64, IsolateError> {
    match out.take(name) {
        Value::Int(i) => Ok(i),
        other => Err(wrong(name, "an int that fits in 64 bits", &other)),
    }
}

/// Takes output `name` as an `f64`.
pub fn take_float(out: &mut Outputs, name: &str) -> Result<f64, IsolateError> {
    match out.take(name) {
        Value::Float(x) => Ok(x),
        other => Err(wrong(name, "a float", &other)),
    }
}

/// Takes output `name` as a `String`.
pub fn take_str(out: &mut Outputs, name: &str) -> Result<String, IsolateError> {
    match out.take(name) {
        Value::Str(s) => Ok(s),
        other => Err(wrong(name, "a str", &other)),
    }
}

/// Takes output `name` as the items of a `list` or `tuple`.
pub fn take_seq(out: &mut Outputs, name: &str) -> Result<Vec<Value>, IsolateError> {
    match out.take(name) {
        Value::List(items) | Value::Tuple(items) => Ok(items),
        other => Err(wrong(name, "a list or tuple", &other)),
    }
}

/// Takes output `name` as the pairs of a `dict`, in insertion order.
pub fn take_dict(out: &mut Outputs, name: &str) -> Result<Vec<(Value, Value)>, IsolateError> {
    match out.take(name) {
        Value::Dict(pairs) => Ok(pairs),
        other => Err(wrong(name, "a dict", &other)),
    }
}

/// The `str` inside `v`, or a conversion error naming `what`.
pub fn str_of<'a>(v: &'a Value, what: &str) -> Result<&'a str, IsolateError> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(wrong(what, "a str", other)),
    }
}

/// The `i64` inside `v`, or a conversion error naming `what`.
pub fn int_of(v: &Value, what: &str) -> Result<i64, IsolateError> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(wrong(what, "an int that fits in 64 bits", other)),
    }
}
