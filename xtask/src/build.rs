//! The Pro tier `hybrid` binary: the target's pinned static CPython and the
//! embedded stdlib linked into one stripped executable that needs no Python
//! installation (fully static on musl).

use crate::config::target::TargetSpec;
use crate::cpython;
use crate::util::{target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use xshell::{cmd, Shell};

/// Which libm CPython's float functions bind to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LibmMode {
    /// The pinned `libm` crate, exported under the C names (default features).
    Pinned,
    /// The platform's libm (`--no-default-features`: no exports).
    System,
}

impl LibmMode {
    pub fn name(self) -> &'static str {
        match self {
            LibmMode::Pinned => "pinned",
            LibmMode::System => "system",
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Targets to build (default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// Bind CPython to the pinned libm or the platform's.
    #[arg(long, value_enum, default_value = "pinned")]
    pub libm: LibmMode,
}

/// Where the Pro `hybrid` for (target, libm) is built: its own cargo target
/// dir, so switching between them never invalidates PyO3's build-script cache
/// (it keys on PYO3_CONFIG_FILE).
fn pro_target_dir(spec: &TargetSpec, libm: LibmMode) -> PathBuf {
    target_dir()
        .join("pro")
        .join(format!("{}-{}", spec.triple, libm.name()))
}

/// The Pro `hybrid` binary's path, built or not.
pub fn pro_binary_path(spec: &TargetSpec, libm: LibmMode) -> PathBuf {
    binary_in(spec, &pro_target_dir(spec, libm))
}

fn binary_in(spec: &TargetSpec, dir: &Path) -> PathBuf {
    dir.join(&spec.triple).join("pro").join("hybrid")
}

/// Builds the Pro `hybrid` for `spec` and returns its path.
pub fn build_pro_hybrid(spec: &TargetSpec, libm: LibmMode) -> Result<PathBuf> {
    build_pro_hybrid_in(spec, libm, &pro_target_dir(spec, libm))
}

/// Builds the Pro `hybrid` with `dir` as cargo's target directory. Paths of the
/// workspace, cargo's home and `dir` are remapped to fixed names, so two builds
/// in different directories can give the same bytes.
pub fn build_pro_hybrid_in(spec: &TargetSpec, libm: LibmMode, dir: &Path) -> Result<PathBuf> {
    let python = cpython::ensure(spec)?;
    let epoch = cpython::pins::Pins::load(&cpython::pins::Pins::default_path())?
        .build
        .source_date_epoch;
    let triple = spec.triple.as_str();
    let linker_var = format!(
        "CARGO_TARGET_{}_LINKER",
        triple.to_uppercase().replace('-', "_")
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let no_default: &[&str] = match libm {
        LibmMode::Pinned => &[],
        LibmMode::System => &["--no-default-features"],
    };
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    let rustflags = [
        (workspace_root(), "/hybrid"),
        (cargo_home, "/cargo"),
        (dir.to_path_buf(), "/target"),
    ]
    .iter()
    .map(|(from, to)| format!("--remap-path-prefix={}={to}", from.display()))
    .collect::<Vec<_>>()
    .join(" ");
    let sh = Shell::new()?;
    sh.change_dir(workspace_root());
    cmd!(sh, "{cargo} build --locked --profile pro --target {triple} -p samples --features frozen-stdlib {no_default...}")
        .env("PYO3_CONFIG_FILE", &python.pyo3_config_file)
        .env("HYBRID_STDLIB_BLOB", &python.stdlib_blob)
        .env(&linker_var, &spec.rust.linker)
        .env("CARGO_TARGET_DIR", dir)
        .env("RUSTFLAGS", rustflags)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .run()
        .with_context(|| format!("cargo build of the Pro hybrid for {triple} (libm {}) failed", libm.name()))?;
    let binary = binary_in(spec, dir);
    if !binary.is_file() {
        bail!("cargo reported success but {} is missing", binary.display());
    }
    Ok(binary)
}

/// `cargo xtask build [--target T]... [--libm system]`: prints each binary's path.
pub fn command(args: &BuildArgs) -> Result<()> {
    let triples = crate::config::matrix::selected_triples(&args.targets)?;
    for triple in triples {
        let spec = TargetSpec::load(&triple)?;
        let binary = build_pro_hybrid(&spec, args.libm)?;
        let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
        println!(
            "{triple} (libm {}): {} ({size} bytes)",
            args.libm.name(),
            binary.display()
        );
    }
    Ok(())
}
