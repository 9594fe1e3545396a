//! `hybrid-partitioned`: one automatically partitioned program. Its static
//! functions are generated Rust (`static.rs`), bound under their names when
//! the program's `def`s run; everything else runs as Python in the isolate.
//!
//! `hybrid-partitioned [ARGS…]` runs the program like `python3.11 -S prog.py
//! ARGS…`. `hybrid-partitioned --differential N [SEED]` instead checks every
//! static function against the original Python function on N random
//! argument tuples of its signature (edge values included).

mod differential;

#[allow(
    clippy::all,
    unused_imports,
    unused_mut,
    unused_variables,
    unused_parens,
    unreachable_code,
    unused_assignments
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/static.rs"));
}

use runtime::Isolate;
use std::process::ExitCode;

const PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/program.py"));
const NAME: &str = include_str!(concat!(env!("OUT_DIR"), "/name.txt"));

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let isolate = match Isolate::get_or_start() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("hybrid-partitioned: {e}");
            return ExitCode::from(2);
        }
    };
    let code = if args.first().map(String::as_str) == Some("--differential") {
        let cases = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
        let seed = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1);
        differential::run(PROGRAM, NAME, generated::STATIC_FUNCTIONS, cases, seed)
    } else {
        match isolate.exec_partitioned(PROGRAM, NAME, &args, generated::STATIC_FUNCTIONS) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("hybrid-partitioned: {e}");
                2
            }
        }
    };
    let flush = isolate.finalize();
    ExitCode::from((if code == 0 { flush } else { code }) as u8)
}
