//! `textDocument/didChange`: the changes are applied in order (before any await), then the
//! folder is checked after the debounce.

use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, MessageType};

use super::path_of;
use crate::lsp::documents::Pos;
use crate::lsp::scheduler;
use crate::lsp::server::Backend;

pub async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let mut scheduled = None;
    let mut failed = false;
    backend
        .guarded_notification("didChange", || {
            let Some(path) = path_of(&params.text_document.uri) else {
                return;
            };
            let encoding = backend.state.negotiated().encoding;
            let mut session = backend.state.session();
            let Some(doc) = session.docs.get_mut(&path) else {
                return;
            };
            for change in &params.content_changes {
                let range = change.range.map(|r| {
                    (
                        Pos {
                            line: r.start.line,
                            col: r.start.character,
                        },
                        Pos {
                            line: r.end.line,
                            col: r.end.character,
                        },
                    )
                });
                failed |= !doc.apply_change(range, &change.text, encoding);
            }
            doc.version = params.text_document.version;
            scheduled = Some((path, doc.version));
        })
        .await;
    if failed {
        backend
            .client
            .log_message(
                MessageType::WARNING,
                "residency: a change lay outside the document; it was not applied",
            )
            .await;
    }
    if let Some((path, version)) = scheduled {
        scheduler::schedule(backend, path, Some(version));
    }
}
