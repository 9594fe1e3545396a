//! `matrix.toml`: which targets, with which runner, which samples, how often.

use crate::config::target::{known_triples, TargetSpec};
use crate::util::{parse_toml, workspace_root};
use anyhow::{bail, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    pub reference: ReferenceConfig,
    pub run: RunConfig,
    #[serde(default)]
    pub samples: SampleFilter,
    /// Pure-Python programs (files or directories, relative to this file) run
    /// through `hybrid exec` on every target, as `--py` does.
    #[serde(default)]
    pub programs: Vec<PathBuf>,
    /// Ordinary Python programs (files or directories) partitioned
    /// automatically: their static functions compiled to Rust, checked on
    /// every target against the original, as `--partition` does.
    #[serde(default)]
    pub partition: Vec<PathBuf>,
    #[serde(rename = "target")]
    pub targets: Vec<TargetEntry>,
    #[serde(default)]
    pub light: LightConfig,
}

/// `[light]`: what the Light tier's columns are judged with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LightConfig {
    /// Why each differing row differs on RustPython (relative to this file).
    #[serde(default = "default_light_causes")]
    pub causes: PathBuf,
    /// Per-run timeout of Light cells (default: `[run] timeout_secs`):
    /// RustPython runs pure Python about ten times slower than CPython, and
    /// an emulated target multiplies that again.
    #[serde(default)]
    pub timeout_secs: Option<u64>,
}

impl Default for LightConfig {
    fn default() -> Self {
        LightConfig {
            causes: default_light_causes(),
            timeout_secs: None,
        }
    }
}

fn default_light_causes() -> PathBuf {
    PathBuf::from("light.toml")
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceConfig {
    /// The host CPython that runs the pure-Python references.
    pub python: PathBuf,
    /// Where each sample's `<name>/reference.py` lives, relative to this file.
    #[serde(default = "default_corpus")]
    pub samples: PathBuf,
}

fn default_corpus() -> PathBuf {
    PathBuf::from("samples/corpus")
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    pub runs: u32,
    pub timeout_secs: u64,
    pub jobs: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SampleFilter {
    #[serde(default = "all")]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

fn all() -> Vec<String> {
    vec!["*".into()]
}

impl Default for SampleFilter {
    /// Every sample.
    fn default() -> Self {
        SampleFilter {
            include: all(),
            exclude: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub triple: String,
    pub runner: RunnerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RunnerKind {
    /// Run the binary directly.
    Native,
    /// Run it under qemu-user.
    Qemu,
    /// Run it in a clean root filesystem (bubblewrap, else unshare + chroot).
    Container,
    /// Run a WebAssembly binary under the pinned wasmtime.
    Wasmtime,
}

impl std::fmt::Display for RunnerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RunnerKind::Native => "native",
            RunnerKind::Qemu => "qemu",
            RunnerKind::Container => "container",
            RunnerKind::Wasmtime => "wasmtime",
        })
    }
}

impl MatrixConfig {
    pub fn default_path() -> PathBuf {
        workspace_root().join("matrix.toml")
    }

    pub fn load(path: &Path) -> Result<MatrixConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Self::parse(path, &text)
    }

    /// Parses and validates: every target must exist in `targets/`, every
    /// glob must compile, counts must be positive. Errors name file and line.
    pub fn parse(path: &Path, text: &str) -> Result<MatrixConfig> {
        let mut config: MatrixConfig = parse_toml(path, text)?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        config.reference.samples = base.join(&config.reference.samples);
        config.programs = config.programs.iter().map(|p| base.join(p)).collect();
        config.partition = config.partition.iter().map(|p| base.join(p)).collect();
        config.light.causes = base.join(&config.light.causes);
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map(|i| format!(":{}", i + 1))
                .unwrap_or_default()
        };
        let known = known_triples()?;
        for entry in &config.targets {
            if !known.contains(&entry.triple) {
                bail!(
                    "{}{}: unknown target '{}'; known targets: {} (add targets/{}.toml to define it)",
                    path.display(),
                    line_of(&format!("\"{}\"", entry.triple)),
                    entry.triple,
                    known.join(", "),
                    entry.triple
                );
            }
            TargetSpec::load(&entry.triple)?;
        }
        for pattern in config.samples.include.iter().chain(&config.samples.exclude) {
            if let Err(e) = Glob::new(pattern) {
                bail!(
                    "{}{}: bad sample glob {pattern:?}: {}",
                    path.display(),
                    line_of(pattern),
                    e.kind()
                );
            }
        }
        if config.run.runs == 0 || config.run.jobs == 0 || config.run.timeout_secs == 0 {
            bail!(
                "{}{}: runs, jobs and timeout_secs must be at least 1",
                path.display(),
                line_of("[run]")
            );
        }
        if config.light.timeout_secs == Some(0) {
            bail!(
                "{}{}: timeout_secs must be at least 1",
                path.display(),
                line_of("[light]")
            );
        }
        Ok(config)
    }
}

/// The triples named on the command line, or every target of `matrix.toml`.
pub fn selected_triples(wanted: &[String]) -> Result<Vec<String>> {
    if !wanted.is_empty() {
        return Ok(wanted.to_vec());
    }
    let config = MatrixConfig::load(&MatrixConfig::default_path())?;
    Ok(config.targets.into_iter().map(|t| t.triple).collect())
}

impl SampleFilter {
    /// Compiles the include/exclude globs (validated when the config was parsed).
    pub fn matcher(&self) -> Result<SampleMatcher> {
        let build = |patterns: &[String]| -> Result<GlobSet> {
            let mut b = GlobSetBuilder::new();
            for p in patterns {
                b.add(Glob::new(p).with_context(|| format!("bad sample glob {p:?}"))?);
            }
            Ok(b.build()?)
        };
        Ok(SampleMatcher {
            include: build(&self.include)?,
            exclude: build(&self.exclude)?,
        })
    }
}

pub struct SampleMatcher {
    include: GlobSet,
    exclude: GlobSet,
}

impl SampleMatcher {
    pub fn matches(&self, name: &str) -> bool {
        self.include.is_match(name) && !self.exclude.is_match(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<MatrixConfig> {
        MatrixConfig::parse(Path::new("matrix.toml"), text)
    }

    const GOOD: &str = r#"
[reference]
python = "/usr/bin/python3.11"
[run]
runs = 2
timeout_secs = 10
jobs = 2
[[target]]
triple = "x86_64-unknown-linux-gnu"
runner = "native"
"#;

    #[test]
    fn the_repository_matrix_loads() {
        let config = MatrixConfig::load(&MatrixConfig::default_path()).unwrap();
        let triples: Vec<(&str, RunnerKind)> = config
            .targets
            .iter()
            .map(|t| (t.triple.as_str(), t.runner))
            .collect();
        assert_eq!(triples.len(), 5, "{triples:?}");
        assert!(triples.contains(&("wasm32-wasip1", RunnerKind::Wasmtime)));
    }

    #[test]
    fn good_config_parses_with_default_filter() {
        let c = parse(GOOD).unwrap();
        assert!(c.samples.matcher().unwrap().matches("poc0"));
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let text = GOOD.replace("jobs = 2", "jobs = 2\nparallelism = 4");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("matrix.toml:8:") && err.contains("parallelism"),
            "{err}"
        );
    }

    #[test]
    fn unknown_target_names_file_line_and_known_targets() {
        let text = GOOD.replace("x86_64-unknown-linux-gnu", "riscv64gc-unknown-linux-gnu");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("matrix.toml:9: unknown target 'riscv64gc-unknown-linux-gnu'"),
            "{err}"
        );
        assert!(err.contains("aarch64-unknown-linux-gnu"), "{err}");
    }

    #[test]
    fn wrong_type_names_file_and_line() {
        let text = GOOD.replace("runs = 2", "runs = \"two\"");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.starts_with("matrix.toml:5:"), "{err}");
    }

    #[test]
    fn unknown_runner_and_bad_glob_are_refused() {
        let err = parse(&GOOD.replace("\"native\"", "\"vm\""))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("matrix.toml:10:") && err.contains("vm"),
            "{err}"
        );
        let text = format!("{GOOD}[samples]\ninclude = [\"poc[\"]\n");
        let err = parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("bad sample glob \"poc[\"") && err.starts_with("matrix.toml:12:"),
            "{err}"
        );
    }
}
