//! `textDocument/diagnostic` (pull diagnostics): the document's folder is checked now and the
//! document's diagnostics answered, when they are current.

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    Diagnostic, DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
};

use super::path_of;
use crate::lsp::server::Backend;
use crate::lsp::{config_file, scheduler};

pub async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let path = path_of(&params.text_document.uri);
    let Some((path, dir)) = path.and_then(|p| Some((p.clone(), p.parent()?.to_path_buf()))) else {
        return Err(Error::invalid_params("not a file URI"));
    };
    if config_file::is_config(&path) {
        let text = backend
            .state
            .session()
            .docs
            .get_mut(&path)
            .map(|d| d.text());
        let text = text.or_else(|| std::fs::read_to_string(&path).ok().map(Into::into));
        let encoding = backend.state.negotiated().encoding;
        let items = text
            .map(|t| config_file::diagnostics(&path, &t, encoding))
            .unwrap_or_default();
        return Ok(full_report(items));
    }
    // A document edited while it was checked is checked again (a few times at most).
    let mut items = None;
    for _ in 0..5 {
        items = scheduler::check_and_publish(backend, dir.clone(), Some(&path)).await;
        if items.is_some() {
            break;
        }
    }
    let Some(items) = items else {
        return Err(Error::new(ErrorCode::ContentModified));
    };
    Ok(full_report(items))
}

fn full_report(items: Vec<Diagnostic>) -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ))
}
