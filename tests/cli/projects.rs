//! Files checked together: a template with its parameters files, a module with its tfvars (in Terraform's order), a named file with its project.

use std::collections::BTreeSet;

use crate::cli_support::*;

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
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.codes(),
        ["EU010"],
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
    assert_eq!(e.span_in(&prod).trim_matches('"'), "eastus");
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
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // Among *.auto.tfvars, lexical order: the last one wins.
    let dir = tfvars_module(&[
        ("terraform.tfvars", "location = \"westeurope\"\n"),
        ("a.auto.tfvars", "location = \"northeurope\"\n"),
        ("b.auto.tfvars", "location = \"eastus\"\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // Only terraform.tfvars: its value is used (not unknown: no EU090).
    let dir = tfvars_module(&[("terraform.tfvars", "location = \"eastus\"\n")]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010"]);
    // No tfvars at all: not provable.
    let dir = tfvars_module(&[]);
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(report.codes(), ["EU090"]);
}

#[test]
fn terraform_end_to_end_default_folder() {
    let dir = tree(&[
        ("live/main.tf", &format!("{}\n{}", tf_b2c("us", "United States", "US"), tf_domain_services("ok", "\"West Europe\""))),
        ("live/dc.tf.json", "{\n  \"resource\": {\n    \"azurerm_active_directory_domain_service\": {\n      \"dc\": {\n        \"name\": \"dc\",\n        \"location\": \"brazilsouth\",\n        \"resource_group_name\": \"aadds\",\n        \"domain_name\": \"aadds.contoso.com\",\n        \"sku\": \"Standard\"\n      }\n    }\n  }\n}\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.places(),
        [
            place("live/dc.tf.json", 6, "EU010"),
            place("live/main.tf", 3, "EU001"),
        ]
    );
}

#[test]
fn tfvars_json_is_loaded_after_tfvars() {
    let dir = tfvars_module(&[
        ("terraform.tfvars", "location = \"westeurope\"\n"),
        ("terraform.tfvars.json", "{ \"location\": \"eastus\" }\n"),
    ]);
    let report = check_json(dir.path(), &[], 1);
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
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
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
    let report = check_json(dir.path(), &[], 1);
    let line = line_of(&tf_domain_services("live", "var.location"), "var.location");
    assert_eq!(report.places(), [place("live/main.tf", line, "EU010")]);
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
    let report = check_json(dir.path(), &[], 1);
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
    let folder = check_json(dir.path(), &[], 1);
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

/// A template `bicep build` compiled beside its source reports the same facts: once, on the
/// `.bicep` file. Alone, or named on its own, it is checked.
#[test]
fn compiled_bicep_beside_its_source_is_reported_once() {
    let bicep = "param location string = 'eastus'\n\nresource domain 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'aadds.contoso.com'\n  location: location\n  properties: {\n    domainName: 'aadds.contoso.com'\n  }\n}\n";
    let compiled = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": { "_generator": { "name": "bicep", "version": "0.30.23.60470", "templateHash": "1" } },
  "parameters": { "location": { "type": "string", "defaultValue": "eastus" } },
  "resources": [
    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "aadds.contoso.com",
      "location": "[parameters('location')]",
      "properties": { "domainName": "aadds.contoso.com" }
    }
  ]
}
"#;
    let dir = tree(&[("main.bicep", bicep), ("main.json", compiled)]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.places(),
        [place("main.bicep", 5, "EU010")],
        "{:#?}",
        report.diagnostics
    );
    // Named on its own, the compiled template is what the user asked about.
    let report = check_json(dir.path(), &["main.json"], 1);
    assert_eq!(report.places(), [place("main.json", 11, "EU010")]);
    // Without its source, it is checked as any template; a hand-written template beside a
    // Bicep file of the same name is not a compiled copy.
    std::fs::remove_file(dir.path().join("main.bicep")).unwrap();
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.places(), [place("main.json", 11, "EU010")]);
    write(dir.path(), "main.bicep", bicep);
    write(
        dir.path(),
        "main.json",
        compiled.replace("\"bicep\"", "\"handwritten\""),
    );
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        report.places(),
        [
            place("main.bicep", 5, "EU010"),
            place("main.json", 11, "EU010")
        ]
    );
}
