//! The pinned libm.
//!
//! glibc, musl and even one x86_64 glibc on two CPUs disagree in the last bits of
//! `sin`, `exp`, `pow`… This crate is the single implementation used everywhere:
//! the pure-Rust `libm` crate at exactly [`LIBM_VERSION`]. Static Rust code calls
//! the safe functions below; with the `c-exports` feature the same functions are
//! also exported under their C names, so CPython's references to `sin`, `pow`, …
//! resolve here instead of the platform libm.

/// The exact version of the `libm` crate behind every function (recorded in reports).
pub const LIBM_VERSION: &str = "0.2.16";

macro_rules! pinned {
    ($( $name:ident ( $($arg:ident),+ ) ),+ $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($name), "` from the pinned `libm` crate.")]
            #[inline]
            pub fn $name($($arg: f64),+) -> f64 {
                libm::$name($($arg),+)
            }
        )+

        /// The C symbols this crate exports with `c-exports`, i.e. every libm
        /// function CPython 3.11 imports.
        pub const EXPORTED_SYMBOLS: &[&str] = &[$(stringify!($name)),+];

        /// C-ABI definitions under the platform libm's names.
        #[cfg(feature = "c-exports")]
        pub mod c_exports {
            $(
                #[no_mangle]
                pub extern "C" fn $name($($arg: f64),+) -> f64 {
                    libm::$name($($arg),+)
                }
            )+

            /// Addresses of every export. Referencing this table from code that is
            /// always linked pulls the exports into the final binary *before*
            /// libpython's archive is scanned, so its references bind here.
            #[used]
            pub static EXPORT_TABLE: ExportTable = ExportTable(&[$($name as *const ()),+]);

            /// A list of function addresses (plain data, never called through).
            pub struct ExportTable(pub &'static [*const ()]);
            // SAFETY: the table is immutable and only ever read as addresses.
            unsafe impl Sync for ExportTable {}
        }
    };
}

pinned! {
    acos(x), acosh(x), asin(x), asinh(x), atan(x), atan2(y, x), atanh(x),
    cbrt(x), cos(x), cosh(x), erf(x), erfc(x), exp(x), exp2(x), expm1(x),
    hypot(x, y), log(x), log10(x), log1p(x), log2(x), pow(x, y),
    sin(x), sinh(x), tan(x), tanh(x),
}

/// Keeps the C exports linked into the final binary (see `EXPORT_TABLE`).
/// Returns the number of exported functions, or 0 without `c-exports`.
pub fn ensure_linked() -> usize {
    #[cfg(feature = "c-exports")]
    {
        std::hint::black_box(&c_exports::EXPORT_TABLE).0.len()
    }
    #[cfg(not(feature = "c-exports"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_the_locked_dependency() {
        let lock = include_str!("../../Cargo.lock");
        let needle = format!("name = \"libm\"\nversion = \"{LIBM_VERSION}\"");
        assert!(lock.contains(&needle), "Cargo.lock does not pin libm {LIBM_VERSION}");
    }

    #[test]
    fn known_bits_of_the_pin() {
        // glibc says -1.4492795301268253, musl -1.4492795301268255; the pin is its own.
        assert_eq!(tan(-7.25).to_bits(), libm::tan(-7.25).to_bits());
        assert_eq!(EXPORTED_SYMBOLS.len(), 25);
    }
}
