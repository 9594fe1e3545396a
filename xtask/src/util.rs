//! Small shared helpers: where things live, hashing, reading TOML with errors
//! that name the file and line.

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Where cargo says the workspace lives and builds, and what version the
/// release carries: asked of `cargo metadata` once, so `build.target-dir` in a
/// `.cargo/config.toml`, `CARGO_TARGET_DIR` and `CARGO_BUILD_TARGET_DIR` are
/// honoured exactly as cargo itself honours them.
#[derive(Debug, Clone)]
pub struct Layout {
    pub workspace_root: PathBuf,
    pub target_dir: PathBuf,
    /// The version of the `samples` package (the `hybrid` binary).
    pub version: String,
}

impl Layout {
    /// Runs `cargo metadata --no-deps` for the workspace holding `dir`, from
    /// `dir` (cargo finds `.cargo/config.toml` from the working directory).
    pub fn of(dir: &Path) -> Result<Layout> {
        Layout::with(cargo_metadata::MetadataCommand::new(), dir)
    }

    fn with(mut command: cargo_metadata::MetadataCommand, dir: &Path) -> Result<Layout> {
        let metadata = command
            .no_deps()
            .current_dir(dir)
            .manifest_path(dir.join("Cargo.toml"))
            .exec()
            .with_context(|| format!("cargo metadata failed in {}", dir.display()))?;
        let version = metadata
            .workspace_packages()
            .iter()
            .find(|p| p.name.as_str() == "samples")
            .or(metadata.workspace_packages().first())
            .map(|p| p.version.to_string())
            .unwrap_or_default();
        Ok(Layout {
            workspace_root: metadata.workspace_root.into_std_path_buf(),
            target_dir: metadata.target_directory.into_std_path_buf(),
            version,
        })
    }
}

/// The layout of this workspace (asked once per process).
pub fn layout() -> &'static Layout {
    static LAYOUT: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
    LAYOUT.get_or_init(|| {
        // The xtask's own manifest directory only says where to ask from.
        let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        Layout::of(xtask_dir).unwrap_or_else(|e| {
            let root = xtask_dir.parent().unwrap_or(xtask_dir).to_path_buf();
            eprintln!(
                "warning: {e:#}; assuming the workspace is {}",
                root.display()
            );
            Layout {
                target_dir: root.join("target"),
                workspace_root: root,
                version: env!("CARGO_PKG_VERSION").to_string(),
            }
        })
    })
}

/// The workspace root (the directory holding `matrix.toml`).
pub fn workspace_root() -> PathBuf {
    layout().workspace_root.clone()
}

/// Cache for expensive, input-addressed builds (CPython): outside `target/` so
/// `cargo clean` keeps it. `HYBRID_CACHE_DIR` overrides it.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HYBRID_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| workspace_root().join(".cache"));
    base.join("hybrid-xtask")
}

/// Every file under `dir` for which `keep` holds, sorted, not descending into
/// directories named in `skip` (build output, bytecode caches).
pub fn files_under(
    dir: &Path,
    skip: &[&str],
    keep: &dyn Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?
        {
            let path = entry
                .with_context(|| format!("cannot list {}", d.display()))?
                .path();
            if path.is_dir() {
                if !path
                    .file_name()
                    .is_some_and(|n| skip.iter().any(|s| n == *s))
                {
                    stack.push(path);
                }
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `path` as shown in reports: relative to the workspace when inside it.
pub fn shown_path(path: &Path) -> String {
    path.strip_prefix(layout().workspace_root.as_path())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// cargo's target directory for this workspace.
pub fn target_dir() -> PathBuf {
    layout().target_dir.clone()
}

/// Runs `command` to its end and returns its stdout. `what` names it in
/// the error when it cannot start or fails, which carries its own stderr:
/// the reason is in what the tool said, not in its exit status alone.
pub fn stdout_of(command: &mut std::process::Command, what: &str) -> Result<Vec<u8>> {
    let out = command
        .output()
        .with_context(|| format!("cannot run {what}"))?;
    if !out.status.success() {
        anyhow::bail!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn sha256_file(path: &Path) -> Result<String> {
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a TOML file into `T`; errors carry the file name, line and column
/// (toml's own message) and what the file is for.
pub fn read_toml<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_toml(path, &text)
}

pub fn parse_toml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!(":{line}")
            })
            .unwrap_or_default();
        anyhow::anyhow!("{}{location}: {}", path.display(), e.message())
    })
}

/// A test's own scratch directory (tempfile's, named after the test's
/// purpose), removed with everything in it when dropped, also when the test
/// fails; it reads as a `Path`.
#[cfg(test)]
pub struct Scratch(tempfile::TempDir);

#[cfg(test)]
impl Scratch {
    /// `<temp>/<name>-<random>`: its own even when tests on parallel threads
    /// ask for the same name.
    pub fn new(name: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{name}-"))
            .tempdir()
            .expect("cannot make a scratch directory");
        Scratch(dir)
    }
}

#[cfg(test)]
impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

#[cfg(test)]
impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_gives_its_stdout_or_fails_with_its_own_words() {
        let sh = |script: &str| {
            let mut c = std::process::Command::new("sh");
            c.args(["-c", script]);
            c
        };
        assert_eq!(stdout_of(&mut sh("echo out"), "`echo`").unwrap(), b"out\n");
        let err = stdout_of(&mut sh("echo why >&2; exit 3"), "`the tool`")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("`the tool` failed ("), "{err}");
        assert!(err.ends_with(": why"), "{err}");
        let err = stdout_of(
            &mut std::process::Command::new("/nonexistent/tool"),
            "`tool`",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "cannot run `tool`");
    }

    #[test]
    fn the_layout_honours_build_target_dir_from_cargo_config() {
        let dir = crate::util::Scratch::new("xtask-layout");
        std::fs::create_dir_all(dir.join("member/src")).unwrap();
        std::fs::create_dir_all(dir.join(".cargo")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[workspace]\nmembers = [\"member\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("member/Cargo.toml"),
            "[package]\nname = \"samples\"\nversion = \"7.8.9\"\nedition = \"2021\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("member/src/lib.rs"), "").unwrap();
        std::fs::write(
            dir.join(".cargo/config.toml"),
            "[build]\ntarget-dir = \"elsewhere/out\"\n",
        )
        .unwrap();
        // The environment would override the config; this test is about the config.
        let mut command = cargo_metadata::MetadataCommand::new();
        command
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR");
        let layout = Layout::with(command, &dir).unwrap();
        let root = dir.canonicalize().unwrap();
        assert_eq!(layout.workspace_root.canonicalize().unwrap(), root);
        assert_eq!(
            layout.target_dir,
            layout.workspace_root.join("elsewhere/out")
        );
        assert_eq!(layout.version, "7.8.9");
    }
}
