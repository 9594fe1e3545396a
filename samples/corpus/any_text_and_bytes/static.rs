//! Static: UTF-8 byte/char counts, Adler-32 and a rolling XOR mask over the
//! words' bytes (byte arithmetic). Dynamic: Unicode case folding, normalisation
//! and codecs, which Python's unicodedata tables define.

use crate::kit::{self, texts};
use runtime::codec::hex;
use runtime::{Isolate, IsolateError, Value};

const WORDS: [&str; 10] = [
    "naïve",
    "Straße",
    "Ελληνικά",
    "日本語テキスト",
    "crab 🦀 snake 🐍",
    "e\u{301}te\u{301}",
    "עברית",
    "ǅemal",
    "ﬁnance",
    "İstanbul",
];

fn adler32(bytes: &[u8]) -> i64 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in bytes {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    i64::from((b << 16) | a)
}

/// XORs each byte with a key that walks a linear congruential sequence.
fn mask(bytes: &[u8], seed: u8) -> Vec<u8> {
    let mut key = seed;
    bytes
        .iter()
        .map(|b| {
            key = key.wrapping_mul(73).wrapping_add(41);
            b ^ key
        })
        .collect()
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    for w in WORDS {
        println!("{w}: {} chars, {} bytes, adler32 {:08x}", w.chars().count(), w.len(), adler32(w.as_bytes()));
    }
    let masked =
        Value::List(WORDS.iter().enumerate().map(|(i, w)| Value::Bytes(mask(w.as_bytes(), i as u8))).collect());
    let sums = kit::ints(WORDS.iter().map(|w| adler32(w.as_bytes())));
    let mut out = isolate.run(
        &crate::fragment!("unicode.py"),
        &[("words", texts(WORDS)), ("masked", masked), ("sums", sums)],
        &["folded", "encoded", "spectrum"],
    )?;
    for (word, folded) in kit::take_dict(&mut out, "folded")? {
        println!("fold {} -> {}", kit::str_of(&word, "folded key")?, kit::str_of(&folded, "folded value")?);
    }
    let encoded = Value::List(kit::take_seq(&mut out, "encoded")?);
    println!("encoded digest {}", encoded.digest_hex());
    let Value::Bytes(spectrum) = out.take("spectrum") else {
        return Err(IsolateError::Convert { name: "spectrum".into(), reason: "expected bytes".into() });
    };
    println!("spectrum {} bytes, head {}, adler32 {:08x}", spectrum.len(), hex(&spectrum[..16]), adler32(&spectrum));
    Ok(())
}
