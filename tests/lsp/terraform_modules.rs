//! Terraform module folders, checked in their callers' context in the editor too.

use serde_json::json;

use crate::fixtures::*;
use crate::test_server::TestServer;

const MODULE: &str = r#"variable "location" {
  type = string
}

resource "azurerm_active_directory_domain_service" "this" {
  name                = "aadds"
  location            = var.location
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aadds"
  }
}
"#;

const CALLER: &str = r#"module "aadds" {
  source   = "../../modules/aadds"
  location = "eastus"
}
"#;

/// Opened before its caller, the module is checked with what the caller found by the
/// workspace scan passes it (EU010, not EU090); an unsaved edit of the module is what the
/// caller's check reads.
#[test]
fn terraform_module_opened_alone_is_checked_with_its_callers() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("modules/aadds")).unwrap();
    std::fs::create_dir_all(root.path().join("envs/prod")).unwrap();
    write(root.path(), "envs/prod/main.tf", CALLER);
    let module = write(root.path(), "modules/aadds/main.tf", MODULE);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    server.diagnostics_where(&module, |d| codes(d).contains(&"EU010".to_string()));
    let diags = server.open_and_diagnose(&module, "terraform", MODULE);
    assert!(codes(&diags).contains(&"EU010".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    let fixed = MODULE.replace("var.location", "\"westeurope\"");
    server.change(&module, 2, json!([{"text": fixed}]));
    let diags = server.diagnostics_for_version(&module, 2);
    assert!(!codes(&diags).contains(&"EU010".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}
