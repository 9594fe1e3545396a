//! [`Value`] ⇄ CPython objects (through pyo3).

use super::{canonical_order, unsupported, ConvertError};
use crate::codec::{int_from_le_bytes, Value, MAX_DEPTH};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString,
    PyTuple,
};

impl From<PyErr> for ConvertError {
    fn from(err: PyErr) -> Self {
        ConvertError(format!("Python error while converting: {err}"))
    }
}

impl Value {
    /// Reads a Python object into a `Value`.
    pub fn from_python(obj: &Bound<'_, PyAny>) -> Result<Value, ConvertError> {
        from_python_at(obj, 0)
    }

    /// Builds the Python object for this value.
    pub fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Value::None => py.None().into_bound(py),
            Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
            Value::Int(v) => v.into_pyobject(py)?.into_any(),
            Value::BigInt(b) => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("signed", true)?;
                py.get_type::<PyInt>().call_method(
                    "from_bytes",
                    (PyBytes::new(py, b.as_le_bytes()), "little"),
                    Some(&kwargs),
                )?
            }
            Value::Float(x) => PyFloat::new(py, *x).into_any(),
            Value::Str(s) => PyString::new(py, s).into_any(),
            Value::Bytes(b) => PyBytes::new(py, b).into_any(),
            Value::List(items) => PyList::new(py, to_python_all(py, items)?)?.into_any(),
            Value::Tuple(items) => PyTuple::new(py, to_python_all(py, items)?)?.into_any(),
            Value::Dict(pairs) => {
                let dict = PyDict::new(py);
                for (k, v) in pairs {
                    dict.set_item(k.to_python(py)?, v.to_python(py)?)?;
                }
                dict.into_any()
            }
            Value::Set(items) => PySet::new(py, to_python_all(py, items)?)?.into_any(),
            Value::FrozenSet(items) => PyFrozenSet::new(py, to_python_all(py, items)?)?.into_any(),
        })
    }
}

fn to_python_all<'py>(py: Python<'py>, items: &[Value]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    items.iter().map(|v| v.to_python(py)).collect()
}

fn from_python_at(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, ConvertError> {
    if depth > MAX_DEPTH {
        return Err(ConvertError(format!(
            "value nests deeper than {MAX_DEPTH} levels (a container that contains itself?)"
        )));
    }
    let children =
        |iter: &mut dyn Iterator<Item = Bound<'_, PyAny>>| -> Result<Vec<Value>, ConvertError> {
            iter.map(|item| from_python_at(&item, depth + 1)).collect()
        };
    if obj.is_none() {
        Ok(Value::None)
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if let Ok(i) = obj.cast::<PyInt>() {
        int_from_python(i)
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        Ok(Value::Float(f.value()))
    } else if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str().map_err(|_| {
            ConvertError("str contains a lone surrogate, which has no UTF-8 form".into())
        })?;
        Ok(Value::Str(text.to_owned()))
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(Value::Bytes(b.as_bytes().to_vec()))
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(Value::Bytes(b.to_vec()))
    } else if let Ok(l) = obj.cast::<PyList>() {
        Ok(Value::List(children(&mut l.iter())?))
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        Ok(Value::Tuple(children(&mut t.iter())?))
    } else if let Ok(d) = obj.cast::<PyDict>() {
        let mut pairs = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            pairs.push((
                from_python_at(&k, depth + 1)?,
                from_python_at(&v, depth + 1)?,
            ));
        }
        Ok(Value::Dict(pairs))
    } else if let Ok(s) = obj.cast::<PySet>() {
        Ok(Value::Set(canonical_order(children(&mut s.iter())?)))
    } else if let Ok(s) = obj.cast::<PyFrozenSet>() {
        Ok(Value::FrozenSet(canonical_order(children(&mut s.iter())?)))
    } else {
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        Err(unsupported(&type_name))
    }
}

fn int_from_python(i: &Bound<'_, PyInt>) -> Result<Value, ConvertError> {
    match i.extract::<i64>() {
        Ok(v) => Ok(Value::Int(v)),
        Err(e) if e.is_instance_of::<PyOverflowError>(i.py()) => {
            let bits: usize = i.call_method0("bit_length")?.extract()?;
            let kwargs = PyDict::new(i.py());
            kwargs.set_item("signed", true)?;
            let bytes = i.call_method("to_bytes", (bits / 8 + 1, "little"), Some(&kwargs))?;
            Ok(int_from_le_bytes(
                bytes.cast::<PyBytes>().map_err(PyErr::from)?.as_bytes(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}
