//! `cargo xtask partition PROG.py`: which functions of an ordinary Python
//! program become static Rust and which stay Python, and why.
//!
//! The program is parsed by the pinned CPython's own `ast` (the build python
//! of `toolchains/cpython.toml`, checked to be the pinned version), so the
//! partitioner never disagrees with the language about what the source means.

use crate::cpython::pins::Pins;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct PartitionArgs {
    /// The Python program to partition.
    pub program: PathBuf,
    /// Write the partition as JSON to this file (`-` for stdout, instead of the table).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the generated Rust and the remaining Python into this directory.
    #[arg(long)]
    pub emit: Option<PathBuf>,
}

/// Parses and classifies `path` (errors name the file and line).
pub fn analyse(path: &Path) -> Result<partition::Program> {
    let pins = Pins::load(&Pins::default_path())?;
    let python = &pins.build_python;
    if !python.is_file() {
        bail!(
            "{} (the pinned CPython {} that parses programs) is missing: apt-get install -y python3.11",
            python.display(),
            pins.cpython.version
        );
    }
    let module = partition::ast::parse_file(python, path).map_err(|e| {
        if e.line > 0 {
            anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message)
        } else {
            anyhow::anyhow!("{}", e.message)
        }
    })?;
    Ok(partition::classify(&module))
}

pub fn command(args: &PartitionArgs) -> Result<()> {
    let program = analyse(&args.program)?;
    let shown = args.program.display().to_string();
    match &args.json {
        Some(path) if path == Path::new("-") => {
            println!(
                "{}",
                serde_json::to_string_pretty(&partition::report::json(&shown, &program))?
            );
        }
        Some(path) => {
            std::fs::write(
                path,
                serde_json::to_string_pretty(&partition::report::json(&shown, &program))? + "\n",
            )
            .with_context(|| format!("cannot write {}", path.display()))?;
            print!("{}", partition::report::table(&shown, &program));
        }
        None => print!("{}", partition::report::table(&shown, &program)),
    }
    if let Some(dir) = &args.emit {
        let source = std::fs::read_to_string(&args.program)
            .with_context(|| format!("cannot read {}", args.program.display()))?;
        let files = partition::generate::emit(&program, &source).map_err(anyhow::Error::msg)?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}
