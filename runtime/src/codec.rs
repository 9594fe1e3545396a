//! The canonical boundary codec: one value, one byte string.
//!
//! Values crossing the Rust↔Python boundary are [`Value`]s. Their canonical
//! encoding (specified in `runtime/CODEC.md`) is what gets hashed and compared,
//! so it must be a function of the value alone: floats travel as IEEE-754 bits
//! (every NaN folded to one quiet NaN, `-0.0` kept), ints of any size as minimal
//! two's complement, sets in the byte order of their elements' encodings.
//! Decoding accepts exactly the canonical form and rejects everything else
//! with a [`DecodeError`]; it never panics and never allocates more than the
//! input can justify.

use sha2::{Digest, Sha256};
use std::fmt;

/// The one NaN the codec emits: the positive quiet NaN with an empty payload.
pub const CANONICAL_NAN_BITS: u64 = 0x7ff8_0000_0000_0000;

/// Nesting deeper than this is refused (decode and Python conversion alike),
/// so hostile input cannot overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// Type tags of the canonical encoding (see `CODEC.md`).
mod tag {
    pub const NONE: u8 = 0x00;
    pub const FALSE: u8 = 0x01;
    pub const TRUE: u8 = 0x02;
    pub const INT: u8 = 0x03;
    pub const FLOAT: u8 = 0x04;
    pub const STR: u8 = 0x05;
    pub const BYTES: u8 = 0x06;
    pub const LIST: u8 = 0x07;
    pub const TUPLE: u8 = 0x08;
    pub const DICT: u8 = 0x09;
    pub const SET: u8 = 0x0a;
    pub const FROZENSET: u8 = 0x0b;
}

/// A value that can cross the boundary.
///
/// Equality is equality of canonical encodings: all NaNs are equal, `0.0` and
/// `-0.0` differ, and sets compare as sets whatever order they were built in.
#[derive(Debug, Clone)]
pub enum Value {
    None,
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// An int that does not fit in 64 bits.
    BigInt(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    /// Pairs in insertion order.
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
}

/// An integer outside the `i64` range, as minimal little-endian two's complement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInt(Vec<u8>);

impl BigInt {
    /// The little-endian two's-complement bytes (minimal, never fitting an `i64`).
    pub fn as_le_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Decimal digits, with a leading `-` for negatives (for display only).
    pub fn to_decimal(&self) -> String {
        let negative = self.0.last().is_some_and(|b| b & 0x80 != 0);
        // Magnitude as little-endian base-2^32 limbs.
        let mut bytes = self.0.clone();
        if negative {
            twos_complement_negate(&mut bytes);
        }
        let mut limbs: Vec<u32> = bytes
            .chunks(4)
            .map(|c| {
                c.iter()
                    .rev()
                    .fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
            })
            .collect();
        let mut digits = Vec::new();
        while limbs.iter().any(|l| *l != 0) {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 32) | u64::from(*limb);
                *limb = (cur / 1_000_000_000) as u32;
                rem = cur % 1_000_000_000;
            }
            digits.push(rem as u32);
        }
        let mut out = String::from(if negative { "-" } else { "" });
        if let Some((last, rest)) = digits.split_last() {
            out.push_str(&last.to_string());
            for d in rest.iter().rev() {
                out.push_str(&format!("{d:09}"));
            }
        }
        out
    }
}

fn twos_complement_negate(bytes: &mut [u8]) {
    let mut carry = true;
    for b in bytes.iter_mut() {
        let (v, c) = (!*b).overflowing_add(u8::from(carry));
        *b = v;
        carry = c;
    }
}

/// Builds an int from little-endian two's-complement bytes of any length,
/// choosing the `i64` form whenever the value fits (the canonical choice).
pub fn int_from_le_bytes(bytes: &[u8]) -> Value {
    let minimal = minimal_twos_complement(bytes);
    if minimal.len() <= 8 {
        let fill = if minimal.last().is_some_and(|b| b & 0x80 != 0) {
            0xff
        } else {
            0
        };
        let mut buf = [fill; 8];
        buf[..minimal.len()].copy_from_slice(minimal);
        Value::Int(i64::from_le_bytes(buf))
    } else {
        Value::BigInt(BigInt(minimal.to_vec()))
    }
}

/// Strips redundant sign-extension bytes; zero becomes the empty slice.
fn minimal_twos_complement(bytes: &[u8]) -> &[u8] {
    let mut len = bytes.len();
    while len > 0 {
        let last = bytes[len - 1];
        let prev_sign = if len >= 2 { bytes[len - 2] & 0x80 } else { 0 };
        let redundant =
            (last == 0x00 && prev_sign == 0) || (last == 0xff && len >= 2 && prev_sign != 0);
        if redundant {
            len -= 1;
        } else {
            break;
        }
    }
    &bytes[..len]
}

fn int_le_bytes(v: i64) -> Vec<u8> {
    minimal_twos_complement(&v.to_le_bytes()).to_vec()
}

/// Folds every NaN to [`CANONICAL_NAN_BITS`]; all other floats keep their bits.
pub fn canonical_float_bits(x: f64) -> u64 {
    if x.is_nan() {
        CANONICAL_NAN_BITS
    } else {
        x.to_bits()
    }
}

impl Value {
    /// The canonical bytes of this value.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    /// Appends the canonical bytes of this value to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Value::None => out.push(tag::NONE),
            Value::Bool(false) => out.push(tag::FALSE),
            Value::Bool(true) => out.push(tag::TRUE),
            Value::Int(v) => {
                let bytes = int_le_bytes(*v);
                out.push(tag::INT);
                write_len(out, bytes.len());
                out.extend_from_slice(&bytes);
            }
            Value::BigInt(b) => {
                out.push(tag::INT);
                write_len(out, b.0.len());
                out.extend_from_slice(&b.0);
            }
            Value::Float(x) => {
                out.push(tag::FLOAT);
                out.extend_from_slice(&canonical_float_bits(*x).to_be_bytes());
            }
            Value::Str(s) => {
                out.push(tag::STR);
                write_len(out, s.len());
                out.extend_from_slice(s.as_bytes());
            }
            Value::Bytes(b) => {
                out.push(tag::BYTES);
                write_len(out, b.len());
                out.extend_from_slice(b);
            }
            Value::List(items) => encode_seq(out, tag::LIST, items),
            Value::Tuple(items) => encode_seq(out, tag::TUPLE, items),
            Value::Dict(pairs) => {
                out.push(tag::DICT);
                write_len(out, pairs.len());
                for (k, v) in pairs {
                    k.encode_into(out);
                    v.encode_into(out);
                }
            }
            Value::Set(items) => encode_set(out, tag::SET, items),
            Value::FrozenSet(items) => encode_set(out, tag::FROZENSET, items),
        }
    }

    /// SHA-256 of the canonical bytes.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.encode()).into()
    }

    /// [`Value::digest`] as lowercase hex.
    pub fn digest_hex(&self) -> String {
        hex(&self.digest())
    }

    /// Decodes exactly one canonical value that spans all of `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<Value, DecodeError> {
        let mut reader = Reader { bytes, pos: 0 };
        let value = reader.value(0)?;
        if reader.pos != bytes.len() {
            return Err(reader.error(DecodeErrorKind::TrailingBytes));
        }
        Ok(value)
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.encode() == other.encode()
    }
}
impl Eq for Value {}

fn encode_seq(out: &mut Vec<u8>, t: u8, items: &[Value]) {
    out.push(t);
    write_len(out, items.len());
    for item in items {
        item.encode_into(out);
    }
}

fn encode_set(out: &mut Vec<u8>, t: u8, items: &[Value]) {
    let mut encoded: Vec<Vec<u8>> = items.iter().map(Value::encode).collect();
    encoded.sort();
    encoded.dedup();
    out.push(t);
    write_len(out, encoded.len());
    for e in encoded {
        out.extend_from_slice(&e);
    }
}

/// Unsigned LEB128, minimal.
fn write_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a byte string is not a canonical value, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset at which decoding stopped.
    pub offset: usize,
    pub kind: DecodeErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeErrorKind {
    UnexpectedEnd,
    UnknownTag(u8),
    NonMinimalLength,
    LengthOverflow,
    NonMinimalInt,
    NonCanonicalNan,
    InvalidUtf8,
    SetNotCanonical,
    DuplicateDictKey,
    TooDeep,
    TrailingBytes,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            DecodeErrorKind::UnexpectedEnd => "input ends inside a value".to_string(),
            DecodeErrorKind::UnknownTag(t) => format!("unknown type tag 0x{t:02x}"),
            DecodeErrorKind::NonMinimalLength => "length is not minimal LEB128".to_string(),
            DecodeErrorKind::LengthOverflow => "length exceeds the remaining input".to_string(),
            DecodeErrorKind::NonMinimalInt => "int is not minimal two's complement".to_string(),
            DecodeErrorKind::NonCanonicalNan => "NaN with non-canonical bits".to_string(),
            DecodeErrorKind::InvalidUtf8 => "str is not valid UTF-8".to_string(),
            DecodeErrorKind::SetNotCanonical => {
                "set elements are not in strictly increasing byte order".to_string()
            }
            DecodeErrorKind::DuplicateDictKey => "dict repeats a key".to_string(),
            DecodeErrorKind::TooDeep => format!("nesting deeper than {MAX_DEPTH}"),
            DecodeErrorKind::TrailingBytes => "bytes after the end of the value".to_string(),
        };
        write!(f, "not a canonical value at byte {}: {what}", self.offset)
    }
}

impl std::error::Error for DecodeError {}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.pos,
            kind,
        }
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.error(DecodeErrorKind::UnexpectedEnd))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        if self.bytes.len() - self.pos < n {
            return Err(self.error(DecodeErrorKind::LengthOverflow));
        }
        let slice = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    /// A LEB128 length, which can never exceed the bytes left (each counted
    /// byte or element needs at least one byte), so allocation stays bounded.
    fn len(&mut self) -> Result<usize, DecodeError> {
        let start = self.pos;
        let mut n: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift >= 63 && (b & 0x7f) > 1 {
                return Err(DecodeError {
                    offset: start,
                    kind: DecodeErrorKind::LengthOverflow,
                });
            }
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                if b == 0 && shift > 0 {
                    return Err(DecodeError {
                        offset: start,
                        kind: DecodeErrorKind::NonMinimalLength,
                    });
                }
                break;
            }
            shift += 7;
            if shift > 63 {
                return Err(DecodeError {
                    offset: start,
                    kind: DecodeErrorKind::LengthOverflow,
                });
            }
        }
        let remaining = (self.bytes.len() - self.pos) as u64;
        if n > remaining {
            return Err(DecodeError {
                offset: start,
                kind: DecodeErrorKind::LengthOverflow,
            });
        }
        Ok(n as usize)
    }

    fn value(&mut self, depth: usize) -> Result<Value, DecodeError> {
        if depth > MAX_DEPTH {
            return Err(self.error(DecodeErrorKind::TooDeep));
        }
        let start = self.pos;
        let t = self.byte()?;
        Ok(match t {
            tag::NONE => Value::None,
            tag::FALSE => Value::Bool(false),
            tag::TRUE => Value::Bool(true),
            tag::INT => {
                let n = self.len()?;
                let bytes = self.take(n)?;
                if minimal_twos_complement(bytes).len() != bytes.len() {
                    return Err(DecodeError {
                        offset: start,
                        kind: DecodeErrorKind::NonMinimalInt,
                    });
                }
                int_from_le_bytes(bytes)
            }
            tag::FLOAT => {
                let raw = self.take(8)?;
                let bits = u64::from_be_bytes(raw.try_into().expect("took 8 bytes"));
                let x = f64::from_bits(bits);
                if x.is_nan() && bits != CANONICAL_NAN_BITS {
                    return Err(DecodeError {
                        offset: start,
                        kind: DecodeErrorKind::NonCanonicalNan,
                    });
                }
                Value::Float(x)
            }
            tag::STR => {
                let n = self.len()?;
                let raw = self.take(n)?;
                let s = std::str::from_utf8(raw).map_err(|_| DecodeError {
                    offset: start,
                    kind: DecodeErrorKind::InvalidUtf8,
                })?;
                Value::Str(s.to_owned())
            }
            tag::BYTES => {
                let n = self.len()?;
                Value::Bytes(self.take(n)?.to_vec())
            }
            tag::LIST => Value::List(self.seq(depth)?),
            tag::TUPLE => Value::Tuple(self.seq(depth)?),
            tag::DICT => {
                let n = self.len()?;
                let mut pairs = Vec::with_capacity(n);
                let mut seen = std::collections::HashSet::with_capacity(n);
                for _ in 0..n {
                    let key_start = self.pos;
                    let k = self.value(depth + 1)?;
                    if !seen.insert(&self.bytes[key_start..self.pos]) {
                        return Err(DecodeError {
                            offset: key_start,
                            kind: DecodeErrorKind::DuplicateDictKey,
                        });
                    }
                    let v = self.value(depth + 1)?;
                    pairs.push((k, v));
                }
                Value::Dict(pairs)
            }
            tag::SET => Value::Set(self.set(depth)?),
            tag::FROZENSET => Value::FrozenSet(self.set(depth)?),
            other => {
                return Err(DecodeError {
                    offset: start,
                    kind: DecodeErrorKind::UnknownTag(other),
                })
            }
        })
    }

    fn seq(&mut self, depth: usize) -> Result<Vec<Value>, DecodeError> {
        let n = self.len()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.value(depth + 1)?);
        }
        Ok(items)
    }

    fn set(&mut self, depth: usize) -> Result<Vec<Value>, DecodeError> {
        let n = self.len()?;
        let mut items = Vec::with_capacity(n);
        let mut previous: Option<&[u8]> = None;
        for _ in 0..n {
            let item_start = self.pos;
            items.push(self.value(depth + 1)?);
            let encoded = &self.bytes[item_start..self.pos];
            if previous.is_some_and(|p| p >= encoded) {
                return Err(DecodeError {
                    offset: item_start,
                    kind: DecodeErrorKind::SetNotCanonical,
                });
            }
            previous = Some(encoded);
        }
        Ok(items)
    }
}

impl fmt::Display for Value {
    /// A Python-like rendering, for messages and sample output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn join(f: &mut fmt::Formatter<'_>, items: &[Value]) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(v) => write!(f, "{v}"),
            Value::BigInt(b) => write!(f, "{}", b.to_decimal()),
            Value::Float(x) => write!(f, "float.fromhex('{}')", float_hex(*x)),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Bytes(b) => write!(f, "bytes.fromhex('{}')", hex(b)),
            Value::List(items) => {
                write!(f, "[")?;
                join(f, items)?;
                write!(f, "]")
            }
            Value::Tuple(items) => {
                write!(f, "(")?;
                join(f, items)?;
                write!(f, "{})", if items.len() == 1 { "," } else { "" })
            }
            Value::Dict(pairs) => {
                write!(f, "{{")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                write!(f, "}}")
            }
            Value::Set(items) | Value::FrozenSet(items) => {
                write!(
                    f,
                    "{}({{",
                    if matches!(self, Value::Set(_)) {
                        "set"
                    } else {
                        "frozenset"
                    }
                )?;
                join(f, items)?;
                write!(f, "}})")
            }
        }
    }
}

/// The exact hexadecimal form of a float, as Python's `float.hex()` prints it.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = bits & ((1u64 << 52) - 1);
    if exp == 0 && mantissa == 0 {
        return format!("{sign}0x0.0p+0");
    }
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    // Python always prints all 13 fraction digits (only zero is `0x0.0p+0`).
    format!(
        "{sign}0x{lead}.{mantissa:013x}p{}{}",
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(v: &Value) -> Value {
        Value::decode(&v.encode()).unwrap()
    }

    #[test]
    fn ints_are_minimal_and_choose_the_small_form() {
        assert_eq!(Value::Int(0).encode(), vec![tag::INT, 0]);
        assert_eq!(Value::Int(-1).encode(), vec![tag::INT, 1, 0xff]);
        assert_eq!(Value::Int(127).encode(), vec![tag::INT, 1, 0x7f]);
        assert_eq!(Value::Int(128).encode(), vec![tag::INT, 2, 0x80, 0x00]);
        assert_eq!(Value::Int(-128).encode(), vec![tag::INT, 1, 0x80]);
        assert!(matches!(
            roundtrip(&Value::Int(i64::MIN)),
            Value::Int(i64::MIN)
        ));
        let big = int_from_le_bytes(&[0, 0, 0, 0, 0, 0, 0, 0x80, 0]); // 2**63
        assert!(matches!(big, Value::BigInt(_)));
        if let Value::BigInt(b) = &big {
            assert_eq!(b.to_decimal(), "9223372036854775808");
        }
        assert_eq!(roundtrip(&big), big);
    }

    #[test]
    fn floats_keep_signed_zero_and_fold_nan() {
        assert_ne!(Value::Float(0.0), Value::Float(-0.0));
        let odd_nan = f64::from_bits(0xfff8_0000_0000_0001);
        assert_eq!(
            Value::Float(odd_nan).encode(),
            Value::Float(f64::NAN).encode()
        );
        assert_eq!(
            &Value::Float(odd_nan).encode()[1..],
            &CANONICAL_NAN_BITS.to_be_bytes()
        );
        let mut bad = Value::Float(1.0).encode();
        bad[1..].copy_from_slice(&0xfff8_0000_0000_0000u64.to_be_bytes());
        assert_eq!(
            Value::decode(&bad).unwrap_err().kind,
            DecodeErrorKind::NonCanonicalNan
        );
    }

    #[test]
    fn sets_are_order_independent_and_strict_on_decode() {
        let a = Value::Set(vec![Value::Int(2), Value::Int(1), Value::Str("x".into())]);
        let b = Value::Set(vec![Value::Str("x".into()), Value::Int(1), Value::Int(2)]);
        assert_eq!(a.encode(), b.encode());
        // Swap the two elements of a canonical two-element set: must be refused.
        let mut bytes = Value::Set(vec![Value::Int(1), Value::Int(2)]).encode();
        bytes.swap(4, 7);
        assert_eq!(
            Value::decode(&bytes).unwrap_err().kind,
            DecodeErrorKind::SetNotCanonical
        );
    }

    #[test]
    fn malformed_inputs_are_errors_with_offsets() {
        let cases: &[(&[u8], DecodeErrorKind)] = &[
            (&[], DecodeErrorKind::UnexpectedEnd),
            (&[0x42], DecodeErrorKind::UnknownTag(0x42)),
            (&[tag::INT, 1, 0x00], DecodeErrorKind::NonMinimalInt),
            (&[tag::INT, 2, 0x01, 0x00], DecodeErrorKind::NonMinimalInt),
            (&[tag::STR, 0x80, 0x00], DecodeErrorKind::NonMinimalLength),
            (&[tag::STR, 5, b'a'], DecodeErrorKind::LengthOverflow),
            (&[tag::STR, 1, 0xff], DecodeErrorKind::InvalidUtf8),
            (&[tag::NONE, tag::NONE], DecodeErrorKind::TrailingBytes),
            (
                &[tag::DICT, 2, tag::NONE, tag::NONE, tag::NONE, tag::NONE],
                DecodeErrorKind::DuplicateDictKey,
            ),
            (
                &[tag::LIST, 0xff, 0xff, 0xff, 0xff, 0x0f],
                DecodeErrorKind::LengthOverflow,
            ),
        ];
        for (bytes, kind) in cases {
            assert_eq!(&Value::decode(bytes).unwrap_err().kind, kind, "{bytes:?}");
        }
        let deep: Vec<u8> = std::iter::repeat_n([tag::LIST, 1], MAX_DEPTH + 2)
            .flatten()
            .collect();
        assert_eq!(
            Value::decode(&deep).unwrap_err().kind,
            DecodeErrorKind::TooDeep
        );
    }

    #[test]
    fn float_hex_matches_python() {
        assert_eq!(float_hex(1.0), "0x1.0000000000000p+0");
        assert_eq!(float_hex(0.5), "0x1.0000000000000p-1");
        assert_eq!(float_hex(-0.0), "-0x0.0p+0");
        assert_eq!(float_hex(0.1), "0x1.999999999999ap-4");
        assert_eq!(float_hex(5e-324), "0x0.0000000000001p-1022");
    }

    #[test]
    fn examples_in_codec_md_hold() {
        assert_eq!(Value::None.encode(), [0x00]);
        assert_eq!(Value::Int(-1).encode(), [0x03, 0x01, 0xff]);
        assert_eq!(Value::Int(128).encode(), [0x03, 0x02, 0x80, 0x00]);
        assert_eq!(Value::Str("é".into()).encode(), [0x05, 0x02, 0xc3, 0xa9]);
        let set = Value::Set(vec![Value::Int(2), Value::Int(1)]);
        assert_eq!(
            set.encode(),
            [0x0a, 0x02, 0x03, 0x01, 0x01, 0x03, 0x01, 0x02]
        );
    }

    #[test]
    fn digest_is_sha256_of_the_encoding() {
        // sha256(b"\x00") — the encoding of None.
        assert_eq!(
            Value::None.digest_hex(),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
    }
}
