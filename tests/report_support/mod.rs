//! Hand-built diagnostics over small sources, shared by the `report_*` tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use residency::diagnostic::{Diagnostic, Edit, Fix, Related, Severity, Suppressed};
use residency::report::{Format, Report};
use residency::syntax::TextRange;

/// LF line ends; multi-byte text before the range on the same line.
pub const MAIN_TF: &str = "# Café 😀\n\
resource \"azurerm_active_directory_domain_service\" \"aadds\" {\n  \
name = \"日本-😀\"; location = \"eastus2\"\n\
}\n";

pub const VARIABLES_TF: &str = "variable \"location\" {\n  default = \"eastus2\"\n}\n";

/// CRLF line ends.
pub const TEMPLATE_JSON: &str =
    "{\r\n  \"location\": \"westus\",\r\n  \"name\": \"ümlaut-😀\"\r\n}\r\n";

/// An odd path: GitHub property escaping (`,` `:` `%`) and SARIF percent-encoding (space, é).
pub const ODD_PATH: &str = "env/prod, é:1%.tf";
pub const ODD_TF: &str = "resource \"azuread_application\" \"app\" {\n  display_name = \"x\"\n}\n";

/// A byte range of the `n`-th (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, n: usize) -> TextRange {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in text"))
        .0;
    TextRange::new(start, start + needle.len())
}

pub fn sources() -> HashMap<PathBuf, Arc<String>> {
    [
        ("infra/main.tf", MAIN_TF),
        ("infra/variables.tf", VARIABLES_TF),
        ("arm/template.json", TEMPLATE_JSON),
        (ODD_PATH, ODD_TF),
    ]
    .into_iter()
    .map(|(p, t)| (PathBuf::from(p), Arc::new(t.to_string())))
    .collect()
}

/// Four diagnostics: an error in three parts (headline, notes, help) with a related item and an
/// unsafe fix (LF, multi-byte), a
/// warning with a related item and a safe fix (CRLF), an info spanning lines with a message
/// that needs escaping, and an error on a file whose text is not available.
pub fn diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic {
            notes: vec![
                "`eastus2` is East US 2, United States.".into(),
                "Domain Services stores directory data where its virtual network is.".into(),
            ],
            help: Some("Move it to a European region.".into()),
            code: "EU010",
            name: "domain-services-outside-europe",
            resource: None,
            context: Default::default(),
            severity: Severity::Error,
            path: "infra/main.tf".into(),
            range: find(MAIN_TF, "\"eastus2\"", 0),
            message: "Domain Services managed domain is in `eastus2`, outside Europe".into(),
            related: vec![Related {
                path: "infra/variables.tf".into(),
                range: find(VARIABLES_TF, "\"eastus2\"", 0),
                message: "the location comes from this default".into(),
            }],
            fix: Some(Fix {
                title: "Set the location to `westeurope`".into(),
                safe: false,
                edits: vec![Edit {
                    path: "infra/main.tf".into(),
                    range: find(MAIN_TF, "\"eastus2\"", 0),
                    replacement: "\"westeurope\"".into(),
                }],
            }),
        },
        Diagnostic {
            notes: Vec::new(),
            help: None,
            code: "EU091",
            name: "unknown-region",
            resource: None,
            context: Default::default(),
            severity: Severity::Warning,
            path: "arm/template.json".into(),
            range: find(TEMPLATE_JSON, "\"westus\"", 0),
            message: "`westus` needs checking.".into(),
            related: vec![Related {
                path: "arm/template.json".into(),
                range: find(TEMPLATE_JSON, "ümlaut-😀", 0),
                message: "named here".into(),
            }],
            fix: Some(Fix {
                title: "Use `westeurope`".into(),
                safe: true,
                edits: vec![
                    Edit {
                        path: "arm/template.json".into(),
                        range: find(TEMPLATE_JSON, "westus", 0),
                        replacement: "westeurope".into(),
                    },
                    Edit {
                        path: "arm/template.json".into(),
                        range: TextRange::empty(find(TEMPLATE_JSON, "😀", 0).end as usize),
                        replacement: "-eu".into(),
                    },
                ],
            }),
        },
        Diagnostic {
            notes: Vec::new(),
            help: None,
            code: "EU050",
            name: "app-access-to-identity-data",
            resource: None,
            context: Default::default(),
            severity: Severity::Info,
            path: ODD_PATH.into(),
            range: TextRange::new(0, ODD_TF.len() - 1),
            message: "100% of apps: check, then decide\nsecond line\r\nthird".into(),
            related: vec![],
            fix: None,
        },
        Diagnostic {
            notes: Vec::new(),
            help: Some("Save it as UTF-8.".into()),
            code: "E002",
            name: "unreadable-file",
            resource: None,
            context: Default::default(),
            severity: Severity::Error,
            path: "bin/blob.bicep".into(),
            range: TextRange::empty(0),
            message: "The file is not UTF-8.".into(),
            related: vec![],
            fix: None,
        },
    ]
}

/// Writes `diagnostics` over [`sources`] in `format`.
pub fn render(
    diagnostics: &[Diagnostic],
    files_checked: usize,
    format: Format,
    color: bool,
) -> String {
    render_with(diagnostics, &[], None, files_checked, format, color)
}

/// [`render`] with suppressed findings and a link base.
pub fn render_with(
    diagnostics: &[Diagnostic],
    suppressed: &[Suppressed],
    link_base: Option<&str>,
    files_checked: usize,
    format: Format,
    color: bool,
) -> String {
    let sources = sources();
    let report = Report {
        diagnostics,
        files_checked,
        sources: &sources,
        suppressed,
        link_base: link_base.map(str::to_owned),
    };
    let mut out = Vec::new();
    report.write(format, &mut out, color).unwrap();
    String::from_utf8(out).unwrap()
}

pub fn path(p: &str) -> &Path {
    Path::new(p)
}
