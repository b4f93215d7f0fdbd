//! Client settings: pushed, pulled with `workspace/configuration`, and their problems.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn settings_change_relints_open_documents() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-16"]);
    assert!(server
        .open_and_diagnose(&main, "terraform", &text)
        .is_empty());
    // UK regions are outside the EU Data Boundary.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary"}}}),
    );
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // Rule severities: EU010 as a warning, then off.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary", "rules": {"EU010": "warning"}}}}),
    );
    let params = server.diagnostics_where(&main, |d| d.first().is_some_and(|d| d["severity"] == 2));
    assert_eq!(params["version"], 1);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary", "rules": {"EU010": "off"}}}}),
    );
    server.diagnostics_where(&main, |d| d.is_empty());
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::builder()
        .capabilities(json!({"workspace": {"configuration": true}}))
        .configuration(json!([{"boundary": "eu-data-boundary"}]))
        .start();
    server.open(&main, "terraform", 1, &text);
    // Under the EU Data Boundary (from the client's settings), UK South is outside.
    server.diagnostics_where(&main, |d| !d.is_empty());
    // The client says its settings changed (without them): the server asks again.
    server.configuration = json!([{"boundary": "europe"}]);
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    server.diagnostics_where(&main, |d| d.is_empty());
    assert!(server
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/configuration"));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn preferred_region_setting_changes_the_quick_fix() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&main, "terraform", AADDS);
    // A bad value is named in a log message and ignored.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferredRegion": "westeurpe"}}}),
    );
    let log = server.wait_for("a log message about the setting", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("preferredRegion"))
    });
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("westeurpe"),
        "{log}"
    );
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferredRegion": "northeurope"}}}),
    );
    // The fix is recomputed on the re-check: wait until it proposes the new region.
    let params = server.diagnostics_where(&main, |d| {
        d.iter()
            .any(|d| d["code"] == "EU010" && d["data"].to_string().contains("northeurope"))
    });
    let d = eu010(params["diagnostics"].as_array().unwrap());
    let actions = server.code_actions(&main, &d["range"], json!([d]), &["quickfix"]);
    let edits = edits_of(action(&actions, "Set the location"), &main);
    let fixed = server.apply_edits(AADDS, &edits);
    assert!(fixed.contains("\"northeurope\""), "{fixed}");
    // `preferred_region` is accepted too.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferred_region": "swedencentral"}}}),
    );
    server.diagnostics_where(&main, |d| {
        d.iter()
            .any(|d| d["code"] == "EU010" && d["data"].to_string().contains("swedencentral"))
    });
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn custom_boundary_from_the_allowed_regions_setting() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "swedencentral");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-16"]);
    server.open(&main, "terraform", 1, &text);
    assert_eq!(
        codes(&server.diagnostics_for_version(&main, 1)),
        Vec::<String>::new()
    );
    // Only Germany: Sweden Central is now outside.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "custom", "allowedRegions": ["germanywestcentral", "germanynorth"]}}}),
    );
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["EU010"]);
    // `custom` without regions is refused with a log line, and the boundary stays Europe.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "custom"}}}),
    );
    server.wait_for("the setting's problem", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("`allowedRegions`"))
    });
    server.diagnostics_where(&main, <[Value]>::is_empty);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn settings_in_initialization_options_apply_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::builder()
        .init_options(json!({"settings": {"residency": {"boundary": "eu-data-boundary"}}}))
        .start();
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", &text)),
        ["EU010"]
    );
    assert!(server.shutdown_and_exit().success());
}
