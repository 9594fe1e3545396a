//! `cargo xtask image`: the Debian 12 build image of the cross backend,
//! built without a container registry. Its packages are what
//! `targets/*.toml` name plus a base, every one pinned by version in
//! `toolchains/build-image.toml`'s `[lock]`; mmdebstrap installs exactly
//! those into a root file system, which is checked against the lock and
//! imported into podman or docker under a tag derived from the definition.

mod containerfile;
pub mod definition;
pub mod engine;
mod rootfs;
mod wheels;

use anyhow::{bail, Result};
use clap::Args;
use definition::Definition;

#[derive(Args, Debug)]
pub struct ImageArgs {
    /// Re-pin: install the wanted packages at what the Debian archive serves
    /// now, and write every installed package's version into [lock] (and
    /// toolchains/Containerfile).
    #[arg(long)]
    pub pin: bool,
    /// Only check that the lock covers every target's packages and that
    /// toolchains/Containerfile is what the lock renders (no network).
    #[arg(long, conflicts_with = "pin")]
    pub check: bool,
    /// Then build a one-line crate for every Linux target inside the image
    /// through the pinned cross, and check that no rustup toolchain changed.
    #[arg(long, conflicts_with = "check")]
    pub probe: bool,
}

pub fn command(args: &ImageArgs) -> Result<bool> {
    let specs = all_specs()?;
    if !args.check {
        crate::disk::ensure_room_to_build()?;
        crate::provision::Installer::from_env().provision(&crate::provision::image_tools())?;
    }
    if args.pin {
        pin(&specs)?;
    }
    let definition = Definition::load()?;
    definition.check_lock_covers(&definition.wanted(&specs))?;
    let rendered = containerfile::render(&definition);
    if std::fs::read_to_string(containerfile::path())
        .ok()
        .as_deref()
        != Some(&rendered)
    {
        bail!(
            "{} is not what the lock renders: run `cargo xtask image --pin`",
            containerfile::path().display()
        );
    }
    if args.check {
        eprintln!(
            "image: the lock covers every target's packages ({} locked), the Containerfile matches",
            definition.lock.len()
        );
        return Ok(true);
    }
    let (engine, tag) = ensure_built(&definition)?;
    println!("{tag}");
    if args.probe {
        let linux: Vec<_> = specs.into_iter().filter(|s| !s.is_wasm()).collect();
        return crate::cross::probe::run(&tag, &engine, &linux);
    }
    Ok(true)
}

fn all_specs() -> Result<Vec<crate::config::target::TargetSpec>> {
    crate::config::target::known_triples()?
        .iter()
        .map(|t| crate::config::target::TargetSpec::load(t))
        .collect()
}

/// The image of `definition`, built and imported unless the engine has it,
/// and the engine, set up to start it.
pub fn ensure_built(definition: &Definition) -> Result<(engine::Engine, String)> {
    if let Some(why) = definition.host_mismatch() {
        bail!("{why}");
    }
    let mut engine = engine::Engine::detect()?;
    let tag = definition.tag();
    if engine.has_image(&tag) {
        // Built from toolchains/Containerfile on a machine without
        // mmdebstrap, the image is used as it is.
        let proven = if crate::run::on_path("mmdebstrap") {
            rootfs::still_served(&definition.suite, &definition.variant, &definition.lock)?;
            "its lock still resolves against the archive"
        } else {
            "no mmdebstrap here to re-prove its lock against the archive"
        };
        engine.make_runnable(&tag)?;
        eprintln!("image: {tag} is in {} already ({proven})", engine.program);
        return Ok((engine, tag));
    }
    let tar = crate::util::cache_dir()
        .join("image")
        .join(format!("{}.tar", tag.rsplit(':').next().unwrap_or("image")));
    if !tar.is_file() {
        let wheels = wheels::download(&definition.pip, &definition.requirements)?;
        rootfs::build(
            &definition.suite,
            &definition.variant,
            &rootfs::Install::Locked(&definition.lock),
            &wheels::customize_hooks(&wheels, &definition.pip),
            &tar,
        )?;
    }
    let differences = rootfs::differences(&definition.lock, &rootfs::installed(&tar)?);
    if !differences.is_empty() {
        let _ = std::fs::remove_file(&tar);
        bail!(
            "the root file system does not hold what the lock says:\n  {}",
            differences.join("\n  ")
        );
    }
    engine.import(&tar, &tag)?;
    // The engine must start it and find the same packages inside.
    engine.make_runnable(&tag)?;
    let listed = engine.run(
        &tag,
        &[
            "dpkg-query",
            "-W",
            "-f",
            "${db:Status-Abbrev} ${Package} ${Version}\n",
        ],
    )?;
    let inside: std::collections::BTreeMap<String, String> = listed
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let status = f.next()?;
            (status == "ii").then(|| Some((f.next()?.to_string(), f.next()?.to_string())))?
        })
        .collect();
    let differences = rootfs::differences(&definition.lock, &inside);
    if !differences.is_empty() {
        bail!(
            "{tag} in {} does not hold what the lock says:\n  {}",
            engine.program,
            differences.join("\n  ")
        );
    }
    let installed = engine
        .run(&tag, &["python3", "-m", "pip", "list", "--format=freeze"])?
        .to_lowercase();
    for pin in wheels::pinned(&definition.requirements) {
        if !installed.lines().any(|l| l.trim() == pin) {
            bail!("{tag} does not hold {pin} (toolchains/build-image.toml pip)");
        }
    }
    eprintln!(
        "image: {tag} imported into {} {} ({} packages at their locked versions, checked inside)",
        engine.program,
        engine.version,
        definition.lock.len()
    );
    Ok((engine, tag))
}

/// Installs the wanted packages at the archive's versions and locks what
/// that gave, dependencies included.
fn pin(specs: &[crate::config::target::TargetSpec]) -> Result<()> {
    let text = std::fs::read_to_string(definition::path())?;
    let unlocked = definition::parse(&definition::with_lock(&text, &Default::default()))?;
    if let Some(why) = unlocked.host_mismatch() {
        bail!("{why}");
    }
    let wanted = unlocked.wanted(specs);
    let tar = crate::util::cache_dir().join("image").join("pin.tar");
    let _ = std::fs::remove_file(&tar);
    rootfs::build(
        &unlocked.suite,
        &unlocked.variant,
        &rootfs::Install::Newest(wanted.iter().map(String::as_str).collect()),
        &[],
        &tar,
    )?;
    let lock = rootfs::installed(&tar)?;
    let _ = std::fs::remove_file(&tar);
    let pinned = definition::with_lock(&text, &lock);
    std::fs::write(definition::path(), &pinned)?;
    let definition = Definition::load()?;
    std::fs::write(containerfile::path(), containerfile::render(&definition))?;
    eprintln!(
        "image: locked {} packages ({} wanted) in {}",
        lock.len(),
        wanted.len(),
        definition::path().display()
    );
    Ok(())
}

/// The engine and the image, for `cargo xtask doctor` (neither is needed
/// unless building in the container).
pub fn doctor() {
    let engine = engine::Engine::detect();
    match &engine {
        Ok(e) => println!("container engine: {} {}", e.program, e.version),
        Err(e) => println!("container engine: none ({e:#})"),
    }
    match Definition::load() {
        Err(e) => println!("build image: {e:#}"),
        Ok(d) => {
            let state = match &engine {
                Ok(e) if e.has_image(&d.tag()) => "built".to_string(),
                Ok(_) => "not built (cargo xtask image)".to_string(),
                Err(_) => "no engine to hold it".to_string(),
            };
            println!(
                "build image: {} ({} packages locked in toolchains/build-image.toml): {state}",
                d.tag(),
                d.lock.len()
            );
        }
    }
}
