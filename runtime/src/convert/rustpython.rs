//! [`Value`] ⇄ RustPython objects.
//!
//! Integers beyond 64 bits go through `int.from_bytes` / `int.to_bytes`
//! (little-endian, signed), the same route the CPython side takes, so the
//! engine's own big-integer type never appears here.

use super::{canonical_order, unsupported, ConvertError};
use crate::codec::{int_from_le_bytes, Value, MAX_DEPTH};
use rustpython_vm::builtins::{
    PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyStr, PyTuple,
};
use rustpython_vm::function::{FuncArgs, KwArgs};
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};

/// Reads a Python object into a `Value`.
pub(crate) fn from_object(vm: &VirtualMachine, obj: &PyObjectRef) -> Result<Value, ConvertError> {
    from_object_at(vm, obj, 0)
}

/// Builds the Python object for a value.
pub(crate) fn to_object(vm: &VirtualMachine, value: &Value) -> PyResult<PyObjectRef> {
    let all = |items: &[Value]| -> PyResult<Vec<PyObjectRef>> {
        items.iter().map(|v| to_object(vm, v)).collect()
    };
    Ok(match value {
        Value::None => vm.ctx.none(),
        Value::Bool(b) => vm.ctx.new_bool(*b).into(),
        Value::Int(v) => vm.ctx.new_int(*v).into(),
        Value::BigInt(b) => {
            let bytes: PyObjectRef = vm.ctx.new_bytes(b.as_le_bytes().to_vec()).into();
            let args = FuncArgs::new(
                vec![bytes, vm.ctx.new_str("little").into()],
                [("signed".to_string(), vm.ctx.new_bool(true).into())]
                    .into_iter()
                    .collect::<KwArgs>(),
            );
            vm.call_method(vm.ctx.types.int_type.as_object(), "from_bytes", args)?
        }
        Value::Float(x) => vm.ctx.new_float(*x).into(),
        Value::Str(s) => vm.ctx.new_str(s.as_str()).into(),
        Value::Bytes(b) => vm.ctx.new_bytes(b.clone()).into(),
        Value::List(items) => vm.ctx.new_list(all(items)?).into(),
        Value::Tuple(items) => vm.ctx.new_tuple(all(items)?).into(),
        Value::Dict(pairs) => {
            let dict = vm.ctx.new_dict();
            for (k, v) in pairs {
                dict.set_item(&*to_object(vm, k)?, to_object(vm, v)?, vm)?;
            }
            dict.into()
        }
        Value::Set(items) => {
            let set = vm.ctx.types.set_type.as_object().call((), vm)?;
            for item in items {
                vm.call_method(&set, "add", (to_object(vm, item)?,))?;
            }
            set
        }
        Value::FrozenSet(items) => {
            let list: PyObjectRef = vm.ctx.new_list(all(items)?).into();
            vm.ctx.types.frozenset_type.as_object().call((list,), vm)?
        }
    })
}

fn python_error(
    vm: &VirtualMachine,
    err: rustpython_vm::builtins::PyBaseExceptionRef,
) -> ConvertError {
    let mut text = String::new();
    let _ = vm.write_exception(&mut text, &err);
    ConvertError(format!(
        "Python error while converting: {}",
        text.lines().last().unwrap_or("").trim()
    ))
}

fn from_object_at(
    vm: &VirtualMachine,
    obj: &PyObjectRef,
    depth: usize,
) -> Result<Value, ConvertError> {
    if depth > MAX_DEPTH {
        return Err(ConvertError(format!(
            "value nests deeper than {MAX_DEPTH} levels (a container that contains itself?)"
        )));
    }
    let children = |items: Vec<PyObjectRef>| -> Result<Vec<Value>, ConvertError> {
        items
            .iter()
            .map(|item| from_object_at(vm, item, depth + 1))
            .collect()
    };
    if vm.is_none(obj) {
        Ok(Value::None)
    } else if obj.fast_isinstance(vm.ctx.types.bool_type) {
        Ok(Value::Bool(obj.is(&vm.ctx.true_value)))
    } else if let Some(i) = obj.downcast_ref::<PyInt>() {
        match i.try_to_primitive::<i64>(vm) {
            Ok(v) => Ok(Value::Int(v)),
            Err(_) => big_int(vm, obj).map_err(|e| python_error(vm, e)),
        }
    } else if let Some(f) = obj.downcast_ref::<PyFloat>() {
        Ok(Value::Float(f.to_f64()))
    } else if let Some(s) = obj.downcast_ref::<PyStr>() {
        let text = s.to_str().ok_or_else(|| {
            ConvertError("str contains a lone surrogate, which has no UTF-8 form".into())
        })?;
        Ok(Value::Str(text.to_owned()))
    } else if let Some(b) = obj.downcast_ref::<PyBytes>() {
        Ok(Value::Bytes(b.as_bytes().to_vec()))
    } else if let Some(b) = obj.downcast_ref::<PyByteArray>() {
        Ok(Value::Bytes(b.borrow_buf().to_vec()))
    } else if let Some(l) = obj.downcast_ref::<PyList>() {
        Ok(Value::List(children(l.borrow_vec().to_vec())?))
    } else if let Some(t) = obj.downcast_ref::<PyTuple>() {
        Ok(Value::Tuple(children(t.as_slice().to_vec())?))
    } else if let Some(d) = obj.downcast_ref::<PyDict>() {
        let mut pairs = Vec::new();
        for (k, v) in d.items_vec() {
            pairs.push((
                from_object_at(vm, &k, depth + 1)?,
                from_object_at(vm, &v, depth + 1)?,
            ));
        }
        Ok(Value::Dict(pairs))
    } else if let Some(s) = obj.downcast_ref::<PySet>() {
        Ok(Value::Set(canonical_order(children(s.elements())?)))
    } else if let Some(s) = obj.downcast_ref::<PyFrozenSet>() {
        Ok(Value::FrozenSet(canonical_order(children(s.elements())?)))
    } else {
        Err(unsupported(&obj.class().name()))
    }
}

/// An int outside `i64`: its minimal signed little-endian bytes.
fn big_int(
    vm: &VirtualMachine,
    obj: &PyObjectRef,
) -> Result<Value, rustpython_vm::builtins::PyBaseExceptionRef> {
    let bits: usize = vm.call_method(obj, "bit_length", ())?.try_into_value(vm)?;
    let args = FuncArgs::new(
        vec![
            vm.ctx.new_int(bits / 8 + 1).into(),
            vm.ctx.new_str("little").into(),
        ],
        [("signed".to_string(), vm.ctx.new_bool(true).into())]
            .into_iter()
            .collect::<KwArgs>(),
    );
    let bytes = vm.call_method(obj, "to_bytes", args)?;
    let bytes = bytes
        .downcast_ref::<PyBytes>()
        .ok_or_else(|| vm.new_type_error("int.to_bytes returned no bytes"))?;
    Ok(int_from_le_bytes(bytes.as_bytes()))
}
