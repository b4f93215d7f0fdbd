//! The JSON report: its keys, paths relative as given, 1-based columns in Unicode scalar values.

use std::collections::BTreeSet;
use std::path::Path;

use crate::cli_support::*;

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
        BTreeSet::from([
            "version",
            "files_checked",
            "unknown_locations",
            "diagnostics",
            "suppressed"
        ])
    );
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["suppressed"], serde_json::json!([]));
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
        "notes",
    ];
    for d in diagnostics {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        for key in required {
            assert!(keys.contains(key), "`{key}` missing in {d:#}");
        }
        let allowed: BTreeSet<&str> = required
            .iter()
            .copied()
            .chain(["help", "fix", "related", "context"])
            .collect();
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
        // The headline, the why (a list of sentences) and, when given, the help.
        assert!(!d["message"].as_str().unwrap().contains('\n'), "{d:#}");
        assert!(
            d["notes"]
                .as_array()
                .is_some_and(|n| n.iter().all(serde_json::Value::is_string)),
            "{d:#}"
        );
        assert!(
            d.get("help").is_none_or(serde_json::Value::is_string),
            "{d:#}"
        );
    }

    let report = run.report();
    let eu091 = report.only("EU091");
    assert_eq!(eu091.path, "infra/typo/azuredeploy.json");
    assert_eq!(eu091.name, "unknown-region");
    assert_eq!(eu091.severity, "error");
    assert_eq!(eu091.line, line_of(&typo, "westeurpe"));
    assert!(
        eu091
            .help
            .as_deref()
            .is_some_and(|h| h.contains("westeurope")),
        "did-you-mean: {:?}",
        eu091.help
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
    assert_eq!(eu010.span_in(&us).trim_matches('"'), "eastus");
    let fix = eu010.fix.as_ref().expect("EU010 has a fix");
    assert!(!fix.safe, "moving a region re-creates the resource: unsafe");
    assert_eq!(fix.edits[0].replacement.trim_matches('"'), "westeurope");

    // A finding without a fix has no `fix` key at all.
    let info = tree(&[
        (
            "azuredeploy.json",
            &arm_b2c_template("contoso.onmicrosoft.com", "Europe", "DE"),
        ),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ]);
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
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.line, 8);
    // `      /* café 日本 */ "name": "aadds-日本", "location": ` is 52 characters (62 bytes).
    assert_eq!(d.column, 53, "column counts characters, not bytes");
    assert_eq!(d.end_column, 61);
    assert_eq!(d.span_in(&text), "\"eastus\"");
    let edit = &d.fix.as_ref().unwrap().edits[0];
    let covered = edit.span_in(&text);
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
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.line, 4);
    // `  /* café 日本 😀 */ location = ` is 29 characters (38 bytes).
    let covered = d.span_in(text);
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
