//! One tiny program per reason code: the function under test must be dynamic
//! with exactly that code (and static once the construct is removed, where a
//! static twin exists), parsed by the pinned CPython's own `ast`.

use partition::{classify, CODES};
use std::path::Path;

mod common;
use common::{program, PYTHON};

/// `f` is dynamic and `code` is among its reasons, on `line`.
fn dynamic_with(code: &str, line: u32, source: &str) {
    assert!(
        CODES.iter().any(|(c, _)| *c == code),
        "{code} is not a listed code"
    );
    let p = program(code, source);
    let f = p
        .functions
        .iter()
        .find(|f| f.qualname == "f" || f.qualname.ends_with(".f"))
        .expect("a function f");
    assert!(!f.is_static(), "{code}: f should be dynamic:\n{source}");
    assert!(
        f.reasons.iter().any(|r| r.code == code && r.line == line),
        "{code} at line {line} expected, got {:?}\n{source}",
        f.reasons
    );
}

fn is_static(source: &str) -> bool {
    let p = program("static", source);
    let f = p.function("f").expect("a top-level f");
    assert!(f.is_static() || !f.reasons.is_empty());
    f.is_static()
}

#[test]
fn a_fully_typed_kernel_is_static() {
    let src = "import math\nN = 10\n\ndef g(x: float) -> float:\n    return math.sqrt(x) * 2.0\n\n\
               def f(n: int, xs: list[float]) -> float:\n    total = 0.0\n    for i in range(n):\n        total += g(xs[i % len(xs)]) + N\n    return total\n\n\
               print(f(3, [1.0, 4.0]))\n";
    let p = program("kernel", src);
    let f = p.function("f").unwrap();
    assert!(f.is_static(), "{:?}", f.reasons);
    assert!(p.function("g").unwrap().is_static());
    assert_eq!(
        f.locals.get("total").map(|t| t.to_string()).as_deref(),
        Some("float")
    );
    assert_eq!(
        partition::report::summary(&p),
        "2 functions: 2 static, 0 dynamic"
    );
}

#[test]
fn untyped_and_any() {
    dynamic_with("UNTYPED", 1, "def f(x):\n    return x\n");
    dynamic_with("UNTYPED", 1, "def f(x: int):\n    return x\n");
    dynamic_with(
        "ANY",
        2,
        "from typing import Any\ndef f(x: Any) -> int:\n    return 1\n",
    );
    dynamic_with("UNTYPED", 2, "def f() -> int:\n    xs = []\n    return 1\n");
    assert!(is_static("def f(x: int) -> int:\n    return x\n"));
}

#[test]
fn unmodeled_types() {
    dynamic_with(
        "UNMODELED_TYPE",
        1,
        "def f(x: dict[float, int]) -> int:\n    return 1\n",
    );
    dynamic_with(
        "UNMODELED_TYPE",
        1,
        "def f(x: dict[str, list[int]]) -> int:\n    return 1\n",
    );
    dynamic_with(
        "UNMODELED_TYPE",
        2,
        "def f(x: int) -> int:\n    y = b'raw'\n    return x\n",
    );
    dynamic_with(
        "UNMODELED_TYPE",
        2,
        "def f(x: int) -> str:\n    return x + 'a'\n",
    );
}

#[test]
fn signature_shapes() {
    dynamic_with("STAR_ARGS", 1, "def f(*args: int) -> int:\n    return 1\n");
    dynamic_with("KWARGS", 1, "def f(**kw: int) -> int:\n    return 1\n");
    dynamic_with("DEFAULTS", 1, "def f(x: int = 1) -> int:\n    return x\n");
    dynamic_with("DEFAULTS", 1, "def f(*, x: int) -> int:\n    return x\n");
}

#[test]
fn decorated_rebound_and_patched() {
    dynamic_with(
        "DECORATED",
        3,
        "import functools\n\n@functools.cache\ndef f(x: int) -> int:\n    return x\n",
    );
    dynamic_with(
        "REBOUND",
        3,
        "def f(x: int) -> int:\n    return x\nf = lambda x: x + 1\n",
    );
    dynamic_with(
        "REBOUND",
        5,
        "def f(x: int) -> int:\n    return x\ndef g() -> None:\n    global f\n    f = None\n",
    );
    dynamic_with("REBOUND", 4, "import sys\ndef f(x: int) -> int:\n    return x\nsetattr(sys.modules[__name__], 'f', print)\n");
    dynamic_with(
        "REBOUND",
        4,
        "import types\ndef f(x: int) -> int:\n    return x\ntypes.f = 1\n",
    );
    dynamic_with(
        "REBOUND",
        2,
        "if True:\n    def f(x: int) -> int:\n        return x\n",
    );
}

#[test]
fn reached_dynamically() {
    dynamic_with(
        "DYNAMIC_LOOKUP",
        3,
        "def f(x: int) -> int:\n    return x\nglobals()['f'] = print\n",
    );
    dynamic_with(
        "DYNAMIC_LOOKUP",
        4,
        "import sys\ndef f(x: int) -> int:\n    return x\nm = sys.modules[__name__]\n",
    );
    dynamic_with(
        "DYNAMIC_LOOKUP",
        3,
        "def f(x: int) -> int:\n    return x\nimport __main__\n",
    );
    dynamic_with(
        "ESCAPES",
        3,
        "def f(x: int) -> int:\n    return x\nregistry = {'f': f}\n",
    );
}

#[test]
fn methods_classes_and_nesting() {
    dynamic_with(
        "METHOD",
        2,
        "class C:\n    def f(self, x: int) -> int:\n        return x\n",
    );
    dynamic_with("METACLASS", 3, "class M(type):\n    pass\nclass C(metaclass=M):\n    def f(self) -> int:\n        return 1\n");
    dynamic_with(
        "NESTED",
        2,
        "def outer() -> None:\n    def f(x: int) -> int:\n        return x\n",
    );
}

#[test]
fn generators_async_eval_getattr_sets() {
    dynamic_with("GENERATOR", 2, "def f(x: int) -> int:\n    yield x\n");
    dynamic_with("ASYNC", 1, "async def f(x: int) -> int:\n    return x\n");
    dynamic_with(
        "EVAL_EXEC",
        2,
        "def f(x: int) -> int:\n    return eval('x')\n",
    );
    dynamic_with(
        "NON_LITERAL_GETATTR",
        2,
        "def f(x: int, name: str) -> int:\n    return getattr(x, name)\n",
    );
    dynamic_with(
        "SET_ITERATION",
        3,
        "def f(x: int) -> int:\n    t = 0\n    for v in {1, 2, x}:\n        t += v\n    return t\n",
    );
}

#[test]
fn calls() {
    dynamic_with(
        "UNMODELED_CALL",
        3,
        "import os\ndef f(x: int) -> int:\n    return len(reversed([x]))\n",
    );
    dynamic_with(
        "CALLS_DYNAMIC",
        4,
        "def g(x):\n    return x\ndef f(x: int) -> int:\n    return g(x)\n",
    );
    dynamic_with(
        "ARG_TYPE",
        4,
        "def g(x: float) -> float:\n    return x\ndef f(x: int) -> float:\n    return g(x)\n",
    );
    dynamic_with(
        "RECURSION",
        1,
        "def f(n: int) -> int:\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\n",
    );
    dynamic_with("IO", 2, "def f(x: int) -> None:\n    print(x)\n");
}

#[test]
fn globals_and_syntax() {
    dynamic_with(
        "GLOBAL_READ",
        3,
        "scale = [2]\ndef f(x: int) -> int:\n    return x * scale[0]\n",
    );
    dynamic_with(
        "GLOBAL_WRITE",
        3,
        "n = 0\ndef f(x: int) -> int:\n    global n\n    return x\n",
    );
    dynamic_with(
        "UNMODELED_SYNTAX",
        2,
        "def f(x: int, w: int) -> str:\n    return f'{x:{w}}'\n",
    );
    dynamic_with(
        "UNMODELED_SYNTAX",
        2,
        "def f(xs: list[int]) -> int:\n    return len([v for v in xs])\n",
    );
    dynamic_with("RAISES", 2, "def f(x: int) -> int:\n    try:\n        return x\n    except ValueError:\n        return 0\n");
    // A module constant assigned once is readable; rebinding it makes it a global read.
    assert!(is_static(
        "K = 3\ndef f(x: int) -> int:\n    return x * K\n"
    ));
    dynamic_with(
        "GLOBAL_READ",
        3,
        "K = 3\ndef f(x: int) -> int:\n    return x * K\nK = 4\n",
    );
}

#[test]
fn types_that_change_or_depend_on_values() {
    dynamic_with(
        "TYPE_CHANGES",
        3,
        "def f(x: int) -> int:\n    y = 1\n    y = 0.5\n    return x\n",
    );
    dynamic_with(
        "TYPE_CHANGES",
        3,
        "def f(x: int) -> int:\n    y = 1\n    y /= 2\n    return y\n",
    );
    dynamic_with(
        "MIXED_RESULT_TYPE",
        2,
        "def f(x: int, y: int) -> int:\n    return x ** y\n",
    );
    dynamic_with(
        "MIXED_RESULT_TYPE",
        2,
        "def f(x: float, y: float) -> float:\n    return x ** y\n",
    );
    dynamic_with(
        "MIXED_RESULT_TYPE",
        2,
        "def f(x: int, y: float) -> float:\n    return x or y\n",
    );
    assert!(is_static("def f(x: int) -> int:\n    return x ** 2\n"));
}

#[test]
fn flow_and_returns() {
    dynamic_with(
        "MAYBE_UNBOUND",
        5,
        "def f(x: int) -> int:\n    if x > 0:\n        y = 1\n    \n    return y\n",
    );
    assert!(is_static("def f(x: int) -> int:\n    if x > 0:\n        y = 1\n    else:\n        y = 2\n    return y\n"));
    dynamic_with(
        "MAYBE_UNBOUND",
        4,
        "def f(x: int) -> int:\n    for i in range(x):\n        y = i\n    return y\n",
    );
    dynamic_with(
        "RETURN_TYPE",
        1,
        "def f(x: int) -> int:\n    if x > 0:\n        return 1\n",
    );
    dynamic_with("RETURN_TYPE", 2, "def f(x: int) -> float:\n    return x\n");
}

#[test]
fn lists_that_cross_the_boundary() {
    dynamic_with(
        "MUTATES_ARGUMENT",
        2,
        "def f(xs: list[int]) -> None:\n    xs.append(1)\n",
    );
    dynamic_with(
        "MUTATES_ARGUMENT",
        3,
        "def f(xs: list[int]) -> None:\n    ys = xs\n    ys[0] = 1\n",
    );
    dynamic_with(
        "RETURNS_ARGUMENT",
        2,
        "def f(xs: list[int]) -> list[int]:\n    return xs\n",
    );
    assert!(is_static("def f(xs: list[int]) -> list[int]:\n    ys = [0] * len(xs)\n    for i in range(len(xs)):\n        ys[i] = xs[i] * 2\n    return ys\n"));
}

#[test]
fn dicts() {
    assert!(is_static(
        "def f(ws: list[str]) -> dict[str, int]:\n    d: dict[str, int] = {}\n    for w in ws:\n        d[w] = d.get(w, 0) + 1\n    for k, v in d.items():\n        d2 = {k: v}\n    return d\n"
    ));
    assert!(is_static(
        "def f(d: dict[int, str], k: int) -> str:\n    return d[k] if k in d else str(len(d))\n"
    ));
    dynamic_with(
        "MUTATES_ARGUMENT",
        2,
        "def f(d: dict[str, int]) -> None:\n    d['a'] = 1\n",
    );
    dynamic_with(
        "MUTATES_ARGUMENT",
        2,
        "def f(d: dict[str, int]) -> None:\n    del d['a']\n",
    );
    dynamic_with(
        "RETURNS_ARGUMENT",
        2,
        "def f(d: dict[str, int]) -> dict[str, int]:\n    return d\n",
    );
    // CPython's iterator raises or skips when the dict changes under it.
    dynamic_with(
        "UNMODELED_SYNTAX",
        4,
        "def f() -> int:\n    d = {1: 2}\n    for k in d:\n        d[k + 1] = 0\n    return 1\n",
    );
    // Another dict that nothing else can be is fine; one that may be the
    // walked dict is not.
    assert!(is_static(
        "def f(d: dict[str, int]) -> dict[int, int]:\n    h: dict[int, int] = {}\n    for k in d:\n        h[len(k)] = d[k]\n    return h\n"
    ));
    dynamic_with(
        "UNMODELED_SYNTAX",
        5,
        "def f() -> int:\n    e = {1: 2}\n    g = e\n    for k in g:\n        e[k] = 0\n    return 1\n",
    );
    dynamic_with("UNTYPED", 2, "def f() -> int:\n    d = {}\n    return 1\n");
    dynamic_with(
        "TYPE_CHANGES",
        2,
        "def f() -> int:\n    d = {1: 2, 'a': 3}\n    return 1\n",
    );
    // d.get(k) may return None: its type depends on the value.
    dynamic_with(
        "UNMODELED_CALL",
        2,
        "def f(d: dict[str, int]) -> int:\n    return d.get('a')\n",
    );
}

#[test]
fn bad_input_is_an_error_with_a_line_not_a_panic() {
    let scratch = tempfile::Builder::new()
        .prefix("partition-bad-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let path = dir.join("bad.py");
    std::fs::write(&path, "def f(:\n    pass\n").unwrap();
    let err = partition::ast::parse_file(Path::new(PYTHON), &path).unwrap_err();
    assert_eq!(err.line, 1, "{err:?}");
    let err = partition::ast::parse_file(Path::new(PYTHON), &dir.join("missing.py")).unwrap_err();
    assert!(err.message.contains("cannot read"), "{err:?}");
    std::fs::write(&path, "match x:\n    case [1, *rest]:\n        pass\n").unwrap();
    let module = partition::ast::parse_file(Path::new(PYTHON), &path).unwrap();
    assert!(classify(&module).functions.is_empty());
}

#[test]
fn formatting_rounding_and_sorting_are_modelled() {
    assert!(is_static(
        "def f(x: float, n: int) -> str:\n    return f'{x:.3f} {x!r} {n:>5}'\n"
    ));
    assert!(is_static(
        "def f(x: float) -> float:\n    return round(x, 2)\n"
    ));
    assert!(is_static(
        "def f(xs: list[int]) -> list[int]:\n    return sorted(xs)\n"
    ));
    dynamic_with(
        "UNMODELED_CALL",
        2,
        "def f(xs: list[float]) -> list[float]:\n    return sorted(xs)\n",
    );
}

#[test]
fn calls_dynamic_names_the_call_line_transitively() {
    // h is dynamic (untyped); g calls h at line 4; f calls g at line 6.
    let p = program(
        "chain",
        "def h(x):\n    return x\ndef g(x: int) -> int:\n    return h(x)\ndef f(x: int) -> int:\n    return g(x) + 1\n",
    );
    let g = p.function("g").unwrap();
    assert!(
        g.reasons
            .iter()
            .any(|r| r.code == "CALLS_DYNAMIC" && r.line == 4),
        "{:?}",
        g.reasons
    );
    let f = p.function("f").unwrap();
    assert!(
        f.reasons
            .iter()
            .any(|r| r.code == "CALLS_DYNAMIC" && r.line == 6),
        "{:?}",
        f.reasons
    );
}
