//! The Light engine: RustPython (pure Rust, Python 3.14 semantics) with its
//! stdlib frozen into the binary, started as close to the Pro isolate as it
//! allows.
//!
//! Applied, as in the Pro `PyConfig`: hash seed 0, isolated (environment and
//! user site ignored), no `site`, UTF-8 mode, UTF-8 standard streams with
//! `surrogateescape`, no bytecode written, `sys.path` empty but for a
//! program's own directory, and (on Unix) PEP 538's coercion of a "C"
//! `LC_CTYPE` to C.UTF-8, which RustPython does not do itself.
//!
//! What RustPython cannot be told, and the Light tier therefore does not
//! reproduce, is listed in the README's PoC 5 section (its `str` hash is not
//! SipHash-1-3, so sets of strings iterate differently; its stdlib and
//! messages are 3.14's).

use super::{Fragment, IsolateError, Outputs};
use crate::convert::rustpython::{from_object, to_object};
use crate::convert::ConvertError;
use rustpython::InterpreterBuilderExt;
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::compiler::Mode;
use rustpython_vm::scope::Scope;
use rustpython_vm::{AsObject, Interpreter, PyResult, Settings, VirtualMachine};
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;

enum Slot {
    NotStarted,
    /// Never dropped implicitly: at thread exit RustPython's own
    /// thread-locals may already be gone, and dropping it then panics. It is
    /// finalised by [`Isolate::finalize`], or left to the process's end as
    /// an unfinalised CPython is.
    Running(std::mem::ManuallyDrop<Box<Interpreter>>),
    Finalized,
}

thread_local! {
    /// RustPython's interpreter is bound to the thread that made it, so the
    /// isolate lives here rather than in a process-wide lock as CPython's does.
    static INTERPRETER: RefCell<Slot> = const { RefCell::new(Slot::NotStarted) };
}

/// A handle to this thread's isolate.
#[derive(Debug, Clone, Copy)]
pub struct Isolate {
    _private: (),
}

impl Isolate {
    /// Starts the isolate on first use, returns the running one afterwards.
    pub fn get_or_start() -> Result<Isolate, IsolateError> {
        INTERPRETER.with(|slot| {
            let mut slot = slot.borrow_mut();
            match *slot {
                Slot::Running(_) => return Ok(Isolate { _private: () }),
                Slot::Finalized => return Err(IsolateError::Finalized),
                Slot::NotStarted => {}
            }
            coerce_c_locale();
            let interpreter = rustpython::InterpreterBuilder::new()
                .settings(settings())
                .init_stdlib()
                .interpreter();
            *slot = Slot::Running(std::mem::ManuallyDrop::new(Box::new(interpreter)));
            pinned_libm::ensure_linked();
            Ok(Isolate { _private: () })
        })
    }

    /// Runs a fragment in fresh globals holding `inputs`, then reads `outputs`.
    ///
    /// Rust's stdout is flushed before and Python's after, so output from both
    /// sides appears in program order.
    pub fn run(
        &self,
        fragment: &Fragment,
        inputs: &[(&str, crate::Value)],
        outputs: &[&str],
    ) -> Result<Outputs, IsolateError> {
        let _ = std::io::stdout().flush();
        with_vm(|vm| {
            let result = (|| {
                let scope = vm.new_scope_with_builtins();
                let globals = &scope.globals;
                let set = |name: &str, value| {
                    globals
                        .set_item(name, value, vm)
                        .map_err(|e| python_error(vm, e))
                };
                // `__main__`, as in the pure-Python reference.
                set("__name__", vm.ctx.new_str("__main__").into())?;
                let loader =
                    fragment_loader(vm, fragment.source).map_err(|e| python_error(vm, e))?;
                set("__loader__", loader)?;
                for (name, value) in inputs {
                    let obj = to_object(vm, value).map_err(|e| python_error(vm, e))?;
                    set(name, obj)?;
                }
                run_source(vm, fragment.source, fragment.name, scope.clone())
                    .map_err(|e| python_error(vm, e))?;
                let mut values = Vec::with_capacity(outputs.len());
                for name in outputs {
                    let obj = globals
                        .get_item_opt(*name, vm)
                        .map_err(|e| python_error(vm, e))?
                        .ok_or_else(|| IsolateError::MissingOutput {
                            fragment: fragment.name.to_string(),
                            name: name.to_string(),
                        })?;
                    let value = from_object(vm, &obj).map_err(|ConvertError(reason)| {
                        IsolateError::Convert {
                            name: name.to_string(),
                            reason,
                        }
                    })?;
                    values.push((name.to_string(), value));
                }
                Ok(Outputs(values))
            })();
            flush_python_stdio(vm);
            result
        })?
    }

    /// Runs a whole program as `__main__`, like `python3 -S -s FILE ARGS…`,
    /// and returns its exit status. Uncaught exceptions print the engine's
    /// traceback on stderr and give 1; `SystemExit` gives its code.
    pub fn exec_file(&self, path: &Path, args: &[String]) -> Result<i32, IsolateError> {
        let (bytes, display, script_dir) = super::read_program(path)?;
        let _ = std::io::stdout().flush();
        with_vm(|vm| {
            let status = (|| -> PyResult<()> {
                let source = String::from_utf8(bytes).map_err(|e| {
                    vm.new_exception_msg(
                        vm.ctx.exceptions.syntax_error.to_owned(),
                        format!("(unicode error) {display} is not UTF-8: {e}").into(),
                    )
                })?;
                let mut argv = vec![vm.ctx.new_str(display.as_str()).into()];
                argv.extend(args.iter().map(|a| vm.ctx.new_str(a.as_str()).into()));
                vm.sys_module.set_attr("argv", vm.ctx.new_list(argv), vm)?;
                let path_list = vm.sys_module.get_attr("path", vm)?;
                vm.call_method(&path_list, "insert", (0, script_dir.as_str()))?;
                let scope = vm.new_scope_with_main()?;
                scope
                    .globals
                    .set_item("__file__", vm.ctx.new_str(display.as_str()).into(), vm)?;
                scope.globals.set_item("__cached__", vm.ctx.none(), vm)?;
                run_source(vm, &source, &display, scope).map(|_| ())
            })();
            let code = match status {
                Ok(()) => 0,
                Err(exc) => vm.handle_exit_exception(exc) as i32,
            };
            flush_python_stdio(vm);
            code
        })
    }

    /// The engine's Python version, e.g. `3.14.0`.
    pub fn python_version(&self) -> String {
        use rustpython_vm::version::{MAJOR, MICRO, MINOR};
        format!("{MAJOR}.{MINOR}.{MICRO}")
    }

    /// Finalises the interpreter (flushes streams, runs `atexit`) and returns
    /// the exit-status adjustment CPython would make: 120 when flushing the
    /// standard streams failed, else 0.
    pub fn finalize(self) -> i32 {
        let taken =
            INTERPRETER.with(|slot| std::mem::replace(&mut *slot.borrow_mut(), Slot::Finalized));
        match taken {
            Slot::Running(interpreter) => {
                std::mem::ManuallyDrop::into_inner(interpreter).finalize(None) as i32
            }
            _ => 0,
        }
    }
}

/// The deterministic settings (see the module comment).
fn settings() -> Settings {
    let mut s = Settings::default();
    s.isolated = true;
    s.ignore_environment = true;
    s.user_site_directory = false;
    s.import_site = false;
    s.safe_path = true;
    s.hash_seed = Some(0);
    s.write_bytecode = false;
    s.buffered_stdio = true;
    s.utf8_mode = 1;
    s.stdio_encoding = Some("utf-8".into());
    s.stdio_errors = Some("surrogateescape".into());
    // CPython with an empty argv gives `sys.argv == ['']`.
    s.argv = vec![String::new()];
    s.path_list = Vec::new();
    s
}

/// Runs `f` with this thread's running interpreter.
fn with_vm<R>(f: impl FnOnce(&VirtualMachine) -> R) -> Result<R, IsolateError> {
    INTERPRETER.with(|slot| match &*slot.borrow() {
        Slot::Running(interpreter) => Ok(interpreter.enter(f)),
        Slot::Finalized => Err(IsolateError::Finalized),
        Slot::NotStarted => Err(IsolateError::Start(
            "the isolate was not started (call Isolate::get_or_start first)".into(),
        )),
    })
}

/// Compiles and runs `source` in `scope`.
fn run_source(vm: &VirtualMachine, source: &str, name: &str, scope: Scope) -> PyResult {
    let code = vm
        .compile(source, Mode::Exec, name.to_owned())
        .map_err(|err| vm.new_syntax_error(&err, Some(source)))?;
    vm.run_code_obj(code, scope)
}

/// The `__loader__` of a fragment's globals: tracebacks find a fragment's
/// lines through it (`linecache.lazycache` asks the frame's globals for a
/// loader with `get_source`), so nothing is imported or registered up front,
/// as in the Pro engine. Defined in Python: RustPython has no cheaper way to
/// make a small class from Rust.
const FRAGMENT_SOURCE_CLASS: &str = "\
class FragmentSource:
    __slots__ = ('source',)
    def __init__(self, source):
        self.source = source
    def get_source(self, name):
        return self.source
";

thread_local! {
    static FRAGMENT_SOURCE: RefCell<Option<rustpython_vm::PyObjectRef>> = const { RefCell::new(None) };
}

/// A `FragmentSource` holding `source` (the class is made once per thread).
fn fragment_loader(vm: &VirtualMachine, source: &str) -> PyResult {
    let class = FRAGMENT_SOURCE.with(|cell| cell.borrow().clone());
    let class = match class {
        Some(class) => class,
        None => {
            let scope = vm.new_scope_with_builtins();
            scope
                .globals
                .set_item("__name__", vm.ctx.new_str("hybrid").into(), vm)?;
            run_source(vm, FRAGMENT_SOURCE_CLASS, "<hybrid>", scope.clone())?;
            let class = scope.globals.get_item("FragmentSource", vm)?;
            FRAGMENT_SOURCE.with(|cell| *cell.borrow_mut() = Some(class.clone()));
            class
        }
    };
    class.call((vm.ctx.new_str(source),), vm)
}

/// Flushes `sys.stdout` and `sys.stderr`, so Rust's next output follows
/// Python's in program order.
fn flush_python_stdio(vm: &VirtualMachine) {
    for stream in ["stdout", "stderr"] {
        if let Ok(s) = vm.sys_module.get_attr(stream, vm) {
            if !vm.is_none(&s) {
                let _ = vm.call_method(&s, "flush", ());
            }
        }
    }
}

/// Turns a Python exception into [`IsolateError::Python`] with the engine's traceback text.
fn python_error(vm: &VirtualMachine, exc: PyBaseExceptionRef) -> IsolateError {
    let exception = exc.class().name().to_string();
    let message = exc
        .as_object()
        .str(vm)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Python's own formatting, which finds a fragment's lines through its
    // `__loader__` (RustPython's Rust-side printer reads files from disk).
    let formatted = (|| -> PyResult<String> {
        let lines = vm
            .import("traceback", 0)?
            .get_attr("format_exception", vm)?
            .call((exc.clone(),), vm)?;
        let joined = vm
            .ctx
            .new_str("")
            .as_object()
            .get_attr("join", vm)?
            .call((lines,), vm)?;
        Ok(joined.str(vm)?.to_string_lossy().into_owned())
    })();
    let traceback = formatted.unwrap_or_else(|_| {
        let mut text = String::new();
        if vm.write_exception(&mut text, &exc).is_err() {
            text = format!("{exception}: {message}\n");
        }
        text
    });
    IsolateError::Python {
        exception,
        message,
        traceback,
    }
}

/// PEP 538, as the `python` program does at start: a "C" or "POSIX"
/// `LC_CTYPE` (and no `LC_ALL`) is coerced to C.UTF-8 when the C library has
/// it, and `LC_CTYPE` is exported so child processes see it too. (wasi-libc
/// has C.UTF-8 as well, and CPython coerces there too.)
#[cfg(any(unix, target_os = "wasi"))]
fn coerce_c_locale() {
    #[cfg(unix)]
    use libc::LC_CTYPE;
    use std::ffi::CStr;
    // wasi-libc's <locale.h> (the libc crate does not name it).
    #[cfg(target_os = "wasi")]
    const LC_CTYPE: std::ffi::c_int = 0;
    if std::env::var_os("LC_ALL").is_some_and(|v| !v.is_empty()) {
        // SAFETY: NUL-terminated literal; called before any other thread exists.
        unsafe { libc::setlocale(LC_CTYPE, c"".as_ptr()) };
        return;
    }
    // SAFETY: as above; the returned pointer is read before the next call.
    let current = unsafe {
        let p = libc::setlocale(LC_CTYPE, c"".as_ptr());
        if p.is_null() {
            "C".to_string()
        } else {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    };
    if current == "C" || current == "POSIX" {
        // SAFETY: as above.
        let coerced = unsafe { libc::setlocale(LC_CTYPE, c"C.UTF-8".as_ptr()) };
        if !coerced.is_null() {
            std::env::set_var("LC_CTYPE", "C.UTF-8");
        }
    }
}

#[cfg(not(any(unix, target_os = "wasi")))]
fn coerce_c_locale() {}
