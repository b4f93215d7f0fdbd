//! The pre-commit hooks of `.pre-commit-hooks.yaml`, tried as a user would before adding them:
//! `pre-commit try-repo <this repository> HOOK` in a temporary git repository, on what is
//! staged. A staged flagged file fails the hook (the commit would be refused); a clean one
//! passes. pre-commit installs each hook itself: `residency` with pip (maturin builds the wheel),
//! `residency-cargo` with `cargo install`; both build in this repository's `target/` with the
//! release profile, where CI's `cargo install` step already built every dependency, so each
//! compiles only residency itself. The wheel's own profile (`dist`: link-time optimisation) is
//! built and tried by `.ci/install-packaging` and CI's wheel step; building it again here was
//! seven of CI's thirty minutes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn git(dir: &Path, args: &[&str]) {
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
}

fn try_repo(dir: &Path, hook: &str) -> Output {
    Command::new(common::tool("pre-commit", "PRE_COMMIT"))
        .arg("try-repo")
        .arg(repo())
        .arg(hook)
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
    git(dir.path(), &["add", "README.md"]);
    git(dir.path(), &["commit", "-q", "-m", "start"]);

    std::fs::write(dir.path().join("main.tf"), sample("terraform-flagged")).unwrap();
    git(dir.path(), &["add", "main.tf"]);
    let flagged = try_repo(dir.path(), hook);
    assert_eq!(flagged.status.code(), Some(1), "{}", transcript(&flagged));
    let said = transcript(&flagged);
    assert!(said.contains("error[EU001]"), "{said}");
    assert!(said.contains("main.tf"), "{said}");

    std::fs::write(dir.path().join("main.tf"), sample("terraform-clean")).unwrap();
    git(dir.path(), &["add", "main.tf"]);
    let clean = try_repo(dir.path(), hook);
    assert_eq!(clean.status.code(), Some(0), "{}", transcript(&clean));
    assert!(
        String::from_utf8_lossy(&clean.stdout).contains("Passed"),
        "{}",
        transcript(&clean)
    );
}

#[test]
#[ignore = "needs pre-commit: .ci/install-packaging; builds residency with maturin"]
fn python_hook() {
    hook_fails_the_flagged_commit_and_passes_the_clean_one("residency");
}

#[test]
#[ignore = "needs pre-commit: .ci/install-packaging; builds residency with cargo install"]
fn rust_hook() {
    hook_fails_the_flagged_commit_and_passes_the_clean_one("residency-cargo");
}
