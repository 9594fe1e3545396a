//! Python-exact values and operations for generated static code.
//!
//! The partitioner turns static Python functions into Rust that calls these
//! helpers, so every result (bits, text, exception type and message) is the
//! one CPython 3.11 produces: `int` never wraps (an `i64` fast path that
//! promotes to a big integer, mypyc's model), `//` and `%` floor, `int / int`
//! is correctly rounded, float `//`, `%` and `**` follow CPython's own C code
//! line by line, `repr(float)` is CPython's own `PyOS_double_to_string`, and
//! every `math` function goes through the pinned libm with CPython's error
//! rules. Each helper names the CPython function it ports.

pub mod boundary;
pub mod float;
pub mod int;
pub mod list;
pub mod text;

pub use float::{float_repr, Float};
pub use int::Int;
pub use list::List;

use std::fmt;

/// The Python exception a static operation raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcKind {
    ZeroDivisionError,
    OverflowError,
    ValueError,
    IndexError,
    RecursionError,
}

impl ExcKind {
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::ValueError => "ValueError",
            ExcKind::IndexError => "IndexError",
            ExcKind::RecursionError => "RecursionError",
        }
    }
}

/// An exception raised in static code: crosses back into Python as the same
/// type with the same message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyError {
    pub kind: ExcKind,
    pub message: String,
}

impl PyError {
    pub fn new(kind: ExcKind, message: impl Into<String>) -> PyError {
        PyError {
            kind,
            message: message.into(),
        }
    }

    pub fn zero_division(message: &str) -> PyError {
        PyError::new(ExcKind::ZeroDivisionError, message)
    }

    pub fn overflow(message: &str) -> PyError {
        PyError::new(ExcKind::OverflowError, message)
    }

    pub fn value(message: &str) -> PyError {
        PyError::new(ExcKind::ValueError, message)
    }

    pub fn index(message: &str) -> PyError {
        PyError::new(ExcKind::IndexError, message)
    }

    /// Raises it in the interpreter (the caller returns NULL / `Err`).
    pub fn into_pyerr(self) -> pyo3::PyErr {
        use pyo3::exceptions::*;
        match self.kind {
            ExcKind::ZeroDivisionError => PyZeroDivisionError::new_err(self.message),
            ExcKind::OverflowError => PyOverflowError::new_err(self.message),
            ExcKind::ValueError => PyValueError::new_err(self.message),
            ExcKind::IndexError => PyIndexError::new_err(self.message),
            ExcKind::RecursionError => PyRecursionError::new_err(self.message),
        }
    }
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for PyError {}

/// What every generated function returns.
pub type PyResult<T> = Result<T, PyError>;

/// Python truthiness (`if x:`), per type.
pub trait Truthy {
    fn truthy(&self) -> bool;
}

impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}

impl Truthy for f64 {
    fn truthy(&self) -> bool {
        *self != 0.0
    }
}

impl Truthy for Int {
    fn truthy(&self) -> bool {
        !self.is_zero()
    }
}

impl Truthy for String {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for () {
    fn truthy(&self) -> bool {
        false
    }
}

impl<T: Clone> Truthy for List<T> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}
