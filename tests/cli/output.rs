//! The other formats (GitHub workflow commands, SARIF 2.1.0, text), colour, and output that is the same on every run.

use serde_json::Value;

use crate::cli_support::*;

/// A folder with an error (EU001), a warning (EU090) and an info (EU003).
fn three_severities() -> (tempfile::TempDir, String) {
    let text = arm_template(
        "",
        &[
            arm_b2c("us.onmicrosoft.com", "United States", "US"),
            arm_domain_services("aadds.contoso.com", "\"[resourceGroup().location]\""),
        ],
    );
    // EU003, the info, is off by default.
    let dir = tree(&[
        ("arm/azuredeploy.json", &text),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ]);
    (dir, text)
}

#[test]
fn github_format_prints_workflow_commands() {
    let (dir, _) = three_severities();
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert_eq!(report.codes(), ["EU001", "EU003", "EU090"]);
    let run = residency(dir.path(), ["check", "--format", "github"]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        report.diagnostics.len(),
        "one line per finding:\n{}",
        run.stdout
    );
    for d in &report.diagnostics {
        let command = match d.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let expected = format!(
            "::{command} file=arm/azuredeploy.json,line={},col={},endLine={},endColumn={},title={} ({})::",
            d.line, d.column, d.end_line, d.end_column, d.code, d.name
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&expected)),
            "no line starts with {expected:?}:\n{}",
            run.stdout
        );
    }
    assert!(lines.iter().any(|l| l.starts_with("::error file=")));
    assert!(lines.iter().any(|l| l.starts_with("::warning file=")));
    assert!(lines.iter().any(|l| l.starts_with("::notice file=")));

    let clean = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(clean.path(), ["check", "--format", "github"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("::"), "{}", run.stdout);
}

fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn sarif_format_is_valid_2_1_0_with_a_result_per_diagnostic() {
    let (dir, _) = three_severities();
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    let run = residency(dir.path(), ["check", "--format", "sarif"]);
    run.expect_code(1);
    let log = run.json();
    assert_eq!(log["version"], "2.1.0");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );
    let results = log["runs"][0]["results"]
        .as_array()
        .expect("runs[0].results");
    assert_eq!(results.len(), report.diagnostics.len());
    let mut sarif: Vec<(String, String, u64)> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                region["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut json: Vec<(String, String, u64)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity.as_str() {
                "info" => "note".to_string(),
                s => s.to_string(),
            };
            (d.code.clone(), level, d.line)
        })
        .collect();
    sarif.sort();
    json.sort();
    assert_eq!(sarif, json);

    // No findings: still a valid log, with no results.
    let clean = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let log = residency(clean.path(), ["check", "--format", "sarif"])
        .expect_code(0)
        .json();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    assert!(sarif_validator().is_valid(&log));
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        write(
            dir.path(),
            &format!("arm{i}/azuredeploy.json"),
            arm_template(
                "",
                &[
                    arm_domain_services(&format!("dc{i}.contoso.com"), "\"eastus\""),
                    arm_b2c(&format!("t{i}.onmicrosoft.com"), "United States", "US"),
                ],
            ),
        );
        write(
            dir.path(),
            &format!("tf{i}/main.tf"),
            format!(
                "{}\n{}",
                tf_domain_services("dc", "\"westus\""),
                tf_b2c("t", "Asia Pacific", "SG")
            ),
        );
    }
    for format in ["json", "text", "sarif", "github"] {
        let first = residency(dir.path(), ["check", "--format", format]);
        let second = residency(dir.path(), ["check", "--format", format]);
        assert_eq!(
            first.stdout, second.stdout,
            "--format {format} differs between runs"
        );
    }
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert_eq!(report.files_checked, 24);
    assert_eq!(report.diagnostics.len(), 48);
    // Sorted by file, then position.
    let order: Vec<(String, u64, u64)> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.clone(), d.line, d.column))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn machine_formats_never_contain_colour() {
    let (dir, _) = three_severities();
    for format in ["json", "sarif", "github"] {
        let run = residency(
            dir.path(),
            ["check", "--color", "always", "--format", format],
        );
        run.expect_code(1);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "--format {format} has escapes"
        );
    }
    let run = residency(dir.path(), ["check", "--color", "always"]);
    assert!(run.stdout.contains('\u{1b}'), "--color always colours text");
    let run = residency(dir.path(), ["check", "--color", "never"]);
    assert!(!run.stdout.contains('\u{1b}'));
    // Piped, NO_COLOR unset or not: auto is plain.
    let run = residency(dir.path(), ["check"]);
    assert!(!run.stdout.contains('\u{1b}'));
}
