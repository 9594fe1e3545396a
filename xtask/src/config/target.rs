//! `targets/<triple>.toml`: how to build and run one target.

use crate::util::{read_toml, workspace_root};
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub triple: String,
    pub arch: String,
    pub libc: Libc,
    /// Host architectures on which this target's binaries run without emulation.
    pub native_on: Vec<String>,
    pub cc: CcSpec,
    pub rust: RustSpec,
    pub run: RunSpec,
    pub packages: Packages,
    /// How the Light tier (RustPython) builds for this target.
    #[serde(default)]
    pub light: LightSpec,
}

/// What the Light tier's build needs beyond the Pro tier's toolchain.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LightSpec {
    /// Debian packages the Light build needs besides the target's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apt: Vec<String>,
    /// Native libraries a `-sys` crate would otherwise find on its own,
    /// named here by its `links` key instead (cargo's build-script override):
    /// e.g. RustPython's `ctypes` wants libffi, which would be linked
    /// dynamically on glibc; here it is the Debian package's static archive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub link_overrides: Vec<LinkOverride>,
    /// The C flags of RustPython's C dependencies (liblzma, psm's assembly)
    /// instead of the `cc` crate's defaults for the target: its defaults
    /// (`-march=x86-64`, `-m64`) are GCC's spelling, which zig's clang
    /// refuses; the target's `[cc] command` already names the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cflags: Option<Vec<String>>,
    /// Libraries that exist only as names on this C library (musl keeps its
    /// math in libc.a and installs an empty `libm.a`): an empty archive of
    /// each is put first on the link search path, so a crate's `-lm` cannot
    /// pick the build machine's glibc `libm.a` instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty_libs: Vec<String>,
    /// Extra rustc flags for the Light build (e.g. the WASI module's stack size).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rustflags: Vec<String>,
    /// Debian packages of the target's architecture unpacked (not
    /// installed) for the link; `{deb:<package>}` in a link override's
    /// `search` names the unpacked tree (see `xtask/src/debs.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub debs: Vec<PinnedDeb>,
    /// Pinned edits of a dependency crate's source for this target, made to
    /// a copy as rustc compiles it (see `build/crate_edits.rs`): the Pro tier
    /// edits CPython's pinned source the same way (`[[cc.source_edits]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crate_edits: Vec<CrateEdit>,
}

/// One textual replacement in a dependency crate's source, by package name
/// (the version is `Cargo.lock`'s; the text to replace must occur once).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrateEdit {
    #[serde(rename = "crate")]
    pub krate: String,
    /// Path inside the crate's package, e.g. `src/refcount.rs`.
    pub file: String,
    pub from: String,
    pub to: String,
    /// Why the pinned crate needs it (kept with the edit, in the build key).
    pub why: String,
}

/// A Debian binary package pinned by version and SHA-256.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedDeb {
    pub package: String,
    /// Debian architecture, e.g. `arm64`.
    pub arch: String,
    pub version: String,
    pub sha256: String,
    pub why: String,
}

impl PinnedDeb {
    /// `package:arch=version sha256`.
    pub fn spec(&self) -> String {
        format!(
            "{}:{}={} {}",
            self.package, self.arch, self.version, self.sha256
        )
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkOverride {
    /// The `-sys` crate's `links` key, e.g. `ffi`.
    pub links: String,
    /// `rustc-link-lib` entries, e.g. `static=ffi`.
    pub lib: Vec<String>,
    /// `rustc-link-search` directories.
    pub search: Vec<PathBuf>,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    Gnu,
    Musl,
    /// wasi-libc (musl-derived), for WebAssembly.
    Wasi,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CcSpec {
    /// argv[0] and leading arguments of the C compiler.
    pub command: Vec<String>,
    pub ar: String,
    /// `readelf` for CPython's configure when it cannot find `<host>-readelf`
    /// (it refuses a bare `readelf` in cross builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readelf: Option<String>,
    /// GNU triple for `configure --host`.
    pub host: String,
    /// Extra `configure` cache answers for this target (on top of the toolchain's).
    #[serde(default)]
    pub configure_cache: Vec<String>,
    /// CFLAGS for this target only, after the pinned ones (a later flag wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cflags: Vec<String>,
    /// `make` targets instead of the pinned ones (e.g. where the interpreter
    /// program cannot be linked by the C toolchain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make_targets: Option<Vec<String>>,
    /// Edits of CPython's pinned source for this target, applied before
    /// configure; each `from` must occur exactly once, so a different source
    /// fails loudly instead of building something else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_edits: Vec<SourceEdit>,
    /// Static libraries compiled from C sources the C toolchain itself ships
    /// (so pinned with it), linked after CPython's own libraries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support_libs: Vec<SupportLib>,
}

/// A static library made from C sources outside CPython, e.g. wasi-libc's
/// emulations of `signal()`, `getpid()` and `clock()`: libpython needs them
/// on WASI, and Rust's self-contained wasi-libc does not carry them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportLib {
    /// Link name: `lib<name>.a`.
    pub name: String,
    /// Where `sources` are; `{zig_lib_dir}` stands for the pinned zig's own
    /// library directory (`python3 -m ziglang env`), whose version is in the
    /// CPython cache key.
    pub source_dir: String,
    pub sources: Vec<String>,
    /// Flags after the target's CFLAGS (`{zig_lib_dir}` is replaced here too).
    #[serde(default)]
    pub cflags: Vec<String>,
    pub why: String,
}

/// One textual replacement in a source file (path relative to the tree).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEdit {
    pub file: String,
    pub from: String,
    pub to: String,
    /// Why the pinned source needs it (kept with the edit, in the cache key).
    pub why: String,
}

/// Replaces `from` by `to` in `dir/file`, failing unless `from` occurs
/// exactly once: an edit that no longer finds its text means the pinned
/// source is not the one the edit was written for. `what` names that source.
pub fn apply_edit(
    dir: &std::path::Path,
    file: &str,
    from: &str,
    to: &str,
    what: &str,
) -> Result<()> {
    use anyhow::Context;
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("source edit: cannot read {}", path.display()))?;
    let found = text.matches(from).count();
    if found != 1 {
        bail!(
            "source edit of {file}: the text to replace occurs {found} times, not once (is this the pinned {what}?): {from:?}"
        );
    }
    std::fs::write(&path, text.replacen(from, to, 1))
        .with_context(|| format!("source edit: cannot write {}", path.display()))?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RustSpec {
    /// The linker cargo is told to use; absent: the Rust target's own
    /// (rust-lld, shipped with the toolchain, for WebAssembly).
    #[serde(default)]
    pub linker: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunSpec {
    /// qemu-user binary to emulate this target elsewhere.
    pub qemu: Option<String>,
    /// Root of the target's libc (for `qemu -L` and clean roots).
    pub sysroot: Option<PathBuf>,
    /// Directories (relative to `sysroot`) holding the shared libraries a
    /// dynamically linked binary names; the loader comes from its `PT_INTERP`.
    #[serde(default)]
    pub lib_dirs: Vec<PathBuf>,
    /// Files of the C library besides its shared objects that a clean root
    /// holds at the same absolute path (a directory: every file under it),
    /// e.g. glibc's C.UTF-8 locale, which CPython's start-up (PEP 538
    /// locale coercion) loads. Taken from this machine.
    #[serde(default)]
    pub libc_data: Vec<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Packages {
    /// Debian packages that provide this target's tools.
    pub apt: Vec<String>,
    /// The command that installs the C compiler when no Debian package does.
    pub cc_install: Option<String>,
}

impl TargetSpec {
    /// Loads `targets/<triple>.toml`, or explains which targets exist.
    pub fn load(triple: &str) -> Result<TargetSpec> {
        let path = targets_dir().join(format!("{triple}.toml"));
        if !path.is_file() {
            bail!(
                "unknown target '{triple}': there is no {}; known targets: {}",
                path.display(),
                known_triples()?.join(", ")
            );
        }
        let spec: TargetSpec = read_toml(&path)?;
        if spec.triple != triple {
            bail!(
                "{}: triple = \"{}\" does not match the file name",
                path.display(),
                spec.triple
            );
        }
        Ok(spec)
    }

    /// Whether this machine runs the target's binaries without emulation.
    /// Where this target's loader and shared libraries are found.
    pub fn library_search(&self) -> crate::run::closure::LibrarySearch {
        crate::run::closure::LibrarySearch {
            sysroot: self
                .run
                .sysroot
                .clone()
                .unwrap_or_else(|| PathBuf::from("/")),
            lib_dirs: self.run.lib_dirs.clone(),
            owner: self.triple.clone(),
        }
    }

    pub fn is_native_here(&self) -> bool {
        self.native_on.iter().any(|a| a == std::env::consts::ARCH)
    }

    /// Bits of a pointer (PyO3's `pointer_width`): 32 on wasm32, else 64.
    pub fn pointer_width(&self) -> u32 {
        if self.arch == "wasm32" {
            32
        } else {
            64
        }
    }

    /// What cargo appends to a binary's name: `.wasm` on WebAssembly.
    pub fn exe_suffix(&self) -> &'static str {
        if self.is_wasm() {
            ".wasm"
        } else {
            ""
        }
    }

    /// WebAssembly: a module for a WASI runtime, not an ELF executable.
    pub fn is_wasm(&self) -> bool {
        self.arch.starts_with("wasm")
    }

    /// The Rust target triple of this machine.
    pub fn host_triple() -> String {
        format!("{}-unknown-linux-gnu", std::env::consts::ARCH)
    }
}

pub fn targets_dir() -> PathBuf {
    workspace_root().join("targets")
}

/// Every triple with a file in `targets/`, sorted.
pub fn known_triples() -> Result<Vec<String>> {
    let mut triples: Vec<String> = std::fs::read_dir(targets_dir())?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".toml"))
                .map(str::to_owned)
        })
        .collect();
    triples.sort();
    Ok(triples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_file_loads() {
        let triples = known_triples().unwrap();
        assert!(triples.len() >= 3, "{triples:?}");
        for t in triples {
            TargetSpec::load(&t).unwrap();
        }
    }

    #[test]
    fn unknown_target_names_the_known_ones() {
        let err = TargetSpec::load("sparc-sun-solaris")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown target 'sparc-sun-solaris'")
                && err.contains("x86_64-unknown-linux-gnu"),
            "{err}"
        );
    }
}
