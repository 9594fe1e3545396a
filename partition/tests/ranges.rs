//! The range analysis: what it proves small, what it must not, and that the
//! generator emits `i64` code for everything it proves (no silent fallback).

use partition::ranges::{plan, Iv};

mod common;
use common::program;

#[test]
fn every_sample_generates_without_falling_back() {
    let mut variants = 0;
    for (path, program) in common::shipped_programs() {
        let code = partition::generate::rust_module_checked(&program, true)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        variants += code.matches("\npub fn fs_").count();
    }
    assert!(
        variants >= 10,
        "only {variants} specialised variants in the samples"
    );
}

#[test]
fn range_loop_counters_are_small_and_accumulators_are_not() {
    let p = program(
        "counters",
        "def f(n: int) -> int:\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n\
         def g() -> int:\n    s = 0\n    for i in range(10):\n        s = i + 1\n    return s\n",
    );
    let plans = plan(&p);
    let f = &plans["f"];
    // Generic: n is unknown, so nothing about i is known.
    assert!(!f.generic.contains_key("i"), "{f:?}");
    let (k, env) = f.special.as_ref().expect("a variant for small n");
    let b = 1i128 << k;
    assert_eq!(env["n"], Iv { lo: -b, hi: b });
    assert_eq!(env["i"], Iv { lo: -b, hi: b });
    // `total` grows with every iteration: never proven, whatever n is.
    assert!(!env.contains_key("total"), "{env:?}");
    // Literal bounds need no guard.
    let g = &plans["g"];
    assert_eq!(g.generic["i"], Iv { lo: 0, hi: 10 });
    assert_eq!(g.generic["s"], Iv { lo: 0, hi: 11 });
    assert!(g.special.is_none());
}

#[test]
fn the_guard_is_chosen_so_products_fit() {
    let p = program(
        "products",
        "def a(i: int, j: int) -> int:\n    return (i + j) * (i + j + 1) // 2 + i + 1\n",
    );
    let plans = plan(&p);
    let (k, _) = plans["a"].special.as_ref().expect("a variant");
    // (2 * 2^k)^2 must fit in i64: k <= 30.
    assert!(*k <= 30, "k = {k}");
    let source = partition::generate::rust_module_checked(&p, true).unwrap();
    assert!(
        source.contains("pub fn fs_a(v_i: i64, v_j: i64)"),
        "{source}"
    );
    assert!(source.contains("px::small::guard(&v_i, "), "{source}");
}

#[test]
fn unbounded_arithmetic_is_never_narrowed() {
    // Squaring in a loop overflows any bound: x stays the exact Int.
    let p = program(
        "square",
        "def f(x: int, n: int) -> int:\n    for _ in range(n):\n        x = x * x\n    return x\n",
    );
    let plans = plan(&p);
    if let Some((_, env)) = &plans["f"].special {
        assert!(!env.contains_key("x"), "{env:?}");
    }
    let source = partition::generate::rust_module_checked(&p, true).unwrap();
    assert!(source.contains("let mut v_x = v_x;"));
    assert!(
        source.contains(".mul(&"),
        "x * x must stay the exact Int product"
    );
}

#[test]
fn a_callee_variant_is_entered_only_within_its_guard() {
    let p = program(
        "calls",
        "def sq(i: int) -> int:\n    return i * i\n\
         def near(n: int) -> int:\n    t = 0\n    for i in range(n):\n        t = sq(i)\n    return t\n\
         def far(n: int) -> int:\n    return sq(n * 4611686018427387904)\n",
    );
    let source = partition::generate::rust_module_checked(&p, true).unwrap();
    let near = &source[source.find("pub fn fs_near").expect("near has a variant")..];
    assert!(
        near[..near.find("\n}\n").unwrap()].contains("fs_sq(v_i)"),
        "{near}"
    );
    // n * 2^62 is not provably within sq's guard: the generic entry decides.
    let far = &source[source.find("pub fn f_far").unwrap()..];
    assert!(far[..far.find("\n}\n").unwrap()].contains("f_sq("), "{far}");
}

#[test]
fn len_is_bounded_by_what_a_list_can_hold() {
    let p = program(
        "lens",
        "def f(xs: list[float]) -> int:\n    n = len(xs)\n    return n * 4\n\
         def g(xs: list[float]) -> int:\n    n = len(xs)\n    return n * 16\n",
    );
    let plans = plan(&p);
    assert!(plans["f"].generic.contains_key("n"));
    let source = partition::generate::rust_module_checked(&p, true).unwrap();
    let f = &source[source.find("pub fn f_f").unwrap()..];
    assert!(
        f[..f.find("\n}\n").unwrap()].contains("(v_n * 4i64)"),
        "{f}"
    );
    // 16 * (2^63 / 8) does not fit: the exact product.
    let g = &source[source.find("pub fn f_g").unwrap()..];
    assert!(g[..g.find("\n}\n").unwrap()].contains(".mul(&"), "{g}");
}

#[test]
fn unproven_ints_speculate_as_checked_i64_and_rerun_exactly_on_deopt() {
    let p = program(
        "speculate",
        "def steps(n: int) -> int:\n    s = 0\n    while n != 1:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        s += 1\n    return s\n\
         def sq(i: int, j: int) -> int:\n    return (i + j) * (i - j)\n\
         def total(xs: list[int]) -> int:\n    t = 0\n    for x in xs:\n        t += steps(x)\n    return t\n",
    );
    let source = partition::generate::rust_module_checked(&p, true).unwrap();
    let body = |name: &str| {
        let at = source
            .find(&format!("pub fn {name}("))
            .unwrap_or_else(|| panic!("{name}\n{source}"));
        source[at..at + source[at..].find("\n}\n").unwrap()].to_string()
    };
    // `n` and `s` are not provable: checked operations in the variant…
    let variant = body("fs_steps");
    assert!(variant.contains("px::small::mul(3i64, v_n)?"), "{variant}");
    assert!(variant.contains("px::small::add("), "{variant}");
    // …entered speculatively: a deopt reruns the exact code below.
    let generic = body("f_steps");
    assert!(generic.contains("SPECULATION.enabled()"), "{generic}");
    assert!(
        generic.contains("Err(e) if e.is_deopt() => SPECULATION.failed()"),
        "{generic}"
    );
    assert!(
        generic.contains(".mul(&"),
        "the exact Int code stays: {generic}"
    );
    // A fully proven variant never deopts: entered without a catch.
    let sq = body("f_sq");
    assert!(
        sq.contains("return fs_sq(") && !sq.contains("SPECULATION"),
        "{sq}"
    );
    // Items of a list[int] are narrowed (or deopt), and the speculative
    // callee is called directly only from a speculative variant.
    let total = body("fs_total");
    assert!(total.contains("px::small::narrow(item)?"), "{total}");
    assert!(total.contains("fs_steps("), "{total}");
}
