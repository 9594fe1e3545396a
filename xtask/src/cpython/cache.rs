//! The cache key: a SHA-256 over every input of a build (pinned hashes, flags,
//! module lists, the C compiler's own version text, the target, the recipe
//! version). Equal keys mean an identical build, so a cached entry is reused
//! without looking inside; any change lands in a new directory.

use super::pins::Pins;
use crate::config::target::TargetSpec;
use crate::util::{cache_dir, sha256_hex};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Versions of the tools whose output ends up in the build.
#[derive(Debug, Clone)]
pub struct ToolVersions {
    /// `<cc> --version` and `<cc> -dumpmachine`, verbatim.
    pub cc: String,
    /// `sys.version` of the build python.
    pub build_python: String,
}

impl ToolVersions {
    /// [`ToolVersions::ask`], once per target and process (the matrix needs
    /// the CPython key several times per target; `zig cc` is slow to start).
    pub fn probe(pins: &Pins, spec: &TargetSpec) -> Result<ToolVersions> {
        type Memo = std::collections::BTreeMap<String, ToolVersions>;
        static SEEN: std::sync::Mutex<Memo> = std::sync::Mutex::new(Memo::new());
        if let Some(t) = SEEN
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&spec.triple)
        {
            return Ok(t.clone());
        }
        let tools = ToolVersions::ask(pins, spec)?;
        SEEN.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(spec.triple.clone(), tools.clone());
        Ok(tools)
    }

    /// Asks the C compiler and the build python for their versions, all at
    /// once (`python3 -m ziglang cc` takes a Python start-up to answer).
    fn ask(pins: &Pins, spec: &TargetSpec) -> Result<ToolVersions> {
        let (cc, args) = spec
            .cc
            .command
            .split_first()
            .context("cc.command is empty")?;
        let python = pins.build_python.to_string_lossy().into_owned();
        let cc_asks = |flag: &'static str| {
            move || {
                capture(
                    cc,
                    args.iter().map(String::as_str).chain([flag]),
                    &spec.triple,
                )
            }
        };
        let (version, machine, build_python) = std::thread::scope(|scope| {
            let version = scope.spawn(cc_asks("--version"));
            let machine = scope.spawn(cc_asks("-dumpmachine"));
            let build_python = capture(
                &python,
                ["-S", "-c", "import sys; print(sys.version)"],
                "the build python",
            );
            let joined = |h: std::thread::ScopedJoinHandle<'_, Result<String>>| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a version probe panicked")))
            };
            (joined(version), joined(machine), build_python)
        });
        let (version, machine, build_python) = (version?, machine?, build_python?);
        let wanted = pins.cpython.version.as_str();
        if build_python.split_whitespace().next() != Some(wanted) {
            bail!(
                "{python} is Python {}, but the pinned CPython is {wanted}: the stdlib blob and cross builds need the same version \
                 (set build_python in toolchains/cpython.toml)",
                build_python.trim()
            );
        }
        Ok(ToolVersions {
            cc: format!("{}\n{}", version.trim(), machine.trim()),
            build_python: build_python.trim().to_string(),
        })
    }
}

fn capture<'a>(
    program: &str,
    args: impl IntoIterator<Item = &'a str>,
    what: &str,
) -> Result<String> {
    let named = format!(
        "`{program}` (for {what}; is its package installed? see targets/*.toml [packages])"
    );
    let out = crate::util::stdout_of(Command::new(program).args(args), &named)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Everything that determines a target's static CPython, as JSON (also the
/// `pins` recorded in reports).
pub fn target_inputs(pins: &Pins, spec: &TargetSpec, tools: &ToolVersions) -> Value {
    json!({
        "recipe_version": pins.recipe_version,
        "target": spec.triple,
        "cpython": { "version": pins.cpython.version, "sha256": pins.cpython.sha256 },
        "zlib": { "version": pins.zlib.version, "sha256": pins.zlib.sha256 },
        "build": pins.build,
        "cc": spec.cc,
        "cc_version": tools.cc,
        "build_python": { "path": pins.build_python, "version": tools.build_python },
    })
}

/// Everything that determines the (target-independent) stdlib blob.
pub fn stdlib_inputs(pins: &Pins, tools: &ToolVersions, script: &str) -> Value {
    json!({
        "format_version": 1,
        "cpython_sha256": pins.cpython.sha256,
        "stdlib": pins.stdlib,
        "build_python_version": tools.build_python,
        "script_sha256": sha256_hex(script.as_bytes()),
    })
}

/// SHA-256 of the JSON text of `inputs` (its key order is fixed by the code above).
pub fn key_of(inputs: &Value) -> String {
    sha256_hex(&serde_json::to_vec(inputs).expect("JSON values serialise"))
}

/// `<cache>/cpython`.
pub fn root() -> PathBuf {
    cache_dir().join("cpython")
}

/// The cache directory for `name` (a triple, or `stdlib`) and a key.
pub fn entry_dir(root: &Path, name: &str, key: &str) -> PathBuf {
    root.join(format!("{name}-{}", &key[..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_changes_the_key() {
        let pins = Pins::load(&Pins::default_path()).unwrap();
        let spec = TargetSpec::load("x86_64-unknown-linux-musl").unwrap();
        let tools = ToolVersions {
            cc: "gcc 12".into(),
            build_python: "3.11.2".into(),
        };
        let base = key_of(&target_inputs(&pins, &spec, &tools));
        assert_eq!(
            base,
            key_of(&target_inputs(&pins, &spec, &tools)),
            "the key is stable"
        );

        let mut p = pins.clone();
        p.build.disabled_modules.pop();
        assert_ne!(base, key_of(&target_inputs(&p, &spec, &tools)));
        let mut s = spec.clone();
        s.cc.configure_cache.push("ac_cv_x=yes".into());
        assert_ne!(base, key_of(&target_inputs(&pins, &s, &tools)));
        let t = ToolVersions {
            cc: "gcc 13".into(),
            ..tools.clone()
        };
        assert_ne!(base, key_of(&target_inputs(&pins, &spec, &t)));
        let mut p = pins.clone();
        p.recipe_version += 1;
        assert_ne!(base, key_of(&target_inputs(&p, &spec, &tools)));
    }
}
