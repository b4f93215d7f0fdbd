//! ## What it flags
//!
//! - A B2B invitation: `azuread_invitation`, Pulumi `azuread:Invitation`, Graph `invitations`
//!   (the Microsoft Graph Terraform provider).
//! - The tenant's authorization policy letting someone invite guests: `allowInvitesFrom` other
//!   than `none` (Graph `policies/authorizationPolicy`; Microsoft365DSC `AADAuthorizationPolicy`,
//!   `AllowInvitesFrom`). This is information, whatever the rule's level: the setting allows
//!   invitations, each of which is then stored in the US; it is not one itself.
//!
//! ## Why it matters
//!
//! Microsoft's page on identity data for European customers: Azure AD B2B stores invitations
//! with their redeem link and redirect URL in US datacenters, and the email addresses of users
//! who unsubscribe from invitations too. The invited user's data is then also stored and
//! processed where the collaborating tenant is. A tenant-wide EU data boundary
//! (`Microsoft.Resources/dataBoundaries` with `dataBoundary: 'EU'`) is a positive signal but does
//! not cover invitations.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_invitation" "partner" {
//!   user_email_address = "jane@partner.example"
//!   redirect_url       = "https://portal.azure.com"
//! }
//! ```
//!
//! ## How to fix
//!
//! Decide whether the invitation is needed; keep personal data out of the redirect URL and the
//! message, then record the decision with a suppression that says why.
//!
//! ## References
//!
//! - Microsoft, [*Identity data storage for European customers in Azure AD*](https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu) (the seed page, 2019),
//!   "Microsoft Azure Active Directory B2B (Azure AD B2B)".
//! - terraform-provider-azuread `docs/resources/invitation.md`.
//! - Microsoft Graph `authorizationPolicy` (`allowInvitesFrom`: `none`,
//!   `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers`, `everyone`) and
//!   microsoft/Microsoft365DSC `MSFT_AADAuthorizationPolicy` (`AllowInvitesFrom`).

use super::{provenance, Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU030",
        name: "b2b-invitation-stored-in-us",
        summary: "B2B invitation: redeem link and redirect URL (and unsubscribe list) stored in US datacenters.",
        default_severity: Severity::Warning,
    },
    kinds: &[Kind::Invitation, Kind::AuthorizationPolicy],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    if resource.kind == Kind::AuthorizationPolicy {
        invites_allowed(resource, cx);
        return;
    }
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: None,
        loc: resource.decl,
        message: format!(
            "B2B invitation `{}` is stored in US datacenters",
            resource.name
        ),
        notes: vec![
            "Microsoft stores the invitation, its redeem link and redirect URL in US datacenters."
                .to_string(),
        ],
        help: Some(
            "Keep personal data out of the redirect URL and message, and record why the invitation is needed."
                .to_string(),
        ),
        related: Vec::new(),
        fix: None,
    });
}

/// Who may invite guests, when the authorization policy lets anyone: information.
fn invites_allowed(resource: &Resource, cx: &mut Context) {
    let Some(from) = resource.props.get("allowInvitesFrom") else {
        return;
    };
    let Some(who) = from.as_str().map(str::trim) else {
        return;
    };
    if who.eq_ignore_ascii_case("none") {
        return;
    }
    cx.report(Finding {
        rule: &RULE.meta,
        ceiling: Some(Severity::Info),
        loc: from.loc.unwrap_or(resource.decl),
        message: format!(
            "Authorization policy `{}` lets `{who}` invite guests",
            resource.name
        ),
        notes: vec![
            "Microsoft stores each B2B invitation, its redeem link and redirect URL in US datacenters."
                .to_string(),
        ],
        // The setting is information (it allows invitations, it is none): no remedy of its own.
        help: None,
        related: provenance(from),
        fix: None,
    });
}
