//! What the partitioner's integration tests share.

use partition::{classify, Program};
use std::path::{Path, PathBuf};

/// The pinned CPython whose `ast` parses every program.
pub const PYTHON: &str = "/usr/bin/python3.11";

/// `source`, written to a scratch file named after `name`, parsed and classified.
///
/// Each call gets its own directory: tests run on parallel threads and
/// several use the same name (a reason code), so a shared `<name>.py` let one
/// test parse another's source.
#[allow(dead_code)] // not every test file classifies inline sources
pub fn program(name: &str, source: &str) -> Program {
    let scratch = tempfile::Builder::new()
        .prefix("partition-tests-")
        .tempdir()
        .unwrap();
    let path: PathBuf = scratch.path().join(format!("{name}.py"));
    std::fs::write(&path, source).unwrap();
    let module = partition::ast::parse_file(Path::new(PYTHON), &path)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    classify(&module)
}

/// Every shipped mixed program (`samples/partition/*.py`), parsed and
/// classified, in name order.
#[allow(dead_code)] // not every test file reads the samples
pub fn shipped_programs() -> Vec<(PathBuf, Program)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/partition");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let module = partition::ast::parse_file(Path::new(PYTHON), &path)
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            let program = classify(&module);
            (path, program)
        })
        .collect()
}
