//! `workspace/didChangeConfiguration`, and asking the client for the settings
//! (`workspace/configuration`) when it pushes none.

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams, MessageType};

use crate::lsp::scheduler;
use crate::lsp::server::Backend;
use crate::lsp::settings;

pub async fn did_change_configuration(backend: &Backend, params: DidChangeConfigurationParams) {
    let pushed = params.settings.get("residency").is_some()
        || params.settings.get("boundary").is_some()
        || params.settings.get("preferredRegion").is_some()
        || params.settings.get("preferred_region").is_some()
        || params.settings.get("rules").is_some();
    if !pushed {
        // Clients of the pull model send no settings: ask (never awaited here).
        if backend.state.negotiated().configuration {
            tokio::spawn(fetch_settings(backend.clone()));
        }
        return;
    }
    apply(backend, &params.settings).await;
}

/// Asks the client for the `residency` settings (`workspace/configuration`) and applies them.
pub async fn fetch_settings(backend: Backend) {
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("residency".into()),
    }];
    let Ok(values) = backend.client.configuration(items).await else {
        return;
    };
    let value = values.into_iter().next().unwrap_or(Value::Null);
    if !value.is_object() {
        return; // the client has no such settings: keep the current ones
    }
    apply(&backend, &value).await;
}

/// Replaces the settings, says what was wrong with them, and checks the open documents again.
async fn apply(backend: &Backend, value: &Value) {
    let (settings, problems) = settings::from_json(value);
    backend.state.session().settings = settings;
    for p in &problems {
        backend
            .client
            .log_message(MessageType::ERROR, settings::describe(p))
            .await;
    }
    scheduler::relint_open(backend);
}
