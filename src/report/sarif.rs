//! `--format sarif`: SARIF 2.1.0 (OASIS), one run, for code-scanning dashboards (GitHub code
//! scanning, Azure DevOps, the SARIF viewer for VS Code).
//!
//! - `tool.driver.rules` lists every rule of [`CATALOG`] (in catalog order) with its id, name,
//!   short description, documentation URL and default level; a code that is not in the catalog
//!   is appended after them. Each result's `ruleIndex` points into that list.
//! - Levels: error → `error`, warning → `warning`, info → `note`.
//! - Locations: `artifactLocation.uri` is a relative URI reference (the path as given, `/`
//!   separators, percent-encoded), or a `file://` URI for an absolute path. Regions are 1-based,
//!   columns counted in UTF-16 code units (`run.columnKind` = `utf16CodeUnits`, the SARIF
//!   default), `endColumn` just past the range.
//! - Each rule has `help` (`text`: its summary; `markdown`: its documentation, as
//!   `residency explain` prints it) and `properties.tags` (see [`tags`]).
//! - Each result has `partialFingerprints["residency/v1"]`, from [`baseline::fingerprints`]:
//!   the file, rule and resource, not the line, so code scanning keeps an alert's identity when
//!   lines move above it.
//! - Findings silenced by a `residency-ignore` comment are listed after the others, with
//!   `suppressions: [{"kind": "inSource", "justification": REASON}]` (no justification when the
//!   comment gives no reason); code scanning shows them as dismissed.
//! - Related items become `relatedLocations`; a fix becomes `fixes[0]` with one
//!   `artifactChange` per file (`deletedRegion` + `insertedContent`), and
//!   `properties.safe` telling whether `--fix` applies it without `--unsafe-fixes`.

use std::io::{self, Write};
use std::path::{Component, Path};

use serde::Serialize;

use super::{Locator, Report};
use crate::baseline;
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::Encoding;
use crate::rules::{self, RuleMeta, CATALOG, DOCS_BASE};
use crate::syntax::TextRange;

/// The published schema of SARIF 2.1.0 (with its errata), written as the log's `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    files_checked: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message<'a>>,
    /// Why the rule matters (its page's section), for viewers that show one paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: String,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

/// A result's message: the headline as `text`, and the headline with the why and the help as
/// `markdown` when the finding has them.
#[derive(Serialize)]
struct ResultMessage<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

/// The why and the help, for tools that read them apart from the message.
#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: ResultMessage<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    partial_fingerprints: PartialFingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "residency/v1")]
    residency: String,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    /// A waiver's owner and last day.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<WaiverProperties<'a>>,
}

#[derive(Serialize)]
struct WaiverProperties<'a> {
    owner: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    safe: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Message<'a>,
}

pub(super) fn write(report: &Report, locator: &Locator, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: Vec<Rule> = CATALOG.iter().map(rule).collect();
    let suppressed: Vec<&Diagnostic> = report.suppressed.iter().map(|s| &s.diagnostic).collect();
    let reported: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    // Fingerprints count repeats of a key over both lists, so that a finding keeps its
    // fingerprint whether or not another one of the same key is suppressed.
    let fingerprints = baseline::fingerprints(reported.iter().chain(&suppressed).copied());
    let justifications = report.suppressed.iter().map(Some);
    let mut results = Vec::with_capacity(fingerprints.len());
    let marks = std::iter::repeat_n(None, reported.len()).chain(justifications);
    for ((d, fingerprint), suppression) in reported
        .into_iter()
        .chain(suppressed)
        .zip(fingerprints)
        .zip(marks)
    {
        let rule_index = match rules.iter().position(|r| r.id == d.code) {
            Some(index) => index,
            None => {
                rules.push(Rule {
                    id: d.code,
                    name: d.name,
                    short_description: None,
                    full_description: None,
                    help_uri: None,
                    help: None,
                    default_configuration: Configuration {
                        level: level(d.severity),
                    },
                    properties: None,
                });
                rules.len() - 1
            }
        };
        let mut result = result(d, rule_index, locator, fingerprint);
        if let Some(s) = suppression {
            result.suppressions.push(Suppression {
                kind: super::suppression_kind(s),
                justification: s.reason.as_deref(),
                properties: s.waiver.as_ref().map(|w| WaiverProperties {
                    owner: &w.owner,
                    expires: w.expires.as_deref(),
                }),
            });
        }
        results.push(result);
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "residency",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules,
                },
            },
            column_kind: "utf16CodeUnits",
            results,
            properties: RunProperties {
                files_checked: report.files_checked,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// The project's home page: the repository the rule documentation lives in.
fn information_uri() -> &'static str {
    DOCS_BASE.split("/blob/").next().unwrap_or(DOCS_BASE)
}

fn rule(meta: &'static RuleMeta) -> Rule<'static> {
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Some(Message { text: meta.summary }),
        full_description: rules::why_it_matters(meta).map(|text| Message { text }),
        help_uri: Some(meta.help_uri()),
        help: Some(Help {
            text: meta.summary,
            markdown: rules::documentation(meta),
        }),
        default_configuration: Configuration {
            level: level(meta.default_severity),
        },
        properties: Some(RuleProperties {
            tags: tags(meta.code),
        }),
    }
}

/// A rule's tags, by the family its code belongs to: every `EU` rule is about `data-residency`
/// of `entra-id` data, with what it looks at; the `E` rules are about the check itself.
fn tags(code: &str) -> Vec<&'static str> {
    let family = match code.get(..4) {
        Some("EU00") => "tenant",
        Some("EU01") => "domain-services",
        Some("EU02") => "mfa",
        Some("EU03") => "b2b",
        Some("EU04") => "logs",
        Some("EU05") => "applications",
        Some("EU06") => "exchange",
        Some("EU09") => "location",
        _ => return vec!["residency-check"],
    };
    vec!["compliance", "data-residency", "entra-id", family]
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result<'a>(
    d: &'a Diagnostic,
    rule_index: usize,
    locator: &Locator,
    fingerprint: String,
) -> SarifResult<'a> {
    let fixes = match &d.fix {
        None => Vec::new(),
        Some(fix) => {
            // One artifactChange per file, in the order the files first appear.
            let mut changes: Vec<ArtifactChange> = Vec::new();
            let mut change_paths: Vec<&Path> = Vec::new();
            for edit in &fix.edits {
                let replacement = Replacement {
                    deleted_region: region(locator, &edit.path, edit.range),
                    inserted_content: Message {
                        text: &edit.replacement,
                    },
                };
                match change_paths.iter().position(|p| *p == edit.path) {
                    Some(i) => changes[i].replacements.push(replacement),
                    None => {
                        change_paths.push(&edit.path);
                        changes.push(ArtifactChange {
                            artifact_location: artifact_location(&edit.path),
                            replacements: vec![replacement],
                        });
                    }
                }
            }
            if changes.is_empty() {
                // SARIF requires at least one artifactChange; a fix without edits says nothing.
                Vec::new()
            } else {
                vec![SarifFix {
                    description: Message { text: &fix.title },
                    artifact_changes: changes,
                    properties: FixProperties { safe: fix.safe },
                }]
            }
        }
    };
    SarifResult {
        rule_id: d.code,
        rule_index,
        level: level(d.severity),
        message: ResultMessage {
            text: &d.message,
            markdown: (!d.notes.is_empty() || d.help.is_some()).then(|| markdown_message(d)),
        },
        locations: [Location {
            id: None,
            physical_location: physical_location(locator, &d.path, d.range),
            message: None,
        }],
        related_locations: d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| Location {
                id: Some(id),
                physical_location: physical_location(locator, &r.path, r.range),
                message: Some(Message { text: &r.message }),
            })
            .collect(),
        fixes,
        partial_fingerprints: PartialFingerprints {
            residency: fingerprint,
        },
        suppressions: Vec::new(),
        properties: (!d.notes.is_empty() || d.help.is_some()).then(|| ResultProperties {
            notes: &d.notes,
            help: d.help.as_deref(),
        }),
    }
}

/// The headline, a paragraph of why, and the help.
fn markdown_message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if !d.notes.is_empty() {
        text.push_str("\n\n");
        text.push_str(&d.notes.join(" "));
    }
    if let Some(help) = &d.help {
        text.push_str("\n\n**Help:** ");
        text.push_str(help);
    }
    text
}

fn physical_location(locator: &Locator, path: &Path, range: TextRange) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact_location(path),
        region: region(locator, path, range),
    }
}

fn artifact_location(path: &Path) -> ArtifactLocation {
    ArtifactLocation { uri: uri(path) }
}

fn region(locator: &Locator, path: &Path, range: TextRange) -> Region {
    let span = locator.span(path, range, Encoding::Utf16);
    Region {
        start_line: span.line,
        start_column: span.column,
        end_line: span.end_line,
        end_column: span.end_column,
    }
}

/// `path` as a URI reference: relative paths stay relative (`/` separators, each segment
/// percent-encoded), absolute paths become `file://` URIs.
fn uri(path: &Path) -> String {
    let mut segments: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in path.components() {
        match component {
            // A Windows drive (`C:`) or UNC prefix: keep the drive's colon.
            Component::Prefix(prefix) => {
                absolute = true;
                segments.push(prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => segments.push("..".to_owned()),
            Component::Normal(name) => segments.push(encode_segment(&name.to_string_lossy())),
        }
    }
    let joined = segments.join("/");
    if absolute {
        let joined = joined.trim_start_matches('/');
        format!("file:///{joined}")
    } else if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// Percent-encodes one path segment: everything but RFC 3986's unreserved characters,
/// sub-delimiters and `@`. `:` is encoded too, so that a first segment never reads as a scheme.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_uris() {
        assert_eq!(uri(Path::new("main.tf")), "main.tf");
        assert_eq!(uri(Path::new("./infra/main.tf")), "infra/main.tf");
        assert_eq!(uri(Path::new("../x/a b.json")), "../x/a%20b.json");
        assert_eq!(
            uri(Path::new("d/100%#?[x]:y.bicep")),
            "d/100%25%23%3F%5Bx%5D%3Ay.bicep"
        );
        assert_eq!(
            uri(Path::new("régions/日本.tf")),
            "r%C3%A9gions/%E6%97%A5%E6%9C%AC.tf"
        );
        assert_eq!(uri(Path::new(".")), ".");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_unix_paths_become_file_uris() {
        assert_eq!(
            uri(Path::new("/srv/iac/a b.tf")),
            "file:///srv/iac/a%20b.tf"
        );
        // A backslash is part of a Unix file name.
        assert_eq!(uri(Path::new("a\\b.tf")), "a%5Cb.tf");
    }

    #[cfg(windows)]
    #[test]
    fn windows_paths() {
        assert_eq!(uri(Path::new(r"infra\main.tf")), "infra/main.tf");
        assert_eq!(uri(Path::new(r"C:\iac\main.tf")), "file:///C:/iac/main.tf");
    }

    #[test]
    fn information_uri_is_the_repository() {
        assert_eq!(
            information_uri(),
            "https://github.com/residency-lint/residency"
        );
    }
}
