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
    obtain_into(pin, what, source_dir, &downloads_dir()).map(|o| o.path)
}

/// A verified tarball and the way it came (for `cargo xtask fetch`'s report).
#[derive(Debug)]
pub struct Obtained {
    pub path: PathBuf,
    pub via: String,
}

/// [`obtain`] with an explicit download directory.
pub fn obtain_into(
    pin: &SourcePin,
    what: &str,
    source_dir: Option<&Path>,
    downloads: &Path,
) -> Result<Obtained> {
    let downloads = downloads.to_path_buf();
    std::fs::create_dir_all(&downloads)
        .with_context(|| format!("cannot create {}", downloads.display()))?;
    let cached = downloads.join(&pin.files[0]);
    if cached.is_file() {
        verify(&cached, &pin.sha256)?;
        return Ok(Obtained {
            path: cached,
            via: "already downloaded".into(),
        });
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
            Fetch::AptSource { package, version } => {
                from_apt_source(package, version, pin, &downloads.join("apt"))
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
                return Ok(Obtained {
                    path: cached,
                    via: describe(method, &path),
                });
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

/// How a tarball came, in words: the method and, for apt, the version directory.
fn describe(method: &Fetch, found: &Path) -> String {
    match method {
        Fetch::Url { url } => url.clone(),
        Fetch::Dir => format!("--source-dir {}", found.display()),
        Fetch::AptSource { package, .. } => {
            let version = found
                .parent()
                .and_then(Path::file_name)
                .map(|v| v.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("apt-get source {package}={}", unsanitize(&version))
        }
    }
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

/// Obtains the pinned orig tarball from Debian's source archive: the pinned
/// source version first, then every other version `apt-cache showsrc` lists
/// whose orig tarball has the pinned name *and* SHA-256 (the same bytes ship
/// with every Debian revision of one upstream release, and one suite may 404
/// while another serves them). Each version is fetched into its own directory,
/// so one attempt's leftovers never pass for another's result. apt-get may exit
/// non-zero after the orig tarball arrived (the `.dsc` of a security upload
/// 404s), so success is the file being there, not the exit status.
fn from_apt_source(
    package: &str,
    version: &str,
    pin: &SourcePin,
    dir: &Path,
) -> std::result::Result<PathBuf, String> {
    let mut candidates = vec![version.to_string()];
    let mut tried = Vec::new();
    match apt_candidates(package, pin) {
        Ok(listed) => {
            for v in listed {
                if !candidates.contains(&v) {
                    candidates.push(v);
                }
            }
        }
        Err(e) => tried.push(format!("apt-cache showsrc {package}: {e:#}")),
    }
    for candidate in &candidates {
        let into = dir.join(sanitize(candidate));
        if let Some(found) = find_in(&into, &pin.files) {
            return Ok(found);
        }
        if let Err(e) = std::fs::create_dir_all(&into) {
            return Err(format!("cannot create {}: {e}", into.display()));
        }
        let spec = format!("{package}={candidate}");
        let out = Command::new("apt-get")
            .args(["source", "--download-only", &spec])
            .current_dir(&into)
            .output();
        match out {
            Err(e) => tried.push(format!("apt-get source {spec}: cannot run apt-get: {e}")),
            Ok(out) => match find_in(&into, &pin.files) {
                Some(found) => return Ok(found),
                None => tried.push(format!(
                    "apt-get source --download-only {spec} (exit {}): {}",
                    out.status.code().map_or("signal".into(), |c| c.to_string()),
                    last_error_line(&out.stderr)
                )),
            },
        }
    }
    Err(tried.join("\n  - "))
}

/// Source versions of `package` whose orig tarball is one of the pinned file
/// names with the pinned SHA-256, in the order apt lists them. Adds a deb-src
/// entry first when apt has none.
fn apt_candidates(package: &str, pin: &SourcePin) -> Result<Vec<String>> {
    let mut text = showsrc(package)?;
    if text.trim().is_empty() {
        ensure_deb_src()?;
        text = showsrc(package)?;
    }
    Ok(matching_versions(&text, pin))
}

fn showsrc(package: &str) -> Result<String> {
    let out = Command::new("apt-cache")
        .args(["showsrc", package])
        .output()
        .context("cannot run apt-cache")?;
    // No deb-src entry: apt-cache prints nothing (or an error) and may exit 0.
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Parses `apt-cache showsrc` records (blank-line separated, `Version:` and a
/// `Checksums-Sha256:` block of ` <sha256> <size> <name>` lines).
fn matching_versions(showsrc: &str, pin: &SourcePin) -> Vec<String> {
    let mut versions: Vec<String> = Vec::new();
    for record in showsrc.split("\n\n") {
        let mut version = None;
        let mut in_sha256 = false;
        let mut matches = false;
        for line in record.lines() {
            if let Some(v) = line.strip_prefix("Version:") {
                version = Some(v.trim().to_string());
            }
            if line.starts_with(' ') {
                if in_sha256 {
                    let mut words = line.split_whitespace();
                    let (sha, _size, name) = (words.next(), words.next(), words.next());
                    if sha == Some(pin.sha256.as_str())
                        && name.is_some_and(|n| pin.files.iter().any(|f| f == n))
                    {
                        matches = true;
                    }
                }
            } else {
                in_sha256 = line.starts_with("Checksums-Sha256:");
            }
        }
        if let (Some(v), true) = (version, matches) {
            if !versions.contains(&v) {
                versions.push(v);
            }
        }
    }
    versions
}

/// A Debian version as a directory name: its epoch colon spelled `%3a`, as
/// Debian's own archive does (`1:1.2.13.dfsg-1` → `1%3a1.2.13.dfsg-1`).
fn sanitize(version: &str) -> String {
    version
        .replace('%', "%25")
        .replace(':', "%3a")
        .replace('/', "%2f")
}

fn unsanitize(dir_name: &str) -> String {
    dir_name
        .replace("%2f", "/")
        .replace("%3a", ":")
        .replace("%25", "%")
}

/// The most telling line of apt's stderr: the last `E:` line, else the last line.
fn last_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .iter()
        .rev()
        .find(|l| l.starts_with("E:") && !l.contains("Failed to fetch some archives"))
        .or(lines.last())
        .map(|l| l.to_string())
        .unwrap_or_else(|| "no output".into())
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

    /// `name` holding `content`, in a scratch directory of its own.
    fn temp_file(name: &str, content: &[u8]) -> (crate::util::Scratch, PathBuf) {
        let dir = crate::util::Scratch::new(&format!("xtask-source-test-{name}"));
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        (dir, path)
    }

    #[test]
    fn verify_refuses_a_mismatch_naming_file_and_both_hashes() {
        let (_dir, path) = temp_file("Python-3.11.2.tgz", b"not the pinned tarball");
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
        let (_dir, path) = temp_file("zlib_1.2.13.dfsg.orig.tar.bz2", b"tampered");
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
