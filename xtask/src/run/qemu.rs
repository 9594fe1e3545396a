//! Runs a foreign-architecture binary under qemu-user, called explicitly
//! (binfmt is not relied on) with `-L` pointing at the target's sysroot.

use super::closure::{with_loaded, LibrarySearch};
use super::{tool_version, which, Invocation, Runner};
use anyhow::Result;
use std::path::PathBuf;
use std::process::Command;

pub struct QemuRunner {
    pub qemu: String,
    /// The target's loader and libraries (`-L` is their sysroot).
    pub libraries: LibrarySearch,
    pub binary: PathBuf,
}

impl Runner for QemuRunner {
    fn name(&self) -> String {
        "qemu".into()
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![(self.qemu.clone(), tool_version(&self.qemu, "--version"))]
    }

    fn depends_on(&self, invocation: &Invocation) -> Result<Vec<PathBuf>> {
        let binary = invocation.binary.as_ref().unwrap_or(&self.binary);
        let mut files = vec![which(&self.qemu)?];
        files.extend(with_loaded(binary, &self.libraries)?);
        Ok(files)
    }

    fn describe(&self, invocation: &Invocation) -> Result<Command> {
        let mut cmd = Command::new(&self.qemu);
        // An empty environment (see the native runner); QEMU_* settings of
        // the caller must not change the emulation either.
        cmd.env_clear().arg("-L").arg(&self.libraries.sysroot);
        cmd.arg(invocation.binary.as_ref().unwrap_or(&self.binary))
            .args(&invocation.args);
        Ok(cmd)
    }
}
