//! `--format text`: rustc-style diagnostics for people, then a one-line summary.
//!
//! ```text
//! error[EU010]: Domain Services replica set in `eastus2` (United States): ...
//!  --> main.tf:3:14
//!   |
//! 3 |   location = "eastus2"
//!   |              ^^^^^^^^^
//!   |
//!   = note: variables.tf:2:13: the location comes from this default
//!   = help: Set the location to `westeurope` (unsafe fix)
//!
//! Found 1 problem (1 error) in 2 files.
//! ```
//!
//! Columns in the ` --> path:line:col` header and in notes are 1-based Unicode scalar values.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Locator, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::Encoding;
use crate::rules;

pub(super) fn write(
    report: &Report,
    locator: &Locator,
    out: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for d in report.diagnostics {
        let rendered = render(d, locator, &renderer, color);
        writeln!(out, "{rendered}\n")?;
    }
    writeln!(out, "{}", summary(report.diagnostics, report.files_checked))
}

/// One diagnostic, rendered without a trailing newline.
fn render(d: &Diagnostic, locator: &Locator, renderer: &Renderer, color: bool) -> String {
    let path = d.path.to_string_lossy();
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let mut title = level.primary_title(d.message.as_str()).id(d.code);
    if color {
        if let Some(meta) = rules::meta(d.code) {
            title = title.id_url(meta.help_uri());
        }
    }
    let mut group = Group::with_title(title);
    // Without the file's text there is no snippet; the renderer would write its ` --> ` line
    // unindented, so it is written here, after the title.
    let mut origin = None;

    match locator.index(&d.path) {
        Some(index) => {
            // The snippet holds only the lines the range covers, joined with `\n` (so `\r\n`
            // and lone `\r` never reach the renderer), numbered from the first of them.
            let len = index.text().len();
            let at = |offset: u32| {
                index
                    .position((offset as usize).min(len), Encoding::Utf8)
                    .unwrap_or_default()
            };
            let start = at(d.range.start);
            let mut end = at(d.range.end.max(d.range.start));
            if end.line > start.line && end.col == 0 {
                // A range ending just after a line break ends on the line before.
                let line = end.line - 1;
                let width = index.line_text(line as usize).map_or(0, str::len);
                end = crate::line_index::LineCol::new(line, width as u32);
            }
            let mut source = String::new();
            let mut line_offsets = Vec::new();
            for line in start.line..=end.line {
                if line > start.line {
                    source.push('\n');
                }
                line_offsets.push(source.len());
                source.push_str(index.line_text(line as usize).unwrap_or_default());
            }
            let span_start = line_offsets[0] + start.col as usize;
            let span_end = line_offsets[(end.line - start.line) as usize] + end.col as usize;
            group = group.element(
                Snippet::source(source)
                    .line_start(start.line as usize + 1)
                    .path(path.clone())
                    .annotation(AnnotationKind::Primary.span(span_start..span_end)),
            );
        }
        None => {
            let span = locator.span(&d.path, d.range, Encoding::Utf32);
            origin = Some(format!(" --> {path}:{}:{}", span.line, span.column));
        }
    }

    for note in &d.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    for r in &d.related {
        let span = locator.span(&r.path, r.range, Encoding::Utf32);
        group = group.element(Level::NOTE.message(format!(
            "{}:{}:{}: {}",
            r.path.to_string_lossy(),
            span.line,
            span.column,
            r.message
        )));
    }
    if let Some(help) = super::help_line(d) {
        group = group.element(Level::HELP.message(help));
    }
    let rendered = renderer.render(&[group]);
    match origin {
        Some(origin) => {
            // After the title's lines (a message may hold line breaks).
            // The notes below it are drawn with a gutter as wide as for a one-digit line
            // number, as those of findings with a snippet are.
            let title_lines = d.message.split('\n').count();
            let lines: Vec<&str> = rendered.split('\n').collect();
            let at = title_lines.min(lines.len());
            let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
            out.push(origin);
            out.extend(lines[at..].iter().map(|l| format!(" {l}")));
            out.join("\n")
        }
        None => rendered,
    }
}

/// `Found 3 problems (2 errors, 1 warning) in 12 files.` or `No problems found in 12 files.`
pub(super) fn summary(diagnostics: &[Diagnostic], files_checked: usize) -> String {
    let files = plural(files_checked, "file", "files");
    if diagnostics.is_empty() {
        return format!("No problems found in {files}.");
    }
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let parts: Vec<String> = [
        (count(Severity::Error), "error", "errors"),
        (count(Severity::Warning), "warning", "warnings"),
        (count(Severity::Info), "info", "info"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    let unknown = super::unknown_locations(diagnostics);
    let unproven = match unknown {
        0 => String::new(),
        1 => "; 1 location could not be proven".to_string(),
        n => format!("; {n} locations could not be proven"),
    };
    let safe = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.safe))
        .count();
    let unsafe_ = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| !f.safe))
        .count();
    // As ruff says it: what `--fix` would do, then what `--unsafe-fixes` adds.
    let fixable = match (safe, unsafe_) {
        (0, 0) => String::new(),
        (0, u) => format!("\n{u} fixable with `--fix --unsafe-fixes`."),
        (s, 0) => format!("\n{s} fixable with `--fix`."),
        (s, u) => format!("\n{s} fixable with `--fix` ({u} more with `--unsafe-fixes`)."),
    };
    format!(
        "Found {} ({}) in {files}{unproven}.{fixable}",
        plural(diagnostics.len(), "problem", "problems"),
        parts.join(", ")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
