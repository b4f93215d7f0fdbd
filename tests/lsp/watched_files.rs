//! Files changed on disk (`workspace/didChangeWatchedFiles`) and closing documents.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn tfvars_on_disk_decide_and_their_change_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let tf = "variable \"location\" {\n  type = string\n}\n\nresource \"azurerm_active_directory_domain_service\" \"aadds\" {\n  name                = \"aadds\"\n  resource_group_name = \"rg\"\n  domain_name         = \"aadds.contoso.com\"\n  sku                 = \"Standard\"\n  location            = var.location\n}\n";
    let main = write(dir.path(), "main.tf", tf);
    let tfvars = write(
        dir.path(),
        "terraform.tfvars",
        "location = \"westeurope\"\n",
    );
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&main, "terraform", tf);
    assert!(diags.is_empty(), "{diags:?}");

    // The tfvars file changes on disk; the client reports it.
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "location = \"eastus\"\n",
    )
    .unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": tfvars, "type": 2}]}),
    );
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    let d = eu010(diags);
    assert_eq!(d["range"]["start"]["line"], 9);
    let related = d["relatedInformation"]
        .as_array()
        .expect("related information");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == tfvars),
        "{related:?}"
    );
    // The server registered for watched files dynamically.
    let registration = server.server_request("client/registerCapability");
    let reg = &registration["params"]["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.tfvars"), "{globs:?}");
    assert!(globs.contains(&"**/.residency.yaml"), "{globs:?}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn residency_yaml_change_relints_and_close_clears() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-16"]);
    assert!(server
        .open_and_diagnose(&main, "terraform", &text)
        .is_empty());
    let config = write(
        dir.path(),
        ".residency.yaml",
        "boundary: eu-data-boundary\n",
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 1}]}),
    );
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // Closing clears the document's diagnostics; the file on disk is then checked again.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": main}}),
    );
    let params = server.diagnostics_where(&main, |d| d.is_empty());
    assert_eq!(params["version"], Value::Null);
    // The file on disk (UK South, under the EU Data Boundary of `.residency.yaml`).
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    assert!(server.shutdown_and_exit().success());
}
