//! Static CPython from pinned source, per target, cached by input hash.

use anyhow::{bail, Result};

#[derive(clap::Args, Debug)]
pub struct CpythonArgs {
    /// Targets to build (default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
}

pub fn command(_args: &CpythonArgs) -> Result<()> {
    bail!("not built yet")
}
