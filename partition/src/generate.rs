//! Generate: Python-exact Rust for the static functions.

use crate::classify::Program;

/// The files `--emit` writes: generated Rust and the remaining Python.
pub fn emit(_program: &Program, source: &str) -> Result<Vec<(String, String)>, String> {
    Ok(vec![("remaining.py".into(), source.to_string())])
}
