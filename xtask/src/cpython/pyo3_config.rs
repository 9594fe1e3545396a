//! The `PYO3_CONFIG_FILE` for one target's static CPython: it tells PyO3 which
//! interpreter it links (no probing of a host python, which would be the wrong
//! architecture) and adds the link lines for libpython's own static deps.

use std::path::Path;

/// Text of the config file. `libs` are the static libraries in link order,
/// the first being libpython itself (PyO3 emits its link line from `lib_name`).
pub fn render(minor_version: &str, lib_dir: &Path, libs: &[String], pointer_width: u32) -> String {
    let mut text = format!(
        "implementation=CPython\n\
         version={minor_version}\n\
         shared=false\n\
         abi3=false\n\
         lib_name=python{minor_version}\n\
         lib_dir={}\n\
         pointer_width={pointer_width}\n\
         build_flags=\n\
         suppress_build_script_link_lines=false\n",
        lib_dir.display()
    );
    text.push_str(&format!(
        "extra_build_script_line=cargo:rustc-link-search=native={}\n",
        lib_dir.display()
    ));
    for lib in libs.iter().skip(1) {
        text.push_str(&format!(
            "extra_build_script_line=cargo:rustc-link-lib=static={lib}\n"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_the_extra_libs_in_order_after_libpython() {
        let libs = ["python3.11", "mpdec", "expat", "z"].map(String::from);
        let text = render("3.11", Path::new("/c/lib"), &libs, 64);
        assert!(text.contains("pointer_width=64\n"), "{text}");
        assert!(render("3.11", Path::new("/c/lib"), &libs, 32).contains("pointer_width=32\n"));
        assert!(
            text.contains("lib_name=python3.11\nlib_dir=/c/lib\n"),
            "{text}"
        );
        assert!(text.contains("shared=false") && text.contains("abi3=false"));
        let mpdec = text.find("static=mpdec").unwrap();
        let z = text.find("static=z\n").unwrap();
        assert!(mpdec < z && !text.contains("static=python3.11"), "{text}");
    }
}
