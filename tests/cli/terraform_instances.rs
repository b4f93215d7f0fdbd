//! Terraform `count` and `for_each` in real projects: a module called once per key of a map,
//! a module switched off by `count = 0`, one instance read by key (`module.x["k"].id`), and
//! JSON files that `templatefile()` renders (their placeholders are unknown, never "not a
//! region" and never a syntax error).

use crate::cli_support::*;
use crate::project_fixtures::TERRAFORM_DOMAIN_MODULE;

const B2C_MODULE: &str = r#"variable "residency" {
  type = string
}

resource "azurerm_aadb2c_directory" "this" {
  data_residency_location = var.residency
  domain_name             = "contoso.onmicrosoft.com"
  resource_group_name     = "rg"
  sku_name                = "PremiumP1"
}
"#;

fn root(regions: &str, legacy: bool) -> String {
    format!(
        r#"variable "regions" {{
  default = {regions}
}}

module "domain" {{
  for_each = var.regions
  source   = "./modules/domain"
  location = each.value
}}

module "legacy" {{
  count    = {count}
  source   = "./modules/domain"
  location = "centralus"
}}

# The B2C tenant follows the location of one instance, read by its key.
module "b2c" {{
  source    = "./modules/b2c"
  residency = module.domain["primary"].location == "westeurope" ? "Europe" : "United States"
}}
"#,
        count = if legacy { "1" } else { "0" }
    )
}

fn project(regions: &str, legacy: bool) -> tempfile::TempDir {
    tree(&[
        ("main.tf", &root(regions, legacy)),
        ("modules/domain/main.tf", TERRAFORM_DOMAIN_MODULE),
        ("modules/b2c/main.tf", B2C_MODULE),
    ])
}

fn findings(report: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code != "EU003")
        .map(|d| {
            let subject = d.message.split('`').nth(1).unwrap_or("").to_string();
            (d.code.clone(), subject)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_module_with_for_each_is_one_instance_per_key() {
    let dir = project(r#"{ primary = "westeurope", secondary = "eastus" }"#, false);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        findings(&report),
        vec![(
            "EU010".to_string(),
            r#"module.domain["secondary"].azurerm_active_directory_domain_service.this"#
                .to_string()
        )]
    );
    let d = &report
        .diagnostics
        .iter()
        .find(|d| d.code == "EU010")
        .unwrap();
    assert!(d.path.ends_with("modules/domain/main.tf"), "{}", d.path);
    assert!(
        d.related
            .iter()
            .any(|r| r.message == r#"each.value of module `domain["secondary"]`"#),
        "the caller and key that gave the value: {:?}",
        d.related
    );
    let caller = d.context.as_ref().and_then(|c| c.caller.as_deref());
    assert_eq!(caller, Some("."), "the JSON names the calling folder");
}

#[test]
fn an_instance_read_by_key_and_a_module_switched_on() {
    // The primary instance is in the US now: the B2C tenant that follows it too, and the
    // legacy module is created.
    let dir = project(r#"{ primary = "eastus", secondary = "westeurope" }"#, true);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(
        findings(&report),
        vec![
            (
                "EU001".to_string(),
                "module.b2c.azurerm_aadb2c_directory.this".to_string()
            ),
            (
                "EU010".to_string(),
                r#"module.domain["primary"].azurerm_active_directory_domain_service.this"#
                    .to_string()
            ),
            (
                "EU010".to_string(),
                "module.legacy[0].azurerm_active_directory_domain_service.this".to_string()
            ),
        ]
    );
}

#[test]
fn a_map_of_european_regions_is_clean() {
    let dir = project(
        r#"{ primary = "westeurope", secondary = "northeurope" }"#,
        false,
    );
    let report = check_json(dir.path(), &[], 0);
    assert_eq!(findings(&report), Vec::<(String, String)>::new());
}

#[test]
fn an_unknown_for_each_says_why() {
    let text = root("null", false).replace("  default = null\n", "  type = map(string)\n");
    let dir = tree(&[
        ("main.tf", &text),
        ("modules/domain/main.tf", TERRAFORM_DOMAIN_MODULE),
        ("modules/b2c/main.tf", B2C_MODULE),
    ]);
    let report = check_json(dir.path(), &[], 0);
    let eu090 = report
        .diagnostics
        .iter()
        .find(|d| d.code == "EU090" && d.message.contains("the managed domain's location"))
        .expect("the managed domain cannot be proven");
    assert!(
        eu090.text().contains(
            "each.key and each.value differ between the instances of module `domain` \
             (for_each is not known: variable `regions` has no default and no tfvars sets it)"
        ),
        "{}",
        eu090.text()
    );
}

const TEMPLATE_JSON: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    %{ for name in names }
    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "${name}",
      "location": "${location}",
      "properties": {
        "domainName": "aadds.contoso.com",
        "replicaSets": [ { "location": "${location}", "subnetId": "x" } ],
        "notificationSettings": { "additionalRecipients": ${jsonencode(recipients)} }
      }
    }
    %{ endfor }
  ]
}
"#;

#[test]
fn a_json_file_rendered_by_templatefile_has_unknown_placeholders() {
    let dir = tree(&[
        (
            "main.tf",
            r#"resource "azurerm_resource_group_template_deployment" "aadds" {
  name                = "aadds"
  resource_group_name = "rg"
  deployment_mode     = "Incremental"
  template_content    = templatefile("${path.module}/aadds.json", { location = "westeurope", names = ["a"], recipients = [] })
}
"#,
        ),
        ("aadds.json", TEMPLATE_JSON),
    ]);
    let report = check_json(dir.path(), &[], 0);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    // One per value: the managed domain's location and its replica set's (the network of
    // subnet `x` is judged by the latter, so it adds none).
    assert_eq!(codes, vec!["EU090", "EU090"], "{:?}", report.diagnostics);
    for (d, part) in report
        .diagnostics
        .iter()
        .zip(["the managed domain's location", "replica set 1's location"])
    {
        assert_eq!(d.span_in(TEMPLATE_JSON), r#""${location}""#);
        assert!(d.message.contains(part), "{}", d.message);
        assert!(
            d.text()
                .contains("`${location}` is a placeholder of a Terraform template"),
            "{}",
            d.text()
        );
    }
}
