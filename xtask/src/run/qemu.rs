//! Runs a foreign-architecture binary under qemu-user, called explicitly
//! (binfmt is not relied on) with `-L` pointing at the target's sysroot.

use super::{tool_version, Invocation, Runner};
use anyhow::Result;
use std::path::PathBuf;
use std::process::Command;

pub struct QemuRunner {
    pub qemu: String,
    pub sysroot: Option<PathBuf>,
    pub binary: PathBuf,
}

impl Runner for QemuRunner {
    fn name(&self) -> String {
        "qemu".into()
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![(self.qemu.clone(), tool_version(&self.qemu, "--version"))]
    }

    fn command(&self, invocation: &Invocation) -> Result<Command> {
        let mut cmd = Command::new(&self.qemu);
        if let Some(sysroot) = &self.sysroot {
            cmd.arg("-L").arg(sysroot);
        }
        cmd.arg(invocation.binary.as_ref().unwrap_or(&self.binary))
            .args(&invocation.args);
        Ok(cmd)
    }
}
