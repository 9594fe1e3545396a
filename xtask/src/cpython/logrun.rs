//! Runs a long build step with its output appended to one log file and an
//! elapsed-time line every few seconds, so a minute of `make` neither floods
//! the terminal nor looks hung. On failure the error names the log and shows
//! its tail.

use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Lines of the log shown when a step fails.
const TAIL_LINES: usize = 25;
/// How often the progress line is refreshed.
const TICK: Duration = Duration::from_secs(5);

/// Runs `cmd` (stdout and stderr to `log`), labelled `label` in progress lines.
pub fn run(mut cmd: Command, label: &str, log: &Path) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("cannot open log {}", log.display()))?;
    writeln!(file, "\n==== {label}\n$ {cmd:?}")?;
    let err = file.try_clone()?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(err));
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("{label}: cannot start {:?}", cmd.get_program()))?;
    let tty = std::io::stderr().is_terminal();
    let mut next_tick = TICK;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        let elapsed = start.elapsed();
        if elapsed >= next_tick {
            if tty {
                eprint!("\r  {label} … {}s ", elapsed.as_secs());
            } else {
                eprintln!("  {label} … {}s", elapsed.as_secs());
            }
            next_tick += TICK;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if tty && start.elapsed() >= TICK {
        eprint!("\r\x1b[K");
    }
    eprintln!("  {label}: {:.1}s", start.elapsed().as_secs_f64());
    if !status.success() {
        bail!(
            "{label} failed ({status}); full log: {}\n--- last lines ---\n{}",
            log.display(),
            tail(log)
        );
    }
    Ok(())
}

fn tail(log: &Path) -> String {
    let text = std::fs::read(log)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(TAIL_LINES)..].join("\n")
}
