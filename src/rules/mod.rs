//! The rules: one file per rule, each declaring its [`Rule`] (code, name, summary, default
//! severity, the kinds of resource it checks, and its check) and documenting itself in its
//! leading `//!` comment. [`register!`] below lists them once; `build.rs` fails the build when
//! a rule file is not listed, and gathers their metadata into [`crate::rule_catalog`] (a leaf,
//! so that configuration can validate rule codes without importing the rules).

use crate::config::Config;
use crate::model::{Kind, Loc, Project, Resource, Val};

pub use crate::rule_catalog::{
    did_you_mean, meta, RuleMeta, CATALOG, DOCS_BASE, EXPIRED_WAIVER, SYNTAX_ERROR,
    UNEXPLAINED_SUPPRESSION, UNREADABLE_FILE, UNUSED_WAIVER,
};

pub mod shared;

pub use self::shared::location::{
    anchor, chain, each, fix_region, judge, placements, provenance, rewrite_literal, Judged,
    Placement,
};
pub use self::shared::mfa::{strength_excludes_us_methods, US_HANDLED_METHODS};

/// A rule that checks resources: its metadata, the kinds of resource it applies to, and its
/// check.
pub struct Rule {
    pub meta: RuleMeta,
    pub kinds: &'static [Kind],
    pub check: fn(&Resource, &mut Context),
}

/// Declares the rule modules and [`RULES`], in code order.
macro_rules! register {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*

        /// Every rule that checks resources, in code order.
        pub const RULES: &[&Rule] = &[$(&$module::RULE),*];
    };
}

register! {
    b2c_tenant_outside_europe,
    tenant_country_outside_eu_boundary,
    b2c_config_stored_in_us,
    external_id_tenant_outside_europe,
    domain_services_outside_europe,
    mfa_phone_methods,
    mfa_push_notifications,
    mfa_oath_codes,
    mfa_methods_unrestricted,
    b2b_invitation_stored_in_us,
    b2b_collaboration_outside_europe,
    identity_logs_outside_europe,
    b2c_journey_telemetry,
    app_access_to_identity_data,
    claims_to_external_endpoint,
    exchange_federation,
    location_not_provable,
    unknown_region,
}

/// What a rule reports, on the project's files. The check turns it into a
/// [`crate::diagnostic::Diagnostic`] with the configured severity.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// A severity the finding never exceeds, whatever its rule's level (a setting that
    /// only allows what the rule is about is information); `None`: the rule's level.
    pub ceiling: Option<crate::diagnostic::Severity>,
    pub loc: Loc,
    /// The headline: what and where, in about 100 characters at most ("Domain Services
    /// `aadds.contoso.com` is in `eastus`, outside Europe").
    pub message: String,
    /// Why it matters: the documented fact behind the rule, one sentence each.
    pub notes: Vec<String>,
    /// What to do, when it is not the fix's title.
    pub help: Option<String>,
    pub related: Vec<(Loc, String)>,
    pub fix: Option<FindingFix>,
}

/// A fix on project locations.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<(Loc, String)>,
}

/// What rules see.
pub struct Context<'a> {
    pub project: &'a Project,
    pub config: &'a Config,
    /// Every resource of the project, for rules that follow a reference.
    pub resources: &'a [Resource],
    /// The apps the whole tree declares, by host, for endpoints outside the project.
    pub hosts: &'a [crate::resolve::hosts::HostedApp],
    pub findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    /// The resource of `kind` that `val` was read from (`azuread_authentication_strength_policy
    /// .x.id`, `${weak.id}`), when the project declares it.
    pub fn referenced(&self, val: &Val, kind: Kind) -> Option<&'a Resource> {
        let refers = val.refers.as_ref()?;
        refers
            .resources
            .iter()
            .find_map(|&id| self.resources.iter().find(|r| r.id == id && r.kind == kind))
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// A file's name, for messages.
    pub fn file_name(&self, loc: Loc) -> String {
        let path = &self.project.files[loc.file].path;
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }
}

/// Runs every rule over the resources of one lowered project. Each finding comes with the name
/// of the resource it is about.
pub fn run(
    project: &Project,
    config: &Config,
    resources: &[Resource],
    hosts: &[crate::resolve::hosts::HostedApp],
) -> Vec<(Finding, String)> {
    let mut cx = Context {
        project,
        config,
        resources,
        hosts,
        findings: Vec::new(),
    };
    let mut attributed = Vec::new();
    for resource in resources {
        for rule in RULES.iter().filter(|r| r.kinds.contains(&resource.kind)) {
            (rule.check)(resource, &mut cx);
        }
        attributed.extend(cx.findings.drain(..).map(|f| (f, resource.name.clone())));
    }
    attributed
}

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The "Why it matters" section of a rule's documentation (EU rules), without its heading.
pub fn why_it_matters(meta: &RuleMeta) -> Option<&'static str> {
    let doc = RULE_DOCS.iter().find(|(name, _)| *name == meta.name)?.1;
    let start = doc.find("## Why it matters")? + "## Why it matters".len();
    let rest = &doc[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// A rule's documentation: its summary and, for EU rules, the doc comment of its file.
pub fn documentation(meta: &RuleMeta) -> String {
    let body = RULE_DOCS
        .iter()
        .find(|(name, _)| *name == meta.name)
        .map(|(_, doc)| *doc)
        .unwrap_or("");
    let default = match meta.on_by_default() {
        true => meta.default_severity.as_str().to_string(),
        false => format!(
            "off (`{}` when a configuration turns it on: `rules: {{{}: {}}}`)",
            meta.default_severity.as_str(),
            meta.code,
            meta.default_severity.as_str()
        ),
    };
    let mut out = format!(
        "# {} {}\n\n{}\n\nDefault severity: {default}.\n",
        meta.code, meta.name, meta.summary,
    );
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_implemented_rule_has_its_documentation() {
        for (name, doc) in RULE_DOCS {
            assert!(
                CATALOG.iter().any(|m| m.name == *name),
                "rule file {name} is not in the catalog"
            );
            for heading in [
                "## What it flags",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## References",
            ] {
                assert!(doc.contains(heading), "{name} lacks {heading}");
            }
        }
        for rule in RULES {
            let doc = documentation(&rule.meta);
            assert!(doc.contains("## What it flags"), "{}", rule.meta.code);
        }
        // Codes are unique and in order, and every rule's name is its file's.
        let codes: Vec<&str> = CATALOG.iter().map(|m| m.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            codes, sorted,
            "CATALOG is not in code order, or repeats a code"
        );
        for rule in RULES {
            assert!(
                RULE_DOCS.iter().any(|(name, _)| *name == rule.meta.name),
                "{} is not the name of its rule file",
                rule.meta.name
            );
            // The catalog build.rs gathered from the rule files is their metadata.
            assert_eq!(meta(rule.meta.code), Some(&rule.meta), "{}", rule.meta.code);
        }
        // E001-E005 are not rule files.
        assert_eq!(CATALOG.len(), RULES.len() + 5);
    }
}
