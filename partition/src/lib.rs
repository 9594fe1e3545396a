//! The partitioner: an ordinary Python program in, a per-function decision
//! out, and Python-exact Rust for the functions that can be static.
//!
//! A compiler in four passes, one module each:
//! - [`ast`]: parse with CPython 3.11's own `ast` (run by the pinned CPython);
//! - [`classify`]: static or dynamic per function, with reason codes;
//! - [`ranges`]: which `int` values are proven to fit in an `i64` (and which
//!   a function's variant runs speculatively as checked `i64`s);
//! - [`generate`]: Rust for the static functions, calling `runtime::pyexact`.

pub mod ast;
pub mod classify;
pub mod generate;
pub mod ranges;
pub mod report;
pub mod types;

pub use classify::{classify, Function, Program, Reason, CODES};

/// The one-argument `math` functions the generated code models, and whether
/// an infinite result from a finite argument is an overflow (`OverflowError:
/// math range error`) rather than a singularity (`ValueError: math domain
/// error`), exactly as CPython 3.11's `math_1(..., can_overflow)` decides.
pub const MATH1: &[(&str, bool)] = &[
    ("sqrt", false),
    ("sin", false),
    ("cos", false),
    ("tan", false),
    ("asin", false),
    ("acos", false),
    ("atan", false),
    ("sinh", true),
    ("cosh", true),
    ("tanh", false),
    ("asinh", false),
    ("acosh", false),
    ("atanh", false),
    ("exp", true),
    ("expm1", true),
    ("fabs", false),
];
