//! End-to-end tests of the `residency` command line: the real binary, run in temporary folders,
//! against the contracts of README.md and DESIGN.md ("Contracts users and scripts rely on").
//! Every run also asserts the process did not panic and finished within a time limit.

mod cli_support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use cli_support::*;
use serde_json::Value;

// =============================================================================================
// Exit codes

#[test]
fn clean_folder_exits_0() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No problems found"), "{}", run.stdout);

    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.files_checked, 1);

    // An empty folder is clean too.
    let empty = tempfile::tempdir().unwrap();
    let report = residency(empty.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!((report.files_checked, report.diagnostics.len()), (0, 0));
}

#[test]
fn error_finding_exits_1() {
    let text = arm_ds_template("eastus");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(1);
    let line = line_of(&text, "\"eastus\"");
    assert!(run.stdout.contains("error[EU010]"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("azuredeploy.json:{line}:")),
        "the text report points at the location's line {line}:\n{}",
        run.stdout
    );
}

#[test]
fn missing_path_exits_2_and_names_it() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check", "no-such-folder"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no report on a usage error: {}",
        run.stdout
    );

    // One good path does not save a missing one.
    let run = residency(dir.path(), ["check", "azuredeploy.json", "missing.tf"]);
    run.expect_code(2);
    assert!(run.stderr.contains("missing.tf"), "{}", run.stderr);
}

#[test]
fn bad_config_given_with_flag_exits_2_naming_file_and_key() {
    let dir = tree(&[
        ("azuredeploy.json", &arm_ds_template("westeurope")),
        ("unknown-key.yaml", "boundry: europe\n"),
        ("mars.yaml", "boundary: mars\n"),
        ("bad-level.yaml", "rules:\n  EU010: loud\n"),
        ("bad-code.yaml", "rules:\n  EU999: off\n"),
    ]);
    for (file, key, value) in [
        ("unknown-key.yaml", "boundry", "boundry"),
        ("mars.yaml", "boundary", "mars"),
        ("bad-level.yaml", "EU010", "loud"),
        ("bad-code.yaml", "rules", "EU999"),
    ] {
        let run = residency(dir.path(), ["check", "--config", file]);
        run.expect_code(2);
        for needle in [file, key, value] {
            assert!(
                run.stderr.contains(needle),
                "`--config {file}`: stderr should name {needle:?}:\n{}",
                run.stderr
            );
        }
    }
    let run = residency(dir.path(), ["check", "--config", "absent.yaml"]);
    run.expect_code(2);
    assert!(run.stderr.contains("absent.yaml"), "{}", run.stderr);
}

#[test]
fn bad_discovered_config_exits_2_naming_file_and_key() {
    let dir = tree(&[
        ("infra/azuredeploy.json", &arm_ds_template("westeurope")),
        ("infra/.residency.yaml", "boundary: mars\n"),
    ]);
    let run = residency(dir.path(), ["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains(".residency.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("boundary") && run.stderr.contains("mars"),
        "{}",
        run.stderr
    );

    write(
        dir.path(),
        "infra/.residency.yaml",
        "rules:\n  EU003: off\nexlude: ['x/**']\n",
    );
    let run = residency(dir.path(), ["check", "infra"]);
    run.expect_code(2);
    assert!(run.stderr.contains(".residency.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("exlude"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("westeurope"))]);
    let run = residency(dir.path(), ["check", "--format", "xml"]);
    run.expect_code(2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
    residency(dir.path(), ["check", "--fail-on", "sometimes"]).expect_code(2);
    residency(dir.path(), ["check", "--boundary", "mars"]).expect_code(2);
    // --unsafe-fixes means nothing without --fix.
    residency(dir.path(), ["check", "--unsafe-fixes"]).expect_code(2);
    residency(dir.path(), ["frobnicate"]).expect_code(2);
}

#[test]
fn fail_on_moves_the_threshold() {
    // EU090 (warning) only: the location is decided at deployment.
    let warning = tree(&[(
        "azuredeploy.json",
        &arm_template(
            "",
            &[arm_domain_services(
                "aadds.contoso.com",
                "\"[resourceGroup().location]\"",
            )],
        ),
    )]);
    let report = residency(warning.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["EU090"]);
    assert_eq!(report.only("EU090").severity, "warning");
    residency(warning.path(), ["check", "--fail-on", "error"]).expect_code(0);
    residency(warning.path(), ["check", "--fail-on", "warning"]).expect_code(1);
    residency(warning.path(), ["check", "--fail-on", "info"]).expect_code(1);
    residency(warning.path(), ["check", "--fail-on", "never"]).expect_code(0);

    // EU003 (info) only: a B2C tenant in Europe with a German country code.
    let info = tree(&[(
        "azuredeploy.json",
        &arm_template("", &[arm_b2c("contoso.onmicrosoft.com", "Europe", "DE")]),
    )]);
    let report = residency(info.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["EU003"]);
    assert_eq!(report.only("EU003").severity, "info");
    residency(info.path(), ["check", "--fail-on", "warning"]).expect_code(0);
    residency(info.path(), ["check", "--fail-on", "info"]).expect_code(1);

    // An error: only `never` lets it pass.
    let error = tree(&[("azuredeploy.json", &arm_ds_template("eastus"))]);
    residency(error.path(), ["check", "--fail-on", "warning"]).expect_code(1);
    residency(error.path(), ["check", "--fail-on", "never"]).expect_code(0);
}

// =============================================================================================
// JSON

#[test]
fn json_follows_the_contract() {
    let typo = arm_template(
        "",
        &[arm_domain_services("typo.contoso.com", "\"westeurpe\"")],
    );
    let us = arm_template("", &[arm_domain_services("us.contoso.com", "\"eastus\"")]);
    let dir = tree(&[
        ("infra/typo/azuredeploy.json", &typo),
        ("infra/us/azuredeploy.json", &us),
        (
            "infra/clean/azuredeploy.json",
            &arm_ds_template("northeurope"),
        ),
    ]);
    let run = residency(dir.path(), ["check", "--format", "json", "infra"]);
    run.expect_code(1);
    let doc = run.json();
    let top: BTreeSet<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        top,
        BTreeSet::from(["version", "files_checked", "diagnostics"])
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["files_checked"], 3);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2, "{doc:#}");
    let required = [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
    ];
    for d in diagnostics {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        for key in required {
            assert!(keys.contains(key), "`{key}` missing in {d:#}");
        }
        let allowed: BTreeSet<&str> = required.iter().copied().chain(["fix", "related"]).collect();
        assert!(keys.is_subset(&allowed), "unexpected keys in {d:#}");
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(
                d[key].as_u64().is_some_and(|n| n >= 1),
                "`{key}` is not 1-based in {d:#}"
            );
        }
        for key in ["path", "code", "name", "severity", "message"] {
            assert!(
                d[key].as_str().is_some_and(|s| !s.is_empty()),
                "`{key}` in {d:#}"
            );
        }
    }

    let report = run.report();
    let eu091 = report.only("EU091");
    assert_eq!(eu091.path, "infra/typo/azuredeploy.json");
    assert_eq!(eu091.name, "unknown-region");
    assert_eq!(eu091.severity, "error");
    assert_eq!(eu091.line, line_of(&typo, "westeurpe"));
    assert!(
        eu091.message.contains("westeurope"),
        "did-you-mean: {}",
        eu091.message
    );
    let fix = eu091.fix.as_ref().expect("EU091 has a fix");
    assert!(fix.safe, "a typo fix is safe");
    assert_eq!(fix.edits.len(), 1);
    assert_eq!(fix.edits[0].path, "infra/typo/azuredeploy.json");
    assert_eq!(fix.edits[0].replacement.trim_matches('"'), "westeurope");

    let eu010 = report.only("EU010");
    assert_eq!(eu010.path, "infra/us/azuredeploy.json");
    assert_eq!(eu010.name, "domain-services-outside-europe");
    assert_eq!(eu010.severity, "error");
    let line = line_of(&us, "\"eastus\"");
    assert_eq!((eu010.line, eu010.end_line), (line, line));
    assert_eq!(
        span_text(
            &us,
            eu010.line,
            eu010.column,
            eu010.end_line,
            eu010.end_column
        )
        .trim_matches('"'),
        "eastus"
    );
    let fix = eu010.fix.as_ref().expect("EU010 has a fix");
    assert!(!fix.safe, "moving a region re-creates the resource: unsafe");
    assert_eq!(fix.edits[0].replacement.trim_matches('"'), "westeurope");

    // A finding without a fix has no `fix` key at all.
    let info = tree(&[(
        "azuredeploy.json",
        &arm_template("", &[arm_b2c("contoso.onmicrosoft.com", "Europe", "DE")]),
    )]);
    let doc = residency(info.path(), ["check", "--format", "json"]).json();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "EU003");
    assert!(d.get("fix").is_none(), "no fix, no key: {d:#}");
}

#[test]
fn json_paths_are_relative_as_given() {
    let dir = tree(&[("infra/arm/azuredeploy.json", &arm_ds_template("eastus"))]);
    let path_of = |cwd: &Path, args: &[&str]| {
        let report = residency(cwd, args).expect_code(1).report();
        report.only("EU010").path.replace('\\', "/")
    };
    assert_eq!(
        path_of(dir.path(), &["check", "--format", "json"]),
        "infra/arm/azuredeploy.json"
    );
    assert_eq!(
        path_of(dir.path(), &["check", "--format", "json", "infra"]),
        "infra/arm/azuredeploy.json"
    );
    assert_eq!(
        path_of(
            dir.path(),
            &["check", "--format", "json", "infra/arm/azuredeploy.json"]
        ),
        "infra/arm/azuredeploy.json"
    );
    assert_eq!(
        path_of(
            &dir.path().join("infra"),
            &["check", "--format", "json", "arm"]
        ),
        "arm/azuredeploy.json"
    );
    assert_eq!(
        path_of(
            &dir.path().join("infra/arm"),
            &["check", "--format", "json"]
        ),
        "azuredeploy.json"
    );
}

#[test]
fn json_columns_count_unicode_scalar_values_arm() {
    // Multi-byte characters in a comment and in a name before the flagged value, CRLF ends.
    let text = format!(
        "{{\r\n  \"$schema\": \"{TEMPLATE_SCHEMA}\",\r\n  \"contentVersion\": \"1.0.0.0\",\r\n  \"resources\": [\r\n    {{\r\n      \"type\": \"Microsoft.AAD/domainServices\",\r\n      \"apiVersion\": \"2022-12-01\",\r\n      /* café 日本 */ \"name\": \"aadds-日本\", \"location\": \"eastus\",\r\n      \"properties\": {{ \"domainName\": \"aadds.contoso.com\" }}\r\n    }}\r\n  ]\r\n}}\r\n"
    );
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.line, 8);
    // `      /* café 日本 */ "name": "aadds-日本", "location": ` is 52 characters (62 bytes).
    assert_eq!(d.column, 53, "column counts characters, not bytes");
    assert_eq!(d.end_column, 61);
    assert_eq!(
        span_text(&text, d.line, d.column, d.end_line, d.end_column),
        "\"eastus\""
    );
    let edit = &d.fix.as_ref().unwrap().edits[0];
    let covered = span_text(
        &text,
        edit.line,
        edit.column,
        edit.end_line,
        edit.end_column,
    );
    assert_eq!(
        covered.trim_matches('"'),
        "eastus",
        "the fix edit covers the value"
    );
}

#[test]
fn json_columns_count_unicode_scalar_values_terraform() {
    let text = "# Région 日本\nresource \"azurerm_active_directory_domain_service\" \"aadds\" {\n  name = \"日本-é\"\n  /* café 日本 😀 */ location = \"eastus\"\n  resource_group_name = \"aadds\"\n  domain_name = \"aadds.contoso.com\"\n  sku = \"Standard\"\n  initial_replica_set {\n    subnet_id = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds\"\n  }\n}\n";
    let dir = tree(&[("main.tf", text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.line, 4);
    // `  /* café 日本 😀 */ location = ` is 29 characters (38 bytes).
    let covered = span_text(text, d.line, d.column, d.end_line, d.end_column);
    assert_eq!(
        covered.trim_matches('"'),
        "eastus",
        "span {}..{}",
        d.column,
        d.end_column
    );
    assert!(
        d.column == 30 || d.column == 31,
        "column {} counts characters",
        d.column
    );
    // SARIF counts UTF-16 code units: 😀 is two of them.
    let log = residency(dir.path(), ["check", "--format", "sarif"]).json();
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(
        region["startColumn"].as_u64(),
        Some(d.column + 1),
        "{region}"
    );
    assert_eq!(
        region["endColumn"].as_u64(),
        Some(d.end_column + 1),
        "{region}"
    );
}

// =============================================================================================
// GitHub and SARIF

/// A folder with an error (EU001), a warning (EU090) and an info (EU003).
fn three_severities() -> (tempfile::TempDir, String) {
    let text = arm_template(
        "",
        &[
            arm_b2c("us.onmicrosoft.com", "United States", "US"),
            arm_domain_services("aadds.contoso.com", "\"[resourceGroup().location]\""),
        ],
    );
    let dir = tree(&[("arm/azuredeploy.json", &text)]);
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

// =============================================================================================
// Fixes

/// A CRLF template with a typo (EU091, safe fix), a US managed domain (EU010, unsafe) and a US
/// B2C tenant (EU001, unsafe; EU003 without fix), comments on the values' lines and at the end.
fn fixable_template() -> String {
    let text = arm_template(
        "",
        &[
            arm_domain_services("typo.contoso.com", "\"westeurpe\", // typo: é 日本"),
            arm_domain_services("us.contoso.com", "\"eastus\", // the US copy"),
            arm_b2c("us.onmicrosoft.com", "United States", "US"),
        ],
    );
    // The helper puts a comma after `location`; the comment made it a second one: drop it.
    let text = text
        .replace(", // typo: é 日本,", ", // typo: é 日本")
        .replace(", // the US copy,", ", // the US copy");
    format!("{}// end of template: keep me\n", text).replace('\n', "\r\n")
}

#[test]
fn fix_applies_only_safe_fixes() {
    let original = fixable_template();
    let dir = tree(&[("azuredeploy.json", &original)]);
    let before = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        before.codes(),
        ["EU001", "EU003", "EU010", "EU091"],
        "{:#?}",
        before.diagnostics
    );
    assert!(before.only("EU091").fix.as_ref().unwrap().safe);
    assert!(!before.only("EU010").fix.as_ref().unwrap().safe);
    assert!(!before.only("EU001").fix.as_ref().unwrap().safe);

    let run = residency(dir.path(), ["check", "--fix", "--format", "json"]);
    run.expect_code(1);
    let after = std::fs::read(dir.path().join("azuredeploy.json")).unwrap();
    let expected = replace_once(&original, "\"westeurpe\"", "\"westeurope\"");
    assert_same_bytes(&after, expected.as_bytes(), "after --fix");
    // The run reports what remains after fixing.
    assert_eq!(run.report().codes(), ["EU001", "EU003", "EU010"]);
    // And so does the next run.
    let second = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(second.codes(), ["EU001", "EU003", "EU010"]);
    // Nothing safe is left: another --fix writes nothing.
    let snap = snapshot(dir.path());
    residency(dir.path(), ["check", "--fix"]).expect_code(1);
    assert_eq!(
        snapshot(dir.path()),
        snap,
        "--fix with no safe fix left wrote a file"
    );
}

#[test]
fn unsafe_fixes_apply_all_and_change_only_the_values() {
    let original = fixable_template();
    let dir = tree(&[("azuredeploy.json", &original)]);
    let path = dir.path().join("azuredeploy.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let run = residency(
        dir.path(),
        ["check", "--fix", "--unsafe-fixes", "--format", "json"],
    );
    // Only EU003 (info, no fix) remains.
    run.expect_code(0);
    assert_eq!(run.report().codes(), ["EU003"]);
    let after = std::fs::read(&path).unwrap();
    let expected = replace_once(&original, "\"westeurpe\"", "\"westeurope\"");
    let expected = replace_once(&expected, "\"eastus\"", "\"westeurope\"");
    let expected = replace_once(&expected, "\"United States\"", "\"Europe\"");
    assert_same_bytes(&after, expected.as_bytes(), "after --fix --unsafe-fixes");
    assert!(after.ends_with(b"}\r\n// end of template: keep me\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "the atomic write keeps the permissions");
    }
    // No temporary file is left behind.
    let names: Vec<_> = snapshot(dir.path()).into_keys().collect();
    assert_eq!(names, [Path::new("azuredeploy.json")]);
    let second = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(second.codes(), ["EU003"]);
}

#[test]
fn fix_rewrites_the_parameters_file_not_the_template() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\", \"defaultValue\": \"northeurope\" }\n  ",
        &[arm_domain_services(
            "aadds.contoso.com",
            "\"[parameters('location')]\"",
        )],
    );
    let parameters = arm_parameters(&[("location", "eastus")]).replace('\n', "\r\n");
    let dir = tree(&[
        ("azuredeploy.json", &template),
        ("azuredeploy.parameters.json", &parameters),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.path, "azuredeploy.json");
    let edits = &d.fix.as_ref().expect("EU010 has a fix").edits;
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0].path, "azuredeploy.parameters.json",
        "the value is set in the parameters file"
    );
    assert_eq!(edits[0].line, line_of(&parameters, "eastus"));

    // --fix alone does not apply the unsafe fix.
    let snap = snapshot(dir.path());
    residency(dir.path(), ["check", "--fix"]).expect_code(1);
    assert_eq!(snapshot(dir.path()), snap);

    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let t = std::fs::read(dir.path().join("azuredeploy.json")).unwrap();
    assert_same_bytes(&t, template.as_bytes(), "the template");
    let p = std::fs::read(dir.path().join("azuredeploy.parameters.json")).unwrap();
    let expected = replace_once(&parameters, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(&p, expected.as_bytes(), "the parameters file");
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn fix_rewrites_the_tfvars_not_the_module() {
    let main = tf_domain_services("example", "var.location");
    let variables = "variable \"location\" {\r\n  type = string\r\n}\r\n";
    let tfvars = "# Production region.\r\nlocation = \"eastus\" # set by ops\r\n";
    let dir = tree(&[
        ("main.tf", &main),
        ("variables.tf", variables),
        ("terraform.tfvars", tfvars),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.path, "main.tf");
    assert_eq!(d.line, line_of(&main, "var.location"));
    let edits = &d.fix.as_ref().expect("EU010 has a fix").edits;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].path, "terraform.tfvars");
    assert!(
        d.related.iter().any(|r| r.path == "terraform.tfvars"),
        "related names the tfvars: {:#?}",
        d.related
    );

    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    assert_same_bytes(
        &std::fs::read(dir.path().join("main.tf")).unwrap(),
        main.as_bytes(),
        "main.tf",
    );
    assert_same_bytes(
        &std::fs::read(dir.path().join("variables.tf")).unwrap(),
        variables.as_bytes(),
        "variables.tf",
    );
    let expected = replace_once(tfvars, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("terraform.tfvars")).unwrap(),
        expected.as_bytes(),
        "terraform.tfvars",
    );
}

#[test]
fn safe_fix_in_terraform_keeps_every_other_byte() {
    let main = format!(
        "{}\r\n{}",
        tf_domain_services("typo", "\"westeurpe\" # typo, café").replace('\n', "\r\n"),
        tf_domain_services("us", "\"eastus\"").replace('\n', "\r\n"),
    );
    let dir = tree(&[("main.tf", &main)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU010", "EU091"]);
    let run = residency(dir.path(), ["check", "--fix", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.report().codes(), ["EU010"]);
    let expected = replace_once(&main, "\"westeurpe\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("main.tf")).unwrap(),
        expected.as_bytes(),
        "main.tf",
    );
}

#[test]
fn without_fix_no_file_is_written() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\", \"defaultValue\": \"northeurope\" }\n  ",
        &[
            arm_domain_services("aadds.contoso.com", "\"[parameters('location')]\""),
            arm_domain_services("typo.contoso.com", "\"westeurpe\""),
        ],
    );
    let dir = tree(&[
        ("arm/azuredeploy.json", &template),
        (
            "arm/azuredeploy.parameters.json",
            &arm_parameters(&[("location", "eastus")]),
        ),
        ("tf/main.tf", &tf_domain_services("example", "var.location")),
        (
            "tf/variables.tf",
            "variable \"location\" {\n  type = string\n}\n",
        ),
        ("tf/terraform.tfvars", "location = \"eastus\"\n"),
        ("tf/typo.tf", &tf_domain_services("typo", "\"nort europe\"")),
    ]);
    let before = snapshot(dir.path());
    // Let a write show up in the modification time even on coarse file systems.
    std::thread::sleep(Duration::from_millis(1100));
    for format in ["text", "json", "sarif", "github"] {
        residency(dir.path(), ["check", "--format", format]).expect_code(1);
    }
    residency(
        dir.path(),
        ["check", "--fail-on", "never", "arm", "tf/main.tf"],
    )
    .expect_code(0);
    residency(dir.path(), ["check", "--boundary", "eu-data-boundary"]).expect_code(1);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a check without --fix changed a file"
    );
}

#[test]
fn preferred_region_changes_the_replacement() {
    let original = arm_ds_template("eastus");
    let dir = tree(&[
        ("azuredeploy.json", &original),
        (".residency.yaml", "preferred_region: northeurope\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let fix = report.only("EU010").fix.clone().unwrap();
    assert_eq!(fix.edits[0].replacement.trim_matches('"'), "northeurope");
    assert!(fix.title.contains("northeurope"), "{}", fix.title);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(&original, "\"eastus\"", "\"northeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("azuredeploy.json")).unwrap(),
        expected.as_bytes(),
        "azuredeploy.json",
    );

    // The default is westeurope; `--config` picks another file.
    let other = tree(&[
        ("azuredeploy.json", &original),
        ("swedish.yaml", "preferred_region: Sweden Central\n"),
    ]);
    let report = residency(other.path(), ["check", "--format", "json"]).report();
    assert_eq!(
        report.only("EU010").fix.as_ref().unwrap().edits[0]
            .replacement
            .trim_matches('"'),
        "westeurope"
    );
    let report = residency(
        other.path(),
        ["check", "--format", "json", "--config", "swedish.yaml"],
    )
    .report();
    assert_eq!(
        report.only("EU010").fix.as_ref().unwrap().edits[0]
            .replacement
            .trim_matches('"'),
        "swedencentral"
    );
}

// =============================================================================================
// Boundaries and configuration

#[test]
fn eu_data_boundary_flags_a_europe_b2c_tenant_in_gb() {
    let text = arm_template("", &[arm_b2c("uk.onmicrosoft.com", "Europe", "GB")]);
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(
        report.codes(),
        ["EU003"],
        "GB is fine under the default `europe` boundary"
    );

    let report = residency(
        dir.path(),
        [
            "check",
            "--format",
            "json",
            "--boundary",
            "eu-data-boundary",
        ],
    )
    .expect_code(0)
    .report();
    assert_eq!(report.codes(), ["EU002", "EU003"]);
    let d = report.only("EU002");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.line, line_of(&text, "\"GB\""));
    residency(
        dir.path(),
        [
            "check",
            "--boundary",
            "eu-data-boundary",
            "--fail-on",
            "warning",
        ],
    )
    .expect_code(1);

    // A German tenant is inside the EU Data Boundary.
    let de = tree(&[(
        "azuredeploy.json",
        &arm_template("", &[arm_b2c("de.onmicrosoft.com", "Europe", "DE")]),
    )]);
    let report = residency(
        de.path(),
        [
            "check",
            "--format",
            "json",
            "--boundary",
            "eu-data-boundary",
        ],
    )
    .report();
    assert_eq!(report.codes(), ["EU003"]);
}

#[test]
fn uksouth_domain_services_is_outside_only_the_eu_data_boundary() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("uksouth"))]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let report = residency(
        dir.path(),
        ["check", "--format", "json", "--boundary", "europe"],
    )
    .expect_code(0)
    .report();
    assert!(report.diagnostics.is_empty());
    let report = residency(
        dir.path(),
        [
            "check",
            "--format",
            "json",
            "--boundary",
            "eu-data-boundary",
        ],
    )
    .expect_code(1)
    .report();
    assert_eq!(report.codes(), ["EU010"]);

    // The same through the configuration, and the flag overrides it.
    write(
        dir.path(),
        ".residency.yaml",
        "boundary: eu-data-boundary\n",
    );
    residency(dir.path(), ["check"]).expect_code(1);
    residency(dir.path(), ["check", "--boundary", "europe"]).expect_code(0);
}

#[test]
fn config_is_found_by_walking_up_from_a_nested_file() {
    let rel = "envs/prod/uk/identity/azuredeploy.json";
    let dir = tree(&[
        (
            rel,
            &arm_template("", &[arm_b2c("uk.onmicrosoft.com", "Europe", "GB")]),
        ),
        (
            "envs/prod/uk/identity/dc/azuredeploy.json",
            &arm_ds_template("uksouth"),
        ),
        (
            ".residency.yaml",
            "boundary: eu-data-boundary\nrules:\n  EU003: off\n",
        ),
    ]);
    let nested = dir.path().join("envs/prod/uk/identity");
    for (cwd, args) in [
        (dir.path(), vec!["check", "--format", "json"]),
        (
            dir.path(),
            vec!["check", "--format", "json", rel, "envs/prod/uk/identity/dc"],
        ),
        (nested.as_path(), vec!["check", "--format", "json"]),
        (
            nested.as_path(),
            vec!["check", "--format", "json", "azuredeploy.json", "dc"],
        ),
    ] {
        let report = residency(cwd, &args).expect_code(1).report();
        assert_eq!(
            report.codes(),
            ["EU002", "EU010"],
            "in {}: {args:?}",
            cwd.display()
        );
    }
    // A file named alone gets the configuration of its folders too.
    let report = residency(
        &nested.join("dc"),
        ["check", "--format", "json", "azuredeploy.json"],
    )
    .expect_code(1)
    .report();
    assert_eq!(report.codes(), ["EU010"]);
    // Without the configuration: EU003, no EU002, and uksouth is in Europe.
    std::fs::remove_file(dir.path().join(".residency.yaml")).unwrap();
    let report = residency(&nested, ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["EU003"]);
}

#[test]
fn nearest_config_wins() {
    let dir = tree(&[
        (".residency.yaml", "boundary: eu-data-boundary\n"),
        ("eu/azuredeploy.json", &arm_ds_template("uksouth")),
        ("uk/azuredeploy.json", &arm_ds_template("uksouth")),
        ("uk/.residency.yaml", "boundary: europe\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let line = line_of(&arm_ds_template("uksouth"), "\"uksouth\"");
    assert_eq!(
        report.places(),
        [place("eu/azuredeploy.json", line, "EU010")]
    );
}

#[test]
fn rules_config_silences_or_raises_a_rule() {
    let text = arm_template("", &[arm_b2c("de.onmicrosoft.com", "Europe", "DE")]);
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["EU003"]);

    write(dir.path(), ".residency.yaml", "rules: {EU003: off}\n");
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    residency(dir.path(), ["check", "--fail-on", "info"]).expect_code(0);

    write(dir.path(), ".residency.yaml", "rules:\n  EU003: error\n");
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.only("EU003").severity, "error");
}

#[test]
fn exclude_globs_skip_files() {
    let dir = tree(&[
        (
            ".residency.yaml",
            "exclude:\n  - \"legacy/**\"\n  - \"**/*.generated.json\"\n",
        ),
        ("legacy/old/azuredeploy.json", &arm_ds_template("eastus")),
        ("live/azuredeploy.json", &arm_ds_template("westeurope")),
        ("live/dc.generated.json", &arm_ds_template("eastus")),
        ("live/dc.json", &arm_ds_template("eastus2")),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let line = line_of(&arm_ds_template("eastus2"), "\"eastus2\"");
    assert_eq!(report.places(), [place("live/dc.json", line, "EU010")]);
    assert_eq!(report.files_checked, 2);
    // Relative to the configuration's folder, wherever the check runs from.
    let report = residency(&dir.path().join("legacy"), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    // The fixture is flagged once the exclusion is gone.
    write(dir.path(), ".residency.yaml", "");
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert_eq!(report.with_code("EU010").len(), 3);
}

// =============================================================================================
// Walking

#[test]
fn gitignore_is_honoured_with_and_without_a_git_dir() {
    let dir = tree(&[
        (".gitignore", "generated/\n*.bak.json\n"),
        ("generated/azuredeploy.json", &arm_ds_template("eastus")),
        ("main/azuredeploy.json", &arm_ds_template("westeurope")),
        ("main/azuredeploy.bak.json", &arm_ds_template("eastus")),
    ]);
    // A .gitignore deeper in the tree applies below it.
    write(
        dir.path(),
        "main/.gitignore",
        "*.generated.tf
",
    );
    write(
        dir.path(),
        "main/dc.generated.tf",
        tf_domain_services("dc", "\"eastus\""),
    );
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(
        report.diagnostics.is_empty(),
        "without .git: {:#?}",
        report.diagnostics
    );
    assert_eq!(report.files_checked, 1);

    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(
        report.diagnostics.is_empty(),
        "with .git: {:#?}",
        report.diagnostics
    );

    // Proof the fixture is flagged when nothing ignores it.
    std::fs::remove_file(dir.path().join(".gitignore")).unwrap();
    std::fs::remove_file(dir.path().join("main/.gitignore")).unwrap();
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.with_code("EU010").len(), 3);
}

#[cfg(unix)]
#[test]
fn symlink_loop_terminates_with_the_normal_result() {
    let dir = tree(&[
        ("infra/a/azuredeploy.json", &arm_ds_template("eastus")),
        ("infra/a/b/main.json", &arm_ds_template("westus2")),
    ]);
    let expected = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(expected.with_code("EU010").len(), 2);
    std::os::unix::fs::symlink("..", dir.path().join("infra/a/b/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("infra/self")).unwrap();
    let run = residency_within(
        dir.path(),
        ["check", "--format", "json"],
        Duration::from_secs(30),
    );
    run.expect_code(1);
    assert!(
        run.elapsed < Duration::from_secs(20),
        "took {:?}",
        run.elapsed
    );
    let report = run.report();
    assert_eq!(report.places(), expected.places());
    assert_eq!(report.files_checked, expected.files_checked);
    // The link named on the command line is walked (once), not followed in circles.
    let run = residency_within(
        dir.path(),
        ["check", "--format", "json", "infra/a/b/loop"],
        Duration::from_secs(30),
    );
    run.expect_code(1);
    assert_eq!(run.report().with_code("EU010").len(), 2);
}

#[test]
fn unrelated_json_is_skipped_silently() {
    let dir = tree(&[
        ("package.json", "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {}\n}\n"),
        (
            "tsconfig.json",
            "{\n  // TypeScript settings\n  \"compilerOptions\": {\n    \"strict\": true, /* yes */\n    \"target\": \"es2022\",\n  },\n}\n",
        ),
        (".vscode/settings.json", "{ \"editor.tabSize\": 2 }\n"),
        ("data/list.json", "[1, 2, 3]\n"),
        ("data/half.json", "{ \"a\": [1, \n"),
        ("data/scalar.json", "42\n"),
        ("data/empty.json", ""),
        (
            ".vscode/launch.json",
            "{\n  // Use IntelliSense to learn about possible attributes.\n  \"version\": \"0.2.0\",\n  \"configurations\": [],\n}\n",
        ),
        (
            "web/tsconfig.base.json",
            "{ \"$schema\": \"https://json.schemastore.org/tsconfig\", \"extends\": \"./x\" }\n",
        ),
        ("azuredeploy.json", &arm_ds_template("westeurope")),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(report.files_checked, 1, "only the template is checked");
    let run = residency(dir.path(), ["check"]);
    run.expect_code(0);
    assert!(
        run.stderr.trim().is_empty(),
        "nothing said about skipped files: {}",
        run.stderr
    );
}

#[test]
fn file_over_max_file_size_is_e002_and_not_read() {
    let text = arm_ds_template("eastus");
    let dir = tree(&[
        (".residency.yaml", "max_file_size: 100\n"),
        ("big/azuredeploy.json", &text),
        ("small.tfvars", "location = \"eastus\"\n"),
    ]);
    assert!(text.len() > 100);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.codes(),
        ["E002"],
        "the big file is not read: {:#?}",
        report.diagnostics
    );
    let d = report.only("E002");
    assert_eq!(d.path, "big/azuredeploy.json");
    assert_eq!(d.name, "unreadable-file");
    assert_eq!((d.line, d.column), (1, 1));
    assert!(
        d.message.contains("size") && d.message.contains("100"),
        "{}",
        d.message
    );
    assert_eq!(report.files_checked, 2);
    // With a larger limit, the same file is read and flagged.
    write(dir.path(), ".residency.yaml", "max_file_size: 100000\n");
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU010"]);
}

#[test]
fn non_utf8_and_binary_terraform_files_are_e002() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1/main.tf",
        b"# R\xe9gion\nlocation = \"eastus\"\n",
    );
    write(
        dir.path(),
        "binary/main.tf",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00resource \"x\" \"y\" {}\n",
    );
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.codes(),
        ["E002", "E002"],
        "{:#?}",
        report.diagnostics
    );
    let by_path = |p: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.path == p)
            .unwrap_or_else(|| panic!("no finding on {p}"))
    };
    let latin = by_path("latin1/main.tf");
    assert!(latin.message.contains("UTF-8"), "{}", latin.message);
    let binary = by_path("binary/main.tf");
    assert!(
        binary.message.contains("binary") || binary.message.contains("NUL"),
        "{}",
        binary.message
    );
    assert_eq!(report.files_checked, 2);
    // The text report says the same, without panicking on the missing source.
    let run = residency(dir.path(), ["check"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("E002") && run.stdout.contains("UTF-8"),
        "{}",
        run.stdout
    );
}

// =============================================================================================
// Suppressions

fn ds_with_comment(comment_above: &str, same_line: &str) -> String {
    arm_template(
        "",
        &[format!(
            "    {{\n      \"type\": \"Microsoft.AAD/domainServices\",\n      \"apiVersion\": \"2022-12-01\",\n      \"name\": \"aadds.contoso.com\",\n      {comment_above}\n      \"location\": \"eastus\", {same_line}\n      \"properties\": {{ \"domainName\": \"aadds.contoso.com\" }}\n    }}"
        )],
    )
}

#[test]
fn arm_suppression_with_reason_silences() {
    for (above, same) in [
        (
            "// residency-ignore: EU010 -- DR replica approved by the DPO (ticket 4711)",
            "",
        ),
        (
            "",
            "// residency-ignore: EU010 -- DR replica approved by the DPO",
        ),
        ("/* residency-ignore: EU010 -- approved */", ""),
    ] {
        let dir = tree(&[("azuredeploy.json", &ds_with_comment(above, same))]);
        let report = residency(dir.path(), ["check", "--format", "json"])
            .expect_code(0)
            .report();
        assert!(
            report.diagnostics.is_empty(),
            "{above}{same}: {:#?}",
            report.diagnostics
        );
    }
    // Another code, or two lines above, does not silence.
    let other = tree(&[(
        "azuredeploy.json",
        &ds_with_comment("// residency-ignore: EU001 -- not this one", ""),
    )]);
    let report = residency(other.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU010"]);
    let far = ds_with_comment("// residency-ignore: EU010 -- too far\n", "");
    let far_dir = tree(&[("azuredeploy.json", &far)]);
    let report = residency(far_dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU010"]);
}

#[test]
fn suppression_without_reason_silences_and_is_reported() {
    let text = ds_with_comment("// residency-ignore: EU010", "");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["E003"]);
    let d = report.only("E003");
    assert_eq!(d.line, line_of(&text, "residency-ignore"));
    assert_eq!(d.severity, "warning");
    assert_eq!(d.name, "unexplained-suppression");
    residency(dir.path(), ["check", "--fail-on", "warning"]).expect_code(1);

    // An unknown code is reported too, and silences nothing.
    let text = ds_with_comment("// residency-ignore: EU999 -- typo in the code", "");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["E003", "EU010"]);
    assert!(report.only("E003").message.contains("EU999"));
}

#[test]
fn file_wide_suppression() {
    let text = arm_template(
        "",
        &[
            arm_b2c("a.onmicrosoft.com", "Europe", "DE"),
            arm_b2c("b.onmicrosoft.com", "Europe", "FR"),
            arm_domain_services("aadds.contoso.com", "\"eastus\""),
        ],
    );
    let text = text.replacen(
        "\"resources\": [",
        "\"resources\": [\n    // residency-ignore-file: EU003 -- policies reviewed, no personal data",
        1,
    );
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.codes(),
        ["EU010"],
        "EU003 silenced in the whole file, EU010 not"
    );
}

#[test]
fn terraform_suppressions() {
    let text = format!(
        "# residency-ignore-file: EU003 -- reviewed\n{}\n{}\n{}",
        tf_b2c("customers", "Europe", "DE"),
        tf_domain_services("above", "\"eastus\"").replace(
            "  location  ",
            "  # residency-ignore: EU010 -- replica approved\n  location  "
        ),
        tf_domain_services("same", "\"eastus\" // residency-ignore: EU010"),
    );
    let dir = tree(&[("main.tf", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["E003"], "{:#?}", report.diagnostics);
    assert_eq!(
        report.only("E003").line,
        line_of(&text, "// residency-ignore: EU010")
    );
    // Without the comments, the findings are there.
    let bare = format!(
        "{}\n{}\n{}",
        tf_b2c("customers", "Europe", "DE"),
        tf_domain_services("above", "\"eastus\""),
        tf_domain_services("same", "\"eastus\"")
    );
    write(dir.path(), "main.tf", &bare);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU003", "EU010", "EU010"]);
}

// =============================================================================================
// explain, rules, --version, --help

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
}

// =============================================================================================
// Error tolerance, projects, tfvars

#[test]
fn half_typed_terraform_reports_e001_and_still_checks_the_rest() {
    let text = "resource \"azurerm_active_directory_domain_service\" \"half_typed\" {\n  name     = \"example-aadds\"\n  location = \"eastus\"\n  sku      =\n}\n";
    let dir = tree(&[("main.tf", text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let e001 = report.with_code("E001");
    assert!(!e001.is_empty(), "{:#?}", report.diagnostics);
    assert!(
        e001.iter().all(|d| d.line == 4),
        "the syntax error is on the `sku =` line: {e001:#?}"
    );
    let eu010 = report.only("EU010");
    assert_eq!(eu010.line, 3);
    assert_eq!(
        span_text(
            text,
            eu010.line,
            eu010.column,
            eu010.end_line,
            eu010.end_column
        )
        .trim_matches('"'),
        "eastus"
    );
    // The fix still applies to a half-typed file, and only to the value.
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(1);
    let expected = replace_once(text, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("main.tf")).unwrap(),
        expected.as_bytes(),
        "main.tf",
    );
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["E001"]);
}

#[test]
fn half_typed_arm_reports_e001_and_still_checks_the_rest() {
    // A missing comma after the location: the template is still checked.
    let text = arm_ds_template("eastus").replace("\"eastus\",", "\"eastus\" // oops\n");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let line = line_of(&text, "\"eastus\"");
    assert_eq!(report.only("EU010").line, line);
    let e001 = report.with_code("E001");
    assert!(
        e001.iter().any(|d| d.line == line || d.line == line + 1),
        "E001 near the missing comma: {:#?}",
        report.diagnostics
    );
}

#[test]
fn two_parameters_files_one_finding_naming_prod() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\" }\n  ",
        &[
            arm_domain_services("aadds.contoso.com", "\"[parameters('location')]\""),
            arm_b2c("de.onmicrosoft.com", "Europe", "DE"),
        ],
    );
    // Multi-byte text before the value: related and edit columns count characters.
    let prod = arm_parameters(&[("location", "eastus")]).replace(
        "    \"location\": {",
        "    /* prod — 日本 */ \"location\": {",
    );
    let dir = tree(&[
        ("main.json", &template),
        (
            "main.parameters.dev.json",
            &arm_parameters(&[("location", "westeurope")]),
        ),
        ("main.parameters.prod.json", &prod),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.codes(),
        ["EU003", "EU010"],
        "each once: {:#?}",
        report.diagnostics
    );
    assert_eq!(report.files_checked, 3);
    let d = report.only("EU010");
    assert_eq!(d.path, "main.json");
    assert_eq!(d.line, line_of(&template, "[parameters('location')]"));
    assert!(
        d.related
            .iter()
            .any(|r| r.path == "main.parameters.prod.json"),
        "related names the prod parameters file: {:#?}",
        d.related
    );
    assert!(
        d.related.iter().all(|r| !r.path.contains("dev")),
        "the dev file sets westeurope: {:#?}",
        d.related
    );
    let edits = &d.fix.as_ref().expect("a fix").edits;
    assert_eq!(edits[0].path, "main.parameters.prod.json");
    let e = &edits[0];
    assert_eq!(
        span_text(&prod, e.line, e.column, e.end_line, e.end_column).trim_matches('"'),
        "eastus"
    );
    let value_line = line_of(&prod, "\"eastus\"");
    let quote_column = prod
        .lines()
        .nth(value_line as usize - 1)
        .unwrap()
        .split("\"eastus\"")
        .next()
        .unwrap()
        .chars()
        .count() as u64
        + 1;
    let r = d
        .related
        .iter()
        .find(|r| r.path == "main.parameters.prod.json")
        .unwrap();
    assert_eq!(r.line, value_line);
    assert!(
        r.column == quote_column || r.column == quote_column + 1,
        "related column {} counts characters (the value starts at {quote_column})",
        r.column
    );
}

fn tfvars_module(files: &[(&str, &str)]) -> tempfile::TempDir {
    let main = tf_domain_services("example", "var.location");
    let mut all: Vec<(&str, &str)> = vec![
        ("main.tf", main.as_str()),
        (
            "variables.tf",
            "variable \"location\" {\n  type = string\n}\n",
        ),
    ];
    all.extend_from_slice(files);
    tree(&all)
}

#[test]
fn tfvars_precedence_later_wins() {
    // *.auto.tfvars win over terraform.tfvars, though `b` sorts before `terraform`.
    let dir = tfvars_module(&[
        ("terraform.tfvars", "location = \"eastus\"\n"),
        ("b.auto.tfvars", "location = \"westeurope\"\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // Among *.auto.tfvars, lexical order: the last one wins.
    let dir = tfvars_module(&[
        ("terraform.tfvars", "location = \"westeurope\"\n"),
        ("a.auto.tfvars", "location = \"northeurope\"\n"),
        ("b.auto.tfvars", "location = \"eastus\"\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert!(d.message.contains("eastus"), "{}", d.message);
    assert!(
        d.related.iter().any(|r| r.path == "b.auto.tfvars"),
        "{:#?}",
        d.related
    );
    assert_eq!(d.fix.as_ref().unwrap().edits[0].path, "b.auto.tfvars");

    let dir = tfvars_module(&[
        ("a.auto.tfvars", "location = \"eastus\"\n"),
        ("b.auto.tfvars", "location = \"westeurope\"\n"),
        // Not loaded automatically by Terraform.
        ("prod.tfvars", "location = \"eastus\"\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // Only terraform.tfvars: its value is used (not unknown: no EU090).
    let dir = tfvars_module(&[("terraform.tfvars", "location = \"eastus\"\n")]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.codes(), ["EU010"]);
    // No tfvars at all: not provable.
    let dir = tfvars_module(&[]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert_eq!(report.codes(), ["EU090"]);
}

#[test]
fn terraform_end_to_end_default_folder() {
    let dir = tree(&[
        ("live/main.tf", &format!("{}\n{}", tf_b2c("us", "United States", "US"), tf_domain_services("ok", "\"West Europe\""))),
        ("live/dc.tf.json", "{\n  \"resource\": {\n    \"azurerm_active_directory_domain_service\": {\n      \"dc\": {\n        \"name\": \"dc\",\n        \"location\": \"brazilsouth\",\n        \"resource_group_name\": \"aadds\",\n        \"domain_name\": \"aadds.contoso.com\",\n        \"sku\": \"Standard\"\n      }\n    }\n  }\n}\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.places(),
        [
            place("live/dc.tf.json", 6, "EU010"),
            place("live/main.tf", 1, "EU003"),
            place("live/main.tf", 3, "EU001"),
        ]
    );
}

// =============================================================================================
// More edges of the same contracts

#[test]
fn overlapping_paths_are_checked_once() {
    let dir = tree(&[
        ("infra/azuredeploy.json", &arm_ds_template("eastus")),
        ("infra/tf/main.tf", &tf_domain_services("dc", "\"eastus2\"")),
    ]);
    let once = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(once.with_code("EU010").len(), 2);
    let again = residency(
        dir.path(),
        [
            "check",
            "--format",
            "json",
            ".",
            "infra",
            "infra/azuredeploy.json",
            "./infra/tf",
        ],
    )
    .expect_code(1)
    .report();
    assert_eq!(again.places(), once.places());
    assert_eq!(again.files_checked, once.files_checked);
}

#[test]
fn absolute_paths_are_reported_as_given() {
    let dir = tree(&[("infra/azuredeploy.json", &arm_ds_template("eastus"))]);
    let abs = dir.path().join("infra");
    let other = tempfile::tempdir().unwrap();
    let report = residency(
        other.path(),
        [
            std::ffi::OsStr::new("check"),
            "--format".as_ref(),
            "json".as_ref(),
            abs.as_os_str(),
        ],
    )
    .expect_code(1)
    .report();
    let d = report.only("EU010");
    assert_eq!(Path::new(&d.path), abs.join("azuredeploy.json"));
    assert_eq!(
        Path::new(&d.fix.as_ref().unwrap().edits[0].path),
        abs.join("azuredeploy.json")
    );
}

#[test]
fn a_value_shared_by_two_findings_is_fixed_once() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\", \"defaultValue\": \"eastus\" }\n  ",
        &[r#"    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "aadds.contoso.com",
      "location": "[parameters('location')]",
      "properties": {
        "domainName": "aadds.contoso.com",
        "replicaSets": [ { "location": "[parameters('location')]", "subnetId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds" } ]
      }
    }"#
        .to_string()],
    );
    let dir = tree(&[("azuredeploy.json", &template)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let eu010 = report.with_code("EU010");
    assert_eq!(
        eu010.len(),
        2,
        "managed domain and replica set: {:#?}",
        report.diagnostics
    );
    for d in &eu010 {
        let edit = &d.fix.as_ref().expect("a fix").edits[0];
        assert_eq!(
            edit.line,
            line_of(&template, "\"eastus\""),
            "the parameter default is rewritten"
        );
    }
    let run = residency(
        dir.path(),
        ["check", "--fix", "--unsafe-fixes", "--format", "json"],
    );
    run.expect_code(0);
    assert!(run.report().diagnostics.is_empty());
    let expected = replace_once(&template, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("azuredeploy.json")).unwrap(),
        expected.as_bytes(),
        "template",
    );
}

#[test]
fn fix_rewrites_a_variable_default_in_the_style_written() {
    let main = tf_domain_services("dc", "var.location");
    let variables =
        "variable \"location\" {\n  type    = string\n  default = \"East US\" # display name\n}\n";
    let dir = tree(&[("main.tf", &main), ("variables.tf", variables)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.path, "main.tf");
    let edit = &d.fix.as_ref().unwrap().edits[0];
    assert_eq!((edit.path.as_str(), edit.line), ("variables.tf", 3));
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    assert_same_bytes(
        &std::fs::read(dir.path().join("main.tf")).unwrap(),
        main.as_bytes(),
        "main.tf",
    );
    let expected = replace_once(variables, "\"East US\"", "\"West Europe\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("variables.tf")).unwrap(),
        expected.as_bytes(),
        "variables.tf",
    );

    // With a preferred region, in the same style.
    let dir = tree(&[
        ("main.tf", &main),
        ("variables.tf", variables),
        (".residency.yaml", "preferred_region: swedencentral\n"),
    ]);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(variables, "\"East US\"", "\"Sweden Central\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("variables.tf")).unwrap(),
        expected.as_bytes(),
        "variables.tf",
    );
}

#[test]
fn custom_boundary_from_allowed_regions() {
    let dir = tree(&[
        (".residency.yaml", "boundary: custom\nallowed_regions: [westeurope, germanywestcentral]\npreferred_region: germanywestcentral\n"),
        ("a/azuredeploy.json", &arm_ds_template("northeurope")),
        ("b/azuredeploy.json", &arm_ds_template("Germany West Central")),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.places().len(), 1, "{:#?}", report.diagnostics);
    let d = report.only("EU010");
    assert_eq!(d.path, "a/azuredeploy.json");
    assert_eq!(
        d.fix.as_ref().unwrap().edits[0]
            .replacement
            .trim_matches('"'),
        "germanywestcentral"
    );
    write(dir.path(), ".residency.yaml", "boundary: custom\n");
    let run = residency(dir.path(), ["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("allowed_regions"), "{}", run.stderr);
    write(
        dir.path(),
        ".residency.yaml",
        "allowed_regions: [westeurpe]\n",
    );
    let run = residency(dir.path(), ["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("westeurpe"), "{}", run.stderr);
}

#[test]
fn tfvars_json_is_loaded_after_tfvars() {
    let dir = tfvars_module(&[
        ("terraform.tfvars", "location = \"westeurope\"\n"),
        ("terraform.tfvars.json", "{ \"location\": \"eastus\" }\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert!(
        d.related.iter().any(|r| r.path == "terraform.tfvars.json"),
        "{:#?}",
        d.related
    );
    let dir = tfvars_module(&[
        ("terraform.tfvars.json", "{ \"location\": \"eastus\" }\n"),
        (
            "z.auto.tfvars.json",
            "{ \"location\": \"francecentral\" }\n",
        ),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn broken_parameters_file_is_e001_on_that_file() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\", \"defaultValue\": \"westeurope\" }\n  ",
        &[arm_domain_services(
            "aadds.contoso.com",
            "\"[parameters('location')]\"",
        )],
    );
    let params = arm_parameters(&[("location", "eastus")]);
    let params = params.trim_end().trim_end_matches('}').to_string();
    let dir = tree(&[
        ("azuredeploy.json", &template),
        ("azuredeploy.parameters.json", &params),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let e001 = report.with_code("E001");
    assert!(!e001.is_empty(), "{:#?}", report.diagnostics);
    assert!(
        e001.iter().all(|d| d.path == "azuredeploy.parameters.json"),
        "{e001:#?}"
    );
    assert_eq!(
        report.only("EU010").path,
        "azuredeploy.json",
        "the value before the error still counts"
    );

    // A parameters file without its template: only its syntax is checked.
    let orphan = tree(&[("other.parameters.json", &params)]);
    let report = residency(orphan.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert!(
        report.codes().iter().all(|c| *c == "E001"),
        "{:#?}",
        report.diagnostics
    );
    assert!(!report.diagnostics.is_empty());
}

#[test]
fn syntax_error_columns_count_characters() {
    let text = "resource \"azurerm_active_directory_domain_service\" \"x\" {\n  location = \"eastus\"\n  /* 日本日本日本 ééé */ sku =\n}\n";
    let dir = tree(&[("main.tf", text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.only("EU010").line, 2);
    let e = report.only("E001");
    assert_eq!(e.line, 3);
    let line_chars = "  /* 日本日本日本 ééé */ sku =".chars().count() as u64;
    assert!(
        e.column > 20 && e.column <= line_chars + 2,
        "E001 column {} is past the line's {line_chars} characters",
        e.column
    );
}

#[test]
fn files_with_a_bom_are_checked_and_fixed_byte_exact() {
    let template = format!(
        "\u{feff}{}",
        arm_ds_template("eastus").replace('\n', "\r\n")
    );
    let main = format!("\u{feff}{}", tf_domain_services("dc", "\"westeurpe\""));
    let dir = tree(&[("arm/azuredeploy.json", &template), ("tf/main.tf", &main)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.codes(),
        ["EU010", "EU091"],
        "{:#?}",
        report.diagnostics
    );
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(&template, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("arm/azuredeploy.json")).unwrap(),
        expected.as_bytes(),
        "template",
    );
    let expected = replace_once(&main, "\"westeurpe\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("tf/main.tf")).unwrap(),
        expected.as_bytes(),
        "main.tf",
    );
}

#[test]
fn terraform_json_fix_is_byte_exact() {
    let text = "{\n  \"resource\": {\n    \"azurerm_active_directory_domain_service\": {\n      \"dc\": {\n        \"name\": \"dc\",\n        \"location\": \"Brazil South\",\n        \"resource_group_name\": \"aadds\",\n        \"domain_name\": \"aadds.contoso.com\",\n        \"sku\": \"Standard\"\n      }\n    }\n  }\n}\n";
    let dir = tree(&[("dc.tf.json", text)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(report.only("EU010").line, 6);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(text, "\"Brazil South\"", "\"West Europe\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("dc.tf.json")).unwrap(),
        expected.as_bytes(),
        "dc.tf.json",
    );
}

#[test]
fn config_discovery_through_dotdot_paths_uses_only_ancestors() {
    // root/tools/.residency.yaml belongs to root/tools, not to root/infra.
    let dir = tree(&[
        (
            "infra/azuredeploy.json",
            &arm_template("", &[arm_b2c("de.onmicrosoft.com", "Europe", "DE")]),
        ),
        ("tools/.residency.yaml", "rules:\n  EU003: off\n"),
    ]);
    let from_root = residency(dir.path(), ["check", "--format", "json", "infra"]).report();
    assert_eq!(from_root.codes(), ["EU003"]);
    let tools = dir.path().join("tools");
    let from_sibling = residency(&tools, ["check", "--format", "json", "../infra"]).report();
    assert_eq!(
        from_sibling.codes(),
        ["EU003"],
        "`check ../infra` run from root/tools applied root/tools/.residency.yaml to root/infra"
    );
    assert_eq!(
        from_sibling.only("EU003").path.replace('\\', "/"),
        "../infra/azuredeploy.json"
    );
}

#[test]
fn config_flag_replaces_discovery() {
    let dir = tree(&[
        (
            "azuredeploy.json",
            &arm_template("", &[arm_b2c("de.onmicrosoft.com", "Europe", "DE")]),
        ),
        (".residency.yaml", "boundary: [\n"),
        ("ci/residency.yaml", "rules:\n  EU003: error\n"),
    ]);
    residency(dir.path(), ["check"]).expect_code(2);
    let report = residency(
        dir.path(),
        ["check", "--format", "json", "--config", "ci/residency.yaml"],
    )
    .expect_code(1)
    .report();
    assert_eq!(report.only("EU003").severity, "error");
}

#[test]
fn tfvars_belong_to_their_own_folder_only() {
    let module = "variable \"location\" {\n  default = \"westeurope\"\n}\n";
    let dir = tree(&[
        ("live/terraform.tfvars", "location = \"eastus\"\n"),
        ("live/variables.tf", module),
        ("live/main.tf", &tf_domain_services("live", "var.location")),
        ("live/child/variables.tf", module),
        (
            "live/child/main.tf",
            &tf_domain_services("child", "var.location"),
        ),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let line = line_of(&tf_domain_services("live", "var.location"), "var.location");
    assert_eq!(report.places(), [place("live/main.tf", line, "EU010")]);
}

#[test]
fn unusual_path_characters_are_reported_as_given() {
    let dir = tree(&[(
        "prod env/日本/main.tf",
        &tf_domain_services("dc", "\"eastus\""),
    )]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(
        report.only("EU010").path.replace('\\', "/"),
        "prod env/日本/main.tf"
    );
    let run = residency(dir.path(), ["check", "--format", "github"]);
    assert!(
        run.stdout
            .starts_with("::error file=prod env/日本/main.tf,line=3,"),
        "{}",
        run.stdout
    );
    let run = residency(dir.path(), ["check", "--format", "json", "prod env/日本"]);
    assert_eq!(
        run.report().only("EU010").path.replace('\\', "/"),
        "prod env/日本/main.tf"
    );
}

#[test]
fn eu_data_boundary_in_terraform() {
    let text = tf_b2c("uk", "Europe", "GB");
    let dir = tree(&[
        ("main.tf", &text),
        (".residency.yaml", "rules: {EU003: off}\n"),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let report = residency(
        dir.path(),
        [
            "check",
            "--format",
            "json",
            "--boundary",
            "eu-data-boundary",
        ],
    )
    .report();
    assert_eq!(report.only("EU002").line, line_of(&text, "\"GB\""));
}

#[test]
fn one_folder_named_twice_is_checked_and_fixed_once() {
    let text = arm_ds_template("westeurpe");
    let dir = tree(&[("infra/azuredeploy.json", &text)]);
    let abs = dir.path().join("infra");
    let args = |extra: &[&str]| {
        let mut v: Vec<std::ffi::OsString> =
            vec!["check".into(), "infra".into(), abs.clone().into()];
        v.extend(extra.iter().map(|s| s.into()));
        v
    };
    let report = residency(dir.path(), args(&["--format", "json"])).report();
    assert_eq!(
        report.codes(),
        ["EU091"],
        "`check infra /abs/infra` reports each finding once: {:#?}",
        report.diagnostics
    );
    assert_eq!(report.files_checked, 1);
    let run = residency(dir.path(), args(&["--fix"]));
    run.expect_code(0);
    let expected = replace_once(&text, "\"westeurpe\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(abs.join("azuredeploy.json")).unwrap(),
        expected.as_bytes(),
        "azuredeploy.json",
    );
}

#[test]
fn two_parameters_files_both_outside_are_both_named_and_fixed() {
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\" }\n  ",
        &[arm_domain_services(
            "aadds.contoso.com",
            "\"[parameters('location')]\"",
        )],
    );
    let dev = arm_parameters(&[("location", "eastus")]);
    let prod = arm_parameters(&[("location", "eastus")]);
    let dir = tree(&[
        ("main.json", &template),
        ("main.parameters.dev.json", &dev),
        ("main.parameters.prod.json", &prod),
    ]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let named: BTreeSet<String> = report
        .with_code("EU010")
        .iter()
        .flat_map(|d| d.related.iter().map(|r| r.path.clone()))
        .collect();
    assert!(
        named.contains("main.parameters.dev.json") && named.contains("main.parameters.prod.json"),
        "both parameters files put the managed domain in eastus; the report names only {named:?}"
    );
    // "--unsafe-fixes applies all": nothing fixable is left after one run.
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    for (file, original) in [
        ("main.parameters.dev.json", &dev),
        ("main.parameters.prod.json", &prod),
    ] {
        let expected = replace_once(original, "\"eastus\"", "\"westeurope\"");
        assert_same_bytes(
            &std::fs::read(dir.path().join(file)).unwrap(),
            expected.as_bytes(),
            file,
        );
    }
}

#[test]
fn oversized_unrelated_json_is_still_skipped() {
    // A lock file or data file is no ARM template, however large it is.
    let mut lock =
        String::from("{\n  \"name\": \"web\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
    for i in 0..20 {
        lock.push_str(&format!(
            "    \"node_modules/p{i}\": {{ \"version\": \"1.0.{i}\" }},\n"
        ));
    }
    lock.push_str("    \"\": {}\n  }\n}\n");
    let dir = tree(&[
        (".residency.yaml", "max_file_size: 300\n"),
        ("package-lock.json", &lock),
        ("main.tf", "# nothing yet\n"),
    ]);
    assert!(lock.len() > 300);
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert!(
        report.diagnostics.is_empty(),
        "package-lock.json is unrelated JSON and must not fail the check: {:#?}",
        report.diagnostics
    );
}

#[test]
fn fix_moves_the_virtual_network_where_its_location_is_written() {
    let main = "resource \"azurerm_virtual_network\" \"aadds\" {\n  name                = \"aadds-vnet\"\n  location            = \"eastus\" # the network decides\n  resource_group_name = \"aadds\"\n  address_space       = [\"10.0.0.0/16\"]\n}\n\nresource \"azurerm_subnet\" \"aadds\" {\n  name                 = \"aadds\"\n  resource_group_name  = \"aadds\"\n  virtual_network_name = azurerm_virtual_network.aadds.name\n  address_prefixes     = [\"10.0.1.0/24\"]\n}\n\nresource \"azurerm_active_directory_domain_service\" \"dc\" {\n  name                = \"dc\"\n  location            = \"westeurope\"\n  resource_group_name = \"aadds\"\n  domain_name         = \"aadds.contoso.com\"\n  sku                 = \"Standard\"\n\n  initial_replica_set {\n    subnet_id = azurerm_subnet.aadds.id\n  }\n}\n";
    let dir = tree(&[("main.tf", main)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("EU010");
    assert_eq!(d.line, line_of(main, "subnet_id"));
    assert!(
        d.related.iter().any(|r| r.line == 1) && d.related.iter().any(|r| r.line == 3),
        "related shows the VNet and its location: {:#?}",
        d.related
    );
    let edit = &d.fix.as_ref().expect("a fix").edits[0];
    assert_eq!((edit.path.as_str(), edit.line), ("main.tf", 3));
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(main, "\"eastus\"", "\"westeurope\"");
    assert_same_bytes(
        &std::fs::read(dir.path().join("main.tf")).unwrap(),
        expected.as_bytes(),
        "main.tf",
    );
}

#[test]
fn ambiguous_typo_gets_no_safe_fix() {
    // `residency explain EU091`: the fix "is safe when the value cannot have been deployed (a
    // clear typo) and the nearest name is unambiguous". `uknorth` is as close to `uksouth` as to
    // `uaenorth`; `norwaywast` as close to `norwayeast` as to `norwaywest`.
    let doc = residency(Path::new("."), ["explain", "EU091"]).stdout;
    assert!(doc.contains("unambiguous"), "{doc}");
    for typo in ["uknorth", "norwaywast"] {
        let text = tf_domain_services("dc", &format!("\"{typo}\""));
        let dir = tree(&[("main.tf", &text)]);
        let report = residency(dir.path(), ["check", "--format", "json"])
            .expect_code(1)
            .report();
        let d = report.only("EU091");
        if let Some(fix) = &d.fix {
            assert!(
                !fix.safe,
                "`{typo}` is equally close to two regions, yet its fix to `{}` is marked safe",
                fix.edits[0].replacement
            );
        }
        let before = snapshot(dir.path());
        residency(dir.path(), ["check", "--fix"]).expect_code(1);
        assert_eq!(
            snapshot(dir.path()),
            before,
            "--fix guessed a region for `{typo}`"
        );
    }
    // A clear typo is still fixed safely.
    let dir = tree(&[("main.tf", &tf_domain_services("dc", "\"swedencentrl\""))]);
    residency(dir.path(), ["check", "--fix"]).expect_code(0);
}

#[test]
fn a_named_file_is_checked_with_its_project() {
    // `residency check main.tf` (a pre-commit hook passes changed files) must resolve the
    // variable through the module's tfvars, as checking the folder does; likewise a template
    // with its parameters file.
    let main = tf_domain_services("dc", "var.location");
    let template = arm_template(
        "\n    \"location\": { \"type\": \"string\", \"defaultValue\": \"[resourceGroup().location]\" }\n  ",
        &[arm_domain_services(
            "aadds.contoso.com",
            "\"[parameters('location')]\"",
        )],
    );
    let dir = tree(&[
        ("tf/main.tf", &main),
        (
            "tf/variables.tf",
            "variable \"location\" {\n  type = string\n}\n",
        ),
        ("tf/terraform.tfvars", "location = \"eastus\"\n"),
        ("arm/azuredeploy.json", &template),
        (
            "arm/azuredeploy.parameters.json",
            &arm_parameters(&[("location", "eastus")]),
        ),
    ]);
    let folder = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    assert_eq!(folder.codes(), ["EU010", "EU010"]);
    for file in ["tf/main.tf", "arm/azuredeploy.json"] {
        let run = residency(dir.path(), ["check", "--format", "json", file]);
        let report = run.report();
        assert_eq!(
            report.places(),
            folder
                .places()
                .into_iter()
                .filter(|p| p.0 == file)
                .collect::<Vec<_>>(),
            "`check {file}` does not see the values set beside it"
        );
        run.expect_code(1);
    }
}

#[test]
fn utf16_tfvars_is_e002_saying_it_is_not_utf8() {
    // Windows PowerShell 5 `echo ... > terraform.tfvars` writes UTF-16LE with a BOM: the message
    // should name the encoding problem (and the cure, UTF-8), not call the file binary.
    let mut bytes = vec![0xff, 0xfe];
    for unit in "location = \"westeurope\"\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "terraform.tfvars", &bytes);
    write(
        dir.path(),
        "main.tf",
        tf_domain_services("dc", "var.location"),
    );
    write(
        dir.path(),
        "variables.tf",
        "variable \"location\" {\n  type = string\n}\n",
    );
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(1)
        .report();
    let d = report.only("E002");
    assert_eq!(d.path, "terraform.tfvars");
    assert!(
        d.message.contains("UTF-16") || d.message.contains("UTF-8"),
        "the message names the encoding: {}",
        d.message
    );
}

#[test]
fn naming_more_paths_never_hides_a_finding() {
    // `check . gen/azuredeploy.json` reports at least what `check gen/azuredeploy.json` does,
    // even when the folder's .gitignore skips `gen/` during the walk.
    let dir = tree(&[
        (".gitignore", "gen/\n"),
        ("gen/azuredeploy.json", &arm_ds_template("eastus")),
        ("live/azuredeploy.json", &arm_ds_template("westus")),
    ]);
    let alone = residency(
        dir.path(),
        ["check", "--format", "json", "gen/azuredeploy.json"],
    )
    .expect_code(1)
    .report();
    assert_eq!(alone.places().len(), 1);
    let both = residency(
        dir.path(),
        ["check", "--format", "json", ".", "gen/azuredeploy.json"],
    )
    .expect_code(1)
    .report();
    for place in alone.places() {
        assert!(
            both.places().contains(&place),
            "{place:?} is reported by `check gen/azuredeploy.json` but not by `check . gen/azuredeploy.json`: {:?}",
            both.places()
        );
    }
    assert!(both.places().iter().any(|p| p.0 == "live/azuredeploy.json"));
}

#[test]
fn hostile_inputs_never_crash() {
    let deep = 100_000;
    let arm = |resource_tail: &str| {
        format!(
            "{{\"$schema\":\"{TEMPLATE_SCHEMA}\",\"resources\":[{{\"type\":\"Microsoft.AAD/domainServices\",\"apiVersion\":\"2022-12-01\",\"name\":\"x\",{resource_tail}}}]}}\n"
        )
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "deep-json/azuredeploy.json",
            arm(&format!(
                "\"location\":\"eastus\",\"properties\":{}{}",
                "[".repeat(deep),
                "]".repeat(deep)
            )),
        ),
        (
            "deep-expr/azuredeploy.json",
            arm(&format!(
                "\"location\":\"[{}'eastus'{}]\"",
                "concat(".repeat(20_000),
                ")".repeat(20_000)
            )),
        ),
        (
            "cycle/azuredeploy.json",
            format!(
                "{{\"$schema\":\"{TEMPLATE_SCHEMA}\",\"variables\":{{\"a\":\"[variables('b')]\",\"b\":\"[variables('a')]\"}},\"resources\":[{{\"type\":\"Microsoft.AAD/domainServices\",\"name\":\"x\",\"location\":\"[variables('a')]\"}}]}}\n"
            ),
        ),
        (
            "deep-hcl/main.tf",
            format!(
                "resource \"azurerm_active_directory_domain_service\" \"x\" {{\n  location = \"eastus\"\n  tags = {}{}\n}}\n",
                "[".repeat(deep),
                "]".repeat(deep)
            ),
        ),
        (
            "deep-paren/main.tf",
            format!("locals {{\n  x = {}1{}\n}}\n", "(".repeat(deep), ")".repeat(deep)),
        ),
        (
            "deep-object/main.tf",
            format!("locals {{\n  x = {}1{}\n}}\n", "{a=".repeat(deep / 2), "}".repeat(deep / 2)),
        ),
        (
            "cycle-hcl/main.tf",
            "locals {\n  a = local.b\n  b = local.a\n}\nresource \"azurerm_active_directory_domain_service\" \"x\" {\n  location = local.a\n}\n".to_string(),
        ),
        (
            "heredoc/main.tf",
            "resource \"azurerm_active_directory_domain_service\" \"x\" {\n  location = <<EOF\neastus\n".to_string(),
        ),
        ("template/main.tf", "locals {\n  a = \"${\n".to_string()),
        ("quote/main.tf", "\"".to_string()),
        ("brace/main.tf", "{".to_string()),
        ("cr-only/main.tf", "resource \"azurerm_active_directory_domain_service\" \"x\" {\r  location = \"eastus\"\r}\r".to_string()),
        ("tfvars/terraform.tfvars", "location = \n= = \"\n".to_string()),
        ("params/x.parameters.json", format!("{{\"$schema\":\"{PARAMETERS_SCHEMA}\",\"parameters\":{{\"a\":{{\"value\":")),
        ("tfjson/main.tf.json", "{\"resource\": [1, {\"x\": ".to_string()),
    ];
    for (path, text) in &cases {
        let dir = tree(&[(path, text)]);
        let run = residency_within(
            dir.path(),
            ["check", "--format", "json"],
            Duration::from_secs(60),
        );
        assert!(
            run.code == 0 || run.code == 1,
            "{path}: exit {}\n{}",
            run.code,
            run.stderr
        );
        run.report();
    }
}

#[test]
fn suppressed_or_disabled_findings_are_not_fixed() {
    let suppressed = arm_template(
        "",
        &[arm_domain_services(
            "aadds.contoso.com",
            "\"westeurpe\", // residency-ignore: EU091 -- matches the legacy naming on purpose",
        )],
    )
    .replace("purpose,", "purpose");
    let dir = tree(&[("azuredeploy.json", &suppressed)]);
    let report = residency(dir.path(), ["check", "--format", "json"])
        .expect_code(0)
        .report();
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let before = snapshot(dir.path());
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a suppressed finding was fixed"
    );

    let dir = tree(&[
        ("azuredeploy.json", &arm_ds_template("westeurpe")),
        (".residency.yaml", "rules:\n  EU091: off\n"),
    ]);
    let before = snapshot(dir.path());
    residency(dir.path(), ["check", "--fix"]).expect_code(0);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a disabled rule's fix was applied"
    );
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
    assert_eq!(report.diagnostics.len(), 72);
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

#[test]
fn a_region_fix_never_proposes_a_region_outside_the_boundary() {
    // `preferred_region: uksouth` is inside `europe` but outside `eu-data-boundary`, and the
    // default `westeurope` is outside a custom boundary of `germanywestcentral`: the EU010 fix
    // must not move the managed domain somewhere still flagged (`uksouth` would even be
    // "fixed" to `uksouth` on every run). A configuration error naming `preferred_region` is
    // an acceptable answer too.
    for (config, flag, region) in [
        ("preferred_region: uksouth\n", true, "uksouth"),
        (
            "boundary: eu-data-boundary\npreferred_region: uksouth\n",
            false,
            "uksouth",
        ),
        (
            "boundary: custom\nallowed_regions: [germanywestcentral]\n",
            false,
            "eastus",
        ),
    ] {
        let dir = tree(&[
            (
                "main.tf",
                &tf_domain_services("dc", &format!("\"{region}\"")),
            ),
            (".residency.yaml", config),
        ]);
        let mut args = vec!["check", "--format", "json"];
        if flag {
            args.extend(["--boundary", "eu-data-boundary"]);
        }
        let run = residency(dir.path(), &args);
        if run.code == 2 {
            assert!(run.stderr.contains("preferred_region"), "{}", run.stderr);
            continue;
        }
        let report = run.report();
        let d = report.only("EU010");
        let Some(fix) = &d.fix else { continue };
        let to = fix.edits[0].replacement.trim_matches('"').to_string();
        args.extend(["--fix", "--unsafe-fixes"]);
        let after = residency(dir.path(), &args).report();
        assert!(
            after.with_code("EU010").is_empty(),
            "{config:?} (--boundary flag: {flag}): the fix `{}` moves `{region}` to `{to}`, still outside the boundary",
            fix.title
        );
    }
}

#[test]
fn baseline_reports_only_new_findings() {
    let main = tf_domain_services("dc", "\"eastus\"");
    let dir = tree(&[("main.tf", &main)]);
    // Recording accepts today's findings: exit 0.
    residency(dir.path(), ["check", "--write-baseline", "baseline.json"]).expect_code(0);
    assert!(dir.path().join("baseline.json").is_file());
    // Moving the finding to another line keeps it known.
    let moved = format!("# a comment that moves everything down\n\n{main}");
    std::fs::write(dir.path().join("main.tf"), &moved).unwrap();
    let report = residency(
        dir.path(),
        ["check", "--format", "json", "--baseline", "baseline.json"],
    )
    .expect_code(0)
    .report();
    assert!(report.codes().is_empty(), "{:?}", report.codes());
    // A new resource outside Europe is new.
    let more = format!("{moved}\n{}", tf_domain_services("dc2", "\"westus\""));
    std::fs::write(dir.path().join("main.tf"), more).unwrap();
    let report = residency(
        dir.path(),
        ["check", "--format", "json", "--baseline", "baseline.json"],
    )
    .expect_code(1)
    .report();
    assert_eq!(report.codes(), ["EU010"]);
    // A baseline that is not one is a usage error naming the file.
    std::fs::write(dir.path().join("bad.json"), "[]").unwrap();
    let run = residency(dir.path(), ["check", "--baseline", "bad.json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("bad.json"), "{}", run.stderr);
}
