//! Half-typed and broken files: E001 where the error is, the rest still checked; hostile inputs never crash.

use std::time::Duration;

use crate::cli_support::*;

#[test]
fn half_typed_terraform_reports_e001_and_still_checks_the_rest() {
    let text = "resource \"azurerm_active_directory_domain_service\" \"half_typed\" {\n  name     = \"example-aadds\"\n  location = \"eastus\"\n  sku      =\n}\n";
    let dir = tree(&[("main.tf", text)]);
    let report = check_json(dir.path(), &[], 1);
    let e001 = report.with_code("E001");
    assert!(!e001.is_empty(), "{:#?}", report.diagnostics);
    assert!(
        e001.iter().all(|d| d.line == 4),
        "the syntax error is on the `sku =` line: {e001:#?}"
    );
    let eu010 = report.only("EU010");
    assert_eq!(eu010.line, 3);
    assert_eq!(eu010.span_in(text).trim_matches('"'), "eastus");
    // The fix still applies to a half-typed file, and only to the value.
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(1);
    let expected = replace_once(text, "\"eastus\"", "\"westeurope\"");
    assert_file(dir.path(), "main.tf", expected.as_bytes());
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["E001"]);
}

#[test]
fn half_typed_arm_reports_e001_and_still_checks_the_rest() {
    // A missing comma after the location: the template is still checked.
    let text = arm_ds_template("eastus").replace("\"eastus\",", "\"eastus\" // oops\n");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(orphan.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 1);
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

/// Most E001 a file reports: the parsers' cap (`syntax::MAX_ERRORS`) and the one error that says
/// how many more there were.
const MAX_E001_PER_FILE: usize = 201;

/// Files of junk under the size limit: every parser keeps at most 200 syntax errors and a run
/// of bad characters is one error, so each is checked in bounded time and memory (before, the
/// Bicep lexer kept one error per character: 9,000,000 quotes ran out of memory).
#[test]
fn junk_files_report_a_bounded_number_of_syntax_errors() {
    let cases: Vec<(&str, String, bool)> = vec![
        // (file, contents, whether the cap is reached)
        ("quotes/main.bicep", "\"".repeat(600_000), false),
        ("holes/main.bicep", "${".repeat(500_000), true),
        ("emoji/main.bicep", "\u{1F600}".repeat(2_000_000), false),
        ("many-quotes/main.bicep", "\"".repeat(9_000_000), false),
        (
            "backslashes/main.bicepparam",
            format!("param x{}", "\\".repeat(4_000_000)),
            false,
        ),
        ("lines/main.bicep", "\"\n".repeat(300_000), true),
        (
            "json/azuredeploy.json",
            format!(
                "{{\"$schema\":\"{TEMPLATE_SCHEMA}\",{}}}",
                "1:".repeat(300_000)
            ),
            true,
        ),
        ("hcl/main.tf", "$\n".repeat(300_000), true),
        (
            "yaml/Pulumi.yaml",
            format!("name: x\nruntime: yaml\n{}", "name: y\n".repeat(300_000)),
            true,
        ),
    ];
    for (path, text, capped) in &cases {
        let dir = tree(&[(path, text)]);
        let run = residency(dir.path(), ["check", "--format", "json"]);
        assert_eq!(run.code, 1, "{path}: exit {}\n{}", run.code, run.stderr);
        let report = run.report();
        let e001 = report.with_code("E001");
        assert!(!e001.is_empty(), "{path}: no E001");
        assert!(
            e001.len() <= MAX_E001_PER_FILE,
            "{path}: {} syntax errors, more than {MAX_E001_PER_FILE}",
            e001.len()
        );
        let summary = e001
            .iter()
            .filter(|d| d.message.contains("too many syntax errors"))
            .count();
        if *capped {
            assert_eq!(e001.len(), MAX_E001_PER_FILE, "{path}");
            assert_eq!(summary, 1, "{path}: {:#?}", e001.last());
        } else {
            assert_eq!(summary, 0, "{path}: {:#?}", e001.last());
        }
    }
}

/// A Bicep module made of junk does not stall the small parameters file that uses it.
#[test]
fn junk_bicep_module_does_not_stall_its_parameters_file() {
    let dir = tree(&[
        ("main.bicep", &"\"".repeat(2_000_000)),
        (
            "main.bicepparam",
            "using 'main.bicep'\nparam location = 'westeurope'\n",
        ),
    ]);
    let report = check_json(dir.path(), &[], 1);
    assert!(
        report.diagnostics.len() <= 2 * MAX_E001_PER_FILE,
        "{}",
        report.diagnostics.len()
    );
    let quote_run = report
        .with_code("E001")
        .into_iter()
        .find(|d| d.path.ends_with("main.bicep"))
        .expect("an E001 in main.bicep");
    assert_eq!(
        quote_run.message,
        "2000000 unexpected characters, starting with '\"'"
    );
}
