//! Malformed input, unknown methods, panics in handlers, cancellation.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn malformed_messages_unknown_methods_and_panics_are_survived() {
    let mut server = TestServer::start(&["utf-16"]);
    // Not JSON.
    server.send_raw(b"Content-Length: 7\r\n\r\n{{{{{{{");
    let r = server.wait_for("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(r["id"], Value::Null);
    // JSON, but not a JSON-RPC message.
    server.send_raw(b"Content-Length: 2\r\n\r\n[]");
    server.wait_for("invalid request", |m| {
        m.get("error").is_some() && m["id"] == Value::Null
    });
    // An unknown request, an unknown notification.
    let r = server.request("residency/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    server.notify("residency/noSuchNotification", json!({}));
    // Bad params.
    let r = server.request("textDocument/hover", json!({"nonsense": true}));
    assert!(r.get("error").is_some(), "{r}");
    // A change to a document never opened, an edit past its end.
    server.change("file:///nowhere/main.tf", 2, json!([{"text": "x"}]));
    // A panic inside a handler: an error response and a log line, not a dead server.
    let r = server.request("residency/debugPanic", json!({}));
    assert_eq!(r["error"]["code"], -32603, "{r}");
    server.wait_for("the panic's log line", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("debugPanic"))
    });
    // Still answering.
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", AADDS)),
        ["EU010"]
    );
    server.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 1}}, "text": "x"}]),
    );
    let r = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 5, "character": 26}}),
    );
    assert!(r.get("result").is_some(), "{r}");
    // The edit past the end is not applied, and said so; version 2 has the text of version 1.
    log_containing(&mut server, "a change lay outside the document");
    assert_eq!(codes(&server.diagnostics_for_version(&main, 2)), ["EU010"]);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn cancel_request_abandons_a_request_in_flight() {
    let mut server = TestServer::start(&["utf-16"]);
    let started = std::time::Instant::now();
    let id = server.send_request("residency/debugSleep", json!({"ms": 20_000}));
    server.notify("$/cancelRequest", json!({"id": id}));
    let r = server.wait_for("the cancelled request's answer", |m| {
        m.get("id") == Some(&json!(id)) && m.get("method").is_none()
    });
    assert_eq!(r["error"]["code"], -32800, "RequestCancelled expected: {r}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "answered only when the work was done"
    );
    // A cancel for a request already answered, or never sent, changes nothing.
    server.notify("$/cancelRequest", json!({"id": id}));
    server.notify("$/cancelRequest", json!({"id": 987_654}));
    // Requests that are not cancelled still get their result.
    let r = server.request("residency/debugSleep", json!({"ms": 10}));
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(r.get("error").is_none(), "{r}");
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", AADDS)),
        ["EU010"]
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn malformed_headers_are_survived() {
    let mut server = TestServer::start(&["utf-16"]);
    server.send_raw(b"Content-Type: text/plain\r\n\r\n");
    server.wait_for("parse error", |m| m["error"]["code"] == -32700);
    server.send_raw(b"Content-Length: many\r\n\r\n");
    server.wait_for("parse error", |m| m["error"]["code"] == -32700);
    // Valid JSON, not JSON-RPC: answered with its id.
    server.send_raw(b"Content-Length: 22\r\n\r\n{\"id\": 7, \"params\": 1}");
    let r = server.wait_for("invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(r["id"], 7);
    let r = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///a.tf"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(server.shutdown_and_exit().success());
}

/// A bad Content-Length is answered with a parse error, never allocated, and the server
/// resynchronises on the next header: the valid request after it is answered.
#[test]
fn bad_frames_are_answered_and_the_next_request_is_served() {
    let body = br#"{"jsonrpc":"2.0","id":999,"method":"residency/noSuchMethod"}"#;
    let with = |header: &str| {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("huge", with("Content-Length: 1000000000000\r\n\r\n")),
        (
            "over usize",
            with("Content-Length: 9223372036854775808\r\n\r\n"),
        ),
        (
            "over u64",
            with("Content-Length: 99999999999999999999999\r\n\r\n"),
        ),
        ("non-numeric", with("Content-Length: twelve\r\n\r\n")),
        ("negative", with("Content-Length: -5\r\n\r\n")),
        ("shorter", with("Content-Length: 10\r\n\r\n")),
        ("missing", with("Content-Type: application/json\r\n\r\n")),
    ];
    let mut server = TestServer::start(&["utf-16"]);
    for (what, bytes) in &cases {
        server.send_raw(bytes);
        server.wait_for(&format!("the parse error for {what}"), |m| {
            m["error"]["code"] == -32700
        });
        let r = server.request("residency/noSuchMethod", json!({}));
        assert_eq!(r["error"]["code"], -32601, "{what}: {r}");
    }
    assert!(server.shutdown_and_exit().success());
}
