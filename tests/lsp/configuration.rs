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
    server.change_settings(json!({"boundary": "eu-data-boundary"}));
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // Rule severities: EU010 as a warning, then off.
    server.change_settings(json!({"boundary": "eu-data-boundary", "rules": {"EU010": "warning"}}));
    let params = server.diagnostics_where(&main, |d| d.first().is_some_and(|d| d["severity"] == 2));
    assert_eq!(params["version"], 1);
    server.change_settings(json!({"boundary": "eu-data-boundary", "rules": {"EU010": "off"}}));
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
    server.change_settings(json!({"preferredRegion": "westeurpe"}));
    let log = log_containing(&mut server, "preferredRegion");
    assert!(log.contains("westeurpe"), "{log}");
    server.change_settings(json!({"preferredRegion": "northeurope"}));
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
    server.change_settings(json!({"preferred_region": "swedencentral"}));
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
    server.change_settings(
        json!({"boundary": "custom", "allowedRegions": ["germanywestcentral", "germanynorth"]}),
    );
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["EU010"]);
    // `custom` without regions is refused with a log line, and the boundary stays Europe.
    server.change_settings(json!({"boundary": "custom"}));
    log_containing(&mut server, "`allowedRegions`");
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

/// The client's rule levels go through the check, over `.residency.yaml`'s: a rule the file
/// turns off can be turned back on by a setting (before, they were applied to what the check
/// had kept, so the finding could not come back).
#[test]
fn rule_levels_of_the_settings_apply_over_the_configuration_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".residency.yaml", "rules:\n  EU010: off\n");
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    assert!(server
        .open_and_diagnose(&main, "terraform", AADDS)
        .is_empty());
    server.change_settings(json!({"rules": {"EU010": "warning"}}));
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    let d = eu010(params["diagnostics"].as_array().unwrap());
    assert_eq!(d["severity"], 2, "{d}");
    assert!(server.shutdown_and_exit().success());
}

/// A preferred region outside the boundary set beside it is refused, as in `.residency.yaml`
/// (where it is a configuration error): logged as an error, and fixes propose a region inside
/// the boundary.
#[test]
fn preferred_region_outside_the_boundary_setting_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&main, "terraform", AADDS);
    server.change_settings(json!({"boundary": "eu-data-boundary", "preferredRegion": "uksouth"}));
    let log = server.wait_for("the refused setting", |m| {
        m["method"] == "window/logMessage"
    });
    assert_eq!(log["params"]["type"], 1, "an error: {log}");
    assert_eq!(
        log["params"]["message"],
        "setting `preferredRegion`: `uksouth` is outside the `eu-data-boundary` boundary, so fixes could not propose it; pick a region inside it; it is ignored"
    );
    // The boundary applies; the fix moves the domain inside it, not to UK South.
    let params = server.diagnostics_where(&main, |d| {
        d.iter()
            .any(|d| d["message"].as_str().unwrap().contains("EU Data Boundary"))
    });
    let fix = eu010(params["diagnostics"].as_array().unwrap())["data"]["fix"].clone();
    assert_eq!(fix["edits"][0]["newText"], "westeurope", "{fix}");
    assert!(server.shutdown_and_exit().success());
}
