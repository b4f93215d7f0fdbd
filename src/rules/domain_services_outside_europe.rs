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
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019):
//!   "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual
//!   Network. So, if the network is outside Europe, the data is replicated and stored outside
//!   Europe."
//! - bicep-types-az `microsoft.aad` `domainServices`: `properties.replicaSets[].location` and
//!   `subnetId` (2020-01-01 and later), `properties.subnetId` (2017 versions).
//! - terraform-provider-azurerm `active_directory_domain_service_resource.go`: the initial replica
//!   set is created in the resource's `location` on the subnet `initial_replica_set.subnet_id`.

use super::{
    anchor, fix_region, judge, placements, provenance, rewrite_literal, Context, Finding, FindingFix,
    Judged, Placement, Rule, RuleMeta,
};
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

/// A location of the domain judged outside the boundary: the value, its region's name.
struct Outside<'a> {
    placement: Placement<'a>,
    region: &'a crate::regions::Region,
}

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let outside: Vec<Outside<'_>> = placements(resource)
        .into_iter()
        .filter_map(|placement| match judge(&placement) {
            Judged::Region(region) if !cx.config.boundary.contains(region) => {
                Some(Outside { placement, region })
            }
            _ => None,
        })
        .collect();
    // One finding per decision: Azure places a replica set (or the managed domain) in the
    // region of its virtual network, so a location and its own network both outside are one
    // decision, reported on the location with the network as related information (and moved
    // by the same fix). A network outside whose replica set is inside is its own finding.
    let location_of = |network: &Placement<'_>| {
        // A replica set with a location of its own is placed by it; one without (the initial
        // replica set, a 2017 domain's subnet) by the managed domain's.
        let own = network
            .replica
            .and_then(|i| resource.replicas.get(i))
            .is_some_and(|r| r.location.is_some());
        outside.iter().position(|o| {
            o.placement.network.is_none()
                && if own {
                    o.placement.replica == network.replica
                } else {
                    o.placement.replica.is_none()
                }
        })
    };
    let mut networks_of: Vec<Vec<&Outside<'_>>> = outside.iter().map(|_| Vec::new()).collect();
    let mut alone = Vec::new();
    for o in outside.iter().filter(|o| o.placement.network.is_some()) {
        match location_of(&o.placement) {
            Some(at) => networks_of[at].push(o),
            None => alone.push(o),
        }
    }
    for (o, networks) in outside
        .iter()
        .zip(&networks_of)
        .filter(|(o, _)| o.placement.network.is_none())
    {
        report_location(resource, cx, o, networks);
    }
    for o in alone {
        report_network(resource, cx, o);
    }
}

/// A location outside the boundary, with the networks outside that go with it.
fn report_location(resource: &Resource, cx: &mut Context, o: &Outside<'_>, networks: &[&Outside<'_>]) {
    let outside = cx.config.boundary.outside_phrase();
    let original = o.placement.val.as_str().unwrap_or_default();
    let target = fix_region(cx.config, original);
    let shown = target.as_deref().unwrap_or("a region inside the boundary");
    let mut related = provenance(o.placement.val);
    let mut edits = target.as_deref().and_then(|t| rewrite_literal(o.placement.val, t));
    let mut moved = Vec::new();
    for n in networks {
        let Some(network) = n.placement.network else { continue };
        related.extend(network_related(network, n.placement.val));
        let written = n.placement.val.as_str().unwrap_or_default();
        let more = fix_region(cx.config, written).and_then(|t| rewrite_literal(n.placement.val, &t));
        match (&mut edits, more) {
            (Some(edits), Some(more)) => {
                for edit in more {
                    if !edits.iter().any(|(loc, _)| *loc == edit.0) {
                        edits.push(edit);
                        moved.push(format!("`{}`", network.name));
                    }
                }
            }
            // A network that cannot be moved by the fix: moving the domain alone would fail.
            (_, None) => edits = None,
            (None, Some(_)) => {}
        }
    }
    let mut notes = vec![
        "Domain Services stores directory data where its virtual network is.".to_string(),
        format!("`{original}` is {}.", o.region.describe()),
    ];
    if !networks.is_empty() {
        let names: Vec<String> = networks
            .iter()
            .filter_map(|n| n.placement.network.map(|v| format!("`{}`", v.name)))
            .collect();
        notes.push(format!("Its virtual network {} is there too.", names.join(", ")));
    }
    let title = match moved.is_empty() {
        true => format!("Set the location to `{shown}` (re-creates the managed domain)"),
        false => format!(
            "Set the location to `{shown}` and move virtual network {} (re-creates the network and the managed domain)",
            moved.join(", ")
        ),
    };
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: anchor(o.placement.val, resource),
        message: format!("{} is in `{original}`, {outside}", subject(&o.placement.what, resource)),
        notes,
        help: Some(format!("Move it to {}.", cx.config.boundary.target_phrase())),
        related,
        fix: edits.map(|edits| FindingFix { title, safe: false, edits }),
    });
}

/// A virtual network outside the boundary whose replica set's own location is not.
fn report_network(resource: &Resource, cx: &mut Context, o: &Outside<'_>) {
    let Some(network) = o.placement.network else { return };
    let outside = cx.config.boundary.outside_phrase();
    let original = o.placement.val.as_str().unwrap_or_default();
    let target = fix_region(cx.config, original);
    let shown = target.as_deref().unwrap_or("a region inside the boundary");
    let mut related = network_related(network, o.placement.val);
    related.extend(provenance(o.placement.val));
    let holds = o
        .placement
        .replica
        .and_then(|i| resource.replicas.get(i))
        .map_or_else(|| "its subnet".to_string(), |r| format!("the subnet of {}", crate::rules::shared::location::with_article(&r.label)));
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: o.placement.via.and_then(|v| v.loc).unwrap_or(resource.decl),
        message: format!(
            "Virtual network `{}` of Domain Services `{}` is in `{original}`, {outside}",
            network.name, resource.name
        ),
        notes: vec![
            "Domain Services stores directory data where its virtual network is.".to_string(),
            format!("`{original}` is {}.", o.region.describe()),
            format!("The network holds {holds}."),
        ],
        help: Some(format!(
            "Put the subnet in a virtual network in {}.",
            cx.config.boundary.target_phrase()
        )),
        related,
        fix: target
            .as_deref()
            .and_then(|t| rewrite_literal(o.placement.val, t))
            .map(|edits| FindingFix {
                title: format!(
                    "Move virtual network `{}` to `{shown}` (re-creates the network and the managed domain)",
                    network.name
                ),
                safe: false,
                edits,
            }),
    });
}

/// Where a network is declared, and where its location is written.
fn network_related(network: &crate::model::Network, location: &crate::model::Val) -> Vec<(crate::model::Loc, String)> {
    let mut related = vec![(
        network.decl,
        format!("virtual network `{}` is declared here", network.name),
    )];
    if let (Some(at), Some(region)) = (network.location.loc, location.as_str()) {
        related.push((at, format!("its location is `{region}`")));
    }
    related
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
