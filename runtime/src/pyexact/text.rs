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

/// `repr(s)` for Rust-side reports (a `KeyError`'s message): CPython's
/// quoting and escapes for ASCII and Latin-1 controls. What Python prints is
/// always formatted by Python itself from the object.
pub fn repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa1).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
