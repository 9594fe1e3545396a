//! The container engine: podman or docker, whichever answers (cross's own
//! `CROSS_CONTAINER_ENGINE` chooses when set). Only a working engine counts:
//! a docker client with no daemon behind it is not one.

use anyhow::{bail, Result};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

pub struct Engine {
    /// `podman` or `docker` (or the path `CROSS_CONTAINER_ENGINE` names).
    pub program: String,
    pub version: String,
    /// A containers.conf podman needs on this machine (see `make_runnable`).
    conf: Option<std::path::PathBuf>,
}

impl Engine {
    pub fn detect() -> Result<Engine> {
        let chosen = std::env::var("CROSS_CONTAINER_ENGINE").ok();
        let candidates: Vec<String> = match &chosen {
            Some(c) => vec![c.clone()],
            None => vec!["podman".into(), "docker".into()],
        };
        let mut tried = Vec::new();
        for program in candidates {
            match answers(&program) {
                Ok(version) => {
                    return Ok(Engine {
                        program,
                        version,
                        conf: None,
                    })
                }
                Err(why) => tried.push(format!("{program}: {why}")),
            }
        }
        bail!(
            "no container engine answers ({}): on Debian 12, `apt-get install -y podman runc`",
            tried.join("; ")
        )
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        if let Some(conf) = &self.conf {
            cmd.env("CONTAINERS_CONF", conf);
        }
        cmd
    }

    pub fn has_image(&self, tag: &str) -> bool {
        self.command()
            .args(["image", "inspect", "--format", "{{.Id}}", tag])
            .output()
            .is_ok_and(|o| o.status.success())
    }

    pub fn import(&self, tar: &Path, tag: &str) -> Result<()> {
        let args = [OsStr::new("import"), tar.as_os_str(), OsStr::new(tag)];
        self.stdout_of(&args).map(|_| ())
    }

    /// Runs `argv` in a throw-away container of `tag` with no network and
    /// returns its stdout.
    pub fn run(&self, tag: &str, argv: &[&str]) -> Result<String> {
        let head = ["run", "--rm", "--network=none", tag];
        let args: Vec<&OsStr> = head.iter().chain(argv).map(OsStr::new).collect();
        self.stdout_of(&args)
    }

    /// The engine's stdout for `args`, or its stderr as the error.
    fn stdout_of(&self, args: &[&OsStr]) -> Result<String> {
        let shown: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
        let what = format!("{} {}", self.program, shown.join(" "));
        let out = crate::util::stdout_of(self.command().args(args), &what)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// Makes containers of `tag` start here. Some machines refuse podman's
    /// defaults: crun on a host with cgroup v1 controllers ("cgroups in
    /// hybrid mode not supported"), or an open-file limit above the
    /// sandbox's own ("setrlimit RLIMIT_NOFILE: Operation not permitted").
    /// Then podman is given a containers.conf (`CONTAINERS_CONF`, which
    /// cross's podman calls inherit too) with runc and this process's
    /// limit. Returns the failures when nothing works.
    pub fn make_runnable(&mut self, tag: &str) -> Result<()> {
        let first = match self.run(tag, &["true"]) {
            Ok(_) => return Ok(()),
            Err(e) => e,
        };
        if !self.program.ends_with("podman") {
            return Err(first);
        }
        let (soft, hard) = limit("Max open files");
        let conf = crate::util::cache_dir()
            .join("image")
            .join("containers.conf");
        std::fs::create_dir_all(conf.parent().expect("has a parent"))?;
        // The process limit a container may be given is not one this
        // process can read (runc's own is lower): the first that starts.
        let own = limit("Max processes").0;
        let mut failures = vec![format!("with podman's defaults: {first:#}")];
        for nproc in [own.as_str(), "32768", "4096"] {
            std::fs::write(
                &conf,
                format!(
                    "# Written by cargo xtask image: this machine refuses podman's defaults.\n\
                     [containers]\ndefault_ulimits = [\"nofile={soft}:{hard}\", \"nproc={nproc}:{nproc}\"]\n\
                     [engine]\nruntime = \"runc\"\n"
                ),
            )?;
            self.conf = Some(conf.clone());
            match self.run(tag, &["true"]) {
                Ok(_) => {
                    eprintln!(
                        "image: podman's defaults fail here, so it runs with {} (runc, nofile={soft}:{hard}, nproc={nproc})",
                        conf.display()
                    );
                    return Ok(());
                }
                Err(e) => failures.push(format!(
                    "with runc, nofile={soft}:{hard}, nproc={nproc}: {e:#}"
                )),
            }
        }
        self.conf = None;
        bail!(
            "no container of {tag} starts here:\n  {}\n(on Debian 12 runc comes with `apt-get install -y runc`)",
            failures.join("\n  ")
        )
    }

    /// The environment cross must run podman with (see `make_runnable`).
    pub fn environment(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let mut env = vec![("CROSS_CONTAINER_ENGINE", self.program.clone().into())];
        if let Some(conf) = &self.conf {
            env.push(("CONTAINERS_CONF", conf.clone().into_os_string()));
        }
        env
    }
}

fn answers(program: &str) -> Result<String, String> {
    let out = Command::new(program)
        .args(["version", "--format", "{{.Client.Version}}"])
        .output()
        .map_err(|e| format!("not found ({e})"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("no answer")
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// This process's `name` limit (soft, hard) from /proc/self/limits.
fn limit(name: &str) -> (String, String) {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    limits
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| {
            let f: Vec<&str> = l[name.len()..].split_whitespace().collect();
            Some((f.first()?.to_string(), f.get(1)?.to_string()))
        })
        .unwrap_or(("1024".into(), "1024".into()))
}
