//! A `.residency.yaml` the check refuses gets diagnostics on itself, at the offending key,
//! which are cleared when it is fixed (in the editor or on disk).

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

const BAD: &str = "boundary: mars\nrules:\n  EU010: loud\n";

/// `[start line, start character, end line, end character]` of a diagnostic.
fn span(d: &Value) -> [u64; 4] {
    let r = &d["range"];
    [
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    ]
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

/// The two problems of [`BAD`], each at its key and value.
fn assert_bad(diags: &[Value]) {
    assert_eq!(diags.len(), 2, "{diags:?}");
    let boundary = diags
        .iter()
        .find(|d| message(d).contains("unknown boundary `mars`"))
        .unwrap_or_else(|| panic!("{diags:?}"));
    // `boundary: mars`
    assert_eq!(span(boundary), [0, 0, 0, 14], "{boundary}");
    assert_eq!(boundary["severity"], 1);
    assert_eq!(boundary["source"], "residency");
    let level = diags
        .iter()
        .find(|d| message(d).contains("`rules.EU010`: unknown level `loud`"))
        .unwrap_or_else(|| panic!("{diags:?}"));
    // `EU010: loud`
    assert_eq!(span(level), [2, 2, 2, 13], "{level}");
}

#[test]
fn workspace_with_a_bad_configuration_shows_it_on_the_file_until_fixed_in_the_editor() {
    let root = tempfile::tempdir().unwrap();
    let main = write(root.path(), "main.tf", AADDS);
    let config = write(root.path(), ".residency.yaml", BAD);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    // The scan is refused, and says why on the file as well as in the log.
    let params = server.diagnostics_where(&config, |d| !d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_bad(params["diagnostics"].as_array().unwrap());
    log_containing(&mut server, "unknown boundary `mars`");

    // Opened: the document's diagnostics, at its version.
    assert_bad(&server.open_and_diagnose(&config, "yaml", BAD));
    // An unknown key, at the key.
    let diags = server.replace_text(&config, 2, "boundry: europe\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        message(&diags[0]).contains("`boundry` (at line 1 column 1) is not a setting"),
        "{diags:?}"
    );
    // `boundry`
    assert_eq!(span(&diags[0]), [0, 0, 0, 7]);
    // Not YAML: where the parser stopped.
    let diags = server.replace_text(&config, 3, "boundary: europe\nrules: {EU010: [\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(message(&diags[0]).contains("not valid YAML"), "{diags:?}");
    assert!(span(&diags[0])[0] >= 1, "{diags:?}");
    // Fixed: cleared.
    assert!(server
        .replace_text(&config, 4, "boundary: europe\nrules:\n  EU010: warning\n")
        .is_empty());

    // Saved: the folder is checked again with the file on disk.
    write(
        root.path(),
        ".residency.yaml",
        "boundary: europe\nrules:\n  EU010: warning\n",
    );
    server.file_changed(&root.path().join(".residency.yaml"), 2);
    let params = server.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["EU010"]);
    assert_eq!(diags[0]["severity"], 2, "the configured level: warning");
    // Closing clears what the document showed; the file on disk has nothing to say.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": config}}),
    );
    let params = server.diagnostics_where(&config, |d| d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn a_bad_configuration_on_disk_is_shown_and_cleared_when_fixed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let config = write(dir.path(), ".residency.yaml", BAD);
    let mut server = TestServer::start(&["utf-16"]);
    server.open(&main, "terraform", 1, AADDS);
    // The check of the folder is refused because of the file: its problems are on it.
    let params = server.diagnostics_where(&config, |d| !d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_bad(params["diagnostics"].as_array().unwrap());
    log_containing(&mut server, "unknown boundary `mars`");

    write(dir.path(), ".residency.yaml", "boundary: europe\n");
    server.file_changed(&dir.path().join(".residency.yaml"), 2);
    let params = server.diagnostics_where(&config, |d| d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_eq!(codes(&server.diagnostics_for_version(&main, 1)), ["EU010"]);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn a_client_that_pulls_gets_the_configuration_problems() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), ".residency.yaml", BAD);
    let mut server = TestServer::builder()
        .capabilities(json!({
            "textDocument": {"diagnostic": {"dynamicRegistration": false}},
            "workspace": {"diagnostics": {"refreshSupport": true}},
        }))
        .start();
    server.open(&config, "yaml", 1, BAD);
    let pull = |server: &mut TestServer| {
        let r = server.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": config}}),
        );
        assert_eq!(r["result"]["kind"], "full", "{r}");
        r["result"]["items"].as_array().cloned().unwrap()
    };
    assert_bad(&pull(&mut server));
    server.change(&config, 2, json!([{"text": "boundary: europe\n"}]));
    assert!(pull(&mut server).is_empty());
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn one_bad_configuration_does_not_stop_the_scan_of_the_other_folders() {
    let root = tempfile::tempdir().unwrap();
    for folder in ["good", "bad"] {
        std::fs::create_dir(root.path().join(folder)).unwrap();
    }
    let good = write(root.path(), "good/main.tf", AADDS);
    write(root.path(), "bad/main.tf", AADDS);
    let config = write(root.path(), "bad/.residency.yaml", BAD);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    // The folder whose configuration is fine is checked ...
    let params = server.diagnostics_where(&good, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // ... and the refused one says why, on the file and in the log.
    let params = server.diagnostics_where(&config, |d| !d.is_empty());
    assert_bad(params["diagnostics"].as_array().unwrap());
    log_containing(&mut server, "unknown boundary `mars`");
    assert!(server.shutdown_and_exit().success());
}

/// An accepted configuration with an expired waiver: E004 on the waiver as the file is edited,
/// and the finding it waived is back on the document; renewed, both go away.
#[test]
fn an_expired_waiver_is_shown_on_the_configuration_and_its_finding_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let waiver = |day: &str| {
        format!("waivers:\n  - rule: EU010\n    reason: DR copy\n    owner: iam-team\n    expires: {day}\n")
    };
    let config = write(dir.path(), ".residency.yaml", &waiver("2020-01-31"));
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&main, "terraform", AADDS);
    assert_eq!(
        codes(&diags),
        ["EU010"],
        "the expired waiver silences nothing"
    );
    let diags = server.open_and_diagnose(&config, "yaml", &waiver("2020-01-31"));
    assert_eq!(codes(&diags), ["E004"], "{diags:?}");
    assert_eq!(diags[0]["severity"], 2);
    assert_eq!(span(&diags[0])[0], 1, "on the waiver: {diags:?}");
    assert!(message(&diags[0]).contains("expired on 2020-01-31 (owner iam-team)"));
    // Renewed in the editor: nothing on the file.
    assert!(server
        .replace_text(&config, 2, &waiver("2999-01-31"))
        .is_empty());
    // Saved: the finding is waived.
    write(dir.path(), ".residency.yaml", &waiver("2999-01-31"));
    server.file_changed(&dir.path().join(".residency.yaml"), 2);
    server.diagnostics_where(&main, |d| d.is_empty());
    assert!(server.shutdown_and_exit().success());
}
