//! The build's proof that a pinned binary really uses the pins. A dynamic
//! binary must import none of the pinned functions (float functions, the C
//! library's message functions) from the platform's shared libraries; a
//! static one must not carry a platform libc's own message tables, which are
//! linked only when its functions were chosen over ours. Without this the pin
//! could leak silently (a compiler turning `sin`+`cos` into `sincos`, a new
//! CPython calling `strerror_l`) and only a lucky sample would notice.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// Every C name the pinned binary must define itself, with what it pins.
fn pinned_names() -> Vec<(&'static str, &'static str)> {
    let libm = pinned_libm::EXPORTED_SYMBOLS
        .iter()
        .chain(&["sincos"])
        .map(|name| (*name, "libm"));
    let text = pinned_libm::libc_text::EXPORTED_TEXT_SYMBOLS
        .iter()
        .map(|name| (*name, "libc"));
    libm.chain(text).collect()
}

/// Strings only a foreign libc's tables hold (each NUL-delimited there, as
/// C string pools are): (function, libc, its words).
const FOREIGN_TABLES: &[(&str, &str, &str)] = &[
    ("strerror", "musl", "No error information"),
    ("strsignal", "musl", "Arithmetic exception"),
    ("gai_strerror", "musl", "Invalid flags"),
    ("hstrerror", "musl", "Host not found"),
];

/// Refuses `binary` when a pinned function would come from the platform.
pub fn check_pinned(binary: &Path) -> Result<()> {
    let mut problems = Vec::new();
    let imported = imported_names(binary)?;
    for (kind, what) in [("libm", "the libm pin"), ("libc", "the C library text pin")] {
        let leaks: Vec<&str> = pinned_names()
            .into_iter()
            .filter(|(name, k)| *k == kind && imported.contains(*name))
            .map(|(name, _)| name)
            .collect();
        if !leaks.is_empty() {
            problems.push(format!(
                "imports {} from the platform {kind}: {what} leaks",
                leaks.join(", ")
            ));
        }
    }
    let bytes = std::fs::read(binary).with_context(|| format!("reading {}", binary.display()))?;
    for (function, libc, words) in foreign_tables(&bytes) {
        problems.push(format!(
            "carries {libc}'s {function} table (\"{words}\"): {libc}'s {function} was linked, the C library text pin leaks"
        ));
    }
    if !problems.is_empty() {
        bail!(
            "{} {} (every one must resolve to pinned-libm's exports)",
            binary.display(),
            problems.join("; ")
        );
    }
    Ok(())
}

/// Refuses a WebAssembly link whose map (`wasm-ld --Map`) shows a pinned
/// function defined by anything but the Rust objects (where pinned-libm's
/// exports are): a static link has no imports to read, so the linker's own
/// record of which input defined each symbol is the proof. On WASI the
/// foreign definitions would be wasi-libc's musl-derived libm and strerror.
pub fn check_link_map(binary: &Path, map: &Path) -> Result<()> {
    let text = std::fs::read_to_string(map)
        .with_context(|| format!("reading the link map {}", map.display()))?;
    let defined = definitions(&text);
    let pinned = pinned_names();
    if !pinned.iter().any(|(name, _)| defined.contains_key(*name)) {
        bail!(
            "{} defines none of the pinned functions: the link map {} is not this binary's, or the pins were not linked",
            binary.display(),
            map.display()
        );
    }
    let leaks: Vec<String> = pinned
        .into_iter()
        .filter_map(|(name, kind)| {
            let input = defined.get(name)?;
            let ours = input.contains(".rcgu.o") || input.contains("pinned_libm");
            (!ours).then(|| format!("{name} ({kind}) comes from {input}"))
        })
        .collect();
    if !leaks.is_empty() {
        bail!(
            "{}: {} (every one must resolve to pinned-libm's exports)",
            binary.display(),
            leaks.join("; ")
        );
    }
    Ok(())
}

/// Symbol name -> the input that defines it, from a wasm-ld map: each
/// definition is an input line `<file>:(<section>)` followed by the symbol.
fn definitions(map: &str) -> std::collections::BTreeMap<String, String> {
    let mut found = std::collections::BTreeMap::new();
    let mut input: Option<&str> = None;
    for line in map.lines() {
        let last = line.split_whitespace().last().unwrap_or("");
        if let Some(at) = last.rfind(":(") {
            input = Some(&last[..at]);
        } else if let Some(file) = input {
            found
                .entry(last.to_string())
                .or_insert_with(|| file.to_string());
        }
    }
    found
}

/// The undefined dynamic symbols of `binary`, versions stripped.
fn imported_names(binary: &Path) -> Result<BTreeSet<String>> {
    let out = std::process::Command::new("readelf")
        .args(["--dyn-syms", "-W"])
        .arg(binary)
        .output()
        .context("readelf (binutils) checks the pins: apt-get install -y binutils")?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(" UND "))
        .filter_map(|l| l.split_whitespace().nth(7))
        .map(|sym| sym.split('@').next().unwrap_or(sym).to_string())
        .collect())
}

/// The foreign tables whose words occur in `bytes` as a whole C string.
fn foreign_tables(bytes: &[u8]) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut found = Vec::new();
    for piece in bytes.split(|b| *b == 0) {
        if let Some(hit) = FOREIGN_TABLES
            .iter()
            .find(|(_, _, words)| words.as_bytes() == piece)
        {
            if !found.contains(hit) {
                found.push(*hit);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::Scratch;

    /// Compiles a C program whose `main` calls `call` (from the platform
    /// libc/libm), as `main` in the returned directory.
    fn program_calling(name: &str, header: &str, call: &str) -> Scratch {
        let dir = Scratch::new(&format!("pin-leak-{name}"));
        let src = dir.join("main.c");
        std::fs::write(
            &src,
            format!("#include <{header}>\nint main(int c, char **v) {{ (void)v; return (int){call}; }}\n"),
        )
        .unwrap();
        let exe = dir.join("main");
        let status = std::process::Command::new("cc")
            .args(["-O0", "-fno-builtin"])
            .arg(&src)
            .arg("-o")
            .arg(&exe)
            .arg("-lm")
            .status()
            .unwrap();
        assert!(status.success());
        dir
    }

    #[test]
    fn a_binary_importing_sin_from_libm_is_refused() {
        let dir = program_calling("sin", "math.h", "sin((double)c)");
        let err = check_pinned(&dir.join("main")).unwrap_err().to_string();
        assert!(err.contains("imports sin from the platform libm"), "{err}");
    }

    #[test]
    fn a_binary_importing_strerror_from_libc_is_refused() {
        let dir = program_calling("strerror", "string.h", "strerror(c)[0]");
        let err = check_pinned(&dir.join("main")).unwrap_err().to_string();
        assert!(
            err.contains("imports strerror from the platform libc: the C library text pin leaks"),
            "{err}"
        );
    }

    #[test]
    fn exact_functions_from_libm_and_libc_are_fine() {
        check_pinned(&program_calling("floor", "math.h", "floor((double)c)").join("main")).unwrap();
        check_pinned(&program_calling("strlen", "string.h", "strlen(v[0])").join("main")).unwrap();
    }

    const MAP: &str = "    Addr      Off     Size Out     In      Symbol
       -    4c65   37c540 CODE
       -    48082        b         /t/deps/hybrid-1.hybrid.2-cgu.0.rcgu.o:(sin)
       -    48082        b                 sin
       -    4808d       bf         /t/deps/hybrid-1.hybrid.2-cgu.0.rcgu.o:(strerror)
       -    4808d       bf                 strerror
       -   36fe3a       11         /r/self-contained/libc.a(closedir.c.obj):(closedir)
       -   36fe3a       11                 closedir
";

    #[test]
    fn a_wasm_link_map_with_the_pins_in_the_rust_objects_passes() {
        let dir = Scratch::new("pin-map");
        let map = dir.join("ok.map");
        std::fs::write(&map, MAP).unwrap();
        check_link_map(Path::new("h.wasm"), &map).unwrap();
    }

    #[test]
    fn a_wasm_link_map_with_wasi_libcs_cos_is_refused() {
        let dir = Scratch::new("pin-map");
        let map = dir.join("leak.map");
        let leak = "       -   36fe4b       2c         /r/self-contained/libc.a(cos.c.obj):(cos)\n       -   36fe4b       2c                 cos\n";
        std::fs::write(&map, format!("{MAP}{leak}")).unwrap();
        let err = check_link_map(Path::new("h.wasm"), &map)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cos (libm) comes from /r/self-contained/libc.a(cos.c.obj)"),
            "{err}"
        );
        assert!(!err.contains("sin "), "{err}");
        // A map that defines no pinned name at all proves nothing.
        std::fs::write(
            &map,
            "       -   1  2         /r/libc.a(x.o):(closedir)\n       -  1 2   closedir\n",
        )
        .unwrap();
        let err = check_link_map(Path::new("h.wasm"), &map)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("defines none of the pinned functions"),
            "{err}"
        );
    }

    #[test]
    fn musl_tables_in_a_static_binary_are_found_whole_strings_only() {
        let blob = b"\x7fELF\0Invalid argument\0No error information\0Illegal seek\0".to_vec();
        assert_eq!(
            foreign_tables(&blob),
            vec![("strerror", "musl", "No error information")]
        );
        // The same words inside a longer string (say, a docstring) are not a table.
        assert!(foreign_tables(b"\0the No error information case\0").is_empty());
        let dir = Scratch::new("pin-table");
        let fake = dir.join("static");
        std::fs::write(&fake, &blob).unwrap();
        let err = check_pinned(&fake).unwrap_err().to_string();
        assert!(err.contains("carries musl's strerror table"), "{err}");
    }
}
