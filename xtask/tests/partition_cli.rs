//! `cargo xtask partition` end to end: the table for every program we ship,
//! clear errors for bad input, and a partitioned program that prints exactly
//! the original's bytes with every static function agreeing with CPython on
//! 1,000 random argument tuples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(workspace())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_shipped_program_gets_a_table_and_a_summary() {
    let mut programs: Vec<PathBuf> = Vec::new();
    for dir in ["samples/programs", "samples/partition"] {
        for entry in std::fs::read_dir(workspace().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "py") {
                programs.push(path);
            }
        }
    }
    assert!(!programs.is_empty());
    for path in programs {
        let out = xtask(&["partition", path.to_str().unwrap()]);
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
        let summary = stdout.lines().last().unwrap_or("");
        assert!(
            summary.contains(" functions: ")
                && summary.contains(" static, ")
                && summary.ends_with(" dynamic"),
            "{}: {summary}",
            path.display()
        );
    }
}

#[test]
fn the_json_names_every_function_with_its_partition() {
    let out = xtask(&[
        "partition",
        "samples/partition/number_kernels.py",
        "--json",
        "-",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let functions = json["functions"].as_array().unwrap();
    let find = |name: &str| functions.iter().find(|f| f["name"] == name).unwrap();
    assert_eq!(find("collatz_steps")["partition"], "static");
    assert_eq!(find("run_collatz")["partition"], "dynamic");
    assert!(find("run_collatz")["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "DECORATED"));
    assert_eq!(
        json["summary"]["static"].as_u64().unwrap() + json["summary"]["dynamic"].as_u64().unwrap(),
        functions.len() as u64
    );
}

#[test]
fn bad_input_is_a_clear_error_with_file_and_line() {
    let scratch = tempfile::Builder::new()
        .prefix("xtask-partition-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let bad = dir.join("broken.py");
    std::fs::write(&bad, "x = 1\ndef f(:\n    pass\n").unwrap();
    let out = xtask(&["partition", bad.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2:", bad.display())),
        "{stderr}"
    );
    let missing = dir.join("missing.py");
    let out = xtask(&["partition", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn partitioned_programs_print_the_originals_bytes_and_agree_on_random_inputs() {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(workspace().join("samples/partition"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 2);
    for program in programs {
        let out = xtask(&[
            "partition",
            program.to_str().unwrap(),
            "--run",
            "--differential",
            "1000",
        ]);
        let stdout = text(&out.stdout);
        let shown = program.display();
        assert!(
            out.status.success(),
            "{shown}:\n{stdout}\n{}",
            text(&out.stderr)
        );
        assert!(stdout.contains("identical: ✅"), "{shown}:\n{stdout}");
        let rows: Vec<&str> = stdout
            .lines()
            .skip_while(|l| !l.starts_with("| function | compared"))
            .filter(|l| l.starts_with("| `"))
            .collect();
        let statics = stdout.lines().filter(|l| l.contains("| static |")).count();
        assert_eq!(
            rows.len(),
            statics,
            "{shown}: every static function is compared\n{stdout}"
        );
        for row in rows {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            assert_eq!(cells[2], "1000", "{shown}: {row}");
            assert_eq!(cells[3], "1000", "{shown}: {row}");
        }
    }
}

#[test]
fn the_readme_lists_every_reason_code() {
    let out = xtask(&["partition", "--codes"]);
    assert!(out.status.success());
    let table = text(&out.stdout);
    let readme = std::fs::read_to_string(workspace().join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README.md's reason table is stale; paste `cargo xtask partition --codes`:\n{table}"
    );
}

/// At the recursion limit a call into a static function behaves as the
/// Python function's call: the same depth, the same message, and a fallback
/// call (arguments not of the annotated types) one frame deep, not two.
#[test]
fn the_recursion_limit_is_met_exactly_where_cpython_meets_it() {
    let scratch = tempfile::Builder::new()
        .prefix("xtask-recursion-")
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    let program = dir.join("recursion_limit.py");
    std::fs::write(
        &program,
        "def leaf(x: int) -> int:\n    return x + 1\n\
         def mid(x: int) -> int:\n    return leaf(x) * 2\n\
         def top(x: int) -> int:\n    return mid(x) + 1\n\
         def probe(n, arg):\n    return probe(n - 1, arg) if n > 0 else top(arg)\n\
         for depth in range(990, 1000):\n    for arg in (1, 1.5):\n        try:\n            print(depth, arg, probe(depth, arg))\n        except RecursionError as e:\n            print(depth, arg, 'RecursionError:', e)\n",
    )
    .unwrap();
    let out = xtask(&["partition", program.to_str().unwrap(), "--run"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("3 static, 1 dynamic"), "{stdout}");
    assert!(stdout.contains("identical: ✅"), "{stdout}");
}
