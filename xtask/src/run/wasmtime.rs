//! Runs a WebAssembly (WASI preview 1) binary under wasmtime. The engine is
//! the PyPI wheel pinned by SHA-256 in `.ci/wasmtime.txt` (it ships
//! wasmtime's C API library for x86_64 and aarch64 hosts), installed by the
//! xtask into its own cache directory and driven by `wasmtime_run.py`, whose
//! fixed engine settings (NaN canonicalisation) are part of every cell's key.

use super::{Invocation, Runner};
use crate::util::{cache_dir, sha256_file, sha256_hex, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The driver script, written next to the installed wheel.
const SCRIPT: &str = include_str!("wasmtime_run.py");
/// The pinned wheel (pip checks every hash before installing).
pub const REQUIREMENTS: &str = ".ci/wasmtime.txt";

/// An installed, pinned wasmtime and the Python that drives it.
#[derive(Debug, Clone)]
pub struct Wasmtime {
    /// The build python of `toolchains/cpython.toml` (always present).
    pub python: PathBuf,
    /// `<cache>/wasmtime/<key>`: the wheel's `wasmtime/` package and `run.py`.
    pub dir: PathBuf,
    /// `wasmtime 51.0.0`.
    pub version: String,
    /// `cranelift_nan_canonicalization=on`.
    pub settings: String,
}

impl Wasmtime {
    /// The install for the pinned requirements and this script, made when
    /// missing (once per process).
    pub fn ensure() -> Result<Wasmtime> {
        static DONE: Mutex<Option<Wasmtime>> = Mutex::new(None);
        let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = done.as_ref() {
            return Ok(w.clone());
        }
        let (python, requirements, dir) = Wasmtime::location()?;
        if !dir.join("run.py").is_file() {
            install(&python, &requirements, &dir)?;
        }
        // One start of the driver (it loads the engine library) for both.
        let out = Command::new(&python)
            .args(["-I", "-S"])
            .arg(dir.join("run.py"))
            .arg("--identify")
            .output()
            .with_context(|| format!("cannot run {}", python.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let (version, settings) = match text.trim().split_once('\n') {
            Some((v, s)) if out.status.success() => (v.to_string(), s.to_string()),
            _ => bail!(
                "the installed wasmtime in {} does not start: {}",
                dir.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        };
        let wasmtime = Wasmtime {
            version,
            settings,
            python,
            dir,
        };
        *done = Some(wasmtime.clone());
        Ok(wasmtime)
    }

    /// The build python, the requirements file, and the install directory,
    /// named by the hash of the pinned requirements and the driver script.
    fn location() -> Result<(PathBuf, PathBuf, PathBuf)> {
        let python = crate::cpython::pins::Pins::load(&crate::cpython::pins::Pins::default_path())?
            .build_python;
        let requirements = workspace_root().join(REQUIREMENTS);
        let pinned = std::fs::read_to_string(&requirements)
            .with_context(|| format!("cannot read {}", requirements.display()))?;
        let key = sha256_hex(format!("wasmtime-install/1\n{pinned}\n{SCRIPT}").as_bytes());
        let dir = cache_dir().join("wasmtime").join(&key[..16]);
        Ok((python, requirements, dir))
    }

    /// Where the pinned wasmtime is installed, if it is (installing nothing).
    pub fn installed_dir() -> Option<PathBuf> {
        let (_, _, dir) = Wasmtime::location().ok()?;
        dir.join("run.py").is_file().then_some(dir)
    }

    /// The engine's shared library (the file that decides the machine code).
    pub fn library(&self) -> PathBuf {
        self.dir
            .join("wasmtime")
            .join(format!("linux-{}", std::env::consts::ARCH))
            .join("_libwasmtime.so")
    }

    /// Where the compiled machine code of `module` is kept (by its content).
    fn compiled_path(&self, module: &Path, module_sha256: &str) -> PathBuf {
        let name = module.file_stem().unwrap_or_default().to_string_lossy();
        self.dir
            .join("compiled")
            .join(format!("{name}-{}.cwasm", &module_sha256[..16]))
    }

    /// The driver's command line for `module`, without the program's arguments.
    fn command(&self, module: &Path, compiled: &Path) -> Command {
        let mut cmd = Command::new(&self.python);
        cmd.env_clear()
            .args(["-I", "-S"])
            .arg(self.dir.join("run.py"))
            .arg("--module")
            .arg(module)
            .arg("--compiled")
            .arg(compiled);
        cmd
    }
}

/// `pip install --target` of the pinned wheel into a fresh directory renamed
/// into place, so an interrupted install is never taken for a complete one.
fn install(python: &Path, requirements: &Path, dir: &Path) -> Result<()> {
    let tmp = dir.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!(
        "wasmtime: installing the pinned wheel ({}) into {}",
        REQUIREMENTS,
        dir.display()
    );
    let status = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--only-binary=:all:", "--require-hashes"])
        .arg("--target")
        .arg(&tmp)
        .arg("-r")
        .arg(requirements)
        .env("PIP_ROOT_USER_ACTION", "ignore")
        .status()
        .with_context(|| format!("cannot run {} -m pip", python.display()))?;
    if !status.success() {
        bail!(
            "cannot install the pinned wasmtime wheel ({REQUIREMENTS}) with {} -m pip \
             (pip comes with: apt-get install -y python3-pip)",
            python.display()
        );
    }
    std::fs::write(tmp.join("run.py"), SCRIPT)?;
    std::fs::create_dir_all(dir.parent().context("the cache has a parent")?)?;
    if let Err(e) = std::fs::rename(&tmp, dir) {
        // Another process installed it meanwhile: theirs is as good.
        let _ = std::fs::remove_dir_all(&tmp);
        if !dir.join("run.py").is_file() {
            return Err(e).with_context(|| format!("cannot rename to {}", dir.display()));
        }
    }
    Ok(())
}

/// Runs a target's `.wasm` binary under the pinned wasmtime.
pub struct WasmtimeRunner {
    pub wasmtime: Wasmtime,
    pub binary: PathBuf,
    /// SHA-256 of each module run so far (they are megabytes).
    hashes: Mutex<BTreeMap<PathBuf, String>>,
}

impl WasmtimeRunner {
    /// A runner for `binary`, compiled to machine code now (two seconds for
    /// the Pro binary), not by the first cells at once.
    pub fn new(wasmtime: Wasmtime, binary: &Path) -> Result<WasmtimeRunner> {
        let runner = WasmtimeRunner {
            wasmtime,
            binary: binary.to_path_buf(),
            hashes: Mutex::new(BTreeMap::new()),
        };
        runner.compiled(binary)?;
        Ok(runner)
    }

    fn module_sha256(&self, module: &Path) -> Result<String> {
        let mut hashes = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(h) = hashes.get(module) {
            return Ok(h.clone());
        }
        let h = sha256_file(module)?;
        hashes.insert(module.to_path_buf(), h.clone());
        Ok(h)
    }

    /// The module's compiled code, made when missing.
    fn compiled(&self, module: &Path) -> Result<PathBuf> {
        let compiled = self
            .wasmtime
            .compiled_path(module, &self.module_sha256(module)?);
        if !compiled.is_file() {
            let out = self
                .wasmtime
                .command(module, &compiled)
                .arg("--compile-only")
                .output()?;
            if !out.status.success() {
                bail!(
                    "wasmtime cannot compile {}: {}",
                    module.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
        }
        Ok(compiled)
    }

    fn module<'a>(&'a self, invocation: &'a Invocation) -> &'a Path {
        invocation.binary.as_deref().unwrap_or(&self.binary)
    }
}

impl Runner for WasmtimeRunner {
    fn name(&self) -> String {
        "wasmtime".into()
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![(
            "wasmtime".into(),
            format!(
                "{} (PyPI wheel, {REQUIREMENTS}; {})",
                self.wasmtime.version, self.wasmtime.settings
            ),
        )]
    }

    fn depends_on(&self, invocation: &Invocation) -> Result<Vec<PathBuf>> {
        Ok(vec![
            self.wasmtime.python.clone(),
            self.wasmtime.dir.join("run.py"),
            self.wasmtime.library(),
            self.module(invocation).to_path_buf(),
        ])
    }

    fn command(&self, invocation: &Invocation) -> Result<Command> {
        self.compiled(self.module(invocation))?;
        self.describe(invocation)
    }

    /// Each input's directory is visible read-only at its own absolute path,
    /// and an argument naming an input is given as that absolute path.
    fn describe(&self, invocation: &Invocation) -> Result<Command> {
        let module = self.module(invocation);
        let compiled = self
            .wasmtime
            .compiled_path(module, &self.module_sha256(module)?);
        let mut cmd = self.wasmtime.command(module, &compiled);
        let mut absolute = BTreeMap::new();
        let mut dirs = std::collections::BTreeSet::new();
        for input in &invocation.inputs {
            let full = std::fs::canonicalize(input)
                .with_context(|| format!("cannot find {}", input.display()))?;
            if let Some(dir) = full.parent() {
                dirs.insert(dir.to_path_buf());
            }
            absolute.insert(input.clone(), full);
        }
        for dir in dirs {
            cmd.arg("--preopen").arg(dir);
        }
        cmd.arg("--");
        for arg in &invocation.args {
            match absolute.get(Path::new(arg)) {
                Some(full) => cmd.arg(full),
                None => cmd.arg(arg),
            };
        }
        Ok(cmd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_sees_its_inputs_read_only_at_their_absolute_paths() {
        let dir = crate::util::Scratch::new("wasmtime-runner");
        std::fs::create_dir_all(dir.join("progs")).unwrap();
        let module = dir.join("hybrid.wasm");
        std::fs::write(&module, b"\0asm\x01\0\0\0").unwrap();
        let program = dir.join("progs").join("p.py");
        std::fs::write(&program, "print(1)\n").unwrap();
        let runner = WasmtimeRunner {
            wasmtime: Wasmtime {
                python: PathBuf::from("/usr/bin/python3.11"),
                dir: PathBuf::from("/cache/wasmtime/k"),
                version: "wasmtime 51.0.0".into(),
                settings: "cranelift_nan_canonicalization=on".into(),
            },
            binary: module.clone(),
            hashes: Mutex::new(BTreeMap::new()),
        };
        let cmd = runner.describe(&Invocation::exec(&program)).unwrap();
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let sha = sha256_file(&module).unwrap();
        let progs = std::fs::canonicalize(dir.join("progs")).unwrap();
        assert_eq!(
            args,
            [
                "-I".to_string(),
                "-S".into(),
                "/cache/wasmtime/k/run.py".into(),
                "--module".into(),
                module.display().to_string(),
                "--compiled".into(),
                format!("/cache/wasmtime/k/compiled/hybrid-{}.cwasm", &sha[..16]),
                "--preopen".into(),
                progs.display().to_string(),
                "--".into(),
                "exec".into(),
                progs.join("p.py").display().to_string(),
            ]
        );
        // The key names the engine's version and settings.
        let tools = runner.tool_versions();
        assert!(
            tools[0].1.contains("wasmtime 51.0.0")
                && tools[0].1.contains("nan_canonicalization=on")
        );
    }
}
