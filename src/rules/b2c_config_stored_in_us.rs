//! ## What it flags
//!
//! Every Azure AD B2C tenant, whatever its location, and every B2C user flow
//! (`azuread_b2c_user_flow`, or Graph `identity/b2cUserFlows` written with the Microsoft Graph
//! Terraform provider): informational.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers states that B2C policy
//! configuration data and key containers are stored in US datacenters, even when the tenant's
//! directory data is in Europe. Microsoft says they contain no user personal data; keep it that
//! way in custom policies and keys.
//!
//! ## Example
//!
//! ```json
//! {
//!   "type": "Microsoft.AzureActiveDirectory/b2cDirectories",
//!   "apiVersion": "2021-04-01",
//!   "name": "contoso.onmicrosoft.com",
//!   "location": "Europe",
//!   "sku": { "name": "PremiumP1", "tier": "A0" },
//!   "properties": { "createTenantProperties": { "displayName": "Contoso", "countryCode": "DE" } }
//! }
//! ```
//!
//! ## How to fix
//!
//! Nothing in the template changes this. Keep personal data out of policy files and keys, record
//! the decision, and suppress the finding with a reason (`residency-ignore: EU003 -- reviewed`),
//! or turn the rule off in `.residency.yaml`.
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page):
//!   "Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters.
//!   These do not contain any user personal data."
//! - terraform-provider-azuread `docs/resources/b2c_user_flow.md`: a user flow's `name` starts
//!   with `B2C_1_`.

use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU003",
        name: "b2c-config-stored-in-us",
        summary: "Any B2C tenant or user flow: policy configuration and key containers are stored in US datacenters.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::B2cTenant, Kind::B2cPolicy],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let message = match resource.kind {
        Kind::B2cPolicy => format!(
            "B2C user flow `{}` is policy configuration, which Microsoft stores in US datacenters wherever the directory lives. Keep personal data out of it.",
            resource.name
        ),
        _ => format!(
            "B2C tenant `{}`: its policy configuration and key containers are stored in US datacenters, wherever the directory lives. Keep personal data out of custom policies and keys.",
            resource.name
        ),
    };
    cx.report(Finding {
        rule: &RULE.meta,
        loc: resource.decl,
        message,
        related: Vec::new(),
        fix: None,
    });
}
