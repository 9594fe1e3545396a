//! RustPython's `rustpython-vm` build script writes cargo's *whole*
//! environment (`OUT_DIR`, `CARGO_HOME`, `CARGO_MAKEFLAGS`' jobserver fds,
//! `PATH`, `HOME`, any secret a CI job exports…) into
//! `OUT_DIR/env_vars.rs`, which becomes `sysconfig.get_config_vars()` of
//! the Light binary. That made the binary differ between build directories
//! and carried the build machine inside it.
//!
//! Just before `rustpython_vm` compiles (the rustc wrapper calls
//! [`filter_for`]), the recorded environment is cut down to the variables
//! that describe the build (target cfgs, enabled features, package
//! metadata, profile), sorted.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The crate whose build script records the environment, and the file.
const RECORDING_CRATE: &str = "rustpython_vm";
const RECORDED_FILE: &str = "env_vars.rs";

/// Filters the recorded environment when `crate_name` is the crate that
/// records one (rustc is about to compile it, `OUT_DIR` set by cargo).
pub fn filter_for(crate_name: Option<&str>) -> Result<()> {
    if crate_name != Some(RECORDING_CRATE) {
        return Ok(());
    }
    let out_dir = std::env::var_os("OUT_DIR")
        .context("cargo gave rustpython_vm no OUT_DIR (its build script did not run?)")?;
    filter_file(&Path::new(&out_dir).join(RECORDED_FILE), Stamp::Keep)
}

/// Applies the rule to every environment already recorded in target dir
/// `dir` (`<triple>/<profile>/build/rustpython-vm-*/out/`), before cargo
/// looks: cargo does not recompile a dependency because the wrapper
/// appeared or its rule changed, but it does when a file the crate
/// `include!`s is newer than its build, which a rewrite makes it.
pub fn filter_recorded_in(dir: &Path) -> Result<()> {
    let package_prefix = format!("{}-", RECORDING_CRATE.replace('_', "-"));
    for triple in subdirs(dir) {
        for profile in subdirs(&triple) {
            for unit in subdirs(&profile.join("build")) {
                let is_recording = unit
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&package_prefix));
                let path = unit.join("out").join(RECORDED_FILE);
                if is_recording && path.is_file() {
                    filter_file(&path, Stamp::Renew)?;
                }
            }
        }
    }
    Ok(())
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect()
}

/// How a rewrite treats the file's modification time.
#[derive(Clone, Copy, PartialEq)]
enum Stamp {
    /// Keep it: the wrapper rewrites the file while rustc's compile of the
    /// crate is under way, and cargo takes a file newer than the start of
    /// that compile for an edit made during the build, so the next build
    /// would compile the crate again for nothing.
    Keep,
    /// Make it new: a target dir filtered before cargo looks must compile
    /// the crate again with the filtered file.
    Renew,
}

/// Rewrites one recorded environment to the build description (untouched
/// when it already is one).
fn filter_file(path: &Path, stamp: Stamp) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "{} (RustPython's build script no longer writes it: check the pinned rustpython-vm)",
            path.display()
        )
    })?;
    let kept = keep_build_description(&text).with_context(|| path.display().to_string())?;
    if kept == text {
        return Ok(());
    }
    let written = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .with_context(|| path.display().to_string())?;
    std::fs::write(path, kept)?;
    if stamp == Stamp::Keep {
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(written))
            .with_context(|| format!("cannot keep the modification time of {}", path.display()))?;
    }
    Ok(())
}

/// Whether a recorded variable describes the build rather than the machine
/// or the directory it ran in.
fn describes_the_build(key: &str) -> bool {
    const PREFIXES: [&str; 3] = ["CARGO_CFG_", "CARGO_FEATURE_", "CARGO_PKG_"];
    const NAMES: [&str; 4] = ["TARGET", "PROFILE", "OPT_LEVEL", "DEBUG"];
    PREFIXES.iter().any(|p| key.starts_with(p)) || NAMES.contains(&key)
}

/// `sysvars! { "K" => "V", … }` (keys and values written as Rust `{:?}`
/// literals) with only the variables that describe the build, in key order.
fn keep_build_description(text: &str) -> Result<String> {
    let body = text
        .trim()
        .strip_prefix("sysvars! {")
        .and_then(|t| t.strip_suffix('}'))
        .context("not the `sysvars! { … }` RustPython's build script writes")?;
    let literals = string_literals(body)?;
    if literals.len() % 2 != 0 {
        bail!("an odd number of string literals: not `\"key\" => \"value\"` pairs");
    }
    let mut kept: Vec<(&str, &str)> = literals
        .chunks(2)
        .map(|pair| (pair[0], pair[1]))
        .filter(|(key, _)| {
            let name = &key[1..key.len() - 1];
            !name.contains('\\') && describes_the_build(name)
        })
        .collect();
    kept.sort();
    let entries: Vec<String> = kept.iter().map(|(k, v)| format!("{k} => {v}")).collect();
    Ok(format!("sysvars! {{ {} }}", entries.join(", ")))
}

/// Every `"…"` literal in `text`, quotes and escapes kept as written.
fn string_literals(text: &str) -> Result<Vec<&str>> {
    let mut found = Vec::new();
    let mut chars = text.char_indices();
    while let Some((start, c)) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end = end.context("a string literal that never ends")?;
        found.push(&text[start..=end]);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_build_description_is_kept_sorted_with_escapes_intact() {
        let text = r#"sysvars! { "PATH" => "/usr/bin", "TARGET" => "x86_64-unknown-linux-gnu", "OUT_DIR" => "/w/target/light/x/build/rustpython-vm-1/out", "CARGO_FEATURE_THREADING" => "1", "CARGO_MAKEFLAGS" => "-j --jobserver-fds=8,9", "CARGO_PKG_DESCRIPTION" => "a \"quoted\" => value, with a comma", "CARGO_ENCODED_RUSTFLAGS" => "--remap-path-prefix=/w=/hybrid\u{1f}-L", "SECRET_TOKEN" => "hunter2" }"#;
        let kept = keep_build_description(text).unwrap();
        assert_eq!(
            kept,
            r#"sysvars! { "CARGO_FEATURE_THREADING" => "1", "CARGO_PKG_DESCRIPTION" => "a \"quoted\" => value, with a comma", "TARGET" => "x86_64-unknown-linux-gnu" }"#
        );
        // Idempotent: the wrapper may see the crate compile again.
        assert_eq!(keep_build_description(&kept).unwrap(), kept);
        assert_eq!(
            keep_build_description("sysvars! {  }").unwrap(),
            "sysvars! {  }"
        );
    }

    #[test]
    fn filtering_during_the_compile_keeps_the_files_time() {
        let dir = crate::util::Scratch::new("recorded-env-keep");
        let path = dir.join(RECORDED_FILE);
        std::fs::write(&path, r#"sysvars! { "HOME" => "/root", "TARGET" => "t" }"#).unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        filter_file(&path, Stamp::Keep).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            r#"sysvars! { "TARGET" => "t" }"#
        );
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), old);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn environments_already_recorded_in_a_target_dir_are_filtered_once() {
        let dir = crate::util::Scratch::new("recorded-env");
        let build = dir.join("x86_64-unknown-linux-gnu/light/build");
        let ours = build.join("rustpython-vm-0dd8/out/env_vars.rs");
        let other = build.join("other-crate-1234/out/env_vars.rs");
        for path in [&ours, &other] {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, r#"sysvars! { "HOME" => "/root", "TARGET" => "t" }"#).unwrap();
        }
        filter_recorded_in(&dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(&ours).unwrap(),
            r#"sysvars! { "TARGET" => "t" }"#
        );
        assert!(std::fs::read_to_string(&other).unwrap().contains("HOME"));
        // Already filtered: not written again (cargo would recompile).
        let before = std::fs::metadata(&ours).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        filter_recorded_in(&dir).unwrap();
        assert_eq!(
            std::fs::metadata(&ours).unwrap().modified().unwrap(),
            before
        );
        // A target dir with nothing built yet is fine.
        filter_recorded_in(&dir.join("empty")).unwrap();
    }

    #[test]
    fn anything_but_the_expected_shape_is_an_error_not_a_guess() {
        for bad in [
            "vars! { \"A\" => \"1\" }",
            "sysvars! { \"A\" => \"1\", \"B\" }",
            "sysvars! { \"A\" => \"1 }",
        ] {
            assert!(keep_build_description(bad).is_err(), "{bad}");
        }
    }
}
