//! Terraform projects across folders: module calls bind the module's variables and their
//! outputs flow back; a module is checked once per caller; modules `terraform init` downloaded
//! are read from `.terraform/modules`; a remote source not on disk is unknown, with why.

use crate::cli_support::*;

/// A Domain Services module: its location, and the subnet it is given, come from its caller.
const AADDS_MODULE: &str = r#"variable "location" {
  type = string
}

variable "subnet_id" {
  type = string
}

resource "azurerm_active_directory_domain_service" "this" {
  name                = "aadds"
  location            = var.location
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = var.subnet_id
  }

  notifications {
    notify_global_admins = true
  }
}

output "id" {
  value = azurerm_active_directory_domain_service.this.id
}
"#;

/// A network module: its subnet's id is an output.
const NETWORK_MODULE: &str = r#"variable "region" {
  type = string
}

resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = var.region
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "aadds" {
  name                 = "aadds"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}

output "subnet_id" {
  value = azurerm_subnet.aadds.id
}
"#;

fn env(region: &str) -> String {
    format!(
        r#"module "network" {{
  source = "../../modules/network"
  region = "{region}"
}}

module "aadds" {{
  source    = "../../modules/aadds"
  location  = "{region}"
  subnet_id = module.network.subnet_id
}}
"#
    )
}

fn project() -> tempfile::TempDir {
    tree(&[
        ("modules/aadds/main.tf", AADDS_MODULE),
        ("modules/network/main.tf", NETWORK_MODULE),
        ("envs/prod/main.tf", &env("eastus")),
        ("envs/dev/main.tf", &env("westeurope")),
    ])
}

#[test]
fn a_module_called_twice_is_checked_once_per_caller() {
    let dir = project();
    let report = check_json(dir.path(), &[], 1);
    let eu010 = report.with_code("EU010");
    // prod puts the managed domain and the network its subnet is in (an output of another
    // module) in eastus, one decision: one finding; dev keeps both in Europe.
    assert_eq!(
        report.places(),
        [place("modules/aadds/main.tf", 11, "EU010")],
        "{:#?}",
        report.diagnostics
    );
    for d in &eu010 {
        assert!(
            d.message.contains("eastus") && d.message.contains("envs/prod"),
            "says which caller gave the value: {}",
            d.message
        );
        assert!(
            d.related.iter().any(|r| r.path == "envs/prod/main.tf"),
            "related points into the caller: {:#?}",
            d.related
        );
        assert!(
            d.related.iter().all(|r| !r.path.starts_with("envs/dev")),
            "dev passes westeurope: {:#?}",
            d.related
        );
    }
    let domain = report
        .diagnostics
        .iter()
        .find(|d| d.line == 11)
        .expect("the managed domain");
    let edit = &domain.fix.as_ref().expect("a fix").edits[0];
    assert_eq!(
        edit.path, "envs/prod/main.tf",
        "the fix edits the caller's value"
    );
    // The network, in the other module, is related information of the same finding.
    assert!(
        domain
            .related
            .iter()
            .any(|r| r.path == "modules/network/main.tf"),
        "the network declared in the other module: {:#?}",
        domain.related
    );
}

#[test]
fn a_module_folder_checked_with_its_callers_in_the_tree_has_no_eu090() {
    let dir = project();
    std::fs::remove_dir_all(dir.path().join("envs/prod")).unwrap();
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    // Named on their own, with the caller named too: the same.
    let report = check_json(dir.path(), &["modules/aadds", "envs/dev"], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_module_without_callers_is_unknown() {
    let dir = project();
    let report = check_json(dir.path(), &["modules/aadds"], 0);
    let d = report.only("EU090");
    assert_eq!(d.path, "modules/aadds/main.tf");
    assert!(d.text().contains("variable `location`"), "{}", d.text());
}

#[test]
fn downloaded_modules_are_read_from_the_terraform_folder() {
    let caller = r#"module "aadds" {
  source   = "app.terraform.io/contoso/aadds/azurerm"
  version  = "1.0.0"
  location = "eastus"
  subnet_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
}

module "missing" {
  source = "git::https://example.com/modules.git//aadds"
}

output "domain" {
  value = module.missing.id
}
"#;
    let manifest = r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"aadds","Source":"app.terraform.io/contoso/aadds/azurerm","Version":"1.0.0","Dir":".terraform/modules/aadds"}]}"#;
    let dir = tree(&[
        ("main.tf", caller),
        (".terraform/modules/modules.json", manifest),
        (".terraform/modules/aadds/main.tf", AADDS_MODULE),
    ]);
    let report = check_json(dir.path(), &["main.tf"], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, ".terraform/modules/aadds/main.tf");
    assert!(d.message.contains("eastus"), "{}", d.message);

    // The same call, not downloaded: unknown, with the reason.
    std::fs::remove_dir_all(dir.path().join(".terraform")).unwrap();
    let with_domain_out = caller.replace(
        "output \"domain\"",
        r#"resource "azurerm_active_directory_domain_service" "d" {
  name                = "d"
  location            = module.missing.location
  resource_group_name = "rg"
  domain_name         = "d.contoso.com"
  sku                 = "Standard"
}

output "domain""#,
    );
    write(dir.path(), "main.tf", &with_domain_out);
    let report = check_json(dir.path(), &[], 0);
    let d = report.only("EU090");
    assert!(
        d.text().contains(
            "module source `git::https://example.com/modules.git//aadds` is not downloaded"
        ),
        "{}",
        d.text()
    );
}

#[test]
fn nested_modules_and_cycles() {
    let dir = tree(&[
        (
            "main.tf",
            "module \"outer\" {\n  source = \"./outer\"\n  where  = \"eastus\"\n}\n",
        ),
        (
            "outer/main.tf",
            "variable \"where\" {}\nmodule \"inner\" {\n  source   = \"../modules/aadds\"\n  location = var.where\n  subnet_id = \"x\"\n}\nmodule \"loop\" {\n  source = \"../\"\n}\n",
        ),
        ("modules/aadds/main.tf", AADDS_MODULE),
    ]);
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "modules/aadds/main.tf");
    assert!(
        d.related.iter().any(|r| r.path == "outer/main.tf")
            && d.related.iter().any(|r| r.path == "main.tf"),
        "the chain runs through both calls: {:#?}",
        d.related
    );
}
