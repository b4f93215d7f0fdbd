//! Authentication strengths: which combinations use the methods whose data Microsoft handles in
//! the US (EU020, EU021, EU022 share their body; EU023 asks whether a strength avoids them).

use super::location::provenance;
use crate::model::{Kind, Resource};
use crate::rules::{Context, Finding, RuleMeta};

/// The authentication method modes of a combination (`"password,sms"`), as Entra writes them.
fn modes(combination: &str) -> impl Iterator<Item = &str> {
    combination.split(',').map(str::trim)
}

/// EU020, EU021, EU022: an authentication strength's combinations that use one of `methods`.
pub(in crate::rules) fn mfa_combinations(
    resource: &Resource,
    cx: &mut Context,
    rule: &'static RuleMeta,
    methods: &[&str],
    why: &str,
) {
    if resource.kind != Kind::AuthenticationStrengthPolicy {
        return;
    }
    let Some(list) = resource.props.get("allowedCombinations") else {
        return;
    };
    for entry in list.items() {
        let Some(combination) = entry.as_str() else {
            continue;
        };
        if !modes(combination).any(|m| methods.iter().any(|x| x.eq_ignore_ascii_case(m))) {
            continue;
        }
        cx.report(Finding {
            rule,
            loc: entry.loc.unwrap_or(resource.decl),
            message: format!(
                "Authentication strength `{}` allows `{combination}`: {why}. Allow only phishing-resistant methods (`fido2`, `windowsHelloForBusiness`, `x509CertificateMultiFactor`).",
                resource.name
            ),
            related: provenance(entry),
            fix: None,
        });
    }
}

/// Methods whose data Microsoft handles in the US (EU020, EU021, EU022).
pub const US_HANDLED_METHODS: &[&str] = &[
    "sms",
    "voice",
    "microsoftAuthenticatorPush",
    "deviceBasedPush",
    "softwareOath",
    "hardwareOath",
];

/// Whether an authentication strength's combinations all avoid the US-handled methods.
pub fn strength_excludes_us_methods(policy: &Resource) -> Option<bool> {
    let list = policy.props.get("allowedCombinations")?;
    let mut all = true;
    for entry in list.items() {
        let combination = entry.as_str()?;
        if modes(combination).any(|m| US_HANDLED_METHODS.iter().any(|x| x.eq_ignore_ascii_case(m)))
        {
            all = false;
        }
    }
    Some(all)
}
