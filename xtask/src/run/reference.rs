//! Runs a pure-Python reference on the host CPython, in the one deterministic
//! setting the isolate reproduces: empty environment, hash seed 0, UTF-8 mode,
//! no `site`, no user site. (`-I` would ignore `PYTHONHASHSEED`, so it is not used.)
//! With a preload library, CPython's libm calls bind to the pinned libm.

use super::{tool_version, Invocation, Runner};
use anyhow::Result;
use std::path::PathBuf;
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

    /// Accepts `exec <file> [args]` invocations: the reference of a sample is
    /// its `reference.py`, resolved by the plan.
    fn command(&self, invocation: &Invocation) -> Result<Command> {
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
