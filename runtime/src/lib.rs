//! The hybrid runtime.
//!
//! A hybrid program keeps its static parts in Rust and runs its dynamic parts
//! as Python inside one embedded CPython, the [`Isolate`]. Values cross the
//! boundary as canonical [`Value`]s; float functions on both sides come from
//! one pinned libm ([`math`]).

pub mod codec;
pub mod convert;
mod embedded_importer;
pub mod isolate;
pub mod math;
pub mod pyexact;
pub mod stdlib;

pub use codec::{DecodeError, Value};
pub use convert::ConvertError;
pub use isolate::{Fragment, Isolate, IsolateError, Outputs};
/// The C library's words (strerror, strsignal…), pinned beside the libm.
pub use pinned_libm::libc_text;
