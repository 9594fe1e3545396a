//! Conversion between [`Value`] and the engine's Python objects.
//!
//! Only the types the codec can represent cross the boundary: anything else is a
//! [`ConvertError`] naming the Python type, never a silent `repr`. `bool` is
//! checked before `int` (it is an int subclass in Python); sets are read into
//! canonical order so the same Python set always gives the same `Value`,
//! whatever order the engine iterates it in (CPython's and RustPython's differ).

#[cfg(feature = "cpython")]
mod cpython;
#[cfg(feature = "rustpython")]
pub(crate) mod rustpython;

use crate::codec::Value;
use std::fmt;

/// A Python object that has no [`Value`] form, or a Python error met while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError(pub String);

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConvertError {}

/// The error for an object of a type the codec has no form for.
fn unsupported(type_name: &str) -> ConvertError {
    ConvertError(format!(
        "objects of type '{type_name}' cannot cross the boundary \
         (supported: None, bool, int, float, str, bytes, list, tuple, dict, set, frozenset)"
    ))
}

/// A set's items in the codec's canonical order (by encoding).
fn canonical_order(mut items: Vec<Value>) -> Vec<Value> {
    items.sort_by_cached_key(Value::encode);
    items
}
