//! The image's root file system, made by mmdebstrap from Debian packages
//! alone (no container registry): exactly the locked versions, checked
//! against the tarball's own dpkg database before anything imports it.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the root file system installs: every locked package at its
/// version, or (pinning) the wanted names at whatever the archive serves.
pub enum Install<'a> {
    Locked(&'a BTreeMap<String, String>),
    Newest(Vec<&'a str>),
}

impl Install<'_> {
    fn include(&self) -> Vec<String> {
        match self {
            Install::Locked(lock) => lock.iter().map(|(p, v)| format!("{p}={v}")).collect(),
            Install::Newest(names) => names.iter().map(|n| n.to_string()).collect(),
        }
    }
}

/// Proves, without downloading a package, that the archive still serves
/// every locked version (apt resolves the whole selection in simulation,
/// seconds): a built image must not hide a lock that no longer rebuilds.
pub fn still_served(suite: &str, variant: &str, lock: &BTreeMap<String, String>) -> Result<()> {
    let out = Command::new("mmdebstrap")
        .arg("--simulate")
        .arg(format!("--variant={variant}"))
        .arg("--format=tar")
        .arg(format!(
            "--include={}",
            Install::Locked(lock).include().join(",")
        ))
        .arg(suite)
        .arg("/dev/null")
        .args(apt_sources()?)
        .output()
        .context("cannot run mmdebstrap (apt-get install mmdebstrap)")?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("E:"))
            .take(5)
            .collect();
        bail!(
            "the build image's lock no longer resolves against the Debian archive:\n{}\n             A locked version has left the archive (a point release or a security update):              run `cargo xtask image --pin`, then compare the host and container builds again.",
            errors.join("\n")
        );
    }
    Ok(())
}

/// Runs mmdebstrap into `tar`, with this machine's apt sources (the same
/// archive the host's packages come from; no address is written down here).
pub fn build(
    suite: &str,
    variant: &str,
    install: &Install<'_>,
    hooks: &[String],
    tar: &Path,
) -> Result<()> {
    let include = install.include();
    let sources = apt_sources()?;
    if let Some(dir) = tar.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = tar.with_extension("partial");
    // What an interrupted run left (mmdebstrap makes a directory when it
    // cannot tell the format).
    let _ = std::fs::remove_file(&partial);
    let _ = std::fs::remove_dir_all(&partial);
    let mut cmd = Command::new("mmdebstrap");
    cmd.arg(format!("--variant={variant}"))
        // Named explicitly: mmdebstrap guesses the format from the file
        // name, and the partial file's is not `.tar`.
        .arg("--format=tar")
        .arg(format!("--include={}", include.join(",")))
        // The same bytes for the same packages: file times from this epoch.
        .env("SOURCE_DATE_EPOCH", "0")
        .args(hooks)
        .arg(suite)
        .arg(&partial)
        .args(&sources);
    eprintln!(
        "image: mmdebstrap {suite} ({} packages) into {}",
        include.len(),
        tar.display()
    );
    let out = cmd
        .output()
        .context("cannot run mmdebstrap (apt-get install mmdebstrap)")?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&partial);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        let hint = if matches!(install, Install::Locked(_))
            && (stderr.contains("has no installation candidate")
                || stderr.contains("was not found")
                || stderr.contains("Version '"))
        {
            "\nA locked version is no longer in the archive (a Debian point release or \
             security update replaced it): run `cargo xtask image --pin`, then compare the \
             host and container builds again."
        } else {
            ""
        };
        bail!(
            "mmdebstrap failed ({}):\n{}{hint}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    std::fs::rename(&partial, tar)?;
    Ok(())
}

/// The apt source files of this machine that name binary packages.
fn apt_sources() -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let list = Path::new("/etc/apt/sources.list");
    if list.is_file() {
        files.push(list.to_path_buf());
    }
    if let Ok(entries) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "sources" || e == "list"))
            .collect();
        found.sort();
        files.extend(found);
    }
    let binary: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| names_binary_packages(&t)))
        .collect();
    if binary.is_empty() {
        bail!("this machine's apt has no `deb` source (/etc/apt/sources.list, /etc/apt/sources.list.d/): mmdebstrap needs one");
    }
    Ok(binary)
}

fn names_binary_packages(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| {
        l.starts_with("deb ")
            || (l.starts_with("Types:") && l.split_whitespace().skip(1).any(|w| w == "deb"))
    })
}

/// Package → version of everything installed in the tarball's root.
pub fn installed(tar: &Path) -> Result<BTreeMap<String, String>> {
    let out = Command::new("tar")
        .arg("-xOf")
        .arg(tar)
        .arg("./var/lib/dpkg/status")
        .output()
        .context("cannot run tar")?;
    if !out.status.success() {
        bail!(
            "{} holds no dpkg database: {}",
            tar.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(parse_status(&String::from_utf8_lossy(&out.stdout)))
}

/// dpkg's status file: stanzas of `Package:`, `Status:`, `Version:`…
fn parse_status(text: &str) -> BTreeMap<String, String> {
    let mut installed = BTreeMap::new();
    for stanza in text.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .find_map(|l| l.strip_prefix(name).map(str::trim))
        };
        let is_installed = field("Status:").is_some_and(|s| s.ends_with(" installed"));
        if let (true, Some(p), Some(v)) = (is_installed, field("Package:"), field("Version:")) {
            installed.insert(p.to_string(), v.to_string());
        }
    }
    installed
}

/// What differs between the lock and what a root holds, one line each.
pub fn differences(
    lock: &BTreeMap<String, String>,
    installed: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (p, v) in lock {
        match installed.get(p) {
            None => out.push(format!("{p} {v} is locked but not installed")),
            Some(i) if i != v => out.push(format!("{p} is {i}, locked {v}")),
            _ => {}
        }
    }
    for (p, v) in installed {
        if !lock.contains_key(p) {
            out.push(format!("{p} {v} is installed but not locked"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dpkg_database_gives_what_is_installed() {
        let status = "Package: make\nStatus: install ok installed\nVersion: 4.3-4.1\n\n\
                      Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\n\
                      Package: gcc\nStatus: install ok installed\nPriority: optional\nVersion: 4:12.2.0-3\n";
        let got = parse_status(status);
        assert_eq!(got.len(), 2);
        assert_eq!(got["gcc"], "4:12.2.0-3");
        let mut lock = got.clone();
        lock.insert("make".into(), "4.3-4".into());
        lock.remove("gcc");
        lock.insert("curl".into(), "7".into());
        assert_eq!(
            differences(&lock, &got),
            [
                "curl 7 is locked but not installed",
                "make is 4.3-4.1, locked 4.3-4",
                "gcc 4:12.2.0-3 is installed but not locked"
            ]
        );
        assert!(differences(&got, &got).is_empty());
    }

    #[test]
    fn only_sources_of_binary_packages_are_given_to_mmdebstrap() {
        assert!(names_binary_packages("Types: deb\nURIs: x\n"));
        assert!(names_binary_packages("Types: deb-src deb\n"));
        assert!(!names_binary_packages("Types: deb-src\nURIs: x\n"));
        assert!(names_binary_packages("# c\ndeb x bookworm main\n"));
        assert!(!names_binary_packages("deb-src x bookworm main\n"));
    }
}
