//! `cargo xtask partition PROG.py`: which functions of an ordinary Python
//! program become static Rust and which stay Python, and why.
//!
//! The program is parsed by the pinned CPython's own `ast` (the build python
//! of `toolchains/cpython.toml`, checked to be the pinned version), so the
//! partitioner never disagrees with the language about what the source means.

use crate::config::target::TargetSpec;
use crate::cpython::pins::Pins;
use crate::run::{execute, Invocation, ReferenceRunner, Runner};
use crate::util::{sha256_hex, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct PartitionArgs {
    /// The Python program to partition.
    #[arg(required_unless_present = "codes")]
    pub program: Option<PathBuf>,
    /// Print the table of reason codes (the README's copy is checked against it).
    #[arg(long)]
    pub codes: bool,
    /// Write the partition as JSON to this file (`-` for stdout, instead of the table).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Write the generated Rust and the remaining Python into this directory.
    #[arg(long)]
    pub emit: Option<PathBuf>,
    /// Build the partitioned Pro binary for the host target, run it, and
    /// compare its stdout with the original under the reference CPython
    /// (pinned libm preloaded, as the matrix does).
    #[arg(long)]
    pub run: bool,
    /// Also check every static function against the original Python function
    /// on this many random argument tuples (implies building).
    #[arg(long, value_name = "CASES")]
    pub differential: Option<usize>,
}

/// Parses and classifies `path` (errors name the file and line).
pub fn analyse(path: &Path) -> Result<partition::Program> {
    let pins = Pins::load(&Pins::default_path())?;
    let python = &pins.build_python;
    if !python.is_file() {
        bail!(
            "{} (the pinned CPython {} that parses programs) is missing: apt-get install -y python3.11",
            python.display(),
            pins.cpython.version
        );
    }
    let module = partition::ast::parse_file(python, path).map_err(|e| {
        if e.line > 0 {
            anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message)
        } else {
            anyhow::anyhow!("{}", e.message)
        }
    })?;
    Ok(partition::classify(&module))
}

/// The reason codes as a Markdown table.
pub fn codes_table() -> String {
    let mut out = String::from("| code | the function stays dynamic because |\n|---|---|\n");
    for (code, meaning) in partition::CODES {
        out.push_str(&format!("| `{code}` | {meaning} |\n"));
    }
    out
}

pub fn command(args: &PartitionArgs) -> Result<bool> {
    if args.codes {
        print!("{}", codes_table());
        return Ok(true);
    }
    let path = args.program.as_ref().expect("clap requires it");
    let program = analyse(path)?;
    let shown = path.display().to_string();
    match &args.json {
        Some(path) if path == Path::new("-") => {
            println!(
                "{}",
                serde_json::to_string_pretty(&partition::report::json(&shown, &program))?
            );
        }
        Some(path) => {
            std::fs::write(
                path,
                serde_json::to_string_pretty(&partition::report::json(&shown, &program))? + "\n",
            )
            .with_context(|| format!("cannot write {}", path.display()))?;
            print!("{}", partition::report::table(&shown, &program));
        }
        None => print!("{}", partition::report::table(&shown, &program)),
    }
    if let Some(dir) = &args.emit {
        let source = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let files = partition::generate::emit(&program, &source).map_err(anyhow::Error::msg)?;
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    if !args.run && args.differential.is_none() {
        return Ok(true);
    }
    let spec = TargetSpec::load(&TargetSpec::host_triple())?;
    let binary = build(path, &program, &spec)?;
    let mut ok = true;
    if args.run {
        ok &= run_and_compare(path, &binary)?;
    }
    if let Some(cases) = args.differential {
        let status = std::process::Command::new(&binary)
            .args(["--differential", &cases.to_string()])
            .status()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        println!(
            "differential ({cases} cases per static function): {}",
            if status.success() {
                "every case agrees"
            } else {
                "DIFFERS"
            }
        );
        ok &= status.success();
    }
    Ok(ok)
}

/// Builds the partitioned Pro binary of `path` for `spec`; returns its path.
/// The generated inputs live under `target/partition/<stem>-<hash>/`.
pub fn build(path: &Path, program: &partition::Program, spec: &TargetSpec) -> Result<PathBuf> {
    build_or_find(path, program, spec, false)
}

/// [`build`], or with `no_build` only the binary an earlier build left for
/// exactly these generated inputs.
pub fn build_or_find(
    path: &Path,
    program: &partition::Program,
    spec: &TargetSpec,
    no_build: bool,
) -> Result<PathBuf> {
    let source = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display().to_string();
    let files = partition::generate::crate_inputs(program, &source, &name)
        .map_err(|e| anyhow::anyhow!("{}: cannot generate Rust: {e}", path.display()))?;
    let mut hasher = Vec::new();
    for (file, bytes) in &files {
        hasher.extend_from_slice(file.as_bytes());
        hasher.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        hasher.extend_from_slice(bytes);
    }
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let dir = target_dir()
        .join("partition")
        .join(format!("{stem}-{}", &sha256_hex(&hasher)[..16]));
    // The binary is keyed by everything else that goes into it, so an
    // unchanged program on an unchanged toolchain is never rebuilt (each
    // rebuild relinks CPython with full LTO) and a change anywhere is.
    let key = build_key(&hasher, spec)?;
    let store = crate::build::Store::new(&dir.join(&spec.triple));
    if let Some(binary) = store.find(&key) {
        return Ok(binary);
    }
    if no_build {
        bail!(
            "{} is not built for {} (run without --no-build)",
            path.display(),
            spec.triple
        );
    }
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs)
        .with_context(|| format!("cannot create {}", inputs.display()))?;
    for (file, bytes) in &files {
        std::fs::write(inputs.join(file), bytes)?;
    }
    let built = crate::build::build_pro_partitioned(spec, &inputs)?;
    store.file(&key, &built)
}

/// SHA-256 over the generated inputs and every other input of the binary
/// (see [`crate::build::inputs_digest`]): the crates it links are the
/// runtime, `partitioned` and pinned-libm.
fn build_key(generated: &[u8], spec: &TargetSpec) -> Result<String> {
    let mut data = generated.to_vec();
    let digest = crate::build::inputs_digest(spec, &["runtime", "partitioned", "pinned-libm"])?;
    data.extend_from_slice(digest.as_bytes());
    Ok(sha256_hex(&data))
}

/// Runs the partitioned binary and the original program under the reference
/// CPython; prints both SHA-256 of stdout. True when they agree.
fn run_and_compare(path: &Path, binary: &Path) -> Result<bool> {
    let timeout = std::time::Duration::from_secs(600);
    let hybrid = execute(std::process::Command::new(binary), timeout)?;
    let reference = ReferenceRunner {
        python: Pins::load(&Pins::default_path())?.build_python,
        preload: Some(crate::preload::pinned_libm_preload(false)?),
    };
    let invocation = Invocation::exec(path);
    let original = execute(reference.command(&invocation)?, timeout)?;
    let (a, b) = (sha256_hex(&hybrid.stdout), sha256_hex(&original.stdout));
    println!(
        "partitioned hybrid: exit {:?}, stdout sha256 {a} ({} bytes, {:.3} s)\n\
         original (reference CPython, pinned libm): exit {:?}, stdout sha256 {b} ({} bytes, {:.3} s)",
        hybrid.exit_code,
        hybrid.stdout.len(),
        hybrid.wall.as_secs_f64(),
        original.exit_code,
        original.stdout.len(),
        original.wall.as_secs_f64(),
    );
    let same = a == b && hybrid.exit_code == original.exit_code;
    if original.exit_code != Some(0) {
        println!(
            "note: the original itself exits {:?}: {}",
            original.exit_code,
            String::from_utf8_lossy(&original.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    if same {
        println!("identical: ✅");
    } else {
        let d = crate::matrix::compare::first_difference(
            "hybrid",
            &String::from_utf8_lossy(&original.stdout),
            &String::from_utf8_lossy(&hybrid.stdout),
        );
        println!(
            "DIFFERENT: ❌ first differing line {}:\n  hybrid:   {:?}\n  original: {:?}\n  hybrid stderr: {}",
            d.line,
            d.column_line.as_deref().unwrap_or("<end>"),
            d.baseline_line.as_deref().unwrap_or("<end>"),
            String::from_utf8_lossy(&hybrid.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    Ok(same)
}
