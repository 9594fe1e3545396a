//! Static CPython from pinned source, per target, cached by input hash.
//!
//! `ensure` returns a target's build from `<cache>/cpython/<triple>-<key16>/`
//! when one exists for the current inputs, else builds it in a work directory
//! next to it and renames it into place when complete (so a cache entry is
//! always whole). The stdlib blob is shared by all targets.

mod build;
mod cache;
mod logrun;
pub mod pins;
mod pyo3_config;
pub mod source;
mod stdlib_blob;

use crate::config::target::TargetSpec;
use anyhow::{Context, Result};
use pins::Pins;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A target's static CPython and what the Pro build needs from it.
#[derive(Debug, Clone)]
pub struct CpythonBuild {
    pub triple: String,
    /// Holds `lib/` (libpython3.11.a, libmpdec.a, libexpat.a, libz.a),
    /// `pyo3-config.txt`, `manifest.json` and `build.log`.
    pub install_dir: PathBuf,
    pub pyo3_config_file: PathBuf,
    pub stdlib_blob: PathBuf,
    pub cache_key: String,
    /// Pinned inputs + C compiler version (for reports and manifests).
    pub pins: Value,
}

#[derive(clap::Args, Debug)]
pub struct CpythonArgs {
    /// Targets to build (default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// A directory (or file) holding the pinned source tarballs
    /// (default: $HYBRID_SOURCE_DIR).
    #[arg(long)]
    pub source_dir: Option<PathBuf>,
    /// Where to build: here, or inside the build image (`cargo xtask image`)
    /// through the pinned cross, into the image's own cache.
    #[arg(long, value_enum, default_value = "host")]
    pub backend: crate::build::BuildBackend,
}

/// Whether `ensure` found the build cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Cached,
    Built,
}

/// Builds or returns the cached static CPython for `spec`.
pub fn ensure(spec: &TargetSpec) -> Result<CpythonBuild> {
    let source_dir = std::env::var_os("HYBRID_SOURCE_DIR").map(PathBuf::from);
    ensure_with(spec, source_dir.as_deref()).map(|(build, _)| build)
}

/// [`ensure`] with an explicit source directory; also says whether it built.
pub fn ensure_with(
    spec: &TargetSpec,
    source_dir: Option<&Path>,
) -> Result<(CpythonBuild, Outcome)> {
    let pins_path = Pins::default_path();
    let pins = Pins::load(&pins_path)?;
    let tools = cache::ToolVersions::probe(&pins, spec)?;
    let mut inputs = cache::target_inputs(&pins, spec, &tools);
    let key = cache::key_of(&inputs);
    let stdlib_inputs = cache::stdlib_inputs(&pins, &tools, stdlib_blob::SCRIPT);
    let stdlib_key = cache::key_of(&stdlib_inputs);
    inputs["stdlib_blob"] = json!({ "key": stdlib_key, "inputs": stdlib_inputs });

    let root = cache::root();
    let entry = cache::entry_dir(&root, &spec.triple, &key);
    let blob_dir = cache::entry_dir(&root, "stdlib", &stdlib_key);
    let blob = blob_dir.join("stdlib.blob");
    let result = CpythonBuild {
        triple: spec.triple.clone(),
        pyo3_config_file: entry.join("pyo3-config.txt"),
        install_dir: entry.clone(),
        stdlib_blob: blob.clone(),
        cache_key: key.clone(),
        pins: inputs.clone(),
    };
    let complete = || entry.join("manifest.json").is_file() && blob.is_file();
    if complete() {
        return Ok((result, Outcome::Cached));
    }

    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    // One CPython build at a time on this machine (they take every core).
    let lock_path = root.join(".build.lock");
    let lock = std::fs::File::create(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    lock.lock()
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    if complete() {
        return Ok((result, Outcome::Cached));
    }

    remove_stale_work_dirs(&root)?;
    let work = root.join(format!(".work-{}-{}", spec.triple, &key[..16]));
    std::fs::create_dir_all(&work)?;
    let log = work.join("build.log");
    let cpython_tar = source::obtain(&pins.cpython, "CPython", source_dir)?;
    let cpython_src = source::extract(&cpython_tar, &pins.cpython, &work.join("src"))?;

    if !blob.is_file() {
        write_blob(&pins, &cpython_src, &blob_dir, &stdlib_inputs)?;
    }
    if !entry.join("manifest.json").is_file() {
        build_entry(
            &pins,
            spec,
            &cpython_src,
            &work,
            &log,
            source_dir,
            &entry,
            &result,
        )?;
    }
    std::fs::remove_dir_all(&work).with_context(|| format!("cannot remove {}", work.display()))?;
    Ok((result, Outcome::Built))
}

/// Removes work directories left by failed or interrupted builds (safe: the
/// caller holds the build lock, so none is in use).
fn remove_stale_work_dirs(root: &Path) -> Result<()> {
    for entry in std::fs::read_dir(root)?.flatten() {
        let name = entry.file_name();
        let stale = name
            .to_str()
            .is_some_and(|n| n.starts_with(".work-") || n.ends_with(".tmp"));
        if stale && entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("cannot remove the stale {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Writes the shared stdlib blob (in a temp dir renamed into place).
fn write_blob(pins: &Pins, cpython_src: &Path, blob_dir: &Path, inputs: &Value) -> Result<()> {
    let tmp = blob_dir.with_extension("tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir_all(&tmp)?;
    let summary = stdlib_blob::write(
        pins,
        &cpython_src.join("Lib"),
        &tmp.join("stdlib.blob"),
        pins.stdlib.optimize,
    )?;
    eprintln!(
        "  stdlib blob: {} modules, {} bytes (optimize={})",
        summary["modules"], summary["bytes"], pins.stdlib.optimize
    );
    let manifest = json!({ "inputs": inputs, "summary": summary });
    std::fs::write(
        tmp.join("stdlib.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    std::fs::rename(&tmp, blob_dir)
        .with_context(|| format!("cannot rename {} to {}", tmp.display(), blob_dir.display()))
}

/// Builds zlib and CPython in `work`, assembles the entry in `work/out` and
/// renames it to `entry`. On failure `work` (sources, config.log) stays for
/// inspection and the error names the log.
#[allow(clippy::too_many_arguments)]
fn build_entry(
    pins: &Pins,
    spec: &TargetSpec,
    cpython_src: &Path,
    work: &Path,
    log: &Path,
    source_dir: Option<&Path>,
    entry: &Path,
    result: &CpythonBuild,
) -> Result<()> {
    let start = Instant::now();
    let zlib_tar = source::obtain(&pins.zlib, "zlib", source_dir)?;
    let zlib_src = source::extract(&zlib_tar, &pins.zlib, &work.join("src"))?;
    let zlib_prefix = work.join("zlib-prefix");
    let jobs = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let recipe = build::Recipe {
        pins,
        spec,
        log,
        jobs,
    };
    recipe.build_zlib(&zlib_src, &zlib_prefix)?;
    // First: they take seconds, CPython minutes.
    let support_dir = work.join("support");
    recipe.build_support_libs(&support_dir)?;
    let builtins = recipe.build_cpython(cpython_src, &zlib_prefix)?;

    let out = work.join("out");
    let lib_dir = out.join("lib");
    std::fs::create_dir_all(&lib_dir)?;
    let mut libraries = Vec::new();
    let mut names = Vec::new();
    for (name, path) in recipe.libraries(cpython_src, &zlib_prefix, &support_dir) {
        let dest = lib_dir.join(path.file_name().context("library path has no file name")?);
        std::fs::copy(&path, &dest).with_context(|| {
            format!(
                "the build did not produce {} (see {})",
                path.display(),
                log.display()
            )
        })?;
        libraries.push(json!({ "name": name, "file": dest.file_name().map(|f| f.to_string_lossy().into_owned()), "sha256": crate::util::sha256_file(&dest)? }));
        names.push(name);
    }
    // lib_dir as it will be after the rename.
    let config = pyo3_config::render(
        &pins.minor_version(),
        &entry.join("lib"),
        &names,
        spec.pointer_width(),
    );
    std::fs::write(out.join("pyo3-config.txt"), config)?;
    let manifest = json!({
        "triple": spec.triple,
        "cache_key": result.cache_key,
        "pins": result.pins,
        "builtin_modules": builtins,
        "libraries": libraries,
        "build_seconds": (start.elapsed().as_secs_f64() * 10.0).round() / 10.0,
    });
    std::fs::copy(log, out.join("build.log"))?;
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    std::fs::rename(&out, entry)
        .with_context(|| format!("cannot rename {} to {}", out.display(), entry.display()))
}

/// `cargo xtask cpython [--target T]...`: builds each target, one summary line each.
pub fn command(args: &CpythonArgs) -> Result<()> {
    let triples = crate::config::matrix::selected_triples(&args.targets)?;
    if args.backend == crate::build::BuildBackend::Cross {
        let specs: Vec<TargetSpec> = triples
            .iter()
            .map(|t| TargetSpec::load(t))
            .collect::<Result<_>>()?;
        // The image's build reads the sources the host verified and seeded.
        anyhow::ensure!(
            args.source_dir.is_none(),
            "--source-dir is read on this machine; with --backend cross the sources are seeded from its cache"
        );
        let backend = crate::cross::backend::Backend::prepare(&specs)?;
        let mut inner = vec!["cpython"];
        for triple in &triples {
            inner.extend(["--target", triple.as_str()]);
        }
        backend.xtask(&inner)?;
        println!(
            "CPython built in the image, under {}",
            backend.cache_dir().display()
        );
        return Ok(());
    }
    let env_dir = std::env::var_os("HYBRID_SOURCE_DIR").map(PathBuf::from);
    let source_dir = args.source_dir.as_deref().or(env_dir.as_deref());
    for triple in triples {
        let spec = TargetSpec::load(&triple)?;
        let start = Instant::now();
        let (build, outcome) = ensure_with(&spec, source_dir)
            .with_context(|| format!("building CPython for {triple}"))?;
        let what = match outcome {
            Outcome::Cached => "cached",
            Outcome::Built => "built",
        };
        println!(
            "{}: {what} in {:.2}s -> {}",
            build.triple,
            start.elapsed().as_secs_f64(),
            build.install_dir.display()
        );
    }
    Ok(())
}
