//! What the server offers and what it takes from the client's `initialize`: the position
//! encoding, pull or push diagnostics, progress, `workspace/configuration`, the workspace
//! folders, the initialization options; the server's capabilities; the files it watches.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DiagnosticOptions, DiagnosticServerCapabilities, DidChangeWatchedFilesRegistrationOptions,
    DocumentLinkOptions, FileSystemWatcher, GlobPattern, HoverProviderCapability, InitializeParams,
    OneOf, PositionEncodingKind, Registration, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, WorkDoneProgressOptions,
};

use super::actions;
use super::handlers::path_of;
use super::session::{Negotiated, DEFAULT_DEBOUNCE};
use crate::line_index::Encoding;
use crate::resolve::formats;

/// What the client's `initialize` settles (the settings in the initialization options are read
/// apart, see [`super::handlers::lifecycle`]).
pub fn negotiate(params: &InitializeParams) -> Negotiated {
    let caps = &params.capabilities;
    let offers_utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|list| list.contains(&PositionEncodingKind::UTF8));
    // Pull only when the client can also be told to pull again (files on disk and settings
    // change what open documents show); Neovim 0.11 pulls without refresh support.
    let pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some())
        && caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
    let progress = caps
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        .unwrap_or(false);
    let configuration = caps
        .workspace
        .as_ref()
        .and_then(|w| w.configuration)
        .unwrap_or(false);
    #[allow(deprecated)] // `root_uri`: the fallback for clients without workspace folders.
    let roots: Vec<PathBuf> = match &params.workspace_folders {
        Some(folders) => folders.iter().filter_map(|f| path_of(&f.uri)).collect(),
        None => params.root_uri.iter().filter_map(path_of).collect(),
    };
    let debounce = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("debounceMs"))
        .and_then(Value::as_u64)
        .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
    let inlay_hints = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("inlayHints"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let inlay_hint_refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.inlay_hint.as_ref())
        .and_then(|h| h.refresh_support)
        .unwrap_or(false);
    Negotiated {
        encoding: if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        pull,
        progress,
        configuration,
        debounce,
        inlay_hints,
        inlay_hint_refresh,
        roots,
    }
}

/// The server's capabilities, for what was negotiated.
pub fn server_capabilities(negotiated: &Negotiated) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match negotiated.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        inlay_hint_provider: negotiated.inlay_hints.then_some(OneOf::Left(true)),
        diagnostic_provider: negotiated.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("residency".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        completion_provider: Some(CompletionOptions {
            // Quotes open a location value; `:` and `,` come before a suppression's codes.
            trigger_characters: Some(vec!["\"".into(), "'".into(), ":".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL_KIND),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// The files whose change on disk changes what the server reports: every format's globs
/// (from the format registry, [`formats::watch_globs`]) and `.residency.yaml`; registered for
/// `workspace/didChangeWatchedFiles`. A test checks them against the names the check reads.
pub fn watched_globs() -> Vec<&'static str> {
    formats::watch_globs()
}

/// The dynamic registration of the watched files.
pub fn watched_files_registration() -> Registration {
    let watchers = watched_globs()
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*g).to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: "residency-watched-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Every file name the check reads is watched: a change on disk to any of them re-checks.
    #[test]
    fn watched_globs_cover_every_file_the_check_reads() {
        let globs: Vec<globset::GlobMatcher> = watched_globs()
            .iter()
            .map(|g| {
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .build()
                    .unwrap()
                    .compile_matcher()
            })
            .collect();
        let watched = |p: &Path| globs.iter().any(|g| g.is_match(p));
        let names = [
            "main.tf",
            "prod.tfvars",
            "main.tf.json",
            "prod.tfvars.json",
            "plan.json",
            "azuredeploy.json",
            "azuredeploy.parameters.json",
            "template.jsonc",
            "main.bicep",
            "main.bicepparam",
            "Pulumi.yaml",
            "Pulumi.prod.yaml",
            "Pulumi.dev.yml",
            "aadds.yaml",
            "manifests.yml",
            "Set-Mfa.ps1",
        ];
        for name in names {
            let path = Path::new("/work/infra").join(name);
            assert!(crate::check::is_supported_name(&path), "{name} is read");
            assert!(
                watched(&path),
                "{name} is read by the check but not watched"
            );
        }
        assert!(watched(Path::new("/work/infra/.residency.yaml")));
        assert!(!watched(Path::new("/work/infra/README.md")));
    }
}
