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

/// The rules that report only when a configuration turns them on (`rules: {EU003: info}`):
/// EU003 says of every B2C tenant what Microsoft does with all of them, which no setting in
/// the code changes, so it is evidence to list, not a finding to act on (see its page).
pub const OFF_BY_DEFAULT: &[&str] = &["EU003"];

impl RuleMeta {
    /// Whether the rule reports when no configuration sets its level.
    pub fn on_by_default(&self) -> bool {
        !OFF_BY_DEFAULT.contains(&self.code)
    }

    /// The default level as configurations write it: `off`, or the severity.
    pub fn default_level(&self) -> &'static str {
        if self.on_by_default() {
            self.default_severity.as_str()
        } else {
            "off"
        }
    }

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

/// E004: what waivers and suppression comments report when the day they hold through has passed.
pub const EXPIRED_WAIVER: RuleMeta = RuleMeta {
    code: "E004",
    name: "expired-waiver",
    summary: "A waiver in `.residency.yaml`, or a suppression comment, whose `expires` day has passed: the findings it silenced are reported again.",
    default_severity: Severity::Warning,
};

/// E005: a waiver no finding needs.
pub const UNUSED_WAIVER: RuleMeta = RuleMeta {
    code: "E005",
    name: "unused-waiver",
    summary: "A waiver in `.residency.yaml` that matches no finding of the files under it: remove it, or correct its rule, resource or path.",
    default_severity: Severity::Warning,
};

// `pub const CATALOG: &[RuleMeta]`: E001-E005, then every rule file's metadata, in code order.
include!(concat!(env!("OUT_DIR"), "/rule_catalog.rs"));

/// Looks a rule up by code or by name, case-insensitively: `EU010`, `eu010` and
/// `domain-services-outside-europe` are the same rule wherever a rule is named (`explain`, the
/// configuration's `rules:`, suppression comments).
pub fn meta(code_or_name: &str) -> Option<&'static RuleMeta> {
    CATALOG
        .iter()
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name))
        .or_else(|| {
            CATALOG
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(code_or_name))
        })
}

/// The rule a mistyped code or name most likely meant (`EU10` → EU010, `domain-service-outside-
/// europe` → EU010): the one nearest by edit distance, when a third of the text at most differs
/// and no other rule is as near.
pub fn meant(text: &str) -> Option<&'static RuleMeta> {
    let text = text.to_ascii_lowercase();
    let (i, unambiguous) = crate::regions::nearest(&text, CATALOG.len(), |i| {
        vec![
            CATALOG[i].code.to_ascii_lowercase(),
            CATALOG[i].name.to_string(),
        ]
    })?;
    unambiguous.then_some(&CATALOG[i])
}

/// " Did you mean `EU010` (domain-services-outside-europe)?", or nothing.
pub fn did_you_mean(text: &str) -> String {
    meant(text).map_or_else(String::new, |m| {
        format!(" Did you mean `{}` ({})?", m.code, m.name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_found_by_code_or_name_and_typos_by_distance() {
        assert_eq!(meta("eu010").map(|m| m.code), Some("EU010"));
        assert_eq!(
            meta("Domain-Services-Outside-Europe").map(|m| m.code),
            Some("EU010")
        );
        assert_eq!(meta("EU10"), None);
        assert_eq!(meant("EU10").map(|m| m.code), Some("EU010"));
        // As near to EU010 as to EU001 and E001: no guess.
        assert_eq!(meant("EU01"), None);
        assert_eq!(
            meant("domain-service-outside-europe").map(|m| m.code),
            Some("EU010")
        );
        assert_eq!(meant("nothing-like-a-rule"), None);
        assert_eq!(
            did_you_mean("location-not-provabel"),
            " Did you mean `EU090` (location-not-provable)?"
        );
    }
}
