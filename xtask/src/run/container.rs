//! Runs the binary in a clean root filesystem holding exactly what it needs:
//! the binary, its dynamic loader and `DT_NEEDED` libraries (none for static
//! musl), qemu-user for a foreign architecture, and the input programs. The
//! environment is cleared and the network is off. This proves the binary does
//! not lean on host files. bubblewrap is preferred; `unshare` + `chroot` is the
//! fallback when bubblewrap is missing.

use super::closure::{loaded_by, Loaded};
use super::{on_path, tool_version, which, Invocation, Runner};
use crate::config::target::TargetSpec;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

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
    /// Every file the root holds: host path → path inside.
    files: Vec<Loaded>,
    /// What the root holds, relative paths (for the report).
    contents: Vec<String>,
    /// The root is copied together on first use: a matrix whose cells all
    /// come from the cell cache never pays for it.
    assembled: OnceLock<Result<(), String>>,
}

impl ContainerRunner {
    /// Plans `root` for `binary` of `spec` with `inputs`; nothing is copied
    /// until a command needs the root.
    pub fn assemble(
        spec: &TargetSpec,
        binary: &Path,
        root: &Path,
        inputs: &[PathBuf],
    ) -> Result<ContainerRunner> {
        let engine = pick_engine()?;
        let mut files = vec![Loaded {
            host: binary.to_path_buf(),
            inside: "hybrid".into(),
        }];
        let mut contents = vec!["hybrid".to_string()];
        for lib in loaded_by(binary, &spec.library_search())? {
            contents.push(lib.inside.clone());
            files.push(lib);
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
            files.push(Loaded {
                host: which(qemu)?,
                inside: "qemu".into(),
            });
            contents.push(format!("qemu ({qemu})"));
            Some("/qemu".to_string())
        };
        for data in &spec.run.libc_data {
            let found = libc_data_files(&spec.triple, data)?;
            contents.push(data.display().to_string());
            files.extend(found);
        }
        let mut mapped = BTreeMap::new();
        for (i, input) in inputs.iter().enumerate() {
            let name = input
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("input.py");
            let rel = format!("input/{i}-{name}");
            files.push(Loaded {
                host: input.clone(),
                inside: rel.clone(),
            });
            mapped.insert(input.clone(), format!("/{rel}"));
        }
        if !inputs.is_empty() {
            contents.push("input/ (the programs)".to_string());
        }
        Ok(ContainerRunner {
            root: root.to_path_buf(),
            engine,
            qemu_inside,
            inputs: mapped,
            files,
            contents,
            assembled: OnceLock::new(),
        })
    }

    /// Copies the planned files into a fresh root (once per runner).
    fn ensure_assembled(&self) -> Result<()> {
        let done = self
            .assembled
            .get_or_init(|| assemble_root(&self.root, &self.files).map_err(|e| format!("{e:#}")));
        done.clone().map_err(|e| anyhow::anyhow!(e))
    }
}

fn assemble_root(root: &Path, files: &[Loaded]) -> Result<()> {
    if root.exists() {
        std::fs::remove_dir_all(root)
            .with_context(|| format!("cannot clear {}", root.display()))?;
    }
    // Empty mount points: the root is bound read-only, so bwrap cannot create them.
    for dir in ["dev", "proc"] {
        std::fs::create_dir_all(root.join(dir))?;
    }
    for file in files {
        copy_into(&file.host, root, &file.inside)?;
    }
    Ok(())
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

    /// The root's own files (binary, loader, libraries, qemu) and the
    /// engine; of the programs copied in, only this invocation's (the key
    /// hashes those as its inputs), so editing one program reruns its row.
    fn depends_on(&self, invocation: &Invocation) -> Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|f| !self.inputs.contains_key(&f.host))
            .map(|f| f.host.clone())
            .collect();
        files.extend(engine_binary(self.engine)?);
        if let Some(binary) = &invocation.binary {
            files.push(binary.clone());
        }
        Ok(files)
    }

    fn command(&self, invocation: &Invocation) -> Result<Command> {
        self.ensure_assembled()?;
        self.describe(invocation)
    }

    fn describe(&self, invocation: &Invocation) -> Result<Command> {
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

/// The files of one `libc_data` entry, each at its own path inside the root.
fn libc_data_files(triple: &str, data: &Path) -> Result<Vec<Loaded>> {
    if !data.is_absolute() || !data.exists() {
        bail!(
            "targets/{triple}.toml: libc_data {} does not exist on this machine (it is part of the C library's installation, e.g. Debian's libc-bin for /usr/lib/locale/C.utf8)",
            data.display()
        );
    }
    let found = if data.is_dir() {
        crate::util::files_under(data, &[], &|_| true)?
    } else {
        vec![data.to_path_buf()]
    };
    Ok(found
        .into_iter()
        .map(|host| Loaded {
            inside: host.to_string_lossy().trim_start_matches('/').to_string(),
            host,
        })
        .collect())
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

/// The engine's own executables: a different bubblewrap is a different cell.
fn engine_binary(engine: Engine) -> Result<Vec<PathBuf>> {
    Ok(match engine {
        Engine::Bubblewrap => vec![which("bwrap")?],
        Engine::UnshareChroot => vec![which("unshare")?, which("chroot")?],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libc_data_is_copied_whole_or_refused_with_its_target() {
        let dir = crate::util::Scratch::new("libc-data");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("LC_CTYPE"), b"x").unwrap();
        std::fs::write(dir.join("sub/LC_TIME"), b"y").unwrap();
        let mut found: Vec<String> = libc_data_files("t", &dir)
            .unwrap()
            .into_iter()
            .map(|l| l.inside)
            .collect();
        found.sort();
        let inside = dir.to_string_lossy().trim_start_matches('/').to_string();
        assert_eq!(
            found,
            vec![
                format!("{inside}/LC_CTYPE"),
                format!("{inside}/sub/LC_TIME")
            ]
        );
        let err = libc_data_files("t", Path::new("/no/such/locale"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("targets/t.toml: libc_data /no/such/locale does not exist"),
            "{err}"
        );
    }
}
