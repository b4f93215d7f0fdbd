//! ## What it flags
//!
//! An authentication strength (`azuread_authentication_strength_policy`, Pulumi
//! `azuread:AuthenticationStrengthPolicy`) whose `allowed_combinations` include `sms` or `voice`
//! — one finding per combination, pointing at it.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers: phone calls and SMS messages for
//! multi-factor authentication originate from US datacenters and are routed by global
//! providers. An EU data boundary on the tenant (`Microsoft.Resources/dataBoundaries` with
//! `dataBoundary: 'EU'`, a positive signal when a template sets it) does not change where these
//! calls and texts come from.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_authentication_strength_policy" "mfa" {
//!   display_name         = "MFA"
//!   allowed_combinations = ["fido2", "password,sms"]
//! }
//! ```
//!
//! ## How to fix
//!
//! Remove the phone combinations; allow phishing-resistant methods that keep no data outside
//! Europe: `fido2`, `windowsHelloForBusiness`, `x509CertificateMultiFactor`.
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page),
//!   "Microsoft Azure multi-factor authentication (MFA)".
//! - terraform-provider-azuread `internal/services/policies/authentication_strength_policy_resource.go`:
//!   each combination is a comma-separated list of authentication method modes.

use super::shared::mfa::mfa_combinations;
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU020",
        name: "mfa-phone-methods",
        summary: "SMS or voice MFA enabled: calls and texts originate from US datacenters, routed by global providers.",
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
        &["sms", "voice"],
        "SMS and voice calls for MFA originate from US datacenters and are routed by global telephony providers",
    );
}
