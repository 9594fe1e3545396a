//! Configures and makes zlib and a static CPython for one target, with the
//! flags from the pins. Every extension module that configure enables is made
//! a builtin, so `libpython3.11.a` (+ mpdec, expat, z) is the whole runtime.

use super::logrun;
use super::pins::{LibOrigin, Pins};
use crate::config::target::TargetSpec;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one target build needs to know.
pub struct Recipe<'a> {
    pub pins: &'a Pins,
    pub spec: &'a TargetSpec,
    /// Full configure/make output goes here.
    pub log: &'a Path,
    pub jobs: usize,
}

impl Recipe<'_> {
    /// True unless the target is the build machine itself: configure then
    /// cannot run target binaries and needs --build/--host and cache answers.
    pub fn is_cross(&self) -> bool {
        self.spec.triple != TargetSpec::host_triple()
    }

    fn label(&self, step: &str) -> String {
        format!("[{}] {step}", self.spec.triple)
    }

    /// The environment every configure and make sees: the target's compiler,
    /// archiver, the pinned CFLAGS and a fixed SOURCE_DATE_EPOCH.
    fn command(&self, program: &str, dir: &Path) -> Command {
        let mut cmd = Command::new(program);
        let ranlib = match self.spec.cc.ar.strip_suffix("ar") {
            Some(prefix) => format!("{prefix}ranlib"),
            None => "ranlib".to_string(),
        };
        cmd.current_dir(dir)
            .env("CC", self.spec.cc.command.join(" "))
            .env("AR", &self.spec.cc.ar)
            .env("RANLIB", ranlib)
            .env(
                "CFLAGS",
                self.pins
                    .build
                    .cflags
                    .iter()
                    .chain(&self.spec.cc.cflags)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .env(
                "SOURCE_DATE_EPOCH",
                self.pins.build.source_date_epoch.to_string(),
            )
            .env("LC_ALL", "C")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .env_remove("CPPFLAGS")
            .env_remove("LDFLAGS")
            .env_remove("PYTHONPATH")
            .env_remove("PYTHONHOME");
        cmd
    }

    fn make(&self, dir: &Path, targets: &[String], step: &str) -> Result<()> {
        let mut cmd = self.command("make", dir);
        cmd.arg(format!("-j{}", self.jobs)).args(targets);
        logrun::run(cmd, &self.label(step), self.log)
    }

    /// Builds zlib statically into `prefix` (lib/libz.a, include/, lib/pkgconfig/zlib.pc).
    pub fn build_zlib(&self, src: &Path, prefix: &Path) -> Result<()> {
        let mut cmd = self.command("./configure", src);
        cmd.arg("--static")
            .arg(format!("--prefix={}", prefix.display()));
        logrun::run(cmd, &self.label("configure zlib"), self.log)?;
        self.make(src, &["libz.a".to_string()], "make zlib")?;
        self.make(src, &["install".to_string()], "install zlib")
    }

    /// Configures and makes CPython in its source tree; returns the builtin
    /// module names (from the generated `Modules/config.c`).
    pub fn build_cpython(&self, src: &Path, zlib_prefix: &Path) -> Result<Vec<String>> {
        let b = &self.pins.build;
        apply_source_edits(src, &self.spec.cc.source_edits)?;
        let mut cmd = self.command("./configure", src);
        cmd.arg("--prefix=/nonexistent")
            .args(&b.configure)
            .args(
                b.disabled_modules
                    .iter()
                    .map(|m| format!("py_cv_module_{m}=n/a")),
            )
            .env(
                "CPPFLAGS",
                format!("-I{}", zlib_prefix.join("include").display()),
            )
            .env(
                "LDFLAGS",
                format!("-L{}", zlib_prefix.join("lib").display()),
            )
            // Only the target prefix: the build machine's libraries must not leak in.
            .env(
                "PKG_CONFIG_LIBDIR",
                zlib_prefix.join("lib").join("pkgconfig"),
            )
            .env("PKG_CONFIG_PATH", "");
        if self.is_cross() {
            cmd.arg(format!("--build={}-pc-linux-gnu", std::env::consts::ARCH))
                .arg(format!("--host={}", self.spec.cc.host))
                .arg(format!(
                    "--with-build-python={}",
                    self.pins.build_python.display()
                ))
                .args(&b.cross_cache);
        }
        if let Some(readelf) = &self.spec.cc.readelf {
            cmd.env("READELF", readelf);
        }
        cmd.args(&self.spec.cc.configure_cache);
        logrun::run(cmd, &self.label("configure cpython"), self.log)?;
        write_setup_local(src)?;
        let targets = self
            .spec
            .cc
            .make_targets
            .as_ref()
            .unwrap_or(&b.make_targets);
        self.make(src, targets, "make cpython")?;
        builtin_modules(&src.join("Modules").join("config.c"))
    }

    /// Compiles the target's support libraries (C sources the toolchain
    /// ships) into `dir/lib<name>.a`, with the target's compiler and flags.
    pub fn build_support_libs(&self, dir: &Path) -> Result<()> {
        let libs = &self.spec.cc.support_libs;
        if libs.is_empty() {
            return Ok(());
        }
        let zig_lib = zig_lib_dir()?;
        let expand = |text: &str| text.replace("{zig_lib_dir}", &zig_lib);
        let (cc, cc_args) = self
            .spec
            .cc
            .command
            .split_first()
            .context("cc.command is empty")?;
        let (ar, ar_args) = self
            .spec
            .cc
            .ar
            .split_whitespace()
            .collect::<Vec<_>>()
            .split_first()
            .map(|(a, rest)| {
                (
                    a.to_string(),
                    rest.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
            })
            .context("cc.ar is empty")?;
        for lib in libs {
            let objects = dir.join(format!("{}-objects", lib.name));
            std::fs::create_dir_all(&objects)?;
            let source_dir = PathBuf::from(expand(&lib.source_dir));
            let mut made = Vec::new();
            for (i, source) in lib.sources.iter().enumerate() {
                let path = source_dir.join(source);
                if !path.is_file() {
                    bail!(
                        "support library {}: {} does not exist (is this the pinned C toolchain?)",
                        lib.name,
                        path.display()
                    );
                }
                let object = objects.join(format!("{i}.o"));
                let mut cmd = self.command(cc, dir);
                cmd.args(cc_args)
                    .args(self.pins.build.cflags.iter().chain(&self.spec.cc.cflags))
                    .args(lib.cflags.iter().map(|f| expand(f)))
                    .arg("-c")
                    .arg(&path)
                    .arg("-o")
                    .arg(&object);
                logrun::run(cmd, &self.label(&format!("compile {source}")), self.log)?;
                made.push(object);
            }
            let archive = dir.join(format!("lib{}.a", lib.name));
            let mut cmd = self.command(&ar, dir);
            cmd.args(&ar_args).arg("rcsD").arg(&archive).args(&made);
            logrun::run(
                cmd,
                &self.label(&format!("archive lib{}.a", lib.name)),
                self.log,
            )?;
        }
        Ok(())
    }

    /// The static libraries to link, in link order: (link name, file).
    /// `support_dir` is where [`Recipe::build_support_libs`] put its archives.
    pub fn libraries(
        &self,
        cpython_src: &Path,
        zlib_prefix: &Path,
        support_dir: &Path,
    ) -> Vec<(String, PathBuf)> {
        let mut libs = vec![(
            format!("python{}", self.pins.minor_version()),
            cpython_src.join(format!("libpython{}.a", self.pins.minor_version())),
        )];
        for lib in &self.pins.build.extra_libs {
            let base = match lib.from {
                LibOrigin::Cpython => cpython_src,
                LibOrigin::Zlib => zlib_prefix,
            };
            libs.push((lib.name.clone(), base.join(&lib.path)));
        }
        for lib in &self.spec.cc.support_libs {
            libs.push((
                lib.name.clone(),
                support_dir.join(format!("lib{}.a", lib.name)),
            ));
        }
        libs
    }
}

/// The pinned zig's library directory (its bundled libc sources).
fn zig_lib_dir() -> Result<String> {
    let out = crate::util::stdout_of(
        Command::new("python3").args(["-m", "ziglang", "env"]),
        "`python3 -m ziglang env` (a support library's sources are zig's)",
    )?;
    let env: serde_json::Value =
        serde_json::from_slice(&out).context("`python3 -m ziglang env` did not print JSON")?;
    env["lib_dir"]
        .as_str()
        .map(str::to_string)
        .context("`python3 -m ziglang env` names no lib_dir")
}

/// Applies a target's pinned source edits; each `from` must occur once.
fn apply_source_edits(src: &Path, edits: &[crate::config::target::SourceEdit]) -> Result<()> {
    for edit in edits {
        crate::config::target::apply_edit(src, &edit.file, &edit.from, &edit.to, "CPython")?;
    }
    Ok(())
}

/// Makes every module configure enabled a builtin: the module part of the
/// generated `Modules/Setup.stdlib`, marked `*static*`, becomes
/// `Modules/Setup.local` (test-only modules after its `*shared*` marker are dropped).
fn write_setup_local(src: &Path) -> Result<()> {
    let stdlib = src.join("Modules").join("Setup.stdlib");
    let text = std::fs::read_to_string(&stdlib)
        .with_context(|| format!("configure did not write {}", stdlib.display()))?;
    let mut out =
        String::from("# Generated by cargo xtask cpython: every enabled module is builtin.\n");
    let mut seen_marker = false;
    for line in text.lines() {
        let marker = line.trim();
        if marker == "*shared*" || marker == "*static*" {
            if seen_marker {
                break;
            }
            seen_marker = true;
            out.push_str("*static*\n");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !seen_marker {
        bail!(
            "{}: no *shared*/*static* marker; the CPython version does not match this recipe",
            stdlib.display()
        );
    }
    let local = src.join("Modules").join("Setup.local");
    std::fs::write(&local, out).with_context(|| format!("cannot write {}", local.display()))
}

/// Module names in the `_PyImport_Inittab` of a generated `config.c`.
fn builtin_modules(config_c: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(config_c)
        .with_context(|| format!("make did not write {}", config_c.display()))?;
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("{\"")?
                .split_once('"')
                .map(|(n, _)| n.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    if names.len() < 20 {
        bail!(
            "{}: only {} builtin modules; the Setup.local step did not take effect",
            config_c.display(),
            names.len()
        );
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_support_library_source_that_is_not_in_the_toolchain_is_refused() {
        let pins = Pins::load(&Pins::default_path()).unwrap();
        let mut spec = TargetSpec::load("wasm32-wasip1").unwrap();
        spec.cc.support_libs[0].sources = vec!["signal/no-such-file.c".into()];
        let dir = crate::util::Scratch::new("support-lib");
        let recipe = Recipe {
            pins: &pins,
            spec: &spec,
            log: &dir.join("build.log"),
            jobs: 1,
        };
        let err = recipe.build_support_libs(&dir).unwrap_err().to_string();
        assert!(
            err.contains("support library wasi-emulated:")
                && err.contains("libc/wasi/libc-bottom-half/signal/no-such-file.c does not exist"),
            "{err}"
        );
        assert!(
            !err.contains("{zig_lib_dir}"),
            "the placeholder is expanded: {err}"
        );
        // Listed in link order after CPython's own libraries.
        let libs = recipe.libraries(Path::new("/src"), Path::new("/zlib"), &dir);
        assert_eq!(
            libs.last().unwrap(),
            &("wasi-emulated".to_string(), dir.join("libwasi-emulated.a"))
        );
    }

    #[test]
    fn a_source_edit_applies_once_or_refuses() {
        use crate::config::target::SourceEdit;
        let dir = crate::util::Scratch::new("source-edit");
        std::fs::create_dir_all(dir.join("Include")).unwrap();
        std::fs::write(dir.join("Include/a.h"), "int f(void);\nint g(void);\n").unwrap();
        let edit = |from: &str| SourceEdit {
            file: "Include/a.h".into(),
            from: from.into(),
            to: "void f(void);".into(),
            why: "test".into(),
        };
        apply_source_edits(&dir, &[edit("int f(void);")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("Include/a.h")).unwrap(),
            "void f(void);\nint g(void);\n"
        );
        // Applied again, the text is gone: a different source fails loudly.
        let err = apply_source_edits(&dir, &[edit("int f(void);")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("occurs 0 times, not once"), "{err}");
        let err = apply_source_edits(&dir, &[edit("(void);")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("occurs 2 times"), "{err}");
    }
}
