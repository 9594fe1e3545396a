//! Brings in the partitioner's output for one program: `HYBRID_PARTITION_DIR`
//! holds `static.rs` (generated), `program.py` (the original, unchanged) and
//! `name.txt` (how the program is named in `sys.argv[0]` and tracebacks).
//! Without it the binary holds an empty program (so `cargo test --workspace`
//! and clippy build it).

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=HYBRID_PARTITION_DIR");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match std::env::var_os("HYBRID_PARTITION_DIR") {
        Some(dir) => {
            let dir = Path::new(&dir);
            for file in ["static.rs", "program.py", "name.txt"] {
                let from = dir.join(file);
                println!("cargo:rerun-if-changed={}", from.display());
                std::fs::copy(&from, out.join(file)).unwrap_or_else(|e| {
                    panic!("HYBRID_PARTITION_DIR: cannot copy {}: {e}", from.display())
                });
            }
        }
        None => {
            std::fs::write(
                out.join("static.rs"),
                "pub static STATIC_FUNCTIONS: &[runtime::pyexact::boundary::Static] = &[];\n",
            )
            .unwrap();
            std::fs::write(out.join("program.py"), "").unwrap();
            std::fs::write(out.join("name.txt"), "empty.py").unwrap();
        }
    }
}
