//! Requests registered only with `RESIDENCY_LSP_TEST_HOOKS=1`, for end-to-end tests.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use crate::lsp::server::Backend;

/// `residency/debugPanic`: panics inside a handler, to prove the server survives it.
pub async fn debug_panic(backend: &Backend) -> Result<Value> {
    let hooks = backend.state.test_hooks;
    backend
        .guarded("residency/debugPanic", || {
            if hooks {
                panic!("debugPanic requested");
            }
            Value::Null
        })
        .await
}

/// `residency/debugSleep`: answers after `{"ms": N}` milliseconds, to prove that
/// `$/cancelRequest` abandons a request in flight.
pub async fn debug_sleep(params: Value) -> Result<Value> {
    let ms = params
        .get("ms")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(60_000);
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    Ok(Value::Null)
}
