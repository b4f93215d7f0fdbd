//! What the rules read of a B2C custom policy's technical profiles (identity-surfaces.md
//! §3.2): which MFA operation a profile performs, and the endpoint a RESTful profile calls.

use super::super::{Context, Finding, RuleMeta};
use crate::model::{Kind, Resource, Val};

/// What an MFA technical profile does with Microsoft's MFA service.
pub(in crate::rules) enum MfaUse<'r> {
    /// `PhoneFactorProtocolProvider`: phone calls and text messages; its
    /// `setting.authenticationMode` (`sms`, `phone`, `mixed`) when written.
    PhoneFactor { mode: Option<&'r Val> },
    /// `AzureMfaProtocolProvider` with this `Operation` (`OneWaySMS`, `Verify`,
    /// `GetAvailableDevices`, `BeginVerifyOTP`, `VerifyOTP`).
    AzureMfa { operation: &'r Val },
}

/// What a B2C MFA technical profile does, when its handler and metadata say.
pub(in crate::rules) fn mfa_use(resource: &Resource) -> Option<MfaUse<'_>> {
    if resource.kind != Kind::B2cMfaProfile {
        return None;
    }
    let metadata = resource.props.get("Metadata");
    let item = |key: &str| metadata.and_then(|m| m.get(key));
    if resource
        .type_name
        .eq_ignore_ascii_case("PhoneFactorProtocolProvider")
    {
        return Some(MfaUse::PhoneFactor {
            mode: item("setting.authenticationMode"),
        });
    }
    item("Operation").map(|operation| MfaUse::AzureMfa { operation })
}

/// Reports an Azure MFA technical profile whose `Operation` is one of `operations`: `what` it
/// does, for the headline; `why`, the notes, one sentence each; `help`, what to do.
pub(in crate::rules) fn mfa_operation(
    resource: &Resource,
    cx: &mut Context,
    rule: &'static RuleMeta,
    operations: &[&str],
    what: &str,
    why: &[&str],
    help: Option<&str>,
) {
    let Some(MfaUse::AzureMfa { operation }) = mfa_use(resource) else {
        return;
    };
    let Some(op) = operation.as_str() else {
        return;
    };
    if !operations.iter().any(|o| o.eq_ignore_ascii_case(op)) {
        return;
    }
    cx.report(Finding {
        notes: std::iter::once(format!("Its `Operation` is `{op}`."))
            .chain(why.iter().map(|s| s.to_string()))
            .collect(),
        help: help.map(str::to_string),
        rule,
        ceiling: None,
        loc: operation.loc.unwrap_or(resource.decl),
        message: format!("B2C technical profile `{}` {what}", resource.name),
        related: vec![(resource.decl, "its Azure MFA protocol handler".into())],
        fix: None,
    });
}

/// The host of a URL (`https://api.sendgrid.com/v3/mail/send` → `api.sendgrid.com`), lower-cased,
/// without user information or port; `None` when the text is no absolute http(s) URL or its
/// host is not written literally (a claim resolver such as `{Settings:Host}`).
pub(in crate::rules) fn url_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])
        .or_else(|| {
            url.get(..7)
                .filter(|p| p.eq_ignore_ascii_case("http://"))
                .map(|_| &url[7..])
        })?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    valid.then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            url_host("https://api.sendgrid.com/v3/mail/send").as_deref(),
            Some("api.sendgrid.com")
        );
        assert_eq!(
            url_host(" HTTPS://User:pw@Func.AzureWebsites.net:443/api/x?q=1").as_deref(),
            Some("func.azurewebsites.net")
        );
        assert_eq!(
            url_host("https://api.linkedin.com?q=members&projection=x").as_deref(),
            Some("api.linkedin.com")
        );
        assert_eq!(url_host("http://[::1]:80/x").as_deref(), Some("::1"));
        assert_eq!(url_host("{Settings:ServiceUrl}"), None);
        assert_eq!(url_host("https://{Settings:Host}/api"), None);
        assert_eq!(url_host("ftp://x.example"), None);
        assert_eq!(url_host("https://"), None);
    }

    /// An MFA profile's finding: the headline says what the profile does, the notes say its
    /// operation and why, the help what to do.
    #[test]
    fn mfa_operation_findings_in_three_parts() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU020/b2c-xml-flagged");
        let outcome =
            crate::check::check_paths(&[folder], &crate::check::Options::default()).unwrap();
        let sms = outcome
            .diagnostics
            .iter()
            .find(|d| d.code == "EU020" && d.message.contains("`AzureMfa-SendSms`"))
            .expect("the OneWaySMS profile is reported");
        assert_eq!(
            sms.message,
            "B2C technical profile `AzureMfa-SendSms` texts a code to the user's phone"
        );
        assert_eq!(sms.notes[0], "Its `Operation` is `OneWaySMS`.");
        assert!(sms.notes.iter().any(|n| n.contains("2019 page")));
        assert!(sms.notes.iter().all(|n| n.ends_with('.')));
        assert!(sms
            .help
            .as_deref()
            .is_some_and(|h| h.starts_with("Verify the e-mail address")));
    }
}
