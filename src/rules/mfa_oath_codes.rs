//! ## What it flags
//!
//! An authentication strength whose `allowed_combinations` include `softwareOath` or
//! `hardwareOath` — one finding per combination, pointing at it.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers: OATH codes (software authenticator
//! apps and hardware tokens) are validated in the US. A tenant-wide EU data boundary
//! (`Microsoft.Resources/dataBoundaries` with `dataBoundary: 'EU'`) is a positive signal but does
//! not change this.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_authentication_strength_policy" "mfa" {
//!   display_name         = "MFA"
//!   allowed_combinations = ["password,softwareOath", "password,hardwareOath"]
//! }
//! ```
//!
//! ## How to fix
//!
//! Allow `fido2`, `windowsHelloForBusiness` or `x509CertificateMultiFactor` instead.
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page),
//!   "Microsoft Azure multi-factor authentication (MFA)".
//! - terraform-provider-azuread vendored `constant_authenticationmethodmodes.go`: the mode names.

use super::shared::mfa::mfa_combinations;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU022",
        name: "mfa-oath-codes",
        summary: "OATH software or hardware tokens enabled: codes are validated in the US.",
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
        &["softwareOath", "hardwareOath"],
        "OATH codes are validated in US datacenters",
    );
}
