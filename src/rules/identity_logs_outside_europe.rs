//! ## What it flags
//!
//! An export of identity logs whose destination (Log Analytics workspace, storage account or
//! event hub namespace, followed through ids and references) is in a region outside the
//! boundary. The finding points at the destination id in the export. Two kinds of export:
//!
//! - Entra ID sign-in and audit logs: `microsoft.aadiam/diagnosticSettings`,
//!   `azurerm_monitor_aad_diagnostic_setting`,
//!   `azurerm_sentinel_data_connector_azure_active_directory`, an azapi or Pulumi equivalent;
//! - the security audit logs of a Domain Services managed domain: a
//!   `Microsoft.Insights/diagnosticSettings` whose `scope` is the managed domain (ARM, Bicep),
//!   or an `azurerm_monitor_diagnostic_setting` whose `target_resource_id` is (Terraform, plan
//!   JSON). A diagnostic setting on any other resource is not an identity log export.
//!
//! ## Why it matters
//!
//! Sign-in and audit logs hold user names, IP addresses, devices and locations: identity data.
//! Entra keeps them in Europe for European tenants, but an export copies them to wherever the
//! destination resource is. A managed domain's security audit logs (account logon, account
//! management, directory service access) hold user principal names, account names and client
//! IP addresses the same way, wherever the managed domain itself lives.
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
//! - Domain Services log categories and their tables (`AADDomainServicesAccountManagement`:
//!   `SamAccountName`, `UserPrincipalName`; `AADDomainServicesAccountLogon`: `ClientUserName`,
//!   `IpAddress`): MicrosoftDocs/azure-reference-other
//!   `azure-monitor-ref/supported-logs/includes/microsoft-aad-domainservices-logs-include.md`;
//!   MicrosoftDocs/entra-docs `docs/identity/domain-services/security-audit-events.md`.
//! - Azure/bicep-registry-modules `avm/res/aad/domain-service/main.bicep`
//!   (`Microsoft.Insights/diagnosticSettings` with `scope: domainservice`);
//!   terraform-provider-azurerm `website/docs/r/monitor_diagnostic_setting.html.markdown`
//!   (`target_resource_id`).

use super::{Context, Finding, FindingFix, Judged, Rule, RuleMeta, fix_region, judge, placements, provenance, rewrite_literal};
use crate::diagnostic::Severity;
use crate::model::{Kind, Resource};

/// The rule (its documentation is this file's leading comment).
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "EU040",
        name: "identity-logs-outside-europe",
        summary: "Export of Entra sign-in and audit logs, or of a Domain Services managed domain's security logs, to a workspace, storage account or event hub outside the boundary.",
        default_severity: Severity::Error,
    },
    kinds: &[Kind::LogExport],
    check,
};

pub(super) fn check(resource: &Resource, cx: &mut Context) {
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
        // "Log Analytics workspace", "storage account", "event hub namespace".
        let label = resource
            .destinations
            .iter()
            .find(|d| d.target.as_ref().is_some_and(|t| std::ptr::eq(t, target)))
            .map(|d| d.label.as_str())
            .unwrap_or("destination");
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        cx.report(Finding {
            rule: &RULE.meta,
            ceiling: None,
            loc: placement.via.and_then(|v| v.loc).unwrap_or(resource.decl),
            message: format!(
                "Log export `{}` sends {} to `{}`, in `{original}`, {}",
                resource.name,
                resource.logs.unwrap_or("identity logs"),
                target.name,
                cx.config.boundary.outside_phrase(),
            ),
            notes: vec![
                "An export copies the logs to wherever the destination resource is.".to_string(),
                format!("`{}` is {article} {label}.", target.name),
                format!("`{original}` is {}.", region.describe()),
            ],
            help: Some(format!(
                "Send the logs to a destination in {}.",
                cx.config.boundary.target_phrase()
            )),
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
