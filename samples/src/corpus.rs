//! The built-in samples, discovered from `samples/corpus/` at build time.

use runtime::{Isolate, IsolateError};

/// One hybrid sample: its Rust static part plus what describes it.
pub struct Sample {
    pub name: &'static str,
    /// The sample's `sample.toml`.
    pub metadata: &'static str,
    /// The pure-Python program that must print exactly what `run` prints.
    pub reference: &'static str,
    /// Runs the static Rust part, which drives the Python fragments.
    pub run: fn(Isolate) -> Result<(), IsolateError>,
}

/// A fragment file next to the sample's `static.rs`, named in tracebacks by its path.
#[macro_export]
macro_rules! fragment {
    ($file:literal) => {
        runtime::Fragment {
            name: concat!(module_path!(), "/", $file),
            source: include_str!($file),
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

/// The sample called `name`.
pub fn find(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name == name)
}
