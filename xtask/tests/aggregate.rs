//! `cargo xtask matrix aggregate` on reports recorded one target at a time (as
//! the CI jobs make them): the pinned-libm set agrees; the set built with
//! `--libm system` genuinely disagrees (glibc vs musl) and must fail, naming
//! the first differing line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "one report per target in {}", dir.display());
    files
}

fn aggregate(files: &[PathBuf], json: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["matrix", "aggregate"])
        .args(files)
        .arg("--json")
        .arg(json)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn agreeing_reports_aggregate_to_three_of_three() {
    let scratch = tempfile::tempdir().unwrap();
    let json = scratch.path().join("aggregate-agree.json");
    let (code, stdout) = aggregate(&fixtures("agree"), &json);
    assert_eq!(code, Some(0), "{stdout}");
    let merged = report(&json);
    let mut targets: Vec<&str> = merged["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["target"].as_str())
        .collect();
    targets.sort_unstable();
    assert_eq!(
        targets,
        [
            "aarch64-unknown-linux-gnu",
            "x86_64-unknown-linux-gnu",
            "x86_64-unknown-linux-musl"
        ]
    );
    for verdict in merged["verdicts"].as_array().unwrap() {
        assert_eq!(
            (verdict["agreeing"].as_u64(), verdict["required"].as_u64()),
            (Some(3), Some(3)),
            "{verdict}"
        );
    }
    assert!(stdout.contains("✅ 3/3"), "{stdout}");
}

#[test]
fn disagreeing_reports_fail_with_the_first_differing_line() {
    let scratch = tempfile::tempdir().unwrap();
    let json = scratch.path().join("aggregate-disagree.json");
    let (code, stdout) = aggregate(&fixtures("disagree"), &json);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("### Disagreements (first differing line)"),
        "{stdout}"
    );
    let merged = report(&json);
    let sweep = merged["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["row"] == "float_libm_sweep")
        .unwrap();
    assert_eq!(sweep["agrees"], false);
    let columns: Vec<&str> = sweep["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["column"].as_str())
        .collect();
    assert!(
        columns.contains(&"x86_64-unknown-linux-musl"),
        "musl's libm differs from glibc's: {columns:?}"
    );
}

#[test]
fn a_report_that_is_not_json_is_a_clear_error() {
    let scratch = tempfile::tempdir().unwrap();
    let bogus = scratch.path().join("bogus.json");
    std::fs::write(&bogus, "not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["matrix", "aggregate"])
        .arg(&bogus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not a matrix report"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
