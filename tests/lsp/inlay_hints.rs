//! Inlay hints: after each location expression of an identity resource that is not a literal,
//! the value residency resolved and its verdict; after a subnet reference and a log
//! destination, the region they lead to; refreshed after every check.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

const MAIN_TF: &str = r#"variable "location" {
  type = string
}

resource "azurerm_virtual_network" "aadds" {
  name                = "aadds"
  location            = "eastus"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "aadds" {
  name                 = "aadds"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.aadds.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds"
  location            = var.location
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = azurerm_subnet.aadds.id
  }
}
"#;

fn hints(server: &mut TestServer, uri: &str) -> Vec<Value> {
    let r = server.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100, "character": 0}}
        }),
    );
    assert!(r.get("error").is_none(), "{r}");
    r["result"].as_array().cloned().unwrap_or_default()
}

/// The hint at the end of the first `needle` on the line holding `line_has`.
fn hint_after<'a>(hints: &'a [Value], text: &str, line_has: &str, needle: &str) -> &'a Value {
    let (line, col) = position_of(text, line_has, needle);
    let end = col - 1 + needle.encode_utf16().count() as u64;
    hints
        .iter()
        .find(|h| h["position"] == json!({"line": line, "character": end}))
        .unwrap_or_else(|| panic!("no hint after {needle:?} at {line}:{end}: {hints:#?}"))
}

#[test]
fn hints_show_the_resolved_value_and_follow_a_tfvars_edit() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", MAIN_TF);
    let tfvars_text = "location = \"eastus\"\n";
    let tfvars = write(dir.path(), "terraform.tfvars", tfvars_text);
    let mut server = TestServer::builder()
        .capabilities(json!({"workspace": {"inlayHint": {"refreshSupport": true}}}))
        .start();
    assert_eq!(server.capabilities()["inlayHintProvider"], true);
    server.open_and_diagnose(&main, "terraform", MAIN_TF);
    let shown = hints(&mut server, &main);
    // `var.location`: the value from terraform.tfvars, outside Europe.
    let location = hint_after(
        &shown,
        MAIN_TF,
        "location            = var.location",
        "var.location",
    );
    assert_eq!(location["label"], "⟶ eastus ✗ outside Europe", "{location}");
    let tooltip = location["tooltip"]["value"].as_str().unwrap();
    assert!(tooltip.contains("terraform.tfvars"), "{tooltip}");
    // The subnet reference: the region of its virtual network.
    let subnet = hint_after(&shown, MAIN_TF, "subnet_id", "azurerm_subnet.aadds.id");
    assert_eq!(subnet["label"], "⟶ eastus ✗ outside Europe", "{subnet}");
    // A literal in place has no hint: the value is in view.
    assert_eq!(shown.len(), 2, "{shown:#?}");
    server.server_request("workspace/inlayHint/refresh");

    // The tfvars edited in the editor: the folder is checked again, the hints follow.
    server.open_and_diagnose(&tfvars, "terraform-vars", tfvars_text);
    server.replace_text(&tfvars, 2, "location = \"westeurope\"\n");
    server.diagnostics_where(&main, |d| d.len() == 1);
    let shown = hints(&mut server, &main);
    let location = hint_after(
        &shown,
        MAIN_TF,
        "location            = var.location",
        "var.location",
    );
    assert_eq!(location["label"], "⟶ westeurope ✓", "{location}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn a_value_not_proven_says_why_and_the_hints_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let text = "param location string = resourceGroup().location\n\nresource ds 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'aadds.contoso.com'\n  location: location\n  properties: {\n    domainName: 'aadds.contoso.com'\n  }\n}\n";
    let bicep = write(dir.path(), "main.bicep", text);
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&bicep, "bicep", text);
    let shown = hints(&mut server, &bicep);
    let hint = hint_after(&shown, text, "  location: location", "location: location");
    let label = hint["label"].as_str().unwrap();
    assert!(label.starts_with("⟶ ? resourceGroup()"), "{label}");
    assert!(server.shutdown_and_exit().success());

    let mut server = TestServer::builder()
        .init_options(json!({"inlayHints": false}))
        .start();
    assert!(server.capabilities().get("inlayHintProvider").is_none());
    server.open_and_diagnose(&bicep, "bicep", text);
    assert!(hints(&mut server, &bicep).is_empty());
    assert!(server.shutdown_and_exit().success());
}
