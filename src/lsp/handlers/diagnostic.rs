//! `textDocument/diagnostic` (pull diagnostics): the document's folder is checked now and the
//! document's diagnostics answered, when they are current.

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, RelatedFullDocumentDiagnosticReport,
};

use super::path_of;
use crate::lsp::scheduler;
use crate::lsp::server::Backend;

pub async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let path = path_of(&params.text_document.uri);
    let Some((path, dir)) = path.and_then(|p| Some((p.clone(), p.parent()?.to_path_buf()))) else {
        return Err(Error::invalid_params("not a file URI"));
    };
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
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}
