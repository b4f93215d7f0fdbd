//! ## What it flags
//!
//! An Azure AD B2C tenant (`Microsoft.AzureActiveDirectory/b2cDirectories`,
//! `azurerm_aadb2c_directory`, or an `azapi_resource` of that type) whose data residency
//! location is not `Europe`: `United States`, `Asia Pacific`, `Australia` or `Global`.
//!
//! ## Why it matters
//!
//! A B2C tenant's directory data (user accounts, profile attributes, sign-in data) is stored in
//! the geography chosen when the tenant is created, and Microsoft blocks changing it afterwards.
//! A tenant created in `United States` keeps your European customers' identities in US
//! datacenters for its whole life.
//!
//! ## Example
//!
//! ```hcl
//! resource "azurerm_aadb2c_directory" "customers" {
//!   data_residency_location = "United States"
//!   country_code            = "US"
//!   domain_name             = "contosocustomers.onmicrosoft.com"
//!   resource_group_name     = "identity"
//!   sku_name                = "PremiumP1"
//! }
//! ```
//!
//! ## How to fix
//!
//! Create the tenant with the location `Europe` and a European country code. The fix rewrites
//! the location where it is set; it is unsafe because a new location re-creates the tenant and
//! its users are not moved.
//!
//! ## References
//!
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019).
//! - learn.microsoft.com/azure/active-directory-b2c/data-residency: which countries map to
//!   which location.
//! - bicep-types-az `microsoft.azureactivedirectory` `b2cDirectories`: `location` is one of
//!   'United States', 'Europe', 'Asia Pacific', 'Australia'.

use super::shared::tenant::tenant_outside_europe;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU001",
        name: "b2c-tenant-outside-europe",
        summary: "Azure AD B2C tenant whose data residency location is not Europe.",
        default_severity: Severity::Error,
    },
    kinds: &[Kind::B2cTenant],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    tenant_outside_europe(
        resource,
        cx,
        &RULE.meta,
        "B2C tenant",
        "The location is fixed when the tenant is created.",
        "Create the tenant with the location `Europe`.",
        "Set the data residency location to `Europe` (re-creates the tenant)",
    );
}
