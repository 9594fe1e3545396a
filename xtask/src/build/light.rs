//! The Light tier `hybrid`: RustPython with its stdlib frozen in, the
//! pinned libm, built per target with the target's own C compiler for the
//! little C in RustPython's dependencies.

use super::{linker_var, remap_args, remap_rustflags, sources_digest, Store};
use crate::config::target::TargetSpec;
use crate::cpython;
use crate::util::{sha256_hex, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use xshell::{cmd, Shell};

/// Where the Light `hybrid` for `spec` is built (no CPython, so one per target).
fn light_target_dir(spec: &TargetSpec) -> PathBuf {
    target_dir().join("light").join(&spec.triple)
}

/// The Light `hybrid` filed for the current inputs, if it was built.
pub fn light_binary_if_built(spec: &TargetSpec) -> Result<Option<PathBuf>> {
    Ok(Store::new(&light_target_dir(spec)).find(&light_inputs_key(spec)?))
}

fn light_inputs_key(spec: &TargetSpec) -> Result<String> {
    let target = format!("targets/{}.toml", spec.triple);
    let digest = sources_digest(&["samples", "runtime", "pinned-libm"], &[target.as_str()])?;
    // A binary the rustc wrapper of another generation built is not reused.
    let generation = super::rustc_wrapper::GENERATION;
    Ok(sha256_hex(
        format!("hybrid light {digest} rustc wrapper {generation}").as_bytes(),
    ))
}

/// Builds the Light `hybrid` (RustPython, stdlib frozen in) for `spec`,
/// filed by the hash of its inputs like the Pro one.
pub fn build_light_hybrid(spec: &TargetSpec) -> Result<PathBuf> {
    let key = light_inputs_key(spec)?;
    let store = Store::new(&light_target_dir(spec));
    if let Some(filed) = store.find(&key) {
        return Ok(filed);
    }
    let built = build_light_hybrid_in(spec, &store.dir)?;
    store.file(&key, &built)
}

/// The Light `hybrid` built with `dir` as cargo's target directory (paths
/// remapped as for the Pro tier). C code in RustPython's dependencies
/// (liblzma) is compiled with the target's own C compiler.
pub fn build_light_hybrid_in(spec: &TargetSpec, dir: &Path) -> Result<PathBuf> {
    let triple = spec.triple.as_str();
    let link_map = dir.join(triple).join("light").join("hybrid.map");
    let map_arg = format!("link-arg=--Map={}", link_map.display());
    let mut args = vec![
        if spec.is_wasm() { "rustc" } else { "build" },
        "-p",
        "samples",
        "--bin",
        "hybrid",
        "--features",
        "light,pin-libm",
    ];
    if spec.is_wasm() {
        args.extend(["--", "-C", &map_arg]);
    }
    light_cargo(spec, dir, &args)
        .with_context(|| format!("cargo build of the Light hybrid for {triple} failed"))?;
    let binary = dir
        .join(triple)
        .join("light")
        .join(format!("hybrid{}", spec.exe_suffix()));
    if !binary.is_file() {
        bail!("cargo reported success but {} is missing", binary.display());
    }
    super::check_no_build_paths(&binary, dir, &[])?;
    crate::pin_guard::check_pinned(&binary)?;
    if spec.is_wasm() {
        crate::pin_guard::check_link_map(&binary, &link_map)?;
    }
    Ok(binary)
}

/// Runs `cargo <args>` the way the Light tier builds for `spec`: the light
/// profile, no default features (so the CPython engine stays out), the
/// target's link overrides, C compiler and linker, paths remapped, in
/// target dir `dir`. Tests and clippy of the Light engine run through here
/// too, so they reuse the compiled RustPython instead of building it again.
pub fn light_cargo(spec: &TargetSpec, dir: &Path, args: &[&str]) -> Result<()> {
    // First: starting over empties `dir`, and what follows writes into it.
    super::rustc_wrapper::start_over_if_older(dir, &spec.light.crate_edits)?;
    let epoch = cpython::pins::Pins::load(&cpython::pins::Pins::default_path())?
        .build
        .source_date_epoch;
    let triple = spec.triple.as_str();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let (subcommand, rest) = args.split_first().context("a cargo subcommand")?;
    // `cargo rustc … -- <rustc args>`: the common flags go before the `--`.
    let split = rest.iter().position(|a| *a == "--").unwrap_or(rest.len());
    let (own, tail) = rest.split_at(split);
    let mut unpacked = std::collections::BTreeMap::new();
    for deb in &spec.light.debs {
        unpacked.insert(
            format!("{{deb:{}}}", deb.package),
            crate::debs::unpacked(deb)?.display().to_string(),
        );
    }
    let resolve = |path: &Path| {
        let mut text = path.display().to_string();
        for (placeholder, dir) in &unpacked {
            text = text.replace(placeholder.as_str(), dir);
        }
        text
    };
    let mut overrides = Vec::new();
    for o in &spec.light.link_overrides {
        let list = |items: Vec<String>| {
            items
                .iter()
                .map(|i| format!("{i:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        overrides.push("--config".to_string());
        overrides.push(format!(
            "target.{triple}.{}.rustc-link-lib=[{}]",
            o.links,
            list(o.lib.clone())
        ));
        overrides.push("--config".to_string());
        overrides.push(format!(
            "target.{triple}.{}.rustc-link-search=[{}]",
            o.links,
            list(o.search.iter().map(|p| resolve(p)).collect())
        ));
    }
    let mut rustflags = remap_rustflags(dir);
    for flag in &spec.light.rustflags {
        rustflags.push(' ');
        rustflags.push_str(flag);
    }
    if !spec.light.empty_libs.is_empty() {
        let libs = dir.join("empty-libs");
        std::fs::create_dir_all(&libs)?;
        for name in &spec.light.empty_libs {
            // An archive with no members: what musl itself installs as libm.a.
            std::fs::write(libs.join(format!("lib{name}.a")), b"!<arch>\n")?;
        }
        rustflags.push_str(&format!(" -L native={}", libs.display()));
    }
    super::recorded_env::filter_recorded_in(dir)?;
    let sh = Shell::new()?;
    sh.change_dir(workspace_root());
    let cc_key = triple.replace('-', "_");
    let mut command = cmd!(sh, "{cargo} {subcommand} --locked --profile light --target {triple} --no-default-features {own...} {overrides...} {tail...}")
        .env(format!("CC_{cc_key}"), spec.cc.command.join(" "))
        .env(format!("AR_{cc_key}"), &spec.cc.ar)
        .env("CARGO_TARGET_DIR", dir)
        .env("RUSTFLAGS", rustflags)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        // RustPython's build script records the `git` commit of whatever
        // repository holds cargo's registry: there is none to record.
        .env("GIT_DIR", dir.join("no-git-repository"))
        // RustPython names its frozen stdlib's directory (`sys._stdlib_dir`,
        // stdlib modules' `__file__`) by where cargo unpacked the crate,
        // unless `win_lib_path` is set (its own build sets it on Windows):
        // a fixed name keeps the build machine out of binary and output.
        .env("win_lib_path", frozen_stdlib_dir());
    // Build scripts and proc macros get the same path remapping, and
    // RustPython's recorded environment is filtered (see `rustc_wrapper`).
    for (key, value) in super::rustc_wrapper::install(dir, &remap_args(dir))? {
        command = command.env(key, value);
    }
    for (key, value) in super::crate_edits::env(dir, &spec.light.crate_edits)? {
        command = command.env(key, value);
    }
    if let Some(linker) = &spec.rust.linker {
        command = command.env(linker_var(triple), linker);
    }
    if let Some(cflags) = &spec.light.cflags {
        command = command
            .env("CRATE_CC_NO_DEFAULTS", "1")
            .env(format!("CFLAGS_{cc_key}"), cflags.join(" "));
    }
    command.run()?;
    super::crate_edits::check_applied(dir, &spec.light.crate_edits, triple)?;
    Ok(())
}

/// `cargo xtask light-check`: clippy and the runtime's tests with the Light
/// engine, on this machine's target, in the Light build's own target dir.
pub fn light_check() -> Result<bool> {
    let spec = TargetSpec::load(&TargetSpec::host_triple())?;
    let dir = light_target_dir(&spec);
    let clippy = light_cargo(
        &spec,
        &dir,
        &[
            "clippy",
            "-p",
            "runtime",
            "-p",
            "samples",
            "--all-targets",
            "--features",
            "runtime/rustpython,runtime/pin-libm,samples/light,samples/pin-libm",
            "--",
            "-D",
            "warnings",
        ],
    );
    let tests = light_cargo(
        &spec,
        &dir,
        &["test", "-p", "runtime", "--features", "rustpython,pin-libm"],
    );
    for (what, result) in [("clippy", &clippy), ("tests", &tests)] {
        if let Err(e) = result {
            eprintln!("light-check: {what} failed: {e:#}");
        }
    }
    Ok(clippy.is_ok() && tests.is_ok())
}

/// The directory the Light binary's frozen stdlib claims to come from:
/// cargo's home remapped as in every other path, no registry or machine.
fn frozen_stdlib_dir() -> String {
    let version = crate::matrix::locked_version("rustpython-pylib");
    format!("/cargo/registry/src/rustpython-pylib-{version}/Lib")
}
