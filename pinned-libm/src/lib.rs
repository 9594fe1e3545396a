//! The pinned libm.
//!
//! glibc, musl and even one x86_64 glibc on two CPUs disagree in the last bits of
//! `sin`, `exp`, `pow`… This crate is the single implementation used everywhere:
//! the pure-Rust `libm` crate at exactly [`LIBM_VERSION`]. Static Rust code calls
//! the safe functions below; with the `c-exports` feature the same functions are
//! also exported under their C names, so CPython's references to `sin`, `pow`, …
//! resolve here instead of the platform libm.
//!
//! The C library's *text* drifts the same way (`strerror`, `strsignal`…):
//! [`libc_text`] pins it beside the libm, exported by the same feature.

pub mod libc_text;
pub mod libc_time;

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

        /// The C symbols this crate exports with `c-exports`: every libm
        /// function CPython 3.11 imports (plus `sincos`, which compilers
        /// substitute for a `sin`/`cos` pair).
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

            /// GCC merges `sin(x)` and `cos(x)` of one argument into a call to
            /// `sincos`; a CPython compiled that way (the host reference) must get
            /// the pinned pair too. Same bits as calling `sin` and `cos` apart.
            ///
            /// # Safety
            /// `s` and `c` must be valid for writes, as C callers guarantee.
            #[no_mangle]
            pub unsafe extern "C" fn sincos(x: f64, s: *mut f64, c: *mut f64) {
                // SAFETY: the caller passes two valid out-pointers.
                unsafe {
                    *s = libm::sin(x);
                    *c = libm::cos(x);
                }
            }

            /// Addresses of every export. Referencing this table from code that is
            /// always linked pulls the exports into the final binary *before*
            /// libpython's archive is scanned, so its references bind here.
            #[used]
            pub static EXPORT_TABLE: ExportTable = ExportTable(&[$($name as *const (),)+ sincos as *const ()]);

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

/// The time exports exist where the C library is not the origin (musl).
#[cfg(feature = "c-exports")]
fn time_exports() -> usize {
    #[cfg(not(target_env = "gnu"))]
    {
        std::hint::black_box(&libc_time::c_exports::TIME_EXPORT_TABLE)
            .0
            .len()
    }
    #[cfg(target_env = "gnu")]
    {
        0
    }
}

/// Keeps the C exports linked into the final binary (see `EXPORT_TABLE`).
/// Returns the number of exported functions, or 0 without `c-exports`.
pub fn ensure_linked() -> usize {
    #[cfg(feature = "c-exports")]
    {
        std::hint::black_box(&c_exports::EXPORT_TABLE).0.len()
            + std::hint::black_box(&libc_text::c_exports::TEXT_EXPORT_TABLE)
                .0
                .len()
            + time_exports()
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
        assert!(
            lock.contains(&needle),
            "Cargo.lock does not pin libm {LIBM_VERSION}"
        );
    }

    #[test]
    fn known_bits_of_the_pin() {
        // glibc says -1.4492795301268253, musl -1.4492795301268255: the pin
        // gives these bits on every target (a change of pin shows up here).
        assert_eq!(tan(-7.25), -1.4492795301268255);
        // glibc (x86_64, FMA) says 1.9129311827723894.
        assert_eq!(cbrt(7.0), 1.9129311827723892);
        assert_eq!(EXPORTED_SYMBOLS.len(), 25);
    }

    #[cfg(feature = "c-exports")]
    #[test]
    fn sincos_is_the_pinned_pair() {
        for x in [0.5, -7.25, 1e10, 3.0e-300] {
            let (mut s, mut c) = (0.0, 0.0);
            // SAFETY: two valid out-pointers.
            unsafe { c_exports::sincos(x, &mut s, &mut c) };
            assert_eq!(
                (s.to_bits(), c.to_bits()),
                (libm::sin(x).to_bits(), libm::cos(x).to_bits())
            );
        }
    }
}
