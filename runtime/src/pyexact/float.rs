//! Python's `float`: IEEE `+ - * /` (never contracted or fused), and the rest
//! ported from CPython 3.11's `Objects/floatobject.c` and
//! `Modules/mathmodule.c`, with every libm call going to the pinned libm.

use super::{Int, PyError, PyResult};
use crate::math;
use std::ffi::CStr;

pub type Float = f64;

/// `x / y` (`float_div`).
pub fn div(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(PyError::zero_division("float division by zero"));
    }
    Ok(x / y)
}

/// `x % y` (`float_rem`): the sign of `y`; a zero remainder takes `y`'s sign.
pub fn rem(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(PyError::zero_division("float modulo"));
    }
    let mut m = libm::fmod(x, y);
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = libm::copysign(0.0, y);
    }
    Ok(m)
}

/// `_float_div_mod`: the quotient snapped to an integral value.
fn div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = libm::fmod(vx, wx);
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = libm::copysign(0.0, wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = libm::floor(div);
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        libm::copysign(0.0, vx / wx)
    };
    (floordiv, m)
}

/// `x // y` (`float_floor_div`): `1 // 0.1 == 9.0`.
pub fn floordiv(x: f64, y: f64) -> PyResult<f64> {
    if y == 0.0 {
        return Err(PyError::zero_division("float floor division by zero"));
    }
    Ok(div_mod(x, y).0)
}

/// `divmod(x, y)` (`float_divmod`).
pub fn divmod(x: f64, y: f64) -> PyResult<(f64, f64)> {
    if y == 0.0 {
        return Err(PyError::zero_division("float divmod()"));
    }
    Ok(div_mod(x, y))
}

fn is_odd_integer(x: f64) -> bool {
    libm::fmod(libm::fabs(x), 2.0) == 1.0
}

/// The OverflowError CPython raises from `errno == ERANGE`: `(errno,
/// strerror)`, in the pinned C library text the isolate's CPython prints too.
fn erange() -> PyError {
    use pinned_libm::libc_text::ERANGE;
    PyError::overflow(&format!(
        "({ERANGE}, '{}')",
        pinned_libm::libc_text::strerror(ERANGE)
    ))
}

/// `x ** y` for floats (`float_pow`); the classifier only lets integral
/// exponents reach it, so the complex branch cannot be taken.
pub fn pow(iv: f64, iw: f64) -> PyResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let av = libm::fabs(iv);
        return Ok(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            libm::fabs(iw)
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                libm::fabs(iv)
            }
        } else if odd {
            libm::copysign(0.0, iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        let odd = is_odd_integer(iw);
        if iw < 0.0 {
            return Err(PyError::zero_division(
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(if odd { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != libm::floor(iw) {
            return Err(PyError::value(
                "a negative float to a fractional power is complex",
            ));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let ix = math::pow(base, iw);
    // _Py_ADJUST_ERANGE1: an infinite result from finite inputs is ERANGE.
    if ix.is_infinite() {
        return Err(erange());
    }
    Ok(if negate { -ix } else { ix })
}

/// `math.<f>(x)` for the one-argument functions (`math_1`): NaN from a
/// non-NaN is a domain error; ±inf from a finite argument is a range error
/// for the functions that can overflow, a domain error (singularity) otherwise.
pub fn math_1(x: f64, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(PyError::value("math domain error"));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            PyError::overflow("math range error")
        } else {
            PyError::value("math domain error")
        });
    }
    Ok(r)
}

/// `math.pow(x, y)` (`math_pow`): IEEE specials by hand, the rest by libm.
pub fn math_pow(x: f64, y: f64) -> PyResult<f64> {
    enum Errno {
        None,
        Dom,
        Range,
    }
    let mut errno = Errno::None;
    let r = if !x.is_finite() || !y.is_finite() {
        if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && is_odd_integer(y);
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    libm::fabs(x)
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                libm::copysign(0.0, x)
            } else {
                0.0
            }
        } else if libm::fabs(x) == 1.0 {
            1.0
        } else if y > 0.0 && libm::fabs(x) > 1.0 {
            y
        } else if y < 0.0 && libm::fabs(x) < 1.0 {
            -y
        } else {
            0.0
        }
    } else {
        let r = math::pow(x, y);
        if r.is_nan() {
            errno = Errno::Dom;
        } else if r.is_infinite() {
            errno = if x == 0.0 { Errno::Dom } else { Errno::Range };
        }
        r
    };
    match errno {
        Errno::None => Ok(r),
        Errno::Dom => Err(PyError::value("math domain error")),
        Errno::Range if libm::fabs(r) < 1.5 => Ok(r),
        Errno::Range => Err(PyError::overflow("math range error")),
    }
}

/// `math.floor(x)` / `math.ceil(x)` for a float: an int.
pub fn floor(x: f64) -> PyResult<Int> {
    Int::from_f64(libm::floor(x))
}

pub fn ceil(x: f64) -> PyResult<Int> {
    Int::from_f64(libm::ceil(x))
}

/// `round(x)` (`float___round___impl` without ndigits): half to even.
pub fn round(x: f64) -> PyResult<Int> {
    let mut rounded = libm::round(x);
    if libm::fabs(x - rounded) == 0.5 {
        rounded = 2.0 * libm::round(x / 2.0);
    }
    Int::from_f64(rounded)
}

/// `repr(x)` and `str(x)`: CPython's own `PyOS_double_to_string(x, 'r', 0,
/// Py_DTSF_ADD_DOT_0)` (David Gay's shortest round-trip digits), linked into
/// every hybrid. Rust's formatter picks other digits on ties.
pub fn float_repr(x: f64) -> String {
    const PY_DTSF_ADD_DOT_0: i32 = 0x02;
    // SAFETY: PyOS_double_to_string returns a NUL-terminated buffer from
    // PyMem_Malloc (or NULL on memory error), freed here with PyMem_Free.
    unsafe {
        let ptr = pyo3::ffi::PyOS_double_to_string(
            x,
            b'r' as std::os::raw::c_char,
            0,
            PY_DTSF_ADD_DOT_0,
            std::ptr::null_mut(),
        );
        assert!(!ptr.is_null(), "PyOS_double_to_string: out of memory");
        let text = CStr::from_ptr(ptr).to_string_lossy().into_owned();
        pyo3::ffi::PyMem_Free(ptr.cast());
        text
    }
}

/// `abs(x)` / `math.fabs(x)`: clears the sign bit.
pub fn fabs(x: f64) -> f64 {
    libm::fabs(x)
}

/// `math.copysign(x, y)`.
pub fn copysign(x: f64, y: f64) -> f64 {
    libm::copysign(x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_remainder_follow_cpython() {
        assert_eq!(floordiv(1.0, 0.1).unwrap(), 9.0);
        assert_eq!(floordiv(-0.0, 5.0).unwrap().to_bits(), (-0.0f64).to_bits());
        assert_eq!(rem(-1.0, 3.0).unwrap(), 2.0);
        assert_eq!(rem(1.0, -3.0).unwrap(), -2.0);
        assert_eq!(rem(3.0, -3.0).unwrap().to_bits(), (-0.0f64).to_bits());
        assert_eq!(
            floordiv(1.0, 0.0).unwrap_err().message,
            "float floor division by zero"
        );
        assert_eq!(rem(1.0, 0.0).unwrap_err().message, "float modulo");
    }

    #[test]
    fn power_specials() {
        assert_eq!(
            pow(0.0, -1.0).unwrap_err().message,
            "0.0 cannot be raised to a negative power"
        );
        assert_eq!(pow(-2.0, 3.0).unwrap(), -8.0);
        assert_eq!(pow(-1.0, 1e300).unwrap(), 1.0);
        assert_eq!(
            pow(2.0, 10000.0).unwrap_err().message,
            "(34, 'Numerical result out of range')"
        );
        assert_eq!(pow(f64::NAN, 0.0).unwrap(), 1.0);
    }

    #[test]
    fn round_halves_to_even_and_refuses_nan() {
        assert_eq!(round(2.5).unwrap(), Int::from_i64(2));
        assert_eq!(round(-3.5).unwrap(), Int::from_i64(-4));
        assert_eq!(
            round(f64::NAN).unwrap_err().message,
            "cannot convert float NaN to integer"
        );
        assert_eq!(
            round(f64::INFINITY).unwrap_err().message,
            "cannot convert float infinity to integer"
        );
    }

    #[test]
    fn math_errors() {
        assert_eq!(
            math_1(-1.0, math::sqrt, false).unwrap_err().message,
            "math domain error"
        );
        assert_eq!(
            math_1(1000.0, math::exp, true).unwrap_err().message,
            "math range error"
        );
        assert_eq!(
            math_1(0.0, math::log, false).unwrap_err().message,
            "math domain error"
        );
        assert_eq!(
            math_1(f64::INFINITY, math::sin, false).unwrap_err().message,
            "math domain error"
        );
        assert_eq!(
            math_pow(0.0, -1.0).unwrap_err().message,
            "math domain error"
        );
        assert_eq!(
            math_pow(10.0, 400.0).unwrap_err().message,
            "math range error"
        );
    }
}
