//! Pinned edits of a dependency crate's source, for one target's Light build
//! (`[[light.crate_edits]]` in `targets/<triple>.toml`).
//!
//! Cargo compiles a registry crate from its own unpacked, checksummed copy.
//! Patching one the usual way (`[patch]` with a path) changes `Cargo.lock`,
//! which every `--locked` build would then see, and it would put an edited
//! copy of someone else's code into the repository. Instead the rustc
//! wrapper hands rustc an edited copy of the crate, made in the target dir
//! as that crate compiles, and remaps the copy's path to the original's name
//! so nothing in the binary tells them apart. As with CPython's
//! `[[cc.source_edits]]`, each edit must find its text exactly once, so a
//! different crate version fails the build instead of going unedited.

use crate::config::target::{apply_edit, CrateEdit};
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Holds the [`Plan`] as JSON; absent when the target edits no crate.
const PLAN_ENV: &str = "HYBRID_XTASK_CRATE_EDITS";

/// What the wrapper edits, and where it puts the edited copies.
#[derive(Debug, Serialize, Deserialize)]
struct Plan {
    dir: PathBuf,
    edits: Vec<CrateEdit>,
}

/// The wrapper's environment for a Light build in `target_dir`: nothing
/// when there are no edits.
pub fn env(target_dir: &Path, edits: &[CrateEdit]) -> Result<Vec<(&'static str, OsString)>> {
    if edits.is_empty() {
        return Ok(Vec::new());
    }
    let plan = Plan {
        dir: copies_dir(target_dir),
        edits: edits.to_vec(),
    };
    Ok(vec![(PLAN_ENV, serde_json::to_string(&plan)?.into())])
}

/// Fails unless the build in `target_dir` made an edited copy of every
/// crate `edits` name: an edit of a crate the build does not compile (a
/// misspelt name, a dependency gone) would otherwise change nothing, quietly.
pub fn check_applied(target_dir: &Path, edits: &[CrateEdit], triple: &str) -> Result<()> {
    let missing = unapplied(
        &copies_dir(target_dir),
        edits,
        crate::matrix::locked_version,
    );
    if let Some(krate) = missing.first() {
        bail!(
            "targets/{triple}.toml: [[light.crate_edits]] for crate '{krate}' was not applied: the Light build compiled no such crate (Cargo.lock: {}); name a crate it compiles",
            crate::matrix::locked_version(krate)
        );
    }
    Ok(())
}

/// Where the wrapper makes the edited copies, in the Light build's target dir.
fn copies_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("edited-crates")
}

/// The crates of `edits` with no edited copy `<crate>-<version>` in `dir`.
fn unapplied(dir: &Path, edits: &[CrateEdit], version_of: impl Fn(&str) -> String) -> Vec<String> {
    let mut missing: Vec<String> = edits
        .iter()
        .filter(|e| {
            !dir.join(format!("{}-{}", e.krate, version_of(&e.krate)))
                .is_dir()
        })
        .map(|e| e.krate.clone())
        .collect();
    missing.dedup();
    missing
}

/// Stands for the edits in the target dir's generation marker: cargo does
/// not see them, so new edits must start the target dir over.
pub fn marker(edits: &[CrateEdit]) -> Result<String> {
    if edits.is_empty() {
        return Ok(String::new());
    }
    let json = serde_json::to_vec(edits)?;
    Ok(format!(
        " crate-edits={}",
        &crate::util::sha256_hex(&json)[..16]
    ))
}

/// In the wrapper: every argument rustc gets for this compile, cargo's
/// `args` followed by `remaps` (the `--remap-path-prefix` arguments every
/// compile gets), with an edited copy of the crate in place of the original
/// when the plan edits it.
pub fn rewrite(args: Vec<OsString>, remaps: &[String]) -> Result<Vec<OsString>> {
    let Some(json) = std::env::var_os(PLAN_ENV) else {
        return Ok(with_remaps(args, remaps));
    };
    let plan: Plan = serde_json::from_str(json.to_str().context("crate edits: not UTF-8")?)
        .context("crate edits: the plan the build passed is not readable")?;
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Ok(with_remaps(args, remaps));
    };
    rewrite_with(&plan, args, Path::new(&manifest_dir), remaps)
}

fn with_remaps(mut args: Vec<OsString>, remaps: &[String]) -> Vec<OsString> {
    args.extend(remaps.iter().map(OsString::from));
    args
}

fn rewrite_with(
    plan: &Plan,
    args: Vec<OsString>,
    manifest_dir: &Path,
    remaps: &[String],
) -> Result<Vec<OsString>> {
    let Some(name) = super::rustc_wrapper::crate_name(&args).map(str::to_string) else {
        return Ok(with_remaps(args, remaps));
    };
    let edits: Vec<&CrateEdit> = plan
        .edits
        .iter()
        .filter(|e| e.krate.replace('-', "_") == name)
        .collect();
    if edits.is_empty() {
        return Ok(with_remaps(args, remaps));
    }
    let package = manifest_dir
        .file_name()
        .context("crate edits: the crate's directory has no name")?;
    let copy = plan.dir.join(package);
    make_edited_copy(manifest_dir, &copy, &edits)?;
    let mut replaced = 0;
    let mut out: Vec<OsString> = args
        .into_iter()
        .map(|arg| match Path::new(&arg).strip_prefix(manifest_dir) {
            Ok(rest) => {
                replaced += 1;
                copy.join(rest).into_os_string()
            }
            Err(_) => arg,
        })
        .collect();
    if replaced == 0 {
        bail!(
            "crate edits: rustc was given no source file under {} for {name}",
            manifest_dir.display()
        );
    }
    // Last, so it wins over the target dir's own remapping (rustc applies
    // the last prefix that matches).
    out.extend(remaps.iter().map(OsString::from));
    out.push(
        format!(
            "--remap-path-prefix={}={}",
            copy.display(),
            remapped(manifest_dir, remaps)
        )
        .into(),
    );
    Ok(out)
}

/// `crate_dir` copied to `copy` (afresh: an earlier copy may hold other
/// edits) with `edits` applied.
fn make_edited_copy(crate_dir: &Path, copy: &Path, edits: &[&CrateEdit]) -> Result<()> {
    let tmp = copy.with_extension(format!("tmp{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    copy_tree(crate_dir, &tmp)?;
    for edit in edits {
        let what = format!("{} ({})", edit.krate, crate_dir.display());
        apply_edit(&tmp, &edit.file, &edit.from, &edit.to, &what)?;
    }
    if copy.exists() {
        std::fs::remove_dir_all(copy).with_context(|| copy.display().to_string())?;
    }
    std::fs::rename(&tmp, copy).with_context(|| copy.display().to_string())?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| to.display().to_string())?;
    for entry in std::fs::read_dir(from).with_context(|| from.display().to_string())? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The name `path` has in the binary under `remaps` (the last matching
/// `--remap-path-prefix=FROM=TO`, as rustc chooses), or itself.
fn remapped(path: &Path, remaps: &[String]) -> String {
    remaps
        .iter()
        .rev()
        .filter_map(|r| r.strip_prefix("--remap-path-prefix=")?.split_once('='))
        .find_map(|(from, to)| {
            let rest = path.strip_prefix(from).ok()?;
            Some(Path::new(to).join(rest).display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(from: &str) -> CrateEdit {
        CrateEdit {
            krate: "some-crate".into(),
            file: "src/count.rs".into(),
            from: from.into(),
            to: "const WIDTH: u32 = 28;".into(),
            why: "test".into(),
        }
    }

    fn fake_crate(root: &Path) -> PathBuf {
        let dir = root.join("registry/some-crate-0.5.0");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "mod count;\n").unwrap();
        std::fs::write(dir.join("src/count.rs"), "const WIDTH: u32 = 15;\n").unwrap();
        dir
    }

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn an_edited_crate_compiles_from_its_edited_copy_under_the_originals_name() {
        let root = crate::util::Scratch::new("crate-edits");
        let original = fake_crate(&root);
        let lib = original.join("src/lib.rs").display().to_string();
        let plan = Plan {
            dir: root.join("target/edited-crates"),
            edits: vec![edit("const WIDTH: u32 = 15;")],
        };
        let remaps = vec![format!(
            "--remap-path-prefix={}=/cargo/registry",
            root.join("registry").display()
        )];
        let out = rewrite_with(
            &plan,
            args(&["--crate-name", "some_crate", "--edition=2021", &lib]),
            &original,
            &remaps,
        )
        .unwrap();
        let copy = root.join("target/edited-crates/some-crate-0.5.0");
        assert_eq!(out[3], copy.join("src/lib.rs").into_os_string());
        assert_eq!(out[4], OsString::from(&remaps[0]));
        assert_eq!(
            out[5],
            OsString::from(format!(
                "--remap-path-prefix={}=/cargo/registry/some-crate-0.5.0",
                copy.display()
            ))
        );
        assert_eq!(
            std::fs::read_to_string(copy.join("src/count.rs")).unwrap(),
            "const WIDTH: u32 = 28;\n"
        );
        // The original is untouched, and a second compile edits a fresh copy.
        assert!(std::fs::read_to_string(original.join("src/count.rs"))
            .unwrap()
            .contains("15"));
        rewrite_with(
            &plan,
            args(&["--crate-name", "some_crate", &lib]),
            &original,
            &[],
        )
        .unwrap();
    }

    #[test]
    fn other_crates_pass_unchanged_and_a_stale_edit_fails_naming_crate_and_file() {
        let root = crate::util::Scratch::new("crate-edits-stale");
        let original = fake_crate(&root);
        let lib = original.join("src/lib.rs").display().to_string();
        let plan = Plan {
            dir: root.join("edited"),
            edits: vec![edit("const WIDTH: u32 = 31;")],
        };
        let other = args(&["--crate-name", "other_crate", &lib]);
        let remaps = vec!["--remap-path-prefix=/a=/b".to_string()];
        let mut expected = other.clone();
        expected.push("--remap-path-prefix=/a=/b".into());
        assert_eq!(
            rewrite_with(&plan, other, &original, &remaps).unwrap(),
            expected
        );
        let err = rewrite_with(
            &plan,
            args(&["--crate-name", "some_crate", &lib]),
            &original,
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("src/count.rs"), "{err}");
        assert!(err.contains("occurs 0 times"), "{err}");
        assert!(err.contains("some-crate"), "{err}");
    }

    #[test]
    fn an_edit_no_compile_applied_is_named() {
        let root = crate::util::Scratch::new("crate-edits-unapplied");
        let version = |_: &str| "0.5.0".to_string();
        assert_eq!(unapplied(&root, &[edit("x")], version), vec!["some-crate"]);
        std::fs::create_dir_all(root.join("some-crate-0.5.0")).unwrap();
        assert!(unapplied(&root, &[edit("x"), edit("y")], version).is_empty());
        let err = check_applied(&root, &[edit("x")], "wasm32-wasip1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("targets/wasm32-wasip1.toml"), "{err}");
        assert!(err.contains("'some-crate' was not applied"), "{err}");
    }

    #[test]
    fn edits_mark_the_target_dir_and_no_edits_leave_the_marker_as_it_was() {
        assert_eq!(marker(&[]).unwrap(), "");
        let a = marker(&[edit("x")]).unwrap();
        assert!(a.starts_with(" crate-edits="), "{a}");
        assert_ne!(a, marker(&[edit("y")]).unwrap());
    }
}
