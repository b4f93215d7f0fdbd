//! A small JSON-RPC client that drives `residency lsp` over pipes: Content-Length framing, a
//! reader thread, timeouts everywhere so nothing hangs, and a loud failure when the server dies.
//! Used by `tests/lsp` (through its `TestServer`) and `benches/lsp.rs`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received while waiting for something else.
    backlog: Vec<Value>,
    stderr: Arc<Mutex<String>>,
    /// The answer to `workspace/configuration` (one item per requested section).
    pub configuration: Value,
    /// Requests the server sent (answered with `null`, or `configuration`).
    pub server_requests: Vec<Value>,
    /// `utf-8` or `utf-16`, as negotiated.
    pub encoding: String,
}

impl Client {
    /// Starts the server (`residency lsp`) with the test hooks enabled.
    pub fn start() -> Client {
        Client::start_under(&[])
    }

    /// Starts the server as [`Client::start`] does, run by `wrapper` (a program and its
    /// arguments, the server's command line appended: `strace -f -o FILE`).
    pub fn start_under(wrapper: &[String]) -> Client {
        Client::start_with(wrapper, &[])
    }

    /// Starts the server run by `wrapper` (may be empty), with `args` after `lsp`
    /// (`--stdio`, as vscode-languageclient passes).
    pub fn start_with(wrapper: &[String], args: &[&str]) -> Client {
        // `RESIDENCY_BENCH_SERVER`: another build's binary, for benches/compare.sh to time an
        // earlier commit's server with the same client.
        let server = std::env::var_os("RESIDENCY_BENCH_SERVER")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_residency").into());
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(&server);
                command
            }
            None => Command::new(&server),
        };
        let mut child = command
            .arg("lsp")
            .args(args)
            .env("RESIDENCY_LSP_TEST_HOOKS", "1")
            // The rule pages the server writes for its links, kept inside the build folder.
            .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start residency lsp");
        let stdout = child.stdout.take().unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let mut r = BufReader::new(stderr_pipe);
            while r.read_line(&mut text).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&text);
                text.clear();
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return; // EOF: the sender drops, the receiver sees the server gone
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("server sent valid JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: Vec::new(),
            stderr,
            server_requests: Vec::new(),
            configuration: Value::Null,
            encoding: "utf-16".into(),
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush to server");
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend(body);
        self.send_raw(&framed);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(&format!("response to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// The next message, answering the server's own requests (registrations) with `null`.
    fn next(&mut self, deadline: Instant, what: &str) -> Value {
        loop {
            if let Some(m) = self.next_or_request(deadline, what) {
                return m;
            }
        }
    }

    /// The next message; `None` when it was a request of the server, which is answered (with
    /// `configuration` for `workspace/configuration`, else `null`) and kept in
    /// `server_requests`.
    fn next_or_request(&mut self, deadline: Instant, what: &str) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(m) if m.get("method").is_some() && m.get("id").is_some() => {
                let id = m["id"].clone();
                let result = if m["method"] == "workspace/configuration" {
                    self.configuration.clone()
                } else {
                    Value::Null
                };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                self.server_requests.push(m);
                None
            }
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => {
                panic!("timed out waiting for {what}; stderr:\n{}", self.stderr())
            }
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(Duration::from_millis(100));
                panic!(
                    "the server died while waiting for {what} (status {:?}); stderr:\n{}",
                    self.child.try_wait(),
                    self.stderr()
                )
            }
        }
    }

    /// Waits for the first message (backlog first) matching `pred`.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self.next(deadline, what);
            if pred(&m) {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// The first request the server sent with this method, waiting for it when it has not
    /// come yet (it is answered on arrival).
    pub fn server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(r) = self.server_requests.iter().find(|r| r["method"] == method) {
                return r.clone();
            }
            let what = format!("a {method} request");
            if let Some(m) = self.next_or_request(deadline, &what) {
                self.backlog.push(m);
            }
        }
    }

    /// Waits for diagnostics published for `uri` that satisfy `pred`; returns the params.
    pub fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Value {
        loop {
            let m = self.wait_for(&format!("diagnostics for {uri}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let diags = m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if pred(&diags) {
                return m["params"].clone();
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub fn diagnostics_for_version(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let m = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            if m["params"]["version"] == json!(version) {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    /// `initialize` (offering these position encodings) and `initialized`.
    pub fn initialize(&mut self, encodings: &[&str], options: Value) -> Value {
        self.initialize_with(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "general": {"positionEncodings": encodings},
                "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
            },
            "initializationOptions": options,
        }))
    }

    /// `initialize` with these parameters, then `initialized`; returns the response.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let response = self.request("initialize", params);
        self.encoding = response["result"]["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap_or("utf-16")
            .to_string();
        self.notify("initialized", json!({}));
        response
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown`, then `exit`; returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit; stderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// After the server exited: the messages received and not consumed (the backlog, then
    /// whatever was still in the pipe), without the server's own requests, which were answered.
    pub fn unconsumed_after_exit(&mut self) -> Vec<Value> {
        let mut left = std::mem::take(&mut self.backlog);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(wait) {
                Ok(m) if m.get("method").is_some() && m.get("id").is_some() => {
                    self.server_requests.push(m);
                }
                Ok(m) => left.push(m),
                Err(RecvTimeoutError::Disconnected) => return left,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the server's output did not end after exit")
                }
            }
        }
    }

    /// The byte offset of an LSP position in `text`, in the negotiated encoding.
    pub fn offset(&self, text: &str, line: u64, character: u64) -> usize {
        let mut start = 0;
        for _ in 0..line {
            start += text[start..].find('\n').expect("line exists") + 1;
        }
        let line_text = &text[start..];
        let line_text = &line_text[..line_text.find(['\r', '\n']).unwrap_or(line_text.len())];
        let mut units = 0u64;
        for (i, c) in line_text.char_indices() {
            if units >= character {
                return start + i;
            }
            units += if self.encoding == "utf-8" {
                c.len_utf8()
            } else {
                c.len_utf16()
            } as u64;
        }
        start + line_text.len()
    }

    /// Applies LSP text edits (for one document) to `text`.
    pub fn apply_edits(&self, text: &str, edits: &[Value]) -> String {
        let mut spans: Vec<(usize, usize, String)> = edits
            .iter()
            .map(|e| {
                let r = &e["range"];
                let a = self.offset(
                    text,
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                );
                let b = self.offset(
                    text,
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                );
                (a, b, e["newText"].as_str().unwrap().to_string())
            })
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse(s.0));
        let mut out = text.to_string();
        for (a, b, new) in spans {
            out.replace_range(a..b, &new);
        }
        out
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The file URI of a path.
pub fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for c in path.to_str().unwrap().chars() {
        match c {
            ' ' => s.push_str("%20"),
            c => s.push(c),
        }
    }
    s
}
