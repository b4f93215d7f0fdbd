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
//! An external tenant's location can't be changed after it is created (Microsoft: "This
//! selection can't be changed later"): create a new tenant with the location `Europe` and a
//! European country code, and move the customers' accounts and app registrations to it. The
//! fix writes `Europe` and is unsafe: deploying it creates that new tenant. The Australia and
//! Japan locations are not available for external tenants.
//!
//! ## References
//!
//! - MicrosoftDocs/entra-docs `docs/fundamentals/data-storage-eu.md`: data location is fixed at
//!   tenant creation from the location the customer selects.
//! - MicrosoftDocs/entra-docs `docs/external-id/customers/how-to-create-external-tenant-portal.md`
//!   (ms.date 05/21/2025): "Select your desired Location. This selection can't be changed
//!   later."; `docs/fundamentals/data-residency.md`: Australia and Japan "Not currently
//!   available for external tenants".
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
    tenant_outside_europe(
        resource,
        cx,
        &RULE.meta,
        "External ID tenant",
        "An external tenant's location can't be changed after it is created.",
        "Create a new tenant with the location `Europe` and move the customers' accounts to it.",
        "Set the location to `Europe` (re-creates the tenant: an external tenant's location can't be changed after creation)",
    );
}
