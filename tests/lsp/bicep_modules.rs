//! Bicep modules in other folders, checked in their callers' context.

use serde_json::json;

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn bicep_module_in_a_subfolder_is_checked_with_its_caller_and_its_open_buffer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("modules")).unwrap();
    let main = write(dir.path(), "main.bicep", BICEP_CALLER);
    let module = write(dir.path(), "modules/tenant.bicep", BICEP_MODULE);
    let mut server = TestServer::start(&["utf-16"]);
    // The caller's check reports the module's tenant, with the value the caller passes.
    server.open(&main, "bicep", 1, BICEP_CALLER);
    let params = server.diagnostics_where(&module, |d| codes(d).contains(&"EU001".to_string()));
    let eu001 = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EU001")
        .unwrap()
        .clone();
    assert_eq!(eu001["range"]["start"]["line"], 4, "{eu001}");
    // Opened, the module is still checked in its caller's context (not alone, where its
    // parameter has no value and it would only get EU090).
    let diags = server.open_and_diagnose(&module, "bicep", BICEP_MODULE);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    // An unsaved edit of the module (a literal European location) is what the caller's
    // check reads: the module's EU001 goes, and an edit of the caller does not bring it back
    // from the file on disk.
    let fixed = BICEP_MODULE.replace("location: location", "location: 'Europe'");
    server.change(&module, 2, json!([{"text": fixed}]));
    let diags = server.diagnostics_for_version(&module, 2);
    assert!(!codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    let caller_v2 = format!("{BICEP_CALLER}\n");
    server.change(&main, 2, json!([{"text": caller_v2}]));
    server.diagnostics_for_version(&main, 2);
    server.change(&module, 3, json!([{"text": format!("{fixed}\n")}]));
    let diags = server.diagnostics_for_version(&module, 3);
    assert!(!codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    // Back to the parameter: the caller's value reaches the module again.
    server.change(&module, 4, json!([{"text": BICEP_MODULE}]));
    let diags = server.diagnostics_for_version(&module, 4);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}

/// The workspace scan learns which folders use a module: opened before any of its callers,
/// the module is checked in their context.
#[test]
fn bicep_module_opened_first_is_checked_with_the_callers_found_by_the_scan() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("modules")).unwrap();
    write(root.path(), "main.bicep", BICEP_CALLER);
    let module = write(root.path(), "modules/tenant.bicep", BICEP_MODULE);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    // The scan reports the module's tenant (the file is not open).
    server.diagnostics_where(&module, |d| codes(d).contains(&"EU001".to_string()));
    let diags = server.open_and_diagnose(&module, "bicep", BICEP_MODULE);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}
