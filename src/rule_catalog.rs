//! The rule catalog: each rule's code, name, default severity and one-line summary. Codes are
//! stable; names are kebab-case and read as what they flag.
//!
//! A leaf below both [`crate::config`] (which validates rule codes) and [`crate::rules`]. The
//! metadata of a rule is written once, in its file's `RULE`; `build.rs` gathers it here.

use crate::diagnostic::Severity;

/// A rule's identity and metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line: what it flags.
    pub summary: &'static str,
    pub default_severity: Severity,
}

impl RuleMeta {
    /// Where the rule's documentation is published.
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE}/{}.md", self.code)
    }
}

/// Base URL of the rule documentation (`docs/rules/` of the repository).
pub const DOCS_BASE: &str = "https://github.com/residency-lint/residency/blob/main/docs/rules";

/// E001: what the parsers report.
pub const SYNTAX_ERROR: RuleMeta = RuleMeta {
    code: "E001",
    name: "syntax-error",
    summary: "The file does not parse there (the rest of the file is still checked).",
    default_severity: Severity::Error,
};

/// E002: what reading a file, or listing a folder, reports.
pub const UNREADABLE_FILE: RuleMeta = RuleMeta {
    code: "E002",
    name: "unreadable-file",
    summary: "The file cannot be read or decoded (not UTF-8, binary, over the size limit), or a folder cannot be listed.",
    default_severity: Severity::Error,
};

/// E003: what the suppression scanner reports.
pub const UNEXPLAINED_SUPPRESSION: RuleMeta = RuleMeta {
    code: "E003",
    name: "unexplained-suppression",
    summary: "A suppression comment without a reason, or naming no or an unknown rule code.",
    default_severity: Severity::Warning,
};

// `pub const CATALOG: &[RuleMeta]`: E001-E003, then every rule file's metadata, in code order.
include!(concat!(env!("OUT_DIR"), "/rule_catalog.rs"));

/// Looks a rule up by code, case-insensitively.
pub fn meta(code: &str) -> Option<&'static RuleMeta> {
    CATALOG.iter().find(|m| m.code.eq_ignore_ascii_case(code))
}
