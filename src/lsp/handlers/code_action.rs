//! `textDocument/codeAction`: quick fixes and ignore actions for the diagnostics of the
//! request, and fix-all ([`crate::lsp::actions`]).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
};

use super::path_of;
use crate::lsp::server::Backend;
use crate::lsp::{actions, diagnostics};

pub async fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    backend
        .guarded("codeAction", || code_actions_sync(backend, params))
        .await
}

fn code_actions_sync(backend: &Backend, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let path = path_of(&uri)?;
    let only = params.context.only.as_deref();
    let mut out: Vec<CodeActionOrCommand> = Vec::new();
    // The diagnostics published for the document's current version (or from disk).
    let (published, text) = {
        let mut session = backend.state.session();
        let published = session.current(&path, true).map(|p| p.diagnostics.clone());
        let text = session.docs.get_mut(&path).map(|d| d.text());
        (published, text)
    };
    if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let diags = context_diagnostics(
            &params.context.diagnostics,
            published.as_deref().unwrap_or_default(),
            params.range,
        );
        out.extend(
            actions::quick_fixes(
                &uri,
                &path,
                text.as_deref().map(String::as_str),
                &diags,
                published.as_deref().unwrap_or_default(),
            )
            .into_iter()
            .map(CodeActionOrCommand::CodeAction),
        );
    }
    if actions::wanted(only, actions::FIX_ALL_KIND) {
        // The diagnostics published for the document's current version, else those sent.
        let diags = published.unwrap_or(params.context.diagnostics);
        if let Some(action) = actions::fix_all(&diags) {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    Some(out)
}

/// The diagnostics a quick-fix request is about, with their fixes. Clients send back what they
/// were given, but some rebuild it (ALE keeps only the code, message and range) or send nothing
/// when the cursor is inside the range (ALE): those are matched with the diagnostics published
/// for the document's current version, by start and code, or by overlapping the request's range.
fn context_diagnostics(
    sent: &[lsp::Diagnostic],
    published: &[lsp::Diagnostic],
    range: lsp::Range,
) -> Vec<lsp::Diagnostic> {
    if sent.is_empty() {
        return published
            .iter()
            .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
            .cloned()
            .collect();
    }
    sent.iter()
        .map(|d| {
            if diagnostics::code_of(d).is_some() && d.data.is_some() {
                return d.clone();
            }
            published
                .iter()
                .find(|p| p.range.start == d.range.start && p.code == d.code)
                .cloned()
                .unwrap_or_else(|| d.clone())
        })
        .collect()
}
