//! `cargo xtask matrix` end to end on the host target: agreement exits 0, a
//! deliberately changed reference exits 1 with the first differing line, and a
//! malformed matrix.toml is refused with its line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn host_triple() -> String {
    format!("{}-unknown-linux-gnu", std::env::consts::ARCH)
}

/// A fresh directory, removed when the returned guard drops.
fn tempdir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("xtask-matrix-{name}-"))
        .tempdir()
        .unwrap()
}

/// A matrix.toml for the host target only, reading references from `corpus`.
fn host_matrix(dir: &Path, corpus: &Path) -> PathBuf {
    let path = dir.join("matrix.toml");
    let text = format!(
        "[reference]\npython = \"/usr/bin/python3.11\"\nsamples = \"{}\"\n[run]\nruns = 1\ntimeout_secs = 60\njobs = 2\n\
         [[target]]\ntriple = \"{}\"\nrunner = \"native\"\n",
        corpus.display(),
        host_triple()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(workspace())
        .output()
        .unwrap()
}

/// `cargo xtask matrix --config CONFIG --sample poc0 --json JSON`.
fn poc0_matrix(config: &Path, json: &Path) -> Output {
    xtask(&[
        "matrix",
        "--config",
        config.to_str().unwrap(),
        "--sample",
        "poc0",
        "--json",
        json.to_str().unwrap(),
    ])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn changed_reference_fails_with_the_first_differing_line() {
    let scratch = tempdir("changed");
    let dir = scratch.path();
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("poc0")).unwrap();
    let original =
        std::fs::read_to_string(workspace().join("samples/corpus/poc0/reference.py")).unwrap();
    let changed = original.replace("static={static_part}", "static={static_part + 1}");
    assert_ne!(
        original, changed,
        "the reference's format line moved; update this test"
    );
    std::fs::write(corpus.join("poc0/reference.py"), changed).unwrap();
    let config = host_matrix(dir, &corpus);
    let json = dir.join("out.json");
    let out = poc0_matrix(&config, &json);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {stdout}\nstderr: {}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains("differs from `reference-pinned` at line 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("static=101|dynamic=60|sum=160")
            && stdout.contains("static=100|dynamic=60|sum=160"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["agrees"], false);
    assert_eq!(report["verdicts"][0]["differences"][0]["line"], 1);
}

#[test]
fn agreeing_reference_passes_and_writes_json() {
    let scratch = tempdir("agree");
    let dir = scratch.path();
    let config = host_matrix(dir, &workspace().join("samples/corpus"));
    let json = dir.join("out.json");
    let out = poc0_matrix(&config, &json);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["agrees"], true);
    let cell = report["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] != "reference")
        .unwrap()
        .clone();
    assert_eq!(
        cell["stdout_sha256"],
        "8a07ddf0686362c4d446c017ea337e186a8d85b584e93370438f2d2f8b982ae2"
    );
    assert_eq!(cell["runs_agree"], true);
}

#[test]
fn malformed_matrix_is_refused_with_its_line() {
    let scratch = tempdir("malformed");
    let dir = scratch.path();
    let config = dir.join("matrix.toml");
    std::fs::write(&config, "[reference]\npython = \"/usr/bin/python3.11\"\n[run]\nruns = 2\ntimeout_secs = 9\njobs = 1\ncolour = \"red\"\n").unwrap();
    let out = xtask(&["matrix", "--config", config.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:7:", config.display())) && stderr.contains("colour"),
        "{stderr}"
    );
}

#[test]
fn partitioned_programs_are_rows_and_one_that_cannot_build_stops_nothing() {
    let scratch = tempdir("partition");
    let dir = scratch.path();
    let config = host_matrix(dir, &workspace().join("samples/corpus"));
    let broken = dir.join("broken.py");
    std::fs::write(&broken, "def f(x: int) -> int:\n    return x +\n").unwrap();
    let json = dir.join("out.json");
    let out = xtask(&[
        "matrix",
        "--config",
        config.to_str().unwrap(),
        "--sample",
        "poc0",
        "--partition",
        "samples/partition/spectral_norm.py",
        "--partition",
        broken.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let cells = report["cells"].as_array().unwrap();
    let cell = |row_suffix: &str| {
        cells
            .iter()
            .find(|c| {
                c["row"].as_str().unwrap().ends_with(row_suffix) && c["column"] == host_triple()
            })
            .unwrap()
            .clone()
    };
    let good = cell("spectral_norm.py");
    let reference = cells
        .iter()
        .find(|c| {
            c["row"].as_str().unwrap().ends_with("spectral_norm.py")
                && c["column"] == "reference-pinned"
        })
        .unwrap();
    assert_eq!(good["stdout_sha256"], reference["stdout_sha256"], "{good}");
    assert_eq!(good["status"], "ok", "{good}");
    let bad = cell("broken.py");
    assert_eq!(bad["status"], "not_built", "{bad}");
    assert!(
        bad.to_string().contains("broken.py:2"),
        "the reason names the file and line: {bad}"
    );
    let rows = report["rows"].as_array().unwrap();
    let row = rows
        .iter()
        .find(|r| r["id"].as_str().unwrap().ends_with("spectral_norm.py"))
        .unwrap();
    assert_eq!(row["kind"]["type"], "partitioned");
    assert_eq!(row["kind"]["statics"], 5);
}

/// Runs the host matrix over poc0 and the programs in `programs`; returns the
/// report and stderr.
fn cached_matrix(
    config: &Path,
    programs: &Path,
    json: &Path,
    extra: &[&str],
) -> (serde_json::Value, String) {
    let mut args = vec![
        "matrix",
        "--config",
        config.to_str().unwrap(),
        "--sample",
        "poc0",
        "--py",
        programs.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = xtask(&args);
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{stderr}",
        text(&out.stdout)
    );
    let report = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    (report, stderr)
}

/// (row, column) of every cell that ran rather than being reused.
fn executed(report: &serde_json::Value) -> Vec<(String, String)> {
    report["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["cached"] != true)
        .map(|c| {
            (
                c["row"].as_str().unwrap().to_string(),
                c["column"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn unchanged_cells_are_reused_an_edited_program_reruns_its_row_and_rerun_runs_all() {
    let scratch = tempdir("cache");
    let dir = scratch.path();
    let programs = dir.join("programs");
    std::fs::create_dir_all(&programs).unwrap();
    std::fs::write(programs.join("a.py"), "print(sum(range(10)))\n").unwrap();
    std::fs::write(programs.join("b.py"), "import helper\nprint(helper.X)\n").unwrap();
    std::fs::write(programs.join("helper.py"), "X = 'one'\n").unwrap();
    let config = host_matrix(dir, &workspace().join("samples/corpus"));
    let json = dir.join("out.json");
    // 4 rows (poc0, a, b, helper) × 3 columns (two references, the host target).
    let (first, _) = cached_matrix(&config, &programs, &json, &["--rerun"]);
    assert_eq!(executed(&first).len(), 12, "{:?}", executed(&first));

    let (warm, _) = cached_matrix(&config, &programs, &json, &[]);
    assert_eq!(executed(&warm), vec![], "nothing changed, nothing runs");
    assert_eq!(warm["agrees"], true);
    assert_eq!(
        warm["cells"][0]["stdout_sha256"],
        first["cells"][0]["stdout_sha256"]
    );

    // b imports helper: editing helper reruns b's row and helper's own, not a's.
    std::fs::write(programs.join("helper.py"), "X = 'two'\n").unwrap();
    let (edited, _) = cached_matrix(&config, &programs, &json, &[]);
    let mut rows: Vec<String> = executed(&edited).into_iter().map(|(r, _)| r).collect();
    rows.dedup();
    assert_eq!(executed(&edited).len(), 6, "{:?}", executed(&edited));
    assert!(
        rows.iter()
            .all(|r| r.ends_with("b.py") || r.ends_with("helper.py")),
        "{rows:?}"
    );

    // A damaged entry is not trusted: that one cell runs, with a warning.
    let key = edited["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["row"].as_str().unwrap().ends_with("a.py") && c["column"] == "reference")
        .unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let entry = target
        .join("matrix/cells")
        .join(&key[..2])
        .join(format!("{key}.json"));
    let original = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(
        &entry,
        original.replace("\"exit_code\": 0", "\"exit_code\": 3"),
    )
    .unwrap();
    let (damaged, stderr) = cached_matrix(&config, &programs, &json, &[]);
    assert_eq!(executed(&damaged).len(), 1, "{:?}", executed(&damaged));
    assert!(stderr.contains("warning: ignoring cached cell"), "{stderr}");

    let (rerun, _) = cached_matrix(&config, &programs, &json, &["--rerun"]);
    assert_eq!(executed(&rerun).len(), 12);
}
