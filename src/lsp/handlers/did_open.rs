//! `textDocument/didOpen`: the document is open from now on (applied before any await), then
//! its folder is checked.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use super::path_of;
use crate::lsp::documents::Document;
use crate::lsp::scheduler;
use crate::lsp::server::Backend;

pub async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let mut scheduled = None;
    backend
        .guarded_notification("didOpen", || {
            let doc = params.text_document;
            let Some(path) = path_of(&doc.uri) else {
                return;
            };
            backend.state.session().docs.open(
                path.clone(),
                Document::new(doc.uri.to_string(), &doc.text, doc.version),
            );
            scheduled = Some((path, doc.version));
        })
        .await;
    if let Some((path, version)) = scheduled {
        scheduler::schedule(backend, path, Some(version));
    }
}
