//! The isolate's fragment API: inputs in, outputs out, typed errors.

use runtime::{Fragment, Isolate, IsolateError, Value};

fn isolate() -> Isolate {
    Isolate::get_or_start().expect("the isolate starts")
}

#[test]
fn inputs_and_outputs_cross_the_boundary() {
    let frag = Fragment {
        name: "test/double.py",
        source: "doubled = [x * 2 for x in xs]\nbig = 2 ** 100\nneg0 = -0.0\n",
    };
    let xs = Value::List(vec![Value::Int(1), Value::Int(-3)]);
    let out = isolate()
        .run(&frag, &[("xs", xs)], &["doubled", "big", "neg0"])
        .unwrap();
    assert_eq!(
        out.get("doubled"),
        Some(&Value::List(vec![Value::Int(2), Value::Int(-6)]))
    );
    let Some(Value::BigInt(big)) = out.get("big") else {
        panic!("2**100 is a BigInt: {out:?}")
    };
    assert_eq!(big.to_decimal(), "1267650600228229401496703205376");
    assert_eq!(
        out.get("neg0").map(Value::encode),
        Some(Value::Float(-0.0).encode())
    );
}

#[test]
fn python_exceptions_are_typed_errors_with_tracebacks() {
    let frag = Fragment {
        name: "test/raise.py",
        source: "def f():\n    raise KeyError('nope')\nf()\n",
    };
    match isolate().run(&frag, &[], &[]) {
        Err(IsolateError::Python {
            exception,
            traceback,
            ..
        }) => {
            assert_eq!(exception, "KeyError");
            assert!(
                traceback.contains("File \"test/raise.py\", line 2, in f"),
                "{traceback}"
            );
            assert!(
                traceback.contains("raise KeyError('nope')"),
                "source line shown: {traceback}"
            );
        }
        other => panic!("expected a Python error, got {other:?}"),
    }
}

#[test]
fn a_fragment_printing_its_own_traceback_still_shows_its_lines() {
    let frag = Fragment {
        name: "test/own_traceback.py",
        source: "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    text = traceback.format_exc()\n",
    };
    let out = isolate().run(&frag, &[], &["text"]).unwrap();
    let Some(Value::Str(text)) = out.get("text") else {
        panic!("{out:?}")
    };
    assert!(text.contains("    1 / 0\n"), "{text}");
}

#[test]
fn missing_and_unconvertible_outputs_are_named() {
    let frag = Fragment {
        name: "test/obj.py",
        source: "o = object()\n",
    };
    let err = isolate().run(&frag, &[], &["absent"]).unwrap_err();
    assert_eq!(
        err,
        IsolateError::MissingOutput {
            fragment: "test/obj.py".into(),
            name: "absent".into()
        }
    );
    let err = isolate().run(&frag, &[], &["o"]).unwrap_err();
    assert!(
        matches!(&err, IsolateError::Convert { name, reason } if name == "o" && reason.contains("'object'")),
        "{err:?}"
    );
}

#[test]
fn self_containing_values_are_refused_not_overflowed() {
    let frag = Fragment {
        name: "test/cycle.py",
        source: "a = []\na.append(a)\n",
    };
    let err = isolate().run(&frag, &[], &["a"]).unwrap_err();
    assert!(
        matches!(&err, IsolateError::Convert { reason, .. } if reason.contains("deeper")),
        "{err:?}"
    );
}

#[test]
fn each_fragment_gets_fresh_globals_and_a_fixed_hash_seed() {
    let set = Fragment {
        name: "test/a.py",
        source: "leak = 1\norder = list({'alpha', 'beta', 'gamma', 'delta'})\nh = hash('abc')\n",
    };
    let out = isolate().run(&set, &[], &["order", "h"]).unwrap();
    // hash('abc') with PYTHONHASHSEED=0 on 64-bit CPython (SipHash-1-3).
    // RustPython's str hash is its own (see the README's PoC 5 section).
    #[cfg(feature = "cpython")]
    assert_eq!(out.get("h"), Some(&Value::Int(-4594863902769663758)));
    #[cfg(feature = "rustpython")]
    assert_eq!(
        isolate().run(&set, &[], &["order", "h"]).unwrap(),
        out,
        "the same string set and hash on every run"
    );
    let probe = Fragment {
        name: "test/b.py",
        source: "seen = 'leak' in globals()\n",
    };
    let out = isolate().run(&probe, &[], &["seen"]).unwrap();
    assert_eq!(out.get("seen"), Some(&Value::Bool(false)));
}
