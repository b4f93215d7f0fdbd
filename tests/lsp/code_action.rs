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
