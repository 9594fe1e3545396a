//! Runners: how one cell's command is launched for a target. One trait, one
//! small module per way of running, and one shared [`execute`] that enforces
//! the timeout and captures output, so no runner re-implements process handling.

pub mod closure;
mod container;
mod native;
mod qemu;
mod reference;
pub mod wasmtime;

pub use container::ContainerRunner;
pub use native::NativeRunner;
pub use qemu::QemuRunner;
pub use reference::ReferenceRunner;
pub use wasmtime::WasmtimeRunner;

use anyhow::Result;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What to run: the program and its arguments, plus the host files those
/// arguments name (a container must make them visible inside its root).
#[derive(Debug, Clone)]
pub struct Invocation {
    pub args: Vec<String>,
    /// Host files referenced by `args`, e.g. a user's `prog.py`.
    pub inputs: Vec<PathBuf>,
    /// Run this binary instead of the runner's `hybrid` (a partitioned
    /// program's own binary; a container must hold it among its inputs).
    pub binary: Option<PathBuf>,
}

impl Invocation {
    /// `hybrid run <sample>`.
    pub fn sample(name: &str) -> Invocation {
        Invocation {
            args: vec!["run".into(), name.into()],
            inputs: vec![],
            binary: None,
        }
    }

    /// `hybrid exec <file>`.
    pub fn exec(file: &Path) -> Invocation {
        Invocation {
            args: vec!["exec".into(), file.display().to_string()],
            inputs: vec![file.to_path_buf()],
            binary: None,
        }
    }

    /// A partitioned program's own binary, without arguments.
    pub fn binary(binary: &Path) -> Invocation {
        Invocation {
            args: vec![],
            inputs: vec![binary.to_path_buf()],
            binary: Some(binary.to_path_buf()),
        }
    }
}

/// Launches invocations of one binary in one way.
pub trait Runner: Send + Sync {
    /// Short name shown in reports (`native`, `qemu`, `container (bwrap)`…).
    fn name(&self) -> String;
    /// Versions of the tools this runner relies on, for the report.
    fn tool_versions(&self) -> Vec<(String, String)>;
    /// The command for one invocation (not yet spawned), with whatever it
    /// needs prepared (a container's root).
    fn command(&self, invocation: &Invocation) -> Result<Command> {
        self.describe(invocation)
    }
    /// The same command, preparing nothing: what a cell's key records of how
    /// it runs (program, arguments as the program sees them, environment).
    fn describe(&self, invocation: &Invocation) -> Result<Command>;
    /// Files whose bytes decide what `invocation` prints, besides its inputs:
    /// the binary, its loader and libraries, the emulator or interpreter.
    /// A cell's cache key hashes them.
    fn depends_on(&self, invocation: &Invocation) -> Result<Vec<PathBuf>>;
}

/// The result of one run.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub exit_code: Option<i32>,
    /// Set when the process was killed by a signal.
    pub signal: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub wall: Duration,
    pub timed_out: bool,
}

/// Spawns `cmd` in its own process group, reads stdout/stderr concurrently,
/// and kills the whole group if it outlives `timeout`.
pub fn execute(mut cmd: Command, timeout: Duration) -> Result<RunOutcome> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id() as i32;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    // A thread waits for the exit, so the end of a run is seen the moment it
    // happens (polling cost up to a tick per run, hundreds per matrix).
    let (done, exited) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    let (status, timed_out) = match exited.recv_timeout(timeout) {
        Ok(status) => (status?, false),
        Err(_) => {
            kill_group(pid);
            let status = exited
                .recv()
                .map_err(|_| anyhow::anyhow!("lost the process {pid} after killing it"))??;
            (status, true)
        }
    };
    let wall = start.elapsed();
    // A grandchild that kept the pipes open is in our group: it was killed too.
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    use std::os::unix::process::ExitStatusExt;
    Ok(RunOutcome {
        exit_code: status.code(),
        signal: status.signal(),
        stdout,
        stderr,
        wall,
        timed_out,
    })
}

fn kill_group(pid: i32) {
    // `kill -KILL -<pgid>`: the group we created for this cell, nothing else.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .status();
}

/// First line of `tool --version` (or of the flag given), or why it is missing.
pub fn tool_version(tool: &str, flag: &str) -> String {
    match Command::new(tool).arg(flag).output() {
        Ok(out) => {
            let text = if out.stdout.is_empty() {
                out.stderr
            } else {
                out.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        }
        Err(_) => "not found".to_string(),
    }
}

/// Where `tool` is on PATH.
pub fn which(tool: &str) -> Result<PathBuf> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(tool))
                .find(|p| p.is_file())
        })
        .ok_or_else(|| anyhow::anyhow!("{tool} is not installed (not on PATH)"))
}

/// Whether `tool` is on PATH.
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| on_search_path(&paths, tool))
}

/// Whether `tool` is a file in one of the directories of `paths` (a `PATH` value).
pub fn on_search_path(paths: &std::ffi::OsStr, tool: &str) -> bool {
    std::env::split_paths(paths).any(|dir| dir.join(tool).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execute_captures_output_and_exit_code() {
        let mut cmd = Command::new("/bin/sh");
        cmd.args(["-c", "printf out; printf err >&2; exit 3"]);
        let o = execute(cmd, Duration::from_secs(10)).unwrap();
        assert_eq!(
            (
                o.exit_code,
                o.stdout.as_slice(),
                o.stderr.as_slice(),
                o.timed_out
            ),
            (Some(3), &b"out"[..], &b"err"[..], false)
        );
    }

    #[test]
    fn execute_kills_the_whole_group_on_timeout() {
        let mut cmd = Command::new("/bin/sh");
        // The grandchild `sleep` holds stdout open: it must die with the group.
        cmd.args(["-c", "sleep 30 & sleep 30; echo never"]);
        let o = execute(cmd, Duration::from_millis(300)).unwrap();
        assert!(o.timed_out);
        assert!(o.wall < Duration::from_secs(5), "{:?}", o.wall);
        assert!(o.stdout.is_empty());
    }
}
