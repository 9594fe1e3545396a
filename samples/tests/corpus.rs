//! The corpus contract: every sample directory is complete and described, the
//! PoC groups are populated, and every hybrid sample prints byte for byte what
//! its pure-Python reference prints under the reference CPython. Nothing is
//! hard-coded: agreement is recomputed on every run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The reference interpreter, run as `env -i PYTHONHASHSEED=0 PYTHONUTF8=1
/// LD_PRELOAD=<pinned libm> python3.11 -S -s`.
const PYTHON: &str = "/usr/bin/python3.11";
const KEYS: [&str; 4] = ["poc", "group", "construct", "description"];
/// Which groups each PoC may use.
const GROUPS: [(i64, &[&str]); 4] = [
    (0, &["any", "args-kwargs", "getattr", "monkey-patching"]),
    (1, &["any"]),
    (2, &["args-kwargs", "getattr", "monkey-patching"]),
    // PoC 4: the libm pin across platforms (float-heavy proof samples).
    (4, &["float"]),
];
/// (poc, group, minimum number of samples)
const MINIMUMS: [(i64, &str, usize); 5] = [
    (1, "any", 5),
    (2, "args-kwargs", 5),
    (2, "getattr", 5),
    (2, "monkey-patching", 5),
    (4, "float", 5),
];

struct Sample {
    name: String,
    dir: PathBuf,
    poc: i64,
    group: String,
}

/// Every directory under `samples/corpus`, checked against the contract.
fn corpus() -> Vec<Sample> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("samples/corpus is readable")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| check_sample(&dir)).collect()
}

fn check_sample(dir: &Path) -> Sample {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    for file in ["sample.toml", "static.rs", "reference.py"] {
        assert!(dir.join(file).is_file(), "sample {name}: missing {file}");
    }
    let text = std::fs::read_to_string(dir.join("sample.toml")).unwrap();
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("sample {name}: sample.toml: {e}"));
    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(
        keys, expected,
        "sample {name}: sample.toml must have exactly the keys {KEYS:?}"
    );

    let poc = table["poc"]
        .as_integer()
        .unwrap_or_else(|| panic!("sample {name}: poc must be an integer"));
    let group = table["group"]
        .as_str()
        .unwrap_or_else(|| panic!("sample {name}: group must be a string"));
    let allowed = GROUPS
        .iter()
        .find(|(p, _)| *p == poc)
        .unwrap_or_else(|| panic!("sample {name}: unknown poc {poc}"))
        .1;
    assert!(
        allowed.contains(&group),
        "sample {name}: group {group:?} is not one of PoC {poc}'s {allowed:?}"
    );
    for key in ["construct", "description"] {
        let value = table[key]
            .as_str()
            .unwrap_or_else(|| panic!("sample {name}: {key} must be a string"));
        assert!(
            !value.trim().is_empty() && !value.contains('\n'),
            "sample {name}: {key} must be one non-empty line"
        );
    }
    Sample {
        name,
        dir: dir.to_path_buf(),
        poc,
        group: group.to_string(),
    }
}

#[test]
fn every_sample_is_complete_and_described() {
    let samples = corpus();
    assert!(!samples.is_empty(), "the corpus is empty");
}

#[test]
fn every_poc_group_has_enough_samples() {
    let mut counts: BTreeMap<(i64, String), usize> = BTreeMap::new();
    for s in corpus() {
        *counts.entry((s.poc, s.group)).or_default() += 1;
    }
    for (poc, group, minimum) in MINIMUMS {
        let n = counts.get(&(poc, group.to_string())).copied().unwrap_or(0);
        assert!(
            n >= minimum,
            "PoC {poc} group {group:?} has {n} samples, needs at least {minimum}"
        );
    }
}

fn hybrid_run(name: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hybrid"))
        .args(["run", name])
        .output()
        .expect("the hybrid binary runs")
}

/// The pinned libm as a shared library, built once per test run (as the matrix
/// builds it): the hybrid's CPython binds to the pinned libm, so the reference
/// must too, or float samples differ in the last bits by design.
fn pinned_libm_preload() -> &'static Path {
    static LIB: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir = workspace.join("target").join("preload");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "rustc",
                "--locked",
                "--quiet",
                "--release",
                "-p",
                "pinned-libm",
                "--features",
                "c-exports",
                "--crate-type",
                "cdylib",
            ])
            .env("CARGO_TARGET_DIR", &dir)
            .current_dir(workspace)
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "building the pinned libm preload library failed"
        );
        dir.join("release").join("libpinned_libm.so")
    })
}

fn reference_run(dir: &Path) -> Output {
    Command::new(PYTHON)
        .env_clear()
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONUTF8", "1")
        .env("LD_PRELOAD", pinned_libm_preload())
        .args(["-S", "-s"])
        .arg(dir.join("reference.py"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run the reference interpreter {PYTHON}: {e}"))
}

/// Why two outputs differ: the first differing line, or the differing lengths.
fn first_difference(hybrid: &[u8], reference: &[u8]) -> String {
    let (h, r) = (
        String::from_utf8_lossy(hybrid),
        String::from_utf8_lossy(reference),
    );
    let (mut hl, mut rl) = (h.split_inclusive('\n'), r.split_inclusive('\n'));
    for line in 1.. {
        match (hl.next(), rl.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                let show =
                    |l: Option<&str>| l.map_or("<end of output>".to_string(), |l| format!("{l:?}"));
                return format!(
                    "first difference at line {line}:\n  hybrid:    {}\n  reference: {}",
                    show(a),
                    show(b)
                );
            }
        }
    }
    unreachable!()
}

#[test]
fn every_hybrid_prints_exactly_what_its_reference_prints() {
    let mut failures = Vec::new();
    let samples = corpus();
    for s in &samples {
        let (hybrid, reference) = (hybrid_run(&s.name), reference_run(&s.dir));
        let problem = if !reference.status.success() {
            Some(format!(
                "the reference failed ({}):\n{}",
                reference.status,
                String::from_utf8_lossy(&reference.stderr)
            ))
        } else if !hybrid.status.success() {
            Some(format!(
                "the hybrid failed ({}):\n{}",
                hybrid.status,
                String::from_utf8_lossy(&hybrid.stderr)
            ))
        } else if hybrid.stdout.is_empty() {
            Some("the hybrid printed nothing".to_string())
        } else if hybrid.stdout != reference.stdout {
            Some(first_difference(&hybrid.stdout, &reference.stdout))
        } else {
            None
        };
        match problem {
            Some(p) => failures.push(format!("sample {}: {p}", s.name)),
            None => println!("{}: {} bytes agree", s.name, hybrid.stdout.len()),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} samples disagree:\n\n{}",
        failures.len(),
        samples.len(),
        failures.join("\n\n")
    );
}
