//! Static: tokenising the text into sentences, words and bigrams (string
//! scanning). Dynamic: set algebra and hash-ordered iteration, whose order is
//! CPython's (string hashes with seed 0), so it must run in the isolate.

use crate::kit::{self, text};
use runtime::{Isolate, IsolateError, Value};

const TEXT: &str = "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs. \
    A lazy afternoon: brown leaves fall over the quiet river. Quick rivers run over brown stones, tones and notes.";

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Set(_) => "set",
        Value::FrozenSet(_) => "frozenset",
        Value::Tuple(_) => "tuple",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        _ => "scalar",
    }
}

pub fn run(isolate: Isolate) -> Result<(), IsolateError> {
    let sentences: Vec<Vec<String>> = TEXT
        .split('.')
        .map(|s| {
            s.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect();
    let word_sets =
        Value::List(sentences.iter().map(|ws| Value::Set(ws.iter().map(|w| text(w.as_str())).collect())).collect());
    let bigrams = Value::List(
        sentences
            .iter()
            .flat_map(|ws| ws.windows(2).map(|p| Value::Tuple(vec![text(p[0].as_str()), text(p[1].as_str())])))
            .collect(),
    );
    let counts = Value::Tuple(sentences.iter().map(|ws| Value::Int(ws.len() as i64)).collect());
    println!("{} sentences, words per sentence {counts}", sentences.len());
    println!("word sets digest {}", word_sets.digest_hex());

    let mut out = isolate.run(
        &crate::fragment!("algebra.py"),
        &[("word_sets", word_sets), ("bigrams", bigrams), ("counts", counts)],
        &["common", "vocabulary", "by_pair", "shapes"],
    )?;
    for name in ["common", "vocabulary", "by_pair", "shapes"] {
        let v = out.take(name);
        let size = match &v {
            Value::Set(xs) | Value::FrozenSet(xs) | Value::Tuple(xs) | Value::List(xs) => xs.len(),
            Value::Dict(pairs) => pairs.len(),
            _ => 1,
        };
        println!("{name}: {} of {size}, digest {}", kind(&v), v.digest_hex());
        if let Value::Set(xs) | Value::FrozenSet(xs) = &v {
            let words: Result<Vec<&str>, _> = xs.iter().map(|x| kit::str_of(x, name)).collect();
            println!("  canonical order: {}", words?.join(" "));
        }
        if let Value::List(xs) = &v {
            let kinds: Vec<&str> = xs.iter().map(kind).collect();
            println!("  item types: {}", kinds.join(" "));
        }
    }
    Ok(())
}
