//! Diagnostics on `.residency.yaml` itself: each problem that makes the file refused (bad
//! YAML, an unknown key, a bad value) at its key, from the open document's text, else the
//! file on disk. Published when the document opens or changes, when the file changes on disk,
//! and when a check fails because of the file; cleared when it is fixed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, DiagnosticSeverity, Range};

use super::diagnostics::{position, uri_of};
use super::scheduler::Publication;
use super::server::Backend;
use super::session::Published;
use crate::config::{Config, FILE_NAME};
use crate::line_index::{Encoding, LineIndex};

/// Whether `path` is a configuration file.
pub fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == FILE_NAME)
}

/// The diagnostics of a configuration's text (empty when it is accepted).
pub fn diagnostics(path: &Path, text: &str, encoding: Encoding) -> Vec<lsp::Diagnostic> {
    let index = LineIndex::new(text);
    let at = |offset: u32| {
        index
            .position((offset as usize).min(text.len()), encoding)
            .map(position)
            .unwrap_or_default()
    };
    let problems = match Config::parse_text(text, path) {
        Ok(config) => return expired_waivers(&config, &at),
        Err(problems) => problems,
    };
    problems
        .into_iter()
        .map(|p| lsp::Diagnostic {
            range: Range {
                start: at(p.range.start),
                end: at(p.range.end),
            },
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("residency".into()),
            message: format!(
                "{}; the configuration is not used until this is fixed",
                p.message
            ),
            ..lsp::Diagnostic::default()
        })
        .collect()
}

/// The waivers of an accepted configuration whose day has passed (E004): what the check
/// reports on the file, shown as it is edited.
fn expired_waivers(config: &Config, at: &dyn Fn(u32) -> lsp::Position) -> Vec<lsp::Diagnostic> {
    let today = crate::config::waivers::Date::today();
    let meta = &crate::rules::EXPIRED_WAIVER;
    config
        .waivers
        .iter()
        .filter(|w| w.expired(today))
        .map(|w| lsp::Diagnostic {
            range: Range {
                start: at(w.range.start),
                end: at(w.range.end),
            },
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(lsp::NumberOrString::String(meta.code.into())),
            source: Some("residency".into()),
            message: w.expired_message(),
            ..lsp::Diagnostic::default()
        })
        .collect()
}

/// Checks the configuration at `path` (the open document, else the file on disk; a file that
/// is gone has no problems) and publishes its diagnostics when they changed.
pub fn publish(backend: &Backend, path: &Path) {
    let open = backend
        .state
        .session()
        .docs
        .get_mut(path)
        .map(|d| (d.text(), d.version));
    let (text, version) = match open {
        Some((text, version)) => (Some(text), Some(version)),
        None => (std::fs::read_to_string(path).ok().map(Arc::new), None),
    };
    let negotiated = backend.state.negotiated();
    let diagnostics = text
        .map(|t| diagnostics(path, &t, negotiated.encoding))
        .unwrap_or_default();
    let Some(uri) = uri_of(path) else { return };
    let mut session = backend.state.session();
    if session.version(path) != version {
        return; // opened, edited or closed meanwhile: that scheduled its own check
    }
    let previous = session.published.get(path);
    if previous.is_some_and(|p| p.version == version && p.diagnostics == diagnostics)
        || (previous.is_none() && diagnostics.is_empty() && version.is_none())
    {
        return;
    }
    session.published.insert(
        path.to_path_buf(),
        Published {
            run: 0,
            version,
            diagnostics: diagnostics.clone(),
            resources: Vec::new(),
            hints: Vec::new(),
            tenant_literals: Vec::new(),
        },
    );
    // With pull diagnostics, open documents are pulled, not pushed.
    if !(negotiated.pull && version.is_some()) {
        let _ = backend.outbox.send(Publication {
            uri,
            diagnostics,
            version,
        });
    }
}

/// The configuration that applies to the files of `dir`: the nearest at or above it.
pub fn nearest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The configuration files under `roots` (honouring `.gitignore`, as the check does).
pub fn under(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for root in roots {
        let walk = ignore::WalkBuilder::new(root)
            .hidden(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        found.extend(
            walk.flatten()
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| is_config(p)),
        );
    }
    found
}
