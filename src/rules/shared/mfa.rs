//! Authentication strengths and the tenant's authentication methods policy: which
//! combinations use, and which configurations enable, the methods whose data Microsoft's pages
//! place outside Europe (EU020, EU021, EU022 share their body; EU023 asks whether a strength
//! avoids them).

use super::location::provenance;
use crate::model::{Kind, Resource, Val, ValKind};
use crate::rules::{Context, Finding, RuleMeta};

/// The authentication method modes of a combination (`"password,sms"`), as Entra writes them.
fn modes(combination: &str) -> impl Iterator<Item = &str> {
    combination.split(',').map(str::trim)
}

/// What a strength that allows a US-handled method should allow instead (EU020, EU021, EU022).
const PHISHING_RESISTANT: &str = "Allow only phishing-resistant methods (`fido2`, `windowsHelloForBusiness`, `x509CertificateMultiFactor`).";

/// What to do about a method the tenant's methods policy enables (EU020, EU021, EU022).
pub(in crate::rules) const DISABLE_METHOD: &str =
    "Disable it for everyone, or keep it for the few who need it and record why.";

/// The notes of a finding: `why`, one sentence each.
pub(in crate::rules) fn notes(why: &[&str]) -> Vec<String> {
    why.iter().map(|s| s.to_string()).collect()
}

/// EU020, EU021, EU022: an authentication strength's combinations that use one of `methods`.
/// `why`: the notes, one sentence each.
pub(in crate::rules) fn mfa_combinations(
    resource: &Resource,
    cx: &mut Context,
    rule: &'static RuleMeta,
    methods: &[&str],
    why: &[&str],
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
            notes: notes(why),
            help: Some(PHISHING_RESISTANT.to_string()),
            rule,
            ceiling: None,
            loc: entry.loc.unwrap_or(resource.decl),
            message: format!(
                "Authentication strength `{}` allows `{combination}`",
                resource.name
            ),
            related: provenance(entry),
            fix: None,
        });
    }
}

/// The configurations of the authentication methods policy a resource writes: itself (one
/// method, `…/authenticationMethodConfigurations/sms`), or each entry of the whole policy's
/// `authenticationMethodConfigurations`.
fn method_configurations(resource: &Resource) -> Vec<&Val> {
    match resource.kind {
        Kind::AuthenticationMethodConfiguration => vec![&resource.props],
        Kind::AuthenticationMethodsPolicy => resource
            .props
            .get("authenticationMethodConfigurations")
            .map(Val::items)
            .unwrap_or_default()
            .iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// The `state` of a configuration when it is `enabled` (a disabled method, or one whose state
/// is not known statically, is not reported: only what the code provably switches on is).
fn enabled(config: &Val) -> Option<&Val> {
    config.get("state").filter(|s| {
        s.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("enabled"))
    })
}

/// EU020, EU021, EU022: the methods of `methods` (Graph ids: `Sms`, `MicrosoftAuthenticator`)
/// that a methods policy enables, one finding at each `state`. `also` is a Boolean property
/// of an enabled configuration that enables what the rule is about too
/// (`isSoftwareOathEnabled`: OATH codes in Microsoft Authenticator), with the method it is
/// read on. `why`: the notes, one sentence each.
pub(in crate::rules) fn enabled_methods(
    resource: &Resource,
    cx: &mut Context,
    rule: &'static RuleMeta,
    methods: &[&str],
    also: Option<(&str, &str)>,
    why: &[&str],
) {
    for config in method_configurations(resource) {
        let Some(state) = enabled(config) else {
            continue;
        };
        let Some(id) = config.get("id").and_then(Val::as_str) else {
            continue;
        };
        let (at, what) = if methods.iter().any(|m| m.eq_ignore_ascii_case(id)) {
            (state, format!("enables `{id}`"))
        } else if let Some(flag) = also
            .filter(|(on, _)| on.eq_ignore_ascii_case(id))
            .and_then(|(_, flag)| config.get(flag))
            .filter(|v| matches!(v.kind, ValKind::Bool(true)))
        {
            (flag, format!("enables OATH codes in `{id}`"))
        } else {
            continue;
        };
        let mut notes = notes(why);
        let whose = match resource.kind {
            Kind::AuthenticationMethodsPolicy => {
                format!("Authentication methods policy `{}`", resource.name)
            }
            _ => {
                notes.insert(
                    0,
                    "It is part of the tenant's authentication methods policy.".to_string(),
                );
                format!("Method configuration `{}`", resource.name)
            }
        };
        cx.report(Finding {
            notes,
            help: Some(DISABLE_METHOD.to_string()),
            rule,
            ceiling: None,
            loc: at.loc.unwrap_or(resource.decl),
            message: format!("{whose} {what}"),
            related: provenance(at),
            fix: None,
        });
    }
}

/// The built-in authentication strengths, by id (identity-surfaces.md §2.5, from
/// microsoftgraph/microsoft-graph-docs-contrib
/// `api-reference/v1.0/api/authenticationstrengthroot-list-policies.md`): their display name,
/// and whether every combination they allow avoids the methods of [`US_HANDLED_METHODS`].
pub const BUILT_IN_STRENGTHS: &[(&str, &str, bool)] = &[
    (
        "00000000-0000-0000-0000-000000000002",
        "Multifactor authentication",
        false,
    ),
    // Allows `deviceBasedPush` (Authenticator phone sign-in).
    (
        "00000000-0000-0000-0000-000000000003",
        "Passwordless MFA",
        false,
    ),
    (
        "00000000-0000-0000-0000-000000000004",
        "Phishing-resistant MFA",
        true,
    ),
];

/// A built-in strength an id or a display name designates: the GUID, or a Graph path ending in it
/// (`/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004`, as the
/// azuread provider writes it).
pub fn built_in_strength(id: &str) -> Option<(&'static str, bool)> {
    let guid = id.trim().rsplit('/').next()?;
    BUILT_IN_STRENGTHS
        .iter()
        // By id, or by display name (Microsoft365DSC's `AuthenticationStrength`).
        .find(|(g, name, _)| g.eq_ignore_ascii_case(guid) || name.eq_ignore_ascii_case(id.trim()))
        .map(|&(_, name, ok)| (name, ok))
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
