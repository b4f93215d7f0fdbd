//! `textDocument/didClose`: the document is closed and its diagnostics cleared (queued under
//! the lock, so no result judged before the close can follow the clear); then the file on disk
//! is checked.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use super::path_of;
use crate::lsp::scheduler::{self, Publication};
use crate::lsp::server::Backend;

pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let mut closed = None;
    backend
        .guarded_notification("didClose", || {
            let Some(path) = path_of(&params.text_document.uri) else {
                return;
            };
            let mut session = backend.state.session();
            session.docs.close(&path);
            session.published.remove(&path);
            // The file on disk is what counts now: clear, then re-check the folder.
            let _ = backend.outbox.send(Publication {
                uri: params.text_document.uri.clone(),
                diagnostics: Vec::new(),
                version: None,
            });
            closed = Some(path);
        })
        .await;
    if let Some(path) = closed {
        scheduler::schedule(backend, path, None);
    }
}
