//! ## What it flags
//!
//! An identity resource (B2C or External ID tenant, Domain Services managed domain or replica
//! set, an export of Entra logs) none of whose locations — or, for a log export, none of whose
//! destinations' locations — can be resolved statically, with the chain that was followed:
//! for example `resourceGroup().location is decided at deployment ← parameter 'location'
//! default`.
//!
//! ## Why it matters
//!
//! `residency` never guesses. A location that comes from the resource group, the deployment,
//! a variable without a value, or a data source is decided outside the code under review, so
//! nothing proves the identity data stays in Europe.
//!
//! ## Example
//!
//! ```json
//! "parameters": {
//!   "location": { "type": "string", "defaultValue": "[resourceGroup().location]" }
//! },
//! "resources": [{
//!   "type": "Microsoft.AAD/domainServices",
//!   "location": "[parameters('location')]"
//! }]
//! ```
//!
//! ## How to fix
//!
//! Give the location a value the checker can see: a parameters file beside the template
//! (`X.parameters.json`), a `terraform.tfvars` or `*.auto.tfvars`, a default, or an `@allowed`
//! list of European regions. Or suppress the finding with the reason the location is safe.
//!
//! ## References
//!
//! - `residency` design: Unknown stays Unknown, with its reason and its chain.
//! - PSRule for Azure `Azure.Template.LocationDefault` recommends `[resourceGroup().location]`
//!   as the default, which is why this finding is common.

use super::{Context, Finding, Rule, RuleMeta, anchor, chain, placements, provenance};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU090",
        name: "location-not-provable",
        summary: "An identity resource whose location cannot be resolved statically (shows the chain).",
        default_severity: Severity::Warning,
    },
    kinds: Kind::IDENTITY,
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let places = placements(resource);
    if places.iter().any(|p| !p.val.is_unknown()) {
        return;
    }
    let (loc, why, related) = match places.first() {
        Some(first) => {
            let mut related = Vec::new();
            for p in &places {
                related.extend(provenance(p.val));
            }
            (
                anchor(first.val, resource),
                format!("{}: {}", first.what, chain(first.val)),
                related,
            )
        }
        None => match resource.destinations.first() {
            // A log export whose destination is declared elsewhere (another template, a data
            // source, an id from a variable).
            Some(d) => (
                d.via.loc.unwrap_or(resource.decl),
                format!("its {} is not declared here: {}", d.label, chain(&d.via)),
                provenance(&d.via),
            ),
            None if resource.kind == crate::model::Kind::LogExport => (
                resource.decl,
                "no destination is set".to_string(),
                Vec::new(),
            ),
            None => (
                resource.decl,
                "no location is written".to_string(),
                Vec::new(),
            ),
        },
    };
    let (verb, remedy) = if resource.kind == crate::model::Kind::LogExport {
        (
            "sends",
            "Declare the destination, with its location, where the checker can see it",
        )
    } else {
        (
            "keeps",
            "Give the location a value in a parameters file, tfvars or default",
        )
    };
    cx.report(Finding {
        rule: &RULE.meta,
        loc,
        message: format!(
            "Cannot prove where `{}` {verb} identity data ({why}). {remedy}, or suppress this with the reason it is safe.",
            resource.name
        ),
        related,
        fix: None,
    });
}
