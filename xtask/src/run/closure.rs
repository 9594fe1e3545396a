//! What a binary takes from the file system when it starts: its loader and
//! shared libraries (transitively), found the way the loader would find them
//! under a target's sysroot. A clean root copies exactly these; a cell's key
//! hashes them, since a different libc can print different text.

use crate::elf;
use anyhow::{bail, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where a target's loader and libraries live.
#[derive(Debug, Clone)]
pub struct LibrarySearch {
    /// The root the loader's absolute paths are relative to (`/` natively).
    pub sysroot: PathBuf,
    /// Directories under `sysroot` searched for `DT_NEEDED` names, in order.
    pub lib_dirs: Vec<PathBuf>,
    /// Who asked (a target triple, or `host`), for error messages.
    pub owner: String,
}

impl LibrarySearch {
    /// This machine's own libraries (Debian's multiarch layout).
    pub fn host() -> LibrarySearch {
        let arch = std::env::consts::ARCH;
        LibrarySearch {
            sysroot: PathBuf::from("/"),
            lib_dirs: vec![
                PathBuf::from(format!("lib/{arch}-linux-gnu")),
                PathBuf::from(format!("usr/lib/{arch}-linux-gnu")),
                PathBuf::from("lib64"),
                PathBuf::from("usr/lib"),
            ],
            owner: "host".into(),
        }
    }
}

/// One file the loader maps: where it is here, and its path inside a root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Loaded {
    pub host: PathBuf,
    pub inside: String,
}

/// The loader and every library `binary` needs, transitively; empty for a
/// static binary.
pub fn loaded_by(binary: &Path, search: &LibrarySearch) -> Result<Vec<Loaded>> {
    let top = elf::dynamic(binary)?;
    let Some(interp) = top.interpreter.clone() else {
        return Ok(Vec::new());
    };
    let inside = interp.trim_start_matches('/').to_string();
    let mut out = BTreeSet::from([Loaded {
        host: search.sysroot.join(&inside),
        inside,
    }]);
    let mut seen = BTreeSet::new();
    let mut queue = top.needed;
    while let Some(lib) = queue.pop() {
        if !seen.insert(lib.clone()) {
            continue;
        }
        let found = find(search, &lib, binary)?;
        queue.extend(elf::dynamic(&found.host)?.needed);
        out.insert(found);
    }
    Ok(out.into_iter().collect())
}

/// `binary` itself, then everything [`loaded_by`] it: what running it reads.
pub fn with_loaded(binary: &Path, search: &LibrarySearch) -> Result<Vec<PathBuf>> {
    let mut files = vec![binary.to_path_buf()];
    files.extend(loaded_by(binary, search)?.into_iter().map(|l| l.host));
    Ok(files)
}

fn find(search: &LibrarySearch, lib: &str, binary: &Path) -> Result<Loaded> {
    for dir in &search.lib_dirs {
        let rel = dir.join(lib);
        let host = search.sysroot.join(&rel);
        if host.exists() {
            return Ok(Loaded {
                host,
                inside: rel.to_string_lossy().into_owned(),
            });
        }
    }
    bail!(
        "{lib}, needed by {} ({}), is not in any of {:?} under {} (targets/<triple>.toml [run] lib_dirs)",
        binary.display(),
        search.owner,
        search.lib_dirs,
        search.sysroot.display(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_python_needs_the_loader_and_libc() {
        let files = loaded_by(Path::new("/usr/bin/python3.11"), &LibrarySearch::host()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.inside.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("ld-linux")), "{names:?}");
        assert!(names.iter().any(|n| n.ends_with("/libc.so.6")), "{names:?}");
        assert!(files.iter().all(|f| f.host.exists()), "{files:?}");
    }

    #[test]
    fn a_missing_library_is_named_with_where_it_was_looked_for() {
        let search = LibrarySearch {
            sysroot: PathBuf::from("/"),
            lib_dirs: vec![PathBuf::from("nonexistent")],
            owner: "test-triple".into(),
        };
        let err = loaded_by(Path::new("/usr/bin/python3.11"), &search)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("test-triple") && err.contains("nonexistent"),
            "{err}"
        );
    }
}
