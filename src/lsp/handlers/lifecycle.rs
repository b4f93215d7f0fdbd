//! `initialize`, `initialized`, `shutdown`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{InitializeParams, InitializeResult, ServerInfo};

use super::configuration::fetch_settings;
use crate::lsp::capabilities;
use crate::lsp::server::Backend;
use crate::lsp::settings;
use crate::lsp::workspace_scan;

pub async fn initialize(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let negotiated = capabilities::negotiate(&params);
    let capabilities = capabilities::server_capabilities(&negotiated);
    backend.state.negotiate(negotiated);
    let settings = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("settings"));
    if let Some(settings) = settings {
        let (settings, problems) = settings::from_json(settings);
        backend.state.session().settings = settings;
        // The client is not ready for log messages before `initialized`.
        for p in &problems {
            eprintln!("residency lsp: {}", settings::describe(p));
        }
    }
    Ok(InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "residency".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

pub async fn initialized(backend: &Backend) {
    let negotiated = backend.state.negotiated();
    if negotiated.configuration {
        tokio::spawn(fetch_settings(backend.clone()));
    }
    let roots = negotiated.roots.clone();
    if !roots.is_empty() {
        let backend = backend.clone();
        tokio::spawn(async move { workspace_scan::scan(&backend, roots).await });
    }
    // A client request: never awaited in the notification handler itself.
    let client = backend.client.clone();
    tokio::spawn(async move {
        let registration = capabilities::watched_files_registration();
        // Clients without dynamic registration answer with an error: nothing to do then.
        let _ = client.register_capability(vec![registration]).await;
    });
}

pub async fn shutdown(backend: &Backend) -> Result<()> {
    backend.state.session().shut_down = true;
    Ok(())
}
