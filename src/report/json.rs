//! `--format json`: the stable document scripts rely on (`version` 1). See [`super::Report::write`].

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Locator, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::Encoding;
use crate::syntax::TextRange;

/// The version of the document's shape; bumped only on an incompatible change.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files_checked: usize,
    /// The EU090 findings of the document: values that decide where identity data lives and
    /// could not be proven (an addition to version 1).
    unknown_locations: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// The findings suppression comments and waivers silenced (an addition to version 1),
    /// each with what silenced it.
    suppressed: Vec<JsonSuppressed<'a>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
    suppression: JsonSuppression<'a>,
}

#[derive(Serialize)]
pub(super) struct JsonSuppression<'a> {
    /// `inSource` (a `residency-ignore` comment) or `external` (a waiver), as SARIF says.
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    /// The headline.
    message: &'a str,
    /// Why (an addition to version 1): the facts behind the finding, one sentence each.
    notes: &'a [String],
    /// What to do (an addition to version 1), when the rule says.
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
    related: Vec<JsonRelated<'a>>,
    /// The caller folder or parameters/variable file the finding's values came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<JsonContext>,
}

#[derive(Serialize)]
struct JsonContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    caller: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    line: u32,
    column: u32,
    message: &'a str,
}

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        files_checked: report.files_checked,
        unknown_locations: super::unknown_locations(report.diagnostics),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(d, locator))
            .collect(),
        suppressed: report
            .suppressed
            .iter()
            .map(|s| JsonSuppressed {
                diagnostic: diagnostic(&s.diagnostic, locator),
                suppression: JsonSuppression {
                    kind: super::suppression_kind(s),
                    reason: s.reason.as_deref(),
                    owner: s.waiver.as_ref().map(|w| w.owner.as_str()),
                    expires: s.waiver.as_ref().and_then(|w| w.expires.as_deref()),
                },
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

fn diagnostic<'a>(d: &'a Diagnostic, locator: &Locator) -> JsonDiagnostic<'a> {
    let (path, span) = located(locator, &d.path, d.range);
    JsonDiagnostic {
        path,
        line: span.line,
        column: span.column,
        end_line: span.end_line,
        end_column: span.end_column,
        code: d.code,
        name: d.name,
        severity: d.severity,
        message: &d.message,
        notes: &d.notes,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            safe: fix.safe,
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let (path, span) = located(locator, &e.path, e.range);
                    JsonEdit {
                        path,
                        line: span.line,
                        column: span.column,
                        end_line: span.end_line,
                        end_column: span.end_column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
        related: d
            .related
            .iter()
            .map(|r| {
                let (path, span) = located(locator, &r.path, r.range);
                JsonRelated {
                    path,
                    line: span.line,
                    column: span.column,
                    message: &r.message,
                }
            })
            .collect(),
        context: (!d.context.is_empty()).then(|| JsonContext {
            caller: d.context.caller.as_deref().map(display_path),
            environment: d.context.environment.as_deref().map(display_path),
        }),
    }
}

/// A path as given, as every path of the document is.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The path as given, and the span in Unicode scalar values.
fn located(locator: &Locator, path: &Path, range: TextRange) -> (String, super::Span) {
    (
        path.to_string_lossy().into_owned(),
        locator.span(path, range, Encoding::Utf32),
    )
}
