//! Which files a Python program reads as code: itself and the modules next
//! to it that it imports (CPython puts the script's directory first on
//! `sys.path`), followed transitively. A cell's key hashes exactly these, so
//! editing one program reruns its row and not its neighbours'.
//!
//! Found from `import a` and `from a import b` statements; a module imported
//! by a name computed at run time (`importlib.import_module(f"...")`) is not
//! seen: such a program needs `--rerun` after editing that module.

use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `program` and the sibling modules and packages it imports. A file that is
/// not Python (a partitioned binary) is itself alone.
pub fn program_files(program: &Path) -> Result<Vec<PathBuf>> {
    let mut files = BTreeSet::from([program.to_path_buf()]);
    if program.extension().is_none_or(|e| e != "py") {
        return Ok(files.into_iter().collect());
    }
    let Some(dir) = program.parent() else {
        return Ok(files.into_iter().collect());
    };
    let mut queue = vec![program.to_path_buf()];
    let mut seen_modules = BTreeSet::new();
    while let Some(file) = queue.pop() {
        let text =
            std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        for module in imported_modules(&String::from_utf8_lossy(&text)) {
            if !seen_modules.insert(module.clone()) {
                continue;
            }
            let single = dir.join(format!("{module}.py"));
            let package = dir.join(&module);
            let found = if single.is_file() {
                vec![single]
            } else if package.is_dir() {
                crate::util::files_under(&package, &["__pycache__"], &|p| {
                    p.extension().is_some_and(|e| e == "py")
                })?
            } else {
                vec![] // the stdlib, or nothing: the interpreter's own files cover it
            };
            for f in found {
                if files.insert(f.clone()) {
                    queue.push(f);
                }
            }
        }
    }
    Ok(files.into_iter().collect())
}

/// The top-level module names a source imports (absolute imports only).
fn imported_modules(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        let line = line.split('#').next().unwrap_or("");
        if let Some(rest) = line.strip_prefix("import ") {
            for part in rest.split(',') {
                if let Some(name) = first_component(part) {
                    out.push(name);
                }
            }
        } else if let Some(rest) = line.strip_prefix("from ") {
            if let Some(name) = first_component(rest) {
                out.push(name);
            }
        }
    }
    out
}

/// `a.b as c` → `a`; nothing for a relative import or a non-name.
fn first_component(text: &str) -> Option<String> {
    let word = text.split_whitespace().next()?;
    let name = word.split('.').next()?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_statements_give_their_top_level_modules() {
        let source = "import os, geometry.shapes as s\nfrom .rel import x\n    from helpers import f  # late\nx = 'import nothing'\nfrom  typing import (\n  List)\n";
        assert_eq!(
            imported_modules(source),
            ["os", "geometry", "helpers", "typing"]
        );
    }

    #[test]
    fn a_program_depends_on_the_siblings_it_imports_and_no_others() {
        let dir = crate::util::Scratch::new("xtask-imports");
        std::fs::create_dir_all(dir.join("pkg/sub")).unwrap();
        std::fs::write(dir.join("main.py"), "import math\nimport helper\n").unwrap();
        std::fs::write(dir.join("helper.py"), "from pkg.sub import thing\n").unwrap();
        std::fs::write(dir.join("pkg/__init__.py"), "").unwrap();
        std::fs::write(dir.join("pkg/sub/thing.py"), "").unwrap();
        std::fs::write(dir.join("unrelated.py"), "").unwrap();
        let files = program_files(&dir.join("main.py")).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "helper.py",
                "main.py",
                "pkg/__init__.py",
                "pkg/sub/thing.py"
            ]
        );
    }
}
