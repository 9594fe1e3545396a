//! `cargo xtask`: the orchestrator for bit-exact hybrid binaries.
//!
//! The matrix reads as a pipeline: plan (which cells) → provision (tools,
//! targets) → build (static CPython, the hybrid binary) → run (native, qemu,
//! container) → compare (SHA-256 agreement) → report (Markdown, JSON).

mod bench;
mod build;
mod config;
mod cpython;
mod cross;
mod debs;
mod digest;
mod disk;
mod elf;
mod fetch;
mod guarantee;
mod image;
mod matrix;
mod mypyc;
mod partition;
mod pin_guard;
mod preload;
mod provision;
mod release;
mod run;
mod samples_table;
mod selftest;
mod turnaround;
mod util;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, run and compare bit-exact hybrid Rust + Python binaries"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build and run every sample on every target and print the SHA-256 agreement matrix.
    Matrix(matrix::MatrixArgs),
    /// Release a tier: per-target archives, SHA256SUMS, manifest (refuses on disagreement).
    Release(release::ReleaseArgs),
    /// Benchmarks: startup, static-region speedup, codec vs pickle, matrix turnaround, sizes, QEMU overhead.
    Bench(bench::BenchArgs),
    /// Run every test: cargo test, clippy, the README samples table, actionlint, the matrix.
    Test,
    /// List every tool the matrix needs, its version, and what is missing.
    Doctor,
    /// Print the samples table (from each sample.toml); --check/--write the README's copy.
    Samples(samples_table::SamplesArgs),
    /// Build static CPython from pinned source for targets (cached by input hash).
    Cpython(cpython::CpythonArgs),
    /// Partition a Python program: each function static (generated Rust) or dynamic (Python), with reasons.
    Partition(partition::PartitionArgs),
    /// Fetch every pinned source into an empty directory (ignoring the cache) and verify its SHA-256.
    Fetch(fetch::FetchArgs),
    /// Build the Pro `hybrid` binary (static CPython + embedded stdlib) for targets.
    Build(build::BuildArgs),
    /// Clippy and the runtime's tests with the Light engine (RustPython), on this machine's target.
    LightCheck,
    /// The guarantee document (docs/GUARANTEES.md) from measured evidence: --write, --check.
    Guarantee(guarantee::GuaranteeArgs),
    /// The Debian 12 build image (pinned packages, made without a registry): build, --pin, --check.
    Image(image::ImageArgs),
}

fn main() -> ExitCode {
    if std::env::var_os(build::rustc_wrapper::WRAPPER_ENV).is_some() {
        // Started by cargo as the Light build's rustc wrapper.
        let args = std::env::args_os().skip(1).collect();
        let Err(e) = build::rustc_wrapper::run(args);
        eprintln!("error (xtask as rustc wrapper): {e:#}");
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    let result: Result<ExitCode> = match cli.command {
        Command::Matrix(args) if args.backend == build::BuildBackend::Cross => {
            let backend = std::cell::OnceCell::new();
            let in_image = |spec: &config::target::TargetSpec,
                            tier: build::Tier,
                            libm: build::LibmMode,
                            no_build: bool| {
                build_in_image_for_matrix(&backend, spec, tier, libm, no_build)
            };
            matrix::command(&args, &in_image).map(exit_code)
        }
        Command::Matrix(args) => matrix::command(&args, &build_for_matrix).map(exit_code),
        Command::Test => selftest::command().map(exit_code),
        Command::Bench(args) => bench::command(&args).map(|()| ExitCode::SUCCESS),
        Command::Release(args) => disk::ensure_room_to_build()
            .and_then(|()| release::command(&args))
            .map(exit_code),
        Command::Doctor => doctor().map(exit_code),
        Command::Samples(args) => samples_table::command(&args).map(|()| ExitCode::SUCCESS),
        Command::Cpython(args) => disk::ensure_room_to_build()
            .and_then(|()| cpython::command(&args))
            .map(|()| ExitCode::SUCCESS),
        Command::Build(args) => disk::ensure_room_to_build()
            .and_then(|()| build::command(&args))
            .map(exit_code),
        Command::LightCheck => disk::ensure_room_to_build()
            .and_then(|()| build::light_check())
            .map(exit_code),
        Command::Fetch(args) => fetch::command(&args).map(exit_code),
        Command::Partition(args) => partition::command(&args).map(exit_code),
        Command::Guarantee(args) => guarantee::command(&args).map(exit_code),
        Command::Image(args) => image::command(&args).map(exit_code),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn matrix_entries() -> Result<Vec<(config::target::TargetSpec, config::matrix::RunnerKind)>> {
    let config = config::matrix::MatrixConfig::load(&config::matrix::MatrixConfig::default_path())?;
    config
        .targets
        .iter()
        .map(|e| Ok((config::target::TargetSpec::load(&e.triple)?, e.runner)))
        .collect()
}

fn doctor() -> Result<bool> {
    let ok = provision::doctor(&matrix_entries()?);
    image::doctor();
    Ok(ok)
}

/// Installs what every matrix target and runner needs, and what the Light
/// tier needs on this machine's target (as root), or stops with the one
/// command that would.
pub fn provision_all() -> Result<()> {
    disk::ensure_room_to_build()?;
    let entries = matrix_entries()?;
    let triples: Vec<String> = entries.iter().map(|(s, _)| s.triple.clone()).collect();
    provision::ensure_rust_targets(&triples)?;
    let mut checks = provision::all_tools(&entries);
    // `cargo xtask test` builds the Light tier for this machine's target.
    let host = config::target::TargetSpec::load(&config::target::TargetSpec::host_triple())?;
    checks.extend(provision::light_tools(&host));
    // `cargo xtask test` builds the cross backend's image and probes it.
    checks.extend(provision::image_tools());
    provision::Installer::from_env().provision(&checks)
}

/// `matrix --backend cross`: each target's Pro binary built inside the
/// build image; the Light tier and `--no-build` as usual.
fn build_in_image_for_matrix(
    backend: &cross::backend::Lazy,
    spec: &config::target::TargetSpec,
    tier: build::Tier,
    libm: build::LibmMode,
    no_build: bool,
) -> Result<std::path::PathBuf> {
    if tier == build::Tier::Light || no_build {
        return build_for_matrix(spec, tier, libm, no_build);
    }
    cross::backend::build_pro(backend, spec, libm)
}

/// The matrix builds Pro binaries (static CPython, embedded stdlib, chosen
/// libm) and, with `--tier light`, Light ones (RustPython, pinned libm).
fn build_for_matrix(
    spec: &config::target::TargetSpec,
    tier: build::Tier,
    libm: build::LibmMode,
    no_build: bool,
) -> Result<std::path::PathBuf> {
    if tier == build::Tier::Light {
        anyhow::ensure!(
            libm == build::LibmMode::Pinned,
            "--libm system is a Pro-tier experiment; the Light tier always links the pinned libm"
        );
        return if no_build {
            build::light_binary_if_built(spec)?
                .context("the Light binary is not built (run without --no-build)")
        } else {
            build::build_light_hybrid(spec)
        };
    }
    if no_build {
        let binary = build::pro_binary_path(spec, libm);
        anyhow::ensure!(
            binary.is_file(),
            "{} is not built (run without --no-build)",
            binary.display()
        );
        return Ok(binary);
    }
    build::build_pro_hybrid(spec, libm)
}
