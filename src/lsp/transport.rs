//! A guard between stdin/stdout and tower-lsp-server.
//!
//! tower-lsp-server 0.23 reads with tokio-util's `FramedRead`, which ends the stream after the
//! first decoding error: one malformed message (bad JSON, a JSON value that is not a JSON-RPC
//! message, a bad header) would end the session. So the frames are read here first: the
//! well-formed ones are passed on, and a malformed one is answered here with the JSON-RPC error
//! the specification asks for (`-32700` parse error, `-32600` invalid request). Responses from
//! the server and these errors are written whole, one frame at a time, to stdout.

use std::sync::Arc;

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tokio::sync::Mutex;
use tower_lsp_server::jsonrpc::{Request, Response};

/// One frame read: its body, or why it could not be framed.
enum Frame {
    Body(Vec<u8>),
    BadHeader(String),
}

/// Largest body accepted. A longer Content-Length is answered with a parse error and never
/// allocated: the length is only a claim until the bytes have been read.
const MAX_FRAME: usize = 64 << 20;
/// Longest header line kept; the rest of a longer line is read and dropped.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// Reads one frame; `None` at the end of the input. After a bad frame the reader resynchronises
/// on the next `Content-Length:`, even when it is glued to the end of the bad body.
async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await
            .ok()?;
        if n == 0 {
            return None;
        }
        if line.last() != Some(&b'\n') {
            // Too long for a header: drop the rest of the line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let n = (&mut *reader)
                    .take(MAX_HEADER_LINE)
                    .read_until(b'\n', &mut rest)
                    .await
                    .ok()?;
                if n == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
        }
        let line = String::from_utf8_lossy(&line);
        let mut line = line.trim_end_matches(['\r', '\n']);
        // The rest of a body longer than its Content-Length said, glued to the next header.
        if let Some(at) = line.to_ascii_lowercase().find("content-length:") {
            line = &line[at..];
        }
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // blank lines between messages
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                let value = value.trim();
                let shown: String = value.chars().take(40).collect();
                length = Some(match value.parse::<usize>() {
                    Ok(len) if len <= MAX_FRAME => Ok(len),
                    Ok(_) => Err(format!(
                        "Content-Length `{shown}` is over the limit of {MAX_FRAME} bytes"
                    )),
                    Err(e) => Err(format!("bad Content-Length `{shown}`: {e}")),
                });
            }
        }
    }
    match length {
        Some(Ok(len)) => {
            let mut body = Vec::new();
            (&mut *reader)
                .take(len as u64)
                .read_to_end(&mut body)
                .await
                .ok()?;
            if body.len() < len {
                return None;
            }
            Some(Frame::Body(body))
        }
        Some(Err(e)) => Some(Frame::BadHeader(e)),
        None => Some(Frame::BadHeader("missing Content-Length header".into())),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The error response for a malformed message, or `None` when it is well-formed.
fn check_body(body: &[u8]) -> Option<Value> {
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return None;
    }
    let error = |id: Value, code: i64, message: String| json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    Some(match serde_json::from_slice::<Value>(body) {
        Err(e) => error(Value::Null, -32700, format!("Parse error: {e}")),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            error(
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message".into(),
            )
        }
    })
}

/// Copies well-formed frames from `input` to `to_server`, answering malformed ones on `out`.
pub async fn filter_input<R, W, O>(input: R, mut to_server: W, out: Arc<Mutex<O>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut reader = tokio::io::BufReader::new(input);
    while let Some(f) = read_frame(&mut reader).await {
        let reply = match f {
            Frame::Body(body) => match check_body(&body) {
                None => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        break;
                    }
                    let _ = to_server.flush().await;
                    continue;
                }
                Some(reply) => reply,
            },
            Frame::BadHeader(e) => {
                json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("Parse error: {e}")}})
            }
        };
        eprintln!("residency lsp: malformed message answered with {reply}");
        let bytes = frame(reply.to_string().as_bytes());
        let mut out = out.lock().await;
        if out.write_all(&bytes).await.is_err() {
            break;
        }
        let _ = out.flush().await;
    }
    let _ = to_server.shutdown().await;
}

/// Copies the server's frames to `out`, each whole.
pub async fn forward_output<R, O>(from_server: R, out: Arc<Mutex<O>>)
where
    R: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut reader = tokio::io::BufReader::new(from_server);
    while let Some(f) = read_frame(&mut reader).await {
        let Frame::Body(body) = f else { continue };
        let bytes = frame(&body);
        let mut out = out.lock().await;
        if out.write_all(&bytes).await.is_err() {
            break;
        }
        let _ = out.flush().await;
    }
}
