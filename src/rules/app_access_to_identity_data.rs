//! ## What it flags
//!
//! An application granted access to directory data (informational):
//!
//! - `azuread_application` / Bicep `Microsoft.Graph/applications` requesting Microsoft Graph
//!   (`00000003-0000-0000-c000-000000000000`) permissions that read users or the directory —
//!   by name (`azuread_service_principal.msgraph.app_role_ids["User.Read.All"]`) or by id;
//! - consent granted: `azuread_app_role_assignment`, `azuread_application_api_access`,
//!   `azuread_service_principal_delegated_permission_grant` (`claim_values`), Bicep
//!   `Microsoft.Graph/oauth2PermissionGrants` (`scope`) and `appRoleAssignedTo`;
//! - multitenant sign-in audiences (`AzureADMultipleOrgs`, `AzureADandPersonalMicrosoftAccount`).
//!
//! Permissions that read users or the directory: `User.Read.All`, `User.ReadWrite.All`,
//! `User.ReadBasic.All`, `User.ReadWrite`, `Directory.Read.All`, `Directory.ReadWrite.All`,
//! `Group.Read.All`, `Group.ReadWrite.All`, `GroupMember.Read.All`, `GroupMember.ReadWrite.All`,
//! `People.Read.All`, `AuditLog.Read.All`. `User.Read` (sign-in and the user's own profile) is not
//! flagged: every sign-in needs it.
//!
//! ## Why it matters
//!
//! "Services and applications that integrate with Microsoft Entra ID have access to customer
//! data": once an application reads the directory, where that data goes is decided by the
//! application, not by Entra. Multitenant applications store and process data in the location of
//! the tenant that publishes them. A tenant-wide EU data boundary
//! (`Microsoft.Resources/dataBoundaries` with `dataBoundary: 'EU'`) is a positive signal but does
//! not cover what applications do with the data.
//!
//! ## Example
//!
//! ```hcl
//! resource "azuread_application" "sync" {
//!   display_name = "HR sync"
//!   required_resource_access {
//!     resource_app_id = "00000003-0000-0000-c000-000000000000" # Microsoft Graph
//!     resource_access {
//!       id   = "df021288-bdef-4463-88db-98f22de89214" # User.Read.All
//!       type = "Role"
//!     }
//!   }
//! }
//! ```
//!
//! ## How to fix
//!
//! Evaluate where the application stores and processes the data (its vendor's data residency
//! terms), grant the least permission that works, and record the decision with a suppression
//! that says why.
//!
//! ## References
//!
//! - MicrosoftDocs/entra-docs `docs/fundamentals/data-storage-eu.md`: "Services and applications
//!   that integrate with Microsoft Entra ID have access to customer data"; multitenant apps.
//! - Permission ids: terraform-provider-azuread `docs/resources/application.md` (User.Read.All
//!   role `df021288-bdef-4463-88db-98f22de89214`, User.ReadWrite scope
//!   `b4e74841-8e56-480b-be8b-910348b18b4c`, Microsoft Graph app id
//!   `00000003-0000-0000-c000-000000000000`). Other permissions are matched by name only until
//!   their ids are verified against a Microsoft source.
//! - Permission names and meanings: microsoftgraph/microsoft-graph-docs-contrib
//!   `concepts/permissions-reference.md`.

use super::{Context, Finding, Rule, RuleMeta, each, provenance};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, Val};

/// Microsoft Graph's application id (terraform-provider-azuread `docs/resources/application.md`).
const MICROSOFT_GRAPH: &str = "00000003-0000-0000-c000-000000000000";

/// Graph permissions that read users or the directory, by name.
const DIRECTORY_PERMISSIONS: &[&str] = &[
    "User.Read.All",
    "User.ReadWrite.All",
    "User.ReadBasic.All",
    "User.ReadWrite",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "GroupMember.Read.All",
    "GroupMember.ReadWrite.All",
    "People.Read.All",
    "AuditLog.Read.All",
];

/// Verified ids (see References): (id, permission).
const DIRECTORY_PERMISSION_IDS: &[(&str, &str)] = &[
    ("df021288-bdef-4463-88db-98f22de89214", "User.Read.All"),
    ("b4e74841-8e56-480b-be8b-910348b18b4c", "User.ReadWrite"),
];

/// Multitenant sign-in audiences (terraform-provider-azuread `docs/resources/application.md`).
const MULTITENANT: &[&str] = &["AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"];

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU050",
        name: "app-access-to-identity-data",
        summary: "An application granted access to directory data: its own processing must be evaluated.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::Application, Kind::PermissionGrant],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let props = &resource.props;
    let mut hits: Vec<(&Val, String)> = Vec::new();
    // Requested permissions.
    for access in each(props.get("requiredResourceAccess")) {
        let app = access.get("resourceAppId");
        let graph = app
            .and_then(Val::as_str)
            .is_none_or(|a| a.eq_ignore_ascii_case(MICROSOFT_GRAPH));
        if !graph {
            continue;
        }
        for item in each(access.get("resourceAccess")) {
            if let Some(id) = item.get("id") {
                if let Some(name) = permission(id) {
                    hits.push((id, format!("requests Microsoft Graph `{name}`")));
                }
            }
        }
    }
    // Consent granted.
    if let Some(id) = props.get("appRoleId") {
        if let Some(name) = permission(id) {
            hits.push((id, format!("grants `{name}`")));
        }
    }
    for key in ["roleIds", "scopeIds"] {
        for id in props.get(key).map(Val::items).unwrap_or_default() {
            if let Some(name) = permission(id) {
                hits.push((id, format!("grants `{name}`")));
            }
        }
    }
    for claim in props.get("claimValues").map(Val::items).unwrap_or_default() {
        if let Some(name) = claim.as_str().and_then(directory_permission) {
            hits.push((claim, format!("grants `{name}`")));
        }
    }
    if let Some(scope) = props.get("scope") {
        let all = props
            .get("consentType")
            .and_then(Val::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case("AllPrincipals"));
        for name in scope
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(directory_permission)
        {
            let whom = if all { " for all users" } else { "" };
            hits.push((scope, format!("grants `{name}`{whom}")));
        }
    }
    if let Some(audience) = props.get("signInAudience") {
        if let Some(a) = audience
            .as_str()
            .filter(|a| MULTITENANT.iter().any(|m| m.eq_ignore_ascii_case(a)))
        {
            hits.push((audience, format!("is multitenant (`{a}`), so the data it reads is also stored and processed where the tenants using it are")));
        }
    }
    let subject = match resource.kind {
        Kind::Application => "Application",
        _ => "Permission grant",
    };
    for (val, what) in hits {
        cx.report(Finding {
            rule: &RULE.meta,
            loc: val.loc.unwrap_or(resource.decl),
            message: format!(
                "{subject} `{}` {what}. Where the application keeps directory data is decided by the application, not by Entra: evaluate its data residency and record the decision.",
                resource.name
            ),
            related: provenance(val),
            fix: None,
        });
    }
}

/// A permission that reads users or the directory, by exact name (case-insensitive).
fn directory_permission(name: &str) -> Option<&'static str> {
    DIRECTORY_PERMISSIONS
        .iter()
        .copied()
        .find(|p| p.eq_ignore_ascii_case(name.trim()))
}

/// The directory permission a permission id names: a verified GUID, or the key it is read
/// with from a service principal's ids (`...app_role_ids["User.Read.All"]`,
/// `...oauth2_permission_scope_ids["..."]`, `${msgraph.appRoleIds["User.Read.All"]}`).
fn permission(id: &Val) -> Option<&'static str> {
    if let Some(text) = id.as_str() {
        if let Some((_, name)) = DIRECTORY_PERMISSION_IDS
            .iter()
            .find(|(g, _)| g.eq_ignore_ascii_case(text))
        {
            return Some(name);
        }
    }
    let key = id.refers.as_ref()?.path.last()?;
    directory_permission(key)
}
