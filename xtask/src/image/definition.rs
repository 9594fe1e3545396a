//! `toolchains/build-image.toml`: which Debian packages the build image
//! holds, and the lock that pins every one of them by version.

use crate::config::target::TargetSpec;
use crate::util::{sha256_hex, workspace_root};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub fn path() -> PathBuf {
    workspace_root().join("toolchains/build-image.toml")
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// The Debian release (`bookworm`).
    pub suite: String,
    /// The Debian architecture the lock is for (`amd64`).
    pub arch: String,
    /// mmdebstrap's variant: `apt` is Essential plus apt, nothing else.
    pub variant: String,
    /// What every build needs besides the targets' packages.
    pub base: Vec<String>,
    /// pip requirement files (hash-pinned) installed into the image too.
    #[serde(default)]
    pub pip: Vec<String>,
    /// Every package in the image, dependencies included → its version.
    #[serde(default)]
    pub lock: BTreeMap<String, String>,
    /// The definition file's own bytes, for the tag.
    #[serde(skip)]
    pub text: String,
    /// The `pip` files' text, read once (the tag, the wheels' download and
    /// the check inside the image all use it).
    #[serde(skip)]
    pub requirements: String,
}

impl Definition {
    pub fn load() -> Result<Definition> {
        let path = path();
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut definition = parse(&text).with_context(|| path.display().to_string())?;
        for file in &definition.pip {
            let requirements = std::fs::read_to_string(workspace_root().join(file))
                .with_context(|| format!("{}: pip file {file}", path.display()))?;
            definition.requirements.push_str(&requirements);
        }
        Ok(definition)
    }

    /// The image's tag: it changes whenever the definition does, so an
    /// image built from another lock is never taken for this one.
    pub fn tag(&self) -> String {
        format!(
            "localhost/hybrid-build:{}",
            &sha256_hex(format!("{}{}", self.text, self.requirements).as_bytes())[..16]
        )
    }

    /// Why this machine cannot build the image, if it cannot: mmdebstrap
    /// makes a root of the host's architecture, and the lock is for one.
    pub fn host_mismatch(&self) -> Option<String> {
        let host = std::process::Command::new("dpkg")
            .arg("--print-architecture")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        (host != self.arch).then(|| {
            format!(
                "the build image is locked for {} hosts (toolchains/build-image.toml arch) and this one is {}: \
                 set arch = \"{}\" there and run `cargo xtask image --pin` to lock one for it",
                self.arch,
                if host.is_empty() { "not Debian".to_string() } else { host.clone() },
                host
            )
        })
    }

    /// Every package the image must hold by name: `base` and what
    /// `targets/*.toml` name (`[packages] apt`, `[light] apt`).
    pub fn wanted(&self, specs: &[TargetSpec]) -> BTreeSet<String> {
        let mut wanted: BTreeSet<String> = self.base.iter().cloned().collect();
        for spec in specs {
            wanted.extend(spec.packages.apt.iter().cloned());
            wanted.extend(spec.light.apt.iter().cloned());
        }
        wanted
    }

    /// Fails when a wanted package is not locked: the lock is older than
    /// the targets (a package was added to a target since).
    pub fn check_lock_covers(&self, wanted: &BTreeSet<String>) -> Result<()> {
        if self.lock.is_empty() {
            bail!(
                "{} has no [lock] yet: run `cargo xtask image --pin`",
                path().display()
            );
        }
        let missing: Vec<&str> = wanted
            .iter()
            .filter(|p| !self.lock.contains_key(*p))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            bail!(
                "{}: [lock] does not hold {} (named by targets/*.toml or `base`): run `cargo xtask image --pin`",
                path().display(),
                missing.join(", ")
            );
        }
        Ok(())
    }
}

pub(super) fn parse(text: &str) -> Result<Definition> {
    let mut definition: Definition = toml::from_str(text)?;
    for (package, version) in &definition.lock {
        if package.is_empty() || version.is_empty() || version.contains(char::is_whitespace) {
            bail!("[lock] \"{package}\" = \"{version}\" is not a package and a version");
        }
    }
    definition.text = text.to_string();
    Ok(definition)
}

/// The definition text with its `[lock]` replaced by `lock` (everything
/// above `[lock]`, comments included, kept as written).
pub fn with_lock(text: &str, lock: &BTreeMap<String, String>) -> String {
    let head = match text.find("\n[lock]") {
        Some(at) => &text[..at + 1],
        None => text,
    };
    let mut out = head.trim_end().to_string();
    out.push_str("\n\n[lock]\n");
    for (package, version) in lock {
        out.push_str(&format!("{} = \"{version}\"\n", toml_key(package)));
    }
    out
}

/// Debian package names (`g++`, `libstdc++6`) are not all bare TOML keys.
fn toml_key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "# comment\nsuite = \"bookworm\"\narch = \"amd64\"\nvariant = \"apt\"\nbase = [\"make\"]\n";

    #[test]
    fn the_lock_is_rewritten_below_what_a_person_wrote() {
        let lock: BTreeMap<String, String> = [("make", "4.3-4.1"), ("libstdc++6", "12.2.0-14")]
            .iter()
            .map(|(p, v)| (p.to_string(), v.to_string()))
            .collect();
        let once = with_lock(TEXT, &lock);
        assert!(once.starts_with(TEXT));
        assert!(once.contains("\"libstdc++6\" = \"12.2.0-14\"\nmake = \"4.3-4.1\"\n"));
        let d = parse(&once).unwrap();
        assert_eq!(d.lock, lock);
        // Pinning again replaces the lock, and nothing else.
        assert_eq!(with_lock(&once, &lock), once);
        let fewer: BTreeMap<String, String> = lock.into_iter().take(1).collect();
        assert!(!with_lock(&once, &fewer).contains("make ="));
    }

    #[test]
    fn the_tag_follows_the_definition_and_the_lock_must_cover_the_targets() {
        let d = parse(TEXT).unwrap();
        let wanted: BTreeSet<String> = ["make".to_string()].into();
        let err = d.check_lock_covers(&wanted).unwrap_err().to_string();
        assert!(
            err.contains("no [lock] yet") && err.contains("--pin"),
            "{err}"
        );
        let mut lock = BTreeMap::new();
        lock.insert("gcc".to_string(), "4:12.2.0-3".to_string());
        let pinned = parse(&with_lock(TEXT, &lock)).unwrap();
        let err = pinned.check_lock_covers(&wanted).unwrap_err().to_string();
        assert!(err.contains("does not hold make"), "{err}");
        assert_ne!(d.tag(), pinned.tag());
        assert!(pinned.tag().starts_with("localhost/hybrid-build:"));
        assert!(
            parse("suite = \"b\"\nvariant = \"apt\"\nbase = []\n[lock]\ngcc = \"a b\"\n").is_err()
        );
    }

    #[test]
    fn every_target_package_is_wanted() {
        let d = parse(TEXT).unwrap();
        let specs: Vec<TargetSpec> = crate::config::target::known_triples()
            .unwrap()
            .iter()
            .map(|t| TargetSpec::load(t).unwrap())
            .collect();
        let wanted = d.wanted(&specs);
        for spec in &specs {
            for p in spec.packages.apt.iter().chain(&spec.light.apt) {
                assert!(wanted.contains(p), "{p}");
            }
        }
        assert!(wanted.contains("make"));
        // The committed lock covers them: a package added to a target
        // without `cargo xtask image --pin` fails here.
        let committed = Definition::load().unwrap();
        committed
            .check_lock_covers(&committed.wanted(&specs))
            .unwrap();
    }
}
