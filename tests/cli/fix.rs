//! `--fix` and `--unsafe-fixes`: which fixes apply, which file they rewrite, every other byte kept, and no file written without `--fix`.

use std::path::Path;
use std::time::Duration;

use crate::cli_support::*;

/// A CRLF template with a typo (EU091, safe fix), a US managed domain (EU010, unsafe) and a US
/// B2C tenant (EU001, unsafe), comments on the values' lines and at the end.
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
    let before = check_json(dir.path(), &[], 1);
    assert_eq!(
        before.codes(),
        ["EU001", "EU010", "EU091"],
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
    assert_eq!(run.report().codes(), ["EU001", "EU010"]);
    // And so does the next run.
    let second = check_json(dir.path(), &[], 1);
    assert_eq!(second.codes(), ["EU001", "EU010"]);
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
    // Nothing remains.
    run.expect_code(0);
    assert!(run.report().codes().is_empty());
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
    let second = check_json(dir.path(), &[], 0);
    assert!(second.codes().is_empty(), "{:?}", second.codes());
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
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 0);
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
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "main.tf");
    assert_eq!(d.line, line_of(&main, "var.location"));
    let fix = d.fix.as_ref().expect("EU010 has a fix");
    let edits = &fix.edits;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].path, "terraform.tfvars");
    // The title says where the edit is, since it is not the finding's line.
    assert!(
        fix.title.ends_with(", in `terraform.tfvars` line 2"),
        "{}",
        fix.title
    );
    assert!(
        d.related.iter().any(|r| r.path == "terraform.tfvars"),
        "related names the tfvars: {:#?}",
        d.related
    );

    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    assert_file(dir.path(), "main.tf", main.as_bytes());
    assert_file(dir.path(), "variables.tf", variables.as_bytes());
    let expected = replace_once(tfvars, "\"eastus\"", "\"westeurope\"");
    assert_file(dir.path(), "terraform.tfvars", expected.as_bytes());
}

#[test]
fn safe_fix_in_terraform_keeps_every_other_byte() {
    let main = format!(
        "{}\r\n{}",
        tf_domain_services("typo", "\"westeurpe\" # typo, café").replace('\n', "\r\n"),
        tf_domain_services("us", "\"eastus\"").replace('\n', "\r\n"),
    );
    let dir = tree(&[("main.tf", &main)]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010", "EU091"]);
    let run = residency(dir.path(), ["check", "--fix", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.report().codes(), ["EU010"]);
    let expected = replace_once(&main, "\"westeurpe\"", "\"westeurope\"");
    assert_file(dir.path(), "main.tf", expected.as_bytes());
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
    let report = check_json(dir.path(), &[], 1);
    let fix = report.only("EU010").fix.clone().unwrap();
    assert_eq!(fix.edits[0].replacement.trim_matches('"'), "northeurope");
    assert!(fix.title.contains("northeurope"), "{}", fix.title);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(&original, "\"eastus\"", "\"northeurope\"");
    assert_file(dir.path(), "azuredeploy.json", expected.as_bytes());

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
    let report = check_json(dir.path(), &[], 1);
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
    assert_file(dir.path(), "azuredeploy.json", expected.as_bytes());
}

#[test]
fn fix_rewrites_a_variable_default_in_the_style_written() {
    let main = tf_domain_services("dc", "var.location");
    let variables =
        "variable \"location\" {\n  type    = string\n  default = \"East US\" # display name\n}\n";
    let dir = tree(&[("main.tf", &main), ("variables.tf", variables)]);
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "main.tf");
    let edit = &d.fix.as_ref().unwrap().edits[0];
    assert_eq!((edit.path.as_str(), edit.line), ("variables.tf", 3));
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    assert_file(dir.path(), "main.tf", main.as_bytes());
    let expected = replace_once(variables, "\"East US\"", "\"West Europe\"");
    assert_file(dir.path(), "variables.tf", expected.as_bytes());

    // With a preferred region, in the same style.
    let dir = tree(&[
        ("main.tf", &main),
        ("variables.tf", variables),
        (".residency.yaml", "preferred_region: swedencentral\n"),
    ]);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(variables, "\"East US\"", "\"Sweden Central\"");
    assert_file(dir.path(), "variables.tf", expected.as_bytes());
}

#[test]
fn terraform_json_fix_is_byte_exact() {
    let text = "{\n  \"resource\": {\n    \"azurerm_active_directory_domain_service\": {\n      \"dc\": {\n        \"name\": \"dc\",\n        \"location\": \"Brazil South\",\n        \"resource_group_name\": \"aadds\",\n        \"domain_name\": \"aadds.contoso.com\",\n        \"sku\": \"Standard\"\n      }\n    }\n  }\n}\n";
    let dir = tree(&[("dc.tf.json", text)]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.only("EU010").line, 6);
    residency(dir.path(), ["check", "--fix", "--unsafe-fixes"]).expect_code(0);
    let expected = replace_once(text, "\"Brazil South\"", "\"West Europe\"");
    assert_file(dir.path(), "dc.tf.json", expected.as_bytes());
}

#[test]
fn fix_moves_the_virtual_network_where_its_location_is_written() {
    let main = "resource \"azurerm_virtual_network\" \"aadds\" {\n  name                = \"aadds-vnet\"\n  location            = \"eastus\" # the network decides\n  resource_group_name = \"aadds\"\n  address_space       = [\"10.0.0.0/16\"]\n}\n\nresource \"azurerm_subnet\" \"aadds\" {\n  name                 = \"aadds\"\n  resource_group_name  = \"aadds\"\n  virtual_network_name = azurerm_virtual_network.aadds.name\n  address_prefixes     = [\"10.0.1.0/24\"]\n}\n\nresource \"azurerm_active_directory_domain_service\" \"dc\" {\n  name                = \"dc\"\n  location            = \"westeurope\"\n  resource_group_name = \"aadds\"\n  domain_name         = \"aadds.contoso.com\"\n  sku                 = \"Standard\"\n\n  initial_replica_set {\n    subnet_id = azurerm_subnet.aadds.id\n  }\n}\n";
    let dir = tree(&[("main.tf", main)]);
    let report = check_json(dir.path(), &[], 1);
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
    assert_file(dir.path(), "main.tf", expected.as_bytes());
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
        let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 0);
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
fn a_fix_that_moves_other_resources_too_says_which() {
    let main = format!(
        "{}\nresource \"azurerm_storage_account\" \"logs\" {{\n  name     = \"logs\"\n  location = var.location\n}}\n\nresource \"azurerm_log_analytics_workspace\" \"siem\" {{\n  name     = \"siem\"\n  location = var.location\n}}\n\nresource \"azurerm_storage_account\" \"fixed\" {{\n  name     = \"fixed\"\n  location = \"eastus\"\n}}\n",
        tf_domain_services("example", "var.location")
    );
    let dir = tree(&[
        ("main.tf", &main),
        ("variables.tf", "variable \"location\" {}\n"),
        ("terraform.tfvars", "location = \"eastus\"\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
    let title = &report.only("EU010").fix.as_ref().expect("a fix").title;
    assert!(
        title.ends_with(
            "; also moves `azurerm_log_analytics_workspace.siem` and `azurerm_storage_account.logs`"
        ) || title.ends_with(
            "; also moves `azurerm_storage_account.logs` and `azurerm_log_analytics_workspace.siem`"
        ),
        "{title}"
    );
    // The account whose own literal is not the edited value is not moved.
    assert!(!title.contains("fixed"), "{title}");
}
