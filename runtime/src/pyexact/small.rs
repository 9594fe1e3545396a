//! `int` operations on plain `i64`, for values the partitioner's range
//! analysis proved small.
//!
//! Why: a Python `int` is unbounded, so generated code normally carries the
//! tagged [`Int`] (an overflow check and a possible big integer on every
//! operation). Where the interval of every operand and result is proven to
//! fit in `i64` (loop counters, indices, arithmetic on guarded arguments),
//! `+ - *` are plain machine operations; what remains here is what can still
//! fail or round for in-range values: the floor division and modulo signs,
//! division by zero, and `int / int` correct rounding. Results and messages
//! are those of [`Int`] (`int.rs`), checked against it in the tests.

use super::{ExcKind, Int, PyError, PyResult};
use std::sync::atomic::{AtomicU32, Ordering};

/// The entry guard of a specialised variant: the argument as `i64` when it
/// is within `±2^k` (the bound the variant's proofs assume).
#[inline(always)]
pub fn guard(v: &Int, k: u32) -> Option<i64> {
    match v {
        Int::Small(x) if x.unsigned_abs() <= 1u64 << k => Some(*x),
        _ => None,
    }
}

/// `a // b` (floor; ZeroDivisionError as CPython). The caller proved the
/// quotient fits (`a` is never `i64::MIN` with `b == -1`).
#[inline(always)]
pub fn floordiv(a: i64, b: i64) -> PyResult<i64> {
    if b == 0 {
        return Err(PyError::zero_division("integer division or modulo by zero"));
    }
    let q = a / b;
    Ok(if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    })
}

/// `a % b` with the sign of `b` (CPython `long_mod`, not `rem_euclid`).
#[inline(always)]
pub fn modulo(a: i64, b: i64) -> PyResult<i64> {
    if b == 0 {
        return Err(PyError::zero_division("integer modulo by zero"));
    }
    let r = a.wrapping_rem(b);
    Ok(if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    })
}

/// `a / b`, correctly rounded: one IEEE division when both are exact doubles
/// (CPython's own fast path), otherwise [`Int::truediv`].
#[inline(always)]
pub fn truediv(a: i64, b: i64) -> PyResult<f64> {
    const EXACT: u64 = 1 << 53;
    if b != 0 && a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
        return Ok(a as f64 / b as f64);
    }
    Int::Small(a).truediv(&Int::Small(b))
}

// Speculation. A static function is pure (it cannot print, read globals
// that change, or mutate what it was given), so a variant may also run the
// ints the analysis could not bound as `i64` with checked operations: when a
// value would leave `i64` the variant stops with `deopt()` and the generic
// function reruns the call from the start with the exact tagged `Int`. Both
// runs compute the same values up to that point, so whatever the call
// returns or raises is what CPython would.

/// The signal that a speculative variant met a value outside `i64`. Never
/// reaches Python: the generic entry that started the variant catches it.
#[cold]
pub fn deopt() -> PyError {
    PyError::new(ExcKind::Deopt, "a speculative i64 left its range")
}

impl PyError {
    pub fn is_deopt(&self) -> bool {
        self.kind == ExcKind::Deopt
    }
}

/// An `Int` computed by exact code, as the `i64` a speculative variant holds.
#[inline(always)]
pub fn narrow(v: Int) -> PyResult<i64> {
    match v {
        Int::Small(x) => Ok(x),
        Int::Big(_) => Err(deopt()),
    }
}

/// `a + b`, or a deopt.
#[inline(always)]
pub fn add(a: i64, b: i64) -> PyResult<i64> {
    a.checked_add(b).ok_or_else(deopt)
}

/// `a - b`, or a deopt.
#[inline(always)]
pub fn sub(a: i64, b: i64) -> PyResult<i64> {
    a.checked_sub(b).ok_or_else(deopt)
}

/// `a * b`, or a deopt.
#[inline(always)]
pub fn mul(a: i64, b: i64) -> PyResult<i64> {
    a.checked_mul(b).ok_or_else(deopt)
}

/// `-a`, or a deopt (`-i64::MIN`).
#[inline(always)]
pub fn neg(a: i64) -> PyResult<i64> {
    a.checked_neg().ok_or_else(deopt)
}

/// `a // b` for any `i64`s (`i64::MIN // -1` deopts).
#[inline(always)]
pub fn floordiv_any(a: i64, b: i64) -> PyResult<i64> {
    if a == i64::MIN && b == -1 {
        return Err(deopt());
    }
    floordiv(a, b)
}

/// `a ** b`, `a << b`, `a >> b` and `abs(a)`: the exact `Int` rules (errors
/// included), narrowed.
#[inline]
pub fn pow(a: i64, b: i64) -> PyResult<i64> {
    if let (Ok(e), true) = (u32::try_from(b), b >= 0) {
        if let Some(r) = a.checked_pow(e) {
            return Ok(r);
        }
    }
    narrow(Int::Small(a).pow(&Int::Small(b))?)
}

#[inline]
pub fn shl(a: i64, b: i64) -> PyResult<i64> {
    narrow(Int::Small(a).shl(&Int::Small(b))?)
}

#[inline]
pub fn shr(a: i64, b: i64) -> PyResult<i64> {
    narrow(Int::Small(a).shr(&Int::Small(b))?)
}

#[inline(always)]
pub fn abs(a: i64) -> PyResult<i64> {
    a.checked_abs().ok_or_else(deopt)
}

/// Whether a function's speculative variant is still worth trying: after a
/// few deopts (its ints do grow large) the generic code runs directly.
pub struct Speculation(AtomicU32);

impl Speculation {
    const GIVE_UP: u32 = 8;

    pub const fn new() -> Speculation {
        Speculation(AtomicU32::new(0))
    }

    #[inline(always)]
    pub fn enabled(&self) -> bool {
        self.0.load(Ordering::Relaxed) < Self::GIVE_UP
    }

    #[cold]
    pub fn failed(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Default for Speculation {
    fn default() -> Self {
        Speculation::new()
    }
}

/// `range(start, stop, step)` over proven-small bounds, yielding `i64`.
pub struct Range {
    next: i64,
    stop: i64,
    step: i64,
}

impl Range {
    #[inline(always)]
    pub fn new(start: i64, stop: i64, step: i64) -> PyResult<Range> {
        if step == 0 {
            return Err(super::int::zero_step());
        }
        Ok(Range {
            next: start,
            stop,
            step,
        })
    }
}

impl Iterator for Range {
    type Item = i64;

    #[inline(always)]
    fn next(&mut self) -> Option<i64> {
        let n = self.next;
        let more = if self.step < 0 {
            n > self.stop
        } else {
            n < self.stop
        };
        if !more {
            return None;
        }
        // Past i64 is past `stop` too: the walk ends after `n`.
        self.next = match n.checked_add(self.step) {
            Some(following) => following,
            None => self.stop,
        };
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDGES: &[i64] = &[
        0,
        1,
        -1,
        2,
        -2,
        3,
        -3,
        7,
        -7,
        10,
        -10,
        1 << 53,
        -(1 << 53),
        (1 << 53) + 1,
        -(1 << 53) - 1,
        i64::MAX,
        i64::MIN + 1,
        i64::MAX - 1,
    ];

    #[test]
    fn floordiv_and_modulo_agree_with_int() {
        for &a in EDGES {
            for &b in EDGES {
                assert_eq!(
                    floordiv(a, b).map(Int::Small),
                    Int::Small(a).floordiv(&Int::Small(b)),
                    "{a} // {b}"
                );
                assert_eq!(
                    modulo(a, b).map(Int::Small),
                    Int::Small(a).modulo(&Int::Small(b)),
                    "{a} % {b}"
                );
            }
        }
        assert_eq!(floordiv(7, -2), Ok(-4));
        assert_eq!(modulo(7, -2), Ok(-1));
    }

    #[test]
    fn truediv_agrees_with_int() {
        for &a in EDGES {
            for &b in EDGES {
                let fast = truediv(a, b).map(f64::to_bits);
                let exact = Int::Small(a).truediv(&Int::Small(b)).map(f64::to_bits);
                assert_eq!(fast, exact, "{a} / {b}");
            }
        }
    }

    #[test]
    fn checked_operations_agree_with_int_or_deopt() {
        for &a in EDGES.iter().chain(&[i64::MIN]) {
            for &b in EDGES.iter().chain(&[i64::MIN, 63, 64, 65]) {
                let pairs: [(PyResult<i64>, PyResult<Int>); 6] = [
                    (add(a, b), Ok(Int::Small(a).add(&Int::Small(b)))),
                    (sub(a, b), Ok(Int::Small(a).sub(&Int::Small(b)))),
                    (mul(a, b), Ok(Int::Small(a).mul(&Int::Small(b)))),
                    (floordiv_any(a, b), Int::Small(a).floordiv(&Int::Small(b))),
                    (shl(a, b), Int::Small(a).shl(&Int::Small(b))),
                    (shr(a, b), Int::Small(a).shr(&Int::Small(b))),
                ];
                for (i, (fast, exact)) in pairs.into_iter().enumerate() {
                    match (fast, exact) {
                        (Ok(x), Ok(y)) => assert_eq!(Int::Small(x), y, "op {i}: {a}, {b}"),
                        (Err(e), Ok(y)) => {
                            assert!(e.is_deopt() && y.as_i64().is_none(), "op {i}: {a}, {b}")
                        }
                        (fast, exact) => assert_eq!(fast.err(), exact.err(), "op {i}: {a}, {b}"),
                    }
                }
            }
            assert_eq!(
                neg(a).ok().map(Int::Small),
                Some(Int::Small(a).neg()).filter(|n| n.as_i64().is_some())
            );
        }
        assert_eq!(pow(3, 4), Ok(81));
        assert!(pow(3, 40).unwrap_err().is_deopt());
        assert_eq!(pow(-1, 1 << 40), Ok(1));
        assert!(narrow(Int::parse("99999999999999999999"))
            .unwrap_err()
            .is_deopt());
    }

    #[test]
    fn range_walks_like_int_range() {
        let cases = [
            (0, 10, 1),
            (10, 0, -3),
            (0, 0, 1),
            (-5, 5, 4),
            (i64::MAX - 3, i64::MAX, 2),
            (i64::MIN + 3, i64::MIN, -2),
            (0, i64::MAX, i64::MAX - 1),
        ];
        for (start, stop, step) in cases {
            let small: Vec<i64> = Range::new(start, stop, step).unwrap().take(50).collect();
            let wide: Vec<i64> = super::super::int::Range::new(
                Int::Small(start),
                Int::Small(stop),
                Int::Small(step),
            )
            .unwrap()
            .take(50)
            .map(|i| i.as_i64().unwrap())
            .collect();
            assert_eq!(small, wide, "range({start}, {stop}, {step})");
        }
        assert!(Range::new(0, 1, 0).is_err());
    }
}
