//! The pre-commit hooks of `.pre-commit-hooks.yaml`, used as a user would: a temporary git
//! repository whose `.pre-commit-config.yaml` names this repository at its commit, and
//! `pre-commit run` on what is staged. A staged flagged file fails the hook (the commit would be
//! refused); a clean one passes. The hooks are those of the commit checked out: uncommitted
//! changes are not in it (CI checks a clean clone).
//!
//! pre-commit installs each hook itself: `residency` with pip (maturin builds the wheel),
//! `residency-cargo` with `cargo install`. Both build in this repository's `target/` with the
//! release profile, from the one clone pre-commit keeps of this commit in `target/pre-commit`,
//! where CI's `cargo install` step already built every dependency: residency is compiled once
//! for both hooks, and the second run of a hook reuses its environment. The wheel's own profile
//! (`dist`: link-time optimisation) is built and tried by `.ci/install-packaging` and CI's wheel
//! step. (`pre-commit try-repo` installed the hook afresh on every call, in a temporary store:
//! four builds, seven of CI's thirty minutes.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs git in `dir`; its standard output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pre_commit_run(dir: &Path) -> Output {
    Command::new(common::tool("pre-commit", "PRE_COMMIT"))
        .arg("run")
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", repo().join("target/pre-commit"))
        .env("CARGO_TARGET_DIR", repo().join("target"))
        // maturin's own variable for `maturin pep517` arguments (what pip runs): the release
        // profile instead of pyproject.toml's `dist`.
        .env("MATURIN_PEP517_ARGS", "--profile release")
        .env("PRE_COMMIT_COLOR", "never")
        .env("NO_COLOR", "1")
        .output()
        .expect("pre-commit: .ci/install-packaging installs it (or set $PRE_COMMIT)")
}

fn transcript(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The flagged commit fails with the finding; the clean one passes.
fn hook_fails_the_flagged_commit_and_passes_the_clean_one(hook: &str) {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let sample = |case: &str| {
        std::fs::read_to_string(repo().join(format!("samples/EU001/{case}/main.tf"))).unwrap()
    };
    std::fs::write(dir.path().join("README.md"), "not infrastructure\n").unwrap();
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: {hook}\n",
        repo().display(),
        git(&repo(), &["rev-parse", "HEAD"]).trim()
    );
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), config).unwrap();
    git(dir.path(), &["add", "README.md", ".pre-commit-config.yaml"]);
    git(dir.path(), &["commit", "-q", "-m", "start"]);

    std::fs::write(dir.path().join("main.tf"), sample("terraform-flagged")).unwrap();
    git(dir.path(), &["add", "main.tf"]);
    let flagged = pre_commit_run(dir.path());
    assert_eq!(flagged.status.code(), Some(1), "{}", transcript(&flagged));
    let said = transcript(&flagged);
    assert!(said.contains("error[EU001]"), "{said}");
    assert!(said.contains("main.tf"), "{said}");

    std::fs::write(dir.path().join("main.tf"), sample("terraform-clean")).unwrap();
    git(dir.path(), &["add", "main.tf"]);
    let clean = pre_commit_run(dir.path());
    assert_eq!(clean.status.code(), Some(0), "{}", transcript(&clean));
    assert!(
        String::from_utf8_lossy(&clean.stdout).contains("Passed"),
        "{}",
        transcript(&clean)
    );
}

#[test]
#[ignore = "needs pre-commit: .ci/install-packaging; builds residency with maturin (pip)"]
fn python_hook() {
    hook_fails_the_flagged_commit_and_passes_the_clean_one("residency");
}

#[test]
#[ignore = "needs pre-commit: .ci/install-packaging; builds residency with cargo install"]
fn rust_hook() {
    hook_fails_the_flagged_commit_and_passes_the_clean_one("residency-cargo");
}
