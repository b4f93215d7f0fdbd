//! What CI reads: `--format azure`, `gitlab` and `markdown` from the binary, `--output-file`
//! (the format to a file, text to the log, from one run), and suppressed findings in SARIF.

use std::process::Command;

use serde_json::Value;

use crate::cli_support::*;

/// A folder with an error (EU001), a warning (EU090) and an info (EU003).
fn three_severities() -> tempfile::TempDir {
    let text = arm_template(
        "",
        &[
            arm_b2c("us.onmicrosoft.com", "United States", "US"),
            arm_domain_services("aadds.contoso.com", "\"[resourceGroup().location]\""),
        ],
    );
    // EU003, the info, is off by default.
    tree(&[
        ("arm/azuredeploy.json", &text),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ])
}

#[test]
fn azure_gitlab_and_markdown_formats() {
    let dir = three_severities();
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert_eq!(report.codes(), ["EU001", "EU003", "EU090"]);

    let run = residency(dir.path(), ["check", "--format", "azure"]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for (line, d) in lines.iter().zip(&report.diagnostics) {
        let kind = if d.severity == "error" {
            "error"
        } else {
            "warning"
        };
        let expected = format!(
            "##vso[task.logissue type={kind};sourcepath=arm/azuredeploy.json;linenumber={};columnnumber={};code={}]",
            d.line, d.column, d.code
        );
        assert!(line.starts_with(&expected), "{line}\nexpected {expected}");
    }

    let run = residency(dir.path(), ["check", "--format", "gitlab"]);
    run.expect_code(1);
    let issues: Value = serde_json::from_str(&run.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 3);
    for (issue, d) in issues.iter().zip(&report.diagnostics) {
        assert_eq!(issue["check_name"], d.code.as_str());
        assert_eq!(issue["location"]["path"], "arm/azuredeploy.json");
        assert_eq!(issue["location"]["lines"]["begin"], d.line);
        assert_eq!(issue["description"], format!("{}: {}", d.code, d.message));
    }
    let severities: Vec<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| match d.severity.as_str() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        })
        .collect();
    assert_eq!(severities, expected);
    assert!(severities.contains(&"major") && severities.contains(&"minor"));

    let run = residency(dir.path(), ["check", "--format", "markdown"]);
    run.expect_code(1);
    assert!(
        run.stdout
            .starts_with("## residency: 3 problems (1 error, 1 warning, 1 info) in 1 file\n"),
        "{}",
        run.stdout
    );
    for d in &report.diagnostics {
        let row = format!(
            "| {} | `arm/azuredeploy.json:{}` | {} |",
            d.severity, d.line, d.code
        );
        assert!(run.stdout.contains(&row), "{row}\n{}", run.stdout);
    }
}

#[test]
fn output_file_gets_the_format_and_the_log_gets_text() {
    let dir = three_severities();
    let text = residency(dir.path(), ["check"]);
    text.expect_code(1);
    for format in [
        "sarif", "json", "gitlab", "markdown", "azure", "github", "text",
    ] {
        let alone = residency(dir.path(), ["check", "--format", format]);
        let file = format!("out/report.{format}");
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        let run = residency(
            dir.path(),
            ["check", "--format", format, "--output-file", &file],
        );
        run.expect_code(1);
        assert_eq!(
            run.stdout, text.stdout,
            "--format {format}: the log is text"
        );
        let written = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        assert_eq!(written, alone.stdout, "--format {format}: the file");
    }
    // The exit code follows --fail-on as without --output-file.
    let run = residency(
        dir.path(),
        [
            "check",
            "--format",
            "sarif",
            "--output-file",
            "r.sarif",
            "--fail-on",
            "never",
        ],
    );
    run.expect_code(0);
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.sarif")).unwrap())
            .unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
}

#[test]
fn an_output_file_that_cannot_be_written_is_exit_2() {
    let dir = three_severities();
    let run = residency(
        dir.path(),
        [
            "check",
            "--format",
            "sarif",
            "--output-file",
            "no/such/dir/r.sarif",
        ],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/r.sarif"),
        "{}",
        run.stderr
    );
}

#[test]
fn markdown_links_to_the_commit_in_a_github_job() {
    let dir = three_severities();
    let out = Command::new(env!("CARGO_BIN_EXE_residency"))
        .args(["check", "--format", "markdown"])
        .current_dir(dir.path())
        .env("GITHUB_SERVER_URL", "https://github.example")
        .env("GITHUB_REPOSITORY", "contoso/infra")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    let d = &report.diagnostics[0];
    let link = format!(
        "[`arm/azuredeploy.json:{0}`](https://github.example/contoso/infra/blob/0123abc/arm/azuredeploy.json#L{0})",
        d.line
    );
    assert!(stdout.contains(&link), "{link}\n{stdout}");
}

#[test]
fn sarif_lists_suppressed_findings_with_the_reason() {
    let text = arm_template(
        "",
        &[arm_domain_services("aadds.contoso.com", "\"eastus\"")],
    );
    let reason = "DR replica approved by the DPO (ticket 4711)";
    let text = replace_once(
        &text,
        "\"location\": \"eastus\",",
        &format!("\"location\": \"eastus\", // residency-ignore: EU010 -- {reason}"),
    );
    let dir = tree(&[("azuredeploy.json", &text)]);
    check_json(dir.path(), &[], 0);
    let run = residency(dir.path(), ["check", "--format", "sarif"]);
    run.expect_code(0);
    let log = run.json();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{:#}", log);
    assert_eq!(results[0]["ruleId"], "EU010");
    assert_eq!(
        results[0]["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": reason}])
    );
    assert!(results[0]["partialFingerprints"]["residency/v1"].is_string());
}
