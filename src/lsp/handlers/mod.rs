//! The LSP handlers, one file per method (or per family of notifications). Each takes the
//! [`Backend`]; `impl LanguageServer` in [`super::server`] only dispatches.
//!
//! A panic in a handler is caught: requests answer with an internal error, and a line is
//! logged (to the client and on stderr).

pub mod code_action;
pub mod completion;
pub mod configuration;
pub mod debug;
pub mod diagnostic;
pub mod did_change;
pub mod did_close;
pub mod did_open;
pub mod document_link;
pub mod hover;
pub mod inlay_hint;
pub mod lifecycle;
pub mod watched_files;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};

use super::server::Backend;
use crate::line_index::{LineCol, LineIndex};

/// The absolute path of a file URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path()
        .map(|p| crate::paths::absolute(p.as_ref()))
}

impl Backend {
    /// Runs a request's work, turning a panic into an internal error and a log line.
    pub(super) async fn guarded<T>(&self, what: &str, work: impl FnOnce() -> T) -> Result<T> {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(work));
        match outcome {
            Ok(value) => Ok(value),
            Err(payload) => {
                let message = panic_message(payload.as_ref());
                self.report_panic(what, &message).await;
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("residency: internal error in {what}: {message}").into(),
                    data: None,
                })
            }
        }
    }

    async fn report_panic(&self, what: &str, message: &str) {
        let line = format!("residency lsp: internal error in {what}: {message}");
        eprintln!("{line}");
        self.client.log_message(MessageType::ERROR, line).await;
    }

    /// Runs a notification's synchronous part, logging a panic.
    pub(super) async fn guarded_notification(&self, what: &str, work: impl FnOnce()) {
        let _ = self.guarded(what, work).await;
    }

    /// The text of an open document and the byte offset of an LSP position in it.
    pub(super) fn text_and_offset(
        &self,
        path: &Path,
        pos: lsp::Position,
    ) -> Option<(Arc<String>, usize)> {
        let text = self.state.session().docs.get_mut(path)?.text();
        let offset = LineIndex::new(&text).offset(
            LineCol::new(pos.line, pos.character),
            self.state.negotiated().encoding,
        )?;
        Some((text, offset))
    }
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}
