//! ## What it flags
//!
//! An export of Entra ID sign-in and audit logs — `microsoft.aadiam/diagnosticSettings`,
//! `azurerm_monitor_aad_diagnostic_setting`, `azurerm_sentinel_data_connector_azure_active_directory`,
//! an azapi or Pulumi equivalent — whose destination (Log Analytics workspace, storage account or
//! event hub namespace, followed through ids and references) is in a region outside the
//! boundary. The finding points at the destination id in the export.
//!
//! ## Why it matters
//!
//! Sign-in and audit logs hold user names, IP addresses, devices and locations: identity data.
//! Entra keeps them in Europe for European tenants, but an export copies them to wherever the
//! destination resource is.
//!
//! ## Example
//!
//! ```hcl
//! resource "azurerm_log_analytics_workspace" "siem" {
//!   name     = "siem"
//!   location = "eastus"
//!   # ...
//! }
//!
//! resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
//!   name                       = "entra-to-siem"
//!   log_analytics_workspace_id = azurerm_log_analytics_workspace.siem.id
//!   enabled_log { category = "SignInLogs" }
//! }
//! ```
//!
//! ## How to fix
//!
//! Send the logs to a destination in a European region. The fix moves the destination to the
//! `preferred_region`; it is unsafe because moving a workspace, storage account or namespace
//! re-creates it.
//!
//! ## References
//!
//! - bicep-types-az `microsoft.aadiam` 2017-04-01: `workspaceId`, `storageAccountId`,
//!   `eventHubAuthorizationRuleId`.
//! - terraform-provider-azurerm `website/docs/r/monitor_aad_diagnostic_setting.html.markdown`.

use super::{
    fix_region, judge, placements, provenance, rewrite_literal, Context, Finding, FindingFix,
    Judged,
};
use crate::model::{Kind, Resource};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
    if resource.kind != Kind::LogExport {
        return;
    }
    for placement in placements(resource) {
        let (Some(target), Judged::Region(region)) = (placement.network, judge(&placement)) else {
            continue;
        };
        if cx.config.boundary.contains(region) {
            continue;
        }
        let original = placement.val.as_str().unwrap_or_default();
        let target_region = fix_region(cx.config, original);
        let mut related = vec![(target.decl, format!("`{}` is declared here", target.name))];
        if let Some(at) = target.location.loc {
            related.push((at, format!("its location is `{original}`")));
        }
        related.extend(provenance(placement.val));
        cx.report(Finding {
            code: "EU040",
            loc: placement.via.and_then(|v| v.loc).unwrap_or(resource.decl),
            message: format!(
                "Log export `{}` sends Entra sign-in and audit logs to the {}, in `{original}` ({}), {}. Send them to a destination in {}.",
                resource.name,
                placement.what.trim_end_matches(" receiving the logs"),
                region.describe(),
                cx.config.boundary.outside_phrase(),
                cx.config.boundary.target_phrase()
            ),
            related,
            fix: target_region.and_then(|t| {
                rewrite_literal(placement.val, &t).map(|edits| FindingFix {
                    title: format!("Move `{}` to `{t}` (re-creates it)", target.name),
                    safe: false,
                    edits,
                })
            }),
        });
    }
}
