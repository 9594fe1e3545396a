//! Running a fragment imports nothing the fragment did not ask for: the
//! reference (`python -S prog.py`) does not import `linecache`, `re` or
//! `tokenize` at start-up, and each costs start-up time on every run (most
//! under emulation). Its own process: other tests format tracebacks, which
//! imports them.

use runtime::{Fragment, Isolate, Value};

#[test]
fn a_fragment_run_imports_neither_linecache_nor_re() {
    let frag = Fragment {
        name: "test/modules.py",
        source: "import sys\nloaded = sorted(m for m in ('linecache', 'tokenize', 're', 'enum') if m in sys.modules)\n",
    };
    let out = Isolate::get_or_start()
        .expect("the isolate starts")
        .run(&frag, &[], &["loaded"])
        .unwrap();
    assert_eq!(out.get("loaded"), Some(&Value::List(vec![])));
}
