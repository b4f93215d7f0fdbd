//! End-to-end tests of `residency lsp`: the real binary, driven over pipes, one module per
//! feature. Every test starts its server with [`test_server::TestServer`], whose drop asserts
//! that the test consumed every message the server sent.

#[path = "../lsp_support/mod.rs"]
mod lsp_support;
#[path = "../project_fixtures/mod.rs"]
mod project_fixtures;

mod fixtures;
mod test_server;

mod bicep_modules;
mod code_action;
mod completion;
mod config_diagnostics;
mod configuration;
mod diagnostics;
mod environments;
mod hover;
mod inlay_hints;
mod large_documents;
mod lifecycle;
mod pull_diagnostics;
mod registry_modules;
mod robustness;
mod tenant_surfaces;
mod terraform_modules;
mod watched_files;
mod workspace_scan;
