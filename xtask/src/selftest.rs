//! `cargo xtask test`: everything that proves the project, in one command.
//! Each step runs even if an earlier one failed; the summary counts them.

use crate::util::workspace_root;
use anyhow::Result;
use std::process::Command;
use std::time::Instant;

/// One step: a name and the command line that runs it.
struct Step {
    name: &'static str,
    args: Vec<String>,
}

/// The steps that need the build image: why this machine cannot run them,
/// if it cannot (they are then reported as not run, never as passed).
const IMAGE_STEPS: &str = "cross backend:";

fn cargo(args: &[&str]) -> Vec<String> {
    std::iter::once(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .chain(args.iter().map(|s| s.to_string()))
        .collect()
}

fn xtask(args: &[&str]) -> Vec<String> {
    std::iter::once(
        std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "xtask".into()),
    )
    .chain(args.iter().map(|s| s.to_string()))
    .collect()
}

/// The matrix reports this run writes, held against the guarantee's evidence.
const PRO_REPORT: &str = "target/matrix/test-every-target.json";
const LIGHT_REPORT: &str = "target/matrix/test-light-host.json";

pub fn command() -> Result<bool> {
    crate::provision_all()?;
    // The guarantee check reads what this run's matrix writes, never an older report.
    for report in [PRO_REPORT, LIGHT_REPORT] {
        let _ = std::fs::remove_file(workspace_root().join(report));
    }
    // A clean root is a Linux file system; the WASI module already sees
    // nothing but its preopened directories under wasmtime.
    let mut clean_root = vec![
        "matrix",
        "--runner",
        "container",
        "--sample",
        "poc0",
        "--py",
        "samples/programs",
        "--no-build",
        "--json",
        "target/matrix/clean-roots.json",
    ];
    let entries = crate::matrix_entries()?;
    for (spec, _) in entries.iter().filter(|(spec, _)| !spec.is_wasm()) {
        clean_root.extend(["--target", spec.triple.as_str()]);
    }
    let host = crate::config::target::TargetSpec::host_triple();
    let steps = [
        Step {
            name: "every pinned source fetched from scratch and verified (ignores the cache)",
            args: xtask(&["fetch"]),
        },
        Step {
            name: "unit and integration tests",
            args: cargo(&["test", "--workspace", "--locked"]),
        },
        Step {
            name: "clippy (incl. the pinned-libm rule)",
            args: cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Step {
            name: "README samples table",
            args: xtask(&["samples", "--check"]),
        },
        Step {
            name: "actionlint on .github/workflows",
            args: vec!["actionlint".into()],
        },
        Step {
            name: "agreement matrix, every target",
            args: xtask(&["matrix", "--json", PRO_REPORT]),
        },
        Step {
            name: "every Linux target in a clean root (binary, loader and libc only; qemu inside for aarch64)",
            args: xtask(&clean_root),
        },
        Step {
            name: "Light tier (RustPython) on this machine's target: clippy and the runtime's tests",
            args: xtask(&["light-check"]),
        },
        Step {
            name: "Light tier on this machine's target, measured against its Pro column",
            args: xtask(&[
                "matrix",
                "--tier",
                "light",
                "--target",
                &host,
                "--json",
                LIGHT_REPORT,
            ]),
        },
        Step {
            name: "cross backend: the build image from locked Debian packages, cross pinned, a crate built inside for every Linux target, rustup toolchains unchanged",
            args: xtask(&["image", "--probe"]),
        },
        Step {
            name: "cross backend: aarch64-gnu's Pro binary built inside the image, byte for byte the one built here",
            args: xtask(&[
                "build",
                "--backend",
                "cross",
                "--target",
                "aarch64-unknown-linux-gnu",
                "--compare-host",
            ]),
        },
        Step {
            name: "the guarantee document: what its evidence renders, every claim, and this run's cells",
            args: xtask(&[
                "guarantee",
                "--check",
                "--fresh",
                PRO_REPORT,
                "--fresh",
                LIGHT_REPORT,
            ]),
        },
    ];
    let image_not_here = crate::image::definition::Definition::load()
        .map(|d| d.host_mismatch())
        .unwrap_or_else(|e| Some(format!("{e:#}")));
    let mut failed = Vec::new();
    let mut not_run = Vec::new();
    for step in &steps {
        if let Some(why) = image_not_here
            .as_ref()
            .filter(|_| step.name.starts_with(IMAGE_STEPS))
        {
            eprintln!("\n=== xtask test: {} ===\nnot run here: {why}", step.name);
            not_run.push((step.name, why.clone()));
            continue;
        }
        eprintln!(
            "\n=== xtask test: {} ===\n$ {}",
            step.name,
            step.args.join(" ")
        );
        let started = Instant::now();
        let ok = Command::new(&step.args[0])
            .args(&step.args[1..])
            .current_dir(workspace_root())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        eprintln!(
            "=== {}: {} in {:.1} s ===",
            step.name,
            if ok { "passed" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        if !ok {
            failed.push(step.name);
        }
    }
    println!(
        "\nsummary: {} passed, {} failed, {} not run on this machine",
        steps.len() - failed.len() - not_run.len(),
        failed.len(),
        not_run.len()
    );
    for name in &failed {
        println!("  failed: {name}");
    }
    for (name, why) in &not_run {
        println!("  not run: {name}: {why}");
    }
    Ok(failed.is_empty())
}
