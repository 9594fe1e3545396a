//! Runs the binary directly: the target is this machine's own.

use super::closure::{with_loaded, LibrarySearch};
use super::{Invocation, Runner};
use anyhow::Result;
use std::path::PathBuf;
use std::process::Command;

pub struct NativeRunner {
    pub binary: PathBuf,
    /// Where the binary's loader and libraries come from (this machine's).
    pub libraries: LibrarySearch,
}

impl Runner for NativeRunner {
    fn name(&self) -> String {
        "native".into()
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![]
    }

    fn depends_on(&self, invocation: &Invocation) -> Result<Vec<PathBuf>> {
        with_loaded(
            invocation.binary.as_ref().unwrap_or(&self.binary),
            &self.libraries,
        )
    }

    fn describe(&self, invocation: &Invocation) -> Result<Command> {
        let mut cmd = Command::new(invocation.binary.as_ref().unwrap_or(&self.binary));
        // An empty environment, as in the container and the reference: the
        // caller's LANG, LC_* or TZ must not reach the C library's locale
        // and time zone (and would not be in the cell's key).
        cmd.env_clear().args(&invocation.args);
        Ok(cmd)
    }
}
