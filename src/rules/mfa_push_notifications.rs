//! ## What it flags
//!
//! An authentication strength whose `allowed_combinations` include `microsoftAuthenticatorPush`
//! or `deviceBasedPush` — one finding per combination, pointing at it.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers: push notifications for the
//! Microsoft Authenticator app originate from US datacenters (and Apple and Google push services
//! may be outside Europe). A tenant-wide EU data boundary (`Microsoft.Resources/dataBoundaries`
//! with `dataBoundary: 'EU'`) is a positive signal but does not change this.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_authentication_strength_policy" "mfa" {
//!   display_name         = "MFA"
//!   allowed_combinations = ["password,microsoftAuthenticatorPush"]
//! }
//! ```
//!
//! ## How to fix
//!
//! Allow `fido2`, `windowsHelloForBusiness` or `x509CertificateMultiFactor` instead, or accept
//! push notifications with a suppression that says why.
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page),
//!   "Microsoft Azure multi-factor authentication (MFA)".
//! - MicrosoftDocs/entra-docs, 2023 version of the EU data page: MFA is permanently excluded from
//!   the EU Data Boundary; push notifications may be routed outside Europe.

use super::shared::mfa::mfa_combinations;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU021",
        name: "mfa-push-notifications",
        summary: "Authenticator push enabled: notifications originate from US datacenters.",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::AuthenticationStrengthPolicy],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    mfa_combinations(
        resource,
        cx,
        &RULE.meta,
        &["microsoftAuthenticatorPush", "deviceBasedPush"],
        "Authenticator push notifications originate from US datacenters",
    );
}
