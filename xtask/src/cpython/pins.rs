//! `toolchains/cpython.toml`: the pinned inputs of the static CPython build, as
//! data. The build code reads every flag, module list and hash from here, so
//! the cache key can hash exactly what the build uses.

use crate::util::{read_toml, workspace_root};
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pins {
    pub recipe_version: u32,
    pub build_python: PathBuf,
    pub cpython: SourcePin,
    pub zlib: SourcePin,
    pub build: BuildPins,
    pub stdlib: StdlibPins,
}

/// One source tarball: what it is, its hash, and where to get it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcePin {
    pub version: String,
    pub sha256: String,
    /// Names the same bytes go by (upstream, Debian).
    pub files: Vec<String>,
    /// The archive's top directory.
    pub dir: String,
    pub fetch: Vec<Fetch>,
}

/// A way to obtain a source tarball.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Fetch {
    /// Download with curl.
    Url { url: String },
    /// A local file or directory from `--source-dir` / `HYBRID_SOURCE_DIR`.
    Dir,
    /// `apt-get source --download-only <package>=<version>`, then every other
    /// source version apt lists whose orig tarball is the pinned file and hash
    /// (a security upload may be listed but not downloadable; the main
    /// suite's copy of the same tarball then still is).
    AptSource { package: String, version: String },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildPins {
    pub source_date_epoch: u64,
    pub cflags: Vec<String>,
    pub configure: Vec<String>,
    pub disabled_modules: Vec<String>,
    pub cross_cache: Vec<String>,
    pub make_targets: Vec<String>,
    pub extra_libs: Vec<ExtraLib>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraLib {
    pub from: LibOrigin,
    pub path: PathBuf,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LibOrigin {
    /// Relative to the CPython build tree.
    Cpython,
    /// Relative to the zlib install prefix.
    Zlib,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StdlibPins {
    pub optimize: u8,
    pub prune: Vec<String>,
    pub skip_frozen: Vec<String>,
    /// Stored uncompressed (CPython imports them while it starts, before the
    /// runtime's importer for the compressed modules exists).
    pub eager: Vec<String>,
    /// zlib level for every other module (0 stores them uncompressed).
    pub compress_level: u8,
}

impl Pins {
    pub fn default_path() -> PathBuf {
        workspace_root().join("toolchains").join("cpython.toml")
    }

    /// Loads and checks the pins; errors name the file and the fix.
    pub fn load(path: &Path) -> Result<Pins> {
        let pins: Pins = read_toml(path)?;
        for (what, pin) in [("cpython", &pins.cpython), ("zlib", &pins.zlib)] {
            if pin.sha256.len() != 64
                || !pin
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            {
                bail!(
                    "{}: [{what}] sha256 must be 64 lowercase hex digits, got {:?}",
                    path.display(),
                    pin.sha256
                );
            }
            if pin.files.is_empty() || pin.fetch.is_empty() {
                bail!(
                    "{}: [{what}] needs at least one entry in `files` and one [[{what}.fetch]]",
                    path.display()
                );
            }
        }
        if pins.stdlib.optimize > 2 {
            bail!(
                "{}: [stdlib] optimize must be 0, 1 or 2, got {}",
                path.display(),
                pins.stdlib.optimize
            );
        }
        for name in &pins.build.disabled_modules {
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                bail!(
                    "{}: [build] disabled_modules: {name:?} is not a module name",
                    path.display()
                );
            }
        }
        Ok(pins)
    }

    /// `MAJOR.MINOR` of the pinned CPython, e.g. `3.11`.
    pub fn minor_version(&self) -> String {
        self.cpython
            .version
            .split('.')
            .take(2)
            .collect::<Vec<_>>()
            .join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_pins_load() {
        let pins = Pins::load(&Pins::default_path()).unwrap();
        assert_eq!(pins.minor_version(), "3.11");
        assert_eq!(
            pins.stdlib.optimize, 0,
            "hybrid output must keep docstrings and asserts"
        );
        assert!(pins.build.cflags.iter().any(|f| f == "-ffp-contract=off"));
    }
}
