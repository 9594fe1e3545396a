//! Discovers the sample corpus: every directory under `corpus/` holding a
//! `sample.toml` is a sample, and its `static.rs` becomes a module. Adding a
//! sample is adding its files; nothing is registered by hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut dirs: Vec<_> = std::fs::read_dir(&corpus)
        .expect("samples/corpus exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("sample.toml").is_file())
        .collect();
    dirs.sort();

    let mut modules = String::new();
    let mut table = String::from("pub static SAMPLES: &[Sample] = &[\n");
    for dir in &dirs {
        let name = dir
            .file_name()
            .unwrap()
            .to_str()
            .expect("sample names are UTF-8");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "sample directory {name:?}: use lowercase letters, digits and _ only"
        );
        for file in ["sample.toml", "static.rs", "reference.py"] {
            let path = dir.join(file);
            assert!(path.is_file(), "sample {name}: missing {}", path.display());
        }
        for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
        let d = dir.display();
        writeln!(modules, "#[path = \"{d}/static.rs\"]\nmod {name};").unwrap();
        writeln!(
            table,
            "    Sample {{ name: \"{name}\", metadata: include_str!(\"{d}/sample.toml\"), \
             reference: include_str!(\"{d}/reference.py\"), run: {name}::run }},"
        )
        .unwrap();
    }
    table.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("corpus.rs");
    std::fs::write(out, modules + &table).unwrap();
}
