//! The importer for the compressed part of the embedded stdlib.
//!
//! A `sys.meta_path` finder and loader in one object, like CPython's
//! `FrozenImporter`: `find_spec` answers for the modules of the blob, and
//! `exec_module` inflates the module's marshalled code (with CPython's builtin
//! `zlib`), unmarshals and runs it. Nothing touches the file system. It is
//! appended after the path finder, so (as with a normal installation) a module
//! next to the user's script shadows the stdlib module of the same name.

use crate::stdlib::BlobEntry;
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::sync::OnceLock;

/// The compressed modules, sorted by name (the blob's order).
static MODULES: OnceLock<Vec<BlobEntry<'static>>> = OnceLock::new();

/// Hands the compressed entries to the importer (once, before start-up).
#[cfg_attr(not(feature = "frozen-stdlib"), allow(dead_code))]
pub(crate) fn set_modules(mut entries: Vec<BlobEntry<'static>>) {
    entries.sort_by(|a, b| a.name.cmp(b.name));
    let _ = MODULES.set(entries);
}

fn lookup(name: &str) -> Option<&'static BlobEntry<'static>> {
    let modules = MODULES.get()?;
    modules
        .binary_search_by(|e| e.name.cmp(name))
        .ok()
        .map(|i| &modules[i])
}

/// Appends the importer to `sys.meta_path` when there are modules to serve.
pub(crate) fn install(py: Python<'_>) -> PyResult<()> {
    if MODULES.get().is_none_or(|m| m.is_empty()) {
        return Ok(());
    }
    let importer = Bound::new(py, EmbeddedStdlib)?;
    py.import("sys")?
        .getattr("meta_path")?
        .call_method1("append", (importer,))?;
    Ok(())
}

/// Finder and loader of the embedded, compressed stdlib modules.
#[pyclass(module = "hybrid", name = "EmbeddedStdlib", frozen)]
pub struct EmbeddedStdlib;

#[pymethods]
impl EmbeddedStdlib {
    /// A spec for `fullname` if the blob holds it (origin `frozen`, like
    /// CPython's own frozen modules; packages get an empty search path so their
    /// submodules are found here too).
    #[pyo3(signature = (fullname, path=None, target=None))]
    fn find_spec<'py>(
        slf: &Bound<'py, Self>,
        fullname: &str,
        path: Option<&Bound<'py, PyAny>>,
        target: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let _ = (path, target);
        let Some(entry) = lookup(fullname) else {
            return Ok(None);
        };
        let py = slf.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("origin", "frozen")?;
        kwargs.set_item("is_package", entry.is_package)?;
        let spec = py
            .import("_frozen_importlib")?
            .getattr("ModuleSpec")?
            .call((fullname, slf), Some(&kwargs))?;
        Ok(Some(spec))
    }

    /// Default module creation.
    fn create_module(&self, spec: &Bound<'_, PyAny>) -> Option<Py<PyAny>> {
        let _ = spec;
        None
    }

    fn exec_module(&self, module: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = module.py();
        let name: String = module.getattr("__spec__")?.getattr("name")?.extract()?;
        let code = code_of(py, &name)?;
        let globals = module.getattr("__dict__")?;
        let globals = globals.cast::<PyDict>()?;
        // As `exec(code, module.__dict__)` in importlib's loaders: the module
        // gets `__builtins__`, which C code importing from inside a call
        // made by this module (`PyImport_Import`, e.g. `date.strftime`
        // importing `time` for `_strptime`) looks up in its globals.
        if !globals.contains("__builtins__")? {
            // SAFETY: the GIL is held; the builtins of the running frame are
            // a borrowed, live dict.
            let builtins =
                unsafe { Bound::from_borrowed_ptr_or_err(py, pyo3::ffi::PyEval_GetBuiltins())? };
            globals.set_item("__builtins__", builtins)?;
        }
        // SAFETY: the GIL is held; code and globals are live objects; the
        // result is an owned reference checked for NULL.
        unsafe {
            let result =
                pyo3::ffi::PyEval_EvalCode(code.as_ptr(), globals.as_ptr(), globals.as_ptr());
            Bound::from_owned_ptr_or_err(py, result)?;
        }
        Ok(())
    }

    /// The module's code object (for `runpy` and friends).
    fn get_code<'py>(&self, py: Python<'py>, fullname: &str) -> PyResult<Bound<'py, PyAny>> {
        code_of(py, fullname)
    }

    /// There is no source inside the binary.
    fn get_source(&self, fullname: &str) -> Option<String> {
        let _ = fullname;
        None
    }

    fn is_package(&self, fullname: &str) -> PyResult<bool> {
        lookup(fullname)
            .map(|e| e.is_package)
            .ok_or_else(|| PyImportError::new_err(format!("no embedded module named {fullname}")))
    }
}

/// Inflates and unmarshals one module's code.
fn code_of<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let entry = lookup(name)
        .ok_or_else(|| PyImportError::new_err(format!("no embedded module named {name}")))?;
    let inflated = py.import("zlib")?.getattr("decompress")?.call1((
        PyBytes::new(py, entry.data),
        15,
        entry.code_len,
    ))?;
    let bytes = inflated.cast::<PyBytes>()?;
    pyo3::marshal::loads(py, bytes.as_bytes())
}
