//! ## What it flags
//!
//! A conditional access policy (`azuread_conditional_access_policy`, Pulumi
//! `azuread:ConditionalAccessPolicy`) whose grant controls require `mfa` without an
//! authentication strength, or with an authentication strength of the same project that still
//! allows phone, push or OATH methods. The finding points at the `mfa` entry.
//!
//! ## Why it matters
//!
//! The built-in `mfa` control is satisfied by any method the user has registered: SMS and voice
//! (sent from US datacenters through global providers), Authenticator push (sent from US
//! datacenters) and OATH codes (validated in the US). Only an authentication strength limits the
//! methods. A tenant-wide EU data boundary (`Microsoft.Resources/dataBoundaries` with
//! `dataBoundary: 'EU'`) is a positive signal, but MFA is excluded from it.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_conditional_access_policy" "admins" {
//!   display_name = "Admins need MFA"
//!   state        = "enabled"
//!   conditions { ... }
//!   grant_controls {
//!     operator          = "OR"
//!     built_in_controls = ["mfa"]
//!   }
//! }
//! ```
//!
//! ## How to fix
//!
//! Require an authentication strength that allows only FIDO2, Windows Hello for Business and
//! certificate-based authentication, instead of `mfa`:
//!
//! ```hcl
//! resource "azuread_authentication_strength_policy" "eu_phishing_resistant" {
//!   display_name         = "Phishing-resistant, no data outside Europe"
//!   allowed_combinations = ["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"]
//! }
//!
//! grant_controls {
//!   operator                          = "OR"
//!   authentication_strength_policy_id = azuread_authentication_strength_policy.eu_phishing_resistant.id
//! }
//! ```
//!
//! ## References
//!
//! - Microsoft, *Identity data storage for European customers in Azure AD* (the seed page),
//!   "Microsoft Azure multi-factor authentication (MFA)".
//! - terraform-provider-azuread `docs/resources/conditional_access_policy.md`:
//!   `grant_controls.built_in_controls`, `authentication_strength_policy_id`.

use super::{Context, Finding, Rule, RuleMeta, each, provenance, strength_excludes_us_methods};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU023",
        name: "mfa-methods-unrestricted",
        summary: "A conditional access policy requires MFA without an authentication strength, so phone, push and OATH (all handled in the US) remain allowed.",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::ConditionalAccessPolicy],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    for grant in each(resource.props.get("grantControls")) {
        let Some(controls) = grant.get("builtInControls") else {
            continue;
        };
        let Some(mfa) = controls
            .items()
            .iter()
            .find(|c| c.as_str().is_some_and(|s| s.eq_ignore_ascii_case("mfa")))
        else {
            continue;
        };
        let strength = grant
            .get("authenticationStrengthPolicyId")
            .filter(|v| !matches!(v.kind, crate::model::ValKind::Null));
        let why = match strength {
            None => "no authentication strength limits the methods".to_string(),
            Some(id) => {
                // The policy the id is read from, when it is declared here.
                let policy = cx.referenced(id, Kind::AuthenticationStrengthPolicy);
                match policy.and_then(|p| strength_excludes_us_methods(p).map(|ok| (p, ok))) {
                    Some((p, false)) => {
                        format!("its authentication strength `{}` still allows them", p.name)
                    }
                    _ => continue,
                }
            }
        };
        cx.report(Finding {
            rule: &RULE.meta,
            loc: mfa.loc.unwrap_or(resource.decl),
            message: format!(
                "Conditional access policy `{}` requires `mfa`, and {why}: SMS and voice (sent from US datacenters), Authenticator push (from US datacenters) and OATH codes (validated in the US) remain allowed. Require an authentication strength that allows only FIDO2, Windows Hello for Business and certificate-based authentication.",
                resource.name
            ),
            related: provenance(mfa),
            fix: None,
        });
    }
}
