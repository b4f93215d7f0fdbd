//! `residency lsp`: the language server, on stdin/stdout.
//!
//! Only this module knows LSP types; the core works on byte ranges and plain diagnostics, and
//! positions are converted here with the negotiated encoding (UTF-8 when the client offers it,
//! else UTF-16).

pub mod actions;
mod capabilities;
pub mod completion;
mod config_file;
pub mod diagnostics;
pub mod document_links;
pub mod documents;
mod handlers;
pub mod hover;
mod module_graph;
pub mod rule_docs;
mod scheduler;
mod server;
mod session;
mod settings;
mod transport;
mod workspace_scan;

use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

pub use server::Backend;
pub use session::State;
pub use settings::Settings;

/// Serves LSP on stdin/stdout until `exit` (or the end of the input). Returns the process exit
/// code: 0 when `shutdown` came before `exit`, else 1 (LSP specification).
pub fn run_stdio() -> std::io::Result<u8> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let test_hooks = std::env::var_os("RESIDENCY_LSP_TEST_HOOKS").is_some_and(|v| v == "1");
    let state = Arc::new(State::new(test_hooks));
    let service_state = state.clone();
    runtime.block_on(async move {
        let mut builder =
            LspService::build(move |client| Backend::new(client, service_state.clone()));
        if test_hooks {
            builder = builder
                .custom_method("residency/debugPanic", Backend::debug_panic)
                .custom_method("residency/debugSleep", Backend::debug_sleep);
        }
        let (service, socket) = builder.finish();
        // Malformed messages are answered in front of the server (see `transport`).
        let out = Arc::new(tokio::sync::Mutex::new(tokio::io::stdout()));
        let (server_in, to_server) = tokio::io::duplex(1 << 20);
        let (from_server, server_out) = tokio::io::duplex(1 << 20);
        tokio::spawn(transport::filter_input(
            tokio::io::stdin(),
            to_server,
            out.clone(),
        ));
        let forward = tokio::spawn(transport::forward_output(from_server, out));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // Everything the server wrote reaches stdout before the process exits.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), forward).await;
    });
    // Lint tasks still running are dropped with the runtime.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(if state.was_shut_down() { 0 } else { 1 })
}
