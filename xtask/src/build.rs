//! The Pro tier `hybrid` binary: the target's pinned static CPython and the
//! embedded stdlib linked into one stripped executable that needs no Python
//! installation (fully static on musl).

use crate::config::target::TargetSpec;
use crate::cpython;
use crate::util::{sha256_hex, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use xshell::{cmd, Shell};

mod crate_edits;
mod light;
mod no_build_paths;
mod recorded_env;
pub mod rustc_wrapper;
pub use light::{build_light_hybrid, build_light_hybrid_in, light_binary_if_built, light_check};

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

/// Which interpreter a hybrid binary embeds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Static CPython 3.11 + embedded stdlib: bit-exact with the reference.
    Pro,
    /// RustPython (pure Rust, Python 3.14) with its stdlib frozen in: no C
    /// toolchain for the interpreter, measured against the Pro tier.
    Light,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Pro => "pro",
            Tier::Light => "light",
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Which tier's binary.
    #[arg(long, value_enum, default_value = "pro")]
    pub tier: Tier,
    /// Targets to build (default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// Bind CPython to the pinned libm or the platform's.
    #[arg(long, value_enum, default_value = "pinned")]
    pub libm: LibmMode,
    /// Where to build: on this machine, or inside the build image through the
    /// pinned cross (`cargo xtask image`; Pro tier, targets whose C compiler
    /// is a Debian package).
    #[arg(long, value_enum, default_value = "host")]
    pub backend: BuildBackend,
    /// With `--backend cross`: also build on this machine and compare the
    /// two binaries of each target byte for byte (exit 1 when any differs).
    #[arg(long)]
    pub compare_host: bool,
}

/// Where a build runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BuildBackend {
    Host,
    /// Inside the build image, through cross (see `crate::cross::backend`).
    Cross,
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
    binary_in(spec, &pro_target_dir(spec, libm), "hybrid")
}

/// Where cargo leaves `bin` of the Pro profile for `spec` in target dir `dir`.
fn binary_in(spec: &TargetSpec, dir: &Path, bin: &str) -> PathBuf {
    dir.join(&spec.triple)
        .join("pro")
        .join(format!("{bin}{}", spec.exe_suffix()))
}

/// Builds the Pro `hybrid` for `spec` and returns its path: a copy filed
/// under the hash of every input ([`inputs_digest`]), so an unchanged tree
/// finds its binary without asking cargo (four no-op cargo runs cost more
/// than a warm matrix may take), and a change anywhere builds.
pub fn build_pro_hybrid(spec: &TargetSpec, libm: LibmMode) -> Result<PathBuf> {
    let digest = inputs_digest(spec, &["samples", "runtime", "pinned-libm"])?;
    let key = sha256_hex(format!("hybrid {} {digest}", libm.name()).as_bytes());
    let store = Store::new(&pro_target_dir(spec, libm));
    if let Some(filed) = store.find(&key) {
        return Ok(filed);
    }
    let built = build_pro_hybrid_in(spec, libm, &store.dir)?;
    store.file(&key, &built)
}

/// Built files filed by content, found by the hash of their inputs: a
/// rebuild that gives the same bytes (the builds are reproducible) keeps the
/// same path, so the matrix's cells, whose keys name the binary's path, stay
/// recorded.
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
        }
    }

    /// The file last built from inputs `key`, if it is still there.
    pub fn find(&self, key: &str) -> Option<PathBuf> {
        let pointer = self.dir.join("filed-by-inputs").join(&key[..16]);
        let relative = std::fs::read_to_string(pointer).ok()?;
        let filed = self.dir.join(relative.trim());
        filed.is_file().then_some(filed)
    }

    /// Files a copy of `built` under its own SHA-256 and records that inputs
    /// `key` gave it.
    pub fn file(&self, key: &str, built: &Path) -> Result<PathBuf> {
        let name = built.file_name().context("a built file has a name")?;
        let content = crate::util::sha256_file(built)?;
        let relative = Path::new("filed-by-content")
            .join(&content[..16])
            .join(name);
        let filed = self.dir.join(&relative);
        if !filed.is_file() {
            file_copy(built, &filed)?;
        }
        let pointer = self.dir.join("filed-by-inputs").join(&key[..16]);
        write_whole(&pointer, relative.to_string_lossy().as_bytes())?;
        Ok(filed)
    }
}

/// Copies `from` to `to` whole (a new file renamed into place).
pub fn file_copy(from: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    write_whole(to, &bytes)?;
    let mode = std::fs::metadata(from)?.permissions();
    std::fs::set_permissions(to, mode).with_context(|| format!("cannot chmod {}", to.display()))
}

/// Writes `bytes` to `to` through a new file renamed into place.
fn write_whole(to: &Path, bytes: &[u8]) -> Result<()> {
    let dir = to.parent().context("a filed path has a directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = to.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, to).with_context(|| format!("cannot rename to {}", to.display()))
}

/// SHA-256 over everything a Pro binary of `spec` is built from besides a
/// partitioned program's generated files: [`sources_digest`] of `crates` and
/// the target's description, plus the static CPython's own cache key.
/// Computed once per (target, crates) and process.
pub fn inputs_digest(spec: &TargetSpec, crates: &[&str]) -> Result<String> {
    type Memo = std::collections::BTreeMap<(String, Vec<String>), String>;
    static DIGESTS: std::sync::Mutex<Memo> = std::sync::Mutex::new(Memo::new());
    let memo_key = (
        spec.triple.clone(),
        crates.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    if let Some(d) = DIGESTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&memo_key)
    {
        return Ok(d.clone());
    }
    let target = format!("targets/{}.toml", spec.triple);
    let cpython = cpython::ensure(spec)?.cache_key;
    let digest = digest_of(crates, &[target.as_str()], Some(&cpython))?;
    DIGESTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(memo_key, digest.clone());
    Ok(digest)
}

/// Stands for the build steps of this file that shape the output (the
/// flags it gives cargo and rustc): the steps are code, not inputs the
/// digest reads, so a change to them bumps this. 2: the standard library's
/// local source is remapped to rustc's own name.
const BUILD_RECIPE: u32 = 2;

/// SHA-256 over the sources of `crates` (every file under each), `extra`
/// files, the workspace manifests and `Cargo.lock`, the pinned toolchain and
/// CPython inputs, `rustc -vV`, and the environment cargo and the C
/// toolchain read (`RUSTFLAGS`, `CARGO_PROFILE_*`…).
pub fn sources_digest(crates: &[&str], extra: &[&str]) -> Result<String> {
    digest_of(crates, extra, None)
}

fn digest_of(crates: &[&str], extra: &[&str], cpython_key: Option<&str>) -> Result<String> {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in crates {
        let dir = root.join(dir);
        let excluded = excluded_by_manifest(&dir)?;
        files.extend(crate::util::files_under(&dir, &["target"], &|file| {
            !excluded.iter().any(|e| file.starts_with(e))
        })?);
    }
    for file in [
        "Cargo.lock",
        "Cargo.toml",
        "rust-toolchain.toml",
        "toolchains/cpython.toml",
        ".cargo/config.toml",
    ]
    .iter()
    .chain(extra)
    {
        files.push(root.join(file));
    }
    files.sort();
    let mut data = Vec::new();
    for file in files {
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => b"(absent)".to_vec(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
        };
        data.extend_from_slice(
            file.strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .as_bytes(),
        );
        data.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        data.extend_from_slice(&bytes);
    }
    if let Some(key) = cpython_key {
        data.extend_from_slice(key.as_bytes());
    }
    data.extend_from_slice(format!("recipe {BUILD_RECIPE}\n").as_bytes());
    data.extend_from_slice(rustc_version()?.as_bytes());
    let mut env: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| build_environment(k))
        .collect();
    env.sort();
    for (k, v) in env {
        data.extend_from_slice(format!("\n{k}={v}").as_bytes());
    }
    Ok(sha256_hex(&data))
}

/// What a crate's manifest leaves out of its package (`package.exclude`,
/// plain paths): data kept beside the crate that no build of it reads (the
/// matrix's programs, integration tests), so that editing one does not make
/// the crate's binaries look changed (a packaged crate is built without
/// them, so excluding a real input is already a mistake cargo can show). Patterns with
/// wildcards are not followed: their files stay in the digest, which can
/// only cost a rebuild.
fn excluded_by_manifest(crate_dir: &Path) -> Result<Vec<PathBuf>> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        package: Option<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        #[serde(default)]
        exclude: Vec<String>,
    }
    let manifest = crate_dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Ok(Vec::new());
    }
    let parsed: Manifest = crate::util::read_toml(&manifest)?;
    Ok(parsed
        .package
        .map(|p| p.exclude)
        .unwrap_or_default()
        .iter()
        .map(|e| e.trim_start_matches('/').trim_end_matches('/'))
        // Nothing that could name the whole crate or leave it ("", ".", "..").
        .filter(|e| !e.is_empty() && !e.contains(['*', '?', '[', '!']))
        .filter(|e| {
            Path::new(e)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        })
        .map(|e| crate_dir.join(e))
        .collect())
}

/// `rustc -vV` of the pinned toolchain, asked once per process.
fn rustc_version() -> Result<String> {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(v) = VERSION.get() {
        return Ok(v.clone());
    }
    let out = std::process::Command::new("rustc")
        .arg("-vV")
        .current_dir(workspace_root())
        .output()
        .context("cannot run rustc -vV")?;
    anyhow::ensure!(out.status.success(), "rustc -vV failed");
    Ok(VERSION
        .get_or_init(|| String::from_utf8_lossy(&out.stdout).into_owned())
        .clone())
}

/// Environment variables that change what cargo, rustc or a C compiler
/// produce (the ones the build sets itself are overridden anyway).
fn build_environment(name: &str) -> bool {
    const EXACT: &[&str] = &[
        "RUSTFLAGS",
        "RUSTC",
        "RUSTC_WRAPPER",
        "CC",
        "CFLAGS",
        "AR",
        "LDFLAGS",
    ];
    EXACT.contains(&name)
        || [
            "CARGO_PROFILE_",
            "CARGO_BUILD_",
            "CARGO_TARGET_",
            "CARGO_ENCODED_RUSTFLAGS",
            "CC_",
            "CFLAGS_",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Builds the Pro `hybrid` with `dir` as cargo's target directory. Paths of the
/// workspace, cargo's home and `dir` are remapped to fixed names, so two builds
/// in different directories can give the same bytes.
pub fn build_pro_hybrid_in(spec: &TargetSpec, libm: LibmMode, dir: &Path) -> Result<PathBuf> {
    build_pro_unit_in(spec, libm, dir, &Unit::hybrid())
}

/// One Pro binary of the workspace: its package, its bin, and what else its
/// build script reads from the environment.
pub struct Unit {
    pub package: &'static str,
    pub bin: &'static str,
    pub env: Vec<(&'static str, PathBuf)>,
    /// Text the binary carries on purpose even where it names a build
    /// directory (a partitioned program's name as given).
    pub meant: Vec<String>,
}

impl Unit {
    /// The samples' `hybrid`.
    pub fn hybrid() -> Unit {
        Unit {
            package: "samples",
            bin: "hybrid",
            env: Vec::new(),
            meant: Vec::new(),
        }
    }
}

/// Builds a Pro binary for `spec` into `dir` (shared with the `hybrid`, so
/// the static CPython, PyO3 and the runtime compile once).
pub fn build_pro_partitioned(spec: &TargetSpec, inputs: &Path) -> Result<PathBuf> {
    let unit = Unit {
        package: "partitioned",
        bin: "hybrid-partitioned",
        env: vec![("HYBRID_PARTITION_DIR", inputs.to_path_buf())],
        // The program is named in its binary as it was given.
        meant: std::fs::read_to_string(inputs.join("name.txt"))
            .into_iter()
            .collect(),
    };
    build_pro_unit_in(
        spec,
        LibmMode::Pinned,
        &pro_target_dir(spec, LibmMode::Pinned),
        &unit,
    )
}

fn build_pro_unit_in(
    spec: &TargetSpec,
    libm: LibmMode,
    dir: &Path,
    unit: &Unit,
) -> Result<PathBuf> {
    let python = cpython::ensure(spec)?;
    let epoch = cpython::pins::Pins::load(&cpython::pins::Pins::default_path())?
        .build
        .source_date_epoch;
    let triple = spec.triple.as_str();
    let linker_var = linker_var(triple);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let no_default: &[&str] = match libm {
        LibmMode::Pinned => &[],
        LibmMode::System => &["--no-default-features"],
    };
    let rustflags = remap_rustflags(dir);
    // A wasm binary is static with no symbol table left: the linker's map
    // is what proves where each pinned function came from. Passed to the
    // binary's own rustc only (`cargo rustc`), so the dependencies' build is
    // shared between the binaries.
    let link_map = binary_in(spec, dir, unit.bin).with_extension("map");
    let map_arg = format!("link-arg=--Map={}", link_map.display());
    let (subcommand, final_args): (&str, Vec<&str>) = if spec.is_wasm() {
        ("rustc", vec!["--", "-C", &map_arg])
    } else {
        ("build", Vec::new())
    };
    let sh = Shell::new()?;
    sh.change_dir(workspace_root());
    let package = unit.package;
    let bin = unit.bin;
    let mut build = cmd!(sh, "{cargo} {subcommand} --locked --profile pro --target {triple} -p {package} --bin {bin} --features frozen-stdlib {no_default...} {final_args...}");
    for (key, value) in &unit.env {
        build = build.env(key, value);
    }
    if let Some(linker) = &spec.rust.linker {
        build = build.env(&linker_var, linker);
    }
    build
        .env("PYO3_CONFIG_FILE", &python.pyo3_config_file)
        .env("HYBRID_STDLIB_BLOB", &python.stdlib_blob)
        .env("CARGO_TARGET_DIR", dir)
        .env("RUSTFLAGS", rustflags)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .run()
        .with_context(|| {
            format!(
                "cargo build of the Pro hybrid for {triple} (libm {}) failed",
                libm.name()
            )
        })?;
    let binary = binary_in(spec, dir, unit.bin);
    if !binary.is_file() {
        bail!("cargo reported success but {} is missing", binary.display());
    }
    let meant: Vec<&str> = unit.meant.iter().map(String::as_str).collect();
    check_no_build_paths(&binary, dir, &meant)?;
    if libm == LibmMode::Pinned {
        crate::pin_guard::check_pinned(&binary)?;
        if spec.is_wasm() {
            crate::pin_guard::check_link_map(&binary, &link_map)?;
        }
    }
    Ok(binary)
}

/// The build machine's directories a build can see, with the fixed names
/// `--remap-path-prefix` gives them: the workspace, cargo's home, the target
/// dir, and the toolchain's own standard library source.
fn build_paths(dir: &Path) -> Vec<(PathBuf, String)> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    let mut paths = vec![
        (workspace_root(), "/hybrid".to_string()),
        (cargo_home, "/cargo".to_string()),
        (dir.to_path_buf(), "/target".to_string()),
    ];
    paths.extend(std_source().cloned());
    paths
}

/// With the `rust-src` component installed (rust-analyzer wants it, and
/// cross adds it), rustc writes the paths of the standard library code it
/// inlines as that local copy (`<sysroot>/lib/rustlib/src/rust/library/…`,
/// in panic locations and debug info) instead of `/rustc/<commit>/library/…`:
/// the binary then names the machine's rustup home and differs from one
/// built without it. Mapped back to rustc's own name, it is the same either
/// way.
fn std_source() -> Option<&'static (PathBuf, String)> {
    static STD_SOURCE: std::sync::OnceLock<Option<(PathBuf, String)>> = std::sync::OnceLock::new();
    STD_SOURCE
        .get_or_init(|| {
            let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
            let ask = |args: &[&str]| {
                std::process::Command::new(&rustc)
                    .args(args)
                    .current_dir(workspace_root())
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            };
            let sysroot = ask(&["--print", "sysroot"])?;
            let verbose = ask(&["-vV"])?;
            let commit = verbose
                .lines()
                .find_map(|l| l.strip_prefix("commit-hash: "))?
                .trim()
                .to_string();
            Some((
                PathBuf::from(sysroot.trim()).join("lib/rustlib/src/rust"),
                format!("/rustc/{commit}"),
            ))
        })
        .as_ref()
}

/// `--remap-path-prefix` flags naming the workspace, cargo's home and the
/// target dir by fixed names, so builds in two directories can agree.
fn remap_args(dir: &Path) -> Vec<String> {
    build_paths(dir)
        .iter()
        .map(|(from, to)| format!("--remap-path-prefix={}={to}", from.display()))
        .collect()
}

/// [`remap_args`] as one `RUSTFLAGS` value.
fn remap_rustflags(dir: &Path) -> String {
    remap_args(dir).join(" ")
}

/// Fails when `binary`, built in `dir`, names one of the build's
/// directories anywhere but in the text `meant` to be there.
fn check_no_build_paths(binary: &Path, dir: &Path, meant: &[&str]) -> Result<()> {
    let paths = build_paths(dir);
    no_build_paths::check(binary, &searched(&paths), meant)
}

/// The build paths worth searching for: not one that already is its own
/// fixed name (in the build image cargo's home *is* `/cargo`, so every
/// remapped registry path would look like it).
fn searched(paths: &[(PathBuf, String)]) -> Vec<&Path> {
    paths
        .iter()
        .filter(|(path, fixed)| path.as_path() != Path::new(fixed))
        .map(|(path, _)| path.as_path())
        .collect()
}

/// `CARGO_TARGET_<TRIPLE>_LINKER`.
fn linker_var(triple: &str) -> String {
    format!(
        "CARGO_TARGET_{}_LINKER",
        triple.to_uppercase().replace('-', "_")
    )
}

/// `cargo xtask build [--target T]... [--libm system]`: prints each binary's path.
pub fn command(args: &BuildArgs) -> Result<bool> {
    if args.backend == BuildBackend::Cross {
        return build_in_image(args);
    }
    anyhow::ensure!(
        !args.compare_host,
        "--compare-host compares a --backend cross build with this machine's"
    );
    let triples = crate::config::matrix::selected_triples(&args.targets)?;
    for triple in triples {
        let spec = TargetSpec::load(&triple)?;
        let binary = match args.tier {
            Tier::Pro => build_pro_hybrid(&spec, args.libm)?,
            Tier::Light => {
                if args.libm == LibmMode::System {
                    bail!("--libm system is a Pro-tier experiment; the Light tier always links the pinned libm");
                }
                build_light_hybrid(&spec)?
            }
        };
        let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
        println!(
            "{triple} ({} tier, libm {}): {} ({size} bytes)",
            args.tier.name(),
            args.libm.name(),
            binary.display()
        );
    }
    Ok(true)
}

/// `build --backend cross`: every target's Pro binary built inside the build
/// image; with `--compare-host`, built here too and compared.
fn build_in_image(args: &BuildArgs) -> Result<bool> {
    anyhow::ensure!(
        args.tier == Tier::Pro,
        "--backend cross builds the Pro tier only (the Light tier is not built in the image yet)"
    );
    let specs: Vec<TargetSpec> = crate::config::matrix::selected_triples(&args.targets)?
        .iter()
        .map(|t| TargetSpec::load(t))
        .collect::<Result<_>>()?;
    let refused: Vec<String> = specs
        .iter()
        .filter_map(crate::cross::backend::unsupported)
        .collect();
    if !refused.is_empty() {
        bail!(
            "--backend cross cannot build these targets yet (choose others with --target):\n  {}",
            refused.join("\n  ")
        );
    }
    let backend = crate::cross::backend::Backend::prepare(&specs)?;
    let mut inner = vec!["build", "--libm", args.libm.name()];
    for spec in &specs {
        inner.extend(["--target", spec.triple.as_str()]);
    }
    backend.xtask(&inner)?;
    let mut all_same = true;
    for spec in &specs {
        let in_image = backend.on_host(&pro_binary_path(spec, args.libm))?;
        let bytes = std::fs::read(&in_image)
            .with_context(|| format!("the image's build left no {}", in_image.display()))?;
        println!(
            "{} (pro tier, libm {}, built in the image): {} ({} bytes, sha256 {})",
            spec.triple,
            args.libm.name(),
            in_image.display(),
            bytes.len(),
            crate::util::sha256_hex(&bytes)
        );
        if args.compare_host {
            let here = build_pro_hybrid(spec, args.libm)?;
            let ours = std::fs::read(&here)?;
            if ours == bytes {
                println!("  identical to this machine's build ({})", here.display());
            } else {
                all_same = false;
                println!(
                    "  DIFFERS from this machine's build ({}, {} bytes, sha256 {}):\n{}",
                    here.display(),
                    ours.len(),
                    crate::util::sha256_hex(&ours),
                    crate::release::describe_difference(&here, &in_image)?
                );
            }
        }
    }
    Ok(all_same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_standard_library_source_is_mapped_to_rustcs_own_name() {
        let (local, fixed) = std_source().expect("the pinned rustc answers");
        assert!(
            local.ends_with("lib/rustlib/src/rust"),
            "{}",
            local.display()
        );
        assert!(
            fixed.starts_with("/rustc/") && fixed.len() == "/rustc/".len() + 40,
            "{fixed}"
        );
        let dir = Path::new("/tmp/t");
        assert!(
            remap_args(dir).contains(&format!("--remap-path-prefix={}={fixed}", local.display()))
        );
    }

    #[test]
    fn a_build_path_that_is_its_own_fixed_name_is_not_searched() {
        let paths = [
            (PathBuf::from("/work/repo"), "/hybrid".to_string()),
            (PathBuf::from("/cargo"), "/cargo".to_string()),
            (PathBuf::from("/root/.cargo"), "/cargo".to_string()),
        ];
        assert_eq!(
            searched(&paths),
            [Path::new("/work/repo"), Path::new("/root/.cargo")]
        );
    }

    #[test]
    fn a_manifests_plain_excludes_leave_the_digest_and_its_patterns_do_not() {
        let dir = crate::util::Scratch::new("xtask-excluded");
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package]\nname = \"x\"\nexclude = [\"programs\", \"/tests/\", \"data/*.py\", \"/\", \".\", \"../x\"]\n",
        )
        .unwrap();
        assert_eq!(
            excluded_by_manifest(&dir).unwrap(),
            [dir.join("programs"), dir.join("tests")]
        );
        // No manifest, or one without [package]: nothing is left out.
        assert!(excluded_by_manifest(&dir.join("absent"))
            .unwrap()
            .is_empty());
        std::fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
        assert!(excluded_by_manifest(&dir).unwrap().is_empty());
        // The samples crate's programs are data for the matrix, not build inputs.
        let samples = workspace_root().join("samples");
        assert!(excluded_by_manifest(&samples)
            .unwrap()
            .contains(&samples.join("programs")));
    }

    #[test]
    fn the_same_bytes_built_from_other_inputs_keep_their_path() {
        let dir = crate::util::Scratch::new("xtask-store");
        let built = dir.join("hybrid");
        std::fs::write(&built, b"binary v1").unwrap();
        let store = Store::new(&dir.join("store"));
        let (a, b) = (sha256_hex(b"inputs a"), sha256_hex(b"inputs b"));
        assert_eq!(store.find(&a), None);
        let first = store.file(&a, &built).unwrap();
        assert_eq!(store.find(&a), Some(first.clone()));
        // Other inputs (say, a comment changed), same bytes: same path.
        assert_eq!(store.file(&b, &built).unwrap(), first);
        // Other bytes: another path; the first key still finds its own.
        std::fs::write(&built, b"binary v2").unwrap();
        let c = sha256_hex(b"inputs c");
        let second = store.file(&c, &built).unwrap();
        assert_ne!(second, first);
        assert_eq!(std::fs::read(&second).unwrap(), b"binary v2");
        assert_eq!(store.find(&a), Some(first.clone()));
        // A filed binary that disappeared is not found (it is built again).
        std::fs::remove_file(&first).unwrap();
        assert_eq!(store.find(&a), None);
    }
}
