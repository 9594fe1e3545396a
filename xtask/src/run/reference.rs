//! Runs a pure-Python reference on the host CPython, in the one deterministic
//! setting the isolate reproduces: empty environment, hash seed 0, UTF-8 mode,
//! no `site`, no user site. (`-I` would ignore `PYTHONHASHSEED`, so it is not used.)
//! With a preload library, CPython's libm calls bind to the pinned libm.

use super::closure::{loaded_by, LibrarySearch};
use super::{tool_version, Invocation, Runner};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct ReferenceRunner {
    pub python: PathBuf,
    /// A shared library to `LD_PRELOAD` (the pinned libm), if any.
    pub preload: Option<PathBuf>,
}

impl Runner for ReferenceRunner {
    fn name(&self) -> String {
        match &self.preload {
            Some(_) => "host CPython + pinned libm (LD_PRELOAD)".into(),
            None => "host CPython".into(),
        }
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![(
            self.python.display().to_string(),
            tool_version(&self.python.to_string_lossy(), "--version"),
        )]
    }

    /// The interpreter, its libraries, the preloaded libm and every file of
    /// its standard library (`<prefix>/lib/python3.X`): a security update of
    /// the host's Python changes these even when `--version` does not.
    fn depends_on(&self, _invocation: &Invocation) -> Result<Vec<PathBuf>> {
        let mut files = vec![self.python.clone()];
        files.extend(
            loaded_by(&self.python, &LibrarySearch::host())?
                .into_iter()
                .map(|l| l.host),
        );
        files.extend(self.preload.iter().cloned());
        let stdlib = stdlib_dir(&self.python)?;
        files.extend(crate::util::files_under(&stdlib, &["__pycache__"], &|p| {
            p.is_file()
        })?);
        Ok(files)
    }

    /// Accepts `exec <file> [args]` invocations: the reference of a sample is
    /// its `reference.py`, resolved by the plan.
    fn describe(&self, invocation: &Invocation) -> Result<Command> {
        let [verb, file, rest @ ..] = invocation.args.as_slice() else {
            anyhow::bail!(
                "the reference runner needs `exec <file>`, got {:?}",
                invocation.args
            );
        };
        anyhow::ensure!(
            verb == "exec",
            "the reference runner only runs files, got {verb:?}"
        );
        let mut cmd = Command::new(&self.python);
        cmd.env_clear()
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONUTF8", "1");
        if let Some(lib) = &self.preload {
            cmd.env("LD_PRELOAD", lib);
        }
        cmd.args(["-S", "-s"]).arg(file).args(rest);
        Ok(cmd)
    }
}

/// `<prefix>/lib/python3.X` for `<prefix>/bin/python3.X`.
fn stdlib_dir(python: &Path) -> Result<PathBuf> {
    let real = std::fs::canonicalize(python)
        .with_context(|| format!("cannot resolve {}", python.display()))?;
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let prefix = real.parent().and_then(Path::parent);
    let dir = prefix
        .map(|p| p.join("lib").join(name))
        .filter(|d| d.join("os.py").is_file());
    dir.with_context(|| {
        format!(
            "cannot find the standard library of {} (looked for <prefix>/lib/{name}/os.py)",
            python.display()
        )
    })
}
