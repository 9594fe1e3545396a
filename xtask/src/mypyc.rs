//! The benchmark's third column: the same program compiled with mypyc.
//!
//! mypyc is the established way to compile typed Python to C, so it is the
//! bar the partitioned hybrid is measured against. mypy is installed from
//! `.ci/mypy.txt` (hash-pinned wheels) into a venv of the reference
//! `python3.11`, keyed by that file's content; each program is compiled with
//! the host target's C compiler (the one the hybrid's CPython is built with)
//! into a directory keyed by the program, mypy and compiler, and imported as
//! a module (`python3.11 -c "import prog"`), which runs its top level as
//! running the script does.

use crate::config::target::TargetSpec;
use crate::util::{sha256_hex, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const PYTHON: &str = "/usr/bin/python3.11";

/// A compiled program, or why mypyc could not compile it.
pub enum Compiled {
    /// The argv that runs the compiled module.
    Ready(Vec<String>),
    /// mypy rejected the program or the C build failed: the first error line.
    Failed(String),
}

/// The venv holding the pinned mypy (created on first use).
pub fn ensure_mypy() -> Result<PathBuf> {
    let pins = workspace_root().join(".ci/mypy.txt");
    let text = std::fs::read(&pins).with_context(|| format!("cannot read {}", pins.display()))?;
    for (what, path, package) in [
        (
            "the venv module",
            "/usr/lib/python3.11/venv/__init__.py",
            "python3.11-venv",
        ),
        (
            "the C headers",
            "/usr/include/python3.11/Python.h",
            "python3.11-dev",
        ),
    ] {
        if !Path::new(path).is_file() {
            bail!("mypyc needs {what} of python3.11 ({path} is missing): apt-get install -y {package}");
        }
    }
    let venv = target_dir()
        .join("bench")
        .join(format!("mypy-{}", &sha256_hex(&text)[..16]));
    let mypyc = venv.join("bin/mypyc");
    if mypyc.is_file() {
        return Ok(venv);
    }
    let _ = std::fs::remove_dir_all(&venv);
    run(
        Command::new(PYTHON).args(["-m", "venv"]).arg(&venv),
        "create the mypy venv",
    )?;
    run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--no-deps", "--require-hashes", "-r"])
            .arg(&pins),
        "install the pinned mypy (.ci/mypy.txt)",
    )?;
    if !mypyc.is_file() {
        bail!(
            "{} is missing after installing .ci/mypy.txt",
            mypyc.display()
        );
    }
    Ok(venv)
}

/// Compiles `program` with mypyc (cached by content).
pub fn compile(venv: &Path, program: &Path, spec: &TargetSpec) -> Result<Compiled> {
    let source =
        std::fs::read(program).with_context(|| format!("cannot read {}", program.display()))?;
    let stem = program
        .file_stem()
        .and_then(|s| s.to_str())
        .context("a program name")?
        .to_string();
    let cc = spec.cc.command.join(" ");
    let mut key = source.clone();
    key.extend_from_slice(venv.to_string_lossy().as_bytes());
    key.extend_from_slice(cc.as_bytes());
    let dir = target_dir()
        .join("bench/mypyc")
        .join(format!("{stem}-{}", &sha256_hex(&key)[..16]));
    let run_argv = vec![
        PYTHON.to_string(),
        "-S".into(),
        "-s".into(),
        "-c".into(),
        format!(
            "import sys; sys.path.insert(0, {:?}); import {stem}",
            dir.display().to_string()
        ),
    ];
    let failed = dir.join("failed.txt");
    if let Ok(reason) = std::fs::read_to_string(&failed) {
        return Ok(Compiled::Failed(reason));
    }
    if extension(&dir, &stem).is_some() {
        return Ok(Compiled::Ready(run_argv));
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let copy = dir.join(format!("{stem}.py"));
    std::fs::write(&copy, &source)?;
    let out = Command::new(venv.join("bin/mypyc"))
        .arg(format!("{stem}.py"))
        .current_dir(&dir)
        .env("CC", &cc)
        .output()
        .context("cannot run mypyc")?;
    // Only the extension may be importable: a leftover .py would run as Python.
    std::fs::remove_file(&copy)?;
    if !out.status.success() || extension(&dir, &stem).is_none() {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let reason = text
            .lines()
            .find(|l| l.contains("error"))
            .or_else(|| text.lines().last())
            .unwrap_or("mypyc failed")
            .trim()
            .to_string();
        std::fs::write(&failed, &reason)?;
        return Ok(Compiled::Failed(reason));
    }
    Ok(Compiled::Ready(run_argv))
}

/// The compiled extension module in `dir`, if there is one.
fn extension(dir: &Path, stem: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with(&format!("{stem}.")) && name.ends_with(".so")
        })
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd.output().with_context(|| format!("cannot {what}"))?;
    if !out.status.success() {
        bail!(
            "cannot {what}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
