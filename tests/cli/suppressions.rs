//! `residency-ignore` and `residency-ignore-file` comments in ARM and Terraform, with and without a reason.

use crate::cli_support::*;

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
        let report = check_json(dir.path(), &[], 0);
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
    let report = check_json(other.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010"]);
    let far = ds_with_comment("// residency-ignore: EU010 -- too far\n", "");
    let far_dir = tree(&[("azuredeploy.json", &far)]);
    let report = check_json(far_dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010"]);
}

#[test]
fn suppression_without_reason_silences_and_is_reported() {
    let text = ds_with_comment("// residency-ignore: EU010", "");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(report.codes(), ["E003"]);
    let d = report.only("E003");
    assert_eq!(d.line, line_of(&text, "residency-ignore"));
    assert_eq!(d.severity, "warning");
    assert_eq!(d.name, "unexplained-suppression");
    residency(dir.path(), ["check", "--fail-on", "warning"]).expect_code(1);

    // An unknown code is reported too, and silences nothing.
    let text = ds_with_comment("// residency-ignore: EU999 -- typo in the code", "");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = check_json(dir.path(), &[], 1);
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
    // EU003 is off by default: turned on, for the comment to silence it.
    let dir = tree(&[
        ("azuredeploy.json", &text),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
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
    let dir = tree(&[
        ("main.tf", &text),
        (".residency.yaml", "rules:\n  EU003: info\n"),
    ]);
    let report = check_json(dir.path(), &[], 0);
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
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU003", "EU010", "EU010"]);
}
