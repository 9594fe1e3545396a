//! The hybrid runtime.
//!
//! A hybrid program keeps its static parts in Rust and runs its dynamic parts
//! as Python inside one embedded interpreter, the [`Isolate`]: CPython 3.11 in
//! the Pro tier (feature `cpython`), RustPython in the Light tier (feature
//! `rustpython`). Values cross the boundary as canonical [`Value`]s; float
//! functions on both sides come from one pinned libm ([`math`]).

pub mod codec;
pub mod convert;
#[cfg(feature = "cpython")]
mod embedded_importer;
pub mod isolate;
pub mod math;
/// Python-exact helpers for generated static code; they bind into CPython's
/// own objects, so partitioned programs are Pro-tier only.
#[cfg(feature = "cpython")]
pub mod pyexact;
pub mod stdlib;

pub use codec::{DecodeError, Value};
pub use convert::ConvertError;
pub use isolate::{run_main, Fragment, Isolate, IsolateError, Outputs, ENGINE};
/// The C library's words (strerror, strsignal…), pinned beside the libm.
pub use pinned_libm::libc_text;
