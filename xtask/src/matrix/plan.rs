//! Plan: which targets (with which runner), which programs, how often.
//! Command-line flags narrow or override `matrix.toml`.

use crate::config::matrix::{MatrixConfig, RunnerKind, SampleMatcher};
use crate::config::target::TargetSpec;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub struct Plan {
    pub config: MatrixConfig,
    pub targets: Vec<(TargetSpec, RunnerKind)>,
    pub samples: SampleMatcher,
    pub programs: Vec<PathBuf>,
    /// Programs to partition automatically, each with its own binary.
    pub partition: Vec<PathBuf>,
    pub runs: u32,
    pub jobs: usize,
    pub timeout_secs: u64,
    /// Per run, for Light cells.
    pub light_timeout_secs: u64,
}

pub struct Overrides<'a> {
    pub targets: &'a [String],
    pub samples: &'a [String],
    pub py: &'a [PathBuf],
    pub partition: &'a [PathBuf],
    pub runs: Option<u32>,
    pub jobs: Option<usize>,
    pub timeout_secs: Option<u64>,
}

pub fn make(config: MatrixConfig, overrides: &Overrides<'_>) -> Result<Plan> {
    let mut targets = Vec::new();
    for entry in &config.targets {
        if overrides.targets.is_empty() || overrides.targets.contains(&entry.triple) {
            targets.push((TargetSpec::load(&entry.triple)?, entry.runner));
        }
    }
    for wanted in overrides.targets {
        if !config.targets.iter().any(|e| &e.triple == wanted) {
            let listed: Vec<&str> = config.targets.iter().map(|e| e.triple.as_str()).collect();
            bail!(
                "--target {wanted}: not in matrix.toml (it lists {})",
                listed.join(", ")
            );
        }
    }
    let mut filter = config.samples.clone();
    if !overrides.samples.is_empty() {
        filter.include = overrides.samples.to_vec();
    }
    let samples = filter.matcher().context("in --sample")?;
    let mut programs = Vec::new();
    // matrix.toml's programs run unless --sample narrows the run to samples.
    let defaults: &[PathBuf] = if overrides.samples.is_empty() {
        &config.programs
    } else {
        &[]
    };
    for path in defaults.iter().chain(overrides.py) {
        collect_programs(path, &mut programs)?;
    }
    let mut partition = Vec::new();
    let partition_defaults: &[PathBuf] = if overrides.samples.is_empty() {
        &config.partition
    } else {
        &[]
    };
    for path in partition_defaults.iter().chain(overrides.partition) {
        collect_programs(path, &mut partition)?;
    }
    Ok(Plan {
        runs: overrides.runs.unwrap_or(config.run.runs).max(1),
        jobs: overrides.jobs.unwrap_or(config.run.jobs).max(1),
        timeout_secs: overrides
            .timeout_secs
            .unwrap_or(config.run.timeout_secs)
            .max(1),
        // `--timeout` applies to every cell; otherwise Light cells have their own.
        light_timeout_secs: overrides
            .timeout_secs
            .or(config.light.timeout_secs)
            .unwrap_or(config.run.timeout_secs)
            .max(1),
        targets,
        samples,
        programs,
        partition,
        config,
    })
}

/// A `.py` file, or every `.py` file under a directory (sorted).
fn collect_programs(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_file() {
        out.push(std::fs::canonicalize(path)?);
        return Ok(());
    }
    if !path.is_dir() {
        bail!(
            "{}: no such file or directory (given to --py/--partition or matrix.toml)",
            path.display()
        );
    }
    let mut found = Vec::new();
    for p in crate::util::files_under(path, &[], &|p| p.extension().is_some_and(|e| e == "py"))? {
        found.push(std::fs::canonicalize(&p)?);
    }
    if found.is_empty() {
        bail!(
            "{}: the directory holds no .py files (given to --py/--partition or matrix.toml)",
            path.display()
        );
    }
    found.sort();
    out.extend(found);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(light: &str, timeout: Option<u64>) -> Plan {
        let text = format!(
            "[reference]\npython = \"/usr/bin/python3.11\"\n[run]\nruns = 2\ntimeout_secs = 120\njobs = 2\n{light}\n[[target]]\ntriple = \"x86_64-unknown-linux-gnu\"\nrunner = \"native\"\n"
        );
        let config = MatrixConfig::parse(Path::new("matrix.toml"), &text).unwrap();
        let overrides = Overrides {
            targets: &[],
            samples: &[],
            py: &[],
            partition: &[],
            runs: None,
            jobs: None,
            timeout_secs: timeout,
        };
        make(config, &overrides).unwrap()
    }

    #[test]
    fn light_cells_have_their_own_timeout_unless_the_command_line_sets_one() {
        let p = plan("[light]\ntimeout_secs = 600", None);
        assert_eq!((p.timeout_secs, p.light_timeout_secs), (120, 600));
        let p = plan("", None);
        assert_eq!((p.timeout_secs, p.light_timeout_secs), (120, 120));
        let p = plan("[light]\ntimeout_secs = 600", Some(30));
        assert_eq!((p.timeout_secs, p.light_timeout_secs), (30, 30));
        let err = MatrixConfig::parse(
            Path::new("matrix.toml"),
            "[reference]\npython = \"p\"\n[run]\nruns = 2\ntimeout_secs = 1\njobs = 1\n[light]\ntimeout_secs = 0\n[[target]]\ntriple = \"x86_64-unknown-linux-gnu\"\nrunner = \"native\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("matrix.toml:7:"), "{err}");
    }
}
