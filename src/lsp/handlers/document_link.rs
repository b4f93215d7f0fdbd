//! `textDocument/documentLink`: the rule codes of suppression comments, linked to their pages.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams, Range};

use super::path_of;
use crate::line_index::LineIndex;
use crate::lsp::diagnostics::position;
use crate::lsp::server::Backend;

pub async fn document_link(
    backend: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    backend
        .guarded("documentLink", || document_link_sync(backend, params))
        .await
}

fn document_link_sync(backend: &Backend, params: DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let path = path_of(&params.text_document.uri)?;
    let text = backend.state.session().docs.get_mut(&path)?.text();
    let kind = crate::resolve::formats::kind_of(&path, &text)?;
    let encoding = backend.state.negotiated().encoding;
    let index = LineIndex::new(&text);
    let links = crate::lsp::document_links::rule_code_links(&text, kind)
        .into_iter()
        .filter_map(|(range, meta)| {
            let at = |offset: u32| index.position(offset as usize, encoding).map(position);
            Some(DocumentLink {
                range: Range {
                    start: at(range.start)?,
                    end: at(range.end)?,
                },
                target: crate::lsp::rule_docs::link(meta).parse().ok(),
                tooltip: Some(format!("{} {}: {}", meta.code, meta.name, meta.summary)),
                data: None,
            })
        })
        .collect();
    Some(links)
}
