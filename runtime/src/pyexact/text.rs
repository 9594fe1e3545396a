//! Python's `str` operations on Rust `String`s: lengths and indices count
//! code points, not bytes; comparisons order by code point (which UTF-8 byte
//! order already does).

use super::{Int, PyResult};

/// `len(s)`.
pub fn len(s: &str) -> Int {
    Int::from_i64(s.chars().count() as i64)
}

/// `s[i]`.
pub fn index(s: &str, i: &Int) -> PyResult<String> {
    let at = super::list::position(i, s.chars().count(), "string index out of range")?;
    Ok(s.chars().nth(at).expect("in range").to_string())
}

/// The `i`-th character for `for ch in s` (str is immutable: no live length).
pub fn chars(s: &str) -> Vec<String> {
    s.chars().map(String::from).collect()
}

/// `str(b)` for a bool.
pub fn bool_str(b: bool) -> String {
    if b { "True" } else { "False" }.to_string()
}
