//! Output formats of `residency check`: `text` (rustc-style, for people), `json` (the stable
//! contract for scripts), `sarif` (SARIF 2.1.0, for code-scanning dashboards), `github`
//! (GitHub Actions workflow commands, for inline annotations on pull requests), `azure` (Azure
//! Pipelines logging commands), `gitlab` (a GitLab Code Quality report) and `markdown` (a job
//! summary).
//!
//! Only this module (and `lsp/`) turns byte ranges into lines and columns, with
//! [`LineIndex`], in the unit each format documents:
//!
//! | format | lines | columns |
//! |---|---|---|
//! | text | 1-based | 1-based, Unicode scalar values |
//! | json | 1-based | 1-based, Unicode scalar values |
//! | sarif | 1-based | 1-based, UTF-16 code units (`run.columnKind` = `utf16CodeUnits`) |
//! | github | 1-based | 1-based, Unicode scalar values |
//! | azure | 1-based | 1-based, Unicode scalar values |
//! | gitlab | 1-based (the first line only) | none |
//! | markdown | 1-based (the first line only) | none |
//!
//! An end position is exclusive: it is the position just after the range's last character.
//!
//! Diagnostics are written in the order given: sorting is the caller's choice.

mod azure;
mod github;
mod gitlab;
pub mod inventory;
pub(crate) mod json;
mod markdown;
mod sarif;
mod text;

pub use sarif::SCHEMA_URI as SARIF_SCHEMA_URI;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Suppressed};
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::syntax::TextRange;

/// Where reporters get the text of a file named in a diagnostic (its own path, a related
/// item's, a fix edit's), to compute lines and columns and to quote source lines.
///
/// Implemented for closures `Fn(&Path) -> Option<Arc<String>>` and for maps from path to text.
/// Each path is looked up once per [`Report::write`]. A file whose text is not available (an
/// unreadable file, `E002`) gets line 1, column 1 for every position, and no quoted source.
pub trait Sources {
    /// The text of `path`, as it was checked; `None` when it is not available.
    fn source(&self, path: &Path) -> Option<Arc<String>>;
}

impl<F> Sources for F
where
    F: Fn(&Path) -> Option<Arc<String>>,
{
    fn source(&self, path: &Path) -> Option<Arc<String>> {
        self(path)
    }
}

impl Sources for HashMap<PathBuf, Arc<String>> {
    fn source(&self, path: &Path) -> Option<Arc<String>> {
        self.get(path).cloned()
    }
}

impl Sources for BTreeMap<PathBuf, Arc<String>> {
    fn source(&self, path: &Path) -> Option<Arc<String>> {
        self.get(path).cloned()
    }
}

/// The result of one `residency check` run, ready to be written in any [`Format`].
pub struct Report<'a> {
    /// Every finding, in the order it is to be written. Paths are as the user gave them or
    /// relative to the current directory.
    pub diagnostics: &'a [Diagnostic],
    /// How many files were checked (for the summary and the JSON `files_checked`).
    pub files_checked: usize,
    /// The checked files' texts.
    pub sources: &'a dyn Sources,
    /// The findings that suppression comments silenced, with their reasons. Only SARIF lists
    /// them (as results with `suppressions`); the other formats leave them out.
    pub suppressed: &'a [Suppressed],
    /// Where a file can be browsed, for links in [`Format::Markdown`]: a finding links to this
    /// prefix followed by the file's `/` path and `#L<line>` (on GitHub,
    /// `https://github.com/OWNER/REPO/blob/SHA/`). `None`: no links.
    pub link_base: Option<String>,
}

/// An output format of `residency check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// rustc-style: the message, the source line with the range underlined, notes and help.
    Text,
    /// The stable JSON document (`version` 1) that the README describes.
    Json,
    /// SARIF 2.1.0, one run.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`), one line per finding.
    Github,
    /// Azure Pipelines logging commands (`##vso[task.logissue ...]message`), one line per finding.
    Azure,
    /// A GitLab Code Quality report (JSON).
    Gitlab,
    /// A Markdown job summary: counts per rule and the top findings.
    Markdown,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Azure,
        Format::Gitlab,
        Format::Markdown,
    ];

    /// The name used on the command line: `text`, `json`, `sarif`, `github`, `azure`, `gitlab`,
    /// `markdown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Azure => "azure",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format `{s}` (expected text, json, sarif, github, azure, gitlab or markdown)"))
    }
}

impl<'a> Report<'a> {
    /// Writes the report to `out` in `format`.
    ///
    /// `color` applies to [`Format::Text`] only (ANSI styles, and the rule code as a terminal
    /// hyperlink to its documentation); the caller decides, typically when stdout is a
    /// terminal and `NO_COLOR` is unset. The machine formats never contain escapes.
    ///
    /// - **text**: for each diagnostic, `error[EU010]: message`, ` --> path:line:col`, the
    ///   source lines with the range underlined, `= note: path:line:col: message` for each
    ///   related item and `= help: fix title` (`(unsafe fix)` appended when the fix is not
    ///   safe); then a summary line, `Found 3 problems (2 errors, 1 warning) in 12 files.` or
    ///   `No problems found in 12 files.`.
    /// - **json**: the contract of the design document; see *JSON* below.
    /// - **sarif**: SARIF 2.1.0 with every rule of [`crate::rules::CATALOG`] in
    ///   `tool.driver.rules`.
    /// - **github**: `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE (name)::MESSAGE`
    ///   (`::warning` for warnings, `::notice` for info), escaped as GitHub documents.
    /// - **azure**: `##vso[task.logissue type=error;sourcepath=PATH;linenumber=L;columnnumber=C;code=CODE]MESSAGE`,
    ///   escaped as the Azure Pipelines agent reads it.
    /// - **gitlab**: a GitLab Code Quality JSON array, fingerprints from the baseline key.
    /// - **markdown**: a job summary, counts per rule and the first findings.
    ///
    /// # JSON
    ///
    /// Pretty-printed (two-space indent), keys in this fixed order, one trailing newline:
    ///
    /// ```json
    /// {"version": 1, "files_checked": 12, "diagnostics": [{
    ///   "path": "main.tf", "line": 3, "column": 14, "end_line": 3, "end_column": 23,
    ///   "code": "EU010", "name": "domain-services-outside-europe", "severity": "error",
    ///   "message": "...",
    ///   "fix": {"title": "...", "safe": false, "edits": [{"path": "main.tf", "line": 3,
    ///           "column": 14, "end_line": 3, "end_column": 23, "replacement": "\"westeurope\""}]},
    ///   "related": [{"path": "variables.tf", "line": 2, "column": 13, "message": "..."}]}]}
    /// ```
    ///
    /// Lines and columns are 1-based, columns counted in Unicode scalar values, and
    /// `end_line`/`end_column` point just past the range. `fix` is present only when the
    /// diagnostic has one. `related` (always present, possibly empty) is an addition to the
    /// contract of version 1: readers that ignore unknown keys are unaffected.
    pub fn write(&self, format: Format, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let texts = self.load_texts();
        let locator = Locator::new(&texts);
        match format {
            Format::Text => text::write(self, &locator, out, color),
            Format::Json => json::write(self, &locator, out),
            Format::Sarif => sarif::write(self, &locator, out),
            Format::Github => github::write(self, &locator, out),
            Format::Azure => azure::write(self, &locator, out),
            Format::Gitlab => gitlab::write(self, &locator, out),
            Format::Markdown => markdown::write(self, &locator, out),
        }
    }

    /// Every path the diagnostics name, with its text (looked up once each).
    fn load_texts(&self) -> HashMap<&'a Path, Option<Arc<String>>> {
        let mut texts: HashMap<&'a Path, Option<Arc<String>>> = HashMap::new();
        let suppressed = self.suppressed.iter().map(|s| &s.diagnostic);
        for d in self.diagnostics.iter().chain(suppressed) {
            let related = d.related.iter().map(|r| r.path.as_path());
            let edits = d
                .fix
                .iter()
                .flat_map(|f| f.edits.iter().map(|e| e.path.as_path()));
            for path in std::iter::once(d.path.as_path())
                .chain(related)
                .chain(edits)
            {
                if !texts.contains_key(path) {
                    texts.insert(path, self.sources.source(path));
                }
            }
        }
        texts
    }
}

/// SARIF's word for what silenced a finding: `inSource` (a comment) or `external` (a waiver of
/// `.residency.yaml`).
fn suppression_kind(s: &Suppressed) -> &'static str {
    if s.waiver.is_some() {
        "external"
    } else {
        "inSource"
    }
}

/// A position range, 1-based, with an exclusive end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

/// Line indexes of every file a report names, built once per write.
struct Locator<'t> {
    indexes: HashMap<&'t Path, LineIndex<'t>>,
    /// Stands in for files whose text is not available.
    empty: LineIndex<'static>,
}

impl<'t> Locator<'t> {
    fn new(texts: &'t HashMap<&'t Path, Option<Arc<String>>>) -> Self {
        let indexes = texts
            .iter()
            .filter_map(|(path, text)| Some((*path, LineIndex::new(text.as_deref()?))))
            .collect();
        Self {
            indexes,
            empty: LineIndex::new(""),
        }
    }

    /// The index of `path`'s text, if the text is available.
    fn index(&self, path: &Path) -> Option<&LineIndex<'t>> {
        self.indexes.get(path)
    }

    /// The 0-based position of `offset` in `path`. An offset past the end of the text (the
    /// text changed since the check) is clamped to the end.
    fn position(&self, path: &Path, offset: u32, encoding: Encoding) -> LineCol {
        let index = self.indexes.get(path).unwrap_or(&self.empty);
        let offset = (offset as usize).min(index.text().len());
        index.position(offset, encoding).unwrap_or_default()
    }

    /// The 1-based span of `range` in `path`.
    fn span(&self, path: &Path, range: TextRange, encoding: Encoding) -> Span {
        let start = self.position(path, range.start, encoding);
        let end = self.position(path, range.end.max(range.start), encoding);
        Span {
            line: start.line + 1,
            column: start.col + 1,
            end_line: end.line + 1,
            end_column: end.col + 1,
        }
    }
}

/// `s` with each character that `table` names replaced by its escape (the workflow commands of
/// GitHub and Azure Pipelines escape this way, each with its own table).
fn escape(s: &str, table: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match table.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}

/// `path` as a string with `/` between its components, whatever the platform's separator
/// (a `\` inside a Unix file name stays as it is).
fn slash_path(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::RootDir => out.push('/'),
            Component::CurDir => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push('.');
            }
            Component::ParentDir => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str("..");
            }
            Component::Normal(name) => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&name.to_string_lossy());
            }
        }
    }
    out
}

/// How many findings say a value deciding where identity data lives could not be proven
/// (EU090), for the summary line, the JSON document and `--max-unknown`.
/// The headline, then a line per note and the help: the whole finding, for the formats that
/// carry one text (GitHub and Azure Pipelines annotations).
fn long_text(d: &crate::diagnostic::Diagnostic) -> String {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = help_line(d) {
        text.push_str("\nhelp: ");
        text.push_str(&help);
    }
    text
}

/// What the `help:` line says: the fix when there is one (it is the remedy, made concrete),
/// else the finding's help.
fn help_line(d: &crate::diagnostic::Diagnostic) -> Option<String> {
    match (&d.fix, &d.help) {
        (Some(fix), _) if fix.safe => Some(fix.title.clone()),
        (Some(fix), _) => Some(format!("{} (unsafe fix)", fix.title)),
        (None, help) => help.clone(),
    }
}

pub fn unknown_locations(diagnostics: &[crate::diagnostic::Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.code == "EU090").count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            assert_eq!(format.to_string(), format.as_str());
        }
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
        assert!("xml".parse::<Format>().is_err());
    }

    #[test]
    fn slash_paths() {
        assert_eq!(slash_path(Path::new("a/b/c.tf")), "a/b/c.tf");
        assert_eq!(slash_path(Path::new("./a/../b.tf")), "./a/../b.tf");
        assert_eq!(slash_path(Path::new("/srv/a.tf")), "/srv/a.tf");
        #[cfg(windows)]
        assert_eq!(slash_path(Path::new(r"a\b.tf")), "a/b.tf");
    }

    #[test]
    fn missing_text_and_stale_ranges_do_not_panic() {
        let texts: HashMap<&Path, Option<Arc<String>>> = [
            (Path::new("a.tf"), Some(Arc::new("ab\r\ncd".to_string()))),
            (Path::new("gone.tf"), None),
        ]
        .into_iter()
        .collect();
        let locator = Locator::new(&texts);
        let span = |path: &str, start, end| {
            locator.span(Path::new(path), TextRange { start, end }, Encoding::Utf32)
        };
        let s = span("a.tf", 4, 99);
        assert_eq!((s.line, s.column, s.end_line, s.end_column), (2, 1, 2, 3));
        let s = span("gone.tf", 5, 9);
        assert_eq!((s.line, s.column, s.end_line, s.end_column), (1, 1, 1, 1));
        let s = span("never-loaded.tf", 0, 0);
        assert_eq!((s.line, s.column), (1, 1));
        // An inverted range (a bug elsewhere) ends where it starts.
        let s = span("a.tf", 5, 1);
        assert_eq!((s.line, s.column, s.end_line, s.end_column), (2, 2, 2, 2));
    }
}
