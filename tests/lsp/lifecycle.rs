//! Initialization, shutdown and exit.

use serde_json::{json, Value};

use crate::test_server::TestServer;

#[test]
fn initialize_negotiates_utf8_when_offered_else_utf16() {
    let server = TestServer::start(&["utf-8", "utf-16"]);
    let caps = server.capabilities();
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert!(server.shutdown_and_exit().success());

    let server = TestServer::start(&["utf-32", "utf-16"]);
    assert_eq!(server.capabilities()["positionEncoding"], "utf-16");
    assert!(server.shutdown_and_exit().success());

    let server = TestServer::start(&[]);
    assert_eq!(server.capabilities()["positionEncoding"], "utf-16");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn the_stdio_flag_that_clients_pass_is_accepted() {
    let server = TestServer::builder().server_args(&["--stdio"]).start();
    assert_eq!(server.capabilities()["hoverProvider"], true);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = TestServer::start(&["utf-16"]);
    let status = server.exit();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn shutdown_then_exit_exits_with_0() {
    let mut server = TestServer::start(&["utf-16"]);
    let status = {
        let r = server.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        // Requests after shutdown are refused (InvalidRequest).
        let r = server.request("textDocument/hover", json!({"textDocument": {"uri": "file:///a.tf"}, "position": {"line": 0, "character": 0}}));
        assert_eq!(r["error"]["code"], -32600, "{r}");
        server.exit()
    };
    assert_eq!(status.code(), Some(0));
}
