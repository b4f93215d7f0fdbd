//! ## What it flags
//!
//! A Microsoft Entra External ID tenant for customers (CIAM,
//! `Microsoft.AzureActiveDirectory/ciamDirectories`, or an `azapi_resource` of that type) whose
//! location is not `Europe`.
//!
//! ## Why it matters
//!
//! Like B2C, an External ID tenant stores its customers' directory data in the geography chosen
//! at creation, and the choice cannot be changed later. A tenant in `United States` keeps
//! European customers' identities outside Europe.
//!
//! ## Example
//!
//! ```json
//! {
//!   "type": "Microsoft.AzureActiveDirectory/ciamDirectories",
//!   "apiVersion": "2023-05-17-preview",
//!   "name": "contosocustomers",
//!   "location": "United States",
//!   "sku": { "name": "Standard", "tier": "A0" },
//!   "properties": { "createTenantProperties": { "displayName": "Contoso", "countryCode": "US" } }
//! }
//! ```
//!
//! ## How to fix
//!
//! Create the tenant with the location `Europe` and a European country code. The fix is unsafe:
//! a new location re-creates the tenant.
//!
//! ## References
//!
//! - MicrosoftDocs/entra-docs `docs/fundamentals/data-storage-eu.md`: data location is fixed at
//!   tenant creation from the location the customer selects.
//! - azure-rest-api-specs `cpim` 2023-05-17-preview example `createCIAMTenant.json`.

use super::shared::tenant::tenant_outside_europe;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU004",
        name: "external-id-tenant-outside-europe",
        summary: "Microsoft Entra External ID (CIAM) tenant outside Europe.",
        default_severity: Severity::Error,
    },
    kinds: &[Kind::CiamTenant],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    tenant_outside_europe(resource, cx, &RULE.meta, "External ID tenant");
}
