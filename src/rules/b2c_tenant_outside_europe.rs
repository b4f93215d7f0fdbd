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
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page).
//! - learn.microsoft.com/azure/active-directory-b2c/data-residency: which countries map to
//!   which location.
//! - bicep-types-az `microsoft.azureactivedirectory` `b2cDirectories`: `location` is one of
//!   'United States', 'Europe', 'Asia Pacific', 'Australia'.

use super::{tenant_outside_europe, Context};
use crate::model::{Kind, Resource};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    if resource.kind == Kind::B2cTenant {
        tenant_outside_europe(resource, cx, "EU001", "B2C tenant");
    }
}
