//! Core diagnostics (byte ranges) to LSP diagnostics (lines and columns in the negotiated
//! encoding). The fix travels in `data`, so code actions need no server state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri,
};

use crate::check;
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::syntax::TextRange;

/// What `Diagnostic.data` holds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixData>,
    /// Why (the finding's notes), for the hover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What to do, for the hover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A fix, in LSP terms.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FixData {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<FileEdit>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileEdit {
    pub uri: Uri,
    #[serde(flatten)]
    pub edit: TextEdit,
}

/// Line indexes of the files of one check, built on demand.
pub struct Texts<'a> {
    sources: &'a HashMap<PathBuf, Arc<String>>,
    indexes: HashMap<PathBuf, LineIndex<'a>>,
}

impl<'a> Texts<'a> {
    pub fn new(sources: &'a HashMap<PathBuf, Arc<String>>) -> Self {
        Texts {
            sources,
            indexes: HashMap::new(),
        }
    }

    /// The LSP range of `range` in `path`; `None` when the file's text is unknown or the range
    /// lies outside it.
    pub fn range(&mut self, path: &Path, range: TextRange, encoding: Encoding) -> Option<Range> {
        if !self.indexes.contains_key(path) {
            let text = self.sources.get(path)?;
            self.indexes
                .insert(path.to_path_buf(), LineIndex::new(text.as_ref()));
        }
        let index = self.indexes.get(path)?;
        Some(Range {
            start: position(index.position(range.start as usize, encoding)?),
            end: position(index.position(range.end as usize, encoding)?),
        })
    }
}

pub fn position(p: LineCol) -> Position {
    Position {
        line: p.line,
        character: p.col,
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The file URI of a path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    Uri::from_file_path(crate::paths::absolute(path))
}

/// Converts one diagnostic; `None` when its range does not fit its file's text.
pub fn to_lsp(d: &Diagnostic, texts: &mut Texts, encoding: Encoding) -> Option<lsp::Diagnostic> {
    let range = texts.range(&d.path, d.range, encoding)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: uri_of(&r.path)?,
                    range: texts.range(&r.path, r.range, encoding)?,
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let fix = d.fix.as_ref().and_then(|f| {
        let edits = f
            .edits
            .iter()
            .map(|e| {
                Some(FileEdit {
                    uri: uri_of(&e.path)?,
                    edit: TextEdit {
                        range: texts.range(&e.path, e.range, encoding)?,
                        new_text: e.replacement.clone(),
                    },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(FixData {
            title: f.title.clone(),
            safe: f.safe,
            edits,
        })
    });
    let meta = crate::rules::meta(d.code);
    Some(lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: meta
            .and_then(|m| crate::lsp::rule_docs::link(m).parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some("residency".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(DiagnosticData {
            fix,
            notes: d.notes.clone(),
            help: d.help.clone(),
        })
        .ok(),
    })
}

/// One file's diagnostics from a check, with the identity resources declared in it.
pub struct FileResult {
    pub path: PathBuf,
    pub uri: Uri,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub resources: Vec<(TextRange, String)>,
    pub hints: Vec<crate::check::HintInfo>,
    /// Where tenant locations are written (string starts), for completion.
    pub tenant_literals: Vec<u32>,
}

/// LSP diagnostics per file; every path of `paths`
/// gets an entry (empty when it has no finding).
pub fn file_results(
    outcome: &check::Outcome,
    encoding: Encoding,
    paths: &[PathBuf],
) -> Vec<FileResult> {
    let mut texts = Texts::new(&outcome.sources);
    let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
    // A configuration's own diagnostics (its problems, its expired waivers) come from
    // `config_file`, from its open text.
    let is_config = |p: &Path| super::config_file::is_config(p);
    for d in outcome.diagnostics.iter().filter(|d| !is_config(&d.path)) {
        if let Some(lsp) = to_lsp(d, &mut texts, encoding) {
            by_file
                .entry(crate::paths::absolute(&d.path))
                .or_default()
                .push(lsp);
        }
    }
    // Every file checked or read (a module beyond the folder too): one that had findings and
    // has none now is cleared.
    for p in paths {
        by_file.entry(p.clone()).or_default();
    }
    for p in outcome.sources.keys().filter(|p| !is_config(p)) {
        by_file.entry(crate::paths::absolute(p)).or_default();
    }
    let mut resources: HashMap<PathBuf, Vec<(TextRange, String)>> = HashMap::new();
    for r in &outcome.resources {
        resources
            .entry(crate::paths::absolute(&r.path))
            .or_default()
            .push((r.range, r.markdown.clone()));
    }
    let mut hints: HashMap<PathBuf, Vec<crate::check::HintInfo>> = HashMap::new();
    for h in &outcome.hints {
        hints
            .entry(crate::paths::absolute(&h.path))
            .or_default()
            .push(h.clone());
    }
    let mut tenant_literals: HashMap<PathBuf, Vec<u32>> = HashMap::new();
    for (path, start) in &outcome.tenant_literals {
        tenant_literals
            .entry(crate::paths::absolute(path))
            .or_default()
            .push(*start);
    }
    by_file
        .into_iter()
        .filter_map(|(path, diagnostics)| {
            Some(FileResult {
                uri: uri_of(&path)?,
                resources: resources.remove(&path).unwrap_or_default(),
                hints: hints.remove(&path).unwrap_or_default(),
                tenant_literals: tenant_literals.remove(&path).unwrap_or_default(),
                path,
                diagnostics,
            })
        })
        .collect()
}

/// The fix a diagnostic carries in `data`.
pub fn fix_of(d: &lsp::Diagnostic) -> Option<FixData> {
    data_of(d)?.fix
}

/// What a diagnostic carries in `data`.
pub fn data_of(d: &lsp::Diagnostic) -> Option<DiagnosticData> {
    serde_json::from_value(d.data.clone()?).ok()
}

/// The rule code of a diagnostic from this server.
pub fn code_of(d: &lsp::Diagnostic) -> Option<&str> {
    if d.source.as_deref() != Some("residency") {
        return None;
    }
    match &d.code {
        Some(NumberOrString::String(code)) => Some(code),
        _ => None,
    }
}
