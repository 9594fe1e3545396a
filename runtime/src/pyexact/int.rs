//! Python's `int`: arbitrary precision, never wraps. An `i64` fast path with
//! checked arithmetic promotes to a big integer on overflow (mypyc's tagged
//! int); `Big` holds only values outside `i64`, so equal values are equal
//! variants.

use super::{PyError, PyResult};
use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Int {
    Small(i64),
    /// Boxed: keeps `Int` two words, the size of the common case.
    Big(Box<BigInt>),
}

impl Int {
    pub fn from_i64(v: i64) -> Int {
        Int::Small(v)
    }

    /// Normalises: values that fit in `i64` are `Small`.
    pub fn from_big(v: BigInt) -> Int {
        match v.to_i64() {
            Some(small) => Int::Small(small),
            None => Int::Big(Box::new(v)),
        }
    }

    /// A decimal literal (as the parser printed it).
    pub fn parse(decimal: &str) -> Int {
        match decimal.parse::<i64>() {
            Ok(v) => Int::Small(v),
            Err(_) => Int::from_big(decimal.parse::<BigInt>().expect("a decimal int literal")),
        }
    }

    pub fn big(&self) -> BigInt {
        match self {
            Int::Small(v) => BigInt::from(*v),
            Int::Big(b) => (**b).clone(),
        }
    }

    #[inline]
    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    #[inline]
    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(v) => *v < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Int::Small(v) => Some(*v),
            Int::Big(_) => None,
        }
    }

    #[inline]
    pub fn add(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_add(*b) {
                return Int::Small(r);
            }
        }
        self.add_big(o)
    }

    #[cold]
    #[inline(never)]
    fn add_big(&self, o: &Int) -> Int {
        Int::from_big(self.big() + o.big())
    }

    #[inline]
    pub fn sub(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_sub(*b) {
                return Int::Small(r);
            }
        }
        self.sub_big(o)
    }

    #[cold]
    #[inline(never)]
    fn sub_big(&self, o: &Int) -> Int {
        Int::from_big(self.big() - o.big())
    }

    #[inline]
    pub fn mul(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_mul(*b) {
                return Int::Small(r);
            }
        }
        self.mul_big(o)
    }

    #[cold]
    #[inline(never)]
    fn mul_big(&self, o: &Int) -> Int {
        Int::from_big(self.big() * o.big())
    }

    pub fn neg(&self) -> Int {
        if let Int::Small(a) = self {
            if let Some(r) = a.checked_neg() {
                return Int::Small(r);
            }
        }
        Int::from_big(-self.big())
    }

    pub fn abs(&self) -> Int {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// `~x` is `-(x + 1)`.
    pub fn invert(&self) -> Int {
        self.add(&Int::Small(1)).neg()
    }

    /// `a // b`: floors (CPython `long_div`, `l_divmod`).
    #[inline]
    pub fn floordiv(&self, o: &Int) -> PyResult<Int> {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if *b != 0 {
                if let Some(q) = a.checked_div(*b) {
                    let adjust = (a % b != 0) && ((*a < 0) != (*b < 0));
                    return Ok(Int::Small(if adjust { q - 1 } else { q }));
                }
            }
        }
        self.floordiv_slow(o)
    }

    #[cold]
    #[inline(never)]
    fn floordiv_slow(&self, o: &Int) -> PyResult<Int> {
        if o.is_zero() {
            return Err(PyError::zero_division("integer division or modulo by zero"));
        }
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(q) = a.checked_div(*b) {
                let adjust = (a % b != 0) && ((*a < 0) != (*b < 0));
                return Ok(Int::Small(if adjust { q - 1 } else { q }));
            }
        }
        Ok(Int::from_big(self.big().div_floor(&o.big())))
    }

    /// `a % b`: the sign of `b` (CPython 3.11 `long_mod`). Not `rem_euclid`:
    /// `7 % -2 == -1`.
    #[inline]
    pub fn modulo(&self, o: &Int) -> PyResult<Int> {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if *b != 0 {
                if let Some(r) = a.checked_rem(*b) {
                    let adjust = r != 0 && ((r < 0) != (*b < 0));
                    return Ok(Int::Small(if adjust { r + b } else { r }));
                }
            }
        }
        self.modulo_slow(o)
    }

    #[cold]
    #[inline(never)]
    fn modulo_slow(&self, o: &Int) -> PyResult<Int> {
        if o.is_zero() {
            return Err(PyError::zero_division("integer modulo by zero"));
        }
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_rem(*b) {
                let adjust = r != 0 && ((r < 0) != (*b < 0));
                return Ok(Int::Small(if adjust { r + b } else { r }));
            }
        }
        Ok(Int::from_big(self.big().mod_floor(&o.big())))
    }

    /// `divmod(a, b)` (CPython `long_divmod`: one message for both parts).
    pub fn divmod(&self, o: &Int) -> PyResult<(Int, Int)> {
        if o.is_zero() {
            return Err(PyError::zero_division("integer division or modulo by zero"));
        }
        Ok((self.floordiv(o)?, self.modulo(o)?))
    }

    /// `a / b`, correctly rounded (CPython `long_true_divide`); never
    /// `a as f64 / b as f64`, which double-rounds.
    pub fn truediv(&self, o: &Int) -> PyResult<f64> {
        if o.is_zero() {
            return Err(PyError::zero_division("division by zero"));
        }
        const EXACT: i64 = 1 << 53;
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if a.abs() <= EXACT && b.abs() <= EXACT {
                // Both exact in a double: one IEEE division rounds once.
                return Ok(*a as f64 / *b as f64);
            }
        }
        let negative = self.is_negative() != o.is_negative();
        let a = self.big().magnitude().clone();
        let b = o.big().magnitude().clone();
        if a.is_zero() {
            return Ok(if negative { -0.0 } else { 0.0 });
        }
        // Scale so the integer quotient has at least 55 bits; the remainder
        // becomes a sticky bit for round-half-even.
        let t: i64 = 55 - (a.bits() as i64 - b.bits() as i64);
        let (q, r) = if t >= 0 {
            (&a << (t as usize)).div_rem(&b)
        } else {
            a.div_rem(&(&b << ((-t) as usize)))
        };
        round_to_f64(&q, -t, !r.is_zero(), negative)
            .ok_or_else(|| PyError::overflow("integer division result too large for a float"))
    }

    /// `float(x)`: correctly rounded, half to even (CPython `PyLong_AsDouble`).
    #[inline]
    pub fn to_f64(&self) -> PyResult<f64> {
        if let Int::Small(v) = self {
            if v.unsigned_abs() <= 1 << 53 {
                return Ok(*v as f64);
            }
        }
        self.to_f64_slow()
    }

    #[cold]
    #[inline(never)]
    fn to_f64_slow(&self) -> PyResult<f64> {
        let b = self.big();
        round_to_f64(b.magnitude(), 0, false, b.is_negative())
            .ok_or_else(|| PyError::overflow("int too large to convert to float"))
    }

    /// `int(x)` for a float: truncates (CPython `PyLong_FromDouble`).
    pub fn from_f64(x: f64) -> PyResult<Int> {
        if x.is_nan() {
            return Err(PyError::value("cannot convert float NaN to integer"));
        }
        if x.is_infinite() {
            return Err(PyError::overflow(
                "cannot convert float infinity to integer",
            ));
        }
        let t = libm::trunc(x);
        // 2^63: every smaller integral float fits in i64.
        if t.abs() < 9_223_372_036_854_775_808.0 {
            return Ok(Int::Small(t as i64));
        }
        Ok(Int::from_big(
            BigInt::from_f64(t).expect("a finite integral float"),
        ))
    }

    /// `base ** exp` for a non-negative exponent (the classifier allows only
    /// non-negative literal exponents, so the result is always an int).
    pub fn pow(&self, exp: &Int) -> PyResult<Int> {
        if exp.is_negative() {
            return Err(PyError::value("negative exponent reached the int power"));
        }
        let e = match exp.as_i64().and_then(|e| u32::try_from(e).ok()) {
            Some(e) => e,
            None => {
                return match self {
                    Int::Small(0) | Int::Small(1) => Ok(self.clone()),
                    Int::Small(-1) => Ok(if exp.big().is_even() {
                        Int::Small(1)
                    } else {
                        Int::Small(-1)
                    }),
                    _ => Err(PyError::overflow("exponent too large")),
                }
            }
        };
        if let Int::Small(b) = self {
            if let Some(r) = b.checked_pow(e) {
                return Ok(Int::Small(r));
            }
        }
        let base = self.big();
        too_large_for_memory(base.bits().saturating_mul(e as u64))?;
        Ok(Int::from_big(num_traits::pow(base, e as usize)))
    }

    pub fn shl(&self, o: &Int) -> PyResult<Int> {
        let n = shift_count(o)?;
        if self.is_zero() {
            return Ok(Int::Small(0));
        }
        if let (Int::Small(a), true) = (self, n < 63) {
            if let Some(r) = a.checked_mul(1i64 << n) {
                return Ok(Int::Small(r));
            }
        }
        let big = self.big();
        too_large_for_memory(big.bits().saturating_add(n as u64))?;
        Ok(Int::from_big(big << n))
    }

    /// `>>` floors like Python (an arithmetic shift).
    pub fn shr(&self, o: &Int) -> PyResult<Int> {
        let n = shift_count(o)?;
        if let Int::Small(a) = self {
            return Ok(Int::Small(if n >= 64 {
                if *a < 0 {
                    -1
                } else {
                    0
                }
            } else {
                a >> n
            }));
        }
        Ok(Int::from_big(self.big() >> n))
    }

    pub fn bitand(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a & b),
            _ => Int::from_big(self.big() & o.big()),
        }
    }

    pub fn bitor(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a | b),
            _ => Int::from_big(self.big() | o.big()),
        }
    }

    pub fn bitxor(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a ^ b),
            _ => Int::from_big(self.big() ^ o.big()),
        }
    }

    /// Exact comparison with a float, as CPython's `float_richcompare` does
    /// (never by converting the int to a float). `None` when `x` is NaN.
    pub fn cmp_f64(&self, x: f64) -> Option<Ordering> {
        if x.is_nan() {
            return None;
        }
        if x.is_infinite() {
            return Some(if x > 0.0 {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        if let Int::Small(v) = self {
            if v.unsigned_abs() <= 1 << 53 {
                return (*v as f64).partial_cmp(&x);
            }
        }
        // x = ±m · 2^e exactly.
        let bits = x.to_bits();
        let exp_field = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (m, e) = if exp_field == 0 {
            (frac, -1074)
        } else {
            (frac | (1u64 << 52), exp_field - 1075)
        };
        let mut rhs = BigInt::from(m);
        if x < 0.0 {
            rhs = -rhs;
        }
        let lhs = self.big();
        Some(if e >= 0 {
            lhs.cmp(&(rhs << (e as usize)))
        } else {
            (lhs << ((-e) as usize)).cmp(&rhs)
        })
    }

    /// `str(x)`, refusing more digits than `max_digits` (0 = no limit) like
    /// CPython 3.11's `sys.set_int_max_str_digits` guard (the sign counts).
    pub fn to_str(&self, max_digits: i64) -> PyResult<String> {
        let text = self.to_string();
        if max_digits > 0 && text.len() as i64 > max_digits {
            return Err(PyError::value(&format!(
                "Exceeds the limit ({max_digits} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        Ok(text)
    }
}

impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Int::Small(v) => write!(f, "{v}"),
            Int::Big(b) => write!(f, "{b}"),
        }
    }
}

impl PartialOrd for Int {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Int {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            _ => self.big().cmp(&other.big()),
        }
    }
}

impl From<i64> for Int {
    fn from(v: i64) -> Int {
        Int::Small(v)
    }
}

/// `range(start, stop, step)` as a `for` loop walks it: the bounds are
/// evaluated once; a zero step is CPython's ValueError.
pub struct Range {
    next: Int,
    stop: Int,
    step: Int,
}

impl Range {
    pub fn new(start: Int, stop: Int, step: Int) -> PyResult<Range> {
        if step.is_zero() {
            return Err(zero_step());
        }
        Ok(Range {
            next: start,
            stop,
            step,
        })
    }
}

impl Iterator for Range {
    type Item = Int;

    #[inline]
    fn next(&mut self) -> Option<Int> {
        // The common case: everything fits in i64.
        if let (Int::Small(n), Int::Small(stop), Int::Small(step)) =
            (&self.next, &self.stop, &self.step)
        {
            let (n, stop, step) = (*n, *stop, *step);
            let more = if step < 0 { n > stop } else { n < stop };
            if !more {
                return None;
            }
            if let Some(following) = n.checked_add(step) {
                self.next = Int::Small(following);
                return Some(Int::Small(n));
            }
        }
        self.next_slow()
    }
}

impl Range {
    #[cold]
    #[inline(never)]
    fn next_slow(&mut self) -> Option<Int> {
        let more = if self.step.is_negative() {
            self.next > self.stop
        } else {
            self.next < self.stop
        };
        if !more {
            return None;
        }
        let step = self.step.clone();
        let following = self.next.add(&step);
        Some(std::mem::replace(&mut self.next, following))
    }
}

/// `range(…)` with a zero step (CPython's ValueError), for every range walk.
#[cold]
pub(crate) fn zero_step() -> PyError {
    PyError::value("range() arg 3 must not be zero")
}

/// CPython's `MemoryError` for a result no machine could hold: its
/// allocator fails and Python raises, where Rust's would abort the process.
/// Past 2^43 bits (a terabyte) every machine this runs on refuses; below,
/// both sides allocate alike.
fn too_large_for_memory(bits: u64) -> PyResult<()> {
    if bits > 1 << 43 {
        return Err(PyError::memory());
    }
    Ok(())
}

fn shift_count(o: &Int) -> PyResult<usize> {
    if o.is_negative() {
        return Err(PyError::value("negative shift count"));
    }
    o.as_i64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| PyError::overflow("too many digits in integer"))
}

/// The double nearest to `(mant + sticky·ε) · 2^exp2`, ties to even, with
/// subnormals; `None` when it overflows. `sticky` says bits below `mant` are
/// non-zero (they break ties upward).
pub(crate) fn round_to_f64(mant: &BigUint, exp2: i64, sticky: bool, negative: bool) -> Option<f64> {
    let sign = if negative { -1.0 } else { 1.0 };
    if mant.is_zero() {
        return Some(sign * 0.0);
    }
    let n = mant.bits() as i64;
    let top = exp2 + n - 1;
    if top > 1023 {
        return None;
    }
    // Bits of precision available at this magnitude (fewer for subnormals).
    let precision = if top >= -1022 { 53 } else { top + 1075 };
    let drop = n - precision;
    let (mut q, scale) = if drop <= 0 {
        (mant.clone(), exp2)
    } else {
        let d = drop as usize;
        let q = mant >> d;
        let rest = mant - (&q << d);
        let half = BigUint::one() << (d - 1);
        let up = match rest.cmp(&half) {
            Ordering::Greater => true,
            Ordering::Equal => sticky || q.bit(0),
            Ordering::Less => false,
        };
        (if up { q + 1u32 } else { q }, exp2 + drop)
    };
    if q.is_zero() {
        return Some(sign * 0.0);
    }
    let m = q.bits() as i64;
    let top = scale + m - 1;
    if top > 1023 {
        return None;
    }
    let bits = if top >= -1022 {
        // Normal: 53 significant bits (a carry to 54 leaves a zero low bit).
        if m > 53 {
            q >>= (m - 53) as usize;
        } else {
            q <<= (53 - m) as usize;
        }
        let q = q.to_u64().expect("53 bits");
        (((top + 1023) as u64) << 52) | (q & ((1u64 << 52) - 1))
    } else {
        // Subnormal: the value is q' · 2^-1074.
        let shift = scale + 1074;
        let q = if shift >= 0 {
            q << shift as usize
        } else {
            q >> (-shift) as usize
        };
        q.to_u64().expect("fewer than 53 bits")
    };
    let magnitude = f64::from_bits(bits);
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_modulo_follow_python() {
        let i = Int::from_i64;
        assert_eq!(i(7).modulo(&i(-2)).unwrap(), i(-1));
        assert_eq!(i(-7).floordiv(&i(2)).unwrap(), i(-4));
        assert_eq!(i(-5).modulo(&i(3)).unwrap(), i(1));
        assert_eq!(
            i(i64::MIN).floordiv(&i(-1)).unwrap().to_string(),
            "9223372036854775808"
        );
        assert_eq!(i(i64::MIN).modulo(&i(-1)).unwrap(), i(0));
        assert_eq!(
            i(1).floordiv(&i(0)).unwrap_err().message,
            "integer division or modulo by zero"
        );
        assert_eq!(
            i(1).modulo(&i(0)).unwrap_err().message,
            "integer modulo by zero"
        );
    }

    #[test]
    fn overflow_promotes_instead_of_wrapping() {
        let big = Int::from_i64(i64::MAX).add(&Int::from_i64(1));
        assert_eq!(big.to_string(), "9223372036854775808");
        assert!(matches!(big, Int::Big(_)));
        assert_eq!(big.sub(&Int::from_i64(1)), Int::Small(i64::MAX));
        assert_eq!(
            Int::from_i64(2)
                .pow(&Int::from_i64(100))
                .unwrap()
                .to_string(),
            "1267650600228229401496703205376"
        );
    }

    #[test]
    fn true_division_rounds_once() {
        let t = |a: &str, b: &str| Int::parse(a).truediv(&Int::parse(b)).unwrap();
        // Python: 2**60 + 1 over 3 (naive conversion double-rounds).
        assert_eq!(t("1152921504606846977", "3"), 3.843071682022823e17);
        assert_eq!(t("0", "-5").to_bits(), (-0.0f64).to_bits());
        assert_eq!(t("1", "3"), 1.0 / 3.0);
        assert!(Int::parse(&"9".repeat(400))
            .truediv(&Int::from_i64(1))
            .is_err());
        // Subnormal results.
        let tiny = Int::from_i64(1).truediv(&Int::from_i64(2).pow(&Int::from_i64(1074)).unwrap());
        assert_eq!(tiny.unwrap(), 5e-324);
    }

    #[test]
    fn exact_comparison_with_floats() {
        let two53_plus_1 = Int::parse("9007199254740993");
        assert_eq!(
            two53_plus_1.cmp_f64(9007199254740992.0),
            Some(Ordering::Greater)
        );
        assert_eq!(Int::from_i64(1).cmp_f64(f64::NAN), None);
        assert_eq!(
            Int::parse(&"9".repeat(400)).cmp_f64(f64::INFINITY),
            Some(Ordering::Less)
        );
        assert_eq!(Int::from_i64(-3).cmp_f64(-2.5), Some(Ordering::Less));
    }
}
