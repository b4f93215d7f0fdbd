//! ## What it flags
//!
//! Each value that decides where an identity resource's data lives and that cannot be resolved
//! statically, on its own: a B2C or External ID tenant's data residency location (and, under
//! the `eu-data-boundary` profile, its country code), a Domain Services managed domain's
//! location, each replica set's location and the region of its subnet's virtual network, each
//! destination of an export of Entra logs. One value that resolves never hides another that
//! does not: a managed domain in `westeurope` whose second replica set's location is not
//! evaluated gets one finding, on that replica set's location. The finding shows the chain
//! that was followed, ending at the construct `residency` could not follow: for example
//! `resourceGroup().location is decided at deployment ← parameter 'location' default`.
//!
//! A managed domain with one replica set (or the 2017 API's one subnet) and a known location
//! has that replica set in its own region: Domain Services deploys a managed domain's first
//! replica set "into your selected Azure region" (Microsoft Learn, "Replica sets concepts for
//! Microsoft Entra Domain Services"), so an unknown replica set location or network there is
//! no finding. A replica set written with the same value as the managed domain
//! (`location: location`) is one decision: one finding, on the managed domain, that names
//! the replica set.
//!
//! Every evaluator (ARM, Bicep, Terraform, Pulumi YAML) turns what it does not evaluate into
//! an unknown that names it, never a dropped value: `pickZones() is not evaluated`,
//! `function 'cidrsubnet' is not evaluated statically`, `` `fn::invoke` is evaluated by
//! Pulumi at deployment``, `data.azurerm_virtual_network.hub.location is read from Azure at
//! plan time`. A Terraform `try()` does not stand in for a name the configuration does not
//! declare: Terraform rejects such a name before it evaluates anything, so `try()` cannot
//! catch it, and the value is reported here, with the name, rather than taking the fallback.
//!
//! A replica set whose virtual network is not declared in the project (or whose location is
//! not known) is judged by the replica set's own `location`, which ARM documents as the
//! virtual network's location; Terraform's `initial_replica_set` has none of its own, and the
//! provider sends the managed domain's `location` as its replica set's location. When that
//! location is itself unknown it has its own finding, and the network adds none. The 2017
//! API's single `subnetId` has no location beside it: there the network alone decides.
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

use super::shared::location::unproven;
use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU090",
        name: "location-not-provable",
        summary: "A value that decides where an identity resource's data lives (a location, a replica set, a subnet's virtual network, a log destination) that cannot be resolved statically; each on its own (shows the chain).",
        default_severity: Severity::Warning,
    },
    kinds: Kind::IDENTITY,
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let log_export = resource.kind == Kind::LogExport;
    let (verb, remedy) = if log_export {
        (
            "sends",
            "Declare the destination, with its location, where the checker can see it",
        )
    } else {
        (
            "keeps",
            "Give the value in a parameters file, tfvars or default",
        )
    };
    let matters = format!(
        "Without it, where `{}` {verb} identity data cannot be proven.",
        resource.name
    );
    let help = format!("{remedy}, or suppress this with the reason it is safe.");
    let values = unproven(resource, cx.config);
    for value in &values {
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: value.loc,
            message: format!(
                "Cannot prove where `{}` {verb} identity data: {} is unknown",
                resource.name, value.part
            ),
            // Why the value is unknown, then the steps it came through.
            notes: vec![format!(
                "It is not known before deployment: {}.",
                value.why.trim_end_matches('.')
            )],
            help: Some(help.clone()),
            related: value.related.clone(),
            fix: None,
        });
    }
    if !values.is_empty() || !super::placements(resource).is_empty() {
        return;
    }
    // Nothing places the data at all.
    let missing = if log_export {
        "No destination is set"
    } else {
        "No location is written"
    };
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: resource.decl,
        message: format!("{missing} for `{}`", resource.name),
        notes: vec![matters],
        help: Some(help),
        related: Vec::new(),
        fix: None,
    });
}
