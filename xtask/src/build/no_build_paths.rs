//! A binary built here must not name the directories it was built in: such
//! a path makes two builds of the same inputs differ (the reproducibility
//! promise) and tells every user where and by whom it was built. Checked
//! after every build, both tiers, so a dependency that starts recording one
//! is caught at once, not at release time.

use anyhow::{bail, Result};
use std::path::Path;

/// Paths shorter than this are not searched: they would match by chance.
const SHORTEST_SEARCHED: usize = 6;

/// Fails when `binary` contains any of `paths` (the workspace, cargo's home,
/// the target dir), naming the first one found and the text around it.
/// `meant` is text the binary carries on purpose (a partitioned program's
/// name as given, which may lie in the workspace): it is not a finding.
pub fn check(binary: &Path, paths: &[&Path], meant: &[&str]) -> Result<()> {
    let mut bytes = std::fs::read(binary)?;
    for text in meant.iter().map(|t| t.as_bytes()).filter(|t| !t.is_empty()) {
        let mut from = 0;
        while let Some(at) = bytes[from..].windows(text.len()).position(|w| w == text) {
            let start = from + at;
            bytes[start..start + text.len()].fill(0);
            from = start + text.len();
        }
    }
    for path in paths {
        let needle = path.as_os_str().as_encoded_bytes();
        if needle.len() < SHORTEST_SEARCHED {
            continue;
        }
        if let Some(at) = bytes.windows(needle.len()).position(|w| w == needle) {
            let from = at.saturating_sub(40);
            let to = (at + needle.len() + 60).min(bytes.len());
            let context: String = String::from_utf8_lossy(&bytes[from..to])
                .chars()
                .map(|c| if c.is_control() { '·' } else { c })
                .collect();
            bail!(
                "{} contains the build path {} at byte {at} (`{context}`): something recorded the \
                 build machine's directories, so builds in two places differ; remap it or keep it out",
                binary.display(),
                path.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_build_path_is_found_and_named() {
        let dir = crate::util::Scratch::new("no-build-paths");
        let binary = dir.join("hybrid");
        std::fs::write(
            &binary,
            b"\x7fELF\0\0OUT_DIR\0/home/ci/work/target/light/out\0rest",
        )
        .unwrap();
        let err = check(
            &binary,
            &[Path::new("/root/.cargo"), Path::new("/home/ci/work")],
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("contains the build path /home/ci/work at byte 14"),
            "{err}"
        );
        assert!(
            err.contains("OUT_DIR·/home/ci/work/target/light/out"),
            "{err}"
        );
        // Remapped names and too-short paths are not build paths.
        std::fs::write(&binary, b"/hybrid/runtime/src/lib.rs\0/cargo/registry\0/w").unwrap();
        check(&binary, &[Path::new("/home/ci/work"), Path::new("/w")], &[]).unwrap();
        // A program's own name, meant to be there, is not a finding; the
        // same path anywhere else still is.
        std::fs::write(&binary, b"\0/home/ci/work/prog.py\0main\0").unwrap();
        let work = [Path::new("/home/ci/work")];
        check(&binary, &work, &["/home/ci/work/prog.py"]).unwrap();
        std::fs::write(&binary, b"\0/home/ci/work/prog.py\0/home/ci/work/target\0").unwrap();
        assert!(check(&binary, &work, &["/home/ci/work/prog.py"]).is_err());
    }
}
