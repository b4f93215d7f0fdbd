//! `--format markdown`: a job summary for people (GitHub's `$GITHUB_STEP_SUMMARY`, an Azure
//! Pipelines `task.uploadsummary`, a merge-request comment).
//!
//! A heading with the totals, a table of the findings per rule (most first), and the first
//! [`TOP`] findings, errors first, each with its `path:line` — a link when
//! [`Report::link_base`] is set (the file's `/` path and `#L<line>` appended to it). Table cells
//! have `|` escaped and line breaks turned into `<br>`, so a message cannot break the table.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{slash_path, Locator, Report};
use crate::diagnostic::Severity;
use crate::line_index::Encoding;
use crate::rules;

/// How many findings the summary lists one by one.
pub const TOP: usize = 20;

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = report.diagnostics;
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let files = report.files_checked;
    let files = format!("{files} file{}", if files == 1 { "" } else { "s" });
    if diagnostics.is_empty() {
        writeln!(out, "## residency: no problems found in {files}")?;
        return Ok(());
    }
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        match count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    let n = diagnostics.len();
    writeln!(
        out,
        "## residency: {n} problem{} ({}) in {files}\n",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )?;

    // Per rule: the count and the worst severity, most findings first, then by code.
    let mut per_rule: BTreeMap<&str, (&str, usize, Severity)> = BTreeMap::new();
    for d in diagnostics {
        let entry = per_rule.entry(d.code).or_insert((d.name, 0, d.severity));
        entry.1 += 1;
        entry.2 = entry.2.max(d.severity);
    }
    let mut per_rule: Vec<_> = per_rule.into_iter().collect();
    per_rule.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    writeln!(out, "| rule | name | severity | findings |")?;
    writeln!(out, "|---|---|---|---:|")?;
    for (code, (name, n, severity)) in &per_rule {
        let code = match rules::meta(code) {
            Some(meta) => format!("[{code}]({})", meta.help_uri()),
            None => (*code).to_owned(),
        };
        writeln!(out, "| {code} | {name} | {} | {n} |", severity.as_str())?;
    }

    let mut top: Vec<_> = diagnostics.iter().collect();
    // Stable: within a severity, the order given.
    top.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let shown = top.len().min(TOP);
    writeln!(
        out,
        "\n### {}\n",
        if shown < n {
            format!("The first {shown} of {n} findings")
        } else {
            "Findings".to_owned()
        }
    )?;
    writeln!(out, "| severity | location | rule | message |")?;
    writeln!(out, "|---|---|---|---|")?;
    for d in top.into_iter().take(TOP) {
        let line = locator.span(&d.path, d.range, Encoding::Utf32).line;
        let path = slash_path(&d.path);
        let place = format!("{path}:{line}");
        let location = match &report.link_base {
            Some(base) if is_below(&d.path) => {
                format!("[`{}`]({base}{}#L{line})", cell(&place), link_path(&path))
            }
            _ => format!("`{}`", cell(&place)),
        };
        writeln!(
            out,
            "| {} | {location} | {} | {} |",
            d.severity.as_str(),
            d.code,
            cell(&match super::help_line(d) {
                Some(help) => format!("{}\nhelp: {help}", d.message),
                None => d.message.clone(),
            })
        )?;
    }
    Ok(())
}

/// Whether `path` is relative and stays below the current folder (only such a path is a path
/// in the repository that [`Report::link_base`] points at).
fn is_below(path: &std::path::Path) -> bool {
    path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    })
}

/// A table cell's text: `|` escaped, line breaks as `<br>`.
fn cell(s: &str) -> String {
    s.replace("\r\n", "<br>")
        .replace(['\r', '\n'], "<br>")
        .replace('|', "\\|")
}

/// A path as a URL path: `./` dropped, and the characters that would end or break a Markdown
/// link target percent-encoded.
fn link_path(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_the_table_whole() {
        assert_eq!(cell("a|b\r\nc\nd\re"), "a\\|b<br>c<br>d<br>e");
    }

    #[test]
    fn link_paths() {
        assert_eq!(link_path("./env/prod, é:1%.tf"), "env/prod,%20é:1%25.tf");
        assert_eq!(link_path("a/(b)#c?.tf"), "a/%28b%29%23c%3F.tf");
    }
}
