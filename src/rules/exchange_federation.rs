//! ## What it flags
//!
//! An Exchange federation trust created in a PowerShell script (`.ps1`):
//! `New-FederationTrust` or `Set-FederatedOrganizationIdentifier` outside comments.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers: Exchange Server 2013 federation
//! stores the application identifier (AppID), the list of federated domains and the
//! token-signing public key with the Microsoft Federation Gateway, outside Europe. No ARM, Bicep,
//! Terraform or Pulumi resource models this trust (checked: ExchangeDsc and Microsoft365DSC have
//! no federation-trust resource; `azuread_application_federated_identity_credential` is workload
//! identity federation, unrelated), so scripts are the only place it shows in code.
//!
//! ## Example
//!
//! ```powershell
//! New-FederationTrust -Name "Microsoft Federation Gateway" -Thumbprint $cert.Thumbprint
//! Set-FederatedOrganizationIdentifier -DelegatedOrganization contoso.com -Enabled $true
//! ```
//!
//! ## How to fix
//!
//! Decide whether federation is needed; if it is, record the decision with a suppression that
//! says why (`# residency-ignore: EU060 -- free/busy with partner, approved`).
//!
//! ## References
//!
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019),
//!   "Federation in Microsoft Exchange Server 2013".
//! - `shared/reference/azure-facts.md` §1.7.

use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU060",
        name: "exchange-federation",
        summary: "Exchange federation trust: AppID, federated domains and token-signing key stored outside Europe.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::ExchangeFederation],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: resource.decl,
        message: format!(
            "`{}` sets up an Exchange federation trust, whose data is stored outside Europe",
            resource.name
        ),
        notes: vec![
            "The trust's AppID, federated domains and token-signing key are stored with the Microsoft Federation Gateway, outside Europe.".to_string(),
        ],
        help: Some("Record why federation is needed.".to_string()),
        related: Vec::new(),
        fix: None,
    });
}
