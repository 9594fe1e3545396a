//! `cargo xtask image --probe`: the cross backend end to end on a crate of
//! one line, for every Linux target: cargo runs inside the build image
//! through the pinned cross, the binary comes out for the right machine,
//! and not one rustup toolchain changed (compared before and after: the
//! list, each compiler's version, each one's components and targets).

use super::guard::toolchains_snapshot;
use crate::config::target::TargetSpec;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::time::Instant;

pub fn run(tag: &str, engine: &crate::image::engine::Engine, specs: &[TargetSpec]) -> Result<bool> {
    let cross = super::install()?;
    super::provision_rust_src()?;
    let dir = crate::util::target_dir().join("tools").join("cross-probe");
    write_crate(&dir, tag, specs)?;
    let before = toolchains_snapshot()?;
    let mut ok = true;
    for spec in specs {
        let started = Instant::now();
        let mut cmd = cross.command(engine);
        cmd.args(["build", "--release", "--target", &spec.triple])
            .current_dir(&dir);
        if let Some(linker) = &spec.rust.linker {
            cmd.env(linker_variable(&spec.triple), linker);
        }
        let out = cmd.output().context("cannot run cross")?;
        let binary = dir
            .join("target")
            .join(&spec.triple)
            .join("release")
            .join("probe");
        let machine = out
            .status
            .success()
            .then(|| elf_machine(&binary))
            .transpose()?
            .flatten();
        let expected = match spec.arch.as_str() {
            "x86_64" => 62,
            "aarch64" => 183,
            other => bail!("no ELF machine number known for {other}"),
        };
        if machine == Some(expected) {
            println!(
                "cross {}: {} built in {tag} in {:.1} s (ELF machine {expected})",
                cross.version,
                spec.triple,
                started.elapsed().as_secs_f64()
            );
        } else {
            ok = false;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
            println!(
                "cross {}: {} FAILED (exit {}, ELF machine {machine:?}, wanted {expected}):\n{}",
                cross.version,
                spec.triple,
                out.status,
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
    }
    let after = toolchains_snapshot()?;
    if before == after {
        println!("rustup toolchains: unchanged by cross (list, versions, components, targets)");
    } else {
        ok = false;
        println!(
            "rustup toolchains CHANGED while cross ran:\n--- before\n{before}\n--- after\n{after}"
        );
    }
    Ok(ok)
}

fn linker_variable(triple: &str) -> String {
    format!(
        "CARGO_TARGET_{}_LINKER",
        triple.to_uppercase().replace('-', "_")
    )
}

/// A crate of one line whose Cross.toml sends every target to `tag`.
fn write_crate(dir: &Path, tag: &str, specs: &[TargetSpec]) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"probe\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )?;
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    println!(\"{}\", std::env::consts::ARCH);\n}\n",
    )?;
    std::fs::copy(
        crate::util::workspace_root().join("rust-toolchain.toml"),
        dir.join("rust-toolchain.toml"),
    )?;
    let mut cross_toml = String::from("# Written by cargo xtask image --probe.\n");
    for spec in specs {
        cross_toml.push_str(&format!(
            "\n[target.{}]\nimage = \"{tag}\"\n[target.{}.env]\npassthrough = [\"{}\"]\n",
            spec.triple,
            spec.triple,
            linker_variable(&spec.triple)
        ));
    }
    std::fs::write(dir.join("Cross.toml"), cross_toml)?;
    Ok(())
}

/// `e_machine` of an ELF file (62 x86-64, 183 AArch64), if it is one.
fn elf_machine(path: &Path) -> Result<Option<u16>> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(None);
    };
    if bytes.len() < 20 || &bytes[..4] != b"\x7fELF" {
        return Ok(None);
    }
    Ok(Some(u16::from_le_bytes([bytes[18], bytes[19]])))
}

#[cfg(test)]
mod tests {
    #[test]
    fn linker_variables_are_cargos() {
        assert_eq!(
            super::linker_variable("aarch64-unknown-linux-gnu"),
            "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER"
        );
    }
}
