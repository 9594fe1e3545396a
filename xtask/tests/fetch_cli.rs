//! `cargo xtask fetch` against fake `apt-get`, `apt-cache` and `curl` on PATH:
//! a pinned Debian version that 404s falls through to the next listed version
//! with the same tarball; when nothing works, the error lists every attempt.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh directory, removed when the returned guard drops.
fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("xtask-fetch-{name}-"))
        .tempdir()
        .unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

const CPYTHON_BYTES: &[u8] = b"fake CPython tarball";
const ZLIB_BYTES: &[u8] = b"fake zlib tarball";

fn script(dir: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Fake tools in `dir/bin`; `serving` lists the `pkg=version` specs the fake
/// archive still serves. Every apt-get call is logged to `dir/apt.log`.
fn fake_apt(dir: &Path, serving: &[&str]) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cpython_sha = sha256_hex(CPYTHON_BYTES);
    let zlib_sha = sha256_hex(ZLIB_BYTES);
    // showsrc: the pinned versions, a newer security revision of each with the
    // same orig tarball, and one record whose tarball has another hash (it
    // must never be tried).
    let showsrc = format!(
        "case \"$2\" in\n\
         python3.11) cat <<'EOF'\n\
Package: python3.11\nVersion: 3.11.2-6+deb12u8\nChecksums-Sha256:\n {cpython_sha} 20 python3.11_3.11.2.orig.tar.gz\n\n\
Package: python3.11\nVersion: 3.11.2-6+deb12u9\nChecksums-Sha256:\n {cpython_sha} 20 python3.11_3.11.2.orig.tar.gz\n\n\
Package: python3.11\nVersion: 3.11.9-1\nChecksums-Sha256:\n {zlib_sha} 20 python3.11_3.11.2.orig.tar.gz\n\
EOF\n;;\n\
         zlib) cat <<'EOF'\n\
Package: zlib\nVersion: 1:1.2.13.dfsg-1\nFiles:\n 0123 17 zlib_1.2.13.dfsg.orig.tar.bz2\nChecksums-Sha256:\n {zlib_sha} 17 zlib_1.2.13.dfsg.orig.tar.bz2\n\n\
Package: zlib\nVersion: 1:1.2.13.dfsg-1+deb12u1\nChecksums-Sha256:\n {zlib_sha} 17 zlib_1.2.13.dfsg.orig.tar.bz2\n\
EOF\n;;\nesac\n"
    );
    script(&bin, "apt-cache", &showsrc);
    let serving_cases: String = serving
        .iter()
        .map(|spec| {
            let (file, bytes) = if spec.starts_with("zlib") {
                ("zlib_1.2.13.dfsg.orig.tar.bz2", ZLIB_BYTES)
            } else {
                ("python3.11_3.11.2.orig.tar.gz", CPYTHON_BYTES)
            };
            format!(
                "  '{spec}') printf '%s' '{}' > {file}; exit 0 ;;\n",
                String::from_utf8_lossy(bytes)
            )
        })
        .collect();
    script(
        &bin,
        "apt-get",
        &format!(
            "echo \"$@\" >> {log}\ncase \"$3\" in\n{serving_cases}  *) echo \"E: Failed to fetch http://archive/$3.dsc  404  Not Found\" >&2; exit 100 ;;\nesac\n",
            log = dir.join("apt.log").display()
        ),
    );
    script(
        &bin,
        "curl",
        "echo 'curl: (6) Could not resolve host' >&2; exit 6\n",
    );
    bin
}

/// The repository's pins with the fake tarballs' hashes.
fn fake_pins(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(workspace().join("toolchains/cpython.toml")).unwrap();
    let text = text
        .replace(
            "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849",
            &sha256_hex(CPYTHON_BYTES),
        )
        .replace(
            "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1",
            &sha256_hex(ZLIB_BYTES),
        );
    let path = dir.join("cpython.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn fetch(dir: &Path, bin: &Path) -> Output {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fetch", "--no-wheels", "--into"])
        .arg(dir.join("into"))
        .arg("--pins")
        .arg(fake_pins(dir))
        .env("PATH", path)
        .env_remove("HYBRID_SOURCE_DIR")
        .current_dir(workspace())
        .output()
        .unwrap()
}

fn apt_log(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("apt.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_pinned_version_that_404s_falls_through_to_the_next_with_the_same_tarball() {
    let scratch = tempdir("fallthrough");
    let dir = scratch.path();
    // The archive serves the pinned python3.11, and zlib only from the newer revision.
    let bin = fake_apt(
        dir,
        &[
            "python3.11=3.11.2-6+deb12u8",
            "zlib=1:1.2.13.dfsg-1+deb12u1",
        ],
    );
    let out = fetch(dir, &bin);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        apt_log(dir),
        [
            "source --download-only python3.11=3.11.2-6+deb12u8",
            "source --download-only zlib=1:1.2.13.dfsg-1",
            "source --download-only zlib=1:1.2.13.dfsg-1+deb12u1",
        ],
        "exactly the pinned version first, then the listed one with the pinned tarball"
    );
    assert!(
        stdout.contains("apt-get source zlib=1:1.2.13.dfsg-1+deb12u1"),
        "{stdout}"
    );
    let fetched = std::fs::read(dir.join("into/zlib_1.2.13.dfsg.orig.tar.bz2")).unwrap();
    assert_eq!(fetched, ZLIB_BYTES);
}

#[test]
fn when_nothing_serves_the_tarball_every_attempt_and_the_fix_are_listed() {
    let scratch = tempdir("none");
    let dir = scratch.path();
    let bin = fake_apt(dir, &["python3.11=3.11.2-6+deb12u9"]);
    let out = fetch(dir, &bin);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // CPython still came (the next listed version); the one with another hash was never asked for.
    assert!(!apt_log(dir).iter().any(|l| l.contains("3.11.9-1")));
    assert!(dir.join("into/Python-3.11.2.tgz").is_file());
    for expected in [
        "cannot obtain the zlib 1.2.13 source",
        "no --source-dir or HYBRID_SOURCE_DIR given",
        "apt-get source --download-only zlib=1:1.2.13.dfsg-1 (exit 100): E: Failed to fetch",
        "apt-get source --download-only zlib=1:1.2.13.dfsg-1+deb12u1 (exit 100)",
        "fix: put the file in a directory and pass --source-dir DIR",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn fetch_refuses_a_directory_that_is_not_empty() {
    let scratch = tempdir("nonempty");
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("into")).unwrap();
    std::fs::write(dir.join("into/old.tar.gz"), b"x").unwrap();
    let bin = fake_apt(dir, &[]);
    let out = fetch(dir, &bin);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(apt_log(dir).is_empty());
}
