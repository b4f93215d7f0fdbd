//! The commands besides `check`: `explain`, `rules`, `--version`, `--help`.

use std::collections::BTreeSet;

use crate::cli_support::*;

#[test]
fn explain_prints_the_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let run = residency(dir.path(), ["explain", "EU010"]);
    run.expect_code(0);
    for needle in [
        "EU010",
        "domain-services-outside-europe",
        "## What it flags",
        "## How to fix",
    ] {
        assert!(
            run.stdout.contains(needle),
            "{needle:?} missing:\n{}",
            run.stdout
        );
    }
    let lower = residency(dir.path(), ["explain", "eu010"]);
    lower.expect_code(0);
    assert_eq!(lower.stdout, run.stdout);
    let run = residency(dir.path(), ["explain", "EU091"]);
    run.expect_code(0);
    assert!(run.stdout.contains("unknown-region") && run.stdout.contains("## What it flags"));
    // A rule's name is as good as its code.
    let named = residency(dir.path(), ["explain", "domain-services-outside-europe"]);
    named.expect_code(0);
    assert_eq!(named.stdout, lower.stdout);
}

#[test]
fn explain_a_mistyped_code_or_name_suggests_the_rule_meant() {
    let dir = tempfile::tempdir().unwrap();
    let run = residency(dir.path(), ["explain", "EU10"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("Did you mean `EU010` (domain-services-outside-europe)?"),
        "{}",
        run.stderr
    );
    let run = residency(dir.path(), ["explain", "mfa-push-notification"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`EU021`"), "{}", run.stderr);
}

#[test]
fn explain_unknown_code_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = residency(dir.path(), ["explain", "EU999"]);
    run.expect_code(2);
    assert!(run.stderr.contains("EU999"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    residency(dir.path(), ["explain"]).expect_code(2);
}

#[test]
fn rules_lists_every_code_with_name_and_severity() {
    let dir = tempfile::tempdir().unwrap();
    let run = residency(dir.path(), ["rules", "--format", "json"]);
    run.expect_code(0);
    let list = run.json();
    let list = list.as_array().expect("a JSON array");
    let expected = [
        ("E001", "syntax-error", "error"),
        ("E002", "unreadable-file", "error"),
        ("E003", "unexplained-suppression", "warning"),
        ("EU001", "b2c-tenant-outside-europe", "error"),
        ("EU002", "tenant-country-outside-eu-boundary", "warning"),
        ("EU003", "b2c-config-stored-in-us", "info"),
        ("EU004", "external-id-tenant-outside-europe", "error"),
        ("EU010", "domain-services-outside-europe", "error"),
        ("EU090", "location-not-provable", "warning"),
        ("EU091", "unknown-region", "error"),
    ];
    for (code, name, severity) in expected {
        let entry = list
            .iter()
            .find(|e| e["code"] == code)
            .unwrap_or_else(|| panic!("{code} is not listed"));
        assert_eq!(entry["name"], name, "{code}");
        assert_eq!(entry["severity"], severity, "{code}");
    }
    let codes: Vec<&str> = list.iter().map(|e| e["code"].as_str().unwrap()).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "codes are listed once");
    // The text listing names them too.
    let text = residency(dir.path(), ["rules"]);
    text.expect_code(0);
    for (code, name, _) in expected {
        assert!(
            text.stdout.contains(code) && text.stdout.contains(name),
            "{code}"
        );
    }
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let run = residency(dir.path(), ["--version"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("residency {}", env!("CARGO_PKG_VERSION"))
    );
    let run = residency(dir.path(), ["--help"]);
    run.expect_code(0);
    for needle in ["check", "explain", "rules", "lsp"] {
        assert!(run.stdout.contains(needle), "{needle}:\n{}", run.stdout);
    }
    let run = residency(dir.path(), ["lsp", "--help"]);
    run.expect_code(0);
    assert!(run.stdout.contains("--stdio"), "{}", run.stdout);
    let run = residency(dir.path(), ["check", "--help"]);
    run.expect_code(0);
    for needle in [
        "--format",
        "--config",
        "--boundary",
        "--fail-on",
        "--fix",
        "--unsafe-fixes",
    ] {
        assert!(run.stdout.contains(needle), "{needle}:\n{}", run.stdout);
    }
    // No rustdoc link syntax leaks into the help of users.
    assert!(!run.stdout.contains("[`"), "{}", run.stdout);
}

#[test]
fn every_listed_rule_can_be_explained() {
    let dir = tempfile::tempdir().unwrap();
    let list = residency(dir.path(), ["rules", "--format", "json"]).json();
    for entry in list.as_array().unwrap() {
        let code = entry["code"].as_str().unwrap();
        let run = residency(dir.path(), ["explain", code]);
        run.expect_code(0);
        assert!(run.stdout.contains(code), "{code}: {}", run.stdout);
        assert!(
            run.stdout.contains(entry["name"].as_str().unwrap()),
            "{code}"
        );
    }
}
