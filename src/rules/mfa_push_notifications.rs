//! ## What it flags
//!
//! - An authentication strength whose `allowed_combinations` include
//!   `microsoftAuthenticatorPush` or `deviceBasedPush`: one finding per combination, pointing
//!   at it.
//! - The tenant's authentication methods policy enabling Microsoft Authenticator
//!   (`…/authenticationMethodConfigurations/microsoftAuthenticator` written with the Microsoft
//!   Graph Terraform provider, the whole policy's `authenticationMethodConfigurations`, a
//!   community provider's methods policy, Microsoft365DSC's
//!   `AADAuthenticationMethodPolicyAuthenticator`, or an exported
//!   `#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration`). One finding
//!   at the `state`; a disabled method is clean.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers (the seed, 2019): "Push
//! notifications using the Microsoft Authenticator app originate from US datacenters."
//!
//! Microsoft's current page on MFA data residency (June 2025): push notifications "are
//! currently processed in regional datacenters based on the user's location", but
//! vendor-specific device services, such as Apple Push Notification Service or Google Firebase
//! Cloud Messaging, "might be outside the user's location"; and MFA logs the UPN and a unique
//! device token for challenges to mobile app modes, stored in "North America and/or in geo
//! location". A tenant-wide EU data boundary (`Microsoft.Resources/dataBoundaries` with
//! `dataBoundary: 'EU'`) is a positive signal but does not change this.
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
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019,
//!   2019), "Microsoft Azure multi-factor authentication (MFA)".
//! - MicrosoftDocs/entra-docs `docs/identity/authentication/concept-mfa-data-residency.md`
//!   (ms.date 06/06/2025), and `docs/fundamentals/data-residency.md` (ms.date 08/25/2024).
//! - Microsoft Graph `microsoftAuthenticatorAuthenticationMethodConfiguration`.

use super::shared::mfa::{enabled_methods, mfa_combinations};
use super::{Context, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU021",
        name: "mfa-push-notifications",
        summary: "Authenticator push enabled: Apple and Google push services may be outside Europe; MFA logs are kept in North America and/or the geo (seed: from US datacenters).",
        default_severity: Severity::Warning,
    },
    kinds: &[
        Kind::AuthenticationStrengthPolicy,
        Kind::AuthenticationMethodConfiguration,
        Kind::AuthenticationMethodsPolicy,
    ],
    check,
};

/// Why, in a finding: its notes.
const WHY: &[&str] = &[
    "Authenticator push goes through Apple and Google push services that may be outside Europe.",
    "MFA logs (UPN, device token) are stored in North America and/or the geo.",
    "Microsoft's 2019 page says push notifications originate from US datacenters.",
];

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    mfa_combinations(
        resource,
        cx,
        &RULE.meta,
        &["microsoftAuthenticatorPush", "deviceBasedPush"],
        WHY,
    );
    enabled_methods(
        resource,
        cx,
        &RULE.meta,
        &["microsoftAuthenticator"],
        None,
        WHY,
    );
}
