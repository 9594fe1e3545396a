//! Runs the binary in a clean root filesystem holding exactly what it needs:
//! the binary, its dynamic loader and `DT_NEEDED` libraries (none for static
//! musl), qemu-user for a foreign architecture, and the input programs. The
//! environment is cleared and the network is off. This proves the binary does
//! not lean on host files. bubblewrap is preferred; `unshare` + `chroot` is the
//! fallback when bubblewrap is missing.

use super::{on_path, tool_version, Invocation, Runner};
use crate::config::target::TargetSpec;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Bubblewrap,
    UnshareChroot,
}

pub struct ContainerRunner {
    root: PathBuf,
    engine: Engine,
    /// qemu-user inside the root, for a foreign architecture.
    qemu_inside: Option<String>,
    /// Host path of each input → its path inside the root.
    inputs: BTreeMap<PathBuf, String>,
    /// What the root holds, relative paths (for the report).
    contents: Vec<String>,
}

impl ContainerRunner {
    /// Assembles `root` afresh for `binary` of `spec`, copying in `inputs`.
    pub fn assemble(
        spec: &TargetSpec,
        binary: &Path,
        root: &Path,
        inputs: &[PathBuf],
    ) -> Result<ContainerRunner> {
        let engine = pick_engine()?;
        if root.exists() {
            std::fs::remove_dir_all(root)
                .with_context(|| format!("cannot clear {}", root.display()))?;
        }
        // Empty mount points: the root is bound read-only, so bwrap cannot create them.
        for dir in ["dev", "proc"] {
            std::fs::create_dir_all(root.join(dir))?;
        }
        let mut contents = vec![];
        copy_into(binary, root, "hybrid")?;
        contents.push("hybrid".to_string());

        if let Some(interp) = elf_interpreter(binary)? {
            let sysroot = spec
                .run
                .sysroot
                .clone()
                .unwrap_or_else(|| PathBuf::from("/"));
            let rel = interp.trim_start_matches('/');
            copy_into(&sysroot.join(rel), root, rel)?;
            contents.push(rel.to_string());
            for lib in elf_needed(binary)? {
                let rel = find_library(spec, &sysroot, &lib)?;
                copy_into(&sysroot.join(&rel), root, &rel)?;
                contents.push(rel);
            }
        }
        let qemu_inside = if spec.is_native_here() {
            None
        } else {
            let qemu = spec.run.qemu.as_deref().with_context(|| {
                format!(
                    "target {} does not run natively here and targets/{}.toml names no qemu",
                    spec.triple, spec.triple
                )
            })?;
            let host_qemu = which(qemu)?;
            copy_into(&host_qemu, root, "qemu")?;
            contents.push(format!("qemu ({qemu})"));
            Some("/qemu".to_string())
        };
        let mut mapped = BTreeMap::new();
        for (i, input) in inputs.iter().enumerate() {
            let name = input
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("input.py");
            let rel = format!("input/{i}-{name}");
            copy_into(input, root, &rel)?;
            mapped.insert(input.clone(), format!("/{rel}"));
        }
        if !inputs.is_empty() {
            contents.push(format!("input/ ({} programs)", inputs.len()));
        }
        Ok(ContainerRunner {
            root: root.to_path_buf(),
            engine,
            qemu_inside,
            inputs: mapped,
            contents,
        })
    }
}

impl Runner for ContainerRunner {
    fn name(&self) -> String {
        match self.engine {
            Engine::Bubblewrap => "container (bwrap)".into(),
            Engine::UnshareChroot => "container (unshare+chroot)".into(),
        }
    }

    fn tool_versions(&self) -> Vec<(String, String)> {
        let engine = match self.engine {
            Engine::Bubblewrap => ("bwrap".to_string(), tool_version("bwrap", "--version")),
            Engine::UnshareChroot => ("unshare".to_string(), tool_version("unshare", "--version")),
        };
        vec![engine, ("root contents".into(), self.contents.join(", "))]
    }

    fn command(&self, invocation: &Invocation) -> Result<Command> {
        let mut inside: Vec<String> = Vec::new();
        if let Some(qemu) = &self.qemu_inside {
            inside.push(qemu.clone());
        }
        match &invocation.binary {
            None => inside.push("/hybrid".into()),
            Some(binary) => inside.push(
                self.inputs
                    .get(binary)
                    .with_context(|| {
                        format!(
                            "{} was not copied into the container root",
                            binary.display()
                        )
                    })?
                    .clone(),
            ),
        }
        for arg in &invocation.args {
            match self.inputs.get(Path::new(arg)) {
                Some(mapped) => inside.push(mapped.clone()),
                None if invocation.inputs.iter().any(|i| i == Path::new(arg)) => {
                    bail!("{arg} was not copied into the container root")
                }
                None => inside.push(arg.clone()),
            }
        }
        let mut cmd = match self.engine {
            Engine::Bubblewrap => {
                let mut c = Command::new("bwrap");
                c.arg("--ro-bind").arg(&self.root).arg("/");
                c.args([
                    "--dev",
                    "/dev",
                    "--proc",
                    "/proc",
                    "--unshare-all",
                    "--die-with-parent",
                    "--clearenv",
                    "--chdir",
                    "/",
                ]);
                c
            }
            Engine::UnshareChroot => {
                let mut c = Command::new("unshare");
                c.args([
                    "--mount", "--pid", "--fork", "--net", "--ipc", "--uts", "chroot",
                ])
                .arg(&self.root);
                c
            }
        };
        cmd.env_clear().args(inside);
        Ok(cmd)
    }
}

fn pick_engine() -> Result<Engine> {
    if on_path("bwrap") {
        return Ok(Engine::Bubblewrap);
    }
    if on_path("unshare") && on_path("chroot") {
        return Ok(Engine::UnshareChroot);
    }
    bail!("no container engine: install bubblewrap (apt-get install -y bubblewrap) or util-linux's unshare")
}

fn copy_into(src: &Path, root: &Path, rel: &str) -> Result<()> {
    let dest = root.join(rel);
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(src, &dest)
        .with_context(|| format!("cannot copy {} into the container root", src.display()))?;
    Ok(())
}

fn which(tool: &str) -> Result<PathBuf> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(tool))
                .find(|p| p.is_file())
        })
        .with_context(|| format!("{tool} is not installed"))
}

fn readelf(flag: &str, binary: &Path) -> Result<String> {
    let out = Command::new("readelf")
        .arg(flag)
        .arg(binary)
        .output()
        .context(
            "readelf (binutils) is needed to assemble container roots: apt-get install -y binutils",
        )?;
    if !out.status.success() {
        bail!(
            "readelf {flag} {} failed: {}",
            binary.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `PT_INTERP` path of a dynamically linked ELF file, `None` if static.
fn elf_interpreter(binary: &Path) -> Result<Option<String>> {
    let text = readelf("-lW", binary)?;
    Ok(text
        .lines()
        .find_map(|l| l.split("[Requesting program interpreter: ").nth(1))
        .map(|rest| rest.trim_end_matches(']').trim().to_string()))
}

/// The `DT_NEEDED` libraries of an ELF file.
fn elf_needed(binary: &Path) -> Result<Vec<String>> {
    let text = readelf("-dW", binary)?;
    Ok(text
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split("Shared library: [").nth(1))
        .map(|rest| rest.trim_end_matches(']').to_string())
        .collect())
}

/// Where `lib` lives under the sysroot, relative to it, among the target's library dirs.
fn find_library(spec: &TargetSpec, sysroot: &Path, lib: &str) -> Result<String> {
    for dir in &spec.run.lib_dirs {
        let rel = dir.join(lib);
        if sysroot.join(&rel).exists() {
            return Ok(rel.to_string_lossy().into_owned());
        }
    }
    bail!(
        "{lib}, needed by the {} binary, is not in any of {:?} under {} (targets/{}.toml [run] lib_dirs)",
        spec.triple,
        spec.run.lib_dirs,
        sysroot.display(),
        spec.triple
    )
}
