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
    write(dir.path(), "terraform.tfvars", "location = \"eastus\"\n");
    server.file_changed(&dir.path().join("terraform.tfvars"), 2);
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
    let globs = server.watched_globs();
    for glob in ["**/*.tfvars", "**/*.yaml", "**/*.ps1", "**/.residency.yaml"] {
        assert!(globs.iter().any(|g| g == glob), "{glob} in {globs:?}");
    }
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
    write(
        dir.path(),
        ".residency.yaml",
        "boundary: eu-data-boundary\n",
    );
    server.file_changed(&dir.path().join(".residency.yaml"), 1);
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

/// A Pulumi stack file decides the program's locations: its change on disk re-checks the open
/// program (the server did not watch `*.yaml` before).
#[test]
fn pulumi_stack_change_on_disk_rechecks_the_open_program() {
    let dir = tempfile::tempdir().unwrap();
    let (program, p) = copy_sample(dir.path(), "EU040/pulumi-flagged/Pulumi.yaml", "pulumi");
    copy_sample(
        dir.path(),
        "EU040/pulumi-flagged/Pulumi.prod.yaml",
        "pulumi",
    );
    let mut server = TestServer::start(&["utf-16"]);
    // The workspace's default location is `eastus` in the stack.
    assert_eq!(
        codes(&server.open_and_diagnose(&p, "yaml", &program)),
        ["EU040"]
    );
    let stack = dir.path().join("pulumi/Pulumi.prod.yaml");
    std::fs::write(&stack, "config:\n  azure-native:location: westeurope\n").unwrap();
    server.file_changed(&stack, 2);
    let params = server.diagnostics_where(&p, <[Value]>::is_empty);
    assert_eq!(params["version"], 1);
    assert!(server.shutdown_and_exit().success());
}

/// An ASO manifest beside an open one: its change on disk re-checks the folder, so what is
/// shown for it follows the disk.
#[test]
fn aso_manifest_change_on_disk_rechecks_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (network, n) = copy_sample(dir.path(), "EU010/kubernetes-clean/network.yaml", "aso");
    let (broken, _) = copy_sample(dir.path(), "E001/kubernetes/workspace.yaml", "aso");
    let logs = dir.path().join("aso/workspace.yaml");
    let logs_uri = uri(&logs);
    let mut server = TestServer::start(&["utf-16"]);
    assert!(server.open_and_diagnose(&n, "yaml", &network).is_empty());
    // The folder's check reports the manifest on disk that does not parse.
    let params = server.diagnostics_where(&logs_uri, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["E001"]);
    // Repaired on disk: its finding goes.
    std::fs::write(&logs, broken.replace("sku: [PerGB2018", "sku: [PerGB2018]")).unwrap();
    server.file_changed(&logs, 2);
    server.diagnostics_where(&logs_uri, <[Value]>::is_empty);
    assert!(server.shutdown_and_exit().success());
}
