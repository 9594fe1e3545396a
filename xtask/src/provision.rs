//! Provision: make sure what the matrix needs is here. Rust targets are added
//! with rustup automatically (the toolchain itself is pinned by
//! `rust-toolchain.toml` and never changed); system tools are reported with the
//! exact command that installs them.

use crate::config::matrix::RunnerKind;
use crate::config::target::TargetSpec;
use crate::run::{on_path, tool_version};
use anyhow::{bail, Result};
use std::process::Command;

/// One tool the project relies on.
pub struct ToolCheck {
    pub tool: String,
    pub purpose: String,
    pub version: Option<String>,
    /// What installs it.
    pub fix: Fix,
}

/// How a missing tool gets installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// A Debian package.
    Apt(String),
    /// A command (e.g. a hash-pinned pip install), run after the Debian
    /// packages it needs (e.g. `python3-pip`).
    Command {
        command: String,
        needs_apt: Vec<String>,
    },
}

impl ToolCheck {
    fn probe(tool: &str, flag: &str, purpose: &str, package: &str) -> ToolCheck {
        let version = remembered(&[tool, flag], || {
            on_path(tool).then(|| tool_version(tool, flag))
        });
        ToolCheck {
            tool: tool.into(),
            purpose: purpose.into(),
            version,
            fix: Fix::Apt(package.into()),
        }
    }

    /// Runs the whole `argv --version` (a compiler may be `python3 -m ziglang cc …`):
    /// present only if it succeeds.
    fn probe_command(argv: &[String], purpose: &str, fix: Fix) -> ToolCheck {
        let mut key: Vec<&str> = argv.iter().map(String::as_str).collect();
        key.push("--version");
        let version = remembered(&key, || {
            Command::new(&argv[0])
                .args(&argv[1..])
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
        });
        ToolCheck {
            tool: argv.join(" "),
            purpose: purpose.into(),
            version,
            fix,
        }
    }

    /// A Debian package a target's `[packages] apt` names: a tool found on
    /// PATH does not prove its companions are there (a cross gcc without its
    /// libc headers only fails deep inside the CPython build).
    fn package(package: &str, triple: &str) -> ToolCheck {
        ToolCheck {
            tool: format!("package {package}"),
            purpose: format!("targets/{triple}.toml [packages] apt"),
            version: package_version(package),
            fix: Fix::Apt(package.into()),
        }
    }

    fn describe_fix(&self) -> String {
        match &self.fix {
            Fix::Apt(package) => format!("Debian package `{package}`"),
            Fix::Command { command, .. } => format!("`{command}`"),
        }
    }
}

/// What the Light tier's build of `spec` needs besides the Pro tier's tools
/// (`[light] apt` of its target file, e.g. libffi's static archive).
/// What building the cross backend's image and running it needs: mmdebstrap
/// makes the root file system, podman holds and runs it (runc where
/// podman's default runtime refuses this machine's cgroups). A machine with
/// a working docker needs only mmdebstrap.
pub fn image_tools() -> Vec<ToolCheck> {
    if !has_dpkg() {
        return Vec::new();
    }
    let mut packages = vec![("mmdebstrap", "makes the build image's root file system")];
    if !docker_answers() {
        packages.push(("podman", "holds and runs the build image"));
        packages.push(("runc", "runs containers where crun refuses cgroup v1"));
    }
    packages
        .into_iter()
        .map(|(package, purpose)| ToolCheck {
            tool: format!("package {package}"),
            purpose: purpose.to_string(),
            version: package_version(package),
            fix: Fix::Apt(package.to_string()),
        })
        .collect()
}

fn docker_answers() -> bool {
    Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn light_tools(spec: &TargetSpec) -> Vec<ToolCheck> {
    if !has_dpkg() {
        return Vec::new();
    }
    spec.light
        .apt
        .iter()
        .map(|package| ToolCheck {
            tool: format!("package {package}"),
            purpose: format!("targets/{}.toml [light] apt", spec.triple),
            version: package_version(package),
            fix: Fix::Apt(package.clone()),
        })
        .collect()
}

/// The tools needed to build `spec` and run it with `runner`.
pub fn tools_for(spec: &TargetSpec, runner: RunnerKind) -> Vec<ToolCheck> {
    let package = spec.packages.apt.first().cloned().unwrap_or_default();
    let cc_fix = match &spec.packages.cc_install {
        Some(command) => Fix::Command {
            command: command.clone(),
            needs_apt: spec.packages.apt.clone(),
        },
        None => Fix::Apt(package.clone()),
    };
    let mut checks = vec![ToolCheck::probe_command(
        &spec.cc.command,
        &format!("C compiler for {}", spec.triple),
        cc_fix,
    )];
    let linker = spec.rust.linker.as_deref().unwrap_or("cc");
    if linker != spec.cc.command[0] && linker != "cc" {
        checks.push(ToolCheck::probe(
            linker,
            "--version",
            &format!("linker for {}", spec.triple),
            &package,
        ));
    }
    if has_dpkg() {
        for package in &spec.packages.apt {
            checks.push(ToolCheck::package(package, &spec.triple));
        }
    }
    let needs_qemu =
        runner == RunnerKind::Qemu || (runner == RunnerKind::Container && !spec.is_native_here());
    if let (true, Some(qemu)) = (needs_qemu, &spec.run.qemu) {
        checks.push(ToolCheck::probe(
            qemu,
            "--version",
            &format!("emulates {}", spec.triple),
            "qemu-user-static",
        ));
    }
    if runner == RunnerKind::Wasmtime {
        // The pinned wheel is installed by the xtask itself, with this pip.
        checks.push(ToolCheck::probe_command(
            &[
                "/usr/bin/python3.11".to_string(),
                "-m".to_string(),
                "pip".to_string(),
            ],
            &format!(
                "installs the pinned wasmtime wheel ({})",
                crate::run::wasmtime::REQUIREMENTS
            ),
            Fix::Apt("python3-pip".into()),
        ));
    }
    if runner == RunnerKind::Container {
        checks.push(ToolCheck::probe(
            "bwrap",
            "--version",
            "clean-root containers",
            "bubblewrap",
        ));
    }
    checks
}

/// The tools every target needs.
fn shared_tools() -> Vec<ToolCheck> {
    vec![
        ToolCheck::probe(
            "rustc",
            "--version",
            "Rust compiler (pinned by rust-toolchain.toml)",
            "rustup",
        ),
        ToolCheck::probe("cargo", "--version", "builds", "rustup"),
        ToolCheck::probe(
            "/usr/bin/python3.11",
            "--version",
            "reference CPython and CPython's build python",
            "python3.11",
        ),
        ToolCheck::probe(
            "/usr/bin/python3.11-config",
            "--prefix",
            "dev builds link the distribution's libpython3.11",
            "python3.11-dev",
        ),
        ToolCheck::probe("make", "--version", "builds CPython", "make"),
        ToolCheck::probe(
            "readelf",
            "--version",
            "checks that no pinned float function is imported from the platform libm",
            "binutils",
        ),
        ToolCheck::probe("tar", "--version", "unpacks pinned sources", "tar"),
        ToolCheck::probe(
            "bzip2",
            "--help",
            "unpacks zlib's Debian source (.tar.bz2)",
            "bzip2",
        ),
        ToolCheck::probe(
            "apt-get",
            "--version",
            "fetches Debian source packages",
            "apt",
        ),
        ToolCheck::probe(
            "dpkg-source",
            "--version",
            "unpacks Debian source packages",
            "dpkg-dev",
        ),
    ]
}

/// Every tool any target or runner uses, for `cargo xtask doctor`.
pub fn all_tools(entries: &[(TargetSpec, RunnerKind)]) -> Vec<ToolCheck> {
    // The shared tools and each target's in threads of their own: the probes
    // are processes that mostly wait (`dpkg-source` is Perl; a `zig cc`
    // answers after a Python start-up).
    let (mut checks, per_target) = std::thread::scope(|scope| {
        let shared = scope.spawn(shared_tools);
        let handles: Vec<_> = entries
            .iter()
            .map(|(spec, runner)| scope.spawn(move || tools_for(spec, *runner)))
            .collect();
        let per_target: Vec<Vec<ToolCheck>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (shared.join().unwrap_or_default(), per_target)
    });
    for check in per_target.into_iter().flatten() {
        if !checks.iter().any(|c| c.tool == check.tool) {
            checks.push(check);
        }
    }
    checks
}

/// What installs every missing tool: Debian packages first, then commands.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct InstallPlan {
    pub apt: Vec<String>,
    pub commands: Vec<String>,
}

impl InstallPlan {
    pub fn of(checks: &[ToolCheck]) -> InstallPlan {
        let mut plan = InstallPlan::default();
        for check in checks.iter().filter(|c| c.version.is_none()) {
            match &check.fix {
                Fix::Apt(package) => plan.apt.push(package.clone()),
                Fix::Command { command, needs_apt } => {
                    plan.apt.extend(needs_apt.iter().cloned());
                    plan.commands.push(command.clone());
                }
            }
        }
        plan.apt.sort();
        plan.apt.dedup();
        plan.commands.sort();
        plan.commands.dedup();
        plan
    }

    /// The same plan as one shell line a person can paste (as root).
    pub fn one_command(&self) -> Option<String> {
        let mut steps: Vec<String> = Vec::new();
        if !self.apt.is_empty() {
            steps.push(format!(
                "apt-get update && apt-get install -y {}",
                self.apt.join(" ")
            ));
        }
        steps.extend(self.commands.iter().cloned());
        (!steps.is_empty()).then(|| steps.join(" && "))
    }
}

/// The one command that installs every missing tool, if any is missing.
pub fn install_command(checks: &[ToolCheck]) -> Option<String> {
    InstallPlan::of(checks).one_command()
}

/// Carries out an [`InstallPlan`] on this machine. Why a struct: the search
/// path, root-ness and working directory are inputs, so tests run it against
/// fake `apt-get`/`python3` and assert the exact argv instead of installing.
pub struct Installer {
    /// `PATH` for the commands it runs.
    pub path: std::ffi::OsString,
    pub root: bool,
    /// Where commands run (the workspace: `-r .ci/ziglang.txt` is relative).
    pub cwd: std::path::PathBuf,
}

impl Installer {
    pub fn from_env() -> Installer {
        Installer {
            path: std::env::var_os("PATH").unwrap_or_default(),
            root: running_as_root(),
            cwd: crate::util::workspace_root(),
        }
    }

    /// Installs what `checks` lack, saying what and why; without root (or
    /// apt) it stops with the one command that would do it.
    pub fn provision(&self, checks: &[ToolCheck]) -> Result<()> {
        let plan = InstallPlan::of(checks);
        let Some(one) = plan.one_command() else {
            return Ok(());
        };
        for check in checks.iter().filter(|c| c.version.is_none()) {
            eprintln!(
                "provision: {} is missing ({}): {}",
                check.tool,
                check.purpose,
                check.describe_fix()
            );
        }
        if crate::cross::backend::inside() {
            bail!(
                "the build image lacks what is listed above (it has no network to install it):                  add the packages to `base` in toolchains/build-image.toml, then `cargo xtask image --pin`"
            );
        }
        if !self.root
            || (!plan.apt.is_empty() && !crate::run::on_search_path(&self.path, "apt-get"))
        {
            bail!(
                "missing tools, and this process cannot install them ({}); run as root:\n\n    {one}\n\n(or pass --no-provision to only report)",
                if self.root { "no apt-get" } else { "not root" }
            );
        }
        // Never another architecture's package: installing one needs
        // dpkg's multiarch and brings that architecture's libc6, which then
        // shadows the cross toolchain's glibc under `qemu -L` (seen: every
        // thread start of an aarch64 binary spun forever). Such libraries
        // are unpacked from pinned packages instead (`[[light.debs]]`).
        if let Some(foreign) = plan.apt.iter().find(|p| p.contains(':')) {
            bail!("refusing to install {foreign}: a package of another architecture would install its libc too; unpack it with [[light.debs]] in the target's file instead");
        }
        if !plan.apt.is_empty() {
            self.run("apt-get", &["update", "-q"])?;
            let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
            install.extend(plan.apt.iter().map(String::as_str));
            self.run("apt-get", &install)?;
        }
        for command in &plan.commands {
            self.run("sh", &["-c", command])?;
        }
        forget_probes();
        Ok(())
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<()> {
        eprintln!("provision: $ {program} {}", args.join(" "));
        let status = Command::new(program)
            .args(args)
            .env("PATH", &self.path)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .current_dir(&self.cwd)
            .status()
            .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
        if !status.success() {
            bail!(
                "provision: `{program} {}` failed ({status}); fix that and run again, or pass --no-provision",
                args.join(" ")
            );
        }
        Ok(())
    }
}

/// The answer of a version probe, asked once per process: the matrix checks
/// every target's tools up front and again per column, and `zig cc` takes a
/// Python start-up to answer.
type Seen = std::collections::BTreeMap<Vec<String>, Option<String>>;
static SEEN: std::sync::Mutex<Seen> = std::sync::Mutex::new(Seen::new());
static INSTALLED: std::sync::Mutex<Option<std::collections::BTreeMap<String, String>>> =
    std::sync::Mutex::new(None);

/// Forgets every remembered probe (after installing something).
fn forget_probes() {
    SEEN.lock().unwrap_or_else(|e| e.into_inner()).clear();
    *INSTALLED.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

fn remembered(argv: &[&str], ask: impl FnOnce() -> Option<String>) -> Option<String> {
    let key: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
    if let Some(answer) = SEEN.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return answer.clone();
    }
    let answer = ask();
    SEEN.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, answer.clone());
    answer
}

/// Whether this is a Debian-like system whose packages can be asked about.
fn has_dpkg() -> bool {
    on_path("dpkg-query")
}

/// The installed version of a Debian package, `None` when not installed.
/// Asks dpkg once per process for every package.
fn package_version(package: &str) -> Option<String> {
    let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    installed
        .get_or_insert_with(|| {
            let out = Command::new("dpkg-query")
                .args([
                    "-W",
                    "-f",
                    "${Package}:${Architecture} ${db:Status-Status} ${Version}\n",
                ])
                .output();
            let text = out.map(|o| o.stdout).unwrap_or_default();
            parse_installed(&String::from_utf8_lossy(&text), &native_architecture())
        })
        .get(package)
        .cloned()
}

/// `name:arch status version` lines → installed name → version. Every
/// package is known as `name:arch`; the bare `name` means this machine's
/// own architecture (or `all`), so `libffi-dev` is not satisfied by
/// `libffi-dev:arm64` alone.
fn parse_installed(text: &str, native: &str) -> std::collections::BTreeMap<String, String> {
    let mut map = std::collections::BTreeMap::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        let (Some(name), Some("installed"), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        map.insert(name.to_string(), version.to_string());
        if let Some((bare, arch)) = name.split_once(':') {
            if arch == native || arch == "all" {
                map.insert(bare.to_string(), version.to_string());
            }
        }
    }
    map
}

/// `dpkg --print-architecture` (e.g. `amd64`).
fn native_architecture() -> String {
    Command::new("dpkg")
        .arg("--print-architecture")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Effective uid 0, read from /proc (no libc call needed).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Rust targets the pinned toolchain has.
pub fn installed_rust_targets() -> Vec<String> {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(crate::util::workspace_root())
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Adds missing Rust targets to the pinned toolchain (never touches `stable`).
pub fn ensure_rust_targets(triples: &[String]) -> Result<()> {
    // In the build image the toolchain is the host's, mounted read-only by
    // cross, without rustup: its targets were provisioned on the host.
    if crate::cross::backend::inside() {
        return Ok(());
    }
    let installed = installed_rust_targets();
    let missing: Vec<&String> = triples.iter().filter(|t| !installed.contains(t)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!(
        "provision: rustup target add {}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let status = Command::new("rustup")
        .arg("target")
        .arg("add")
        .args(&missing)
        .current_dir(crate::util::workspace_root())
        .status()?;
    if !status.success() {
        bail!(
            "rustup target add failed; run it yourself in the repository: rustup target add {}",
            missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(())
}

/// `cargo xtask doctor`: every tool, its version, and what is missing.
pub fn doctor(entries: &[(TargetSpec, RunnerKind)]) -> bool {
    let checks = all_tools(entries);
    println!("| tool | version | used for |\n|---|---|---|");
    for c in &checks {
        let version = c
            .version
            .as_deref()
            .map(|v| format!("✅ {v}"))
            .unwrap_or_else(|| format!("❌ missing ({})", c.describe_fix()));
        println!("| {} | {} | {} |", c.tool, version, c.purpose);
    }
    let installed = installed_rust_targets();
    for (spec, _) in entries {
        let mark = if installed.contains(&spec.triple) {
            "✅ installed"
        } else {
            "➕ added automatically by `cargo xtask matrix`"
        };
        println!("| rust target {} | {mark} | hybrid binary |", spec.triple);
    }
    if entries.iter().any(|(_, r)| *r == RunnerKind::Wasmtime) {
        let state = match crate::run::wasmtime::Wasmtime::installed_dir() {
            Some(dir) => format!("✅ installed in {}", dir.display()),
            None => "➕ installed automatically (hash-checked) by `cargo xtask matrix`".into(),
        };
        println!(
            "| wasmtime (wheel pinned in {}) | {state} | runs the WebAssembly column |",
            crate::run::wasmtime::REQUIREMENTS
        );
    }
    match install_command(&checks) {
        Some(cmd) => {
            println!("\nMissing tools. Install them with:\n\n    {cmd}\n");
            false
        }
        None => {
            println!("\nEverything the matrix needs is installed.");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(tool: &str, fix: Fix) -> ToolCheck {
        ToolCheck {
            tool: tool.into(),
            purpose: String::new(),
            version: None,
            fix,
        }
    }

    #[test]
    fn only_installed_packages_count() {
        let map = parse_installed(
            "gcc-aarch64-linux-gnu:amd64 installed 4:12.2.0-3\nlibc6-dev-arm64-cross:all not-installed \nlibc6:amd64 installed 2.36-9\nhalf:amd64 config-files 1.0\nlibffi-dev:arm64 installed 3.4.4-1\n",
            "amd64",
        );
        // Another architecture's package is known only by its qualified name.
        assert_eq!(
            map.get("libffi-dev:arm64").map(String::as_str),
            Some("3.4.4-1")
        );
        assert!(!map.contains_key("libffi-dev"));
        assert_eq!(
            map.get("gcc-aarch64-linux-gnu").map(String::as_str),
            Some("4:12.2.0-3")
        );
        assert_eq!(map.get("libc6").map(String::as_str), Some("2.36-9"));
        assert!(!map.contains_key("libc6-dev-arm64-cross"));
        assert!(!map.contains_key("half"));
    }

    #[test]
    fn every_package_a_target_names_is_checked() {
        if !has_dpkg() {
            return;
        }
        let spec = TargetSpec::load("aarch64-unknown-linux-gnu").unwrap();
        let checks = tools_for(&spec, RunnerKind::Qemu);
        for package in &spec.packages.apt {
            let check = checks
                .iter()
                .find(|c| c.tool == format!("package {package}"))
                .unwrap_or_else(|| panic!("{package} is not checked"));
            assert_eq!(check.fix, Fix::Apt(package.clone()));
        }
    }

    #[test]
    fn one_install_line_for_packages_and_commands() {
        let checks = [
            missing("qemu-aarch64-static", Fix::Apt("qemu-user-static".into())),
            missing("bwrap", Fix::Apt("bubblewrap".into())),
            missing(
                "zig cc",
                Fix::Command {
                    command: "python3 -m pip install -r .ci/ziglang.txt".into(),
                    needs_apt: vec!["python3-pip".into()],
                },
            ),
            missing("qemu-aarch64-static", Fix::Apt("qemu-user-static".into())),
        ];
        assert_eq!(
            install_command(&checks).unwrap(),
            "apt-get update && apt-get install -y bubblewrap python3-pip qemu-user-static && python3 -m pip install -r .ci/ziglang.txt"
        );
    }

    #[test]
    fn a_compiler_command_that_fails_is_missing() {
        let argv = vec![
            "python3".to_string(),
            "-m".into(),
            "no_such_module_here".into(),
        ];
        let fix = Fix::Command {
            command: "fix it".into(),
            needs_apt: vec![],
        };
        let check = ToolCheck::probe_command(&argv, "C compiler", fix);
        assert!(check.version.is_none());
        assert_eq!(install_command(&[check]).unwrap(), "fix it");
    }

    /// Fake `apt-get` and `python3` that log their argv, in a fresh directory.
    fn fakes(name: &str) -> (crate::util::Scratch, Installer) {
        use std::os::unix::fs::PermissionsExt;
        let dir = crate::util::Scratch::new(&format!("xtask-provision-{name}"));
        for tool in ["apt-get", "python3"] {
            let path = dir.join(tool);
            let log = dir.join("argv.log");
            std::fs::write(
                &path,
                format!("#!/bin/sh\necho \"{tool} $*\" >> {}\n", log.display()),
            )
            .unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path =
            std::env::join_paths([dir.to_path_buf(), "/usr/bin".into(), "/bin".into()]).unwrap();
        let installer = Installer {
            path,
            root: true,
            cwd: dir.to_path_buf(),
        };
        (dir, installer)
    }

    fn zig_missing() -> [ToolCheck; 3] {
        [
            missing("qemu-aarch64-static", Fix::Apt("qemu-user-static".into())),
            missing("bwrap", Fix::Apt("bubblewrap".into())),
            missing(
                "python3 -m ziglang cc",
                Fix::Command {
                    command: "python3 -m pip install --require-hashes -r .ci/ziglang.txt".into(),
                    needs_apt: vec!["python3-pip".into(), "qemu-user-static".into()],
                },
            ),
        ]
    }

    #[test]
    fn as_root_it_installs_packages_then_runs_the_commands() {
        let (dir, installer) = fakes("root");
        installer.provision(&zig_missing()).unwrap();
        let log = std::fs::read_to_string(dir.join("argv.log")).unwrap();
        assert_eq!(
            log.lines().collect::<Vec<_>>(),
            [
                "apt-get update -q",
                "apt-get install -y -q --no-install-recommends bubblewrap python3-pip qemu-user-static",
                "python3 -m pip install --require-hashes -r .ci/ziglang.txt",
            ]
        );
    }

    #[test]
    fn a_package_of_another_architecture_is_refused_not_installed() {
        let (dir, installer) = fakes("foreign");
        let checks = [missing(
            "package libffi-dev:arm64",
            Fix::Apt("libffi-dev:arm64".into()),
        )];
        let err = installer.provision(&checks).unwrap_err().to_string();
        assert!(err.contains("[[light.debs]]"), "{err}");
        assert!(!dir.join("argv.log").exists(), "nothing ran");
    }

    #[test]
    fn without_root_it_stops_with_the_one_command_and_installs_nothing() {
        let (dir, mut installer) = fakes("user");
        installer.root = false;
        let err = installer.provision(&zig_missing()).unwrap_err().to_string();
        assert!(err.contains("not root"), "{err}");
        assert!(
            err.contains("apt-get update && apt-get install -y bubblewrap python3-pip qemu-user-static && python3 -m pip install --require-hashes -r .ci/ziglang.txt"),
            "{err}"
        );
        assert!(!dir.join("argv.log").exists(), "nothing may run");
    }

    #[test]
    fn nothing_missing_runs_nothing() {
        let (dir, installer) = fakes("none");
        let present = ToolCheck {
            version: Some("1.0".into()),
            ..missing("bwrap", Fix::Apt("bubblewrap".into()))
        };
        installer.provision(&[present]).unwrap();
        assert!(!dir.join("argv.log").exists());
    }

    #[test]
    fn a_failing_install_names_the_command() {
        let (dir, installer) = fakes("fails");
        std::fs::write(dir.join("apt-get"), "#!/bin/sh\nexit 100\n").unwrap();
        let err = installer
            .provision(&[missing("bwrap", Fix::Apt("bubblewrap".into()))])
            .unwrap_err()
            .to_string();
        assert!(err.contains("`apt-get update -q` failed"), "{err}");
    }
}
