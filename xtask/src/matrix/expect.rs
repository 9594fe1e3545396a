//! Declared platform differences. Some facts *should* differ between
//! targets: `os.O_DIRECTORY` is the CPU's kernel ABI, `signal.SIGRTMIN` the C
//! library's choice, `locale.CHAR_MAX` the signedness of C's `char`. A program
//! that prints one says so in a comment,
//!
//! ```python
//! # matrix: agree within arch: open(2) flags are the kernel ABI of the CPU
//! ```
//!
//! and its row is then checked within each group instead of across all
//! columns: every x86_64 column must print the same bytes, every aarch64
//! column too. Nothing is excluded: a column that drifts inside its group
//! fails the row, and the first line where the groups differ is reported
//! with the reason, so a stale declaration shows. A column alone in its
//! group (WASI, for `os`) is compared with nothing but itself: its two runs.
//!
//! A program whose output *should* change from run to run (it prints the
//! clock or an object's address) declares that instead,
//!
//! ```python
//! # matrix: varies between runs: it prints time.time_ns()
//! ```
//!
//! and its row then proves the opposite thing: every cell finishes, and the
//! runs are seen to differ (see `compare`), which is how the matrix shows it
//! tells nondeterminism from platform drift.

use super::model::{Column, Expectation, Grouping};
use anyhow::{bail, Context, Result};
use std::path::Path;

const DIRECTIVE: &str = "# matrix:";

/// What a program declares about its output across targets and runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    /// `agree within …`: the groups may differ, each must agree.
    Agree(Expectation),
    /// `varies between runs: why`: the runs must differ.
    Varies(String),
}

/// The declaration `program` makes, if any (at most one).
pub fn declared(program: &Path) -> Result<Option<Declaration>> {
    let text = std::fs::read_to_string(program)
        .with_context(|| format!("cannot read {}", program.display()))?;
    let mut found: Option<Declaration> = None;
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix(DIRECTIVE) else {
            continue;
        };
        let at = format!("{}:{}", program.display(), index + 1);
        let declaration = parse_declaration(rest.trim()).with_context(|| {
            format!("{at}: {} (write `{DIRECTIVE} agree within arch: <why the arches differ>`, `… within libc: …`, `… within os: …` or `{DIRECTIVE} varies between runs: <why>`)", line.trim())
        })?;
        if found.is_some() {
            bail!("{at}: a second `{DIRECTIVE}` line; a program makes one declaration");
        }
        found = Some(declaration);
    }
    Ok(found)
}

fn parse_declaration(directive: &str) -> Result<Declaration> {
    if let Some(rest) = directive.strip_prefix("varies between runs") {
        let reason = rest
            .strip_prefix(':')
            .context("the declaration needs a reason after a colon")?
            .trim();
        if reason.is_empty() {
            bail!("the reason is empty");
        }
        return Ok(Declaration::Varies(reason.to_string()));
    }
    parse(directive).map(Declaration::Agree)
}

pub fn parse(directive: &str) -> Result<Expectation> {
    let Some(rest) = directive.strip_prefix("agree within ") else {
        bail!("unknown matrix directive");
    };
    let (grouping, reason) = rest
        .split_once(':')
        .context("the grouping needs a reason after a colon")?;
    let within = match grouping.trim() {
        "arch" => Grouping::Arch,
        "libc" => Grouping::Libc,
        "os" => Grouping::Os,
        other => bail!("unknown grouping '{other}' (arch, libc or os)"),
    };
    let reason = reason.trim();
    if reason.is_empty() {
        bail!("the reason is empty");
    }
    Ok(Expectation {
        within,
        reason: reason.to_string(),
    })
}

/// The group of `column`: its target's architecture or C library; a
/// reference column is the host CPython (this machine's arch, glibc).
pub fn group_of(column: &Column, within: Grouping) -> String {
    let host = crate::config::target::TargetSpec::host_triple();
    let triple = column.target.as_deref().unwrap_or(&host);
    let parts: Vec<&str> = triple.split('-').collect();
    match within {
        Grouping::Arch => parts[0].to_string(),
        Grouping::Libc => parts[parts.len() - 1].to_string(),
        // arch-vendor-os-env (x86_64-unknown-linux-gnu) or arch-os (wasm32-wasip1).
        Grouping::Os => match parts.as_slice() {
            [_, _, os, _] | [_, os] => os.to_string(),
            _ => triple.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as a program in a scratch directory (kept while the guard lives).
    fn program(text: &str) -> (crate::util::Scratch, std::path::PathBuf) {
        let dir = crate::util::Scratch::new("expect");
        let path = dir.join(format!("p{}.py", text.len()));
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_declaration_is_read_with_its_reason() {
        let (_dir, p) = program("\"\"\"doc\"\"\"\n# matrix: agree within arch: open flags are the CPU's ABI\nimport os\n");
        let Some(Declaration::Agree(e)) = declared(&p).unwrap() else {
            panic!("not a grouping")
        };
        assert_eq!(
            (e.within, e.reason.as_str()),
            (Grouping::Arch, "open flags are the CPU's ABI")
        );
        assert_eq!(declared(&program("print(1)\n").1).unwrap(), None);
        let (_dir, clock) =
            program("import time\n# matrix: varies between runs: it prints the clock\n");
        assert_eq!(
            declared(&clock).unwrap(),
            Some(Declaration::Varies("it prints the clock".into()))
        );
    }

    #[test]
    fn bad_declarations_name_file_line_and_the_fix() {
        for (text, says) in [
            (
                "x = 1\n# matrix: agree within cpu: why\n",
                "unknown grouping 'cpu'",
            ),
            ("# matrix: agree within libc\n", "needs a reason"),
            ("# matrix: skip this\n", "unknown matrix directive"),
            ("# matrix: agree within libc:  \n", "reason is empty"),
            ("# matrix: varies between runs\n", "needs a reason"),
            ("# matrix: varies between runs: \n", "reason is empty"),
        ] {
            let (_dir, p) = program(text);
            let err = format!("{:#}", declared(&p).unwrap_err());
            let line = if text.starts_with("x") { 2 } else { 1 };
            assert!(err.contains(&format!("{}:{line}:", p.display())), "{err}");
            assert!(err.contains(says), "{err}");
            assert!(err.contains("agree within arch: <why"), "{err}");
        }
        let (_dir, twice) =
            program("# matrix: agree within arch: a\n# matrix: varies between runs: b\n");
        assert!(declared(&twice)
            .unwrap_err()
            .to_string()
            .contains(":2: a second"));
    }

    #[test]
    fn columns_group_by_arch_libc_or_os() {
        let col = |target: Option<&str>| Column {
            id: "c".into(),
            title: "c".into(),
            target: target.map(str::to_string),
            runner: "test".into(),
            must_agree: true,
            baseline: false,
            tools: Default::default(),
            not_built: None,
            tier: crate::matrix::model::Tier::Pro,
        };
        let musl = col(Some("aarch64-unknown-linux-musl"));
        assert_eq!(group_of(&musl, Grouping::Arch), "aarch64");
        assert_eq!(group_of(&musl, Grouping::Libc), "musl");
        assert_eq!(group_of(&col(None), Grouping::Libc), "gnu");
        assert_eq!(group_of(&col(None), Grouping::Arch), std::env::consts::ARCH);
        let wasm = col(Some("wasm32-wasip1"));
        assert_eq!(group_of(&wasm, Grouping::Os), "wasip1");
        assert_eq!(group_of(&wasm, Grouping::Arch), "wasm32");
        assert_eq!(group_of(&musl, Grouping::Os), "linux");
        assert_eq!(group_of(&col(None), Grouping::Os), "linux");
    }
}
