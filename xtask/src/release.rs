//! `cargo xtask release --tier pro|light`: one self-contained `hybrid` per
//! target in a deterministic archive, with checksums and a manifest of every
//! pinned input. It runs the matrix on the binaries it ships and refuses on
//! disagreement (for the Light tier: on a Light verdict that fails, see
//! `matrix::light`). `--verify-reproducible` builds each binary a second time
//! in another directory and compares the bytes.

use crate::build::{self, LibmMode, Tier};
use crate::config::matrix::MatrixConfig;
use crate::config::target::TargetSpec;
use crate::matrix::{self, MatrixArgs};
use crate::util::{sha256_file, target_dir};
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ReleaseArgs {
    #[arg(long, value_enum, default_value = "pro")]
    pub tier: Tier,
    /// Targets to release (default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// Where the archives, checksums and manifest go.
    #[arg(long, default_value_os_t = target_dir().join("dist"))]
    pub out: PathBuf,
    /// Build every binary twice in different directories and compare the bytes.
    #[arg(long)]
    pub verify_reproducible: bool,
    /// Build the Pro binaries here, or inside the build image through the
    /// pinned cross (the matrix still runs them here first).
    #[arg(long, value_enum, default_value = "host")]
    pub backend: build::BuildBackend,
}

/// The tier's binary for `spec`, built (or found built) in its usual place.
fn build_tier(spec: &TargetSpec, tier: Tier) -> Result<PathBuf> {
    match tier {
        Tier::Pro => build::build_pro_hybrid(spec, LibmMode::Pinned),
        Tier::Light => build::build_light_hybrid(spec),
    }
}

/// The tier's binary for `spec` built again with `dir` as cargo's target dir.
fn build_tier_in(spec: &TargetSpec, tier: Tier, dir: &Path) -> Result<PathBuf> {
    match tier {
        Tier::Pro => build::build_pro_hybrid_in(spec, LibmMode::Pinned, dir),
        Tier::Light => build::build_light_hybrid_in(spec, dir),
    }
}

pub fn command(args: &ReleaseArgs) -> Result<bool> {
    let specs = selected_targets(&args.targets)?;
    let in_image = args.backend == build::BuildBackend::Cross;
    if in_image {
        anyhow::ensure!(
            args.tier == Tier::Pro && !args.verify_reproducible,
            "--backend cross releases the Pro tier (to compare the image's bytes with this machine's: cargo xtask build --backend cross --compare-host)"
        );
    }
    if args.verify_reproducible {
        return verify_reproducible(&specs, args.tier);
    }
    let backend = crate::cross::backend::Lazy::new();
    // One way to the binaries for the matrix and for the archives, so the
    // released bytes are the ones the matrix ran.
    let build = |spec: &TargetSpec, tier: Tier, libm: LibmMode| -> Result<PathBuf> {
        match tier {
            Tier::Pro if in_image => crate::cross::backend::build_pro(&backend, spec, libm),
            Tier::Pro => build::build_pro_hybrid(spec, libm),
            Tier::Light => build::build_light_hybrid(spec),
        }
    };

    // The matrix on exactly these binaries; no release on disagreement.
    // The Pro and Light tiers can be released into one directory (one
    // set of release assets): the Light tier's files carry `-light`.
    let suffix = match args.tier {
        Tier::Pro => "",
        Tier::Light => "-light",
    };
    let (sums_name, manifest_name) = (
        format!("SHA256SUMS{suffix}"),
        format!("manifest{suffix}.json"),
    );
    let matrix_json = args.out.join(format!("matrix{suffix}.json"));
    std::fs::create_dir_all(&args.out)?;
    let matrix_args = MatrixArgs {
        backend: args.backend,
        action: None,
        targets: specs.iter().map(|s| s.triple.clone()).collect(),
        samples: vec![],
        py: vec![],
        partition: vec![],
        jobs: None,
        runs: None,
        timeout: None,
        json: Some(matrix_json.clone()),
        // What ships is proven now, not recalled: every cell runs.
        rerun: true,
        no_build: false,
        no_provision: false,
        config: MatrixConfig::default_path(),
        runner: None,
        libm: LibmMode::Pinned,
        tier: args.tier,
    };
    if !matrix::command(&matrix_args, &|spec, tier, libm, _| build(spec, tier, libm))? {
        bail!(
            "release refused: the matrix does not agree (see the table above and {})",
            matrix_json.display()
        );
    }

    let version = crate::util::layout().version.as_str();
    let epoch = source_date_epoch()?;
    let mut sums = String::new();
    let mut artifacts = Vec::new();
    for spec in &specs {
        let binary = build(spec, args.tier, LibmMode::Pinned)?;
        let name = match args.tier {
            Tier::Pro => format!("hybrid-{version}-{}", spec.triple),
            Tier::Light => format!("hybrid-light-{version}-{}", spec.triple),
        };
        let archive = args.out.join(format!("{name}.tar.gz"));
        write_archive(&archive, &name, &binary, epoch)?;
        let sha = sha256_file(&archive)?;
        let line = format!("{sha}  {name}.tar.gz\n");
        std::fs::write(args.out.join(format!("{name}.tar.gz.sha256")), &line)?;
        sums.push_str(&line);
        let mut artifact = json!({
            "target": spec.triple,
            "archive": format!("{name}.tar.gz"),
            "archive_sha256": sha,
            "binary_sha256": sha256_file(&binary)?,
            "binary_bytes": std::fs::metadata(&binary)?.len(),
            "linker": spec.rust.linker.as_deref().unwrap_or("the Rust target's own (rust-lld)"),
        });
        match args.tier {
            Tier::Pro if in_image => {
                let pins =
                    crate::cpython::pins::Pins::load(&crate::cpython::pins::Pins::default_path())?;
                artifact["cpython"] = json!(pins.cpython);
                artifact["built_in_image"] = json!(backend
                    .get()
                    .and_then(|b| b.as_ref().ok())
                    .map(|b| b.tag().to_string()));
            }
            Tier::Pro => {
                let cpython = crate::cpython::ensure(spec)?;
                artifact["cpython"] = json!(cpython.pins);
                artifact["cpython_cache_key"] = json!(cpython.cache_key);
            }
            Tier::Light => {
                artifact["engine"] = json!(crate::matrix::light::engine_identity());
                artifact["link_overrides"] = json!(spec.light.link_overrides);
            }
        }
        artifacts.push(artifact);
        println!("release: {} ({})", archive.display(), &sha[..16]);
    }
    std::fs::write(args.out.join(&sums_name), &sums)?;
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&matrix_json)?)?;
    let manifest = json!({
        "version": version,
        "tier": args.tier.name(),
        "source_date_epoch": epoch,
        "libm": { "crate": "libm", "version": matrix::pinned_libm_version() },
        "libc_text": matrix::pinned_text_identity(),
        "rustc": crate::run::tool_version("rustc", "-vV"),
        "rustc_version": crate::run::tool_version("rustc", "--version"),
        "artifacts": artifacts,
        "matrix": { "agrees": report["agrees"], "verdicts": report["verdicts"], "light": report["light"], "environment": report["environment"] },
    });
    std::fs::write(
        args.out.join(&manifest_name),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    println!(
        "release: {sums_name} and {manifest_name} in {} (check with: cd {} && sha256sum -c {sums_name})",
        args.out.display(),
        args.out.display()
    );
    Ok(true)
}

fn selected_targets(wanted: &[String]) -> Result<Vec<TargetSpec>> {
    crate::config::matrix::selected_triples(wanted)?
        .iter()
        .map(|t| TargetSpec::load(t))
        .collect()
}

/// `SOURCE_DATE_EPOCH` from the environment, else the pinned one in toolchains/.
fn source_date_epoch() -> Result<u64> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return v
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is not a number"));
    }
    Ok(
        crate::cpython::pins::Pins::load(&crate::cpython::pins::Pins::default_path())?
            .build
            .source_date_epoch,
    )
}

/// A tar.gz whose bytes depend only on the binary: one directory and one file,
/// sorted, mtime = `epoch`, owner 0:0, no user names, no gzip timestamp or name.
pub fn write_archive(path: &Path, top: &str, binary: &Path, epoch: u64) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    let mut dir = tar::Header::new_ustar();
    dir.set_entry_type(tar::EntryType::Directory);
    dir.set_mode(0o755);
    dir.set_size(0);
    dir.set_mtime(epoch);
    dir.set_uid(0);
    dir.set_gid(0);
    dir.set_cksum();
    tar.append_data(&mut dir, format!("{top}/"), std::io::empty())?;
    let bytes =
        std::fs::read(binary).with_context(|| format!("cannot read {}", binary.display()))?;
    // `hybrid`, or `hybrid.wasm`: a module for a WASI runtime, not executable itself.
    let inside = binary
        .file_name()
        .context("a binary has a file name")?
        .to_string_lossy()
        .into_owned();
    let mut header = tar::Header::new_ustar();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mode(if inside.ends_with(".wasm") {
        0o644
    } else {
        0o755
    });
    header.set_size(bytes.len() as u64);
    header.set_mtime(epoch);
    header.set_uid(0);
    header.set_gid(0);
    header.set_cksum();
    tar.append_data(&mut header, format!("{top}/{inside}"), bytes.as_slice())?;
    tar.into_inner()?.finish()?.flush()?;
    Ok(())
}

/// Builds each target again, from nothing, in `target/repro/` and compares
/// binaries and archives (a second build that reused an earlier one's
/// artifacts would prove less).
fn verify_reproducible(specs: &[TargetSpec], tier: Tier) -> Result<bool> {
    let epoch = source_date_epoch()?;
    let mut all_same = true;
    println!("| target | first build | second build | binary | archive |\n|---|---|---|---|---|");
    for spec in specs {
        let first = build_tier(spec, tier)?;
        let second_dir =
            target_dir()
                .join("repro")
                .join(format!("{}-{}", spec.triple, tier.name()));
        if second_dir.exists() {
            std::fs::remove_dir_all(&second_dir)
                .with_context(|| format!("cannot empty {}", second_dir.display()))?;
        }
        let second = build_tier_in(spec, tier, &second_dir)?;
        let (a, b) = (sha256_file(&first)?, sha256_file(&second)?);
        let work = target_dir().join("repro");
        let (arch_a, arch_b) = (
            work.join(format!("{}-a.tar.gz", spec.triple)),
            work.join(format!("{}-b.tar.gz", spec.triple)),
        );
        write_archive(&arch_a, "hybrid", &first, epoch)?;
        write_archive(&arch_b, "hybrid", &second, epoch)?;
        let archives_same = sha256_file(&arch_a)? == sha256_file(&arch_b)?;
        let same = a == b && archives_same;
        all_same &= same;
        println!(
            "| {} | `{}` | `{}` | {} | {} |",
            spec.triple,
            &a[..16],
            &b[..16],
            if a == b {
                "✅ identical"
            } else {
                "❌ differs"
            },
            if archives_same {
                "✅ identical"
            } else {
                "❌ differs"
            }
        );
        if a != b {
            println!("\n{}", describe_difference(&first, &second)?);
        }
    }
    Ok(all_same)
}

/// Where two binaries differ: diffoscope when installed, else the ELF sections
/// holding the first differing bytes and how many bytes differ.
pub fn describe_difference(a: &Path, b: &Path) -> Result<String> {
    if crate::run::on_path("diffoscope") {
        let out = std::process::Command::new("diffoscope")
            .arg("--text")
            .arg("-")
            .arg(a)
            .arg(b)
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        return Ok(text.lines().take(60).collect::<Vec<_>>().join("\n"));
    }
    let (x, y) = (std::fs::read(a)?, std::fs::read(b)?);
    let differing: Vec<usize> = x
        .iter()
        .zip(&y)
        .enumerate()
        .filter(|(_, (p, q))| p != q)
        .map(|(i, _)| i)
        .collect();
    let headers = std::process::Command::new("readelf")
        .args(["-SW"])
        .arg(a)
        .output()?;
    // (name, file offset, size) of every section, parsed once.
    let sections: Vec<(String, usize, usize)> = String::from_utf8_lossy(&headers.stdout)
        .lines()
        .filter_map(|line| {
            // [Nr] Name Type Address Off Size ...
            let cols: Vec<&str> = line.split_whitespace().collect();
            let pos = cols.iter().position(|c| c.starts_with('['))?;
            let rest: Vec<&str> = cols[pos..]
                .iter()
                .copied()
                .filter(|c| *c != "[" && !c.ends_with(']'))
                .collect();
            (rest.len() >= 5).then(|| {
                let hex = |s: &str| usize::from_str_radix(s, 16).unwrap_or(0);
                (rest[0].to_string(), hex(rest[3]), hex(rest[4]))
            })
        })
        .collect();
    let section_of = |offset: usize| -> String {
        sections
            .iter()
            .find(|(_, off, size)| offset >= *off && offset < off + size)
            .map(|(name, _, _)| name.clone())
            .unwrap_or_else(|| "?".into())
    };
    let mut by_section: std::collections::BTreeMap<String, usize> = Default::default();
    for &i in &differing {
        *by_section.entry(section_of(i)).or_default() += 1;
    }
    Ok(format!(
        "sizes {} vs {} bytes; {} differing bytes, first at offset {:#x}; by section: {:?}",
        x.len(),
        y.len(),
        differing.len(),
        differing.first().copied().unwrap_or(0),
        by_section
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program_returning(n: u8, dir: &Path) -> PathBuf {
        let src = dir.join(format!("r{n}.c"));
        std::fs::write(&src, format!("int main(void) {{ return {n}; }}\n")).unwrap();
        let exe = dir.join(format!("r{n}"));
        let status = std::process::Command::new("cc")
            .arg("-O0")
            .arg(&src)
            .arg("-o")
            .arg(&exe)
            .status()
            .unwrap();
        assert!(status.success());
        exe
    }

    #[test]
    fn an_archive_holds_the_binary_under_its_own_name_and_mode() {
        let dir = crate::util::Scratch::new("release-archive");
        for (name, mode) in [("hybrid", 0o755), ("hybrid.wasm", 0o644)] {
            let binary = dir.join(name);
            std::fs::write(&binary, b"\0asm").unwrap();
            let archive = dir.join(format!("{name}.tar.gz"));
            write_archive(&archive, "hybrid-1-t", &binary, 1675728000).unwrap();
            let gz = flate2::read::GzDecoder::new(std::fs::File::open(&archive).unwrap());
            let entries: Vec<(String, u32)> = tar::Archive::new(gz)
                .entries()
                .unwrap()
                .map(|e| {
                    let e = e.unwrap();
                    (
                        e.path().unwrap().display().to_string(),
                        e.header().mode().unwrap(),
                    )
                })
                .collect();
            assert_eq!(
                entries,
                vec![
                    ("hybrid-1-t/".to_string(), 0o755),
                    (format!("hybrid-1-t/{name}"), mode)
                ]
            );
        }
    }

    #[test]
    fn differing_binaries_are_summarised_by_section() {
        if crate::run::on_path("diffoscope") {
            return; // diffoscope's own report is used instead
        }
        let dir = crate::util::Scratch::new("repro-diff");
        let (a, b) = (program_returning(1, &dir), program_returning(2, &dir));
        let summary = describe_difference(&a, &b).unwrap();
        assert!(summary.contains("differing bytes"), "{summary}");
        assert!(
            summary.contains("\".text\""),
            "the constant lives in .text: {summary}"
        );
    }
}
