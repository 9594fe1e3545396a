//! Python wheels the image carries besides Debian packages: zig, the C
//! compiler of the musl targets, comes from a hash-pinned PyPI wheel
//! (`.ci/ziglang.txt`), not from Debian. The wheels are downloaded and
//! verified here (`pip download --require-hashes`), then installed into the
//! root file system by mmdebstrap, offline, from those files alone.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The verified wheels of `requirements` (files relative to the workspace,
/// whose contents are `text`), in a directory of the cache named by them.
pub fn download(requirements: &[String], text: &str) -> Result<PathBuf> {
    let root = crate::util::workspace_root();
    let dir = crate::util::cache_dir()
        .join("image")
        .join("wheels")
        .join(&crate::util::sha256_hex(text.as_bytes())[..16]);
    let done = dir.join(".verified");
    if done.is_file() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir)?;
    for file in requirements {
        crate::util::stdout_of(
            Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                ])
                .args(["--require-hashes", "-r"])
                .arg(root.join(file))
                .arg("-d")
                .arg(&dir),
            &format!("`python3 -m pip download -r {file}`"),
        )?;
    }
    std::fs::write(&done, "")?;
    Ok(dir)
}

/// mmdebstrap arguments that install `requirements` from `wheels` into the
/// root being built, without an index (hashes checked again by pip).
pub fn customize_hooks(wheels: &Path, requirements: &[String]) -> Vec<String> {
    let root = crate::util::workspace_root();
    let mut hooks = vec![format!(
        "--customize-hook=mkdir -p \"$1/tmp/wheels\" && cp '{}'/*.whl \"$1/tmp/wheels/\"",
        wheels.display()
    )];
    for (i, file) in requirements.iter().enumerate() {
        hooks.push(format!(
            "--customize-hook=cp '{}' \"$1/tmp/wheels/requirements-{i}.txt\" && chroot \"$1\" python3 -m pip install --quiet --no-index --find-links /tmp/wheels --break-system-packages --only-binary=:all: --require-hashes -r /tmp/wheels/requirements-{i}.txt",
            root.join(file).display()
        ));
    }
    hooks.push("--customize-hook=rm -rf \"$1/tmp/wheels\" \"$1/root/.cache/pip\"".into());
    hooks
}

/// `name==version` of every requirement in the requirement files' `text`.
pub fn pinned(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains("=="))
        .map(|l| l.split_whitespace().next().unwrap_or(l).to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_zig_pin_is_read_from_its_requirements_file() {
        let text =
            std::fs::read_to_string(crate::util::workspace_root().join(".ci/ziglang.txt")).unwrap();
        let pins = super::pinned(&text);
        assert_eq!(pins.len(), 1);
        assert!(pins[0].starts_with("ziglang=="), "{pins:?}");
    }
}
