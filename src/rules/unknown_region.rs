//! ## What it flags
//!
//! A location of an identity resource (or of the virtual network its data lives in) that is not
//! an Azure region: a typo such as `westeurpe` or `west-europe`. For B2C and External ID tenants,
//! a value that is not one of their data residency locations (`Europe`, `United States`,
//! `Asia Pacific`, `Australia`, `Global`).
//!
//! ## Why it matters
//!
//! Azure rejects the deployment, or worse, the value is fixed later by hand to something no one
//! reviewed. Region names are compared as Terraform does: lower-case, spaces removed, so
//! `West Europe`, `westeurope` and `WestEurope` are all the same region.
//!
//! ## Example
//!
//! ```hcl
//! resource "azurerm_virtual_network" "aadds" {
//!   location = "westeurpe"
//!   # ...
//! }
//! ```
//!
//! ## How to fix
//!
//! Use the region's name from the catalog. The fix replaces the value with the nearest region
//! name; it is safe when the value cannot have been deployed (a clear typo) and the nearest name
//! is unambiguous.
//!
//! ## References
//!
//! - The region catalog: `az account list-locations` as cached by
//!   Azure/terraform-azurerm-avm-utl-regions, and learn.microsoft.com/azure/reliability/regions-list.
//! - go-azure-helpers `resourcemanager/location/normalize.go` (Terraform's normalisation).

use super::{Context, Finding, FindingFix, Judged, Rule, RuleMeta, anchor, judge, placements, provenance, rewrite_literal};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};
use crate::regions::{self, TENANT_LOCATIONS};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU091",
        name: "unknown-region",
        summary: "A location string that is not an Azure region (typo), with a did-you-mean fix.",
        default_severity: Severity::Error,
    },
    kinds: Kind::IDENTITY,
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    for placement in placements(resource) {
        let Judged::NotALocation(text) = judge(&placement) else {
            continue;
        };
        let (suggestion, vocabulary) = if placement.tenant {
            let key = regions::normalize(text);
            let mut ranked: Vec<(usize, &str)> = TENANT_LOCATIONS
                .iter()
                .map(|t| (regions::edit_distance(&key, &regions::normalize(t)), *t))
                .collect();
            ranked.sort();
            let unique = ranked.get(1).is_none_or(|second| second.0 > ranked[0].0);
            let near = ranked
                .first()
                .filter(|(d, _)| *d <= (key.len() / 3).max(1))
                .map(|(_, t)| (t.to_string(), unique));
            (near, "a tenant data residency location")
        } else {
            let near = regions::catalog()
                .suggest_with_ambiguity(text)
                .map(|(r, unique)| {
                    let name = if text.contains(' ') || text.chars().any(|c| c.is_ascii_uppercase())
                    {
                        r.display_name.clone()
                    } else {
                        r.name.clone()
                    };
                    (name, unique)
                });
            (near, "an Azure region")
        };
        let hint = match (&suggestion, placement.tenant) {
            (Some((s, true)), _) => format!("Did you mean `{s}`?"),
            (Some((s, false)), _) => {
                format!("Perhaps `{s}`, but another region is as near: check which one is meant.")
            }
            (None, true) => "Use `Europe` to keep the tenant's data in Europe.".to_string(),
            (None, false) => "Use a region name from `az account list-locations`.".to_string(),
        };
        let mut notes = Vec::new();
        if placement.tenant {
            notes.push(
                "The tenant data residency locations are `Europe`, `United States`, `Asia Pacific` and `Australia`."
                    .to_string(),
            );
        }
        notes.push("Where the data would live cannot be judged from it.".to_string());
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: anchor(placement.val, resource),
            message: format!("`{text}` ({}) is not {vocabulary}", placement.what),
            notes,
            help: Some(hint),
            related: provenance(placement.val),
            fix: suggestion.and_then(|(s, unique)| {
                rewrite_literal(placement.val, &s).map(|edits| FindingFix {
                    title: format!("Replace `{text}` with `{s}`"),
                    // A value that is no location was never deployed: correcting it re-creates
                    // nothing. A guess between equally near regions is not safe.
                    safe: unique,
                    edits,
                })
            }),
        });
    }
}
