//! The callable bound under a static function's name: a small type with its
//! own vectorcall.
//!
//! Why not a builtin function: CPython checks every call of a C function
//! against the recursion limit with the suffix " while calling a Python
//! object", and a fallback to the original function then pushes the Python
//! frame on top of that check, one level deeper than the original program.
//! CPython calls an object's vectorcall with no check of its own, so this
//! type does exactly what the Python function's call would: one check with
//! no suffix for the static code's frame, and, when the arguments are not
//! the annotated types, no check at all before handing the call to the
//! original function (whose frame checks itself).

use super::boundary::{Obj, Static};
use pyo3::ffi;
use pyo3::prelude::*;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

#[repr(C)]
struct Native {
    ob_base: ffi::PyObject,
    vectorcall: ffi::vectorcallfunc,
    function: &'static Static,
    /// A strong reference to the original Python function.
    original: *mut ffi::PyObject,
}

/// The type, created once by [`prepare`] while the stack is shallow.
static TYPE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(ptr::null_mut());

/// Creates the type (idempotent; called before the program runs).
pub fn prepare(py: Python<'_>) -> PyResult<()> {
    if !TYPE.load(Ordering::Acquire).is_null() {
        return Ok(());
    }
    let members = Box::leak(Box::new([
        ffi::PyMemberDef {
            name: c"__vectorcalloffset__".as_ptr(),
            type_code: ffi::Py_T_PYSSIZET,
            offset: std::mem::offset_of!(Native, vectorcall) as ffi::Py_ssize_t,
            flags: ffi::Py_READONLY,
            doc: ptr::null(),
        },
        ffi::PyMemberDef::default(),
    ]));
    let slots = Box::leak(Box::new([
        ffi::PyType_Slot {
            slot: ffi::Py_tp_call,
            pfunc: ffi::PyVectorcall_Call as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_dealloc,
            pfunc: dealloc as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_members,
            pfunc: members.as_mut_ptr() as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        },
    ]));
    let spec = Box::leak(Box::new(ffi::PyType_Spec {
        name: c"hybrid.static_function".as_ptr(),
        basicsize: std::mem::size_of::<Native>() as i32,
        itemsize: 0,
        flags: (ffi::Py_TPFLAGS_DEFAULT
            | ffi::Py_TPFLAGS_HAVE_VECTORCALL
            | ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION) as u32,
        slots: slots.as_mut_ptr(),
    }));
    // SAFETY: the GIL is held; the spec and its arrays live for the program.
    let tp = unsafe { ffi::PyType_FromSpec(spec) };
    if tp.is_null() {
        return Err(PyErr::fetch(py));
    }
    TYPE.store(tp as *mut ffi::PyTypeObject, Ordering::Release);
    Ok(())
}

/// The callable for `function`, falling back to `original`.
pub fn new<'py>(
    py: Python<'py>,
    function: &'static Static,
    original: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    prepare(py)?;
    let tp = TYPE.load(Ordering::Acquire);
    // SAFETY: GIL held; `tp` is the type created above, whose instances are
    // `Native`; every field is written before the object is shared.
    unsafe {
        let obj = ffi::PyType_GenericAlloc(tp, 0);
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        let native = obj as *mut Native;
        ptr::addr_of_mut!((*native).vectorcall).write(call);
        ptr::addr_of_mut!((*native).function).write(function);
        ptr::addr_of_mut!((*native).original).write(original.into_ptr());
        Ok(Bound::from_owned_ptr(py, obj))
    }
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: `obj` is a `Native` being destroyed (refcount zero, GIL held).
    unsafe {
        let tp = ffi::Py_TYPE(obj);
        ffi::Py_XDECREF((*(obj as *mut Native)).original);
        ffi::PyObject_Free(obj as *mut c_void);
        // Instances of a heap type hold a reference to it.
        ffi::Py_DECREF(tp as *mut ffi::PyObject);
    }
}

unsafe extern "C" fn call(
    callable: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held, `callable` a `Native`,
    // `args` holding `nargs` borrowed references and `kwnames` a tuple or NULL.
    unsafe {
        let this = &*(callable as *const Native);
        let py = Python::assume_attached();
        let nargs = ffi::PyVectorcall_NARGS(nargsf) as usize;
        let keywords = !kwnames.is_null() && ffi::PyTuple_GET_SIZE(kwnames) > 0;
        if !keywords {
            // The static code's frame, checked as a Python frame is.
            if ffi::Py_EnterRecursiveCall(c"".as_ptr()) != 0 {
                return ptr::null_mut();
            }
            let items: Vec<Obj<'_>> = (0..nargs)
                .map(|i| Bound::from_borrowed_ptr(py, *args.add(i)))
                .collect();
            let result = catch_unwind(AssertUnwindSafe(|| (this.function.call)(py, &items)));
            ffi::Py_LeaveRecursiveCall();
            match result {
                Ok(Some(Ok(value))) => return value.into_ptr(),
                Ok(Some(Err(e))) => {
                    e.into_pyerr().restore(py);
                    return ptr::null_mut();
                }
                Ok(None) => {}
                Err(_) => {
                    pyo3::exceptions::PySystemError::new_err(format!(
                        "the static version of {} panicked",
                        this.function.name
                    ))
                    .restore(py);
                    return ptr::null_mut();
                }
            }
        }
        // Not the annotated types: the original function, as if called directly.
        ffi::PyObject_Vectorcall(this.original, args, nargsf, kwnames)
    }
}
