//! Room on disk, checked before building. A full disk does not fail where
//! it should: the linker maps its output file and dies of SIGBUS ("ld
//! terminated with signal 7 [Bus error]"), or a CPython build stops halfway
//! through `make`, and neither says "no space left". So the build says it
//! first, naming the file system, what is free and what a cold build takes.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// Below this a build is refused: a single Light link writes 100 MB and a
/// CPython build a few hundred.
const REFUSE_BELOW: u64 = 2 << 30;
/// Below this a warning: measured, a cold `cargo xtask test` fills about
/// 5.2 GiB of `target/` and 3.4 GiB of the cache (CPython builds, Debian
/// packages, wasmtime).
const WARN_BELOW: u64 = 10 << 30;

/// Checks the file systems of the target dir and the cache.
pub fn ensure_room_to_build() -> Result<()> {
    let target = crate::util::workspace_root().join("target");
    let cache = crate::util::cache_dir();
    let mut seen = Vec::new();
    for dir in [target.as_path(), cache.as_path()] {
        // The nearest existing ancestor: a cold machine has neither yet.
        let Some(existing) = dir.ancestors().find(|d| d.exists()) else {
            continue;
        };
        let (filesystem, free) = free_bytes(existing)?;
        if seen.contains(&filesystem) {
            continue;
        }
        seen.push(filesystem.clone());
        judge(dir, &filesystem, free)?;
    }
    Ok(())
}

fn judge(dir: &Path, filesystem: &str, free: u64) -> Result<()> {
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    let what = format!(
        "{:.1} GiB free on {filesystem} (which holds {}); a cold build of every target takes about 9 GiB",
        gib(free),
        dir.display()
    );
    if free < REFUSE_BELOW {
        bail!(
            "{what}: not enough to build (a full disk kills the linker with SIGBUS). \
             Free space first, e.g. `cargo clean` in old checkouts or clones of this repository"
        );
    }
    if free < WARN_BELOW {
        eprintln!("disk: warning: {what}");
    }
    Ok(())
}

/// The file system holding `path` and its bytes available to us (`df -P`:
/// POSIX output, one line per file system, sizes in 1024-byte blocks).
fn free_bytes(path: &Path) -> Result<(String, u64)> {
    let what = format!("`df -Pk {}` (coreutils)", path.display());
    let out = crate::util::stdout_of(std::process::Command::new("df").arg("-Pk").arg(path), &what)?;
    parse_df(&String::from_utf8_lossy(&out))
        .with_context(|| format!("cannot read `df -Pk {}`", path.display()))
}

fn parse_df(text: &str) -> Result<(String, u64)> {
    let line = text.lines().nth(1).context("no file system line")?;
    let fields: Vec<&str> = line.split_whitespace().collect();
    // Filesystem 1024-blocks Used Available Capacity Mounted-on
    let [.., available, _, mounted] = fields.as_slice() else {
        bail!("unexpected line {line:?}");
    };
    let kib: u64 = available
        .parse()
        .with_context(|| format!("available {available:?} is not a number"))?;
    Ok((mounted.to_string(), kib * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn df_output_gives_the_mount_point_and_free_bytes() {
        let text = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                    /dev/vda         263174212 95420848     98304     100% /\n";
        assert_eq!(parse_df(text).unwrap(), ("/".to_string(), 98304 * 1024));
        assert!(parse_df("Filesystem\n").is_err());
        assert!(parse_df("h\n/dev/x 1 2 lots 3% /\n").is_err());
        // This machine's own answer parses.
        let (fs, _) = free_bytes(Path::new("/")).unwrap();
        assert_eq!(fs, "/");
    }

    #[test]
    fn a_nearly_full_disk_is_refused_with_what_to_do() {
        let err = judge(Path::new("/w/target"), "/", 96 << 20)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("0.1 GiB free on / (which holds /w/target)"),
            "{err}"
        );
        assert!(
            err.contains("SIGBUS") && err.contains("cargo clean"),
            "{err}"
        );
        judge(Path::new("/w/target"), "/", 5 << 30).unwrap();
        judge(Path::new("/w/target"), "/", 50 << 30).unwrap();
    }
}
