//! Cell results addressed by content, as a build system caches a test's
//! result: a cell's key is the SHA-256 of everything that decides what it
//! prints (see [`cell_key`]); a cell whose key was recorded is not run again
//! and its recorded outcome is reported, marked as reused.
//!
//! Only outcomes that belong to the program are recorded: every run agreed
//! and exited (zero or not). A timeout, a runner error or differing runs say
//! something about the machine at that moment, so those cells always run.
//!
//! An entry names its key and carries a checksum of its contents; one that
//! does not parse, names another key or fails its checksum is ignored with a
//! one-line warning and the cell runs.

use super::model::{Cell, CellStatus};
use crate::digest::Digests;
use crate::run::{Invocation, Runner};
use crate::util::sha256_hex;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Version of the key's recipe and of the entries' layout: bumping it
/// retires every recorded cell.
/// (3: native and emulated cells run with an empty environment.)
pub const KEY_FORMAT: &str = "hybrid-matrix-cell/3";

/// A cell's key and the inputs it was made from (kept in the entry, so a
/// surprising rerun can be explained by comparing two entries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellKey {
    pub key: String,
    pub inputs: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    format: String,
    key: String,
    inputs: Vec<String>,
    cell: Cell,
    /// SHA-256 of the other fields as JSON.
    checksum: String,
}

/// The recorded cells under one directory.
pub struct CellCache {
    dir: PathBuf,
    /// False with `--rerun`: every cell runs, and what it gives is recorded.
    reuse: bool,
}

impl CellCache {
    pub fn open(dir: &Path, reuse: bool) -> CellCache {
        CellCache {
            dir: dir.to_path_buf(),
            reuse,
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    /// The recorded outcome for `key`, re-labelled for this row and column
    /// (`may_vary`: the row is declared to vary between runs).
    pub fn get(&self, key: &CellKey, row: &str, column: &str, may_vary: bool) -> Option<Cell> {
        if !self.reuse {
            return None;
        }
        let path = self.path(&key.key);
        let bytes = std::fs::read(&path).ok()?;
        match check(&bytes, &key.key, may_vary) {
            Ok(mut cell) => {
                cell.row = row.to_string();
                cell.column = column.to_string();
                cell.cached = true;
                cell.key = Some(key.key.clone());
                Some(cell)
            }
            Err(why) => {
                eprintln!(
                    "warning: ignoring cached cell {} ({why}); running it",
                    path.display()
                );
                None
            }
        }
    }

    /// Records `cell` under `key` when its outcome belongs to the program.
    pub fn put(&self, key: &CellKey, cell: &Cell, may_vary: bool) -> Result<()> {
        if !recordable(cell, may_vary) {
            return Ok(());
        }
        let mut cell = cell.clone();
        cell.cached = false;
        cell.key = Some(key.key.clone());
        let checksum = entry_checksum(&key.key, &key.inputs, &cell)?;
        let entry = Entry {
            format: KEY_FORMAT.into(),
            key: key.key.clone(),
            inputs: key.inputs.clone(),
            cell,
            checksum,
        };
        let path = self.path(&key.key);
        let dir = path.parent().expect("keyed path has a parent");
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec_pretty(&entry)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// Every run agreed and the program exited: the outcome is the program's.
/// For a row declared to vary between runs, "every run finished and the
/// runs differed" is its outcome too, as much a fact of the binary and the
/// program (both in the key) as any other, so it is recorded as well.
pub fn recordable(cell: &Cell, may_vary: bool) -> bool {
    (cell.runs_agree && matches!(cell.status, CellStatus::Ok | CellStatus::Failed))
        || (may_vary && cell.status == CellStatus::Nondeterministic)
}

fn check(bytes: &[u8], key: &str, may_vary: bool) -> Result<Cell, String> {
    let entry: Entry =
        serde_json::from_slice(bytes).map_err(|e| format!("not an entry we wrote: {e}"))?;
    if entry.format != KEY_FORMAT {
        return Err(format!("format {:?}, not {KEY_FORMAT:?}", entry.format));
    }
    if entry.key != key {
        return Err(format!("it is the entry of key {}", entry.key));
    }
    let sum = entry_checksum(&entry.key, &entry.inputs, &entry.cell).map_err(|e| e.to_string())?;
    if sum != entry.checksum {
        return Err("its checksum does not match its contents".into());
    }
    if !recordable(&entry.cell, may_vary) {
        return Err(format!("a {:?} cell is never recorded", entry.cell.status));
    }
    Ok(entry.cell)
}

fn entry_checksum(key: &str, inputs: &[String], cell: &Cell) -> Result<String> {
    let body = serde_json::to_vec(&(KEY_FORMAT, key, inputs, cell))?;
    Ok(sha256_hex(&body))
}

/// What a runner contributes to a key for one binary: the host, the runner
/// and its tools' versions, and the bytes of every file it loads (binary,
/// loader, libraries, emulator, interpreter and its stdlib). The same for
/// every cell of a column that runs the same binary, so it is made once.
pub fn runner_inputs(
    digests: &Digests,
    runner: &dyn Runner,
    invocation: &Invocation,
) -> Result<Vec<String>> {
    let mut inputs = vec![
        format!("format {KEY_FORMAT}"),
        format!("host {}", host_identity()),
        format!("runner {}", runner.name()),
    ];
    let mut tools = runner.tool_versions();
    tools.sort();
    for (tool, version) in tools {
        inputs.push(format!("tool {tool} = {version}"));
    }
    for file in runner.depends_on(invocation)? {
        inputs.push(format!("file {} {}", file.display(), digests.file(&file)?));
    }
    Ok(inputs)
}

/// The key of running `invocation` with a runner whose part is `runner`
/// ([`runner_inputs`]): that, the bytes of the program and the sibling
/// modules it imports, the arguments, the command exactly as it will run
/// (paths inside a container root, emulator flags, environment), the runs
/// count and the timeout.
pub fn cell_key(
    runner: &[String],
    runner_command: &std::process::Command,
    digests: &Digests,
    invocation: &Invocation,
    runs: u32,
    timeout: std::time::Duration,
) -> Result<CellKey> {
    let mut inputs = runner.to_vec();
    for program in &invocation.inputs {
        for file in super::imports::program_files(program)? {
            inputs.push(format!("input {} {}", file.display(), digests.file(&file)?));
        }
    }
    inputs.push(format!("args {}", serde_json::to_string(&invocation.args)?));
    inputs.push(format!("command {}", rendered(runner_command)));
    inputs.push(format!("runs {runs} timeout {} ms", timeout.as_millis()));
    Ok(CellKey {
        key: sha256_hex(inputs.join("\n").as_bytes()),
        inputs,
    })
}

/// Program, arguments and environment changes of a command, as one line.
fn rendered(cmd: &std::process::Command) -> String {
    let mut parts = vec![format!("{:?}", cmd.get_program())];
    parts.extend(cmd.get_args().map(|a| format!("{a:?}")));
    let mut envs: Vec<String> = cmd
        .get_envs()
        .map(|(k, v)| format!("{k:?}={v:?}"))
        .collect();
    envs.sort();
    parts.extend(envs);
    parts.join(" ")
}

/// Architecture and kernel release: a program may print `os.uname()`.
fn host_identity() -> String {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        format!(
            "{}-{} {}",
            std::env::consts::ARCH,
            std::env::consts::OS,
            release.trim()
        )
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(status: CellStatus) -> Cell {
        let mut c = super::super::execute::not_run("row", "col", status, String::new());
        c.runs_agree = true;
        c.exit_code = Some(0);
        c.stdout = "hello\n".into();
        c.stdout_sha256 = Some(sha256_hex(b"hello\n"));
        c
    }

    fn key(text: &str) -> CellKey {
        CellKey {
            key: sha256_hex(text.as_bytes()),
            inputs: vec![text.into()],
        }
    }

    /// A cache in a fresh scratch directory (kept while the guard lives).
    fn store(name: &str) -> (crate::util::Scratch, CellCache) {
        let dir = crate::util::Scratch::new(&format!("xtask-cells-{name}"));
        let cache = CellCache::open(&dir, true);
        (dir, cache)
    }

    #[test]
    fn a_recorded_cell_comes_back_relabelled_and_marked() {
        let (dir, cache) = store("roundtrip");
        let k = key("a");
        cache.put(&k, &cell(CellStatus::Ok), false).unwrap();
        let back = cache.get(&k, "other-row", "other-col", false).unwrap();
        assert_eq!(
            (back.row.as_str(), back.column.as_str()),
            ("other-row", "other-col")
        );
        assert!(back.cached);
        assert_eq!(back.key.as_deref(), Some(k.key.as_str()));
        assert_eq!(back.stdout, "hello\n");
        assert!(cache.get(&key("b"), "r", "c", false).is_none());
        // --rerun: the same directory, nothing reused.
        assert!(CellCache::open(&dir, false)
            .get(&k, "r", "c", false)
            .is_none());
    }

    #[test]
    fn timeouts_errors_and_differing_runs_are_never_recorded() {
        let (_dir, cache) = store("unrecorded");
        for (i, status) in [
            CellStatus::TimedOut,
            CellStatus::Error,
            CellStatus::Nondeterministic,
        ]
        .into_iter()
        .enumerate()
        {
            let k = key(&format!("s{i}"));
            cache.put(&k, &cell(status), false).unwrap();
            assert!(cache.get(&k, "r", "c", false).is_none(), "{status:?}");
        }
        let mut flaky = cell(CellStatus::Ok);
        flaky.runs_agree = false;
        let k = key("flaky");
        cache.put(&k, &flaky, false).unwrap();
        assert!(cache.get(&k, "r", "c", false).is_none());
        // A row declared to vary records its differing runs, and only it
        // reads them back.
        let k = key("varies");
        cache
            .put(&k, &cell(CellStatus::Nondeterministic), true)
            .unwrap();
        assert!(cache.get(&k, "r", "c", false).is_none());
        let back = cache.get(&k, "r", "c", true).unwrap();
        assert_eq!(back.status, CellStatus::Nondeterministic);
        cache
            .put(&key("varies-timeout"), &cell(CellStatus::TimedOut), true)
            .unwrap();
        assert!(cache.get(&key("varies-timeout"), "r", "c", true).is_none());
    }

    #[test]
    fn forged_foreign_and_damaged_entries_are_ignored() {
        let (_dir, cache) = store("forged");
        let (a, b) = (key("a"), key("b"));
        cache.put(&a, &cell(CellStatus::Ok), false).unwrap();
        let text = std::fs::read_to_string(cache.path(&a.key)).unwrap();
        // An edited outcome without a matching checksum.
        std::fs::write(cache.path(&a.key), text.replace("hello", "HELLO")).unwrap();
        assert!(cache.get(&a, "r", "c", false).is_none());
        // A whole, valid entry filed under another key.
        std::fs::create_dir_all(cache.path(&b.key).parent().unwrap()).unwrap();
        std::fs::write(cache.path(&b.key), &text).unwrap();
        assert!(cache.get(&b, "r", "c", false).is_none());
        // Bytes that are not an entry at all.
        std::fs::write(cache.path(&a.key), b"\x00garbage").unwrap();
        assert!(cache.get(&a, "r", "c", false).is_none());
        // And the valid entry where it belongs is still trusted.
        std::fs::write(cache.path(&a.key), &text).unwrap();
        assert!(cache.get(&a, "r", "c", false).is_some());
    }
}
