//! The scan of the workspace folders after `initialized`.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn workspace_scan_reports_files_not_open_with_progress() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("flagged")).unwrap();
    std::fs::create_dir(root.path().join("clean")).unwrap();
    let flagged = write(&root.path().join("flagged"), "main.tf", AADDS);
    write(
        &root.path().join("clean"),
        "main.tf",
        &AADDS.replace("eastus", "westeurope"),
    );
    let mut server = TestServer::builder()
        .workspace_folder(root.path())
        .capabilities(json!({"window": {"workDoneProgress": true}}))
        .start();
    let begin = server.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    assert_eq!(begin["params"]["token"], "residency/workspace-scan");
    let params = server.diagnostics_where(&flagged, |d| !d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    let end = server.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert!(end["params"]["value"]["message"]
        .as_str()
        .unwrap()
        .contains("1 finding"));
    assert!(server.shutdown_and_exit().success());
}
