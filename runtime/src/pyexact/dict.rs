//! Python's `dict` with `int`, `str` or `bool` keys: shared and mutable like
//! a Python dict, iterated in insertion order, `KeyError` carrying the key.
//!
//! Why these keys only: their equality and hashing have no surprises (`float`
//! keys would need `-0.0 == 0.0` and NaN identity; mixing `bool` and `int`
//! keys, `True == 1`, cannot happen because the partitioner keeps each dict's
//! key type exact). Insertion order is all Python exposes of a dict's layout:
//! overwriting a key keeps its place, deleting and re-inserting moves it last.

use super::{ExcKind, Int, List, PyError, PyResult};
use indexmap::IndexMap;
use std::cell::RefCell;
use std::hash::Hash;
use std::rc::Rc;

/// A key as `KeyError` carries it (the exception's `args[0]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyArg {
    Int(Int),
    Str(String),
    Bool(bool),
}

/// The key types a static dict may have.
pub trait Key: Clone + Eq + Hash {
    fn key_arg(&self) -> KeyArg;
}

impl Key for Int {
    fn key_arg(&self) -> KeyArg {
        KeyArg::Int(self.clone())
    }
}

impl Key for String {
    fn key_arg(&self) -> KeyArg {
        KeyArg::Str(self.clone())
    }
}

impl Key for bool {
    fn key_arg(&self) -> KeyArg {
        KeyArg::Bool(*self)
    }
}

#[derive(Debug)]
pub struct Dict<K, V>(Rc<RefCell<IndexMap<K, V>>>);

impl<K, V> Clone for Dict<K, V> {
    /// Another reference to the same dict (Python assignment), not a copy.
    fn clone(&self) -> Self {
        Dict(Rc::clone(&self.0))
    }
}

impl<K: Key, V: Clone> Dict<K, V> {
    pub fn new() -> Dict<K, V> {
        Dict(Rc::new(RefCell::new(IndexMap::new())))
    }

    /// `{k: v, …}`: later duplicates overwrite the value, keeping the first
    /// key's place (as CPython builds a display).
    pub fn from_pairs(pairs: Vec<(K, V)>) -> Dict<K, V> {
        let d = Dict::new();
        for (k, v) in pairs {
            d.set_item(k, v);
        }
        d
    }

    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `d[k]`.
    pub fn get_item(&self, k: &K) -> PyResult<V> {
        self.0.borrow().get(k).cloned().ok_or_else(|| key_error(k))
    }

    /// `d.get(k, default)`.
    pub fn get_or(&self, k: &K, default: V) -> V {
        self.0.borrow().get(k).cloned().unwrap_or(default)
    }

    /// `d[k] = v`: a new key goes last, an existing one keeps its place.
    pub fn set_item(&self, k: K, v: V) {
        self.0.borrow_mut().insert(k, v);
    }

    /// `del d[k]` (the others keep their order).
    pub fn del_item(&self, k: &K) -> PyResult<()> {
        self.0
            .borrow_mut()
            .shift_remove(k)
            .map(|_| ())
            .ok_or_else(|| key_error(k))
    }

    /// `k in d`.
    pub fn contains(&self, k: &K) -> bool {
        self.0.borrow().contains_key(k)
    }

    /// The keys in order. Loops iterate this copy: the partitioner keeps
    /// every dict unmodified inside a loop over one, where CPython would
    /// raise or skip, so the copy sees exactly what CPython's iterator does.
    pub fn keys(&self) -> Vec<K> {
        self.0.borrow().keys().cloned().collect()
    }

    pub fn values(&self) -> Vec<V> {
        self.0.borrow().values().cloned().collect()
    }

    pub fn items(&self) -> Vec<(K, V)> {
        self.0
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// `sorted(d)`: the keys, sorted (ints, strs and bools order totally).
    pub fn sorted_keys(&self) -> List<K>
    where
        K: Ord,
    {
        let mut keys = self.keys();
        keys.sort();
        List::new(keys)
    }
}

impl<K: Key, V: Clone> super::Truthy for Dict<K, V> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<K: Key, V: Clone> Default for Dict<K, V> {
    fn default() -> Self {
        Dict::new()
    }
}

#[cold]
fn key_error<K: Key>(k: &K) -> PyError {
    PyError::key(k.key_arg())
}

impl ExcKind {
    /// Whether this exception kind carries a key object rather than a message.
    pub fn carries_key(self) -> bool {
        self == ExcKind::KeyError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_order_overwrite_and_delete() {
        let d: Dict<String, Int> = Dict::new();
        for (k, v) in [("b", 1), ("a", 2), ("c", 3)] {
            d.set_item(k.into(), Int::Small(v));
        }
        d.set_item("b".into(), Int::Small(9));
        assert_eq!(d.keys(), ["b", "a", "c"]);
        d.del_item(&"b".to_string()).unwrap();
        d.set_item("b".into(), Int::Small(1));
        assert_eq!(d.keys(), ["a", "c", "b"]);
        assert_eq!(d.get_item(&"b".to_string()), Ok(Int::Small(1)));
        let e = d.get_item(&"zz".to_string()).unwrap_err();
        assert_eq!(e.kind, ExcKind::KeyError);
        assert_eq!(e.message, "'zz'");
        assert!(d.del_item(&"zz".to_string()).is_err());
        let alias = d.clone();
        alias.set_item("z".into(), Int::Small(0));
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn a_display_keeps_the_first_place_and_the_last_value() {
        let d = Dict::from_pairs(vec![
            (Int::Small(1), 1.0),
            (Int::Small(2), 2.0),
            (Int::Small(1), 3.0),
        ]);
        assert_eq!(d.items(), vec![(Int::Small(1), 3.0), (Int::Small(2), 2.0)]);
    }
}
