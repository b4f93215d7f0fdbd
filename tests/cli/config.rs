//! Boundaries and `.residency.yaml`: discovery from the checked files upwards, `--config`, rules, exclusions, custom boundaries.

use crate::cli_support::*;

#[test]
fn eu_data_boundary_flags_a_europe_b2c_tenant_in_gb() {
    let text = arm_b2c_template("uk.onmicrosoft.com", "Europe", "GB");
    let dir = tree(&[("azuredeploy.json", &text)]);
    let report = check_json(dir.path(), &[], 0);
    assert!(
        report.codes().is_empty(),
        "GB is fine under the default `europe` boundary (and EU003 is off by default)"
    );

    let report = check_json(dir.path(), &["--boundary", "eu-data-boundary"], 0);
    assert_eq!(report.codes(), ["EU002"]);
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
        &arm_b2c_template("de.onmicrosoft.com", "Europe", "DE"),
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
    assert!(
        report.codes().is_empty(),
        "DE is in the EU: {:?}",
        report.codes()
    );
}

#[test]
fn uksouth_domain_services_is_outside_only_the_eu_data_boundary() {
    let dir = tree(&[("azuredeploy.json", &arm_ds_template("uksouth"))]);
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let report = check_json(dir.path(), &["--boundary", "europe"], 0);
    assert!(report.diagnostics.is_empty());
    let report = check_json(dir.path(), &["--boundary", "eu-data-boundary"], 1);
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
        (rel, &arm_b2c_template("uk.onmicrosoft.com", "Europe", "GB")),
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
    let report = check_json(&nested.join("dc"), &["azuredeploy.json"], 1);
    assert_eq!(report.codes(), ["EU010"]);
    // Without the configuration: no EU002, and uksouth is in Europe.
    std::fs::remove_file(dir.path().join(".residency.yaml")).unwrap();
    let report = check_json(&nested, &[], 0);
    assert!(report.codes().is_empty(), "{:?}", report.codes());
}

#[test]
fn nearest_config_wins() {
    let dir = tree(&[
        (".residency.yaml", "boundary: eu-data-boundary\n"),
        ("eu/azuredeploy.json", &arm_ds_template("uksouth")),
        ("uk/azuredeploy.json", &arm_ds_template("uksouth")),
        ("uk/.residency.yaml", "boundary: europe\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
    let line = line_of(&arm_ds_template("uksouth"), "\"uksouth\"");
    assert_eq!(
        report.places(),
        [place("eu/azuredeploy.json", line, "EU010")]
    );
}

#[test]
fn rules_config_silences_or_raises_a_rule() {
    let text = arm_b2c_template("de.onmicrosoft.com", "Europe", "DE");
    let dir = tree(&[("azuredeploy.json", &text)]);
    // EU003 is off by default; a configuration turns it on.
    let report = check_json(dir.path(), &[], 0);
    assert!(report.codes().is_empty(), "{:?}", report.codes());
    write(dir.path(), ".residency.yaml", "rules: {EU003: info}\n");
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(report.codes(), ["EU003"]);

    write(dir.path(), ".residency.yaml", "rules: {EU003: off}\n");
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    residency(dir.path(), ["check", "--fail-on", "info"]).expect_code(0);

    write(dir.path(), ".residency.yaml", "rules:\n  EU003: error\n");
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 1);
    let line = line_of(&arm_ds_template("eastus2"), "\"eastus2\"");
    assert_eq!(report.places(), [place("live/dc.json", line, "EU010")]);
    assert_eq!(report.files_checked, 2);
    // Relative to the configuration's folder, wherever the check runs from.
    let report = check_json(&dir.path().join("legacy"), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    // The fixture is flagged once the exclusion is gone.
    write(dir.path(), ".residency.yaml", "");
    let report = residency(dir.path(), ["check", "--format", "json"]).report();
    assert_eq!(report.with_code("EU010").len(), 3);
}

#[test]
fn custom_boundary_from_allowed_regions() {
    let dir = tree(&[
        (".residency.yaml", "boundary: custom\nallowed_regions: [westeurope, germanywestcentral]\npreferred_region: germanywestcentral\n"),
        ("a/azuredeploy.json", &arm_ds_template("northeurope")),
        ("b/azuredeploy.json", &arm_ds_template("Germany West Central")),
    ]);
    let report = check_json(dir.path(), &[], 1);
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
fn config_discovery_through_dotdot_paths_uses_only_ancestors() {
    // root/tools/.residency.yaml belongs to root/tools, not to root/infra: its boundary would
    // flag the GB tenant (EU002). The root's turns EU003 on, for a finding to look at.
    let dir = tree(&[
        (
            "infra/azuredeploy.json",
            &arm_b2c_template("uk.onmicrosoft.com", "Europe", "GB"),
        ),
        ("tools/.residency.yaml", "boundary: eu-data-boundary\n"),
        (".residency.yaml", "rules:\n  EU003: info\n"),
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
            &arm_b2c_template("de.onmicrosoft.com", "Europe", "DE"),
        ),
        (".residency.yaml", "boundary: [\n"),
        ("ci/residency.yaml", "rules:\n  EU003: error\n"),
    ]);
    residency(dir.path(), ["check"]).expect_code(2);
    let report = check_json(dir.path(), &["--config", "ci/residency.yaml"], 1);
    assert_eq!(report.only("EU003").severity, "error");
}

#[test]
fn eu_data_boundary_in_terraform() {
    let text = tf_b2c("uk", "Europe", "GB");
    let dir = tree(&[
        ("main.tf", &text),
        (".residency.yaml", "rules: {EU003: off}\n"),
    ]);
    let report = check_json(dir.path(), &[], 0);
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

/// A Graph JSON export is a snapshot of the tenant's live state: its findings are information,
/// unless `.residency.yaml` sets the rule's level (the project treats the export as source).
/// A UTCM baseline is desired state and keeps the rule's own level.
#[test]
fn graph_exports_report_information_unless_configured() {
    let export = r##"{"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration", "id": "Sms", "state": "enabled"}"##;
    let baseline = r#"{"resources": [{"resourceType": "microsoft.entra.AuthenticationMethodPolicySms", "properties": {"Id": "Sms", "State": "enabled"}}]}"#;
    let dir = tree(&[("SMS.json", export), ("baseline.json", baseline)]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(report.codes(), ["EU020", "EU020"]);
    let severity = |r: &Report, file: &str| {
        r.diagnostics
            .iter()
            .find(|d| d.path.ends_with(file))
            .unwrap()
            .severity
            .clone()
    };
    assert_eq!(severity(&report, "SMS.json"), "info");
    assert_eq!(severity(&report, "baseline.json"), "warning");

    std::fs::write(
        dir.path().join(".residency.yaml"),
        "rules:\n  EU020: error\n",
    )
    .unwrap();
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(severity(&report, "SMS.json"), "error");
}
