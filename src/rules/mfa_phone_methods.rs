//! ## What it flags
//!
//! - An authentication strength (`azuread_authentication_strength_policy`, Pulumi
//!   `azuread:AuthenticationStrengthPolicy`, Graph `policies/authenticationStrengthPolicies`)
//!   whose `allowed_combinations` include `sms` or `voice`: one finding per combination,
//!   pointing at it.
//! - The tenant's authentication methods policy enabling SMS or voice: the Microsoft Graph
//!   Terraform provider writing `state = "enabled"` to
//!   `policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms` (or
//!   `voice`), the whole policy's `authenticationMethodConfigurations`, a community provider's
//!   `microsoft365wp_authentication_methods_policy`, a Microsoft365DSC configuration
//!   (`AADAuthenticationMethodPolicySms { State = "enabled" }`, `…Voice`), or an exported Graph
//!   object (`#microsoft.graph.smsAuthenticationMethodConfiguration`). One finding at the
//!   `state`.
//!   A method the code disables is clean.
//! - A B2C tenant's methods policy allowing sign-in with a phone number and a texted code
//!   (`isPhoneOneTimePasswordAuthenticationEnabled = true` in Graph
//!   `policies/b2cAuthenticationMethodsPolicy`; Microsoft365DSC
//!   `AADB2CAuthenticationMethodsPolicy`, `IsPhoneOneTimePasswordAuthenticationEnabled = $True`).
//! - An Azure AD B2C custom policy's technical profile that calls or texts the user: a
//!   `PhoneFactorProtocolProvider` profile (phone calls and text messages, whatever its
//!   `setting.authenticationMode`), at its handler, and an `AzureMfaProtocolProvider` profile
//!   whose `Operation` is `OneWaySMS`, at the operation. The `Verify` step that checks the
//!   texted code is the same decision and is not reported again; an `AadSsprProtocolProvider`
//!   e-mail code is not reported (where it is processed is not documented). A profile is read
//!   with everything its chain of policies (`BasePolicy`) and `IncludeTechnicalProfile` give it.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers (the seed, 2019): "All two-factor
//! authentication using phone calls or SMS originate from US datacenters and are also routed by
//! global providers."
//!
//! Microsoft's current page on MFA data residency (June 2025) says something narrower: SMS and
//! phone calls originate from datacenters in the customer's region and are routed by global
//! providers, which "may route the SMS or phone call outside of the user and company
//! location"; phone calls using custom greetings always originate from the United States. It
//! also says MFA logs the UPN, voice-call telephone numbers and SMS challenges, stored in
//! "North America and/or in geo location". Either way the message and the phone number may
//! leave Europe. An EU data boundary on the tenant (`Microsoft.Resources/dataBoundaries` with
//! `dataBoundary: 'EU'`) does not change where these calls and texts go.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_authentication_strength_policy" "mfa" {
//!   display_name         = "MFA"
//!   allowed_combinations = ["fido2", "password,sms"]
//! }
//!
//! resource "msgraph_update_resource" "sms" {
//!   url  = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms"
//!   body = { state = "enabled" }
//! }
//! ```
//!
//! ```xml
//! <TechnicalProfile Id="AzureMfa-SendSms">
//!   <Protocol Name="Proprietary" Handler="Web.TPEngine.Providers.AzureMfaProtocolProvider, Web.TPEngine, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" />
//!   <Metadata>
//!     <Item Key="Operation">OneWaySMS</Item>
//!   </Metadata>
//! </TechnicalProfile>
//! ```
//!
//! ## How to fix
//!
//! Remove the phone combinations and disable SMS and voice in the methods policy; allow
//! phishing-resistant methods that keep no data outside Europe: `fido2`,
//! `windowsHelloForBusiness`, `x509CertificateMultiFactor`. In a B2C custom policy, verify
//! the e-mail address instead of the phone number, or keep the phone step for the users who
//! need it and record why.
//!
//! ## References
//!
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019,
//!   2019), "Microsoft Azure multi-factor authentication (MFA)".
//! - MicrosoftDocs/entra-docs `docs/identity/authentication/concept-mfa-data-residency.md`
//!   (ms.date 06/06/2025), and `docs/fundamentals/data-residency.md` (ms.date 08/25/2024).
//! - terraform-provider-azuread `internal/services/policies/authentication_strength_policy_resource.go`:
//!   each combination is a comma-separated list of authentication method modes.
//! - microsoft/Microsoft365DSC `DSCResources/MSFT_AADAuthenticationMethodPolicySms`, `…Voice`
//!   (schema: `State` `enabled`/`disabled`).
//! - MicrosoftDocs/azure-docs `articles/active-directory-b2c/phone-factor-technical-profile.md`
//!   ("Supports both phone calls and text messages") and `multi-factor-auth-technical-profile.md`
//!   (`OneWaySMS`: "Uses the Azure MFA service to generate and send a code").
//! - Microsoft Graph `smsAuthenticationMethodConfiguration` and
//!   `voiceAuthenticationMethodConfiguration` (`state`: `enabled`, `disabled`).

use super::shared::b2c::{mfa_operation, mfa_use, MfaUse};
use super::shared::mfa::{enabled_methods, mfa_combinations, notes, DISABLE_METHOD};
use super::{provenance, Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, ValKind};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU020",
        name: "mfa-phone-methods",
        summary: "SMS or voice MFA enabled: global telephony providers may route calls and texts outside Europe (seed: from US datacenters).",
        default_severity: Severity::Warning,
    },
    kinds: &[
        Kind::AuthenticationStrengthPolicy,
        Kind::AuthenticationMethodConfiguration,
        Kind::AuthenticationMethodsPolicy,
        Kind::B2cMfaProfile,
    ],
    check,
};

/// Why, in a finding: its notes.
const WHY: &[&str] = &[
    "SMS and voice calls are routed by global telephony providers that may route them outside Europe.",
    "Calls with custom greetings originate in the US.",
    "Microsoft's 2019 page says all SMS and voice calls originate from US datacenters.",
];

/// What to do about a phone step of a B2C custom policy.
const B2C_HELP: &str = "Verify the e-mail address instead of the phone number, or keep the phone step for the users who need it and record why.";

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    mfa_combinations(resource, cx, &RULE.meta, &["sms", "voice"], WHY);
    enabled_methods(resource, cx, &RULE.meta, &["sms", "voice"], None, WHY);
    if let Some(flag) = resource
        .props
        .get("isPhoneOneTimePasswordAuthenticationEnabled")
        .filter(|v| matches!(v.kind, ValKind::Bool(true)))
    {
        cx.report(Finding {
            notes: notes(WHY),
            help: Some(DISABLE_METHOD.to_string()),
            rule: &RULE.meta,
            ceiling: None,
            loc: flag.loc.unwrap_or(resource.decl),
            message: format!(
                "B2C methods policy `{}` lets users sign in with a code texted to their phone",
                resource.name
            ),
            related: provenance(flag),
            fix: None,
        });
    }
    if let Some(MfaUse::PhoneFactor { mode }) = mfa_use(resource) {
        let mut notes = notes(WHY);
        if let Some(m) = mode.and_then(|m| m.as_str()) {
            notes.insert(0, format!("Its `authenticationMode` is `{m}`."));
        }
        cx.report(Finding {
            notes,
            help: Some(B2C_HELP.to_string()),
            rule: &RULE.meta,
            ceiling: None,
            loc: resource.decl,
            message: format!(
                "B2C technical profile `{}` calls or texts the user's phone",
                resource.name
            ),
            related: Vec::new(),
            fix: None,
        });
    }
    mfa_operation(
        resource,
        cx,
        &RULE.meta,
        &["OneWaySMS"],
        "texts a code to the user's phone",
        WHY,
        Some(B2C_HELP),
    );
}
