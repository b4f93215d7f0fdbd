//! `textDocument/completion`: region names in a location value, rule codes in a suppression
//! comment.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CompletionParams, CompletionResponse};

use super::path_of;
use crate::lsp::server::Backend;
use crate::lsp::settings;

pub async fn completion(
    backend: &Backend,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    backend
        .guarded("completion", || completion_sync(backend, params))
        .await
}

fn completion_sync(backend: &Backend, params: CompletionParams) -> Option<CompletionResponse> {
    let uri = params.text_document_position.text_document.uri;
    let pos = params.text_document_position.position;
    let path = path_of(&uri)?;
    let (text, offset) = backend.text_and_offset(&path, pos)?;
    let kind = crate::resolve::formats::kind_of(&path, &text);
    if kind.is_some_and(|k| crate::lsp::completion::in_suppression_codes(&text, offset, k)) {
        return Some(CompletionResponse::Array(
            crate::lsp::completion::rule_code_items(),
        ));
    }
    if !crate::lsp::completion::in_location_value(&text, offset, &path) {
        return None;
    }
    // A tenant's location (from the last check: the string starts where it did while edits
    // stay inside it) takes the tenant locations, not regions.
    let start = crate::lsp::completion::string_start(&text, offset, &path);
    let tenant = start.is_some_and(|start| {
        backend
            .state
            .session()
            .published
            .get(&path)
            .is_some_and(|p| p.tenant_literals.contains(&start))
    });
    if tenant {
        return Some(CompletionResponse::Array(
            crate::lsp::completion::tenant_location_items(),
        ));
    }
    let settings = backend.state.session().settings.clone();
    let boundary = settings::boundary_for(&settings, &path);
    Some(CompletionResponse::Array(
        crate::lsp::completion::region_items(&boundary),
    ))
}
