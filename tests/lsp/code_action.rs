//! Quick fixes, ignore actions and fix-all.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

/// ALE rebuilds the diagnostics it sends back (code, message and range only), and sends none
/// when the cursor is inside the range: the quick fix is still offered, from what was published.
#[test]
fn quick_fix_offered_to_clients_that_rebuild_or_omit_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    let d = eu010(&server.open_and_diagnose(&main, "terraform", AADDS));
    let offers_fix = |actions: &[Value]| {
        titles(actions)
            .iter()
            .any(|t| t.starts_with("Set the location"))
    };
    let rebuilt = json!({"range": d["range"], "code": "EU010", "message": d["message"]});
    let actions = server.code_actions(&main, &d["range"], json!([rebuilt]), &[]);
    assert!(offers_fix(&actions), "{actions:?}");
    // The cursor inside the value, no diagnostics sent.
    let actions = server.code_actions(&main, &at(5, 26), json!([]), &[]);
    assert!(offers_fix(&actions), "{actions:?}");
    // Elsewhere in the file, nothing to fix.
    let actions = server.code_actions(&main, &at(1, 2), json!([]), &[]);
    assert!(!offers_fix(&actions), "{actions:?}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn quick_fix_applied_removes_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    let d = eu010(&server.open_and_diagnose(&main, "terraform", AADDS));
    let actions = server.code_actions(&main, &d["range"], json!([d]), &["quickfix"]);
    let fix = action(&actions, "Set the location");
    assert!(
        fix["title"].as_str().unwrap().contains("re-creates"),
        "{fix}"
    );
    assert_eq!(fix["kind"], "quickfix");
    let edits = edits_of(fix, &main);
    let fixed = server.apply_edits(AADDS, &edits);
    assert!(fixed.contains("\"westeurope\""), "{fixed}");
    // Send the edits as incremental changes.
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    server.change(&main, 2, Value::Array(changes));
    let diags = server.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");

    // The "ignore" action on a fresh finding.
    let flagged = fixed.replace("westeurope", "eastus2");
    let d = eu010(&server.replace_text(&main, 3, &flagged));
    let actions = server.code_actions(&main, &d["range"], json!([d]), &[]);
    let edits = edits_of(action(&actions, "Ignore EU010 on this line"), &main);
    assert_eq!(edits[0]["newText"], "  # residency-ignore: EU010 -- \n");
    let mut ignored = server.apply_edits(&flagged, &edits);
    // A suppression needs a reason (else E003).
    ignored = ignored.replace("EU010 -- ", "EU010 -- approved by the DPO");
    let diags = server.replace_text(&main, 4, &ignored);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn fix_all_applies_the_safe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("\"eastus\"", "\"westeuroep\"");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&main, "terraform", &text);
    assert!(codes(&diags).contains(&"EU091".to_string()), "{diags:?}");
    let actions = server.code_actions(&main, &at(0, 0), json!([]), &["source.fixAll"]);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.residency");
    let fixed = server.apply_edits(&text, &edits_of(&actions[0], &main));
    assert!(
        fixed.contains("\"West Europe\"") || fixed.contains("\"westeurope\""),
        "{fixed}"
    );
    let diags = server.replace_text(&main, 2, &fixed);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}

/// Two exports to one workspace: moving the workspace fixes both, and is offered once, listing
/// both diagnostics, so the editor clears both when it is applied.
#[test]
fn findings_that_share_one_edit_are_offered_one_fix() {
    let text = r#"resource "azurerm_resource_group" "siem" {
  name     = "siem"
  location = "eastus"
}

resource "azurerm_log_analytics_workspace" "siem" {
  name                = "siem-workspace"
  location            = azurerm_resource_group.siem.location
  resource_group_name = azurerm_resource_group.siem.name
}

resource "azurerm_monitor_aad_diagnostic_setting" "signins" {
  name                       = "signins"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.siem.id
  enabled_log {
    category = "SignInLogs"
  }
}

resource "azurerm_monitor_aad_diagnostic_setting" "audit" {
  name                       = "audit"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.siem.id
  enabled_log {
    category = "AuditLogs"
  }
}
"#;
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", text);
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&main, "terraform", text);
    let exports: Vec<&Value> = diags.iter().filter(|d| d["code"] == "EU040").collect();
    assert_eq!(exports.len(), 2, "{diags:?}");
    // Both diagnostics in the request (a selection over both): one fix, not two.
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 26, "character": 0}});
    let actions = server.code_actions(&main, &range, json!(exports), &["quickfix"]);
    let moves: Vec<&Value> = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("Move"))
        .collect();
    assert_eq!(moves.len(), 1, "{actions:?}");
    // Only the first in the request: the fix still lists the other it clears.
    let actions = server.code_actions(&main, &exports[0]["range"], json!([exports[0]]), &[]);
    let fix = action(&actions, "Move");
    assert!(
        fix["title"]
            .as_str()
            .unwrap()
            .ends_with("(fixes 2 findings)"),
        "{fix}"
    );
    assert_eq!(fix["diagnostics"].as_array().unwrap().len(), 2, "{fix}");
    let edits = edits_of(fix, &main);
    assert_eq!(edits.len(), 1, "{edits:?}");
    let fixed = server.apply_edits(text, &edits);
    let diags = server.replace_text(&main, 2, &fixed);
    assert!(diags.iter().all(|d| d["code"] != "EU040"), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}
