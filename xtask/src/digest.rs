//! SHA-256 of files, remembered by their identity on disk (device, inode,
//! size, modification and change times), as git's index does, so a warm
//! matrix does not re-read 600 MB of unchanged binaries to learn that they
//! are unchanged.
//!
//! `ctime` moves on every write and cannot be set back by `touch`, so an
//! entry whose identity still matches names the same bytes. A file changed
//! within [`RACY`] of being hashed is hashed again next time instead of being
//! remembered (git's "racy" rule: a write in the same clock tick as the
//! recording would otherwise go unnoticed).

use crate::util::{hex, sha256_file};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Younger files are hashed but not remembered.
const RACY: Duration = Duration::from_secs(2);
/// Version of the file's layout; another version is ignored.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    identity: Identity,
    sha256: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    entries: BTreeMap<PathBuf, Entry>,
    /// SHA-256 of `entries` as JSON: a damaged file is noticed, not trusted.
    checksum: String,
}

/// Digests of files, remembered across runs in one JSON file.
pub struct Digests {
    file: PathBuf,
    entries: Mutex<BTreeMap<PathBuf, Entry>>,
    changed: Mutex<bool>,
    racy: Duration,
}

impl Digests {
    /// Opens the remembered digests at `file`; a missing file is empty, a
    /// damaged or foreign one is ignored with a one-line warning.
    pub fn open(file: &Path) -> Digests {
        let entries = match std::fs::read(file) {
            Err(_) => BTreeMap::new(),
            Ok(bytes) => match parse(&bytes) {
                Ok(entries) => entries,
                Err(why) => {
                    eprintln!(
                        "warning: ignoring {} ({why}); every file is hashed afresh",
                        file.display()
                    );
                    BTreeMap::new()
                }
            },
        };
        Digests {
            file: file.to_path_buf(),
            entries: Mutex::new(entries),
            changed: Mutex::new(false),
            racy: RACY,
        }
    }

    /// SHA-256 (hex) of `path`'s bytes.
    pub fn file(&self, path: &Path) -> Result<String> {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot stat {}", path.display()))?;
        let identity = Identity {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        };
        if let Some(e) = self.lock().get(path) {
            if e.identity == identity {
                return Ok(e.sha256.clone());
            }
        }
        let sha256 = sha256_file(path)?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        let newest = identity.mtime_ns.max(identity.ctime_ns);
        if now - newest >= self.racy.as_nanos() as i128 {
            self.lock().insert(
                path.to_path_buf(),
                Entry {
                    identity,
                    sha256: sha256.clone(),
                },
            );
            *self.changed.lock().unwrap_or_else(|e| e.into_inner()) = true;
        }
        Ok(sha256)
    }

    /// Writes what was learnt (atomically: a new file renamed into place).
    pub fn save(&self) -> Result<()> {
        if !*self.changed.lock().unwrap_or_else(|e| e.into_inner()) {
            return Ok(());
        }
        let entries = self.lock().clone();
        let checksum = checksum(&entries)?;
        let text = serde_json::to_vec(&Stored {
            format: FORMAT,
            entries,
            checksum,
        })?;
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self
            .file
            .with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.file)
            .with_context(|| format!("cannot write {}", self.file.display()))?;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<PathBuf, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn parse(bytes: &[u8]) -> Result<BTreeMap<PathBuf, Entry>, String> {
    let stored: Stored =
        serde_json::from_slice(bytes).map_err(|e| format!("not JSON we wrote: {e}"))?;
    if stored.format != FORMAT {
        return Err(format!("format {} is not {FORMAT}", stored.format));
    }
    if checksum(&stored.entries).map_err(|e| e.to_string())? != stored.checksum {
        return Err("its checksum does not match its contents".into());
    }
    Ok(stored.entries)
}

fn checksum(entries: &BTreeMap<PathBuf, Entry>) -> Result<String> {
    Ok(hex(&Sha256::digest(serde_json::to_vec(entries)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> crate::util::Scratch {
        crate::util::Scratch::new(&format!("xtask-digest-{name}"))
    }

    /// Sets a file's modification time back to a fixed instant (`ctime`
    /// still moves: the kernel sets it on every change).
    fn age(path: &Path) {
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }

    /// Remembers even files written a moment ago (the tests' files all are).
    fn eager(store: &Path) -> Digests {
        Digests {
            racy: Duration::ZERO,
            ..Digests::open(store)
        }
    }

    #[test]
    fn a_rewritten_file_is_hashed_again_even_with_its_old_mtime() {
        let d = dir("rewrite");
        let f = d.join("f");
        std::fs::write(&f, b"one").unwrap();
        age(&f);
        let digests = eager(&d.join("digests.json"));
        let first = digests.file(&f).unwrap();
        assert_eq!(first, crate::util::sha256_hex(b"one"));
        assert_eq!(digests.lock().len(), 1, "remembered");
        // Same length, same (restored) mtime: only ctime tells.
        std::fs::write(&f, b"two").unwrap();
        age(&f);
        assert_eq!(digests.file(&f).unwrap(), crate::util::sha256_hex(b"two"));
    }

    #[test]
    fn remembered_digests_survive_a_reopen_and_a_damaged_file_is_ignored() {
        let d = dir("reopen");
        let f = d.join("f");
        std::fs::write(&f, b"data").unwrap();
        age(&f);
        let store = d.join("digests.json");
        let digests = eager(&store);
        digests.file(&f).unwrap();
        digests.save().unwrap();
        let text = std::fs::read_to_string(&store).unwrap();
        assert!(text.contains(&crate::util::sha256_hex(b"data")));
        assert_eq!(Digests::open(&store).lock().len(), 1, "reloaded");
        // A forged entry (contents changed without the checksum) is not trusted.
        let forged = text.replace(&crate::util::sha256_hex(b"data"), &"0".repeat(64));
        std::fs::write(&store, forged).unwrap();
        let reopened = Digests::open(&store);
        assert!(reopened.lock().is_empty(), "the forged entry was loaded");
        assert_eq!(reopened.file(&f).unwrap(), crate::util::sha256_hex(b"data"));
    }
}
