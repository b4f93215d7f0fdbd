//! ## What it flags
//!
//! Informational, on the tenant's cross-tenant access settings, where they let user data be
//! copied into other tenants:
//! - the cross-tenant access policy's `allowedCloudEndpoints` naming another Microsoft cloud
//!   (`microsoftonline.us`, `partner.microsoftonline.cn`), at that entry;
//! - a default or partner configuration (`policies/crossTenantAccessPolicy/default`,
//!   `…/partners`) whose B2B collaboration or B2B direct connect settings (`b2bCollaborationInbound`,
//!   `b2bCollaborationOutbound`, `b2bDirectConnectInbound`, `b2bDirectConnectOutbound`) allow
//!   users or applications (`accessType` `allowed`): one finding per configuration, at the first
//!   setting that allows, naming all of them;
//! - a partner's cross-tenant synchronization allowing users to be synchronized in
//!   (`userSyncInbound.isSyncAllowed = true`).
//!
//! The forms are the Microsoft Graph Terraform provider (`msgraph_resource`,
//! `msgraph_update_resource`) and Microsoft365DSC (`AADCrossTenantAccessPolicy`,
//! `AADCrossTenantAccessPolicyConfigurationDefault`, `…Partner`). Settings that block are
//! clean.
//!
//! ## Why it matters
//!
//! Microsoft's data residency page for Entra ID says of B2B collaboration that user data is
//! copied in other tenants, "which might have data residency implications". A guest's account
//! in the partner's tenant, and a synchronized user, keep their copy wherever that tenant is;
//! the tenant of another Microsoft cloud (Microsoft Graph: `allowedCloudEndpoints` names
//! "which Microsoft clouds an organization would like to collaborate with") is in that cloud's
//! own regions. Nothing in this code says where the partner's tenant is.
//!
//! ## Example
//!
//! ```hcl
//! resource "msgraph_update_resource" "clouds" {
//!   url  = "policies/crossTenantAccessPolicy"
//!   body = { allowedCloudEndpoints = ["microsoftonline.us"] }
//! }
//! ```
//!
//! ## How to fix
//!
//! Collaborate with other clouds and partner tenants only where you know where they keep
//! data, and record it in a suppression's reason. Block what you do not need
//! (`accessType = "blocked"`), and remove clouds you do not collaborate with from
//! `allowedCloudEndpoints`.
//!
//! ## References
//!
//! - MicrosoftDocs/entra-docs `docs/fundamentals/data-residency.md`: B2B collaboration copies
//!   user data in other tenants.
//! - Microsoft Graph, *Update crossTenantAccessPolicy* (`allowedCloudEndpoints`:
//!   `microsoftonline.com`, `microsoftonline.us`, `partner.microsoftonline.cn`) and *Create
//!   crossTenantAccessPolicyConfigurationPartner*
//!   (`api-reference/v1.0/api/crosstenantaccesspolicy-post-partners.md`).
//! - microsoft/Microsoft365DSC `MSFT_AADCrossTenantAccessPolicy` (`AllowedCloudEndpoints`) and
//!   `MSFT_AADCrossTenantAccessPolicyConfigurationPartner` (`PartnerTenantId`,
//!   `B2BCollaborationOutbound`, ...).

use super::provenance;
use super::{Context, Finding, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource, Val, ValKind};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU031",
        name: "b2b-collaboration-outside-europe",
        summary: "Cross-tenant access allows collaboration with other Microsoft clouds or partner tenants: user data is copied into tenants that may be outside Europe.",
        default_severity: Severity::Info,
    },
    kinds: &[Kind::CrossTenantAccess],
    check,
};

/// The Microsoft clouds other than the commercial one (Microsoft Graph,
/// `allowedCloudEndpoints`), and how a message names them.
const OTHER_CLOUDS: &[(&str, &str)] = &[
    ("microsoftonline.us", "Microsoft's US government clouds"),
    ("partner.microsoftonline.cn", "the Microsoft cloud operated in China"),
];

/// The collaboration settings of a default or partner configuration, and how a message names
/// them.
const SETTINGS: &[(&str, &str)] = &[
    ("b2bCollaborationOutbound", "B2B collaboration outbound"),
    ("b2bCollaborationInbound", "B2B collaboration inbound"),
    ("b2bDirectConnectOutbound", "B2B direct connect outbound"),
    ("b2bDirectConnectInbound", "B2B direct connect inbound"),
];

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    let props = &resource.props;
    for endpoint in props.get("allowedCloudEndpoints").map_or(&[][..], Val::items) {
        let Some(cloud) = endpoint.as_str() else {
            continue;
        };
        let Some((_, name)) = OTHER_CLOUDS
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(cloud.trim()))
        else {
            continue;
        };
        let cloud = cloud.trim();
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: endpoint.loc.unwrap_or(resource.decl),
            message: format!(
                "Cross-tenant access `{}` allows collaboration with `{cloud}`, outside Europe",
                resource.name
            ),
            notes: vec![
                format!("`{cloud}` stands for {name}."),
                "Users' data is copied into tenants of that cloud.".to_string(),
            ],
            help: Some(format!(
                "Remove `{cloud}` from `allowedCloudEndpoints` if you do not collaborate with that cloud."
            )),
            related: provenance(endpoint),
            fix: None,
        });
    }

    let partner = ["tenantId", "PartnerTenantId"]
        .iter()
        .find_map(|k| props.get(k).and_then(Val::as_str))
        .map_or_else(String::new, |t| format!(" with tenant `{t}`"));
    let allowed: Vec<(&str, &Val)> = SETTINGS
        .iter()
        .filter_map(|(key, label)| {
            let setting = props.get(key)?;
            ["usersAndGroups", "applications"]
                .iter()
                .filter_map(|part| setting.path(&[part, "accessType"]))
                .find(|a| {
                    a.as_str()
                        .is_some_and(|s| s.trim().eq_ignore_ascii_case("allowed"))
                })
                .map(|a| (*label, a))
        })
        .collect();
    if let Some((_, first)) = allowed.first() {
        let labels: Vec<&str> = allowed.iter().map(|(l, _)| *l).collect();
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: first.loc.unwrap_or(resource.decl),
            message: format!(
                "Cross-tenant access `{}`{partner} allows {}",
                resource.name,
                labels.join(", ")
            ),
            notes: vec![
                "Guests' and users' data is copied into the other tenant, wherever it is."
                    .to_string(),
            ],
            help: Some(
                "Block what you do not need (`accessType = \"blocked\"`), or record where the other tenant keeps data in a suppression's reason."
                    .to_string(),
            ),
            related: allowed
                .iter()
                .skip(1)
                .filter_map(|(l, a)| Some((a.loc?, format!("{l} allowed"))))
                .collect(),
            fix: None,
        });
    }

    if let Some(sync) = props
        .path(&["userSyncInbound", "isSyncAllowed"])
        .filter(|v| matches!(v.kind, ValKind::Bool(true)))
    {
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: sync.loc.unwrap_or(resource.decl),
            message: format!(
                "Cross-tenant synchronization `{}`{partner} copies the partner's users into this tenant",
                resource.name
            ),
            notes: vec!["Each user's data is then kept in both tenants.".to_string()],
            help: Some(
                "Allow it only where you know where the partner keeps data, and record that in a suppression's reason."
                    .to_string(),
            ),
            related: Vec::new(),
            fix: None,
        });
    }
}
