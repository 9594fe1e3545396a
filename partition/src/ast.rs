//! The program as CPython's own `ast.parse` sees it.
//!
//! `dump_ast.py` runs under the pinned CPython and prints the tree as JSON
//! (node type in `_`, line in `line`, every field by its CPython name; constants
//! tagged with their exact type). The partitioner walks that JSON through the
//! thin [`Node`] view instead of re-declaring CPython's grammar as Rust types:
//! a node kind it does not know is simply one it does not accept.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The dumper, run by the pinned CPython.
pub const DUMP_AST_PY: &str = include_str!("dump_ast.py");

/// A parse failure, with the file position when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub line: u32,
}

/// Parses `path` with `python` (the pinned CPython 3.11) and returns the
/// `Module` node.
pub fn parse_file(python: &Path, path: &Path) -> Result<Value, ParseError> {
    let fail = |message: String| ParseError { message, line: 0 };
    std::fs::metadata(path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
    let out = Command::new(python)
        .args(["-I", "-S", "-c", DUMP_AST_PY])
        .arg(path)
        .output()
        .map_err(|e| fail(format!("cannot run {}: {e}", python.display())))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(fail(format!(
            "{} could not parse {}: {}",
            python.display(),
            path.display(),
            stderr.lines().last().unwrap_or("").trim()
        )));
    }
    let value: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        fail(format!(
            "the AST dump of {} is not JSON: {e}",
            path.display()
        ))
    })?;
    if let Some(error) = value.get("error") {
        return Err(ParseError {
            message: error["message"]
                .as_str()
                .unwrap_or("syntax error")
                .to_string(),
            line: error["line"].as_u64().unwrap_or(0) as u32,
        });
    }
    value
        .get("module")
        .cloned()
        .ok_or_else(|| fail("the AST dump has no module".into()))
}

/// A read-only view of one AST node (or any JSON value inside the tree).
#[derive(Clone, Copy, Debug)]
pub struct Node<'a>(pub &'a Value);

impl<'a> Node<'a> {
    /// The CPython node type, e.g. `FunctionDef`, `BinOp`; "" for non-nodes.
    pub fn kind(&self) -> &'a str {
        self.0.get("_").and_then(Value::as_str).unwrap_or("")
    }

    pub fn line(&self) -> u32 {
        self.0.get("line").and_then(Value::as_u64).unwrap_or(0) as u32
    }

    /// A child node; `None` when the field is missing or null.
    pub fn field(&self, name: &str) -> Option<Node<'a>> {
        match self.0.get(name) {
            None | Some(Value::Null) => None,
            Some(v) => Some(Node(v)),
        }
    }

    /// A list field (empty when missing).
    pub fn list(&self, name: &str) -> Vec<Node<'a>> {
        self.0
            .get(name)
            .and_then(Value::as_array)
            .map(|items| items.iter().map(Node).collect())
            .unwrap_or_default()
    }

    /// A string field (identifiers, `ctx`).
    pub fn str(&self, name: &str) -> &'a str {
        self.0.get(name).and_then(Value::as_str).unwrap_or("")
    }

    /// The operator node's kind (`Add`, `FloorDiv`, `Lt`…).
    pub fn op(&self, name: &str) -> &'a str {
        self.field(name).map(|n| n.kind()).unwrap_or("")
    }

    /// Every node below this one (depth first, this one included).
    pub fn walk(&self) -> Vec<Node<'a>> {
        let mut out = Vec::new();
        fn go<'a>(v: &'a Value, out: &mut Vec<Node<'a>>) {
            match v {
                Value::Object(map) => {
                    if map.contains_key("_") {
                        out.push(Node(v));
                    }
                    for (k, child) in map {
                        if k != "value" || !v.get("_").is_some_and(|t| t == "Constant") {
                            go(child, out);
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|i| go(i, out)),
                _ => {}
            }
        }
        go(self.0, &mut out);
        out
    }
}

/// A constant's exact Python value.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    /// Decimal digits (any size).
    Int(String),
    /// The exact bits.
    Float(f64),
    Str(String),
    /// bytes, complex, Ellipsis: not modelled.
    Other(String),
}

/// The value of a `Constant` node.
pub fn constant(node: Node<'_>) -> Constant {
    let v = node.0.get("value").cloned().unwrap_or(Value::Null);
    if v.get("none").is_some() {
        Constant::None
    } else if let Some(b) = v.get("bool").and_then(Value::as_bool) {
        Constant::Bool(b)
    } else if let Some(i) = v.get("int").and_then(Value::as_str) {
        Constant::Int(i.to_string())
    } else if let Some(f) = v.get("float").and_then(Value::as_str) {
        // repr() round-trips exactly and Rust's parser is correctly rounded.
        match f {
            "inf" => Constant::Float(f64::INFINITY),
            "-inf" => Constant::Float(f64::NEG_INFINITY),
            "nan" => Constant::Float(f64::NAN),
            _ => f
                .parse()
                .map(Constant::Float)
                .unwrap_or(Constant::Other("float".into())),
        }
    } else if let Some(s) = v.get("str").and_then(Value::as_str) {
        Constant::Str(s.to_string())
    } else {
        Constant::Other(
            v.get("other")
                .and_then(Value::as_str)
                .unwrap_or("constant")
                .to_string(),
        )
    }
}
