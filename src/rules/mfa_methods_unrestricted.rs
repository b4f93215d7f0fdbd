//! ## What it flags
//!
//! A conditional access policy (`azuread_conditional_access_policy`, Pulumi
//! `azuread:ConditionalAccessPolicy`, the Microsoft Graph Terraform provider's
//! `identity/conditionalAccess/policies`, a community provider's typed resource, Microsoft365DSC's
//! `AADConditionalAccessPolicy` with its flat `BuiltInControls` and its `AuthenticationStrength`
//! given by display name, an exported Graph object) whose grant controls require `mfa` without an authentication strength, or
//! with an authentication strength that still allows phone, push or OATH methods: one of the
//! same project, or the built-in `Multifactor authentication` (`…0002`) or `Passwordless MFA`
//! (`…0003`, which allows Authenticator phone sign-in). The finding points at the `mfa` entry,
//! or at the strength's id when the policy requires only the strength.
//!
//! ## Why it matters
//!
//! The built-in `mfa` control is satisfied by any method the user has registered: SMS and voice
//! (routed by global providers that may route them outside Europe; from US datacenters, said
//! the 2019 page), Authenticator push (through Apple and Google push services that may be
//! outside Europe) and OATH codes (validated in the US, said the 2019 page; the current page
//! no longer says where). Only an authentication strength limits the methods. A tenant-wide
//! EU data boundary (`Microsoft.Resources/dataBoundaries` with `dataBoundary: 'EU'`) is a
//! positive signal, but MFA is excluded from it.
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
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019),
//!   "Microsoft Azure multi-factor authentication (MFA)".
//! - MicrosoftDocs/entra-docs `docs/identity/authentication/concept-mfa-data-residency.md`
//!   (ms.date 06/06/2025).
//! - terraform-provider-azuread `docs/resources/conditional_access_policy.md`:
//!   `grant_controls.built_in_controls`, `authentication_strength_policy_id`.
//! - microsoftgraph/microsoft-graph-docs-contrib
//!   `api-reference/v1.0/api/authenticationstrengthroot-list-policies.md`: the built-in
//!   strengths and the combinations they allow.

use super::shared::mfa::built_in_strength;
use super::{Context, Finding, Rule, RuleMeta, each, provenance, strength_excludes_us_methods};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU023",
        name: "mfa-methods-unrestricted",
        summary: "A conditional access policy requires MFA without an authentication strength (or with one that allows them), so phone, push and OATH remain allowed.",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::ConditionalAccessPolicy],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    // Microsoft365DSC writes the grant controls flat, on the policy itself.
    let grants = match resource.props.get("grantControls") {
        Some(g) => each(Some(g)),
        None => vec![&resource.props],
    };
    for grant in grants {
        let mfa = grant.get("builtInControls").and_then(|controls| {
            controls
                .items()
                .iter()
                .find(|c| c.as_str().is_some_and(|s| s.eq_ignore_ascii_case("mfa")))
        });
        // azuread: `authentication_strength_policy_id`; Graph and the providers that mirror
        // it: `authenticationStrength.id`.
        let strength = grant
            .get("authenticationStrengthPolicyId")
            .or_else(|| grant.path(&["authenticationStrength", "id"]))
            // Microsoft365DSC: the strength's display name.
            .or_else(|| grant.get("authenticationStrength").filter(|v| v.as_str().is_some()))
            .filter(|v| !matches!(v.kind, crate::model::ValKind::Null));
        // What remains allowed.
        let mut allowed = "SMS and voice (routed by global providers that may leave Europe), Authenticator push (through Apple and Google push services) and OATH codes (validated in the US, says the 2019 page) remain allowed.";
        // What the policy requires (the headline), and why it matters (a note, when the
        // headline does not say it).
        let (at, what, why) = match (mfa, strength) {
            (None, None) => continue,
            (Some(mfa), None) => (
                mfa,
                "requires MFA without an authentication strength".to_string(),
                Some("No authentication strength limits the methods.".to_string()),
            ),
            (mfa, Some(id)) => {
                let (what, why) = match id.as_str().and_then(built_in_strength) {
                    Some((_, true)) => continue,
                    Some((name, false)) => {
                        // identity-surfaces.md §2.5: it allows `deviceBasedPush` and no
                        // phone or OATH method.
                        if name == "Passwordless MFA" {
                            allowed = "Authenticator phone sign-in (`deviceBasedPush`, through Apple and Google push services) remains allowed.";
                        }
                        (
                            format!("requires MFA with the built-in strength `{name}`"),
                            None,
                        )
                    }
                    None => {
                        // The policy the id is read from, when it is declared here.
                        let policy = cx.referenced(id, Kind::AuthenticationStrengthPolicy);
                        match policy.and_then(|p| strength_excludes_us_methods(p).map(|ok| (p, ok))) {
                            Some((p, false)) => (
                                format!("requires MFA with authentication strength `{}`", p.name),
                                Some(format!("Its authentication strength `{}` allows more than phishing-resistant methods.", p.name)),
                            ),
                            _ => continue,
                        }
                    }
                };
                (mfa.unwrap_or(id), what, why)
            }
        };
        cx.report(Finding {
            notes: why.into_iter().chain([allowed.to_string()]).collect(),
            help: Some("Require an authentication strength that allows only FIDO2, Windows Hello for Business and certificate-based authentication.".to_string()),
            rule: &RULE.meta,
            ceiling: None,
            loc: at.loc.unwrap_or(resource.decl),
            message: format!("Conditional access policy `{}` {what}", resource.name),
            related: provenance(at),
            fix: None,
        });
    }
}
