//! `cargo xtask matrix`: plan → provision → build → run → compare → report.
//!
//! Exit codes: 0 when every target agrees with the reference on every
//! program; 1 when any row disagrees or any cell failed, timed out, was
//! nondeterministic (unless the program declares it varies between runs, see
//! `expect`) or could not be built; 2 when the matrix could not run
//! at all (bad `matrix.toml`, bad flags, nothing built).

pub mod aggregate;
pub mod cache;
pub mod compare;
pub mod execute;
pub mod expect;
pub mod imports;
pub mod light;
pub mod model;
pub mod partitioned;
mod phases;
pub mod plan;
pub mod report;
mod reuse;

use crate::build::{LibmMode, Tier};
use crate::config::matrix::{MatrixConfig, RunnerKind};
use crate::config::target::TargetSpec;
use crate::run::{ContainerRunner, Invocation, NativeRunner, QemuRunner, ReferenceRunner, Runner};
use crate::util::{target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use execute::{CellJob, RunSettings};
use model::{CellStatus, Column, Report, Row, RowKind, REPORT_SCHEMA};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MatrixArgs {
    #[command(subcommand)]
    pub action: Option<MatrixAction>,
    /// Build the Pro binaries on this machine, or inside the build image
    /// through the pinned cross (`cargo xtask build --backend cross`); the
    /// cells run here either way.
    #[arg(long, value_enum, default_value = "host")]
    pub backend: crate::build::BuildBackend,
    /// Only these targets (repeatable; default: every target in matrix.toml).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// Only samples matching these globs (repeatable).
    #[arg(long = "sample")]
    pub samples: Vec<String>,
    /// Also run these pure-Python programs (a file, or a directory of .py files) through `hybrid exec`.
    #[arg(long = "py")]
    pub py: Vec<PathBuf>,
    /// Also partition these programs automatically (a file, or a directory of
    /// .py files): static functions become generated Rust in each program's
    /// own binary, compared on every target with the original.
    #[arg(long = "partition")]
    pub partition: Vec<PathBuf>,
    /// Cells run in parallel.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Runs per cell (differing runs mark a cell nondeterministic).
    #[arg(long)]
    pub runs: Option<u32>,
    /// Per-run timeout in seconds.
    #[arg(long)]
    pub timeout: Option<u64>,
    /// Also write the JSON report here (it always goes to target/matrix/matrix.json).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Run every cell, even those whose outcome is recorded under the same
    /// content key (what they give is recorded again).
    #[arg(long)]
    pub rerun: bool,
    /// Use the binaries already built; build nothing.
    #[arg(long)]
    pub no_build: bool,
    /// Do not install missing system tools (Debian packages, the pinned zig);
    /// only report them with the command that would.
    #[arg(long)]
    pub no_provision: bool,
    /// The matrix file.
    #[arg(long, default_value_os_t = MatrixConfig::default_path())]
    pub config: PathBuf,
    /// Run every selected target this way instead of as matrix.toml says
    /// (e.g. `native` for aarch64 on an arm64 machine).
    #[arg(long, value_enum)]
    pub runner: Option<RunnerKind>,
    /// `system` builds without the pinned libm exports, to show the drift the pin removes.
    #[arg(long, value_enum, default_value = "pinned")]
    pub libm: LibmMode,
    /// `light` adds a Light-tier (RustPython) column beside each target's Pro
    /// column, measured against it; the Pro verdict is unchanged by it.
    #[arg(long, value_enum, default_value = "pro")]
    pub tier: Tier,
}

#[derive(clap::Subcommand, Debug)]
pub enum MatrixAction {
    /// Merge JSON reports from several machines into one table and judge it.
    Aggregate {
        /// JSON reports written by `cargo xtask matrix --json`.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also write the merged JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

/// Builds (or, with `no_build`, finds) the hybrid binary of a tier for a target.
pub type Builder<'a> = dyn Fn(&TargetSpec, Tier, LibmMode, bool) -> Result<PathBuf> + 'a;

pub fn command(args: &MatrixArgs, build: &Builder<'_>) -> Result<bool> {
    if let Some(MatrixAction::Aggregate { files, json }) = &args.action {
        let report = aggregate::aggregate(files)?;
        publish(&report, json.as_deref())?;
        return Ok(report.agrees);
    }
    let started = Instant::now();
    // Plan.
    let config = MatrixConfig::load(&args.config)?;
    let plan = plan::make(
        config,
        &plan::Overrides {
            targets: &args.targets,
            samples: &args.samples,
            py: &args.py,
            partition: &args.partition,
            runs: args.runs,
            jobs: args.jobs,
            timeout_secs: args.timeout,
        },
    )?;

    let mut phases = phases::Phases::start();
    phases.done("plan");
    // Provision.
    let triples: Vec<String> = plan.targets.iter().map(|(s, _)| s.triple.clone()).collect();
    crate::provision::ensure_rust_targets(&triples)?;
    if !args.no_build {
        crate::disk::ensure_room_to_build()?;
    }
    if !args.no_provision && !args.no_build {
        let mut checks = crate::provision::all_tools(&plan.targets);
        if args.tier == Tier::Light {
            for (spec, _) in &plan.targets {
                checks.extend(crate::provision::light_tools(spec));
            }
        }
        crate::provision::Installer::from_env().provision(&checks)?;
    }
    let python = &plan.config.reference.python;
    if !python.is_file() {
        bail!("the reference CPython {} is missing: apt-get install -y python3.11 (or set [reference] python in matrix.toml)", python.display());
    }

    phases.done("provision");
    // Build. Two references: the host CPython with its own libm, and with the
    // pinned libm preloaded. The one matching the binaries' libm is the baseline.
    let mut columns = Vec::new();
    let mut runners: BTreeMap<String, Box<dyn Runner>> = BTreeMap::new();
    let system = ReferenceRunner {
        python: python.clone(),
        preload: None,
    };
    columns.push(reference_column(
        "reference",
        "system libm",
        &system,
        args.libm == LibmMode::System,
    ));
    runners.insert("reference".into(), Box::new(system));
    match crate::preload::pinned_libm_preload(args.no_build) {
        Ok(lib) => {
            let pinned = ReferenceRunner {
                python: python.clone(),
                preload: Some(lib),
            };
            columns.push(reference_column(
                "reference-pinned",
                "pinned libm",
                &pinned,
                args.libm == LibmMode::Pinned,
            ));
            runners.insert("reference-pinned".into(), Box::new(pinned));
        }
        Err(e) => eprintln!("matrix: no pinned reference column: {e:#}"),
    }
    let mut partitioned = partitioned::analyse_all(&plan.partition);
    let tiers: &[Tier] = match args.tier {
        Tier::Pro => &[Tier::Pro],
        // Each Light column is compared with its own target's Pro column.
        Tier::Light => &[Tier::Pro, Tier::Light],
    };
    for (spec, kind) in &plan.targets {
        let kind = args.runner.unwrap_or(*kind);
        for &tier in tiers {
            let built = missing_tools(spec, kind, tier)
                .and_then(|()| build(spec, tier, args.libm, args.no_build))
                .and_then(|binary| {
                    let mut inputs = plan.programs.clone();
                    match tier {
                        Tier::Pro => {
                            partitioned::build_for(&mut partitioned, spec, args.no_build);
                            inputs.extend(partitioned::binaries_for(&partitioned, &spec.triple));
                        }
                        // The Light tier runs partitioned programs whole, as Python.
                        Tier::Light => inputs.extend(plan.partition.iter().cloned()),
                    }
                    make_runner(spec, kind, &binary, &inputs, tier)
                });
            let mut column = target_column(spec, kind, tier);
            match built {
                Ok(runner) => {
                    column.runner = runner.name();
                    column.tools = runner.tool_versions().into_iter().collect();
                    runners.insert(column.id.clone(), runner);
                }
                Err(e) => {
                    eprintln!("matrix: {} not built: {e:#}", column.id);
                    column.not_built = Some(format!("{e:#}"));
                }
            }
            columns.push(column);
        }
    }
    let built_at = started.elapsed();
    phases.done("build");

    // Rows: the samples the binaries carry, then the user's programs.
    let rows = discover_rows(&plan, &columns, &runners, partitioned::rows(&partitioned))?;

    phases.done("rows");
    // Run.
    let mut jobs = Vec::new();
    let mut cells = Vec::new();
    for row in &rows {
        for col in &columns {
            let whole_python = col.id.starts_with("reference") || col.tier == Tier::Light;
            let invocation = match (&row.kind, whole_python) {
                (RowKind::Sample { reference, .. }, true) if col.target.is_none() => {
                    Invocation::exec(Path::new(reference))
                }
                (RowKind::Sample { name, .. }, _) => Invocation::sample(name),
                (RowKind::Program { path }, _) => Invocation::exec(Path::new(path)),
                (RowKind::Partitioned { path, .. }, true) => Invocation::exec(Path::new(path)),
                (RowKind::Partitioned { .. }, false) => {
                    match partitioned::binary(&partitioned, &row.id, &col.id) {
                        Ok(binary) => Invocation::binary(binary),
                        Err(reason) => {
                            cells.push(execute::not_run(
                                &row.id,
                                &col.id,
                                CellStatus::NotBuilt,
                                reason,
                            ));
                            continue;
                        }
                    }
                }
            };
            match runners.get(&col.id) {
                Some(runner) => jobs.push(CellJob {
                    row: row.id.clone(),
                    column: col.id.clone(),
                    runner: runner.as_ref(),
                    invocation,
                    timeout: Duration::from_secs(match col.tier {
                        Tier::Pro => plan.timeout_secs,
                        Tier::Light => plan.light_timeout_secs,
                    }),
                    may_vary: row.varies.is_some(),
                }),
                None => cells.push(execute::not_run(
                    &row.id,
                    &col.id,
                    CellStatus::NotBuilt,
                    col.not_built.clone().unwrap_or_default(),
                )),
            }
        }
    }
    let settings = RunSettings {
        runs: plan.runs,
        jobs: plan.jobs,
    };
    let ran_at = Instant::now();
    cells.extend(reuse::run_or_reuse(&jobs, &settings, args.rerun));
    let reused = cells.iter().filter(|c| c.cached).count();

    phases.done("run");
    // Compare and report.
    let mut report = Report {
        schema: REPORT_SCHEMA,
        environment: environment(
            &plan,
            args.libm,
            built_at,
            ran_at.elapsed(),
            (jobs.len(), reused),
        ),
        rows,
        columns,
        cells,
        verdicts: vec![],
        light: vec![],
        agrees: false,
        partial: plan.targets.len() < plan.config.targets.len(),
    };
    if args.backend == crate::build::BuildBackend::Cross {
        report.environment.insert(
            "build backend".into(),
            "cross: the Pro binaries built inside the build image (cargo xtask image); partitioned programs and the Light tier built on this machine".into(),
        );
    }
    if report.columns.iter().any(|c| c.tier == Tier::Light) {
        report
            .environment
            .insert("light engine".into(), light::engine_identity());
        report.environment.insert(
            "Light timeout per run".into(),
            format!("{} s", plan.light_timeout_secs),
        );
    }
    compare::judge(&mut report);
    publish(&report, args.json.as_deref())?;
    phases.done("report");
    eprintln!("matrix: {phases}");
    Ok(report.agrees)
}

/// Writes the JSON (target/matrix/matrix.json and `--json`), prints the
/// Markdown, and appends it to `$GITHUB_STEP_SUMMARY` when set.
pub fn publish(report: &Report, json: Option<&Path>) -> Result<()> {
    let text = serde_json::to_string_pretty(report)?;
    let default = target_dir().join("matrix").join("matrix.json");
    for path in std::iter::once(default.as_path()).chain(json) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let md = report::markdown(report);
    println!("{md}");
    eprintln!(
        "matrix: JSON report in {}",
        json.unwrap_or(&default).display()
    );
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary)?;
        writeln!(f, "{md}")?;
    }
    Ok(())
}

/// A target's column of a tier: a Pro column must agree with the reference;
/// a Light column is a measurement, judged apart (see `matrix::light`).
fn target_column(spec: &TargetSpec, kind: RunnerKind, tier: Tier) -> Column {
    let (id, title) = match tier {
        Tier::Pro => (spec.triple.clone(), short_title(&spec.triple)),
        Tier::Light => (
            light::column_id(&spec.triple),
            format!("{} light", short_title(&spec.triple)),
        ),
    };
    Column {
        id,
        title,
        target: Some(spec.triple.clone()),
        runner: kind.to_string(),
        must_agree: tier == Tier::Pro,
        baseline: false,
        tools: BTreeMap::new(),
        not_built: None,
        tier,
    }
}

/// A reference column; only the baseline one counts, the other is shown for
/// information (it makes the drift the pin removes visible).
fn reference_column(id: &str, libm: &str, runner: &ReferenceRunner, baseline: bool) -> Column {
    let tools: BTreeMap<String, String> = runner.tool_versions().into_iter().collect();
    let version = tools.values().next().cloned().unwrap_or_default();
    Column {
        id: id.into(),
        title: format!("{version}, {libm}"),
        target: None,
        runner: runner.name(),
        must_agree: false,
        baseline,
        tools,
        not_built: None,
        tier: Tier::Pro,
    }
}

/// `x86_64-unknown-linux-gnu` → `x86_64-gnu`.
fn short_title(triple: &str) -> String {
    let parts: Vec<&str> = triple.split('-').collect();
    match parts.as_slice() {
        [arch, _, _, libc] => format!("{arch}-{libc}"),
        _ => triple.to_string(),
    }
}

/// Refuses early, with the install command, when a tool the column needs is missing.
fn missing_tools(spec: &TargetSpec, kind: RunnerKind, tier: Tier) -> Result<()> {
    let mut checks = crate::provision::tools_for(spec, kind);
    if tier == Tier::Light {
        checks.extend(crate::provision::light_tools(spec));
    }
    if let Some(cmd) = crate::provision::install_command(&checks) {
        let missing: Vec<&str> = checks
            .iter()
            .filter(|c| c.version.is_none())
            .map(|c| c.tool.as_str())
            .collect();
        bail!("missing {}; install with: {cmd}", missing.join(", "));
    }
    Ok(())
}

fn make_runner(
    spec: &TargetSpec,
    kind: RunnerKind,
    binary: &Path,
    programs: &[PathBuf],
    tier: Tier,
) -> Result<Box<dyn Runner>> {
    if spec.is_wasm() && kind != RunnerKind::Wasmtime {
        bail!(
            "{} is WebAssembly: it runs under wasmtime only (runner = \"wasmtime\" in matrix.toml)",
            spec.triple
        );
    }
    Ok(match kind {
        RunnerKind::Native => {
            if !spec.is_native_here() {
                bail!(
                    "{} cannot run natively on {} (use runner = \"qemu\" in matrix.toml)",
                    spec.triple,
                    std::env::consts::ARCH
                );
            }
            Box::new(NativeRunner {
                binary: binary.to_path_buf(),
                libraries: spec.library_search(),
            })
        }
        RunnerKind::Qemu => Box::new(QemuRunner {
            qemu: spec
                .run
                .qemu
                .clone()
                .with_context(|| format!("targets/{}.toml names no qemu", spec.triple))?,
            libraries: spec.library_search(),
            binary: binary.to_path_buf(),
        }),
        RunnerKind::Container => {
            let name = match tier {
                Tier::Pro => spec.triple.clone(),
                Tier::Light => format!("{}-light", spec.triple),
            };
            let root = target_dir().join("matrix").join("roots").join(name);
            Box::new(ContainerRunner::assemble(spec, binary, &root, programs)?)
        }
        RunnerKind::Wasmtime => {
            if !spec.is_wasm() {
                bail!(
                    "{} is not WebAssembly: wasmtime runs wasm32 targets only (runner = \"native\", \"qemu\" or \"container\")",
                    spec.triple
                );
            }
            Box::new(crate::run::WasmtimeRunner::new(
                crate::run::wasmtime::Wasmtime::ensure()?,
                binary,
            )?)
        }
    })
}

/// Asks the first built binary which samples it carries (`hybrid list`), so
/// the corpus is never listed by hand, then adds the user's programs.
fn discover_rows(
    plan: &plan::Plan,
    columns: &[Column],
    runners: &BTreeMap<String, Box<dyn Runner>>,
    partition_rows: Vec<Row>,
) -> Result<Vec<Row>> {
    let Some(runner) = columns
        .iter()
        .filter(|c| c.target.is_some())
        .find_map(|c| runners.get(&c.id))
    else {
        bail!("no target was built, so there is nothing to run (see the errors above)");
    };
    let out = crate::run::execute(
        runner.command(&Invocation {
            args: vec!["list".into()],
            inputs: vec![],
            binary: None,
        })?,
        Duration::from_secs(120),
    )?;
    if out.exit_code != Some(0) {
        bail!(
            "`hybrid list` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let corpus = &plan.config.reference.samples;
    let mut rows = Vec::new();
    for name in String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|n| plan.samples.matches(n))
    {
        let reference = corpus.join(name).join("reference.py");
        rows.push(Row {
            id: name.to_string(),
            kind: RowKind::Sample {
                name: name.to_string(),
                reference: reference.display().to_string(),
            },
            expect: None,
            light_cause: None,
            light_expect: None,
            varies: None,
        });
    }
    for path in &plan.programs {
        let shown = crate::util::shown_path(path);
        let (expect, varies) = match expect::declared(path)? {
            Some(expect::Declaration::Agree(e)) => (Some(e), None),
            Some(expect::Declaration::Varies(why)) => (None, Some(why)),
            None => (None, None),
        };
        rows.push(Row {
            id: format!("py:{shown}"),
            kind: RowKind::Program {
                path: path.display().to_string(),
            },
            expect,
            light_cause: None,
            light_expect: None,
            varies,
        });
    }
    rows.extend(partition_rows);
    if columns.iter().any(|c| c.tier == Tier::Light) {
        let declared = light::load_causes(&plan.config.light.causes)?;
        for row in &mut rows {
            row.light_cause = declared.causes.get(&row.id).cloned();
            row.light_expect = declared.within.get(&row.id).cloned();
        }
    }
    if rows.is_empty() {
        bail!("no sample matches the filters and no --py or --partition program was given");
    }
    Ok(rows)
}

fn environment(
    plan: &plan::Plan,
    libm: LibmMode,
    build: Duration,
    run: Duration,
    (cells, reused): (usize, usize),
) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    env.insert(
        "host".into(),
        format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
    );
    env.insert("kernel".into(), crate::run::tool_version("uname", "-r"));
    env.insert(
        "rustc".into(),
        crate::run::tool_version("rustc", "--version"),
    );
    env.insert("libm pin".into(), format!("libm {}", pinned_libm_version()));
    env.insert("libc text pin".into(), pinned_text_identity());
    env.insert("CPython libm".into(), libm.name().to_string());
    env.insert("runs per cell".into(), plan.runs.to_string());
    env.insert("timeout per run".into(), format!("{} s", plan.timeout_secs));
    env.insert(
        "build+provision".into(),
        format!("{:.1} s", build.as_secs_f64()),
    );
    env.insert("run".into(), format!("{:.1} s", run.as_secs_f64()));
    env.insert(
        "cells".into(),
        format!(
            "{} run, {reused} reused from the cell cache (↺; --rerun runs all)",
            cells - reused
        ),
    );
    env
}

/// The C library text pin: its origin and the SHA-256 of its tables (see
/// `pinned_libm::libc_text::canonical_tables`).
pub fn pinned_text_identity() -> String {
    let text = pinned_libm::libc_text::canonical_tables();
    format!(
        "{} sha256:{}",
        pinned_libm::libc_text::TEXT_ORIGIN,
        crate::util::sha256_hex(text.as_bytes())
    )
}

/// The exact `libm` version in Cargo.lock (the pin every report records).
pub fn pinned_libm_version() -> String {
    locked_version("libm")
}

/// The version of package `name` in Cargo.lock, or `unknown`.
pub fn locked_version(name: &str) -> String {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).unwrap_or_default();
    let wanted = format!("name = \"{name}\"");
    lock.split("[[package]]")
        .find(|p| p.lines().any(|l| l == wanted))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .unwrap_or_else(|| "unknown".into())
}
