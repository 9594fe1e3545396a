//! Classify: decide, per function, static (generated as Rust) or dynamic
//! (left to CPython), with reasons.
//!
//! Conservative by construction: a function is static only when every value in
//! it has a type from the closed set ([`Ty`]), every operation on those values
//! is one the runtime reproduces exactly, and nothing anywhere in the program
//! can rebind it or observe that it is not a Python function. Anything else
//! makes it dynamic, with a reason code and the line that caused it.

use crate::ast::{constant, Constant, Node};
use crate::types::{from_annotation, AnnotationError, Ty};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why a function stays dynamic: a code from [`CODES`], the offending line
/// and a short explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub line: u32,
    pub detail: String,
}

/// Every reason code, with what it means (the README's table is this list).
pub const CODES: &[(&str, &str)] = &[
    ("UNTYPED", "a parameter or the return has no annotation, or an empty literal has no type"),
    ("ANY", "annotated `Any`/`object`: any value may arrive"),
    ("UNMODELED_TYPE", "a type outside the closed set (sets, dicts with float keys or non-scalar values, classes, nested lists, bytes…) or an operation on types that has no exact Rust model"),
    ("STAR_ARGS", "`*args` in the signature or a starred argument"),
    ("KWARGS", "`**kwargs` in the signature"),
    ("DEFAULTS", "default values, keyword-only or positional-only parameters"),
    ("DECORATED", "a decorator may replace or wrap the function"),
    ("REBOUND", "the name is assigned, patched or re-imported elsewhere in the program"),
    ("DYNAMIC_LOOKUP", "the program uses globals()/vars()/locals()/__dict__/sys.modules, which can rebind any function"),
    ("ESCAPES", "the function is used as a value (its type and identity become visible)"),
    ("METHOD", "a method: looked up on the instance or class at run time"),
    ("METACLASS", "its class has a metaclass or is built by type(...)"),
    ("NESTED", "defined inside another function (a closure)"),
    ("ASYNC", "async def / await"),
    ("GENERATOR", "yield: a generator's frame outlives the call"),
    ("EVAL_EXEC", "eval/exec/compile run code only known at run time"),
    ("NON_LITERAL_GETATTR", "getattr/setattr/hasattr/delattr with a computed name"),
    ("SET_ITERATION", "a set: its iteration order follows the hashes"),
    ("UNMODELED_CALL", "a call outside the modelled builtins, math functions and static functions"),
    ("CALLS_DYNAMIC", "calls a function that stays dynamic"),
    ("RECURSION", "(mutually) recursive: the depth limit must match sys.getrecursionlimit(), not modelled yet"),
    ("GLOBAL_READ", "reads a module global that is not a never-rebound constant"),
    ("GLOBAL_WRITE", "a global or nonlocal statement"),
    ("UNMODELED_SYNTAX", "a statement or expression the generator does not produce (try, with, comprehensions, f-strings, slices, lambda…)"),
    ("TYPE_CHANGES", "a variable or list holds values of more than one type"),
    ("MIXED_RESULT_TYPE", "the result's type depends on values (int ** int with a computed exponent, float ** a non-integral power, and/or on different types)"),
    ("MAYBE_UNBOUND", "a variable may be read before it is assigned"),
    ("RETURN_TYPE", "returns a type other than its annotation, or may fall off the end"),
    ("ARG_TYPE", "a call passes a different type, count or keyword arguments to a static function"),
    ("MUTATES_ARGUMENT", "mutates a list or dict it received (they are copied across the boundary)"),
    ("RETURNS_ARGUMENT", "returns a list or dict it received (its identity would change)"),
    ("IO", "print/input/open: output must stay in the order of Python's streams"),
    ("RAISES", "raise/try/assert: exceptions are modelled only as errors propagating out"),
];

fn code(name: &str) -> &'static str {
    CODES
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(c, _)| *c)
        .expect("a listed reason code")
}

/// One function or method of the program and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Function {
    pub name: String,
    /// `Class.method` for methods, `outer.<locals>.inner` for nested functions.
    pub qualname: String,
    pub line: u32,
    /// Parameters and return type (when every annotation is in the closed set).
    pub params: Vec<(String, Ty)>,
    pub ret: Option<Ty>,
    /// Types of the local variables (static functions only).
    pub locals: BTreeMap<String, Ty>,
    pub reasons: Vec<Reason>,
    /// Program functions it calls by name, with the line of the first call.
    pub calls: BTreeMap<String, u32>,
    /// Top-level `def` (only these can be static).
    #[serde(skip)]
    pub top_level: bool,
    #[serde(skip)]
    pub node: serde_json::Value,
}

impl Function {
    pub fn is_static(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The type of a parameter or local (static functions only).
    pub fn type_of(&self, name: &str) -> Option<Ty> {
        self.params
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, t)| t.clone())
            .or_else(|| self.locals.get(name).cloned())
    }
}

/// Module-level constants static code may read: assigned exactly once, at
/// module level, to a literal number, bool or str.
pub type Constants = BTreeMap<String, (Ty, Constant)>;

/// The whole program, classified.
#[derive(Debug, Clone, Serialize)]
pub struct Program {
    pub functions: Vec<Function>,
    #[serde(skip)]
    pub constants: Constants,
    #[serde(skip)]
    pub module: serde_json::Value,
}

impl Program {
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions
            .iter()
            .find(|f| f.top_level && f.name == name)
    }
}

/// Parameters (name, type) and the return type.
type Signature = (Vec<(String, Ty)>, Ty);

/// What the whole program does to names, gathered once.
struct Facts {
    /// Top-level function names → (params, ret) when fully annotated.
    signatures: BTreeMap<String, Option<Signature>>,
    /// Names bound at module level (or via `global`) other than by their one
    /// `def`, with the line of the first such binding.
    rebound: BTreeMap<String, u32>,
    /// Attribute stores / setattr with a literal name: `x.NAME = …`.
    attr_stores: BTreeMap<String, u32>,
    /// A construct that can rebind anything (globals(), setattr with a computed name…).
    dynamic_lookup: Option<(u32, String)>,
    /// Function names read as values (not called), first line.
    escapes: BTreeMap<String, u32>,
    /// `import math` at module level and `math` never rebound.
    math_ok: bool,
    constants: Constants,
    /// Every name bound at module level (to tell builtins from shadowing globals).
    module_names: BTreeSet<String>,
}

/// Classifies every function and method of `module` (a `Module` node).
pub fn classify(module: &serde_json::Value) -> Program {
    let root = Node(module);
    let facts = gather(root);
    let mut functions = Vec::new();
    for stmt in root.list("body") {
        collect_functions(stmt, "", true, false, &mut functions);
    }
    for f in &mut functions {
        if !f.top_level {
            continue;
        }
        check_program_level(f, &facts);
        let def = f.node.clone();
        let mut checker = Checker::new(&facts, Node(&def));
        checker.check_signature();
        if checker.signature_ok {
            checker.check_body();
        }
        f.params = checker.params.clone();
        f.ret = checker.ret.clone();
        f.calls = checker.calls.clone();
        f.reasons.extend(checker.reasons);
        if f.is_static() {
            f.locals = checker.locals;
        }
    }
    mark_recursion(&mut functions);
    propagate_dynamic(&mut functions);
    Program {
        functions,
        constants: facts.constants,
        module: module.clone(),
    }
}

/// Every def in the program, methods and nested functions included.
fn collect_functions(
    stmt: Node<'_>,
    prefix: &str,
    top_level: bool,
    in_class: bool,
    out: &mut Vec<Function>,
) {
    match stmt.kind() {
        "FunctionDef" | "AsyncFunctionDef" => {
            let name = stmt.str("name").to_string();
            let qualname = format!("{prefix}{name}");
            let mut reasons = Vec::new();
            if in_class {
                reasons.push(Reason {
                    code: code("METHOD"),
                    line: stmt.line(),
                    detail: "methods are looked up on the instance or class at run time".into(),
                });
            } else if !top_level {
                reasons.push(Reason {
                    code: code("NESTED"),
                    line: stmt.line(),
                    detail: "a nested function closes over its enclosing frame".into(),
                });
            }
            out.push(Function {
                name,
                qualname: qualname.clone(),
                line: stmt.line(),
                params: Vec::new(),
                ret: None,
                locals: BTreeMap::new(),
                reasons,
                calls: BTreeMap::new(),
                top_level,
                node: stmt.0.clone(),
            });
            for inner in stmt.list("body") {
                collect_nested(inner, &format!("{qualname}.<locals>."), out);
            }
        }
        "ClassDef" => {
            let class_prefix = format!("{prefix}{}.", stmt.str("name"));
            let metaclass = stmt
                .list("keywords")
                .iter()
                .any(|k| k.str("arg") == "metaclass");
            let first = out.len();
            for inner in stmt.list("body") {
                collect_functions(inner, &class_prefix, false, true, out);
            }
            if metaclass {
                for f in &mut out[first..] {
                    f.reasons.push(Reason {
                        code: code("METACLASS"),
                        line: stmt.line(),
                        detail: format!("class {} has a metaclass", stmt.str("name")),
                    });
                }
            }
        }
        _ => {
            // defs inside if/try/with at module level are conditional bindings.
            for key in ["body", "orelse", "finalbody", "handlers"] {
                for inner in stmt.list(key) {
                    if matches!(
                        inner.kind(),
                        "FunctionDef" | "AsyncFunctionDef" | "ClassDef"
                    ) {
                        let before = out.len();
                        collect_functions(inner, prefix, false, false, out);
                        for f in &mut out[before..] {
                            if f.reasons.iter().all(|r| r.code == "NESTED") {
                                f.reasons.clear();
                                f.reasons.push(Reason {
                                    code: code("REBOUND"),
                                    line: inner.line(),
                                    detail: "defined conditionally (inside a block)".into(),
                                });
                            }
                        }
                    } else {
                        collect_functions(inner, prefix, top_level, in_class, out);
                    }
                }
            }
        }
    }
}

/// Nested defs and classes anywhere inside a function body.
fn collect_nested(stmt: Node<'_>, prefix: &str, out: &mut Vec<Function>) {
    match stmt.kind() {
        "FunctionDef" | "AsyncFunctionDef" | "ClassDef" => {
            collect_functions(stmt, prefix, false, stmt.kind() == "ClassDef", out)
        }
        _ => {
            for key in ["body", "orelse", "finalbody", "handlers"] {
                for inner in stmt.list(key) {
                    collect_nested(inner, prefix, out);
                }
            }
        }
    }
}

/// Module-wide facts: what is rebound, patched, escapes, or reached dynamically.
fn gather(root: Node<'_>) -> Facts {
    let mut facts = Facts {
        signatures: BTreeMap::new(),
        rebound: BTreeMap::new(),
        attr_stores: BTreeMap::new(),
        dynamic_lookup: None,
        escapes: BTreeMap::new(),
        math_ok: false,
        constants: BTreeMap::new(),
        module_names: BTreeSet::new(),
    };
    // Module-level bindings: each name and how many times / by what.
    let mut bindings: BTreeMap<String, Vec<(u32, &str)>> = BTreeMap::new();
    let mut constant_values: BTreeMap<String, (u32, Node<'_>)> = BTreeMap::new();
    for stmt in root.list("body") {
        module_bindings(stmt, &mut bindings, &mut constant_values);
    }
    // `global x` inside functions makes their stores module bindings too.
    for node in root.walk() {
        if matches!(node.kind(), "FunctionDef" | "AsyncFunctionDef") {
            let globals: BTreeSet<&str> = node
                .walk()
                .iter()
                .filter(|n| n.kind() == "Global")
                .flat_map(|n| {
                    n.0["names"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str())
                })
                .collect();
            for n in node.walk() {
                if n.kind() == "Name" && n.str("ctx") != "Load" && globals.contains(n.str("id")) {
                    bindings
                        .entry(n.str("id").to_string())
                        .or_default()
                        .push((n.line(), "global"));
                }
            }
        }
    }
    for (name, binds) in &bindings {
        facts.module_names.insert(name.clone());
        let defs = binds.iter().filter(|(_, how)| *how == "def").count();
        if defs >= 1 && binds.len() > 1 {
            let line = binds.iter().skip(1).map(|(l, _)| *l).next().unwrap_or(0);
            facts.rebound.insert(name.clone(), line);
        }
        if binds.len() == 1 && binds[0].1 == "const" {
            if let Some((_, value)) = constant_values.get(name) {
                let c = constant(*value);
                let ty = match &c {
                    Constant::Int(_) => Some(Ty::Int),
                    Constant::Float(_) => Some(Ty::Float),
                    Constant::Bool(_) => Some(Ty::Bool),
                    Constant::Str(_) => Some(Ty::Str),
                    _ => None,
                };
                if let Some(ty) = ty {
                    facts.constants.insert(name.clone(), (ty, c));
                }
            }
        }
    }
    facts.math_ok = bindings
        .get("math")
        .is_some_and(|b| b.len() == 1 && b[0].1 == "import math");

    for stmt in root.list("body") {
        if matches!(stmt.kind(), "FunctionDef") {
            let sig = signature_of(stmt);
            facts.signatures.insert(stmt.str("name").to_string(), sig);
        }
    }

    // Whole-program uses: attribute stores, setattr, dynamic lookup, escapes.
    let all = root.walk();
    let mut called: BTreeSet<*const serde_json::Value> = BTreeSet::new();
    for node in &all {
        if node.kind() == "Call" {
            if let Some(func) = node.field("func") {
                called.insert(func.0 as *const _);
            }
        }
    }
    for node in &all {
        match node.kind() {
            "Attribute" if node.str("ctx") != "Load" => {
                facts
                    .attr_stores
                    .entry(node.str("attr").to_string())
                    .or_insert(node.line());
            }
            "Attribute" if matches!(node.str("attr"), "__dict__" | "__globals__" | "modules") => {
                let is_sys_modules = node.str("attr") != "modules"
                    || node.field("value").is_some_and(|v| v.str("id") == "sys");
                if is_sys_modules && facts.dynamic_lookup.is_none() {
                    facts.dynamic_lookup =
                        Some((node.line(), format!("uses .{}", node.str("attr"))));
                }
            }
            "Import" | "ImportFrom"
                if (node
                    .list("names")
                    .iter()
                    .any(|a| a.str("name") == "__main__")
                    || node.str("module") == "__main__")
                    && facts.dynamic_lookup.is_none() =>
            {
                facts.dynamic_lookup = Some((node.line(), "imports __main__".into()));
            }
            "Call" => {
                let func = node.field("func");
                let fname = func.map(|f| f.str("id")).unwrap_or("");
                if matches!(fname, "globals" | "vars" | "locals") && facts.dynamic_lookup.is_none()
                {
                    facts.dynamic_lookup = Some((node.line(), format!("calls {fname}()")));
                }
                if matches!(fname, "setattr" | "delattr") {
                    // A computed name can rebind a module function only on
                    // the module object, which a program reaches through
                    // sys.modules, globals() or `import __main__` (all
                    // flagged); on other objects it patches methods, which
                    // are dynamic anyway.
                    if let Some(Some(name)) = node.list("args").get(1).map(|a| constant_str(*a)) {
                        facts.attr_stores.entry(name).or_insert(node.line());
                    }
                }
            }
            "Name" if node.str("ctx") == "Load" => {
                let name = node.str("id");
                if facts.signatures.contains_key(name) && !called.contains(&(node.0 as *const _)) {
                    facts.escapes.entry(name.to_string()).or_insert(node.line());
                }
            }
            _ => {}
        }
    }
    facts
}

fn constant_str(node: Node<'_>) -> Option<String> {
    match (node.kind(), constant(node)) {
        ("Constant", Constant::Str(s)) => Some(s),
        _ => None,
    }
}

/// Records what each module-level statement binds.
fn module_bindings<'a>(
    stmt: Node<'a>,
    bindings: &mut BTreeMap<String, Vec<(u32, &'static str)>>,
    constants: &mut BTreeMap<String, (u32, Node<'a>)>,
) {
    let mut bind = |name: &str, line: u32, how: &'static str| {
        bindings
            .entry(name.to_string())
            .or_default()
            .push((line, how));
    };
    match stmt.kind() {
        "FunctionDef" | "AsyncFunctionDef" | "ClassDef" => {
            let how = if stmt.kind() == "FunctionDef" && stmt.list("decorator_list").is_empty() {
                "def"
            } else {
                "other"
            };
            bind(stmt.str("name"), stmt.line(), how);
        }
        "Import" | "ImportFrom" => {
            for alias in stmt.list("names") {
                let asname = alias.str("asname");
                let name = if asname.is_empty() {
                    alias.str("name").split('.').next().unwrap_or("")
                } else {
                    asname
                };
                let how = if stmt.kind() == "Import"
                    && alias.str("name") == "math"
                    && asname.is_empty()
                {
                    "import math"
                } else {
                    "import"
                };
                bind(name, stmt.line(), how);
            }
        }
        "Assign"
            if stmt.list("targets").len() == 1
                && stmt.list("targets")[0].kind() == "Name"
                && stmt.field("value").is_some_and(|v| v.kind() == "Constant") =>
        {
            let name = stmt.list("targets")[0].str("id");
            bind(name, stmt.line(), "const");
            constants.insert(
                name.to_string(),
                (stmt.line(), stmt.field("value").expect("checked")),
            );
        }
        _ => {
            // Every Name stored anywhere in this statement (outside nested
            // defs/classes, which have their own scope) binds a module name.
            for node in stores_outside_scopes(stmt) {
                bind(node.str("id"), node.line(), "other");
            }
            for key in ["body", "orelse", "finalbody", "handlers"] {
                for inner in stmt.list(key) {
                    if matches!(
                        inner.kind(),
                        "FunctionDef" | "AsyncFunctionDef" | "ClassDef" | "Import" | "ImportFrom"
                    ) {
                        module_bindings(inner, bindings, constants);
                        // A second binding: conditional definitions never count as the one def.
                        bindings
                            .entry(inner.str("name").to_string())
                            .or_default()
                            .push((inner.line(), "other"));
                    }
                }
            }
        }
    }
}

/// Names stored by a statement, not looking into nested scopes.
fn stores_outside_scopes(stmt: Node<'_>) -> Vec<Node<'_>> {
    fn go<'a>(v: &'a serde_json::Value, out: &mut Vec<Node<'a>>, top: bool) {
        let node = Node(v);
        if !top
            && matches!(
                node.kind(),
                "FunctionDef"
                    | "AsyncFunctionDef"
                    | "ClassDef"
                    | "Lambda"
                    | "ListComp"
                    | "SetComp"
                    | "DictComp"
                    | "GeneratorExp"
            )
        {
            return;
        }
        if node.kind() == "Name" && node.str("ctx") != "Load" {
            out.push(node);
        }
        match v {
            serde_json::Value::Object(map) => {
                for child in map.values() {
                    go(child, out, false);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| go(i, out, false)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(stmt.0, &mut out, true);
    out
}

/// (params, return) when every annotation is in the closed set.
fn signature_of(def: Node<'_>) -> Option<Signature> {
    let args = def.field("args")?;
    if !args.list("posonlyargs").is_empty()
        || !args.list("kwonlyargs").is_empty()
        || args.field("vararg").is_some()
        || args.field("kwarg").is_some()
        || !args.list("defaults").is_empty()
    {
        return None;
    }
    let mut params = Vec::new();
    for arg in args.list("args") {
        let ty = from_annotation(arg.field("annotation")?).ok()?;
        params.push((arg.str("arg").to_string(), ty));
    }
    let ret = from_annotation(def.field("returns")?).ok()?;
    Some((params, ret))
}

/// Reasons that come from the rest of the program, not the body.
fn check_program_level(f: &mut Function, facts: &Facts) {
    let node = Node(&f.node);
    let mut add = |c: &str, line: u32, detail: String| {
        f.reasons.push(Reason {
            code: code(c),
            line,
            detail,
        })
    };
    if let Some(decorator) = node.list("decorator_list").first() {
        add(
            "DECORATED",
            decorator.line(),
            "a decorator may replace the function".into(),
        );
    }
    if let Some(line) = facts.rebound.get(&f.name) {
        add(
            "REBOUND",
            *line,
            format!("`{}` is bound again at line {line}", f.name),
        );
    }
    if let Some(line) = facts.attr_stores.get(&f.name) {
        add(
            "REBOUND",
            *line,
            format!(
                "an attribute named `{}` is assigned at line {line} (monkey patching)",
                f.name
            ),
        );
    }
    if let Some((line, what)) = &facts.dynamic_lookup {
        add(
            "DYNAMIC_LOOKUP",
            *line,
            format!("the program {what} at line {line}, which can rebind any function"),
        );
    }
    if let Some(line) = facts.escapes.get(&f.name) {
        add(
            "ESCAPES",
            *line,
            format!("`{}` is used as a value at line {line}", f.name),
        );
    }
}

/// Checks one function's signature and body, inferring local types.
struct Checker<'f> {
    facts: &'f Facts,
    def: Node<'f>,
    params: Vec<(String, Ty)>,
    ret: Option<Ty>,
    signature_ok: bool,
    /// Every name the body assigns (Python makes them local everywhere in the function).
    assigned: BTreeSet<String>,
    locals: BTreeMap<String, Ty>,
    /// Definitely assigned at the current point.
    defined: BTreeSet<String>,
    /// List and dict variables that may alias one the caller passed in.
    borrowed: BTreeSet<String>,
    /// The dicts walked by the `for` loops enclosing the current statement.
    dict_loops: Vec<String>,
    /// Local dicts that only ever hold a fresh display and are never
    /// assigned to another name: nothing else can be the same object.
    unshared_dicts: BTreeSet<String>,
    reasons: Vec<Reason>,
    calls: BTreeMap<String, u32>,
}

impl<'f> Checker<'f> {
    fn new(facts: &'f Facts, def: Node<'f>) -> Self {
        Checker {
            facts,
            def,
            params: Vec::new(),
            ret: None,
            signature_ok: true,
            assigned: BTreeSet::new(),
            locals: BTreeMap::new(),
            defined: BTreeSet::new(),
            borrowed: BTreeSet::new(),
            dict_loops: Vec::new(),
            unshared_dicts: BTreeSet::new(),
            reasons: Vec::new(),
            calls: BTreeMap::new(),
        }
    }

    fn reason(&mut self, c: &str, line: u32, detail: impl Into<String>) {
        let reason = Reason {
            code: code(c),
            line,
            detail: detail.into(),
        };
        if !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
    }

    fn annotation(&mut self, node: Option<Node<'_>>, what: &str, line: u32) -> Option<Ty> {
        match node {
            None => {
                self.reason("UNTYPED", line, format!("{what} has no annotation"));
                None
            }
            Some(a) => match from_annotation(a) {
                Ok(ty) => Some(ty),
                Err(AnnotationError::Any(name)) => {
                    self.reason("ANY", a.line(), format!("{what} is annotated {name}"));
                    None
                }
                Err(AnnotationError::Unmodeled(name)) => {
                    self.reason(
                        "UNMODELED_TYPE",
                        a.line(),
                        format!("{what} is annotated {name}, outside the closed type set"),
                    );
                    None
                }
            },
        }
    }

    fn check_signature(&mut self) {
        let def = self.def;
        let line = def.line();
        if def.kind() == "AsyncFunctionDef" {
            self.reason("ASYNC", line, "async def");
        }
        let Some(args) = def.field("args") else {
            self.signature_ok = false;
            return;
        };
        if let Some(v) = args.field("vararg") {
            self.reason("STAR_ARGS", v.line(), format!("*{}", v.str("arg")));
        }
        if let Some(k) = args.field("kwarg") {
            self.reason("KWARGS", k.line(), format!("**{}", k.str("arg")));
        }
        if !args.list("defaults").is_empty() || !args.list("kw_defaults").is_empty() {
            self.reason("DEFAULTS", line, "parameters with default values");
        }
        if !args.list("kwonlyargs").is_empty() || !args.list("posonlyargs").is_empty() {
            self.reason(
                "DEFAULTS",
                line,
                "keyword-only or positional-only parameters",
            );
        }
        for arg in args.list("args") {
            let name = arg.str("arg").to_string();
            match self.annotation(
                arg.field("annotation"),
                &format!("parameter `{name}`"),
                arg.line(),
            ) {
                Some(ty) => {
                    if matches!(ty, Ty::List(_) | Ty::Dict(..)) {
                        self.borrowed.insert(name.clone());
                    }
                    self.defined.insert(name.clone());
                    self.params.push((name, ty));
                }
                None => self.signature_ok = false,
            }
        }
        self.ret = self.annotation(def.field("returns"), "the return value", line);
        if self.ret.is_none() {
            self.signature_ok = false;
        }
        if !self.reasons.is_empty() {
            self.signature_ok = false;
        }
    }

    fn check_body(&mut self) {
        let def = self.def;
        let body = def.list("body");
        // Python: a name assigned anywhere in the function is local everywhere in it.
        for stmt in &body {
            for n in stores_outside_scopes(*stmt) {
                self.assigned.insert(n.str("id").to_string());
            }
        }
        self.find_borrowed(&body);
        self.find_unshared_dicts(&body);
        let body: Vec<Node<'f>> = skip_docstring(body);
        self.block(&body);
        let ret = self.ret.clone().expect("signature checked");
        if ret != Ty::None && !always_returns(&body) {
            self.reason(
                "RETURN_TYPE",
                def.line(),
                format!("annotated {ret} but may reach the end and return None"),
            );
        }
    }

    /// List names that may alias a parameter (flow-insensitive, to a fixpoint).
    fn find_borrowed(&mut self, body: &[Node<'f>]) {
        loop {
            let before = self.borrowed.len();
            for stmt in body {
                for node in stmt.walk() {
                    if node.kind() == "Assign" {
                        if let (Some(target), Some(value)) =
                            (node.list("targets").first().copied(), node.field("value"))
                        {
                            if target.kind() == "Name" && self.may_borrow(value) {
                                self.borrowed.insert(target.str("id").to_string());
                            }
                        }
                    }
                }
            }
            if self.borrowed.len() == before {
                break;
            }
        }
    }

    /// Names assigned only dict displays and never assigned onward.
    fn find_unshared_dicts(&mut self, body: &[Node<'f>]) {
        let mut displays = BTreeSet::new();
        let mut other = BTreeSet::new();
        for stmt in body {
            for node in stmt.walk() {
                let (target, value) = match node.kind() {
                    "Assign" => (node.list("targets").first().copied(), node.field("value")),
                    "AnnAssign" => (node.field("target"), node.field("value")),
                    _ => (None, None),
                };
                if let Some(value) = value {
                    // Anything a name flows into may share its object.
                    for n in value.walk() {
                        if n.kind() == "Name" && !matches!(value.kind(), "Dict") {
                            other.insert(n.str("id").to_string());
                        }
                    }
                }
                if let (Some(t), Some(v)) = (target, value) {
                    if t.kind() == "Name" {
                        let set = if v.kind() == "Dict" {
                            &mut displays
                        } else {
                            &mut other
                        };
                        set.insert(t.str("id").to_string());
                    }
                }
                // Loop targets and the values of `x op= value` / `x := value`.
                let flows = match node.kind() {
                    "For" => node.field("target"),
                    "AugAssign" | "NamedExpr" => node.field("value"),
                    _ => None,
                };
                for n in flows.map(|f| f.walk()).unwrap_or_default() {
                    if n.kind() == "Name" {
                        other.insert(n.str("id").to_string());
                    }
                }
                if node.kind() == "NamedExpr" {
                    if let Some(t) = node.field("target") {
                        other.insert(t.str("id").to_string());
                    }
                }
            }
        }
        self.unshared_dicts = displays
            .into_iter()
            .filter(|n| !other.contains(n) && !self.params.iter().any(|(p, _)| p == n))
            .collect();
    }

    fn may_borrow(&self, value: Node<'_>) -> bool {
        match value.kind() {
            "Name" => self.borrowed.contains(value.str("id")),
            "IfExp" => {
                value.field("body").is_some_and(|b| self.may_borrow(b))
                    || value.field("orelse").is_some_and(|b| self.may_borrow(b))
            }
            "BoolOp" => value.list("values").iter().any(|v| self.may_borrow(*v)),
            _ => false,
        }
    }

    fn block(&mut self, body: &[Node<'f>]) {
        for stmt in body {
            self.stmt(*stmt);
        }
    }

    fn stmt(&mut self, s: Node<'f>) {
        let line = s.line();
        match s.kind() {
            "Return" => {
                let ty = match s.field("value") {
                    Some(v) => {
                        if self.may_borrow(v) {
                            self.reason(
                                "RETURNS_ARGUMENT",
                                line,
                                "returns a list the caller passed in",
                            );
                        }
                        self.expr(v)
                    }
                    None => Some(Ty::None),
                };
                let ret = self.ret.clone();
                if let (Some(ty), Some(ret)) = (ty, ret) {
                    if ty != ret {
                        self.reason(
                            "RETURN_TYPE",
                            line,
                            format!("returns {ty}, annotated {ret}"),
                        );
                    }
                }
            }
            "Assign" => {
                let targets = s.list("targets");
                let value_ty = s.field("value").and_then(|v| self.expr(v));
                if targets.len() != 1 {
                    self.reason("UNMODELED_SYNTAX", line, "chained assignment a = b = …");
                    return;
                }
                if let Some(ty) = value_ty {
                    self.assign(targets[0], ty, line);
                }
            }
            "AnnAssign" => {
                let target = s.field("target").expect("AnnAssign has a target");
                let Some(declared) =
                    self.annotation(s.field("annotation"), "a local variable", line)
                else {
                    return;
                };
                let Some(value) = s.field("value") else {
                    self.reason("UNMODELED_SYNTAX", line, "annotation without a value");
                    return;
                };
                let ty = if value.kind() == "List" && value.list("elts").is_empty() {
                    if matches!(declared, Ty::List(_)) {
                        Some(declared.clone())
                    } else {
                        self.reason("TYPE_CHANGES", line, format!("[] assigned to a {declared}"));
                        None
                    }
                } else if value.kind() == "Dict" && value.list("keys").is_empty() {
                    if matches!(declared, Ty::Dict(..)) {
                        Some(declared.clone())
                    } else {
                        self.reason(
                            "TYPE_CHANGES",
                            line,
                            format!("{{}} assigned to a {declared}"),
                        );
                        None
                    }
                } else {
                    self.expr(value)
                };
                if let Some(ty) = ty {
                    if ty != declared {
                        self.reason(
                            "TYPE_CHANGES",
                            line,
                            format!("annotated {declared} but assigned {ty}"),
                        );
                    } else {
                        self.assign(target, ty, line);
                    }
                }
            }
            "AugAssign" => {
                let target = s.field("target").expect("AugAssign has a target");
                let op = s.op("op");
                let target_ty = match target.kind() {
                    "Name" => self.name_load(target),
                    "Subscript" => self.subscript_target(target),
                    _ => {
                        self.reason(
                            "UNMODELED_SYNTAX",
                            line,
                            format!("augmented assignment to a {}", target.kind()),
                        );
                        None
                    }
                };
                let value = s.field("value").expect("AugAssign has a value");
                let value_ty = self.expr(value);
                if let (Some(t), Some(v)) = (target_ty, value_ty) {
                    if let Some(result) = self.binop(op, &t, &v, value, line) {
                        if result != t {
                            self.reason(
                                "TYPE_CHANGES",
                                line,
                                format!("{t} {op}= {v} makes a {result}"),
                            );
                        }
                        if matches!(t, Ty::List(_))
                            && target.kind() == "Name"
                            && self.borrowed.contains(target.str("id"))
                        {
                            self.reason(
                                "MUTATES_ARGUMENT",
                                line,
                                "+= extends a list the caller passed in",
                            );
                        }
                    }
                }
            }
            "If" => {
                self.condition(s.field("test"));
                let before = self.defined.clone();
                let body = s.list("body");
                self.block(&body);
                let after_body = std::mem::replace(&mut self.defined, before);
                let orelse = s.list("orelse");
                self.block(&orelse);
                let after_else = std::mem::take(&mut self.defined);
                self.defined = match (terminates(&body), terminates(&orelse)) {
                    (true, false) => after_else,
                    (false, true) => after_body,
                    _ => after_body.intersection(&after_else).cloned().collect(),
                };
            }
            "While" => {
                self.condition(s.field("test"));
                self.loop_body(s, &[]);
            }
            "For" => {
                let target = s.field("target").expect("For has a target");
                let Some(iter) = s.field("iter") else { return };
                let over_dict = self.iterates_dict(iter);
                let item = self.iteration(iter);
                let names: Vec<String> = match target.kind() {
                    "Name" => vec![target.str("id").to_string()],
                    "Tuple" if target.list("elts").iter().all(|e| e.kind() == "Name") => target
                        .list("elts")
                        .iter()
                        .map(|e| e.str("id").to_string())
                        .collect(),
                    _ => {
                        self.reason(
                            "UNMODELED_SYNTAX",
                            line,
                            "for with a nested or starred target",
                        );
                        return;
                    }
                };
                if let Some(item) = item {
                    let before = self.defined.clone();
                    self.assign(target, item, line);
                    self.defined = before;
                    // CPython's dict iterator raises or skips when the dict
                    // changes under it: loops over a dict change none.
                    if let Some(walked) = &over_dict {
                        self.dict_loops.push(walked.clone());
                    }
                    self.loop_body(s, &names);
                    if over_dict.is_some() {
                        self.dict_loops.pop();
                    }
                }
            }
            "Delete" => {
                for target in s.list("targets") {
                    let deleted = match target.kind() {
                        "Subscript" => self.subscript_target(target),
                        _ => None,
                    };
                    match deleted {
                        Some(_)
                            if matches!(
                                target.field("value").and_then(|v| self.expr(v)),
                                Some(Ty::Dict(..))
                            ) => {}
                        Some(_) => self.reason("UNMODELED_SYNTAX", line, "del of a list item"),
                        None => self.reason(
                            "UNMODELED_SYNTAX",
                            line,
                            format!("del of a {}", target.kind()),
                        ),
                    }
                }
            }
            "Break" | "Continue" | "Pass" => {}
            "Expr" => {
                if let Some(v) = s.field("value") {
                    self.expr(v);
                }
            }
            "Global" | "Nonlocal" => self.reason(
                "GLOBAL_WRITE",
                line,
                format!("{} statement", s.kind().to_lowercase()),
            ),
            "Raise" | "Try" | "TryStar" | "Assert" => self.reason(
                "RAISES",
                line,
                format!("{} statement", s.kind().to_lowercase()),
            ),
            "FunctionDef" | "AsyncFunctionDef" | "ClassDef" | "Lambda" => self.reason(
                "UNMODELED_SYNTAX",
                line,
                "defines a nested function or class",
            ),
            other => self.reason("UNMODELED_SYNTAX", line, format!("{other} statement")),
        }
    }

    /// A loop body: what it assigns is not definitely assigned after the loop.
    fn loop_body(&mut self, s: Node<'f>, loop_vars: &[String]) {
        if !s.list("orelse").is_empty() {
            self.reason("UNMODELED_SYNTAX", s.line(), "else clause on a loop");
        }
        let before = self.defined.clone();
        for v in loop_vars {
            self.defined.insert(v.clone());
        }
        let body = s.list("body");
        self.block(&body);
        self.defined = before;
    }

    fn condition(&mut self, test: Option<Node<'f>>) {
        if let Some(t) = test {
            self.expr(t);
        }
    }

    /// The item type of a `for` loop's iterable.
    fn iteration(&mut self, iter: Node<'f>) -> Option<Ty> {
        if iter.kind() == "Call"
            && iter
                .field("func")
                .is_some_and(|f| f.kind() == "Name" && f.str("id") == "range")
            && !self.shadowed("range")
        {
            let args = iter.list("args");
            if args.is_empty() || args.len() > 3 || !iter.list("keywords").is_empty() {
                self.reason(
                    "UNMODELED_CALL",
                    iter.line(),
                    "range() with other than 1-3 positional arguments",
                );
                return None;
            }
            for a in args {
                let ty = self.expr(a)?;
                if ty != Ty::Int {
                    self.reason("UNMODELED_TYPE", a.line(), format!("range() of a {ty}"));
                    return None;
                }
            }
            return Some(Ty::Int);
        }
        if let Some((view, dict)) = dict_view(iter) {
            let Some(Ty::Dict(k, v)) = self.expr(dict) else {
                self.reason(
                    "UNMODELED_CALL",
                    iter.line(),
                    format!(".{view}() of a non-dict"),
                );
                return None;
            };
            return Some(match view {
                "keys" => *k,
                "values" => *v,
                _ => Ty::Tuple(vec![*k, *v]),
            });
        }
        match self.expr(iter)? {
            Ty::List(item) => Some(*item),
            Ty::Str => Some(Ty::Str),
            Ty::Dict(k, _) => Some(*k),
            other => {
                self.reason(
                    "UNMODELED_TYPE",
                    iter.line(),
                    format!("iterating over a {other}"),
                );
                None
            }
        }
    }

    /// The dict a `for` over `iter` walks (itself or a view of it): its
    /// name, or "" when it is not a plain name.
    fn iterates_dict(&self, iter: Node<'_>) -> Option<String> {
        let dict = dict_view(iter).map(|(_, d)| d).unwrap_or(iter);
        if dict.kind() != "Name" {
            return dict_view(iter).map(|_| String::new());
        }
        matches!(self.local_type(dict.str("id")), Some(Ty::Dict(..)))
            .then(|| dict.str("id").to_string())
    }

    /// The type of a parameter or an already typed local.
    fn local_type(&self, name: &str) -> Option<Ty> {
        self.params
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, t)| t.clone())
            .or_else(|| self.locals.get(name).cloned())
    }

    /// A change to dict `obj`: refused inside a loop over a dict unless
    /// `obj` is an unshared local other than every dict being walked.
    fn dict_changed(&mut self, obj: Node<'_>, line: u32) {
        let safe = obj.kind() == "Name"
            && self.unshared_dicts.contains(obj.str("id"))
            && self.dict_loops.iter().all(|walked| walked != obj.str("id"));
        if !self.dict_loops.is_empty() && !safe {
            self.reason(
                "UNMODELED_SYNTAX",
                line,
                "changes a dict inside a loop over a dict (CPython's iterator raises or skips)",
            );
        }
    }

    fn assign(&mut self, target: Node<'f>, ty: Ty, line: u32) {
        match target.kind() {
            "Name" => {
                let name = target.str("id").to_string();
                let existing = self.local_type(&name);
                match existing {
                    Some(old) if old != ty => {
                        self.reason(
                            "TYPE_CHANGES",
                            line,
                            format!("`{name}` holds a {old} and a {ty}"),
                        );
                    }
                    Some(_) => {}
                    None => {
                        self.locals.insert(name.clone(), ty);
                    }
                }
                self.defined.insert(name);
            }
            "Tuple" | "List" => {
                let elts = target.list("elts");
                match ty {
                    Ty::Tuple(items) if items.len() == elts.len() => {
                        for (elt, item) in elts.into_iter().zip(items) {
                            if elt.kind() != "Name" {
                                self.reason("UNMODELED_SYNTAX", line, "unpacking into a non-name");
                                continue;
                            }
                            self.assign(elt, item, line);
                        }
                    }
                    other => self.reason(
                        "UNMODELED_TYPE",
                        line,
                        format!("unpacking a {other} into {} names", elts.len()),
                    ),
                }
            }
            "Subscript" => {
                if let Some(item) = self.subscript_target(target) {
                    if item != ty {
                        self.reason(
                            "TYPE_CHANGES",
                            line,
                            format!("stores a {ty} into a list of {item}"),
                        );
                    }
                }
            }
            other => self.reason("UNMODELED_SYNTAX", line, format!("assignment to a {other}")),
        }
    }

    /// `lst[i]` as a store target: the list's item type.
    fn subscript_target(&mut self, target: Node<'f>) -> Option<Ty> {
        let line = target.line();
        let obj = target.field("value")?;
        let index = target.field("slice")?;
        let obj_ty = self.expr(obj)?;
        if index.kind() == "Slice" {
            self.reason("UNMODELED_SYNTAX", line, "slice assignment");
            return None;
        }
        let index_ty = self.expr(index)?;
        match obj_ty {
            Ty::List(item) if index_ty == Ty::Int => {
                if obj.kind() != "Name" || self.borrowed.contains(obj.str("id")) {
                    self.reason(
                        "MUTATES_ARGUMENT",
                        line,
                        "stores into a list that may be the caller's",
                    );
                }
                Some(*item)
            }
            Ty::Dict(key, value) if index_ty == *key => {
                if obj.kind() != "Name" || self.borrowed.contains(obj.str("id")) {
                    self.reason(
                        "MUTATES_ARGUMENT",
                        line,
                        "changes a dict that may be the caller's",
                    );
                }
                self.dict_changed(obj, line);
                Some(*value)
            }
            other => {
                self.reason(
                    "UNMODELED_TYPE",
                    line,
                    format!("item assignment on a {other} with a {index_ty} index"),
                );
                None
            }
        }
    }

    fn shadowed(&self, builtin: &str) -> bool {
        self.assigned.contains(builtin)
            || self.params.iter().any(|(p, _)| p == builtin)
            || self.facts.module_names.contains(builtin)
    }

    fn name_load(&mut self, n: Node<'f>) -> Option<Ty> {
        let name = n.str("id");
        let line = n.line();
        let local = self.local_type(name);
        if self.assigned.contains(name) || local.is_some() {
            if !self.defined.contains(name) {
                self.reason(
                    "MAYBE_UNBOUND",
                    line,
                    format!("`{name}` may be read before it is assigned"),
                );
                return None;
            }
            return local;
        }
        if let Some((ty, _)) = self.facts.constants.get(name) {
            return Some(ty.clone());
        }
        if self.facts.signatures.contains_key(name) {
            // Reported once, program-wide, as ESCAPES.
            return None;
        }
        self.reason("GLOBAL_READ", line, format!("reads the global `{name}`"));
        None
    }

    fn expr(&mut self, n: Node<'f>) -> Option<Ty> {
        let line = n.line();
        match n.kind() {
            "Constant" => match constant(n) {
                Constant::Int(_) => Some(Ty::Int),
                Constant::Float(_) => Some(Ty::Float),
                Constant::Bool(_) => Some(Ty::Bool),
                Constant::Str(_) => Some(Ty::Str),
                Constant::None => Some(Ty::None),
                Constant::Other(kind) => {
                    self.reason("UNMODELED_TYPE", line, format!("a {kind} constant"));
                    None
                }
            },
            "Name" => self.name_load(n),
            "BinOp" => {
                let l = self.expr(n.field("left")?);
                let right = n.field("right")?;
                let r = self.expr(right);
                self.binop(n.op("op"), &l?, &r?, right, line)
            }
            "UnaryOp" => {
                let t = self.expr(n.field("operand")?)?;
                match (n.op("op"), &t) {
                    ("Not", _) => Some(Ty::Bool),
                    ("USub" | "UAdd", Ty::Int | Ty::Float) => Some(t),
                    ("Invert", Ty::Int) => Some(Ty::Int),
                    (op, t) => {
                        self.reason("UNMODELED_TYPE", line, format!("unary {op} on a {t}"));
                        None
                    }
                }
            }
            "BoolOp" => {
                let tys: Vec<Option<Ty>> =
                    n.list("values").into_iter().map(|v| self.expr(v)).collect();
                let tys: Option<Vec<Ty>> = tys.into_iter().collect();
                let tys = tys?;
                if tys.windows(2).all(|w| w[0] == w[1]) {
                    tys.into_iter().next()
                } else {
                    self.reason(
                        "MIXED_RESULT_TYPE",
                        line,
                        "and/or between different types returns either",
                    );
                    None
                }
            }
            "Compare" => {
                let mut left = self.expr(n.field("left")?)?;
                let ops: Vec<&str> = n.0["ops"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| o.get("_").and_then(|v| v.as_str()).unwrap_or(""))
                    .collect();
                for (op, comparator) in ops.into_iter().zip(n.list("comparators")) {
                    let right = self.expr(comparator)?;
                    let ok = match op {
                        "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" => {
                            (left.is_number() && right.is_number())
                                || (left == Ty::Str && right == Ty::Str)
                                || (matches!(op, "Eq" | "NotEq")
                                    && left == Ty::Bool
                                    && right == Ty::Bool)
                        }
                        "In" | "NotIn" => {
                            matches!(&right, Ty::List(item) if **item == left && left != Ty::Float)
                                || matches!(&right, Ty::Dict(key, _) if **key == left)
                                || (left == Ty::Str && right == Ty::Str)
                        }
                        _ => false,
                    };
                    if !ok {
                        self.reason(
                            "UNMODELED_TYPE",
                            line,
                            format!("comparison {left} {op} {right}"),
                        );
                        return None;
                    }
                    left = right;
                }
                Some(Ty::Bool)
            }
            "IfExp" => {
                self.expr(n.field("test")?);
                let a = self.expr(n.field("body")?);
                let b = self.expr(n.field("orelse")?);
                let (a, b) = (a?, b?);
                if a == b {
                    Some(a)
                } else {
                    self.reason(
                        "MIXED_RESULT_TYPE",
                        line,
                        format!("conditional expression of {a} or {b}"),
                    );
                    None
                }
            }
            "Call" => self.call(n),
            "JoinedStr" => {
                for part in n.list("values") {
                    match part.kind() {
                        "Constant" => {}
                        "FormattedValue" => {
                            let ty = self.expr(part.field("value")?)?;
                            if !ty.is_scalar() {
                                self.reason(
                                    "UNMODELED_TYPE",
                                    line,
                                    format!("an f-string field of a {ty}"),
                                );
                                return None;
                            }
                            let literal_spec = part.field("format_spec").is_none_or(|spec| {
                                spec.list("values").iter().all(|v| v.kind() == "Constant")
                            });
                            if !literal_spec {
                                self.reason(
                                    "UNMODELED_SYNTAX",
                                    line,
                                    "an f-string format spec with a replacement field",
                                );
                                return None;
                            }
                        }
                        other => {
                            self.reason(
                                "UNMODELED_SYNTAX",
                                line,
                                format!("an f-string part {other}"),
                            );
                            return None;
                        }
                    }
                }
                Some(Ty::Str)
            }
            "Attribute" => {
                let value = n.field("value")?;
                if value.kind() == "Name"
                    && value.str("id") == "math"
                    && self.facts.math_ok
                    && matches!(n.str("attr"), "pi" | "e" | "tau" | "inf" | "nan")
                {
                    return Some(Ty::Float);
                }
                self.reason(
                    "UNMODELED_SYNTAX",
                    line,
                    format!("attribute .{}", n.str("attr")),
                );
                None
            }
            "Subscript" => {
                let obj = self.expr(n.field("value")?);
                let index = n.field("slice")?;
                if index.kind() == "Slice" {
                    self.reason("UNMODELED_SYNTAX", line, "slice");
                    return None;
                }
                let index_ty = self.expr(index)?;
                match (obj?, index_ty) {
                    (Ty::List(item), Ty::Int) => Some(*item),
                    (Ty::Dict(key, value), idx) if *key == idx => Some(*value),
                    (Ty::Str, Ty::Int) => Some(Ty::Str),
                    (Ty::Tuple(items), Ty::Int) => match (index.kind(), constant(index)) {
                        ("Constant", Constant::Int(i)) => {
                            let i: i64 = i.parse().unwrap_or(i64::MAX);
                            let len = items.len() as i64;
                            let at = if i < 0 { i + len } else { i };
                            if (0..len).contains(&at) {
                                Some(items[at as usize].clone())
                            } else {
                                self.reason("UNMODELED_SYNTAX", line, "tuple index out of range");
                                None
                            }
                        }
                        _ => {
                            self.reason(
                                "MIXED_RESULT_TYPE",
                                line,
                                "tuple indexed by a computed index",
                            );
                            None
                        }
                    },
                    (obj, idx) => {
                        self.reason(
                            "UNMODELED_TYPE",
                            line,
                            format!("indexing a {obj} with a {idx}"),
                        );
                        None
                    }
                }
            }
            "List" => {
                let elts = n.list("elts");
                if elts.is_empty() {
                    self.reason(
                        "UNTYPED",
                        line,
                        "an empty list literal needs an annotated assignment",
                    );
                    return None;
                }
                let tys: Option<Vec<Ty>> = elts.into_iter().map(|e| self.expr(e)).collect();
                let tys = tys?;
                if !tys[0].is_scalar() {
                    self.reason("UNMODELED_TYPE", line, format!("a list of {}", tys[0]));
                    return None;
                }
                if tys.windows(2).all(|w| w[0] == w[1]) {
                    Some(Ty::List(Box::new(tys[0].clone())))
                } else {
                    self.reason("TYPE_CHANGES", line, "a list literal mixing types");
                    None
                }
            }
            "Dict" => {
                let keys = n.list("keys");
                if keys.is_empty() {
                    self.reason(
                        "UNTYPED",
                        line,
                        "an empty dict literal needs an annotated assignment",
                    );
                    return None;
                }
                if n.0["keys"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k.is_null()))
                {
                    self.reason("UNMODELED_SYNTAX", line, "** unpacking in a dict display");
                    return None;
                }
                // Python evaluates key, value, key, value… left to right.
                let mut pairs = Vec::new();
                for (k, v) in keys.into_iter().zip(n.list("values")) {
                    let k = self.expr(k);
                    let v = self.expr(v);
                    pairs.push((k?, v?));
                }
                let (k, v) = pairs[0].clone();
                if !pairs.iter().all(|p| *p == (k.clone(), v.clone())) {
                    self.reason("TYPE_CHANGES", line, "a dict display mixing types");
                    return None;
                }
                if !matches!(k, Ty::Int | Ty::Str | Ty::Bool) || !v.is_scalar() {
                    self.reason("UNMODELED_TYPE", line, format!("a dict from {k} to {v}"));
                    return None;
                }
                Some(Ty::Dict(Box::new(k), Box::new(v)))
            }
            "Tuple" => {
                let tys: Option<Vec<Ty>> =
                    n.list("elts").into_iter().map(|e| self.expr(e)).collect();
                let tys = tys?;
                if tys.iter().all(Ty::is_scalar) && !tys.is_empty() {
                    Some(Ty::Tuple(tys))
                } else {
                    self.reason(
                        "UNMODELED_TYPE",
                        line,
                        "a tuple holding non-scalars (or empty)",
                    );
                    None
                }
            }
            other => {
                let (code, detail) = refused_expression(other);
                self.reason(code, line, detail);
                None
            }
        }
    }

    fn binop(&mut self, op: &str, l: &Ty, r: &Ty, right: Node<'_>, line: u32) -> Option<Ty> {
        use Ty::{Float, Int, List, Str};
        let literal = literal_number(right);
        let int_literal_exponent =
            matches!(literal, Some(Constant::Int(ref s)) if !s.starts_with('-'));
        let negative_int_exponent =
            matches!(literal, Some(Constant::Int(ref s)) if s.starts_with('-'));
        let integral_exponent = match literal {
            Some(Constant::Int(_)) => true,
            Some(Constant::Float(f)) => f.is_finite() && f == f.trunc(),
            _ => false,
        };
        let result = match (l, r) {
            (Int, Int) => match op {
                "Add" | "Sub" | "Mult" | "FloorDiv" | "Mod" | "LShift" | "RShift" | "BitAnd"
                | "BitOr" | "BitXor" => Some(Int),
                "Div" => Some(Float),
                "Pow" if int_literal_exponent => Some(Int),
                "Pow" if negative_int_exponent => Some(Float),
                "Pow" => {
                    self.reason("MIXED_RESULT_TYPE", line, "int ** int is a float when the exponent is negative; use a non-negative literal exponent");
                    return None;
                }
                _ => None,
            },
            (Int | Float, Int | Float) => match op {
                "Add" | "Sub" | "Mult" | "Div" | "FloorDiv" | "Mod" => Some(Float),
                "Pow" if integral_exponent => Some(Float),
                "Pow" => {
                    self.reason(
                        "MIXED_RESULT_TYPE",
                        line,
                        "float ** a non-integral power is complex for a negative base",
                    );
                    return None;
                }
                _ => None,
            },
            (Str, Str) if op == "Add" => Some(Str),
            (List(a), List(b)) if op == "Add" && a == b => Some(l.clone()),
            (List(_), Int) if op == "Mult" => Some(l.clone()),
            _ => None,
        };
        if result.is_none() {
            self.reason("UNMODELED_TYPE", line, format!("{l} {op} {r}"));
        }
        result
    }

    fn call(&mut self, n: Node<'f>) -> Option<Ty> {
        let line = n.line();
        let func = n.field("func")?;
        let args = n.list("args");
        if args.iter().any(|a| a.kind() == "Starred") {
            self.reason("STAR_ARGS", line, "a starred argument");
            return None;
        }
        let keywords = n.list("keywords");
        match func.kind() {
            "Name" => {
                let name = func.str("id");
                if self.assigned.contains(name) || self.params.iter().any(|(p, _)| p == name) {
                    self.reason("UNMODELED_CALL", line, format!("calls the local `{name}`"));
                    return None;
                }
                if let Some(sig) = self.facts.signatures.get(name) {
                    self.calls.entry(name.to_string()).or_insert(line);
                    let Some((params, ret)) = sig.clone() else {
                        self.reason(
                            "CALLS_DYNAMIC",
                            line,
                            format!(
                                "calls `{name}`, whose signature is not in the closed type set"
                            ),
                        );
                        return None;
                    };
                    if !keywords.is_empty() {
                        self.reason("ARG_TYPE", line, format!("keyword arguments to `{name}`"));
                        return None;
                    }
                    if args.len() != params.len() {
                        self.reason(
                            "ARG_TYPE",
                            line,
                            format!(
                                "`{name}` takes {} arguments, given {}",
                                params.len(),
                                args.len()
                            ),
                        );
                        return None;
                    }
                    let mut ok = true;
                    for (a, (pname, pty)) in args.into_iter().zip(&params) {
                        if let Some(t) = self.expr(a) {
                            if &t != pty {
                                self.reason(
                                    "ARG_TYPE",
                                    line,
                                    format!("passes a {t} as `{pname}: {pty}` of `{name}`"),
                                );
                                ok = false;
                            }
                        } else {
                            ok = false;
                        }
                    }
                    return ok.then_some(ret);
                }
                if self.facts.module_names.contains(name) {
                    self.reason("GLOBAL_READ", line, format!("calls the global `{name}`"));
                    return None;
                }
                if !keywords.is_empty() {
                    self.reason(
                        "UNMODELED_CALL",
                        line,
                        format!("{name}() with keyword arguments"),
                    );
                    return None;
                }
                self.builtin(name, args, line)
            }
            "Attribute" => {
                let value = func.field("value")?;
                let attr = func.str("attr");
                if !keywords.is_empty() {
                    self.reason(
                        "UNMODELED_CALL",
                        line,
                        format!(".{attr}() with keyword arguments"),
                    );
                    return None;
                }
                if value.kind() == "Name"
                    && value.str("id") == "math"
                    && !self.assigned.contains("math")
                {
                    if !self.facts.math_ok {
                        self.reason(
                            "UNMODELED_CALL",
                            line,
                            "math is not plainly `import math`ed at module level (or is rebound)",
                        );
                        return None;
                    }
                    return self.math(attr, args, line);
                }
                let obj = self.expr(value)?;
                match (&obj, attr, args.len()) {
                    (Ty::List(item), "append", 1) => {
                        let t = self.expr(args[0])?;
                        if &t != item.as_ref() {
                            self.reason(
                                "TYPE_CHANGES",
                                line,
                                format!("appends a {t} to a list of {item}"),
                            );
                            return None;
                        }
                        self.check_mutation(value, line);
                        Some(Ty::None)
                    }
                    (Ty::List(item), "pop", 0) => {
                        self.check_mutation(value, line);
                        Some(*item.clone())
                    }
                    (Ty::Dict(key, item), "get", 2) => {
                        let k = self.expr(args[0]);
                        let d = self.expr(args[1]);
                        let (k, d) = (k?, d?);
                        if k != **key || d != **item {
                            self.reason("MIXED_RESULT_TYPE", line, format!("{obj}.get({k}, {d})"));
                            return None;
                        }
                        Some(*item.clone())
                    }
                    _ => {
                        self.reason(
                            "UNMODELED_CALL",
                            line,
                            format!("{obj}.{attr}() with {} arguments", args.len()),
                        );
                        None
                    }
                }
            }
            _ => {
                self.reason("UNMODELED_CALL", line, "calls a computed callable");
                None
            }
        }
    }

    fn check_mutation(&mut self, obj: Node<'_>, line: u32) {
        if obj.kind() != "Name" || self.borrowed.contains(obj.str("id")) {
            self.reason(
                "MUTATES_ARGUMENT",
                line,
                "mutates a list that may be the caller's",
            );
        }
    }

    fn builtin(&mut self, name: &str, args: Vec<Node<'f>>, line: u32) -> Option<Ty> {
        use Ty::{Bool, Float, Int, List, Str, Tuple};
        match name {
            "print" | "input" | "open" => {
                self.reason("IO", line, format!("{name}()"));
                return None;
            }
            "eval" | "exec" | "compile" | "__import__" => {
                self.reason("EVAL_EXEC", line, format!("{name}()"));
                return None;
            }
            "getattr" | "setattr" | "hasattr" | "delattr" => {
                let literal = args.get(1).is_some_and(|a| constant_str(*a).is_some());
                if literal {
                    self.reason("UNMODELED_CALL", line, format!("{name}() on an object"));
                } else {
                    self.reason(
                        "NON_LITERAL_GETATTR",
                        line,
                        format!("{name}() with a computed name"),
                    );
                }
                return None;
            }
            "globals" | "locals" | "vars" => {
                self.reason("DYNAMIC_LOOKUP", line, format!("{name}()"));
                return None;
            }
            "set" | "frozenset" => {
                self.reason("SET_ITERATION", line, format!("{name}()"));
                return None;
            }
            _ => {}
        }
        let tys: Option<Vec<Ty>> = args.iter().map(|a| self.expr(*a)).collect();
        let tys = tys?;
        let result = match (name, tys.as_slice()) {
            ("abs", [t @ (Int | Float)]) => Some(t.clone()),
            ("min" | "max", [first, rest @ ..])
                if !rest.is_empty() && first.is_number() && rest.iter().all(|t| t == first) =>
            {
                Some(first.clone())
            }
            ("int", [Int | Float]) => Some(Int),
            ("float", [Int | Float]) => Some(Float),
            ("len", [List(_) | Str | Tuple(_) | Ty::Dict(..)]) => Some(Int),
            ("str", [Int | Float | Bool | Str]) => Some(Str),
            ("round", [Int | Float]) => Some(Int),
            ("round", [t @ (Int | Float), Int]) => Some(t.clone()),
            ("sorted", [List(item)]) if matches!(**item, Int | Str | Bool) => {
                Some(List(item.clone()))
            }
            ("sorted", [Ty::Dict(key, _)]) => Some(List(key.clone())),
            ("divmod", [a, b]) if a.is_number() && b.is_number() => {
                let t = if *a == Int && *b == Int { Int } else { Float };
                Some(Tuple(vec![t.clone(), t]))
            }
            ("bool", [_]) => Some(Bool),
            _ => None,
        };
        if result.is_none() {
            self.unmodeled_call(name, &tys, line);
        }
        result
    }

    /// `callee(types…)` is not one of the modelled calls.
    fn unmodeled_call(&mut self, callee: &str, tys: &[Ty], line: u32) {
        let shown: Vec<String> = tys.iter().map(Ty::to_string).collect();
        self.reason(
            "UNMODELED_CALL",
            line,
            format!("{callee}({})", shown.join(", ")),
        );
    }

    fn math(&mut self, attr: &str, args: Vec<Node<'f>>, line: u32) -> Option<Ty> {
        use Ty::{Bool, Float, Int};
        let tys: Option<Vec<Ty>> = args.iter().map(|a| self.expr(*a)).collect();
        let tys = tys?;
        let result = match (attr, tys.as_slice()) {
            (f, [Int | Float]) if crate::MATH1.iter().any(|(m, _)| *m == f) => Some(Float),
            ("log" | "log2" | "log10", [Float]) => Some(Float),
            ("floor" | "ceil", [Int | Float]) => Some(Int),
            ("isnan" | "isinf" | "isfinite", [Float]) => Some(Bool),
            ("pow" | "copysign", [Int | Float, Int | Float]) => Some(Float),
            _ => None,
        };
        if result.is_none() {
            self.unmodeled_call(&format!("math.{attr}"), &tys, line);
        }
        result
    }
}

/// `d.keys()`, `d.values()`, `d.items()` as a `for` iterable: the view and `d`.
pub fn dict_view(iter: Node<'_>) -> Option<(&str, Node<'_>)> {
    let func = iter.field("func").filter(|_| iter.kind() == "Call")?;
    let view = func.str("attr");
    (func.kind() == "Attribute"
        && matches!(view, "keys" | "values" | "items")
        && iter.list("args").is_empty()
        && iter.list("keywords").is_empty())
    .then_some(())?;
    Some((view, func.field("value")?))
}

/// Expression kinds that always leave a function dynamic: the code and why.
const REFUSED_EXPRESSIONS: &[(&[&str], &str, &str)] = &[
    (&["Starred"], "STAR_ARGS", "a starred expression"),
    (&["Set", "SetComp"], "SET_ITERATION", "a set"),
    (&["DictComp"], "UNMODELED_SYNTAX", "a comprehension"),
    (
        &["Yield", "YieldFrom"],
        "GENERATOR",
        "yield makes this a generator",
    ),
    (&["Await"], "ASYNC", "await"),
    (
        &["ListComp", "GeneratorExp"],
        "UNMODELED_SYNTAX",
        "a comprehension",
    ),
    (
        &["JoinedStr", "FormattedValue"],
        "UNMODELED_SYNTAX",
        "an f-string",
    ),
    (&["Lambda"], "UNMODELED_SYNTAX", "a lambda"),
];

fn refused_expression(kind: &str) -> (&'static str, String) {
    REFUSED_EXPRESSIONS
        .iter()
        .find(|(kinds, _, _)| kinds.contains(&kind))
        .map(|(_, c, detail)| (*c, detail.to_string()))
        .unwrap_or(("UNMODELED_SYNTAX", format!("a {kind} expression")))
}

/// A number literal, with a leading unary minus folded in (`-1.0`, `-2`).
pub fn literal_number(node: Node<'_>) -> Option<Constant> {
    match node.kind() {
        "Constant" => match constant(node) {
            c @ (Constant::Int(_) | Constant::Float(_)) => Some(c),
            _ => None,
        },
        "UnaryOp" if node.op("op") == "USub" => match literal_number(node.field("operand")?)? {
            Constant::Int(s) if !s.starts_with('-') => Some(Constant::Int(format!("-{s}"))),
            Constant::Float(f) => Some(Constant::Float(-f)),
            _ => None,
        },
        _ => None,
    }
}

/// The body without its docstring (a docstring is not code to generate).
pub fn skip_docstring(body: Vec<Node<'_>>) -> Vec<Node<'_>> {
    let is_doc = body.first().is_some_and(|s| {
        s.kind() == "Expr"
            && s.field("value")
                .is_some_and(|v| v.kind() == "Constant" && matches!(constant(v), Constant::Str(_)))
    });
    if is_doc {
        body.into_iter().skip(1).collect()
    } else {
        body
    }
}

/// The block never falls through (return/raise/break/continue on every path).
fn terminates(body: &[Node<'_>]) -> bool {
    body.last().is_some_and(|s| match s.kind() {
        "Return" | "Raise" | "Break" | "Continue" => true,
        "If" => terminates(&s.list("body")) && terminates(&s.list("orelse")),
        _ => false,
    })
}

/// Every path ends in a return (so a non-None function never returns None).
pub fn always_returns(body: &[Node<'_>]) -> bool {
    body.last().is_some_and(|s| match s.kind() {
        "Return" => true,
        "If" => always_returns(&s.list("body")) && always_returns(&s.list("orelse")),
        "While" => {
            // `while True:` without break never falls through.
            s.field("test")
                .is_some_and(|t| matches!(constant(t), Constant::Bool(true)))
                && !s.walk().iter().any(|n| n.kind() == "Break")
        }
        _ => false,
    })
}

/// Functions on a call cycle among otherwise-static functions.
fn mark_recursion(functions: &mut [Function]) {
    let graph: BTreeMap<String, BTreeSet<String>> = functions
        .iter()
        .filter(|f| f.top_level)
        .map(|f| (f.name.clone(), f.calls.keys().cloned().collect()))
        .collect();
    for f in functions.iter_mut().filter(|f| f.top_level) {
        // Reachable from its own callees?
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = f.calls.keys().cloned().collect();
        while let Some(g) = stack.pop() {
            if !seen.insert(g.clone()) {
                continue;
            }
            if let Some(next) = graph.get(&g) {
                stack.extend(next.iter().cloned());
            }
        }
        if seen.contains(&f.name) {
            f.reasons.push(Reason {
                code: code("RECURSION"),
                line: f.line,
                detail: "on a call cycle".into(),
            });
        }
    }
}

/// A static function that calls a dynamic one becomes dynamic, to a fixpoint.
fn propagate_dynamic(functions: &mut [Function]) {
    loop {
        let dynamic: BTreeSet<String> = functions
            .iter()
            .filter(|f| f.top_level && !f.is_static())
            .map(|f| f.name.clone())
            .collect();
        let mut changed = false;
        for f in functions
            .iter_mut()
            .filter(|f| f.top_level && f.is_static())
        {
            if let Some((callee, line)) = f.calls.iter().find(|(c, _)| dynamic.contains(*c)) {
                let (callee, line) = (callee.clone(), *line);
                f.reasons.push(Reason {
                    code: code("CALLS_DYNAMIC"),
                    line,
                    detail: format!("calls `{callee}`, which stays dynamic"),
                });
                f.locals.clear();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
