//! Range analysis: which `int` values of a static function are proven to fit
//! in an `i64`, so the generated code can use machine integers for them.
//!
//! Why: Python's `int` is unbounded, so by default every generated `int` is
//! the tagged `runtime::pyexact::Int` (an overflow check, a drop flag and a
//! possible big integer on every operation). Loop counters, indices and
//! arithmetic on small arguments dominate numeric kernels, and their bounds
//! follow from the program: `for i in range(n)` keeps `i` between `0` and `n`.
//!
//! The analysis is an interval abstract interpretation over each function's
//! `int` locals (flow-insensitive: a variable's interval covers every value
//! ever assigned to it, iterated to a fixpoint and widened to "unknown" when
//! it keeps growing). Arguments are unknown, except in a *specialised
//! variant*: there every `int` argument is assumed within `±2^k`, and the
//! generic function checks that guard at entry and jumps to the variant when
//! it holds (otherwise it runs the exact tagged code). `k` is chosen per
//! function to prove the most operations small. Every proof is sound for all
//! values: a value outside its proven interval cannot occur, so `+ - *` on
//! proven values cannot overflow.

use crate::ast::{constant, Constant, Node};
use crate::classify::{skip_docstring, Function, Program};
use crate::types::Ty;
use std::collections::BTreeMap;

/// A closed interval of integers, always within `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iv {
    pub lo: i128,
    pub hi: i128,
}

impl Iv {
    /// The interval if it fits in `i64`.
    pub fn new(lo: i128, hi: i128) -> Option<Iv> {
        (lo >= i64::MIN as i128 && hi <= i64::MAX as i128 && lo <= hi).then_some(Iv { lo, hi })
    }

    pub fn exact(v: i64) -> Iv {
        Iv {
            lo: v as i128,
            hi: v as i128,
        }
    }

    pub fn hull(self, o: Iv) -> Iv {
        Iv {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }

    pub fn within(self, o: Iv) -> bool {
        o.lo <= self.lo && self.hi <= o.hi
    }

    /// The largest magnitude in the interval.
    fn magnitude(self) -> i128 {
        self.lo.abs().max(self.hi.abs())
    }

    /// The result of `a OP b` for `int` operands in these intervals, when it
    /// is proven to fit (`None`: unknown, use the exact tagged code).
    pub fn binop(op: &str, a: Iv, b: Iv) -> Option<Iv> {
        match op {
            "Add" => Iv::new(a.lo + b.lo, a.hi + b.hi),
            "Sub" => Iv::new(a.lo - b.hi, a.hi - b.lo),
            "Mult" => {
                let p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
                Iv::new(*p.iter().min()?, *p.iter().max()?)
            }
            // |a // b| <= |a| for every non-zero b (zero raises).
            "FloorDiv" => {
                let m = a.magnitude();
                Iv::new(-m, m)
            }
            // The sign of b, magnitude below |b|.
            "Mod" => {
                if b.lo > 0 {
                    Iv::new(0, b.hi - 1)
                } else if b.hi < 0 {
                    Iv::new(b.lo + 1, 0)
                } else {
                    Iv::new((b.lo + 1).min(0), (b.hi - 1).max(0))
                }
            }
            _ => None,
        }
    }

    pub fn negated(self) -> Option<Iv> {
        Iv::new(-self.hi, -self.lo)
    }

    /// `±2^k`.
    pub fn bound(k: u32) -> Iv {
        let b = 1i128 << k;
        Iv { lo: -b, hi: b }
    }
}

/// `len(xs)` of a list of `item`: a Rust `Vec` holds at most `isize::MAX`
/// bytes, so at most `isize::MAX / size` items.
pub fn len_bound(item: &Ty) -> Iv {
    let size: i128 = match item {
        Ty::Bool | Ty::None => 1,
        _ => 8,
    };
    Iv {
        lo: 0,
        hi: i64::MAX as i128 / size,
    }
}

/// What the analysis knows of an `int` variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    /// Not assigned yet (in this round of the fixpoint).
    Bot,
    Iv(Iv),
    Top,
}

impl V {
    fn join(self, o: V) -> V {
        match (self, o) {
            (V::Bot, x) | (x, V::Bot) => x,
            (V::Top, _) | (_, V::Top) => V::Top,
            (V::Iv(a), V::Iv(b)) => V::Iv(a.hull(b)),
        }
    }
}

/// How a variable is assigned.
enum Rhs<'a> {
    Expr(Node<'a>),
    /// `x op= value`.
    Aug(&'a str, Node<'a>),
    /// `for x in range(...)`: the start, stop and step expressions (`None`:
    /// the defaults). The values lie between start and stop; the step must be
    /// small too, as the loop walks an `i64` range.
    Range(Option<Node<'a>>, Node<'a>, Option<Node<'a>>),
    Top,
}

/// The proven intervals of one function body, under an assumption about its
/// `int` arguments.
pub struct Analysis<'p> {
    program: &'p Program,
    f: &'p Function,
    env: BTreeMap<String, V>,
}

/// One function's plan: intervals for the generic code, and the specialised
/// variant when one proves more.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Proven `i64` locals of the generic function (arguments unknown).
    pub generic: BTreeMap<String, Iv>,
    /// `k` and proven locals of the variant entered when every narrowed `int`
    /// argument is within `±2^k`.
    pub special: Option<(u32, BTreeMap<String, Iv>)>,
}

impl Plan {
    /// The `int` parameters the variant takes as `i64` (the guard checks them).
    pub fn narrow_params<'f>(&self, f: &'f Function) -> Vec<&'f str> {
        match &self.special {
            Some((_, env)) => f
                .params
                .iter()
                .filter(|(n, t)| *t == Ty::Int && env.contains_key(n))
                .map(|(n, _)| n.as_str())
                .collect(),
            None => Vec::new(),
        }
    }
}

/// The guard exponents tried, largest first (a larger bound lets more calls
/// take the fast variant; a smaller one proves more products).
const GUARDS: &[u32] = &[62, 48, 40, 32, 31, 30, 28, 24, 20, 16];

/// Every `i64` (the interval of a speculative value: see `runtime::pyexact::small`).
pub const FULL: Iv = Iv {
    lo: i64::MIN as i128,
    hi: i64::MAX as i128,
};

/// Plans every static function, callees first (static functions never
/// recurse, so the call graph is a DAG).
pub fn plan(program: &Program) -> BTreeMap<String, Plan> {
    plan_in_order(program).0
}

/// [`plan`], and the static functions' names with every callee before its
/// callers (the order code must be generated in).
pub fn plan_in_order(program: &Program) -> (BTreeMap<String, Plan>, Vec<String>) {
    let mut order = Vec::new();
    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    let statics: Vec<&Function> = crate::generate::static_functions(program).collect();
    let mut remaining: Vec<&Function> = statics.clone();
    while !remaining.is_empty() {
        let before = remaining.len();
        let mut next = Vec::new();
        for f in remaining {
            let ready = f
                .calls
                .keys()
                .all(|c| plans.contains_key(c) || !statics.iter().any(|s| &s.name == c));
            if ready {
                let p = plan_one(program, f, &plans);
                plans.insert(f.name.clone(), p);
                order.push(f.name.clone());
            } else {
                next.push(f);
            }
        }
        if next.len() == before {
            // A cycle (the classifier keeps recursion dynamic): no narrowing.
            for f in next {
                plans.insert(f.name.clone(), Plan::default());
                order.push(f.name.clone());
            }
            break;
        }
        remaining = next;
    }
    (plans, order)
}

fn plan_one(program: &Program, f: &Function, plans: &BTreeMap<String, Plan>) -> Plan {
    let generic = Analysis::run(program, f, None);
    let generic_score = generic.score(plans);
    let mut plan = Plan {
        generic: generic.proven(),
        special: None,
    };
    if !f.params.iter().any(|(_, t)| *t == Ty::Int) {
        return plan;
    }
    let mut best: Option<(usize, u32, BTreeMap<String, Iv>)> = None;
    for &k in GUARDS {
        let a = Analysis::run(program, f, Some(k));
        let score = a.score(plans);
        if score > generic_score && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, k, a.proven()));
        }
    }
    if let Some((_, k, env)) = best {
        // A variant that narrows no argument would be entered unconditionally:
        // then the generic code itself is as good.
        let narrowed = f
            .params
            .iter()
            .any(|(n, t)| *t == Ty::Int && env.contains_key(n));
        if narrowed {
            plan.special = Some((k, env));
        }
    }
    plan
}

impl<'p> Analysis<'p> {
    /// Solves the intervals of `f`'s `int` locals; with `guard = Some(k)`,
    /// `int` arguments start within `±2^k`.
    fn run(program: &'p Program, f: &'p Function, guard: Option<u32>) -> Analysis<'p> {
        let mut a = Analysis {
            program,
            f,
            env: BTreeMap::new(),
        };
        for (n, t) in &f.params {
            if *t == Ty::Int {
                a.env.insert(
                    n.clone(),
                    match guard {
                        Some(k) => V::Iv(Iv::bound(k)),
                        None => V::Top,
                    },
                );
            }
        }
        let def = Node(&f.node);
        let body = skip_docstring(def.list("body"));
        let mut assigns = Vec::new();
        collect_assigns(&body, &mut assigns);
        let mut changes: BTreeMap<&str, u32> = BTreeMap::new();
        for _round in 0..64 {
            let mut changed = false;
            for (name, rhs) in &assigns {
                if a.ty(name) != Some(Ty::Int) {
                    continue;
                }
                let value = a.rhs(name, rhs);
                let old = a.env.get(*name).copied().unwrap_or(V::Bot);
                let mut new = old.join(value);
                if new != old {
                    // Widening: a variable that keeps growing is unknown.
                    let n = changes.entry(name).or_insert(0);
                    *n += 1;
                    if *n > 3 {
                        new = V::Top;
                    }
                    a.env.insert(name.to_string(), new);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        a
    }

    fn ty(&self, name: &str) -> Option<Ty> {
        self.f.type_of(name)
    }

    fn rhs(&self, name: &str, rhs: &Rhs<'_>) -> V {
        match rhs {
            Rhs::Top => V::Top,
            Rhs::Expr(e) => self.value(*e),
            Rhs::Aug(op, e) => {
                let current = self.env.get(name).copied().unwrap_or(V::Bot);
                match (current, self.value(*e)) {
                    (V::Bot, _) | (_, V::Bot) => V::Bot,
                    (V::Iv(a), V::Iv(b)) => Iv::binop(op, a, b).map_or(V::Top, V::Iv),
                    _ => V::Top,
                }
            }
            Rhs::Range(start, stop, step) => {
                let or = |n: &Option<Node<'_>>, default: i64| match n {
                    Some(n) => self.value(*n),
                    None => V::Iv(Iv::exact(default)),
                };
                match (or(start, 0), self.value(*stop), or(step, 1)) {
                    (V::Bot, _, _) | (_, V::Bot, _) | (_, _, V::Bot) => V::Bot,
                    (V::Iv(a), V::Iv(b), V::Iv(_)) => V::Iv(a.hull(b)),
                    _ => V::Top,
                }
            }
        }
    }

    /// The interval of an `int` expression (the generator derives the same
    /// intervals while it emits code: see `generate::E::small`).
    fn value(&self, n: Node<'_>) -> V {
        match n.kind() {
            "Constant" => match constant(n) {
                Constant::Int(text) => text.parse::<i64>().map_or(V::Top, |v| V::Iv(Iv::exact(v))),
                _ => V::Top,
            },
            "Name" => {
                let id = n.str("id");
                if self.ty(id).is_some() {
                    return self.env.get(id).copied().unwrap_or(V::Top);
                }
                match self.program.constants.get(id) {
                    Some((Ty::Int, Constant::Int(text))) => {
                        text.parse::<i64>().map_or(V::Top, |v| V::Iv(Iv::exact(v)))
                    }
                    _ => V::Top,
                }
            }
            "BinOp" => {
                let (Some(l), Some(r)) = (n.field("left"), n.field("right")) else {
                    return V::Top;
                };
                match (self.value(l), self.value(r)) {
                    (V::Bot, _) | (_, V::Bot) => V::Bot,
                    (V::Iv(a), V::Iv(b)) => Iv::binop(n.op("op"), a, b).map_or(V::Top, V::Iv),
                    _ => V::Top,
                }
            }
            "UnaryOp" => {
                let Some(v) = n.field("operand") else {
                    return V::Top;
                };
                match (n.op("op"), self.value(v)) {
                    (_, V::Bot) => V::Bot,
                    ("USub", V::Iv(a)) => a.negated().map_or(V::Top, V::Iv),
                    ("UAdd", V::Iv(a)) => V::Iv(a),
                    _ => V::Top,
                }
            }
            "Call" => {
                let func = n.field("func");
                let args = n.list("args");
                let is_len = func.is_some_and(|f| f.kind() == "Name" && f.str("id") == "len")
                    && self.ty("len").is_none()
                    && args.len() == 1;
                if is_len && args[0].kind() == "Name" {
                    if let Some(Ty::List(item)) = self.ty(args[0].str("id")) {
                        return V::Iv(len_bound(&item));
                    }
                }
                V::Top
            }
            _ => V::Top,
        }
    }

    /// The proven `i64` locals.
    fn proven(&self) -> BTreeMap<String, Iv> {
        self.env
            .iter()
            .filter_map(|(n, v)| match v {
                V::Iv(iv) => Some((n.clone(), *iv)),
                _ => None,
            })
            .collect()
    }

    /// How much this assumption proves: small locals, small `int`
    /// sub-expressions, and calls that can enter a callee's variant directly.
    fn score(&self, plans: &BTreeMap<String, Plan>) -> usize {
        let def = Node(&self.f.node);
        let mut score = self.proven().len();
        for e in def.list("body").iter().flat_map(|s| s.walk()) {
            if matches!(self.value(e), V::Iv(_)) {
                score += 1;
            }
            if e.kind() == "Call" {
                if let Some(name) = e
                    .field("func")
                    .filter(|f| f.kind() == "Name")
                    .map(|f| f.str("id"))
                {
                    if let (Some(callee), Some(plan)) =
                        (self.program.function(name), plans.get(name))
                    {
                        if self.enters_variant(callee, plan, &e.list("args")) {
                            score += 1;
                        }
                    }
                }
            }
        }
        score
    }

    fn enters_variant(&self, callee: &Function, plan: &Plan, args: &[Node<'_>]) -> bool {
        let Some((k, _)) = &plan.special else {
            return false;
        };
        let narrow = plan.narrow_params(callee);
        callee.params.iter().zip(args).all(|((n, _), a)| {
            !narrow.contains(&n.as_str())
                || matches!(self.value(*a), V::Iv(iv) if iv.within(Iv::bound(*k)))
        })
    }
}

/// Every assignment to a name in `body`, in the statement forms the
/// generator accepts (anything else assigning a name makes it unknown).
fn collect_assigns<'a>(body: &[Node<'a>], out: &mut Vec<(&'a str, Rhs<'a>)>) {
    for s in body {
        match s.kind() {
            "Assign" => {
                let value = s.field("value");
                for target in s.list("targets") {
                    match (target.kind(), value) {
                        ("Name", Some(v)) => out.push((target.str("id"), Rhs::Expr(v))),
                        ("Tuple" | "List", _) => {
                            for elt in target.list("elts") {
                                if elt.kind() == "Name" {
                                    out.push((elt.str("id"), Rhs::Top));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "AnnAssign" => {
                if let (Some(t), Some(v)) = (s.field("target"), s.field("value")) {
                    if t.kind() == "Name" {
                        out.push((t.str("id"), Rhs::Expr(v)));
                    }
                }
            }
            "AugAssign" => {
                if let (Some(t), Some(v)) = (s.field("target"), s.field("value")) {
                    if t.kind() == "Name" {
                        out.push((t.str("id"), Rhs::Aug(s.op("op"), v)));
                    }
                }
            }
            "For" => {
                if let (Some(t), Some(iter)) = (s.field("target"), s.field("iter")) {
                    for elt in t.list("elts") {
                        out.push((elt.str("id"), Rhs::Top));
                    }
                    let name = if t.kind() == "Name" { t.str("id") } else { "" };
                    let args = iter.list("args");
                    let is_range = iter.kind() == "Call"
                        && iter.field("func").is_some_and(|f| f.str("id") == "range");
                    let rhs = match (is_range, args.as_slice()) {
                        (true, [stop]) => Rhs::Range(None, *stop, None),
                        (true, [start, stop]) => Rhs::Range(Some(*start), *stop, None),
                        (true, [start, stop, step]) => Rhs::Range(Some(*start), *stop, Some(*step)),
                        _ => Rhs::Top,
                    };
                    out.push((name, rhs));
                }
                collect_assigns(&s.list("body"), out);
                collect_assigns(&s.list("orelse"), out);
            }
            "If" | "While" => {
                collect_assigns(&s.list("body"), out);
                collect_assigns(&s.list("orelse"), out);
            }
            _ => {}
        }
    }
}
