//! `TestServer`: the real `residency lsp` over pipes (see `lsp_support`), started by one builder
//! instead of hand-built `initialize` requests. Dropping it shuts the server down and asserts
//! that every message the server sent was consumed by the test (as ruff's `TestServer` does):
//! a diagnostic published twice, or a log line nobody expected, fails the test that caused it.
//! The server's own requests (registrations, `workspace/configuration`, progress tokens,
//! refreshes) are answered by the client and kept in `server_requests`.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::ExitStatus;

use serde_json::{json, Value};

use crate::lsp_support::{uri, Client};

/// How to start a [`TestServer`].
pub struct Builder {
    encodings: Vec<String>,
    capabilities: Value,
    workspace_folders: Vec<Value>,
    init_options: Value,
    configuration: Value,
    server_args: Vec<&'static str>,
}

impl Builder {
    /// Arguments after `residency lsp` (`--stdio`).
    pub fn server_args(mut self, args: &[&'static str]) -> Self {
        self.server_args = args.to_vec();
        self
    }

    /// The position encodings the client offers (default: UTF-16 only).
    pub fn encodings(mut self, encodings: &[&str]) -> Self {
        self.encodings = encodings.iter().map(|e| e.to_string()).collect();
        self
    }

    /// Client capabilities, merged over the defaults (code action literals, dynamic
    /// registration of watched files, the position encodings).
    pub fn capabilities(mut self, capabilities: Value) -> Self {
        merge(&mut self.capabilities, capabilities);
        self
    }

    /// A workspace folder: the server scans it after `initialized`.
    pub fn workspace_folder(mut self, path: &Path) -> Self {
        self.workspace_folders
            .push(json!({"uri": uri(path), "name": path.file_name().and_then(|n| n.to_str()).unwrap_or("root")}));
        self
    }

    /// `initializationOptions`, merged over `{"debounceMs": 0}` (tests wait for results, not
    /// for the debounce).
    pub fn init_options(mut self, options: Value) -> Self {
        merge(&mut self.init_options, options);
        self
    }

    /// What the client answers to `workspace/configuration` (one item per section asked).
    pub fn configuration(mut self, configuration: Value) -> Self {
        self.configuration = configuration;
        self
    }

    /// Starts the server, sends `initialize` and `initialized`.
    pub fn start(self) -> TestServer {
        let mut client = Client::start_with(&[], &self.server_args);
        client.configuration = self.configuration;
        let mut capabilities = json!({"general": {"positionEncodings": self.encodings}});
        merge(&mut capabilities, self.capabilities);
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
            "initializationOptions": self.init_options,
        });
        if !self.workspace_folders.is_empty() {
            params["workspaceFolders"] = Value::Array(self.workspace_folders);
        }
        let initialize = client.initialize_with(params);
        assert!(initialize.get("error").is_none(), "{initialize}");
        TestServer {
            client,
            initialize,
            exited: false,
        }
    }
}

/// Deep-merges `patch` into `base` (objects key by key; anything else replaces).
fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (k, v) in patch {
                merge(base.entry(k).or_insert(Value::Null), v);
            }
        }
        (base, patch) => *base = patch,
    }
}

/// A running server with its client side.
pub struct TestServer {
    client: Client,
    /// The response to `initialize`.
    pub initialize: Value,
    exited: bool,
}

impl TestServer {
    pub fn builder() -> Builder {
        Builder {
            encodings: vec!["utf-16".into()],
            capabilities: json!({
                "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
            }),
            workspace_folders: Vec::new(),
            init_options: json!({"debounceMs": 0}),
            configuration: Value::Null,
            server_args: Vec::new(),
        }
    }

    /// A server with the default capabilities, offering only these encodings.
    pub fn start(encodings: &[&str]) -> TestServer {
        TestServer::builder().encodings(encodings).start()
    }

    /// The server's capabilities from `initialize`.
    pub fn capabilities(&self) -> &Value {
        &self.initialize["result"]["capabilities"]
    }

    /// Opens `uri` at version 1; returns the diagnostics of that version.
    pub fn open_and_diagnose(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.client.open(uri, language, 1, text);
        self.client.diagnostics_for_version(uri, 1)
    }

    /// Replaces the whole text of `uri` (at `version`); returns the diagnostics of that version.
    pub fn replace_text(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.client.change(uri, version, json!([{ "text": text }]));
        self.client.diagnostics_for_version(uri, version)
    }

    /// `textDocument/codeAction` on `range` with these diagnostics in the context (and the
    /// `only` kinds, unless empty); the actions.
    pub fn code_actions(
        &mut self,
        uri: &str,
        range: &Value,
        diagnostics: Value,
        only: &[&str],
    ) -> Vec<Value> {
        let mut context = json!({ "diagnostics": diagnostics });
        if !only.is_empty() {
            context["only"] = json!(only);
        }
        let r = self.client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        );
        r["result"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("no actions: {r}"))
    }

    /// The hover text at a position, or "" when there is none.
    pub fn hover(&mut self, uri: &str, line: u64, character: u64) -> String {
        let r = self.client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// `textDocument/completion` at a position: the labels, `None` for a null result.
    pub fn completion(&mut self, uri: &str, line: u64, character: u64) -> Option<Vec<Value>> {
        let r = self.client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(r.get("error").is_none(), "{r}");
        r["result"].as_array().cloned()
    }

    /// `workspace/didChangeConfiguration` with these `residency` settings.
    pub fn change_settings(&mut self, residency: Value) {
        self.client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"residency": residency}}),
        );
    }

    /// The globs the server registered for `workspace/didChangeWatchedFiles` (waiting for its
    /// registration).
    pub fn watched_globs(&mut self) -> Vec<String> {
        let registration = self.client.server_request("client/registerCapability");
        let reg = &registration["params"]["registrations"][0];
        assert_eq!(
            reg["method"], "workspace/didChangeWatchedFiles",
            "{registration}"
        );
        reg["registerOptions"]["watchers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| Some(w["globPattern"].as_str()?.to_string()))
            .collect()
    }

    /// Reports that `path` changed on disk (`type`: 1 created, 2 changed, 3 deleted) as a
    /// client that honours the server's registration does: only when a glob the server
    /// registered for `workspace/didChangeWatchedFiles` matches it. Panics when none does (a
    /// real client would say nothing, and the server would never know).
    pub fn file_changed(&mut self, path: &Path, change_type: u8) {
        let globs = self.watched_globs();
        let watched = globs.iter().any(|g| {
            globset::GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .unwrap_or_else(|e| panic!("the server registered a bad glob {g:?}: {e}"))
                .compile_matcher()
                .is_match(path)
        });
        assert!(
            watched,
            "no glob the server watches matches {}: a client would not report its change ({globs:?})",
            path.display()
        );
        self.client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(path), "type": change_type}]}),
        );
    }

    /// `shutdown`, then `exit`; returns the exit status. The drop then checks that every
    /// message was consumed.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let r = self.client.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.exit()
    }

    /// `exit` (with or without `shutdown` before it); returns the exit status.
    pub fn exit(&mut self) -> ExitStatus {
        self.client.notify("exit", Value::Null);
        self.exited = true;
        self.client.wait_exit()
    }
}

impl Deref for TestServer {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl DerefMut for TestServer {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return; // the client kills the server; the test already failed
        }
        if !self.exited {
            let r = self.client.request("shutdown", Value::Null);
            assert!(r.get("error").is_none(), "{r}");
            let status = self.exit();
            assert!(status.success(), "{status:?}");
        }
        let left = self.client.unconsumed_after_exit();
        assert!(
            left.is_empty(),
            "the test did not consume {} message(s) of the server:\n{}",
            left.len(),
            left.iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
