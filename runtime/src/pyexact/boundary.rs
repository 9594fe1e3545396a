//! The boundary between a partitioned program's Python and its generated
//! static functions (the mypyc model).
//!
//! The program still runs as Python. Each static function's `def` gets one
//! extra decorator, added to the AST (so no line number moves), that binds
//! its name to a native callable. The callable converts arguments of exactly
//! the annotated types and runs the generated Rust; any other call (keyword
//! arguments, a subclass, an `int` where a `float` was annotated, a str with
//! lone surrogates) goes to the original Python function, so the program
//! behaves as it always did. Static-to-static calls are plain Rust calls that
//! still count against `sys.getrecursionlimit()` like Python frames do.

use super::{Dict, Int, List, PyError, PyResult};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple};
use std::ffi::CString;

pub type Py<'py> = Python<'py>;
pub type Obj<'py> = Bound<'py, PyAny>;
/// A converted result, or the exception static code raised.
pub type CallResult = Result<pyo3::Py<PyAny>, PyError>;

/// One generated function: its Python name and its boundary entry, which
/// returns `None` when the arguments are not exactly the annotated types.
pub struct Static {
    pub name: &'static str,
    /// The same name for the C API (`c"name"`).
    pub cname: &'static std::ffi::CStr,
    /// Parameter types as the partitioner prints them (`int`, `list[float]`…).
    pub params: &'static [&'static str],
    pub call: for<'py> fn(Py<'py>, &[Obj<'py>]) -> Option<CallResult>,
}

/// A Python value of exactly one static type (no subclasses, no coercion).
pub trait FromPy: Sized {
    fn from_py(obj: &Obj<'_>) -> Option<Self>;
}

pub fn from_py<T: FromPy>(obj: &Obj<'_>) -> Option<T> {
    T::from_py(obj)
}

impl FromPy for Int {
    fn from_py(obj: &Obj<'_>) -> Option<Int> {
        if !obj.is_exact_instance_of::<PyInt>() {
            return None;
        }
        match obj.extract::<i64>() {
            Ok(v) => Some(Int::Small(v)),
            Err(_) => obj.extract::<num_bigint::BigInt>().ok().map(Int::from_big),
        }
    }
}

impl FromPy for f64 {
    fn from_py(obj: &Obj<'_>) -> Option<f64> {
        if !obj.is_exact_instance_of::<PyFloat>() {
            return None;
        }
        obj.extract::<f64>().ok()
    }
}

impl FromPy for bool {
    fn from_py(obj: &Obj<'_>) -> Option<bool> {
        if !obj.is_exact_instance_of::<PyBool>() {
            return None;
        }
        obj.extract::<bool>().ok()
    }
}

impl FromPy for String {
    fn from_py(obj: &Obj<'_>) -> Option<String> {
        if !obj.is_exact_instance_of::<PyString>() {
            return None;
        }
        // Lone surrogates have no UTF-8 form: such a str stays with Python.
        obj.extract::<String>().ok()
    }
}

impl FromPy for () {
    fn from_py(obj: &Obj<'_>) -> Option<()> {
        obj.is_none().then_some(())
    }
}

impl<T: FromPy + Clone> FromPy for List<T> {
    fn from_py(obj: &Obj<'_>) -> Option<List<T>> {
        if !obj.is_exact_instance_of::<PyList>() {
            return None;
        }
        let list = obj.cast::<PyList>().ok()?;
        let mut items = Vec::with_capacity(list.len());
        for item in list.iter() {
            items.push(T::from_py(&item)?);
        }
        Some(List::new(items))
    }
}

impl<K: FromPy + super::dict::Key, V: FromPy + Clone> FromPy for Dict<K, V> {
    /// An exact `dict` whose keys and values all have exactly the types (a
    /// copy: the partitioner keeps static code from mutating a dict it
    /// received, so the copy cannot be told apart).
    fn from_py(obj: &Obj<'_>) -> Option<Dict<K, V>> {
        if !obj.is_exact_instance_of::<PyDict>() {
            return None;
        }
        let dict = obj.cast::<PyDict>().ok()?;
        let d = Dict::new();
        for (k, v) in dict.iter() {
            d.set_item(K::from_py(&k)?, V::from_py(&v)?);
        }
        Some(d)
    }
}

macro_rules! tuple_from_py {
    ($n:expr; $($t:ident $i:tt),+) => {
        impl<$($t: FromPy),+> FromPy for ($($t,)+) {
            fn from_py(obj: &Obj<'_>) -> Option<Self> {
                if !obj.is_exact_instance_of::<PyTuple>() {
                    return None;
                }
                let t = obj.cast::<PyTuple>().ok()?;
                if t.len() != $n {
                    return None;
                }
                Some(($($t::from_py(&t.get_item($i).ok()?)?,)+))
            }
        }
    };
}
tuple_from_py!(1; A 0);
tuple_from_py!(2; A 0, B 1);
tuple_from_py!(3; A 0, B 1, C 2);
tuple_from_py!(4; A 0, B 1, C 2, D 3);

/// A static value back as a new Python object.
pub trait ToPy {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>>;
}

fn host<T>(r: pyo3::PyResult<T>) -> PyResult<T> {
    r.map_err(|e| PyError::value(&format!("cannot convert a static result: {e}")))
}

impl ToPy for Int {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        match self {
            Int::Small(v) => Ok(v.into_pyobject(py).expect("infallible").into_any().unbind()),
            Int::Big(b) => host((*b).into_pyobject(py).map(|o| o.into_any().unbind())),
        }
    }
}

impl ToPy for f64 {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        Ok(PyFloat::new(py, self).into_any().unbind())
    }
}

impl ToPy for bool {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        Ok(PyBool::new(py, self).to_owned().into_any().unbind())
    }
}

impl ToPy for String {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        Ok(PyString::new(py, &self).into_any().unbind())
    }
}

impl ToPy for () {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        Ok(py.None())
    }
}

impl<T: ToPy + Clone> ToPy for List<T> {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        let items = self
            .to_vec()
            .into_iter()
            .map(|v| v.to_py(py))
            .collect::<PyResult<Vec<_>>>()?;
        host(PyList::new(py, items).map(|l| l.into_any().unbind()))
    }
}

impl<K: ToPy + super::dict::Key, V: ToPy + Clone> ToPy for Dict<K, V> {
    fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
        let out = PyDict::new(py);
        for (k, v) in self.items() {
            host(out.set_item(k.to_py(py)?, v.to_py(py)?))?;
        }
        Ok(out.into_any().unbind())
    }
}

macro_rules! tuple_to_py {
    ($($t:ident $i:tt),+) => {
        impl<$($t: ToPy),+> ToPy for ($($t,)+) {
            fn to_py(self, py: Py<'_>) -> PyResult<pyo3::Py<PyAny>> {
                let items = vec![$(self.$i.to_py(py)?),+];
                host(PyTuple::new(py, items).map(|t| t.into_any().unbind()))
            }
        }
    };
}
tuple_to_py!(A 0);
tuple_to_py!(A 0, B 1);
tuple_to_py!(A 0, B 1, C 2);
tuple_to_py!(A 0, B 1, C 2, D 3);

/// The generated function's result as Python sees it.
pub fn finish<T: ToPy>(py: Py<'_>, result: PyResult<T>) -> CallResult {
    result.and_then(|v| v.to_py(py))
}

thread_local! {
    /// Set while static code runs with enough recursion headroom proven at
    /// the boundary that none of its nested calls can reach the limit.
    static HEADROOM_PROVEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A static-to-static call, counted against the recursion limit exactly
/// where CPython 3.11 counts a Python frame (the same counter, the same
/// "maximum recursion depth exceeded"). Free when the boundary proved the
/// headroom (see [`with_headroom`]).
#[inline]
pub fn nested<T>(call: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    if HEADROOM_PROVEN.with(|h| h.get()) {
        return call();
    }
    // SAFETY: generated code only runs inside a call from the interpreter,
    // with the GIL held; Enter/Leave are paired.
    unsafe {
        if pyo3::ffi::Py_EnterRecursiveCall(c"".as_ptr()) != 0 {
            pyo3::ffi::PyErr_Clear();
            return Err(PyError::new(
                super::ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        let result = call();
        pyo3::ffi::Py_LeaveRecursiveCall();
        result
    }
}

/// Runs a static function entered from Python. Static functions never
/// recurse, so the deepest chain of static calls below one is a constant
/// (`depth`). If the interpreter has room for that many more frames (plus a
/// margin for the C-level checks of formatting), no nested call can reach the
/// limit and they skip the counter; otherwise every call is counted exactly.
pub fn with_headroom<T>(depth: usize, call: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    if depth == 0 || HEADROOM_PROVEN.with(|h| h.get()) {
        return call();
    }
    let wanted = depth + 3;
    let mut entered = 0;
    // SAFETY: GIL held (called from the boundary); every Enter that
    // succeeded is paired with a Leave before returning.
    let room = unsafe {
        while entered < wanted && pyo3::ffi::Py_EnterRecursiveCall(c"".as_ptr()) == 0 {
            entered += 1;
        }
        if entered < wanted {
            pyo3::ffi::PyErr_Clear();
        }
        for _ in 0..entered {
            pyo3::ffi::Py_LeaveRecursiveCall();
        }
        entered == wanted
    };
    if !room {
        return call();
    }
    HEADROOM_PROVEN.with(|h| h.set(true));
    let result = call();
    HEADROOM_PROVEN.with(|h| h.set(false));
    result
}

/// `str(i)`, with the interpreter's current `sys.set_int_max_str_digits`
/// limit (asked only for long numbers: below 640 digits CPython never checks).
pub fn int_str(i: &Int) -> PyResult<String> {
    let text = i.to_string();
    if text.len() <= 640 {
        return Ok(text);
    }
    let limit = Python::attach(|py| -> pyo3::PyResult<i64> {
        py.import("sys")?
            .getattr("get_int_max_str_digits")?
            .call0()?
            .extract()
    })
    .unwrap_or(4300);
    i.to_str(limit)
}

/// A Python exception raised while CPython itself computed a leaf operation
/// for static code (formatting, `round(x, n)`): the same type and message.
fn from_host(py: Py<'_>, e: pyo3::PyErr) -> PyError {
    let kind = if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(py) {
        super::ExcKind::OverflowError
    } else if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) {
        super::ExcKind::TypeError
    } else if e.is_instance_of::<pyo3::exceptions::PyMemoryError>(py) {
        super::ExcKind::MemoryError
    } else {
        super::ExcKind::ValueError
    };
    PyError::new(kind, e.value(py).to_string())
}

/// One f-string replacement field, `{value!conversion:spec}`, formatted by
/// CPython itself (`PyObject_Format`), so every format spec is exact.
/// `conversion` is the AST's: -1 none, 115 `!s`, 114 `!r`, 97 `!a`.
pub fn format_value<T: ToPy>(value: T, conversion: i32, spec: &str) -> PyResult<String> {
    Python::attach(|py| {
        let obj = value.to_py(py)?;
        let obj = obj.bind(py);
        let converted = match conversion {
            115 => obj.str().map(Bound::into_any),
            114 => obj.repr().map(Bound::into_any),
            97 => py
                .import("builtins")
                .and_then(|b| b.getattr("ascii"))
                .and_then(|ascii| ascii.call1((obj,))),
            _ => Ok(obj.clone()),
        }
        .map_err(|e| from_host(py, e))?;
        converted
            .call_method1("__format__", (spec,))
            .and_then(|s| s.extract::<String>())
            .map_err(|e| from_host(py, e))
    })
}

/// `round(x, n)` computed by CPython's own `__round__` (it rounds the exact
/// decimal value: `round(2.675, 2) == 2.67`).
pub fn round_ndigits<T: ToPy + FromPy>(x: T, n: &Int) -> PyResult<T> {
    Python::attach(|py| {
        let x = x.to_py(py)?;
        let n = n.clone().to_py(py)?;
        let result = x
            .bind(py)
            .call_method1("__round__", (n,))
            .map_err(|e| from_host(py, e))?;
        T::from_py(&result).ok_or_else(|| PyError::value("round() returned another type"))
    })
}

/// `i OP x` between an int and a float: exact, as CPython compares them.
pub fn cmp_int_float(i: &Int, x: f64, op: &str) -> bool {
    use std::cmp::Ordering::*;
    match i.cmp_f64(x) {
        None => op == "!=",
        Some(o) => match op {
            "==" => o == Equal,
            "!=" => o != Equal,
            "<" => o == Less,
            "<=" => o != Greater,
            ">" => o == Greater,
            ">=" => o != Less,
            _ => false,
        },
    }
}

pub fn cmp_float_int(x: f64, i: &Int, op: &str) -> bool {
    let flipped = match op {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        other => other,
    };
    cmp_int_float(i, x, flipped)
}

/// The Python that adds one decorator per static function to the program's
/// AST (line numbers unchanged) and compiles it.
const COMPILE_PARTITIONED: &str = r#"
def _compile(source, filename, names):
    # _ast (built in), not ast.py: the pure-Python module costs more start-up
    # than the whole transformation.
    import _ast
    tree = compile(source, filename, "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)
    for node in tree.body:
        if type(node) is _ast.FunctionDef and node.name in names:
            where = dict(lineno=node.lineno, col_offset=node.col_offset,
                         end_lineno=node.lineno, end_col_offset=node.col_offset)
            name = _ast.Name("__hybrid_static__", _ast.Load(), **where)
            node.decorator_list.insert(0, _ast.Attribute(name, node.name, _ast.Load(), **where))
    return compile(tree, filename, "exec", dont_inherit=True)
"#;

/// Compiles `source` with the static functions bound to their native
/// versions, and puts `__hybrid_static__` (the decorators) in `globals`.
pub fn compile_partitioned<'py>(
    py: Py<'py>,
    source: &[u8],
    filename: &str,
    statics: &'static [Static],
    globals: &Bound<'py, PyDict>,
) -> pyo3::PyResult<Obj<'py>> {
    super::native::prepare(py)?;
    let module = PyModule::new(py, "__hybrid_static__")?;
    for s in statics {
        let decorator = pyo3::types::PyCFunction::new_closure(
            py,
            Some(s.cname),
            None,
            move |args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>| {
                let original = args.get_item(0)?.unbind();
                native(args.py(), s, original).map(|f| f.into_any().unbind())
            },
        )?;
        module.setattr(s.name, decorator)?;
    }
    globals.set_item("__hybrid_static__", module)?;
    let helpers = PyDict::new(py);
    py.run(
        &CString::new(COMPILE_PARTITIONED).expect("no NUL"),
        Some(&helpers),
        None,
    )?;
    let names: Vec<&str> = statics.iter().map(|s| s.name).collect();
    let source = pyo3::types::PyBytes::new(py, source);
    helpers
        .get_item("_compile")?
        .expect("defined above")
        .call1((source, filename, names))
}

/// The native callable bound under a static function's name.
fn native<'py>(
    py: Py<'py>,
    s: &'static Static,
    original: pyo3::Py<PyAny>,
) -> pyo3::PyResult<Bound<'py, PyAny>> {
    super::native::new(py, s, original.into_bound(py))
}
