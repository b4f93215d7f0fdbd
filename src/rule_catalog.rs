//! The rule catalog: each rule's code, name, default severity and one-line summary. Codes are
//! stable; names are kebab-case and read as what they flag.
//!
//! A leaf below both [`crate::config`] (which validates rule codes) and [`crate::rules`] (which
//! implements them and re-exports this catalog), so neither imports the other's way.

use crate::diagnostic::Severity;

/// A rule's identity and metadata.
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line: what it flags.
    pub summary: &'static str,
    pub default_severity: Severity,
}

impl RuleMeta {
    /// Where the rule's documentation is published.
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE}/{}.md", self.code)
    }
}

/// Base URL of the rule documentation (`docs/rules/` of the repository).
pub const DOCS_BASE: &str = "https://github.com/residency-lint/residency/blob/main/docs/rules";

macro_rules! catalog {
    ($($code:literal $name:literal $sev:ident $summary:literal;)*) => {
        /// Every rule, in code order.
        pub const CATALOG: &[RuleMeta] = &[
            $(RuleMeta { code: $code, name: $name, summary: $summary, default_severity: Severity::$sev },)*
        ];
    };
}

catalog! {
    "E001" "syntax-error" Error "The file does not parse there (the rest of the file is still checked).";
    "E002" "unreadable-file" Error "The file cannot be read or decoded (not UTF-8, binary, over the size limit).";
    "E003" "unexplained-suppression" Warning "A suppression comment without a reason, or naming no or an unknown rule code.";
    "EU001" "b2c-tenant-outside-europe" Error "Azure AD B2C tenant whose data residency location is not Europe.";
    "EU002" "tenant-country-outside-eu-boundary" Warning "B2C or External ID tenant in Europe whose country code is outside the EU and EFTA (matters under the eu-data-boundary profile).";
    "EU003" "b2c-config-stored-in-us" Info "Any B2C tenant: policy configuration and key containers are stored in US datacenters.";
    "EU004" "external-id-tenant-outside-europe" Error "Microsoft Entra External ID (CIAM) tenant outside Europe.";
    "EU010" "domain-services-outside-europe" Error "Domain Services managed domain, replica set, or the virtual network of its subnet, in a region outside the boundary.";
    "EU020" "mfa-phone-methods" Warning "SMS or voice MFA enabled: calls and texts originate from US datacenters, routed by global providers.";
    "EU021" "mfa-push-notifications" Warning "Authenticator push enabled: notifications originate from US datacenters.";
    "EU022" "mfa-oath-codes" Warning "OATH software or hardware tokens enabled: codes are validated in the US.";
    "EU023" "mfa-methods-unrestricted" Warning "A conditional access policy requires MFA without an authentication strength, so phone, push and OATH (all handled in the US) remain allowed.";
    "EU030" "b2b-invitation-stored-in-us" Warning "B2B invitation: redeem link and redirect URL (and unsubscribe list) stored in US datacenters.";
    "EU040" "identity-logs-outside-europe" Error "Sign-in or audit log export to a workspace, storage account or event hub outside the boundary.";
    "EU050" "app-access-to-identity-data" Info "An application granted access to directory data: its own processing must be evaluated.";
    "EU060" "exchange-federation" Info "Exchange federation trust: AppID, federated domains and token-signing key stored outside Europe.";
    "EU090" "location-not-provable" Warning "An identity resource whose location cannot be resolved statically (shows the chain).";
    "EU091" "unknown-region" Error "A location string that is not an Azure region (typo), with a did-you-mean fix.";
}

/// Looks a rule up by code, case-insensitively.
pub fn meta(code: &str) -> Option<&'static RuleMeta> {
    CATALOG.iter().find(|m| m.code.eq_ignore_ascii_case(code))
}
