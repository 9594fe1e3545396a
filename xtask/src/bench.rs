//! `cargo xtask bench`: the numbers users compare us on, each a ratio measured
//! side by side in one run (runs interleaved, medians), printed as Markdown and
//! written to `target/bench/bench.json` with the machine, versions and counts.
//! Benchmarks report; they never gate.

use crate::build::{self, LibmMode};
use crate::config::target::TargetSpec;
use crate::run::{self, tool_version};
use crate::util::{target_dir, workspace_root};
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Runs per startup measurement (interleaved with the reference).
    #[arg(long, default_value_t = 40)]
    pub startup_runs: usize,
    /// Runs per compute measurement.
    #[arg(long, default_value_t = 3)]
    pub compute_runs: usize,
    /// Skip the `cargo xtask matrix` turnaround measurements.
    #[arg(long)]
    pub no_matrix: bool,
    /// Skip the Light tier (it builds RustPython for this machine's target
    /// when not built yet: minutes).
    #[arg(long)]
    pub no_light: bool,
    /// Only the Light tier's rows (against the Pro binaries, which are built).
    #[arg(long, conflicts_with = "no_light")]
    pub light_only: bool,
    /// Only the matrix turnaround (and `--matrix-baseline`), nothing else.
    #[arg(long, conflicts_with_all = ["no_matrix", "light_only"])]
    pub matrix_only: bool,
    /// Also time every cell of the matrix here against an older checkout
    /// whose binaries are built (its `target/debug/xtask matrix --no-build`),
    /// alternating.
    #[arg(long)]
    pub matrix_baseline: Option<PathBuf>,
}

const PYTHON: &str = "/usr/bin/python3.11";

/// Alternations of this checkout's full matrix with the baseline's.
const BASELINE_RUNS: usize = 3;

/// The compute-heavy partitioned programs the benchmark times.
const PARTITIONED: &[&str] = &[
    "spectral_norm",
    "nbody_sim",
    "number_kernels",
    "prime_tools",
];

pub fn command(args: &BenchArgs) -> Result<()> {
    let triples = crate::config::matrix::selected_triples(&[])?;
    let specs: Vec<TargetSpec> = triples
        .iter()
        .map(|t| TargetSpec::load(t))
        .collect::<Result<_>>()?;
    let binaries: Vec<(TargetSpec, PathBuf)> = specs
        .into_iter()
        .map(|s| build::build_pro_hybrid(&s, LibmMode::Pinned).map(|b| (s, b)))
        .collect::<Result<_>>()?;
    let preload = crate::preload::pinned_libm_preload(false)?;
    let scratch = target_dir().join("bench");
    std::fs::create_dir_all(&scratch)?;
    let empty = scratch.join("empty.py");
    std::fs::write(&empty, "")?;

    let mut rows: Vec<(String, String, String, String)> = Vec::new(); // metric, measured, goal, verdict
    let mut results = serde_json::Map::new();

    if args.matrix_only {
        matrix_section(args, binaries.len(), &mut rows, &mut results)?;
        return finish(rows, results, &scratch.join("bench-matrix.json"));
    }
    if args.light_only {
        light_section(&binaries, &empty, args, &mut rows, &mut results)?;
        // Apart from the full run's bench.json, which it must not replace.
        return finish(rows, results, &scratch.join("bench-light.json"));
    }

    // 1. Startup, per natively runnable target.
    for (spec, binary) in binaries.iter().filter(|(s, _)| s.is_native_here()) {
        let ours = vec![
            binary.display().to_string(),
            "exec".into(),
            empty.display().to_string(),
        ];
        let theirs = vec![
            PYTHON.to_string(),
            "-I".into(),
            "-S".into(),
            "-c".into(),
            "pass".into(),
        ];
        let times = interleaved_all(&[ours.clone(), theirs.clone()], args.startup_runs)?;
        let (a, b) = (times[0], times[1]);
        let ratio = a / b;
        rows.push((
            format!(
                "startup {} (`hybrid exec empty.py` / `python3.11 -I -S -c pass`)",
                spec.triple
            ),
            format!("{:.2} ms / {:.2} ms = **{ratio:.3}×**", a * 1e3, b * 1e3),
            "≤ 1.0×".into(),
            verdict(ratio <= 1.0),
        ));
        results.insert(format!("startup_{}", spec.triple), json!({"hybrid_ms": a * 1e3, "python_ms": b * 1e3, "ratio": ratio, "runs": args.startup_runs}));
        // Wall time is noisy on a shared machine; instruction counts repeat exactly.
        if let (Some(ia), Some(ib)) = (instructions(&ours), instructions(&theirs)) {
            let ratio = ia as f64 / ib as f64;
            rows.push((
                format!("startup {}, instructions (callgrind)", spec.triple),
                format!(
                    "{:.1} M / {:.1} M = **{ratio:.2}×**",
                    ia as f64 / 1e6,
                    ib as f64 / 1e6
                ),
                "≤ 1.0×".into(),
                verdict(ratio <= 1.0),
            ));
            results.insert(
                format!("startup_instructions_{}", spec.triple),
                json!({"hybrid": ia, "python": ib, "ratio": ratio}),
            );
        }
    }

    // 2. Static-region speedup: n-body with its hot loop in Rust vs pure Python.
    let host = binaries
        .iter()
        .find(|(s, _)| s.triple == TargetSpec::host_triple())
        .map(|(_, b)| b.clone());
    if let Some(binary) = &host {
        for sample in ["float_nbody", "float_spectral_norm"] {
            let reference = workspace_root()
                .join("samples/corpus")
                .join(sample)
                .join("reference.py");
            let ours = vec![binary.display().to_string(), "run".into(), sample.into()];
            let (same, a, b, speedup) =
                against_python(&ours, &reference, &preload, args.compute_runs)?;
            rows.push((
                format!("static-region speedup, {sample} (pure Python / hybrid)"),
                format!(
                    "{:.3} s / {:.3} s = **{speedup:.1}×**, output SHA-256 {}",
                    b,
                    a,
                    if same { "identical" } else { "DIFFERS" }
                ),
                "≥ 30×".into(),
                verdict(speedup >= 30.0 && same),
            ));
            results.insert(format!("speedup_{sample}"), json!({"python_s": b, "hybrid_s": a, "speedup": speedup, "identical_output": same, "runs": args.compute_runs}));
        }
    }

    // 2b. Automatic partition: the original program on CPython vs its
    // partitioned hybrid (static functions generated) vs the same program
    // compiled with mypyc, interleaved; each output against the reference.
    if host.is_some() {
        let spec = TargetSpec::load(&TargetSpec::host_triple())?;
        let mypy = crate::mypyc::ensure_mypy();
        if let Err(e) = &mypy {
            eprintln!("bench: no mypyc column: {e:#}");
        }
        for name in PARTITIONED {
            let path = workspace_root()
                .join("samples/partition")
                .join(format!("{name}.py"));
            let program = crate::partition::analyse(&path)?;
            let binary = crate::partition::build(&path, &program, &spec)?;
            let ours = vec![binary.display().to_string()];
            let theirs = reference_argv(&path);
            let mypyc = match &mypy {
                Ok(venv) => crate::mypyc::compile(venv, &path, &spec)?,
                Err(e) => crate::mypyc::Compiled::Failed(format!("{e:#}")),
            };
            let expected = reference_stdout(&theirs, &preload)?;
            let same = stdout_of(&ours, None)? == expected;
            // mypyc's build is timed only if it compiled and exits cleanly
            // (a compiled module can fail where the script does not); one run
            // with the reference's environment decides that and its output.
            let mypyc = match mypyc {
                crate::mypyc::Compiled::Ready(argv) => {
                    let out = output_of(&argv, Some(&preload))?;
                    if out.status.success() {
                        Ok((argv, out.stdout == expected))
                    } else {
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        let last = stderr.lines().last().unwrap_or("no message").trim();
                        Err(format!("compiles, but fails when run: {last}"))
                    }
                }
                crate::mypyc::Compiled::Failed(reason) => {
                    Err(format!("does not compile: {reason}"))
                }
            };
            let mut argvs = vec![ours.clone(), theirs.clone()];
            if let Ok((argv, _)) = &mypyc {
                argvs.push(argv.clone());
            }
            let times = interleaved_all(&argvs, args.compute_runs)?;
            let (a, b) = (times[0], times[1]);
            let speedup = b / a;
            let (mypyc_text, mypyc_json, faster) = match &mypyc {
                Ok((_, m_same)) => {
                    let (m, m_same) = (times[2], *m_same);
                    (
                        format!(
                            "mypyc {m:.3} s ({:.1}×, output {})",
                            b / m,
                            if m_same { "identical" } else { "DIFFERS" }
                        ),
                        json!({"mypyc_s": m, "speedup": b / m, "identical_output": m_same}),
                        a < m || !m_same,
                    )
                }
                // No valid mypyc build to be slower than.
                Err(reason) => (format!("mypyc {reason}"), json!({"error": reason}), true),
            };
            let statics = program.functions.iter().filter(|f| f.is_static()).count();
            rows.push((
                format!(
                    "partitioned speedup, {name}.py ({statics}/{} static; CPython / partitioned hybrid; mypyc)",
                    program.functions.len()
                ),
                format!(
                    "{:.3} s / {:.3} s = **{speedup:.1}×**, output SHA-256 {}; {mypyc_text}",
                    b,
                    a,
                    if same { "identical" } else { "DIFFERS" }
                ),
                "≥ 20×, faster than mypyc".into(),
                verdict(speedup >= 20.0 && same && faster),
            ));
            results.insert(format!("partitioned_{name}"), json!({"python_s": b, "hybrid_s": a, "speedup": speedup, "identical_output": same, "static": statics, "functions": program.functions.len(), "runs": args.compute_runs, "mypyc": mypyc_json}));
        }
    }

    // 3. Boundary codec vs pickle (one process, same data).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .args([
            "run",
            "--locked",
            "--quiet",
            "--release",
            "-p",
            "runtime",
            "--example",
            "codec_bench",
            "--",
            "1000000",
            "5",
        ])
        .current_dir(workspace_root())
        .output()
        .context("running the codec benchmark")?;
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    let codec: Value = serde_json::from_str(&line).with_context(|| {
        format!(
            "codec benchmark printed {line:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let ratio = codec["python_roundtrip_vs_pickle"].as_f64().unwrap_or(0.0);
    rows.push((
        format!(
            "codec Rust→Python→Rust, {} values (throughput vs pickle protocol 5 dumps+loads)",
            codec["values"]
        ),
        format!(
            "{:.3} s vs pickle {:.3} s = **{ratio:.2}×** (canonical bytes alone: {:.2}×)",
            codec["codec_python_roundtrip_s"].as_f64().unwrap_or(0.0),
            codec["pickle_roundtrip_s"].as_f64().unwrap_or(0.0),
            codec["bytes_roundtrip_vs_pickle"].as_f64().unwrap_or(0.0)
        ),
        "≥ 1.0×".into(),
        verdict(ratio >= 1.0),
    ));
    results.insert("codec".into(), codec);

    if !args.no_matrix {
        matrix_section(args, binaries.len(), &mut rows, &mut results)?;
    }

    // 5. Size of the stripped Pro binaries.
    for (spec, binary) in &binaries {
        let mb = std::fs::metadata(binary)?.len() as f64 / 1e6;
        rows.push((
            format!("stripped Pro binary, {}", spec.triple),
            format!("**{mb:.2} MB**"),
            "≤ 15 MB".into(),
            verdict(mb <= 15.0),
        ));
        results.insert(format!("size_mb_{}", spec.triple), json!(mb));
    }

    // 6. QEMU overhead: the same samples on x86_64 natively and on aarch64 under QEMU.
    let native = binaries
        .iter()
        .find(|(s, _)| s.triple == "x86_64-unknown-linux-gnu" && s.is_native_here());
    let emulated = binaries
        .iter()
        .find(|(s, _)| s.triple == "aarch64-unknown-linux-gnu" && !s.is_native_here());
    if let (Some((_, x86)), Some((arm, a64))) = (native, emulated) {
        let qemu = arm.run.qemu.clone().unwrap_or_default();
        let sysroot = arm.run.sysroot.clone().unwrap_or_default();
        for sample in ["poc0", "float_nbody"] {
            let ours = vec![x86.display().to_string(), "run".into(), sample.into()];
            let theirs = vec![
                qemu.clone(),
                "-L".into(),
                sysroot.display().to_string(),
                a64.display().to_string(),
                "run".into(),
                sample.into(),
            ];
            let times = interleaved_all(&[ours, theirs], args.compute_runs)?;
            let (a, b) = (times[0], times[1]);
            rows.push((
                format!("QEMU overhead, {sample} (aarch64 under QEMU / x86_64 native)"),
                format!("{:.3} s / {:.3} s = **{:.1}×**", b, a, b / a),
                "reported".into(),
                "—".into(),
            ));
            results.insert(format!("qemu_{sample}"), json!({"native_s": a, "qemu_s": b, "ratio": b / a, "qemu": tool_version(&qemu, "--version")}));
        }
    }

    // 7. The WASI column: the same samples as a WebAssembly module under the
    // pinned wasmtime (machine code compiled once and kept) against x86_64 natively.
    let wasm = binaries.iter().find(|(s, _)| s.is_wasm());
    if let (Some((_, x86)), Some((_, module))) = (native, wasm) {
        let runner = run::WasmtimeRunner::new(run::wasmtime::Wasmtime::ensure()?, module)?;
        let wasm_argv = |args: Vec<String>, inputs: Vec<PathBuf>| -> Result<Vec<String>> {
            use run::Runner;
            let cmd = runner.command(&run::Invocation {
                args,
                inputs,
                binary: None,
            })?;
            Ok(std::iter::once(cmd.get_program())
                .chain(cmd.get_args())
                .map(|a| a.to_string_lossy().into_owned())
                .collect())
        };
        let cases = [
            (
                "startup (`exec empty.py`)",
                "startup",
                vec!["exec".to_string(), empty.display().to_string()],
                vec![empty.clone()],
            ),
            ("poc0", "poc0", vec!["run".into(), "poc0".into()], vec![]),
            (
                "float_nbody",
                "float_nbody",
                vec!["run".into(), "float_nbody".into()],
                vec![],
            ),
        ];
        for (label, key, argv, inputs) in cases {
            let mut ours = vec![x86.display().to_string()];
            ours.extend(argv.iter().cloned());
            let theirs = wasm_argv(argv, inputs)?;
            let runs = args_runs(key, args.compute_runs, args.startup_runs);
            let times = interleaved_all(&[ours, theirs], runs)?;
            let (a, b) = (times[0], times[1]);
            rows.push((
                format!("WASI, {label} (wasm32-wasip1 under wasmtime / x86_64 native)"),
                format!("{:.3} s / {:.3} s = **{:.2}×**", b, a, b / a),
                "reported".into(),
                "—".into(),
            ));
            results.insert(
                format!("wasi_{key}"),
                json!({"native_s": a, "wasmtime_s": b, "ratio": b / a, "wasmtime": runner.wasmtime.version, "settings": runner.wasmtime.settings}),
            );
        }
    }

    // 8. The Light tier (RustPython) against the Pro tier (CPython), same
    // target, same programs, interleaved.
    if !args.no_light {
        light_section(&binaries, &empty, args, &mut rows, &mut results)?;
    }

    finish(rows, results, &scratch.join("bench.json"))
}

/// Prints the Markdown table and writes the JSON to `path`.
fn finish(
    rows: Vec<(String, String, String, String)>,
    results: serde_json::Map<String, Value>,
    path: &Path,
) -> Result<()> {
    let machine = machine();
    let mut md = format!(
        "## cargo xtask bench\n\n{}\n\n| metric | measured | goal | |\n|---|---|---|---|\n",
        machine_line(&machine)
    );
    for (metric, measured, goal, ok) in &rows {
        md.push_str(&format!("| {metric} | {measured} | {goal} | {ok} |\n"));
    }
    println!("{md}");
    let report = json!({"machine": machine, "results": results, "markdown": md});
    std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
    eprintln!("bench: JSON in {}", path.display());
    Ok(())
}

/// The Light tier on this machine's target against its Pro binary, and
/// the size of every Light binary built, against its Pro one.
fn light_section(
    binaries: &[(TargetSpec, PathBuf)],
    empty: &Path,
    args: &BenchArgs,
    rows: &mut Vec<(String, String, String, String)>,
    results: &mut serde_json::Map<String, Value>,
) -> Result<()> {
    let spec = TargetSpec::load(&TargetSpec::host_triple())?;
    let Some((_, pro)) = binaries.iter().find(|(s, _)| s.triple == spec.triple) else {
        return Ok(());
    };
    let light = build::build_light_hybrid(&spec)?;
    light_rows(&light, pro, empty, args, rows, results)?;
    for (spec, pro) in binaries {
        let Some(light) = build::light_binary_if_built(spec)? else {
            continue;
        };
        let (l, p) = (
            std::fs::metadata(&light)?.len(),
            std::fs::metadata(pro)?.len(),
        );
        rows.push((
            format!("Light tier size, {} (stripped; Light / Pro)", spec.triple),
            format!(
                "{:.1} MB / {:.1} MB = **{:.2}×**",
                l as f64 / 1e6,
                p as f64 / 1e6,
                l as f64 / p as f64
            ),
            "reported".into(),
            "—".into(),
        ));
        results.insert(
            format!("light_size_{}", spec.triple),
            json!({"light_bytes": l, "pro_bytes": p, "ratio": l as f64 / p as f64}),
        );
    }
    Ok(())
}

/// The Light binary against the Pro one on this machine: start-up, a hybrid
/// sample, the n-body sample (hot loop in Rust) and the pure-Python n-body
/// (all interpreter), each interleaved.
fn light_rows(
    light: &Path,
    pro: &Path,
    empty: &Path,
    args: &BenchArgs,
    rows: &mut Vec<(String, String, String, String)>,
    results: &mut serde_json::Map<String, Value>,
) -> Result<()> {
    let nbody_reference = workspace_root().join("samples/corpus/float_nbody/reference.py");
    let cases = [
        (
            "startup (`exec empty.py`)",
            "startup",
            vec!["exec".to_string(), empty.display().to_string()],
        ),
        ("poc0", "poc0", vec!["run".into(), "poc0".into()]),
        (
            "float_nbody (hot loop in Rust)",
            "float_nbody",
            vec!["run".into(), "float_nbody".into()],
        ),
        (
            "n-body in pure Python (`exec reference.py`)",
            "nbody_python",
            vec!["exec".into(), nbody_reference.display().to_string()],
        ),
    ];
    for (label, key, argv) in cases {
        let with = |binary: &Path| {
            std::iter::once(binary.display().to_string())
                .chain(argv.iter().cloned())
                .collect::<Vec<_>>()
        };
        let runs = args_runs(key, args.compute_runs, args.startup_runs);
        let times = interleaved_all(&[with(light), with(pro)], runs)?;
        let (l, p) = (times[0], times[1]);
        rows.push((
            format!("Light tier, {label} (RustPython / CPython, same target)"),
            format!("{l:.3} s / {p:.3} s = **{:.2}×**", l / p),
            "reported".into(),
            "—".into(),
        ));
        results.insert(
            format!("light_{key}"),
            json!({"light_s": l, "pro_s": p, "ratio": l / p, "runs": runs, "engine": crate::matrix::light::engine_identity()}),
        );
    }
    Ok(())
}

/// `ours` against the pure-Python `program` on the host CPython, interleaved:
/// (same stdout as the pinned-libm reference, ours s, CPython s, speed-up).
fn against_python(
    ours: &[String],
    program: &Path,
    preload: &Path,
    runs: usize,
) -> Result<(bool, f64, f64, f64)> {
    let theirs = reference_argv(program);
    let same = stdout_of(ours, None)? == reference_stdout(&theirs, preload)?;
    let times = interleaved_all(&[ours.to_vec(), theirs], runs)?;
    let (a, b) = (times[0], times[1]);
    Ok((same, a, b, b / a))
}

fn verdict(met: bool) -> String {
    if met {
        "✅".into()
    } else {
        "❌ missed".into()
    }
}

fn time_once(argv: &[String]) -> Result<f64> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).env_clear().env("PYTHONHASHSEED", "0");
    let out = run::execute(cmd, Duration::from_secs(600))?;
    anyhow::ensure!(
        out.exit_code == Some(0),
        "{} failed: {}",
        argv.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(out.wall.as_secs_f64())
}

/// Instructions executed by `argv` under callgrind, if valgrind is installed.
fn instructions(argv: &[String]) -> Option<u64> {
    if !run::on_path("valgrind") {
        return None;
    }
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .args(argv)
        .env_clear()
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

/// Start-up is short and noisy: it gets the start-up run count.
fn args_runs(key: &str, compute: usize, startup: usize) -> usize {
    if key == "startup" {
        startup.min(20)
    } else {
        compute
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// How the benchmark runs the original program on CPython.
fn reference_argv(program: &Path) -> Vec<String> {
    vec![
        PYTHON.to_string(),
        "-S".into(),
        "-s".into(),
        program.display().to_string(),
    ]
}

/// The reference's stdout (pinned libm preloaded, as the matrix runs it).
fn reference_stdout(argv: &[String], preload: &Path) -> Result<Vec<u8>> {
    let out = stdout_of(argv, Some(preload))?;
    anyhow::ensure!(!out.is_empty(), "{} printed nothing", argv.join(" "));
    Ok(out)
}

/// `argv` run with the reference's environment.
fn output_of(argv: &[String], preload: Option<&Path>) -> Result<std::process::Output> {
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..])
        .env_clear()
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUTF8", "1");
    if let Some(p) = preload {
        cmd.env("LD_PRELOAD", p);
    }
    cmd.output()
        .with_context(|| format!("cannot run {}", argv[0]))
}

/// What `argv` prints, with the reference's environment.
fn stdout_of(argv: &[String], preload: Option<&Path>) -> Result<Vec<u8>> {
    Ok(output_of(argv, preload)?.stdout)
}

/// Median wall time of each command over `runs` rounds (each round runs
/// every command once, in order), so background load hits all alike.
fn interleaved_all(argvs: &[Vec<String>], runs: usize) -> Result<Vec<f64>> {
    let mut times = vec![Vec::new(); argvs.len()];
    for _ in 0..runs.max(1) {
        for (argv, t) in argvs.iter().zip(&mut times) {
            t.push(time_once(argv)?);
        }
    }
    Ok(times.iter_mut().map(|t| median(t)).collect())
}

fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "kernel": tool_version("uname", "-r"),
        "rustc": tool_version("rustc", "--version"),
        "python": tool_version(PYTHON, "--version"),
        "date": tool_version("date", "-u"),
    })
}

fn machine_line(m: &Value) -> String {
    format!(
        "{} · {} cores · kernel {} · {} · {} · {}",
        m["cpu"].as_str().unwrap_or("?"),
        m["cores"],
        m["kernel"].as_str().unwrap_or("?"),
        m["rustc"].as_str().unwrap_or("?"),
        m["python"].as_str().unwrap_or("?"),
        m["date"].as_str().unwrap_or("?")
    )
}

/// The matrix turnaround (section 4): nothing changed, one program edited,
/// every cell rerun; with `--matrix-baseline`, every cell here against the older checkout.
fn matrix_section(
    args: &BenchArgs,
    targets: usize,
    rows: &mut Vec<(String, String, String, String)>,
    results: &mut serde_json::Map<String, Value>,
) -> Result<()> {
    let [warm, touched, cold] = crate::turnaround::measure()?;
    for (what, turn, goal, met) in [
        ("warm, nothing changed", &warm, "≤ 3 s", warm.secs <= 3.0),
        (
            "warm, one program edited",
            &touched,
            "its row only",
            touched.ran > 0 && touched.ran <= 2 + targets,
        ),
        ("cold, `--rerun`", &cold, "reported", true),
    ] {
        rows.push((
            format!("`cargo xtask matrix`, {what} ({targets} targets, 2 runs per cell)"),
            turn.shown(),
            goal.into(),
            if goal == "reported" {
                "—".into()
            } else {
                verdict(met)
            },
        ));
    }
    let mut matrix =
        json!({"warm": warm.json(), "one_edited": touched.json(), "rerun": cold.json()});
    if let Some(baseline) = &args.matrix_baseline {
        let (ours, theirs) = crate::turnaround::against_baseline(baseline, BASELINE_RUNS)?;
        let ratio = theirs.secs / ours.secs;
        rows.push((
            format!(
                "every cell run: this checkout / `{}` (its rows and targets only, alternating, medians of {BASELINE_RUNS})",
                baseline.display()
            ),
            format!("{:.1} s / {:.1} s = **{ratio:.2}× faster** ({} / {} cells)", ours.secs, theirs.secs, ours.ran, theirs.ran),
            "≥ 1.5×".into(),
            verdict(ratio >= 1.5),
        ));
        matrix["against_baseline"] = json!({"baseline": baseline, "ours": ours.json(), "theirs": theirs.json(), "speedup": ratio});
    }
    results.insert("matrix".into(), matrix);
    Ok(())
}
