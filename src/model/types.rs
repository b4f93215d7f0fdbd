//! Which resource types the rules care about, in every format: ARM types (ARM JSON, Bicep,
//! azapi), Terraform provider types. Facts: `shared/reference/azure-facts.md` §1 and §4.

use super::Kind;

/// The kind of an ARM resource type, given lower-cased (`microsoft.aad/domainservices`).
/// ARM compares types case-insensitively.
pub fn kind_of_arm_type(arm_type: &str) -> Kind {
    match arm_type {
        // bicep-types-az `microsoft.azureactivedirectory` (cpim).
        "microsoft.azureactivedirectory/b2cdirectories" => Kind::B2cTenant,
        "microsoft.azureactivedirectory/ciamdirectories" => Kind::CiamTenant,
        // bicep-types-az `microsoft.aad` (domainservices).
        "microsoft.aad/domainservices" => Kind::DomainServices,
        "microsoft.network/virtualnetworks" => Kind::VirtualNetwork,
        // bicep-types-az `microsoft.aadiam` 2017-04-01: Entra log export (tenant scope).
        "microsoft.aadiam/diagnosticsettings" => Kind::AadDiagnosticSetting,
        // Destinations of log exports (azure-facts §1.6).
        "microsoft.operationalinsights/workspaces" => Kind::LogAnalyticsWorkspace,
        "microsoft.storage/storageaccounts" => Kind::StorageAccount,
        "microsoft.eventhub/namespaces" => Kind::EventHubNamespace,
        // microsoftgraph/msgraph-bicep-types `microsoft.graph` v1.0 and beta.
        "microsoft.graph/applications" => Kind::Application,
        "microsoft.graph/oauth2permissiongrants" | "microsoft.graph/approleassignedto" => {
            Kind::PermissionGrant
        }
        // bicep-types-az `resources` 2024-08-01 (tenant scope).
        "microsoft.resources/databoundaries" => Kind::DataBoundary,
        _ => Kind::Other,
    }
}

/// The kind and ARM type (lower-cased) of a Terraform resource type.
pub fn kind_of_terraform_type(type_name: &str) -> (Kind, Option<&'static str>) {
    match type_name {
        // terraform-provider-azurerm `internal/services/aadb2c/aadb2c_directory_resource.go`.
        "azurerm_aadb2c_directory" => (
            Kind::B2cTenant,
            Some("microsoft.azureactivedirectory/b2cdirectories"),
        ),
        // terraform-provider-azurerm `internal/services/domainservices/`.
        "azurerm_active_directory_domain_service" => {
            (Kind::DomainServices, Some("microsoft.aad/domainservices"))
        }
        "azurerm_active_directory_domain_service_replica_set" => (
            Kind::DomainServicesReplicaSet,
            Some("microsoft.aad/domainservices"),
        ),
        "azurerm_virtual_network" => (
            Kind::VirtualNetwork,
            Some("microsoft.network/virtualnetworks"),
        ),
        "azurerm_subnet" => (
            Kind::Other,
            Some("microsoft.network/virtualnetworks/subnets"),
        ),
        // terraform-provider-azurerm `website/docs/r/monitor_aad_diagnostic_setting.html.markdown`
        // (API Microsoft.AADIAM 2017-04-01) and the Sentinel Entra connector, which streams the
        // same logs into a workspace.
        "azurerm_monitor_aad_diagnostic_setting" => (
            Kind::AadDiagnosticSetting,
            Some("microsoft.aadiam/diagnosticsettings"),
        ),
        "azurerm_sentinel_data_connector_azure_active_directory" => {
            (Kind::AadDiagnosticSetting, None)
        }
        "azurerm_log_analytics_workspace" => (
            Kind::LogAnalyticsWorkspace,
            Some("microsoft.operationalinsights/workspaces"),
        ),
        "azurerm_storage_account" => (
            Kind::StorageAccount,
            Some("microsoft.storage/storageaccounts"),
        ),
        "azurerm_eventhub_namespace" => (
            Kind::EventHubNamespace,
            Some("microsoft.eventhub/namespaces"),
        ),
        "azurerm_eventhub_namespace_authorization_rule" => (
            Kind::Other,
            Some("microsoft.eventhub/namespaces/authorizationrules"),
        ),
        // terraform-provider-azuread `docs/resources/`.
        "azuread_authentication_strength_policy" => (Kind::AuthenticationStrengthPolicy, None),
        "azuread_conditional_access_policy" => (Kind::ConditionalAccessPolicy, None),
        "azuread_invitation" => (Kind::Invitation, None),
        "azuread_application" => (Kind::Application, None),
        "azuread_application_api_access"
        | "azuread_app_role_assignment"
        | "azuread_service_principal_delegated_permission_grant" => (Kind::PermissionGrant, None),
        _ => (Kind::Other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_and_terraform_agree() {
        for tf in [
            "azurerm_aadb2c_directory",
            "azurerm_active_directory_domain_service",
            "azurerm_virtual_network",
            "azurerm_monitor_aad_diagnostic_setting",
            "azurerm_log_analytics_workspace",
            "azurerm_storage_account",
            "azurerm_eventhub_namespace",
        ] {
            let (kind, arm) = kind_of_terraform_type(tf);
            assert_eq!(kind_of_arm_type(arm.unwrap()), kind, "{tf}");
        }
    }
}
