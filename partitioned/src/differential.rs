//! Differential testing of the generated code against CPython itself.
//!
//! For every static function: random argument tuples of its signature (edge
//! values first: 0, ±1, ±2^63, huge ints, -0.0, NaN, ±inf, subnormals, empty
//! and non-ASCII strings…), each passed to the original Python function (the
//! program's own `def`, compiled by the isolate) and to the generated Rust.
//! Results must match in type and `repr`; exceptions in type and message. A
//! case the original does not finish within a line budget (a loop over
//! `range(2**63)`) is skipped and counted, never compared.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use runtime::pyexact::boundary::Static;
use std::ffi::CString;

/// Python's side: the original functions, and a budgeted call.
const HELPERS: &str = r#"
import sys

class _Budget(Exception):
    pass

def originals(source, filename, names):
    import ast
    tree = ast.parse(source, filename)
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            keep.append(node)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            keep.append(node)
        elif isinstance(node, ast.FunctionDef) and node.name in names:
            keep.append(node)
    module = ast.Module(body=keep, type_ignores=[])
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    exec(compile(module, filename, "exec"), namespace)
    return namespace

def show(value):
    # repr, except ints in hex: repr refuses ints over 4300 digits.
    if type(value) is int:
        return hex(value)
    if type(value) in (list, tuple):
        return type(value).__name__ + "(" + ", ".join(show(v) for v in value) + ")"
    return repr(value)

def outcome(value):
    return ("ok", type(value).__name__, show(value))

def budgeted(f, args, budget):
    count = 0
    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        if count > budget:
            raise _Budget
        return tracer
    sys.settrace(tracer)
    try:
        return outcome(f(*args))
    except _Budget:
        return ("budget", "", "")
    except Exception as e:
        return ("exc", type(e).__name__, str(e))
    finally:
        sys.settrace(None)
"#;

/// A small deterministic generator (splitmix64): same seed, same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// No edge between 2**10 and 2**16, nor between 2**20 and 2**40: `[x] * n`
// (or `n * n`) would make both sides allocate gigabytes; larger sizes fail at
// once with MemoryError on both.
const INT_EDGES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "-2",
    "3",
    "7",
    "-7",
    "10",
    "255",
    "-256",
    "65536",
    "2**40",
    "-2**31",
    "2**53",
    "2**53+1",
    "-(2**53+1)",
    "2**62",
    "2**63-1",
    "-2**63",
    "2**63",
    "-2**63-1",
    "2**64",
    "10**30",
    "-10**40",
    "3**100",
];

const FLOAT_EDGES: &[&str] = &[
    "0.0",
    "-0.0",
    "1.0",
    "-1.0",
    "0.5",
    "-0.5",
    "0.1",
    "2.5",
    "-3.5",
    "1e16",
    "1e300",
    "-1e300",
    "5e-324",
    "-5e-324",
    "2.2250738585072014e-308",
    "1.7976931348623157e308",
    "float('inf')",
    "float('-inf')",
    "float('nan')",
    "1551563132437320.25",
    "9007199254740993.0",
    "3.141592653589793",
    "1e-7",
    "123456789.125",
];

const STR_EDGES: &[&str] = &[
    "''",
    "'a'",
    "'abc'",
    "' '",
    "'é'",
    "'✓'",
    "'\\x00'",
    "'naïve café'",
    "'𝄞'",
    "'aaaa'",
];

/// A Python expression for a random value of type `ty` (a type as the
/// partitioner prints it: `int`, `list[float]`, `tuple[int, str]`…).
fn value(ty: &str, rng: &mut Rng, case: usize) -> String {
    let edge = case < 40 || rng.below(4) == 0;
    match ty {
        "int" => {
            if edge {
                INT_EDGES[rng.below(INT_EDGES.len() as u64) as usize].to_string()
            } else {
                match rng.below(5) {
                    0 => format!("{}", rng.below(41) as i64 - 20),
                    // Either side of a specialised variant's entry guard
                    // (`±2^k`, see the partitioner's range analysis).
                    4 => {
                        const K: [u32; 10] = [16, 20, 24, 28, 30, 31, 32, 40, 48, 62];
                        let k = K[rng.below(K.len() as u64) as usize];
                        let v = (1i64 << k) + rng.below(3) as i64 - 1;
                        // Positive 2^26..2^39 would size lists of gigabytes
                        // to terabytes that the kernel may grant and fill
                        // (see INT_EDGES): the guard is symmetric, so the
                        // negative side tests the same boundary.
                        let negative = (26..40).contains(&k) || rng.below(2) == 0;
                        format!("{}", if negative { -v } else { v })
                    }
                    1 => format!("{}", rng.below(2001) as i64 - 1000),
                    // Large: between 2**40 and 2**63 (never mid-sized: see INT_EDGES).
                    2 => {
                        let magnitude = (((rng.next() >> 1) | (1 << 62)) >> rng.below(23)) as i64;
                        format!(
                            "{}",
                            if rng.below(2) == 0 {
                                magnitude
                            } else {
                                -magnitude
                            }
                        )
                    }
                    // Small enough that sizes derived from it (n * n) stay far
                    // below a gigabyte.
                    _ => format!("{}", ((rng.next() >> 53) as i64) - (1 << 10)),
                }
            }
        }
        "float" => {
            if edge {
                FLOAT_EDGES[rng.below(FLOAT_EDGES.len() as u64) as usize].to_string()
            } else {
                match rng.below(3) {
                    // Any bit pattern (NaNs print as nan).
                    0 => format!("float.fromhex('{}')", hex_of(f64::from_bits(rng.next()))),
                    1 => format!(
                        "{}.0 / {}",
                        rng.below(2001) as i64 - 1000,
                        1u64 << rng.below(12)
                    ),
                    _ => format!("{}.{:03}", rng.below(200) as i64 - 100, rng.below(1000)),
                }
            }
        }
        "bool" => if rng.below(2) == 0 { "True" } else { "False" }.to_string(),
        "str" => {
            if edge {
                STR_EDGES[rng.below(STR_EDGES.len() as u64) as usize].to_string()
            } else if rng.below(4) == 0 {
                // A few common words, so dict keys and lookups meet.
                ["'a'", "'b'", "'the'", "'fox'"][rng.below(4) as usize].to_string()
            } else {
                let len = rng.below(8);
                let s: String = (0..len)
                    .map(|_| match rng.below(5) {
                        0 => 'é',
                        1 => '✓',
                        _ => (b'a' + rng.below(26) as u8) as char,
                    })
                    .collect();
                format!("{s:?}")
            }
        }
        "None" => "None".to_string(),
        t if t.starts_with("list[") => {
            let item = &t[5..t.len() - 1];
            let len = if edge && rng.below(3) == 0 {
                0
            } else {
                rng.below(9)
            };
            let items: Vec<String> = (0..len).map(|_| value(item, rng, case + 40)).collect();
            format!("[{}]", items.join(", "))
        }
        t if t.starts_with("dict[") => {
            let (key, item) = t[5..t.len() - 1]
                .split_once(", ")
                .expect("dict[K, V] names two types");
            let len = if edge && rng.below(3) == 0 {
                0
            } else {
                rng.below(9)
            };
            let pairs: Vec<String> = (0..len)
                .map(|_| {
                    let k = value(key, rng, case + 40);
                    format!("{k}: {}", value(item, rng, case + 40))
                })
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        t if t.starts_with("tuple[") => {
            let items: Vec<String> = t[6..t.len() - 1]
                .split(", ")
                .map(|item| value(item, rng, case))
                .collect();
            format!("({},)", items.join(", "))
        }
        other => panic!("no generator for {other}"),
    }
}

fn hex_of(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let bits = x.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0 {
        format!("{sign}0x0.{frac:013x}p-1022")
    } else {
        format!("{sign}0x1.{frac:013x}p{}", exp - 1023)
    }
}

/// Runs the comparison; returns the process exit code (0: every compared
/// case agrees).
pub fn run(program: &[u8], name: &str, statics: &'static [Static], cases: usize, seed: u64) -> i32 {
    Python::attach(
        |py| match compare_all(py, program, name, statics, cases, seed) {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(e) => {
                e.print(py);
                2
            }
        },
    )
}

fn compare_all(
    py: Python<'_>,
    program: &[u8],
    name: &str,
    statics: &'static [Static],
    cases: usize,
    seed: u64,
) -> PyResult<bool> {
    let helpers = PyDict::new(py);
    py.run(
        &CString::new(HELPERS).expect("no NUL"),
        Some(&helpers),
        None,
    )?;
    let get = |n: &str| helpers.get_item(n).map(|v| v.expect("a helper"));
    let names: Vec<&str> = statics.iter().map(|s| s.name).collect();
    let source = pyo3::types::PyBytes::new(py, program);
    let originals = get("originals")?.call1((source, name, names))?;
    let budgeted = get("budgeted")?;
    let outcome = get("outcome")?;
    // HYBRID_DIFFERENTIAL_TRACE=1 names each case before the static side runs
    // (to find a case that never returns).
    let trace = std::env::var_os("HYBRID_DIFFERENTIAL_TRACE").is_some();
    let mut all_agree = true;
    println!("| function | compared | agree | skipped (over budget) |\n|---|---|---|---|");
    for (index, s) in statics.iter().enumerate() {
        let original = originals.get_item(s.name)?;
        let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ index as u64);
        let (mut compared, mut agree, mut skipped, mut attempts) = (0usize, 0usize, 0usize, 0usize);
        while compared < cases && attempts < cases * 4 {
            attempts += 1;
            let exprs: Vec<String> = s
                .params
                .iter()
                .map(|t| value(t, &mut rng, attempts))
                .collect();
            let args_src = format!(
                "({}{})",
                exprs.join(", "),
                if exprs.len() == 1 { "," } else { "" }
            );
            let args = py.eval(&CString::new(args_src.clone()).expect("no NUL"), None, None)?;
            let args = args.cast::<PyTuple>()?.clone();
            let expected = budgeted.call1((&original, &args, 20_000))?;
            let kind: String = expected.get_item(0)?.extract()?;
            if kind == "budget" {
                skipped += 1;
                continue;
            }
            compared += 1;
            if trace {
                eprintln!("case {}{args_src}", s.name);
            }
            let items: Vec<Bound<'_, PyAny>> = args.iter().collect();
            let actual = match (s.call)(py, &items) {
                None => (
                    "wrapper refused exact arguments".to_string(),
                    String::new(),
                    String::new(),
                ),
                Some(Ok(v)) => outcome.call1((v,))?.extract()?,
                Some(Err(e)) => (
                    "exc".to_string(),
                    e.kind.name().to_string(),
                    e.message.clone(),
                ),
            };
            let expected: (String, String, String) = expected.extract()?;
            if actual == expected {
                agree += 1;
            } else {
                all_agree = false;
                if compared - agree <= 5 {
                    eprintln!(
                        "DIFFERS {}{args_src}:\n  python: {expected:?}\n  static: {actual:?}",
                        s.name
                    );
                }
            }
        }
        if compared < cases {
            all_agree = false;
            eprintln!(
                "{}: only {compared} of {cases} cases finished within the budget",
                s.name
            );
        }
        println!("| `{}` | {compared} | {agree} | {skipped} |", s.name);
    }
    let _ = PyList::empty(py);
    Ok(all_agree)
}
