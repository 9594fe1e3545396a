//! The math API for static Rust code.
//!
//! Static parts must never call `f64::sin` and friends: rustc constant-folds
//! them with the *build machine's* libm in release builds, and at run time they
//! bind to the platform libm. Everything here goes through the pinned `libm`
//! crate, the same code CPython's `math` module uses in hybrid binaries. The
//! workspace's `clippy.toml` rejects the `f64` methods.

pub use pinned_libm::{
    acos, acosh, asin, asinh, atan, atan2, atanh, cbrt, cos, cosh, erf, erfc, exp, exp2, expm1,
    hypot, log, log10, log1p, log2, pow, sin, sinh, tan, tanh, EXPORTED_SYMBOLS, LIBM_VERSION,
};

/// Square root: IEEE-754 requires correct rounding, so every target agrees.
#[inline]
pub fn sqrt(x: f64) -> f64 {
    libm::sqrt(x)
}

/// Whether the interpreter's float functions (CPython's `math` and float
/// operations, or RustPython's) are bound to the pinned libm in this binary.
pub fn interpreter_uses_pinned_libm() -> bool {
    cfg!(feature = "pin-libm")
}
