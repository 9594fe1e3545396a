//! The closed set of types a static function may use, read from annotations.
//!
//! Why closed: every type here has a Rust representation whose every
//! operation the runtime reproduces bit for bit (`runtime::pyexact`). A value
//! of any other type makes its function dynamic.

use crate::ast::Node;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    Int,
    Float,
    Bool,
    Str,
    None,
    /// A fixed-length tuple of scalars.
    Tuple(Vec<Ty>),
    /// A list of scalars (shared and mutable like a Python list).
    List(Box<Ty>),
    /// A dict from `int`, `str` or `bool` keys to scalars (insertion-ordered,
    /// shared and mutable like a Python dict).
    Dict(Box<Ty>, Box<Ty>),
}

impl Ty {
    pub fn is_scalar(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float | Ty::Bool | Ty::Str)
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Float)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Int => write!(f, "int"),
            Ty::Float => write!(f, "float"),
            Ty::Bool => write!(f, "bool"),
            Ty::Str => write!(f, "str"),
            Ty::None => write!(f, "None"),
            Ty::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Ty::to_string).collect();
                write!(f, "tuple[{}]", items.join(", "))
            }
            Ty::List(item) => write!(f, "list[{item}]"),
            Ty::Dict(k, v) => write!(f, "dict[{k}, {v}]"),
        }
    }
}

/// Why an annotation is not in the closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnotationError {
    /// `Any`, `object`: anything may arrive.
    Any(String),
    /// A real type this partitioner does not model (dict, set, a class…).
    Unmodeled(String),
}

/// The type an annotation names.
pub fn from_annotation(node: Node<'_>) -> Result<Ty, AnnotationError> {
    match node.kind() {
        "Name" => match node.str("id") {
            "int" => Ok(Ty::Int),
            "float" => Ok(Ty::Float),
            "bool" => Ok(Ty::Bool),
            "str" => Ok(Ty::Str),
            "Any" | "object" => Err(AnnotationError::Any(node.str("id").into())),
            other => Err(AnnotationError::Unmodeled(other.into())),
        },
        "Constant" if matches!(crate::ast::constant(node), crate::ast::Constant::None) => {
            Ok(Ty::None)
        }
        "Attribute" if node.str("attr") == "Any" => Err(AnnotationError::Any("Any".into())),
        "Subscript" => {
            let base = node.field("value").map(|b| b.str("id")).unwrap_or("");
            let slice = node.field("slice");
            match (base, slice) {
                ("list" | "List", Some(item)) => {
                    let item = from_annotation(item)?;
                    if item.is_scalar() {
                        Ok(Ty::List(Box::new(item)))
                    } else {
                        Err(AnnotationError::Unmodeled(format!("list[{item}]")))
                    }
                }
                ("tuple" | "Tuple", Some(items)) => {
                    let parts = if items.kind() == "Tuple" {
                        items.list("elts")
                    } else {
                        vec![items]
                    };
                    let mut tys = Vec::new();
                    for part in parts {
                        if part.kind() == "Constant"
                            && matches!(
                                crate::ast::constant(part),
                                crate::ast::Constant::Other(ref o) if o == "ellipsis"
                            )
                        {
                            return Err(AnnotationError::Unmodeled(
                                "tuple[T, ...] (variable length)".into(),
                            ));
                        }
                        let ty = from_annotation(part)?;
                        if !ty.is_scalar() {
                            return Err(AnnotationError::Unmodeled(format!("tuple holding {ty}")));
                        }
                        tys.push(ty);
                    }
                    Ok(Ty::Tuple(tys))
                }
                ("dict" | "Dict", Some(items))
                    if items.kind() == "Tuple" && items.list("elts").len() == 2 =>
                {
                    let parts = items.list("elts");
                    let key = from_annotation(parts[0])?;
                    let value = from_annotation(parts[1])?;
                    if !matches!(key, Ty::Int | Ty::Str | Ty::Bool) {
                        // float keys: -0.0 == 0.0 and NaN identity decide
                        // which entry a key finds; not modelled.
                        return Err(AnnotationError::Unmodeled(format!("dict with {key} keys")));
                    }
                    if !value.is_scalar() {
                        return Err(AnnotationError::Unmodeled(format!("dict of {value}")));
                    }
                    Ok(Ty::Dict(Box::new(key), Box::new(value)))
                }
                ("dict" | "Dict", _) => {
                    Err(AnnotationError::Unmodeled("dict without [K, V]".into()))
                }
                (other, _) => Err(AnnotationError::Unmodeled(format!("{other}[...]"))),
            }
        }
        "" => Err(AnnotationError::Unmodeled("missing".into())),
        other => Err(AnnotationError::Unmodeled(format!("a {other} annotation"))),
    }
}

impl serde::Serialize for Ty {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}
