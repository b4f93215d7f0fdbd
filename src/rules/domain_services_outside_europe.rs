//! ## What it flags
//!
//! Microsoft Entra Domain Services (`Microsoft.AAD/domainServices`,
//! `azurerm_active_directory_domain_service`, `azurerm_active_directory_domain_service_replica_set`,
//! or an `azapi_resource` of that type) placed in a region outside the boundary: the managed
//! domain's `location`, any replica set's `location`, or the region of the virtual network its
//! subnet belongs to.
//!
//! ## Why it matters
//!
//! Domain Services stores user data (accounts, password hashes, group memberships) in the region
//! of the virtual network the managed domain is deployed into, and every replica set holds a
//! full copy. If one network is outside Europe, the directory is replicated and stored outside
//! Europe.
//!
//! ## Example
//!
//! ```json
//! {
//!   "type": "Microsoft.AAD/domainServices",
//!   "apiVersion": "2022-12-01",
//!   "name": "aadds.contoso.com",
//!   "location": "westeurope",
//!   "properties": {
//!     "domainName": "aadds.contoso.com",
//!     "replicaSets": [
//!       { "location": "westeurope", "subnetId": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-weu', 'aadds')]" },
//!       { "location": "eastus", "subnetId": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-eus', 'aadds')]" }
//!     ]
//!   }
//! }
//! ```
//!
//! The second replica set copies the directory to East US.
//!
//! ## How to fix
//!
//! Put every replica set, and the virtual network of its subnet, in a European region. The fix
//! rewrites the location where it is set to the configured `preferred_region` (default
//! `westeurope`); it is unsafe because moving a managed domain or a virtual network re-creates it.
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page):
//!   "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual
//!   Network. So, if the network is outside Europe, the data is replicated and stored outside
//!   Europe."
//! - bicep-types-az `microsoft.aad` `domainServices`: `properties.replicaSets[].location` and
//!   `subnetId` (2020-01-01 and later), `properties.subnetId` (2017 versions).
//! - terraform-provider-azurerm `active_directory_domain_service_resource.go`: the initial replica
//!   set is created in the resource's `location` on the subnet `initial_replica_set.subnet_id`.

use super::{Context, Finding, FindingFix, Judged, Rule, RuleMeta, anchor, fix_region, judge, placements, provenance, rewrite_literal};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU010",
        name: "domain-services-outside-europe",
        summary: "Domain Services managed domain, replica set, or the virtual network of its subnet, in a region outside the boundary.",
        default_severity: Severity::Error,
    },
    kinds: &[Kind::DomainServices, Kind::DomainServicesReplicaSet],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    for placement in placements(resource) {
        let Judged::Region(region) = judge(&placement) else {
            continue;
        };
        if cx.config.boundary.contains(region) {
            continue;
        }
        let outside = cx.config.boundary.outside_phrase();
        let original = placement.val.as_str().unwrap_or_default();
        let target = fix_region(cx.config, original);
        let shown = target.as_deref().unwrap_or("a region inside the boundary");
        let toward = cx.config.boundary.target_phrase();
        let mut related = provenance(placement.val);
        let (loc, message, title) = match (placement.network, placement.via) {
            (Some(network), via) => {
                related.insert(
                    0,
                    (
                        network.decl,
                        format!("virtual network `{}` is declared here", network.name),
                    ),
                );
                if let Some(at) = network.location.loc {
                    related.insert(1, (at, format!("its location is `{original}`")));
                }
                let loc = via.and_then(|v| v.loc).unwrap_or(resource.decl);
                (
                    loc,
                    format!(
                        "The {} of Domain Services `{}` is in `{original}` ({}), {outside}: Domain Services stores directory data where its virtual network is. Put the subnet in a virtual network in {toward}.",
                        placement.what,
                        resource.name,
                        region.describe()
                    ),
                    format!("Move virtual network `{}` to `{shown}` (re-creates the network and the managed domain)", network.name),
                )
            }
            (None, _) => (
                anchor(placement.val, resource),
                format!(
                    "{} is in `{original}` ({}), {outside}: Domain Services stores directory data where its virtual network is. Move it to {toward}.",
                    subject(&placement.what, resource),
                    region.describe()
                ),
                format!("Set the location to `{shown}` (re-creates the managed domain)"),
            ),
        };
        cx.report(Finding {
 notes: Vec::new(), help: None,
            rule: &RULE.meta,
            ceiling: None,
            loc,
            message,
            related,
            fix: target
                .and_then(|t| rewrite_literal(placement.val, &t))
                .map(|edits| FindingFix {
                    title,
                    safe: false,
                    edits,
                }),
        });
    }
}

/// "Domain Services managed domain `x`", "Replica set 2 of Domain Services `x`".
fn subject(what: &str, resource: &Resource) -> String {
    if what.starts_with("Domain Services") {
        format!("{what} `{}`", resource.name)
    } else {
        let mut chars = what.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        format!(
            "{first}{} of Domain Services `{}`",
            chars.as_str(),
            resource.name
        )
    }
}
