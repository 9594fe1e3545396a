//! The Pro engine: one embedded CPython 3.11, started deterministically.
//!
//! Everything that can make CPython's output depend on the machine or the
//! caller's environment is fixed through `PyConfig` before initialisation, not
//! through environment variables: isolated mode (every `PYTHON*` variable and the
//! user site ignored), hash seed 0, no `site`, UTF-8 mode for every stream and
//! path, no bytecode written. The Pro build also points the import system at the
//! stdlib embedded in the binary (see [`crate::stdlib`]), with `sys.path` empty.

use super::{Fragment, IsolateError, Outputs};
use crate::codec::Value;
use crate::convert::ConvertError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::ffi::{CStr, CString};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

#[derive(PartialEq)]
enum State {
    NotStarted,
    Running,
    Finalized,
}

/// Guards the process-wide interpreter and the thread state the main thread
/// gave up after initialisation (restored to finalise).
static STATE: Mutex<(State, usize)> = Mutex::new((State::NotStarted, 0));

/// A handle to the process's one isolate. Copyable: the GIL serialises use.
#[derive(Debug, Clone, Copy)]
pub struct Isolate {
    _private: (),
}

impl Isolate {
    /// Starts the isolate on first use, returns the running one afterwards.
    /// Call it first from the thread that will finalise it (normally `main`).
    pub fn get_or_start() -> Result<Isolate, IsolateError> {
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        match state.0 {
            State::Running => return Ok(Isolate { _private: () }),
            State::Finalized => return Err(IsolateError::Finalized),
            State::NotStarted => {}
        }
        // SAFETY: the interpreter is not running and STATE serialises starts.
        let tstate = unsafe { start_interpreter()? };
        *state = (State::Running, tstate as usize);
        pinned_libm::ensure_linked();
        Ok(Isolate { _private: () })
    }

    /// Runs a fragment in fresh globals holding `inputs`, then reads `outputs`.
    ///
    /// Rust's stdout is flushed before and Python's after, so output from both
    /// sides appears in program order.
    pub fn run(
        &self,
        fragment: &Fragment,
        inputs: &[(&str, Value)],
        outputs: &[&str],
    ) -> Result<Outputs, IsolateError> {
        let _ = std::io::stdout().flush();
        Python::attach(|py| {
            let result = (|| {
                // `__main__`, as in the pure-Python reference: class reprs, `__module__`
                // and error messages that name the module print the same.
                let globals = fresh_globals(py, "__main__")?;
                for (name, value) in inputs {
                    let obj = value.to_python(py).map_err(|e| python_error(py, e))?;
                    globals
                        .set_item(*name, obj)
                        .map_err(|e| python_error(py, e))?;
                }
                let loader = Bound::new(py, FragmentSource(fragment.source))
                    .map_err(|e| python_error(py, e))?;
                globals
                    .set_item("__loader__", loader)
                    .map_err(|e| python_error(py, e))?;
                exec_source(py, fragment.source.as_bytes(), fragment.name, &globals)?;
                let mut values = Vec::with_capacity(outputs.len());
                for name in outputs {
                    let obj = globals
                        .get_item(*name)
                        .map_err(|e| python_error(py, e))?
                        .ok_or_else(|| IsolateError::MissingOutput {
                            fragment: fragment.name.to_string(),
                            name: name.to_string(),
                        })?;
                    let value = Value::from_python(&obj).map_err(|ConvertError(reason)| {
                        IsolateError::Convert {
                            name: name.to_string(),
                            reason,
                        }
                    })?;
                    values.push((name.to_string(), value));
                }
                Ok(Outputs(values))
            })();
            flush_python_stdio(py);
            result
        })
    }

    /// Runs a whole program as `__main__`, like `python3.11 -S -s FILE ARGS…`,
    /// and returns its exit status. Uncaught exceptions print CPython's own
    /// traceback on stderr and give 1; `SystemExit` gives its code.
    pub fn exec_file(&self, path: &Path, args: &[String]) -> Result<i32, IsolateError> {
        let (source, display, script_dir) = super::read_program(path)?;
        self.exec_program(&source, &display, &script_dir, args, &[])
    }

    /// Runs a partitioned program as `__main__` like [`Isolate::exec_file`],
    /// with each function of `statics` bound to its generated native version
    /// (see [`crate::pyexact::boundary`]). `display` is the program's name
    /// in `sys.argv[0]`, `__file__` and tracebacks.
    pub fn exec_partitioned(
        &self,
        source: &[u8],
        display: &str,
        args: &[String],
        statics: &'static [crate::pyexact::boundary::Static],
    ) -> Result<i32, IsolateError> {
        self.exec_program(source, display, "", args, statics)
    }

    fn exec_program(
        &self,
        source: &[u8],
        display: &str,
        script_dir: &str,
        args: &[String],
        statics: &'static [crate::pyexact::boundary::Static],
    ) -> Result<i32, IsolateError> {
        let display = display.to_string();
        let _ = std::io::stdout().flush();
        Python::attach(|py| {
            let status = (|| -> PyResult<Result<(), PyErr>> {
                let sys = py.import("sys")?;
                let mut argv = vec![display.clone()];
                argv.extend(args.iter().cloned());
                sys.setattr("argv", PyList::new(py, argv)?)?;
                sys.getattr("path")?
                    .call_method1("insert", (0, script_dir))?;
                let main = py.import("__main__")?;
                let globals = main.dict();
                globals.set_item("__file__", display.as_str())?;
                globals.set_item("__cached__", py.None())?;
                if statics.is_empty() {
                    return Ok(compile_and_exec(py, source, &display, &globals));
                }
                let code = match crate::pyexact::boundary::compile_partitioned(
                    py, source, &display, statics, &globals,
                ) {
                    Ok(code) => code,
                    Err(e) => return Ok(Err(e)),
                };
                // SAFETY: a code object and a dict, GIL held, result checked.
                let result = unsafe {
                    let r = ffi::PyEval_EvalCode(code.as_ptr(), globals.as_ptr(), globals.as_ptr());
                    Bound::from_owned_ptr_or_err(py, r)
                };
                Ok(result.map(|_| ()))
            })();
            let code = match status {
                Ok(Ok(())) => 0,
                Ok(Err(err)) | Err(err) => exit_status_of(py, err),
            };
            flush_python_stdio(py);
            Ok(code)
        })
    }

    /// The embedded CPython's version, e.g. `3.11.2`.
    pub fn python_version(&self) -> String {
        Python::attach(|py| {
            let v = py.version_info();
            format!("{}.{}.{}", v.major, v.minor, v.patch)
        })
    }

    /// Finalises the interpreter (runs `atexit`, flushes streams) and returns
    /// the exit-status adjustment CPython itself would make: 120 when flushing
    /// the standard streams failed, else 0.
    pub fn finalize(self) -> i32 {
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        if state.0 != State::Running {
            return 0;
        }
        // SAFETY: the pointer is the thread state saved by start_interpreter on
        // this thread; after finalising nothing else touches Python.
        let rc = unsafe {
            ffi::PyEval_RestoreThread(state.1 as *mut ffi::PyThreadState);
            ffi::Py_FinalizeEx()
        };
        *state = (State::Finalized, 0);
        if rc < 0 {
            120
        } else {
            0
        }
    }
}

/// Exit status for an exception that ended a program, printing what CPython prints.
fn exit_status_of(py: Python<'_>, err: PyErr) -> i32 {
    if err.is_instance_of::<pyo3::exceptions::PySystemExit>(py) {
        let code = err.value(py).getattr("code").ok();
        return match code {
            None => 1,
            Some(c) if c.is_none() => 0,
            Some(c) => match c.extract::<i64>() {
                Ok(n) => n as i32,
                Err(_) => {
                    let text = c.str().map(|s| s.to_string()).unwrap_or_default();
                    let _ = writeln_python_stderr(py, &text);
                    1
                }
            },
        };
    }
    err.print(py);
    1
}

fn writeln_python_stderr(py: Python<'_>, text: &str) -> PyResult<()> {
    let stderr = py.import("sys")?.getattr("stderr")?;
    stderr.call_method1("write", (format!("{text}\n"),))?;
    Ok(())
}

fn fresh_globals<'py>(
    py: Python<'py>,
    module_name: &str,
) -> Result<Bound<'py, PyDict>, IsolateError> {
    let globals = PyDict::new(py);
    let builtins = py.import("builtins").map_err(|e| python_error(py, e))?;
    globals
        .set_item("__builtins__", builtins)
        .map_err(|e| python_error(py, e))?;
    globals
        .set_item("__name__", module_name)
        .map_err(|e| python_error(py, e))?;
    Ok(globals)
}

/// The `__loader__` of a fragment's globals: tracebacks find a fragment's
/// lines through it (`linecache.lazycache` asks the frame's globals for a
/// loader with `get_source`), so nothing is registered up front. Registering
/// each fragment in `linecache.cache` used to import `linecache`, and with it
/// `tokenize`, `re`, `enum` and `collections`, on every run: more than the rest
/// of start-up, and a cost paid again under every emulated run.
#[pyclass(module = "hybrid", name = "FragmentSource", frozen)]
struct FragmentSource(&'static str);

#[pymethods]
impl FragmentSource {
    /// The fragment's source, whatever module name is asked for (fragments
    /// run as `__main__`).
    fn get_source(&self, name: &str) -> &'static str {
        let _ = name;
        self.0
    }
}

fn exec_source(
    py: Python<'_>,
    source: &[u8],
    filename: &str,
    globals: &Bound<'_, PyDict>,
) -> Result<(), IsolateError> {
    compile_and_exec(py, source, filename, globals).map_err(|e| python_error(py, e))
}

/// Compiles `source` (bytes: a coding cookie is honoured, as for a file) and
/// runs it in `globals`. Goes through the C API like CPython's own script
/// runner: `builtins.compile` would first build every `_ast` type to check
/// whether it was handed an AST, a quarter of an empty program's start-up.
fn compile_and_exec(
    py: Python<'_>,
    source: &[u8],
    filename: &str,
    globals: &Bound<'_, PyDict>,
) -> PyResult<()> {
    let source = CString::new(source).map_err(|_| {
        pyo3::exceptions::PySyntaxError::new_err("source code cannot contain null bytes")
    })?;
    let filename = CString::new(filename)
        .map_err(|_| pyo3::exceptions::PyValueError::new_err("file name contains a null byte"))?;
    // SAFETY: both strings are NUL-terminated and outlive the calls; the GIL is
    // held (we have `py`); returned references are owned and checked for NULL.
    unsafe {
        let code = ffi::Py_CompileStringExFlags(
            source.as_ptr(),
            filename.as_ptr(),
            ffi::Py_file_input,
            std::ptr::null_mut(),
            -1,
        );
        let code = Bound::from_owned_ptr_or_err(py, code)?;
        let result = ffi::PyEval_EvalCode(code.as_ptr(), globals.as_ptr(), globals.as_ptr());
        Bound::from_owned_ptr_or_err(py, result)?;
    }
    Ok(())
}

/// Turns a Python exception into [`IsolateError::Python`] with CPython's traceback text.
pub fn python_error(py: Python<'_>, err: PyErr) -> IsolateError {
    let exception = err
        .get_type(py)
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    let message = err
        .value(py)
        .str()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let traceback = (|| -> PyResult<String> {
        let lines = py
            .import("traceback")?
            .getattr("format_exception")?
            .call1((err.get_type(py), err.value(py), err.traceback(py)))?;
        let joined: Vec<String> = lines.extract()?;
        Ok(joined.concat())
    })()
    .unwrap_or_else(|_| format!("{exception}: {message}\n"));
    IsolateError::Python {
        exception,
        message,
        traceback,
    }
}

fn flush_python_stdio(py: Python<'_>) {
    if let Ok(sys) = py.import("sys") {
        for stream in ["stdout", "stderr"] {
            if let Ok(s) = sys.getattr(stream) {
                let _ = s.call_method0("flush");
            }
        }
    }
}

/// Pre-initialises in UTF-8 mode, initialises from an isolated `PyConfig`, and
/// releases the GIL; returns the main thread's saved thread state.
unsafe fn start_interpreter() -> Result<*mut ffi::PyThreadState, IsolateError> {
    if unsafe { ffi::Py_IsInitialized() } != 0 {
        return Err(IsolateError::Start(
            "another embedded CPython is already running".into(),
        ));
    }
    let mut pre: ffi::PyPreConfig = unsafe { std::mem::zeroed() };
    unsafe { ffi::PyPreConfig_InitIsolatedConfig(&mut pre) };
    pre.utf8_mode = 1;
    // As the `python` program does at start (PEP 538): a "C" LC_CTYPE is
    // coerced to C.UTF-8 when the C library has it, then LC_CTYPE is taken
    // from the environment. The isolated preset skips both, and a program
    // printing `locale.setlocale(LC_CTYPE)` or `nl_langinfo(CODESET)` would
    // tell the hybrid from `python3.11 prog.py`.
    pre.configure_locale = 1;
    pre.coerce_c_locale = 1;
    pre.coerce_c_locale_warn = 0;
    check(unsafe { ffi::Py_PreInitialize(&pre) })?;

    let mut config: ffi::PyConfig = unsafe { std::mem::zeroed() };
    unsafe { ffi::PyConfig_InitIsolatedConfig(&mut config) };
    let configured = (|| {
        config.isolated = 1;
        config.use_environment = 0;
        config.user_site_directory = 0;
        config.site_import = 0;
        config.use_hash_seed = 1;
        config.hash_seed = 0;
        config.write_bytecode = 0;
        config.pathconfig_warnings = 0;
        config.install_signal_handlers = 1;
        config.parse_argv = 0;
        config.buffered_stdio = 1;
        config.safe_path = 1;
        set_string(&mut config, StringField::ProgramName, "hybrid")?;
        set_string(&mut config, StringField::StdioEncoding, "utf-8")?;
        set_string(&mut config, StringField::StdioErrors, "surrogateescape")?;
        if crate::stdlib::install_frozen_stdlib() {
            // Every module comes from the binary: nothing is looked up on disk.
            config.use_frozen_modules = 1;
            config.module_search_paths_set = 1;
        }
        check(unsafe { ffi::Py_InitializeFromConfig(&config) })
    })();
    unsafe { ffi::PyConfig_Clear(&mut config) };
    configured?;
    // SAFETY: initialisation just succeeded on this thread, which holds the GIL.
    let py = unsafe { Python::assume_attached() };
    crate::embedded_importer::install(py).map_err(|e| {
        IsolateError::Start(format!("cannot install the embedded stdlib importer: {e}"))
    })?;
    // pyo3 creates its PanicException type the first time it fetches any
    // error. If that first time is at the recursion limit, creating the type
    // fails, and fetching *that* error waits on the same one-time
    // initialisation: a deadlock (a fallback call into the original Python
    // function one frame below the limit hung this way). Create it now,
    // while the stack is empty.
    let _ = <pyo3::panic::PanicException as pyo3::PyTypeInfo>::type_object(py);
    Ok(unsafe { ffi::PyEval_SaveThread() })
}

enum StringField {
    ProgramName,
    StdioEncoding,
    StdioErrors,
}

fn set_string(
    config: &mut ffi::PyConfig,
    field: StringField,
    value: &str,
) -> Result<(), IsolateError> {
    let value = CString::new(value).map_err(|e| IsolateError::Start(e.to_string()))?;
    let target: *mut *mut _ = match field {
        StringField::ProgramName => &mut config.program_name,
        StringField::StdioEncoding => &mut config.stdio_encoding,
        StringField::StdioErrors => &mut config.stdio_errors,
    };
    // SAFETY: `target` is a string field of `config`, which CPython owns and frees.
    check(unsafe { ffi::PyConfig_SetBytesString(config, target, value.as_ptr()) })
}

fn check(status: ffi::PyStatus) -> Result<(), IsolateError> {
    // SAFETY: reading a status CPython returned.
    if unsafe { ffi::PyStatus_Exception(status) } == 0 {
        return Ok(());
    }
    let msg = if status.err_msg.is_null() {
        format!("exit code {}", status.exitcode)
    } else {
        // SAFETY: CPython's error messages are static NUL-terminated strings.
        unsafe { CStr::from_ptr(status.err_msg) }
            .to_string_lossy()
            .into_owned()
    };
    Err(IsolateError::Start(msg))
}
