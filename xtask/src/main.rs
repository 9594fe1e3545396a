//! `cargo xtask`: the orchestrator for bit-exact hybrid binaries.
//!
//! The matrix reads as a pipeline: plan (which cells) → provision (tools,
//! targets) → build (static CPython, the hybrid binary) → run (native, qemu,
//! container) → compare (SHA-256 agreement) → report (Markdown, JSON).

mod build;
mod config;
mod cpython;
mod util;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Build, run and compare bit-exact hybrid Rust + Python binaries")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build static CPython from pinned source for targets (cached by input hash).
    Cpython(cpython::CpythonArgs),
    /// Build the Pro `hybrid` binary (static CPython + embedded stdlib) for targets.
    Build(build::BuildArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<ExitCode> = match cli.command {
        Command::Cpython(args) => cpython::command(&args).map(|()| ExitCode::SUCCESS),
        Command::Build(args) => build::command(&args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
