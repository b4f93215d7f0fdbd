//! `textDocument/hover`: what [`crate::lsp::hover`] says at the position, with the identity
//! resource declared there and the diagnostics there, from the check of the current version.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::path_of;
use crate::lsp::hover::HoveredDiagnostic;
use crate::lsp::server::Backend;
use crate::lsp::{diagnostics, settings};

pub async fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    backend
        .guarded("hover", || hover_sync(backend, params))
        .await
}

fn hover_sync(backend: &Backend, params: HoverParams) -> Option<Hover> {
    let uri = params.text_document_position_params.text_document.uri;
    let pos = params.text_document_position_params.position;
    let path = path_of(&uri)?;
    let (text, offset) = backend.text_and_offset(&path, pos)?;
    let (resource, here, settings) = {
        let session = backend.state.session();
        // The identity resource declared here, from the check of this very version.
        let resource = session.current(&path, false).and_then(|p| {
            p.resources
                .iter()
                .find(|(range, _)| range.start as usize <= offset && offset <= range.end as usize)
                .map(|(_, markdown)| markdown.clone())
        });
        let here: Vec<HoveredDiagnostic> = session
            .published
            .get(&path)
            .map(|p| {
                p.diagnostics
                    .iter()
                    .filter(|d| d.range.start <= pos && pos <= d.range.end)
                    .filter_map(|d| {
                        let data = diagnostics::data_of(d);
                        Some(HoveredDiagnostic {
                            code: diagnostics::code_of(d)?.to_string(),
                            headline: d.message.clone(),
                            notes: data.as_ref().map(|x| x.notes.clone()).unwrap_or_default(),
                            help: data.and_then(|x| x.help),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        (resource, here, session.settings.clone())
    };
    let boundary = settings::boundary_for(&settings, &path);
    let markdown =
        crate::lsp::hover::hover(&text, offset, &path, &boundary, &here, resource.as_deref())?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: None,
    })
}
