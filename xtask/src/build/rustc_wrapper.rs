//! The Light build runs rustc through xtask itself (cargo's `RUSTC_WRAPPER`)
//! for two things cargo cannot be told otherwise:
//!
//! - **Paths of host compiles.** With `--target`, `RUSTFLAGS` (and so our
//!   `--remap-path-prefix`) reach only the target's crates, not build
//!   scripts and proc macros. Their unremapped paths change their crate
//!   hashes, which every dependent crate carries: `castaway` (which uses the
//!   `rustversion` proc macro) alone differed between two build directories,
//!   and the Light binary differed in 8.8 MB of its 28.6. The wrapper gives
//!   every compile the same remapping.
//! - **Hash order inside proc macros.** RustPython's `py_freeze!` encodes the
//!   frozen stdlib by iterating a std `HashMap`, and its `#[pyclass]`/
//!   `#[pymodule]` expansions iterate others; std seeds each from
//!   `getrandom(2)`, so every compile laid the stdlib and the generated code
//!   out differently (two builds differed in 6.2 MB of `.rodata`). rustc
//!   runs with a preloaded `getrandom` that returns fixed bytes: the seeds,
//!   and so the orders, are the same in every build, as CPython freezes its
//!   stdlib with `PYTHONHASHSEED=0`.
//! - **The environment RustPython records** (see `recorded_env`).
//! - **A target's pinned crate edits** (see `crate_edits`).
//!
//! Everything else reaches rustc unchanged.

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Holds the extra rustc arguments, separated by `\x1f` (as cargo's
/// `CARGO_ENCODED_RUSTFLAGS`); its presence means "run as the wrapper".
pub const WRAPPER_ENV: &str = "HYBRID_XTASK_AS_RUSTC_WRAPPER";
/// The fixed-`getrandom` library rustc is started with.
const PRELOAD_ENV: &str = "HYBRID_XTASK_RUSTC_PRELOAD";

/// Bumped whenever what the wrapper does to a compile changes: cargo cannot
/// see that, so a target dir built by another generation starts over.
pub const GENERATION: u32 = 1;

/// `getrandom(2)` returning a fixed byte pattern, for rustc only (no_std, so
/// it builds with rustc alone and needs no C compiler).
const FIXED_GETRANDOM: &str = r#"#![no_std]
/// Fills `buf` with the same bytes every time: seeds drawn by rustc and its
/// proc macros are fixed, so their hash-map orders repeat.
#[no_mangle]
pub unsafe extern "C" fn getrandom(buf: *mut u8, len: usize, _flags: u32) -> isize {
    let mut i = 0;
    while i < len {
        *buf.add(i) = (i as u8).wrapping_mul(97).wrapping_add(1);
        i += 1;
    }
    len as isize
}
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
"#;

/// The wrapper cargo is given for `dir`: a copy of this executable (a copy,
/// not a link, so rebuilding xtask during a Light build cannot swap it),
/// and the environment that makes it one.
pub fn install(dir: &Path, extra_args: &[String]) -> Result<Vec<(&'static str, OsString)>> {
    let wrapper = dir.join("xtask-as-rustc-wrapper");
    // `/proc/self/exe` still reads after `cargo build` replaced xtask's file.
    let ours = std::fs::read("/proc/self/exe").context("reading the running xtask")?;
    if std::fs::read(&wrapper).ok().as_deref() != Some(ours.as_slice()) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(dir)?;
        let tmp = wrapper.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, &ours).with_context(|| tmp.display().to_string())?;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
        std::fs::rename(&tmp, &wrapper).with_context(|| wrapper.display().to_string())?;
    }
    Ok(vec![
        ("RUSTC_WRAPPER", wrapper.into_os_string()),
        (WRAPPER_ENV, extra_args.join("\x1f").into()),
        (PRELOAD_ENV, fixed_getrandom_library(dir)?.into_os_string()),
    ])
}

/// Starts `dir` over when a wrapper of another [`GENERATION`], or with
/// other crate edits, built it (cargo would keep what that one compiled).
pub fn start_over_if_older(dir: &Path, edits: &[crate::config::target::CrateEdit]) -> Result<()> {
    let marker = dir.join("rustc-wrapper-generation");
    let current = format!("{GENERATION}{}", super::crate_edits::marker(edits)?);
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(current.as_str()) {
        return Ok(());
    }
    if dir.exists() {
        eprintln!(
            "build: {} was built by another generation of the rustc wrapper: building it again from nothing",
            dir.display()
        );
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(&marker, current)?;
    Ok(())
}

/// The fixed-`getrandom` library in `dir`, compiled (with the rustc cargo
/// uses) when missing or when its source changed.
fn fixed_getrandom_library(dir: &Path) -> Result<PathBuf> {
    let library = dir.join("libfixed_getrandom.so");
    let source = dir.join("fixed_getrandom.rs");
    if library.is_file()
        && std::fs::read_to_string(&source).ok().as_deref() == Some(FIXED_GETRANDOM)
    {
        return Ok(library);
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(&source, FIXED_GETRANDOM)?;
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let status = std::process::Command::new(&rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "cdylib",
            "-C",
            "panic=abort",
            "-C",
            "opt-level=2",
            "-o",
        ])
        .arg(&library)
        .arg(&source)
        .status()
        .with_context(|| format!("cannot run {}", PathBuf::from(&rustc).display()))?;
    if !status.success() {
        bail!("compiling {} failed ({status})", source.display());
    }
    Ok(library)
}

/// Runs as cargo's `RUSTC_WRAPPER`: `args` are `rustc <rustc args>`.
/// Filters a recorded environment if this compile is the recording crate,
/// then replaces this process with rustc and the extra arguments.
pub fn run(args: Vec<OsString>) -> Result<std::convert::Infallible> {
    let (rustc, rest) = args
        .split_first()
        .context("cargo started the rustc wrapper without a rustc")?;
    super::recorded_env::filter_for(crate_name(rest))?;
    let extra = std::env::var(WRAPPER_ENV).unwrap_or_default();
    let extra: Vec<String> = extra
        .split('\x1f')
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    let mut command = std::process::Command::new(rustc);
    command.args(super::crate_edits::rewrite(rest.to_vec(), &extra)?);
    if let Some(library) = std::env::var_os(PRELOAD_ENV) {
        let mut preload = library;
        if let Some(others) = std::env::var_os("LD_PRELOAD") {
            preload.push(":");
            preload.push(others);
        }
        command.env("LD_PRELOAD", preload);
    }
    use std::os::unix::process::CommandExt;
    let err = command.exec();
    bail!("could not start {}: {err}", PathBuf::from(rustc).display())
}

/// The value of rustc's `--crate-name`.
pub(super) fn crate_name(args: &[OsString]) -> Option<&str> {
    let at = args.iter().position(|a| a == "--crate-name")?;
    args.get(at + 1)?.to_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_name_is_read_from_rustcs_arguments() {
        let args: Vec<OsString> = [
            "--edition=2024",
            "--crate-name",
            "rustpython_vm",
            "src/lib.rs",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        assert_eq!(crate_name(&args), Some("rustpython_vm"));
        assert_eq!(crate_name(&args[..1]), None);
    }

    #[test]
    fn the_preloaded_getrandom_gives_every_process_the_same_bytes() {
        let dir = crate::util::Scratch::new("fixed-getrandom");
        let library = fixed_getrandom_library(&dir).unwrap();
        // CPython's os.urandom asks libc's getrandom, as std's HashMap seeds do.
        let draw = || {
            let out = std::process::Command::new("/usr/bin/python3.11")
                .args(["-S", "-c", "import os; print(os.urandom(8).hex())"])
                .env("LD_PRELOAD", &library)
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        assert_eq!(draw(), "0162c32485e647a8\n"); // byte i is i * 97 + 1
        assert_eq!(draw(), draw());
        // Built once: a second call reuses it.
        let built = std::fs::metadata(&library).unwrap().modified().unwrap();
        fixed_getrandom_library(&dir).unwrap();
        assert_eq!(
            std::fs::metadata(&library).unwrap().modified().unwrap(),
            built
        );
    }

    #[test]
    fn a_target_dir_of_another_generation_starts_over() {
        let dir = crate::util::Scratch::new("wrapper-generation");
        std::fs::create_dir_all(dir.join("light/deps")).unwrap();
        std::fs::write(dir.join("light/deps/old.rlib"), b"x").unwrap();
        start_over_if_older(&dir, &[]).unwrap();
        assert!(!dir.join("light/deps/old.rlib").exists());
        std::fs::write(dir.join("kept"), b"x").unwrap();
        start_over_if_older(&dir, &[]).unwrap();
        assert!(dir.join("kept").exists(), "same generation: kept");
        // New crate edits: cargo would keep the unedited crate, so start over.
        let edit = crate::config::target::CrateEdit {
            krate: "c".into(),
            file: "src/lib.rs".into(),
            from: "a".into(),
            to: "b".into(),
            why: "test".into(),
        };
        start_over_if_older(&dir, std::slice::from_ref(&edit)).unwrap();
        assert!(!dir.join("kept").exists(), "other edits: started over");
        std::fs::write(dir.join("kept"), b"x").unwrap();
        start_over_if_older(&dir, &[edit]).unwrap();
        assert!(dir.join("kept").exists(), "same edits: kept");
    }
}
