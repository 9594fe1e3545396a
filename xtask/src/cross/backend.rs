//! `--backend cross`: the build runs inside the build image.
//!
//! cross starts a container of the image with the workspace at its own
//! path, the pinned toolchain at `/rust`, cargo's home at `/cargo` and a
//! target dir of the image's own at `/target`; inside, cargo builds xtask
//! and runs it, and that xtask builds CPython with the image's compilers and
//! the hybrid with cargo, exactly as on a host. The container has a target
//! dir and a cache of its own (`target/in-image/<tag>`,
//! `<cache>/in-image/<tag>`), so host-built and image-built binaries sit side
//! by side and can be compared byte for byte. The pinned sources are
//! fetched and verified on the host first: the build inside needs no
//! network.
//!
//! cross 0.2.5 takes a `--target` anywhere on its command line, even one
//! after `--` meant for xtask, to choose the image: every Linux target's
//! image is set to ours, so whichever it picks, the build runs in it.

use crate::config::target::TargetSpec;
use crate::util::{cache_dir, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Set inside the image: provisioning there must not reach for rustup
/// (not in the container) or the network (not needed).
pub const INSIDE_ENV: &str = "HYBRID_IN_BUILD_IMAGE";

pub fn inside() -> bool {
    std::env::var_os(INSIDE_ENV).is_some()
}

pub struct Backend {
    engine: crate::image::engine::Engine,
    tag: String,
    cross: super::Cross,
}

/// Why `spec` cannot be built in the image yet, if it cannot.
pub fn unsupported(spec: &TargetSpec) -> Option<String> {
    if spec.is_wasm() {
        return Some(format!(
            "{}: the build image holds no WASI toolchain yet",
            spec.triple
        ));
    }
    None
}

impl Backend {
    /// The image's tag (`localhost/hybrid-build:<hash>`).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The image built, cross installed, what cross needs provisioned, and
    /// the pinned sources in the image's cache.
    pub fn prepare(specs: &[TargetSpec]) -> Result<Backend> {
        crate::provision::Installer::from_env().provision(&crate::provision::image_tools())?;
        // The toolchain cross mounts is this machine's: its targets are added here.
        let triples: Vec<String> = specs.iter().map(|s| s.triple.clone()).collect();
        crate::provision::ensure_rust_targets(&triples)?;
        let definition = crate::image::definition::Definition::load()?;
        let (engine, tag) = crate::image::ensure_built(&definition)?;
        let cross = super::install()?;
        super::provision_rust_src()?;
        let backend = Backend { engine, tag, cross };
        backend.seed_downloads()?;
        Ok(backend)
    }

    fn short_tag(&self) -> &str {
        self.tag.rsplit(':').next().unwrap_or("image")
    }

    /// The target dir the image's builds write, seen from the host.
    pub fn target_dir(&self) -> PathBuf {
        target_dir().join("in-image").join(self.short_tag())
    }

    pub fn cache_dir(&self) -> PathBuf {
        cache_dir().join("in-image").join(self.short_tag())
    }

    /// The pinned source tarballs, verified on the host, linked into the
    /// image's cache (the container has no network).
    fn seed_downloads(&self) -> Result<()> {
        let pins = crate::cpython::pins::Pins::load(&crate::cpython::pins::Pins::default_path())?;
        let into = self.cache_dir().join("downloads");
        std::fs::create_dir_all(&into)?;
        for pin in [&pins.cpython, &pins.zlib] {
            let source = crate::cpython::source::obtain(pin, &pin.files[0], None)?;
            let name = source.file_name().context("a source has a file name")?;
            let copy = into.join(name);
            if !copy.is_file() {
                std::fs::hard_link(&source, &copy)
                    .or_else(|_| std::fs::copy(&source, &copy).map(|_| ()))
                    .with_context(|| {
                        format!("cannot put {} into {}", source.display(), into.display())
                    })?;
            }
        }
        Ok(())
    }

    /// Runs `cargo xtask <args>` inside the image.
    pub fn xtask(&self, args: &[&str]) -> Result<()> {
        let host = TargetSpec::host_triple();
        let mut cmd = self.cross.command(&self.engine);
        cmd.args(["run", "--locked", "--target", &host, "-p", "xtask", "--"])
            .args(args)
            .current_dir(crate::util::workspace_root())
            .env("CARGO_TARGET_DIR", self.target_dir())
            .env("HYBRID_CACHE_DIR", self.cache_dir())
            .env(INSIDE_ENV, &self.tag)
            .env("CARGO_NET_OFFLINE", "true")
            // Proof, not trust, that the build inside needs no network.
            .env("CROSS_CONTAINER_OPTS", "--network=none")
            .env("CROSS_BUILD_ENV_VOLUMES", "HYBRID_CACHE_DIR")
            .env(
                "CROSS_BUILD_ENV_PASSTHROUGH",
                format!("HYBRID_CACHE_DIR {INSIDE_ENV} CARGO_NET_OFFLINE"),
            );
        for triple in crate::config::target::known_triples()? {
            let variable = format!(
                "CROSS_TARGET_{}_IMAGE",
                triple.to_uppercase().replace('-', "_")
            );
            cmd.env(variable, &self.tag);
        }
        eprintln!(
            "cross: xtask {} inside {} (cross {})",
            args.join(" "),
            self.tag,
            self.cross.version
        );
        // Its report lines are progress here: stdout stays the caller's
        // (the matrix prints its table there).
        cmd.stdout(std::io::stderr());
        // Every run proves again that cross left the toolchains alone.
        let before = super::guard::toolchains_snapshot()?;
        let status = cmd.status().context("cannot run cross")?;
        let after = super::guard::toolchains_snapshot()?;
        if before != after {
            bail!(
                "the rustup toolchains changed while cross ran (the guard should have refused it):\n--- before\n{before}\n--- after\n{after}"
            );
        }
        if !status.success() {
            bail!(
                "xtask {} inside {} failed ({status})",
                args.join(" "),
                self.tag
            );
        }
        Ok(())
    }

    /// Where a file the image's xtask wrote under its target dir (`/target`)
    /// is on the host, given where the host's own build would put it.
    pub fn on_host(&self, host_path: &Path) -> Result<PathBuf> {
        let relative = host_path
            .strip_prefix(target_dir())
            .with_context(|| format!("{} is not in the target dir", host_path.display()))?;
        Ok(self.target_dir().join(relative))
    }
}

/// The backend, prepared on first use (the matrix and the release build
/// target by target): an error is kept and given to every later target.
pub type Lazy = std::cell::OnceCell<std::result::Result<Backend, String>>;

/// `spec`'s Pro binary built inside the image (`xtask build` there), as a
/// host path; a target the image cannot build is an error saying why.
pub fn build_pro(
    backend: &Lazy,
    spec: &TargetSpec,
    libm: crate::build::LibmMode,
) -> Result<PathBuf> {
    if let Some(why) = unsupported(spec) {
        bail!("--backend cross: {why}");
    }
    let backend = backend
        .get_or_init(|| {
            let specs: Vec<TargetSpec> = crate::config::target::known_triples()
                .and_then(|ts| ts.iter().map(|t| TargetSpec::load(t)).collect())
                .unwrap_or_default();
            Backend::prepare(&specs).map_err(|e| format!("{e:#}"))
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("the build image is not usable: {e}"))?;
    backend.xtask(&["build", "--libm", libm.name(), "--target", &spec.triple])?;
    let binary = backend.on_host(&crate::build::pro_binary_path(spec, libm))?;
    anyhow::ensure!(
        binary.is_file(),
        "the image's build left no {}",
        binary.display()
    );
    Ok(binary)
}
