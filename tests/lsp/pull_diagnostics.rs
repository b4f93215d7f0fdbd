//! `textDocument/diagnostic`, and push for clients that cannot be told to pull again.

use serde_json::json;

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::builder()
        .capabilities(json!({
            "textDocument": {"diagnostic": {"dynamicRegistration": false}},
            "workspace": {"diagnostics": {"refreshSupport": true}},
        }))
        .start();
    let provider = &server.capabilities()["diagnosticProvider"];
    assert_eq!(
        provider["interFileDependencies"], true,
        "{}",
        server.initialize
    );
    server.open(&main, "terraform", 1, AADDS);
    let r = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": main}}),
    );
    assert_eq!(r["result"]["kind"], "full", "{r}");
    let items = r["result"]["items"].as_array().unwrap();
    let d = eu010(items);
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 23}));
    server.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 5, "character": 24}, "end": {"line": 5, "character": 30}}, "text": "swedencentral"}]),
    );
    let r = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": main}}),
    );
    assert_eq!(r["result"]["items"], json!([]), "{r}");
    assert!(server.shutdown_and_exit().success());
}

/// Neovim 0.11 pulls diagnostics only for shown buffers and cannot be told to pull again: a
/// client that pulls without refresh support gets pushed diagnostics, which stay current.
#[test]
fn diagnostics_are_pushed_to_clients_that_pull_without_refresh_support() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::builder()
        .capabilities(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}))
        .start();
    assert!(
        server.capabilities().get("diagnosticProvider").is_none(),
        "{}",
        server.initialize
    );
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", AADDS)),
        ["EU010"]
    );
    assert!(server.shutdown_and_exit().success());
}
