//! Obtains a pinned source tarball, refuses it unless its SHA-256 matches the
//! pin, and unpacks it. Verified tarballs are kept in the cache's download
//! directory, so each is fetched once.

use super::pins::{Fetch, SourcePin};
use crate::util::{cache_dir, sha256_file};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where verified tarballs live.
pub fn downloads_dir() -> PathBuf {
    cache_dir().join("downloads")
}

/// Errors unless `path` hashes to `expected`: nothing is built from other bytes.
pub fn verify(path: &Path, expected: &str) -> Result<()> {
    let actual = sha256_file(path)?;
    if actual != expected {
        bail!(
            "{}: SHA-256 mismatch: expected {expected}, actual {actual}. \
             Refusing to build from it; delete the file or point --source-dir / HYBRID_SOURCE_DIR at the pinned tarball",
            path.display()
        );
    }
    Ok(())
}

/// The verified tarball for `pin` (`what` names it in messages), obtained by the
/// first `fetch` method that finds it. A file that is found but does not match
/// the pinned hash stops everything with an error.
pub fn obtain(pin: &SourcePin, what: &str, source_dir: Option<&Path>) -> Result<PathBuf> {
    obtain_into(pin, what, source_dir, &downloads_dir())
}

/// [`obtain`] with an explicit download directory.
pub fn obtain_into(
    pin: &SourcePin,
    what: &str,
    source_dir: Option<&Path>,
    downloads: &Path,
) -> Result<PathBuf> {
    let downloads = downloads.to_path_buf();
    std::fs::create_dir_all(&downloads)
        .with_context(|| format!("cannot create {}", downloads.display()))?;
    let cached = downloads.join(&pin.files[0]);
    if cached.is_file() {
        verify(&cached, &pin.sha256)?;
        return Ok(cached);
    }
    let mut tried = Vec::new();
    for method in &pin.fetch {
        let found = match method {
            Fetch::Url { url } => from_url(url, &downloads).map_err(|e| format!("{url}: {e}")),
            Fetch::Dir => match source_dir {
                Some(dir) => find_in(dir, &pin.files)
                    .ok_or_else(|| format!("{}: none of {:?} there", dir.display(), pin.files)),
                None => Err("no --source-dir or HYBRID_SOURCE_DIR given".to_string()),
            },
            Fetch::AptSource { package } => {
                from_apt_source(package, &pin.files, &downloads.join("apt"))
                    .map_err(|e| format!("apt-get source {package}: {e:#}"))
            }
        };
        match found {
            Ok(path) => {
                verify(&path, &pin.sha256)?;
                if path != cached {
                    std::fs::copy(&path, &cached).with_context(|| {
                        format!("cannot copy {} to {}", path.display(), cached.display())
                    })?;
                }
                eprintln!("  {what}: {} (sha256 verified)", path.display());
                return Ok(cached);
            }
            Err(reason) => tried.push(reason),
        }
    }
    bail!(
        "cannot obtain the {what} {} source ({}); tried:\n  - {}\nfix: put the file in a directory and pass --source-dir DIR (or set HYBRID_SOURCE_DIR)",
        pin.version,
        pin.files.join(" or "),
        tried.join("\n  - ")
    )
}

/// Unpacks `tarball` into `into` and returns the pinned top directory.
pub fn extract(tarball: &Path, pin: &SourcePin, into: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(into).with_context(|| format!("cannot create {}", into.display()))?;
    let status = Command::new("tar")
        .arg("-xf")
        .arg(tarball)
        .arg("-C")
        .arg(into)
        .status()
        .context("cannot run tar")?;
    let dir = into.join(&pin.dir);
    if !status.success() || !dir.is_dir() {
        bail!(
            "unpacking {} into {} failed (expected a top directory {})",
            tarball.display(),
            into.display(),
            pin.dir
        );
    }
    Ok(dir)
}

/// A file given directly, or one of `names` inside a directory.
fn find_in(dir: &Path, names: &[String]) -> Option<PathBuf> {
    if dir.is_file() {
        return Some(dir.to_path_buf());
    }
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

fn from_url(url: &str, downloads: &Path) -> std::result::Result<PathBuf, String> {
    let name = url
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .ok_or("URL has no file name")?;
    let part = downloads.join(format!("{name}.part"));
    let status = Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--connect-timeout",
            "15",
            "--max-time",
            "900",
            "--output",
        ])
        .arg(&part)
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    if !status.status.success() {
        let _ = std::fs::remove_file(&part);
        return Err(String::from_utf8_lossy(&status.stderr).trim().to_string());
    }
    let path = downloads.join(name);
    std::fs::rename(&part, &path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Runs `apt-get source --download-only` in `dir`. apt-get may exit non-zero
/// after the orig tarball arrived (an unrelated file 404s), so success is the
/// file being there, not the exit status.
fn from_apt_source(package: &str, names: &[String], dir: &Path) -> Result<PathBuf> {
    if let Some(found) = find_in(dir, names) {
        return Ok(found);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    ensure_deb_src()?;
    let out = Command::new("apt-get")
        .args(["source", "--download-only", package])
        .current_dir(dir)
        .output()
        .context("cannot run apt-get")?;
    find_in(dir, names).with_context(|| {
        format!(
            "no {names:?} after apt-get (exit {}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )
    })
}

/// Adds a deb-src twin of the Debian sources file (and runs `apt-get update`)
/// when apt has no source entries yet.
fn ensure_deb_src() -> Result<()> {
    let sources_d = Path::new("/etc/apt/sources.list.d");
    let mut texts = vec![std::fs::read_to_string("/etc/apt/sources.list").unwrap_or_default()];
    if let Ok(entries) = std::fs::read_dir(sources_d) {
        for e in entries.flatten() {
            texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    let has_src = texts.iter().flat_map(|t| t.lines()).any(|l| {
        let l = l.trim();
        l.starts_with("deb-src ")
            || (l.starts_with("Types:") && l.split_whitespace().any(|w| w == "deb-src"))
    });
    if has_src {
        return Ok(());
    }
    let debian = sources_d.join("debian.sources");
    let text = std::fs::read_to_string(&debian).with_context(|| {
        format!(
            "no deb-src entry and no {} to derive one from; add a deb-src source by hand",
            debian.display()
        )
    })?;
    let src: String = text
        .lines()
        .map(|l| {
            if l.trim() == "Types: deb" {
                "Types: deb-src".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let target = sources_d.join("debian-src.sources");
    std::fs::write(&target, src + "\n")
        .with_context(|| format!("cannot write {} (needs root)", target.display()))?;
    eprintln!(
        "  added {} (deb-src); running apt-get update",
        target.display()
    );
    let status = Command::new("apt-get")
        .arg("update")
        .stdout(Stdio::null())
        .status()
        .context("cannot run apt-get update")?;
    if !status.success() {
        bail!("apt-get update failed after adding {}", target.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, content: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-source-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn verify_refuses_a_mismatch_naming_file_and_both_hashes() {
        let path = temp_file("Python-3.11.2.tgz", b"not the pinned tarball");
        let expected = "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849";
        let actual = crate::util::sha256_hex(b"not the pinned tarball");
        let err = verify(&path, expected).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            err.contains(&format!("expected {expected}"))
                && err.contains(&format!("actual {actual}")),
            "{err}"
        );
        verify(&path, &actual).unwrap();
    }

    #[test]
    fn a_mismatching_source_dir_file_stops_the_fetch() {
        let path = temp_file("zlib_1.2.13.dfsg.orig.tar.bz2", b"tampered");
        let pin = SourcePin {
            version: "1.2.13".into(),
            sha256: "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1".into(),
            files: vec!["zlib_1.2.13.dfsg.orig.tar.bz2".into()],
            dir: "zlib-1.2.13.dfsg".into(),
            fetch: vec![Fetch::Dir],
        };
        // A private download dir so a real verified download is never used here.
        let downloads = path.parent().unwrap().join("downloads");
        let err = obtain_into(&pin, "zlib", Some(path.parent().unwrap()), &downloads)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("SHA-256 mismatch") && err.contains("zlib_1.2.13.dfsg.orig.tar.bz2"),
            "{err}"
        );
        assert!(
            !downloads.join(&pin.files[0]).exists(),
            "a mismatching file was cached"
        );
    }
}
