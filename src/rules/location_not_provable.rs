//! ## What it flags
//!
//! An identity resource (B2C or External ID tenant, Domain Services managed domain or replica
//! set) none of whose locations can be resolved statically, with the chain that was followed:
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

use super::{anchor, chain, placements, provenance, Context, Finding};
use crate::model::Resource;

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
        None => (
            resource.decl,
            "no location is written".to_string(),
            Vec::new(),
        ),
    };
    cx.report(Finding {
        code: "EU090",
        loc,
        message: format!(
            "Cannot prove where `{}` keeps identity data ({why}). Give the location a value in a parameters file, tfvars or default, or suppress this with the reason it is safe.",
            resource.name
        ),
        related,
        fix: None,
    });
}
