//! ## What it flags
//!
//! Informational, on B2C configuration Microsoft stores in the US:
//! - every Azure AD B2C tenant, whatever its location;
//! - every B2C user flow (`azuread_b2c_user_flow`, or Graph `identity/b2cUserFlows` written
//!   with the Microsoft Graph Terraform provider);
//! - every custom policy set: the `TrustFrameworkPolicy` files linked by `BasePolicy`, once,
//!   at the `PolicyId` of the policy the others are built on (the files of one chain are one
//!   decision; reporting each file would repeat it);
//! - every key container a policy set uses (`<Key StorageReferenceId="B2C_1A_…"/>`), once, at
//!   its first reference, with the number of references. The starter pack references
//!   `B2C_1A_TokenSigningKeyContainer` a dozen times in one file: one finding per key says the
//!   same with less noise.
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
//! ```xml
//! <TrustFrameworkPolicy xmlns="http://schemas.microsoft.com/online/cpim/schemas/2013/06"
//!   PolicySchemaVersion="0.3.0.0" TenantId="contoso.onmicrosoft.com"
//!   PolicyId="B2C_1A_TrustFrameworkBase">
//!   …
//!   <Key Id="issuer_secret" StorageReferenceId="B2C_1A_TokenSigningKeyContainer" />
//! ```
//!
//! ## How to fix
//!
//! Nothing in the template changes this. Keep personal data out of policy files and keys (no
//! e-mail addresses, phone numbers or names in metadata, claims defaults or key names), and
//! record the decision.
//!
//! ## Off by default
//!
//! The rule is **off unless a configuration turns it on** (`rules: {EU003: info}` in
//! `.residency.yaml`, or the editor's `residency.rules`). What it says holds for every B2C
//! tenant, whatever the code sets: no value in a template moves policy configuration or key
//! containers out of the US, so as a finding it was noise on every tenant, and in clean code
//! too (it used to be on, as info). It is evidence of where data lives rather than a
//! problem to fix: turn it on to list each policy set and key container, for a review or a
//! record of processing. The hover on a B2C tenant says the same without it.
//!
//! ## References
//!
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019):
//!   "Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters.
//!   These do not contain any user personal data."
//! - Azure-Samples/active-directory-b2c-custom-policy-starterpack (`TrustFrameworkBase.xml`):
//!   policies layered through `BasePolicy`, keys referenced by `StorageReferenceId`.
//! - terraform-provider-azuread `docs/resources/b2c_user_flow.md`: a user flow's `name` starts
//!   with `B2C_1_`.

use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, ValKind};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU003",
        name: "b2c-config-stored-in-us",
        summary: "Any B2C tenant, user flow, custom policy set or key container: policy configuration and key containers are stored in US datacenters.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::B2cTenant, Kind::B2cPolicy, Kind::B2cKeyContainer],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let (message, why, help) = match resource.kind {
        Kind::B2cPolicy if resource.type_name == "TrustFrameworkPolicy" => {
            let others = resource
                .props
                .get("Policies")
                .map_or(0, |p| p.items().len().saturating_sub(1));
            let (set, are, them) = match others {
                0 => (String::new(), "is", "it"),
                1 => (" and the policy built on it".to_string(), "are", "them"),
                n => (format!(" and the {n} policies built on it"), "are", "them"),
            };
            (
                format!(
                    "B2C custom policy `{}`{set} {are} stored in US datacenters",
                    resource.name
                ),
                "Custom policies are policy configuration, which Microsoft stores in US datacenters wherever the directory lives.",
                format!("Keep personal data out of {them}."),
            )
        }
        Kind::B2cKeyContainer => {
            let times = match resource.props.get("References").map(|v| &v.kind) {
                Some(ValKind::Num(n)) if *n > 1.0 => format!(" (referenced {n} times)"),
                _ => String::new(),
            };
            (
                format!(
                    "B2C key container `{}`{times} is stored in US datacenters",
                    resource.name
                ),
                "Key containers are stored in US datacenters wherever the directory lives.",
                "Keep personal data out of keys.".to_string(),
            )
        }
        Kind::B2cPolicy => (
            format!(
                "B2C user flow `{}` is stored in US datacenters",
                resource.name
            ),
            "User flows are policy configuration, which Microsoft stores in US datacenters wherever the directory lives.",
            "Keep personal data out of it.".to_string(),
        ),
        _ => (
            format!(
                "B2C tenant `{}` keeps its policy configuration and key containers in US datacenters",
                resource.name
            ),
            "Policy configuration and key containers are stored in US datacenters wherever the directory lives.",
            "Keep personal data out of custom policies and keys.".to_string(),
        ),
    };
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: resource.decl,
        message,
        notes: vec![why.to_string()],
        help: Some(help),
        related: Vec::new(),
        fix: None,
    });
}
