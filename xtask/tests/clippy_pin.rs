//! The workspace's clippy.toml rejects f64 transcendental methods in static
//! code (rustc folds them with the build machine's libm): a crate using
//! `x.sin()` under that clippy.toml must fail, one using `runtime::math`-style
//! calls must pass.

use std::path::Path;
use std::process::Command;

fn clippy_on(name: &str, main_rs: &str) -> (bool, String) {
    let scratch = tempfile::Builder::new()
        .prefix(&format!("clippy-pin-{name}-"))
        .tempdir()
        .unwrap();
    let dir = scratch.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), main_rs).unwrap();
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::copy(workspace.join("clippy.toml"), dir.join("clippy.toml")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "clippy",
            "--quiet",
            "--",
            "-D",
            "clippy::disallowed_methods",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_new_sin_call_in_static_code_fails_clippy() {
    let (ok, stderr) = clippy_on(
        "uses_f64_sin",
        "fn main() { let x = std::env::args().count() as f64; println!(\"{}\", x.sin()); }\n",
    );
    assert!(!ok, "clippy accepted f64::sin:\n{stderr}");
    assert!(
        stderr.contains("disallowed method `f64::sin`") && stderr.contains("runtime::math::sin"),
        "{stderr}"
    );
}

#[test]
fn arithmetic_and_sqrt_pass_clippy() {
    let (ok, stderr) = clippy_on(
        "uses_arithmetic",
        "fn main() { let x = std::env::args().count() as f64; println!(\"{}\", (x * 3.0 + 1.0) / 2.0); }\n",
    );
    assert!(ok, "{stderr}");
}
