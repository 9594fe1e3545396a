//! Runs the binary directly: the target is this machine's own.

use super::{Invocation, Runner};
use anyhow::Result;
use std::path::PathBuf;
use std::process::Command;

pub struct NativeRunner {
    pub binary: PathBuf,
}

impl Runner for NativeRunner {
    fn name(&self) -> String {
        "native".into()
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        vec![]
    }

    fn command(&self, invocation: &Invocation) -> Result<Command> {
        let mut cmd = Command::new(invocation.binary.as_ref().unwrap_or(&self.binary));
        cmd.args(&invocation.args);
        Ok(cmd)
    }
}
