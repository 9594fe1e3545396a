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
pub mod dict;
pub mod float;
pub mod int;
pub mod list;
pub mod native;
pub mod small;
pub mod text;

pub use dict::Dict;
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
    MemoryError,
    TypeError,
    KeyError,
    /// Internal: a speculative `i64` left its range (see `small::deopt`).
    Deopt,
}

impl ExcKind {
    pub fn name(self) -> &'static str {
        match self {
            ExcKind::ZeroDivisionError => "ZeroDivisionError",
            ExcKind::OverflowError => "OverflowError",
            ExcKind::ValueError => "ValueError",
            ExcKind::IndexError => "IndexError",
            ExcKind::RecursionError => "RecursionError",
            ExcKind::MemoryError => "MemoryError",
            ExcKind::TypeError => "TypeError",
            ExcKind::KeyError => "KeyError",
            ExcKind::Deopt => "SystemError",
        }
    }
}

/// An exception raised in static code: crosses back into Python as the same
/// type with the same message. Boxed, so a `PyResult<f64>` or `PyResult<Int>`
/// stays two words on the hot path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyError(Box<Exc>);

/// What a [`PyError`] holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exc {
    pub kind: ExcKind,
    /// What `str(exception)` shows.
    pub message: String,
    /// `KeyError`'s argument: the key itself (Python formats it).
    pub key: Option<dict::KeyArg>,
}

impl std::ops::Deref for PyError {
    type Target = Exc;
    fn deref(&self) -> &Exc {
        &self.0
    }
}

impl PyError {
    #[cold]
    pub fn new(kind: ExcKind, message: impl Into<String>) -> PyError {
        PyError(Box::new(Exc {
            kind,
            message: message.into(),
            key: None,
        }))
    }

    /// `KeyError(key)`; the message is what `str()` of it shows (the key's
    /// repr), for Rust-side reports only: the exception raised in Python is
    /// built from the key object itself.
    #[cold]
    pub fn key(key: dict::KeyArg) -> PyError {
        let message = match &key {
            dict::KeyArg::Int(i) => i.to_string(),
            dict::KeyArg::Str(s) => text::repr(s),
            dict::KeyArg::Bool(b) => text::bool_str(*b).to_string(),
        };
        PyError(Box::new(Exc {
            kind: ExcKind::KeyError,
            message,
            key: Some(key),
        }))
    }

    #[cold]
    pub fn zero_division(message: &str) -> PyError {
        PyError::new(ExcKind::ZeroDivisionError, message)
    }

    #[cold]
    pub fn overflow(message: &str) -> PyError {
        PyError::new(ExcKind::OverflowError, message)
    }

    #[cold]
    pub fn value(message: &str) -> PyError {
        PyError::new(ExcKind::ValueError, message)
    }

    /// `MemoryError()` (CPython raises it with no message).
    #[cold]
    pub fn memory() -> PyError {
        PyError::new(ExcKind::MemoryError, "")
    }

    #[cold]
    pub fn index(message: &str) -> PyError {
        PyError::new(ExcKind::IndexError, message)
    }

    /// Raises it in the interpreter (the caller returns NULL / `Err`).
    pub fn into_pyerr(self) -> pyo3::PyErr {
        use pyo3::exceptions::*;
        let Exc { kind, message, key } = *self.0;
        match kind {
            ExcKind::KeyError => match key {
                Some(dict::KeyArg::Int(Int::Small(v))) => PyKeyError::new_err((v,)),
                Some(dict::KeyArg::Int(Int::Big(v))) => PyKeyError::new_err((*v,)),
                Some(dict::KeyArg::Str(s)) => PyKeyError::new_err((s,)),
                Some(dict::KeyArg::Bool(b)) => PyKeyError::new_err((b,)),
                None => PyKeyError::new_err(message),
            },
            ExcKind::ZeroDivisionError => PyZeroDivisionError::new_err(message),
            ExcKind::OverflowError => PyOverflowError::new_err(message),
            ExcKind::ValueError => PyValueError::new_err(message),
            ExcKind::IndexError => PyIndexError::new_err(message),
            ExcKind::RecursionError => PyRecursionError::new_err(message),
            ExcKind::MemoryError => PyMemoryError::new_err(()),
            ExcKind::TypeError => PyTypeError::new_err(message),
            // The generic entry always catches it; reaching Python is a bug
            // in the generator, reported as one rather than as a value.
            ExcKind::Deopt => PySystemError::new_err(format!("partitioned code: {message}")),
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
