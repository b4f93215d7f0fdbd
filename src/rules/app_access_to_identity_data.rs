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
//! - multitenant sign-in audiences (`AzureADMultipleOrgs`, `AzureADandPersonalMicrosoftAccount`),
//!   and Microsoft365DSC's `AvailableToOtherTenants = $True`;
//! - the same written with the Microsoft Graph Terraform provider (`applications`,
//!   `servicePrincipals/{id}/appRoleAssignments`, `appRoleAssignedTo`, `oauth2PermissionGrants`)
//!   or exported as Graph JSON, and Microsoft365DSC's `AADApplication` `Permissions`
//!   (`MSFT_AADApplicationPermission { Name = 'User.Read.All'; SourceAPI = 'Microsoft Graph' }`).
//!
//! Permissions that read users, groups, the directory or audit logs (`DIRECTORY_PERMISSIONS`),
//! by name or by their id in the verified table of Microsoft Graph and Azure AD Graph ids
//! (`shared::graph_permissions`, looked up with the API the id is requested from). A
//! permission whose value cannot be resolved (a variable without a value, a config key) is
//! flagged as "not provable". `User.Read` (sign-in and the user's own profile) is not flagged:
//! every sign-in needs it.
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
//! - Permission ids: microsoftgraph/microsoft-graph-docs-contrib
//!   `concepts/includes/permissions-ids.md` @ 0fcd5cbe and
//!   `concepts/migrate-azure-ad-graph-permissions-differences.md` @ 0eab6793 (via
//!   `reference/graph-permissions.tsv`).
//! - Permission names and meanings: microsoftgraph/microsoft-graph-docs-contrib
//!   `concepts/permissions-reference.md`.

use super::shared::graph_permissions;
use super::{Context, Finding, Rule, RuleMeta, each, provenance};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, Val};

/// Graph permissions that read users, groups, the directory or audit logs, by name (names
/// from the permission table, `super::shared::graph_permissions`).
const DIRECTORY_PERMISSIONS: &[&str] = &[
    "User.Read.All",
    "User.ReadWrite.All",
    "User.ReadBasic.All",
    "User.ReadWrite",
    "User.Export.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Directory.AccessAsUser.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "GroupMember.Read.All",
    "GroupMember.ReadWrite.All",
    "Member.Read.Hidden",
    "OrgContact.Read.All",
    "Device.Read.All",
    "People.Read.All",
    "AuditLog.Read.All",
    "UserAuthenticationMethod.Read.All",
    "UserAuthenticationMethod.ReadWrite.All",
    "IdentityRiskyUser.Read.All",
    "IdentityRiskEvent.Read.All",
];

/// What a permission value is.
enum Permission {
    /// One that reads users, groups, the directory or audit logs.
    Directory(&'static str),
    /// Not known statically, and why.
    NotProvable(String),
}

/// Multitenant sign-in audiences (terraform-provider-azuread `docs/resources/application.md`).
const MULTITENANT: &[&str] = &["AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount"];

/// Why, in every finding (the last note).
const WHY: &str =
    "Where the application keeps directory data is decided by the application, not by Entra.";

/// What a multitenant application's finding says of it.
const MULTITENANT_NOTE: &str =
    "The data the application reads is also stored and processed where the tenants using it are.";

/// What to do, in every finding.
const HELP: &str = "Evaluate the application's data residency and record the decision.";

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

/// What a finding says: its value, the headline's verb phrase ("requests Microsoft Graph
/// `User.Read.All`"), and a note of its own, when it has one.
type Hit<'v> = (&'v Val, String, Option<String>);

/// The note of a permission that is not provable, with the reason.
fn not_provable(why: &str) -> Option<String> {
    Some(format!(
        "The permission is not provable: {}.",
        why.trim().trim_end_matches('.')
    ))
}

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let props = &resource.props;
    let mut hits: Vec<Hit> = Vec::new();
    // Requested permissions.
    for access in each(props.get("requiredResourceAccess")) {
        let app = access.get("resourceAppId").and_then(Val::as_str);
        if app.is_some_and(|a| !graph_permissions::is_graph(a)) {
            continue;
        }
        for item in each(access.get("resourceAccess")) {
            if let Some(id) = item.get("id") {
                match permission(app, id) {
                    Some(Permission::Directory(name)) => {
                        hits.push((id, format!("requests Microsoft Graph `{name}`"), None));
                    }
                    Some(Permission::NotProvable(why)) => hits.push((
                        id,
                        "requests a Microsoft Graph permission that is not provable".to_string(),
                        not_provable(&why),
                    )),
                    None => {}
                }
            }
        }
    }
    // Microsoft365DSC's `AADApplication`: permissions by name (identity-surfaces.md §2.2,
    // `MSFT_AADApplicationPermission { Name; SourceAPI; Type }`).
    for item in each(props.get("permissions")) {
        let api = item.get("sourceAPI").and_then(Val::as_str);
        if api.is_some_and(|a| !a.eq_ignore_ascii_case("Microsoft Graph")) {
            continue;
        }
        let Some(name) = item.get("name") else {
            continue;
        };
        let found = match name.as_str() {
            Some(n) => directory_permission(n).map(Permission::Directory),
            None => unprovable(name),
        };
        match found {
            Some(Permission::Directory(n)) => {
                hits.push((name, format!("requests Microsoft Graph `{n}`"), None));
            }
            Some(Permission::NotProvable(why)) => hits.push((
                name,
                "requests a Microsoft Graph permission that is not provable".to_string(),
                not_provable(&why),
            )),
            None => {}
        }
    }
    // Consent granted.
    // The API the consent is for: Microsoft Graph, another API (not this rule's), or not said.
    let api_client = props.get("apiClientId").and_then(Val::as_str);
    let api = api_client.filter(|a| graph_permissions::is_graph(a));
    if api_client.is_none_or(graph_permissions::is_graph) {
        let mut grants: Vec<&Val> = props.get("appRoleId").into_iter().collect();
        for key in ["roleIds", "scopeIds"] {
            grants.extend(props.get(key).map(Val::items).unwrap_or_default());
        }
        for id in grants {
            granted(&mut hits, id, permission(api, id));
        }
    }
    for claim in props.get("claimValues").map(Val::items).unwrap_or_default() {
        let found = match claim.as_str() {
            Some(name) => directory_permission(name).map(Permission::Directory),
            None => unprovable(claim),
        };
        granted(&mut hits, claim, found);
    }
    if let Some(scope) = props.get("scope") {
        let all = props
            .get("consentType")
            .and_then(Val::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case("AllPrincipals"));
        let whom = if all { " for all users" } else { "" };
        for name in scope
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(directory_permission)
        {
            hits.push((scope, format!("grants `{name}`{whom}"), None));
        }
        // A scope not known statically (`join(names, ' ')` of a parameter without a value).
        if let Some(Permission::NotProvable(why)) = unprovable(scope) {
            hits.push((
                scope,
                format!(
                    "grants{} a Microsoft Graph permission that is not provable",
                    if all { " all users" } else { "" }
                ),
                not_provable(&why),
            ));
        }
    }
    // Microsoft365DSC: `AvailableToOtherTenants = $True`.
    if let Some(other) = props
        .get("availableToOtherTenants")
        .filter(|v| matches!(v.kind, crate::model::ValKind::Bool(true)))
    {
        hits.push((
            other,
            "is multitenant (`AvailableToOtherTenants`)".to_string(),
            Some(MULTITENANT_NOTE.to_string()),
        ));
    }
    if let Some(audience) = props.get("signInAudience") {
        if let Some(a) = audience
            .as_str()
            .filter(|a| MULTITENANT.iter().any(|m| m.eq_ignore_ascii_case(a)))
        {
            hits.push((
                audience,
                format!("is multitenant (`{a}`)"),
                Some(MULTITENANT_NOTE.to_string()),
            ));
        }
    }
    let subject = match resource.kind {
        Kind::Application => "Application",
        _ => "Permission grant",
    };
    for (val, what, note) in hits {
        cx.report(Finding {
            notes: note.into_iter().chain([WHY.to_string()]).collect(),
            help: Some(HELP.to_string()),
            rule: &RULE.meta,
            ceiling: None,
            loc: val.loc.unwrap_or(resource.decl),
            message: format!("{subject} `{}` {what}", resource.name),
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

fn granted<'v>(hits: &mut Vec<Hit<'v>>, val: &'v Val, found: Option<Permission>) {
    match found {
        Some(Permission::Directory(name)) => hits.push((val, format!("grants `{name}`"), None)),
        Some(Permission::NotProvable(why)) => hits.push((
            val,
            "grants a Microsoft Graph permission that is not provable".to_string(),
            not_provable(&why),
        )),
        None => {}
    }
}

/// What a permission id of API `app` (a Graph API, or not known) is: a directory permission
/// by its GUID in the verified table, or by the key it is read with from a service
/// principal's ids (`...app_role_ids["User.Read.All"]`, `...oauth2_permission_scope_ids["..."]`,
/// `${msgraph.appRoleIds["User.Read.All"]}`); or not provable when its value is unknown.
fn permission(app: Option<&str>, id: &Val) -> Option<Permission> {
    // Read by name from a service principal's ids: the name decides. A key that is no
    // permission's name (`…output.all.value[0].appRoles`, a list filtered by the role's
    // name) says nothing, and the value is judged as it is.
    if let Some(key) = id.refers.as_ref().and_then(|r| r.path.last()) {
        if let Some(name) = directory_permission(key) {
            return Some(Permission::Directory(name));
        }
        if key.contains('.') || graph_permissions::is_permission_name(key) {
            return None;
        }
    }
    match id.as_str() {
        Some(text) => graph_permissions::name(app, text)
            .and_then(directory_permission)
            .map(Permission::Directory),
        None => unprovable(id),
    }
}

/// A permission whose value is unknown: not provable, with the reason.
fn unprovable(val: &Val) -> Option<Permission> {
    match &val.kind {
        crate::model::ValKind::Unknown(why) => Some(Permission::NotProvable(why.clone())),
        _ => None,
    }
}
