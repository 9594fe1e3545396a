//! `hybrid`: runs the built-in hybrid samples and whole Python programs in the
//! deterministic isolate (CPython in the Pro tier, RustPython in the Light tier).
//!
//! Exit codes: the program's own status for `run`/`exec` (0 on success, 1 for an
//! uncaught Python exception, the `SystemExit` code otherwise), 2 for a usage
//! error (unknown command or sample, unreadable file), 70 when the isolate
//! cannot start.

mod corpus;
mod kit;

use runtime::{Isolate, IsolateError};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "\
usage: hybrid list [--toml]          list the built-in samples
       hybrid run <sample>           run a built-in hybrid sample
       hybrid reference <sample>     print a sample's pure-Python reference program
       hybrid exec <file.py> [args]  run a Python program in the isolate
       hybrid version                print the runtime's pinned versions";

fn main() -> ExitCode {
    runtime::run_main(hybrid_main)
}

fn hybrid_main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let status = match args.first().map(String::as_str) {
        Some("list") => list(args.get(1).map(String::as_str) == Some("--toml")),
        Some("reference") => with_sample(args.get(1), |s| {
            print!("{}", s.reference);
            0
        }),
        Some("run") => with_sample(args.get(1), |s| {
            in_isolate(|isolate| (s.run)(isolate).map(|()| 0))
        }),
        Some("exec") => match args.get(1) {
            Some(file) => exec(Path::new(file), &args[2..]),
            None => usage_error("exec needs a Python file"),
        },
        Some("version") => in_isolate(|isolate| {
            println!("python {} ({})", isolate.python_version(), runtime::ENGINE);
            println!("libm {} ({})", runtime::math::LIBM_VERSION, libm_binding());
            println!(
                "libc text {} ({})",
                runtime::libc_text::TEXT_ORIGIN,
                if runtime::math::interpreter_uses_pinned_libm() {
                    "pinned: the interpreter's strerror, strsignal, gai_strerror, hstrerror bound to it"
                } else {
                    "system: the interpreter uses the platform C library's words"
                }
            );
            println!(
                "stdlib {}",
                if runtime::stdlib::is_embedded() {
                    "embedded"
                } else {
                    "on disk"
                }
            );
            Ok(0)
        }),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            0
        }
        Some(other) => usage_error(&format!("unknown command '{other}'")),
        None => usage_error("no command given"),
    };
    let _ = std::io::stdout().flush();
    ExitCode::from(u8::try_from(status & 0xff).unwrap_or(1))
}

fn libm_binding() -> &'static str {
    if runtime::math::interpreter_uses_pinned_libm() {
        "pinned: the interpreter's float functions bound to it"
    } else {
        "system: the interpreter uses the platform libm"
    }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("hybrid: {message}\n{USAGE}");
    2
}

/// Lists samples: names only, or every `sample.toml` as one TOML document of tables.
fn list(as_toml: bool) -> i32 {
    for sample in corpus::SAMPLES {
        if as_toml {
            println!("[{}]\n{}", sample.name, sample.metadata.trim_end());
        } else {
            println!("{}", sample.name);
        }
    }
    0
}

fn with_sample(name: Option<&String>, f: impl FnOnce(&'static corpus::Sample) -> i32) -> i32 {
    let Some(name) = name else {
        return usage_error("name a sample (see `hybrid list`)");
    };
    match corpus::find(name) {
        Some(sample) => f(sample),
        None => {
            let known: Vec<&str> = corpus::SAMPLES.iter().map(|s| s.name).collect();
            eprintln!(
                "hybrid: no sample named '{name}'; known samples: {}",
                known.join(", ")
            );
            2
        }
    }
}

fn exec(path: &Path, args: &[String]) -> i32 {
    if !path.is_file() {
        eprintln!("hybrid: can't open file '{}': no such file", path.display());
        return 2;
    }
    in_isolate(|isolate| isolate.exec_file(path, args))
}

/// Starts the isolate, runs `f`, reports its error the way Python would, and
/// finalises (which runs `atexit` and flushes, as CPython does on exit).
fn in_isolate(f: impl FnOnce(Isolate) -> Result<i32, IsolateError>) -> i32 {
    let isolate = match Isolate::get_or_start() {
        Ok(isolate) => isolate,
        Err(e) => {
            eprintln!("hybrid: {e}");
            return 70;
        }
    };
    let status = match f(isolate) {
        Ok(status) => status,
        Err(IsolateError::Io { path, reason }) => {
            eprintln!("hybrid: can't open file '{path}': {reason}");
            2
        }
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("{e}");
            1
        }
    };
    let _ = std::io::stdout().flush();
    match isolate.finalize() {
        0 => status,
        flush_failed => flush_failed,
    }
}
