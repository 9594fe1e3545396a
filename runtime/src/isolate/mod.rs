//! The isolate: the one Python interpreter a hybrid program runs its dynamic
//! parts in, behind one interface whatever the engine.
//!
//! Two engines implement [`Isolate`]: `cpython` (the Pro tier, an embedded
//! static CPython 3.11) and `rustpython` (the Light tier, RustPython in pure
//! Rust). A sample's static part calls `Isolate::run(fragment, inputs,
//! outputs)` and never knows which one it got; the cargo feature decides.

#[cfg(all(feature = "cpython", feature = "rustpython"))]
compile_error!(
    "runtime: choose one engine, feature `cpython` (Pro) or `rustpython` (Light), not both"
);
#[cfg(not(any(feature = "cpython", feature = "rustpython")))]
compile_error!("runtime: choose an engine, feature `cpython` (Pro) or `rustpython` (Light)");

#[cfg(feature = "cpython")]
mod cpython;
#[cfg(feature = "cpython")]
pub use cpython::{python_error, Isolate};
#[cfg(all(feature = "rustpython", not(feature = "cpython")))]
mod rustpython;
#[cfg(all(feature = "rustpython", not(feature = "cpython")))]
pub use rustpython::Isolate;

use crate::codec::Value;
use std::fmt;

/// The stack the Light engine's interpreter runs on, the same on every
/// target (a thread of this size on Linux, the module's linked stack on
/// WASI). RustPython is not stackless: each Python call nests Rust frames,
/// and it raises RecursionError by the stack its thread reports. musl
/// reports a main thread's stack as what is mapped so far, so the same
/// program hit RecursionError on musl and not on glibc; on WASI the default
/// 1 MiB stack overflowed silently into a trap.
pub const INTERPRETER_STACK_BYTES: usize = 16 << 20;

/// Runs a hybrid program's `main`: with the Light engine on a thread with
/// [`INTERPRETER_STACK_BYTES`] of stack (where threads exist), else on this
/// thread (CPython bounds recursion by its own counter).
pub fn run_main<T: Send + 'static>(main: impl FnOnce() -> T + Send + 'static) -> T {
    if cfg!(feature = "cpython") || cfg!(target_family = "wasm") {
        return main();
    }
    match std::thread::Builder::new()
        .name("main".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(main)
    {
        Ok(thread) => match thread.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        },
        Err(e) => panic!("cannot start the interpreter's thread: {e}"),
    }
}

/// A program file for `exec_file`: its bytes, its name as given (for
/// `sys.argv[0]`, `__file__` and tracebacks) and its directory's absolute
/// path (the first `sys.path` entry, as `python FILE` puts it there).
fn read_program(path: &std::path::Path) -> Result<(Vec<u8>, String, String), IsolateError> {
    let source = std::fs::read(path).map_err(|e| IsolateError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let display = path.to_string_lossy().into_owned();
    let script_dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_string_lossy().into_owned()))
        .unwrap_or_default();
    Ok((source, display, script_dir))
}

/// Which engine this build's isolate is: `CPython` or `RustPython`.
pub const ENGINE: &str = if cfg!(feature = "cpython") {
    "CPython"
} else {
    "RustPython"
};

/// A Python fragment embedded in a hybrid program.
#[derive(Debug, Clone, Copy)]
pub struct Fragment {
    /// Shown in tracebacks, e.g. `samples/poc0/box.py`.
    pub name: &'static str,
    pub source: &'static str,
}

/// Everything that can go wrong between Rust and the isolate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsolateError {
    /// CPython refused to start (its own message).
    Start(String),
    /// The isolate was finalised and cannot run code any more.
    Finalized,
    /// Python raised: the exception type, its message and the formatted traceback.
    Python {
        exception: String,
        message: String,
        traceback: String,
    },
    /// A value could not cross the boundary.
    Convert { name: String, reason: String },
    /// A fragment finished without binding an output it promised.
    MissingOutput { fragment: String, name: String },
    /// A program file could not be read.
    Io { path: String, reason: String },
}

impl fmt::Display for IsolateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IsolateError::Start(msg) => write!(f, "the Python isolate failed to start: {msg}"),
            IsolateError::Finalized => write!(f, "the Python isolate has already been finalised"),
            IsolateError::Python { traceback, .. } => write!(f, "{}", traceback.trim_end()),
            IsolateError::Convert { name, reason } => {
                write!(f, "cannot convert `{name}`: {reason}")
            }
            IsolateError::MissingOutput { fragment, name } => {
                write!(f, "fragment {fragment} did not bind the output `{name}`")
            }
            IsolateError::Io { path, reason } => write!(f, "cannot read {path}: {reason}"),
        }
    }
}

impl std::error::Error for IsolateError {}

/// Named values read back from a fragment, in the order they were asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs(pub Vec<(String, Value)>);

impl Outputs {
    /// The value bound to `name` (outputs are always present once `run` succeeded).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Removes and returns `name`, or `Value::None` if it was not requested.
    pub fn take(&mut self, name: &str) -> Value {
        match self.0.iter().position(|(n, _)| n == name) {
            Some(i) => self.0.remove(i).1,
            None => Value::None,
        }
    }
}
