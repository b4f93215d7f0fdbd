//! The server: [`Backend`] and its `impl LanguageServer`, which dispatches each method to its
//! handler in [`super::handlers`]. The state is in [`super::session`], lint scheduling in
//! [`super::scheduler`], the checks of folders and of the workspace in
//! [`super::workspace_scan`].

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentDiagnosticParams,
    DocumentDiagnosticReportResult, DocumentLink, DocumentLinkParams, Hover, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, InlayHint, InlayHintParams,
};
use tower_lsp_server::{Client, LanguageServer};

use super::handlers::{self, *};
use super::scheduler::{self, Outbox};
use super::session::State;

/// The server: the client, the state, and the queue of diagnostics to publish. Cheap to clone
/// into the tasks it spawns.
#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
    pub(super) outbox: Outbox,
}

impl Backend {
    /// Needs a tokio runtime (it starts the publishing task).
    pub fn new(client: Client, state: Arc<State>) -> Self {
        let outbox = scheduler::outbox(client.clone());
        Backend {
            client,
            state,
            outbox,
        }
    }

    /// `residency/debugPanic` (test hooks only).
    pub async fn debug_panic(&self, _: Value) -> Result<Value> {
        debug::debug_panic(self).await
    }

    /// `residency/debugSleep` (test hooks only).
    pub async fn debug_sleep(&self, params: Value) -> Result<Value> {
        debug::debug_sleep(params).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(self, params).await
    }

    async fn initialized(&self, _: InitializedParams) {
        lifecycle::initialized(self).await;
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(self).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        did_open::did_open(self, params).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        did_change::did_change(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        did_close::did_close(self, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        configuration::did_change_configuration(self, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        watched_files::did_change_watched_files(self, params).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::hover(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        handlers::inlay_hint::inlay_hint(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        handlers::document_link::document_link(self, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostic::diagnostic(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        handlers::completion::completion(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(self, params).await
    }
}
