//! `textDocument/inlayHint`: the hints of the current version's check (see
//! [`crate::check::HintInfo`]) that lie in the range asked for. The server asks the client to
//! ask again after every check (`workspace/inlayHint/refresh`) when the client can be asked.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, MarkupContent, MarkupKind,
};

use super::path_of;
use crate::line_index::LineIndex;
use crate::lsp::diagnostics::position;
use crate::lsp::server::Backend;

pub async fn inlay_hint(
    backend: &Backend,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    backend
        .guarded("inlayHint", || inlay_hint_sync(backend, params))
        .await
}

fn inlay_hint_sync(backend: &Backend, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    let negotiated = backend.state.negotiated();
    if !negotiated.inlay_hints {
        return None;
    }
    let path = path_of(&params.text_document.uri)?;
    let (text, hints) = {
        let mut session = backend.state.session();
        let text = session.docs.get_mut(&path)?.text();
        // Only the check of this very version: offsets of an older text would be misplaced.
        let hints = session.current(&path, false)?.hints.clone();
        (text, hints)
    };
    let index = LineIndex::new(&text);
    let range = params.range;
    let shown = hints
        .into_iter()
        .filter_map(|h| {
            let at = index.position((h.offset as usize).min(text.len()), negotiated.encoding)?;
            let at = position(at);
            (range.start <= at && at <= range.end).then_some(InlayHint {
                position: at,
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.tooltip,
                })),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect();
    Some(shown)
}
