//! Python's `list` of scalars: shared and mutable (`b = a; b.append(x)` is
//! seen through `a`), indexed with Python's negative indices and messages.

use super::{Int, PyError, PyResult};
use std::cell::UnsafeCell;
use std::fmt;
use std::rc::Rc;

/// Why `UnsafeCell` and not `RefCell`: the hot loops of numeric kernels are
/// item reads and writes, and a `RefCell` sets and clears its borrow flag on
/// every one. Its check can never fire here: each method below finishes with
/// the items before it returns, never hands out a reference, and calls no
/// code that could reach a list while it holds one (items are scalars, whose
/// `clone` and `==` touch no list). So no two accesses to the items overlap,
/// which is the whole of `UnsafeCell`'s contract.
pub struct List<T>(Rc<UnsafeCell<Vec<T>>>);

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: as for every method (see the type's comment).
        f.debug_list()
            .entries(unsafe { &*self.0.get() }.iter())
            .finish()
    }
}

impl<T> Clone for List<T> {
    /// Another reference to the same list (Python assignment), not a copy.
    fn clone(&self) -> Self {
        List(Rc::clone(&self.0))
    }
}

/// An index as CPython's `PyNumber_AsSsize_t(…, PyExc_IndexError)` sees it
/// (`Py_ssize_t` is `i64` on the 64-bit targets).
#[inline]
fn index(i: &Int) -> PyResult<i64> {
    i.as_i64()
        .ok_or_else(|| PyError::index("cannot fit 'int' into an index-sized integer"))
}

/// Where index `i` falls in a sequence of `len` items, Python style
/// (negative counts from the end); `message` is the IndexError's.
#[inline(always)]
pub(crate) fn position(i: &Int, len: usize, message: &'static str) -> PyResult<usize> {
    match i {
        Int::Small(v) => position_small(*v, len, message),
        Int::Big(_) => position_big(i, message),
    }
}

/// [`position`] for an index proven to be an `i64` (no big-integer case).
#[inline(always)]
pub(crate) fn position_small(v: i64, len: usize, message: &'static str) -> PyResult<usize> {
    let len = len as i64;
    let at = if v < 0 { v.wrapping_add(len) } else { v };
    if at >= 0 && at < len {
        return Ok(at as usize);
    }
    Err(PyError::index(message))
}

/// A big index never fits `Py_ssize_t` (CPython's IndexError for that).
#[cold]
#[inline(never)]
fn position_big(i: &Int, message: &'static str) -> PyResult<usize> {
    index(i)?;
    Err(PyError::index(message))
}

impl<T: Clone> List<T> {
    pub fn new(items: Vec<T>) -> List<T> {
        List(Rc::new(UnsafeCell::new(items)))
    }

    /// The items, for the duration of one method (see the type's comment).
    #[inline(always)]
    fn items(&self) -> &Vec<T> {
        // SAFETY: no mutable access to the items is alive (see the type).
        unsafe { &*self.0.get() }
    }

    /// The items, mutably, for the duration of one method.
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    fn items_mut(&self) -> &mut Vec<T> {
        // SAFETY: no other access to the items is alive (see the type).
        unsafe { &mut *self.0.get() }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.items().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline(always)]
    fn position(&self, i: &Int, message: &'static str) -> PyResult<usize> {
        position(i, self.len(), message)
    }

    /// `xs[i]`.
    #[inline(always)]
    pub fn get(&self, i: &Int) -> PyResult<T> {
        let at = self.position(i, "list index out of range")?;
        Ok(self.items()[at].clone())
    }

    /// `xs[i] = v`.
    #[inline(always)]
    pub fn set(&self, i: &Int, v: T) -> PyResult<()> {
        let at = self.position(i, "list assignment index out of range")?;
        self.items_mut()[at] = v;
        Ok(())
    }

    /// `xs[i]` for a proven-small index.
    #[inline(always)]
    pub fn get_at(&self, i: i64) -> PyResult<T> {
        let items = self.items();
        let at = position_small(i, items.len(), "list index out of range")?;
        Ok(items[at].clone())
    }

    /// `xs[i] = v` for a proven-small index.
    #[inline(always)]
    pub fn set_at(&self, i: i64, v: T) -> PyResult<()> {
        let items = self.items_mut();
        let at = position_small(i, items.len(), "list assignment index out of range")?;
        items[at] = v;
        Ok(())
    }

    /// The item at `i` if the list (as it is now) still has one: `for x in xs`
    /// re-reads the length every step, like CPython's list iterator.
    #[inline]
    pub fn live(&self, i: usize) -> Option<T> {
        self.items().get(i).cloned()
    }

    pub fn append(&self, v: T) {
        self.items_mut().push(v);
    }

    /// `xs.pop()`.
    pub fn pop(&self) -> PyResult<T> {
        self.items_mut()
            .pop()
            .ok_or_else(|| PyError::index("pop from empty list"))
    }

    /// `xs * n` (a new list; `n <= 0` gives an empty one).
    pub fn repeat(&self, n: &Int) -> PyResult<List<T>> {
        // The count becomes a Py_ssize_t first (OverflowError even when negative).
        let n = n
            .as_i64()
            .ok_or_else(|| PyError::overflow("cannot fit 'int' into an index-sized integer"))?;
        if n <= 0 {
            return Ok(List::new(Vec::new()));
        }
        let n = n as usize;
        let items = self.items();
        // CPython's list_repeat: a size past PY_SSIZE_T_MAX, or an allocation
        // that fails, is a MemoryError (never an abort).
        let no_memory = PyError::memory;
        let size = items
            .len()
            .checked_mul(n)
            .filter(|s| *s <= isize::MAX as usize)
            .ok_or_else(no_memory)?;
        let mut out = Vec::new();
        out.try_reserve_exact(size).map_err(|_| no_memory())?;
        if let [item] = items.as_slice() {
            // `[x] * n`, the common case: one fill.
            out.resize(size, item.clone());
        } else {
            for _ in 0..n {
                out.extend_from_slice(items);
            }
        }
        Ok(List::new(out))
    }

    /// `xs + ys` (a new list).
    pub fn concat(&self, other: &List<T>) -> List<T> {
        let mut out = self.items().clone();
        out.extend(other.items().iter().cloned());
        List::new(out)
    }

    /// `xs += ys`: extends in place (the object stays the same).
    pub fn extend(&self, other: &List<T>) {
        let extra = other.items().clone();
        self.items_mut().extend(extra);
    }

    /// A copy of the items (for crossing back into Python).
    pub fn to_vec(&self) -> Vec<T> {
        self.items().clone()
    }
}

impl<T: Clone + PartialEq> List<T> {
    /// `v in xs` (by `==`; the classifier keeps floats out, where NaN
    /// identity would matter).
    pub fn contains(&self, v: &T) -> bool {
        self.items().iter().any(|x| x == v)
    }
}
