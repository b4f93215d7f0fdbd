//! The rows of the facts table: shapes, then one row per kind and vocabulary. See the parent
//! module for what each field means.

use super::{DestinationSpec, Path, Pointer, ReplicaSpec, Shape};
use crate::model::Kind;

// ----- shapes -------------------------------------------------------------------------------

const LOCATED: Shape = Shape {
    location: &[&["location"]],
    ..Shape::EMPTY
};

/// bicep-types-az `microsoft.azureactivedirectory`: `location` is the data residency location,
/// `properties.createTenantProperties.countryCode` the country.
const ARM_TENANT: Shape = Shape {
    location: &[&["location"]],
    country_code: Some(&["properties", "createTenantProperties", "countryCode"]),
    ..Shape::EMPTY
};

/// bicep-types-az `microsoft.aad` domainservices: `properties.replicaSets[]` (2020-01-01 and
/// later), `properties.subnetId` (2017 API versions).
const ARM_DOMAIN_SERVICES: Shape = Shape {
    location: &[&["location"]],
    replicas: &[
        ReplicaSpec::Numbered {
            path: &["properties", "replicaSets"],
            location: "location",
            subnet: "subnetId",
        },
        ReplicaSpec::Subnet {
            path: &["properties", "subnetId"],
            label: "subnet",
        },
    ],
    ..Shape::EMPTY
};

/// The logs of a tenant's diagnostic settings (azure-facts §1.6).
const ENTRA_LOGS: &str = "Entra sign-in and audit logs";

/// The logs a diagnostic setting on a managed domain exports: its security audit categories
/// (`AccountLogon`, `AccountManagement`, …), whose tables hold user names
/// (identity-surfaces §5.1: `AADDomainServicesAccountManagement` has `SamAccountName`,
/// `UserPrincipalName`; `AADDomainServicesAccountLogon` has `ClientUserName`, `IpAddress`).
const DOMAIN_SERVICES_LOGS: &str = "Domain Services security audit logs";

/// bicep-types-az `microsoft.aadiam` 2017-04-01 diagnosticSettings (azure-facts §1.6).
const ARM_LOG_EXPORT: Shape = Shape {
    destinations: &[
        DestinationSpec {
            path: &["properties", "workspaceId"],
            kind: Kind::LogAnalyticsWorkspace,
        },
        DestinationSpec {
            path: &["properties", "storageAccountId"],
            kind: Kind::StorageAccount,
        },
        DestinationSpec {
            path: &["properties", "eventHubAuthorizationRuleId"],
            kind: Kind::EventHubNamespace,
        },
    ],
    logs: Some(ENTRA_LOGS),
    ..Shape::EMPTY
};

/// terraform-provider-azurerm `aadb2c_directory_resource.go`.
const TF_B2C: Shape = Shape {
    location: &[&["dataResidencyLocation"]],
    country_code: Some(&["countryCode"]),
    names: &[&["name"]],
    ..Shape::EMPTY
};

const TF_LOCATED: Shape = Shape {
    location: &[&["location"]],
    names: &[&["name"]],
    ..Shape::EMPTY
};

/// terraform-provider-azurerm `domainservices/active_directory_domain_service_resource.go`:
/// `initial_replica_set { subnet_id }`.
const TF_DOMAIN_SERVICES: Shape = Shape {
    location: &[&["location"]],
    replicas: &[ReplicaSpec::Blocks {
        path: &["initialReplicaSet"],
        label: "initial replica set",
        subnet: "subnetId",
    }],
    names: &[&["name"]],
    ..Shape::EMPTY
};

/// terraform-provider-azurerm `active_directory_domain_service_replica_set_resource.go`.
const TF_REPLICA_SET: Shape = Shape {
    location: &[&["location"]],
    replicas: &[ReplicaSpec::Itself {
        label: "replica set",
        subnet: "subnetId",
    }],
    ..Shape::EMPTY
};

/// terraform-provider-azurerm `monitor_aad_diagnostic_setting` (and the Sentinel Entra
/// connector, whose `log_analytics_workspace_id` is the same destination).
const TF_LOG_EXPORT: Shape = Shape {
    destinations: &[
        DestinationSpec {
            path: &["logAnalyticsWorkspaceId"],
            kind: Kind::LogAnalyticsWorkspace,
        },
        DestinationSpec {
            path: &["storageAccountId"],
            kind: Kind::StorageAccount,
        },
        DestinationSpec {
            path: &["eventhubAuthorizationRuleId"],
            kind: Kind::EventHubNamespace,
        },
    ],
    logs: Some(ENTRA_LOGS),
    ..Shape::EMPTY
};

/// `Microsoft.Insights/diagnosticSettings` with `scope` set to a managed domain
/// (identity-surfaces §5.1: Azure/bicep-registry-modules `avm/res/aad/domain-service`
/// `scope: domainservice`; ARM `"scope"`); same destination properties as the tenant's.
const ARM_DOMAIN_SERVICES_LOG_EXPORT: Shape = Shape {
    logs: Some(DOMAIN_SERVICES_LOGS),
    only_on: Some(Pointer {
        path: &["scope"],
        by_name: false,
        kind: Kind::DomainServices,
    }),
    ..ARM_LOG_EXPORT
};

/// terraform-provider-azurerm v4.50.0 `monitor_diagnostic_setting`: `target_resource_id` set
/// to the managed domain (identity-surfaces §5.1); same destination arguments as
/// `azurerm_monitor_aad_diagnostic_setting`.
const TF_DOMAIN_SERVICES_LOG_EXPORT: Shape = Shape {
    logs: Some(DOMAIN_SERVICES_LOGS),
    only_on: Some(Pointer {
        path: &["targetResourceId"],
        by_name: false,
        kind: Kind::DomainServices,
    }),
    ..TF_LOG_EXPORT
};

/// `azurerm_subnet.virtual_network_name`; pulumi-azure(-native) `virtualNetworkName`.
const SUBNET_BY_NETWORK_NAME: Shape = Shape {
    names: &[&["name"]],
    pointers: &[Pointer {
        path: &["virtualNetworkName"],
        by_name: true,
        kind: Kind::VirtualNetwork,
    }],
    ..Shape::EMPTY
};

/// `azurerm_eventhub_namespace_authorization_rule.namespace_name`; Pulumi `namespaceName`.
const RULE_BY_NAMESPACE_NAME: Shape = Shape {
    names: &[&["name"]],
    pointers: &[Pointer {
        path: &["namespaceName"],
        by_name: true,
        kind: Kind::EventHubNamespace,
    }],
    ..Shape::EMPTY
};

/// `azurerm_sentinel_log_analytics_workspace_onboarding.workspace_id`.
const SENTINEL_ONBOARDING: Shape = Shape {
    pointers: &[Pointer {
        path: &["workspaceId"],
        by_name: false,
        kind: Kind::LogAnalyticsWorkspace,
    }],
    ..Shape::EMPTY
};

/// `azurerm_log_analytics_solution.workspace_resource_id`.
const LOG_ANALYTICS_SOLUTION: Shape = Shape {
    pointers: &[Pointer {
        path: &["workspaceResourceId"],
        by_name: false,
        kind: Kind::LogAnalyticsWorkspace,
    }],
    ..Shape::EMPTY
};

/// pulumi-azure-native `azureactivedirectory/b2_c_tenant.py`: flattened `location`,
/// `countryCode`.
const PULUMI_NATIVE_B2C: Shape = Shape {
    location: &[&["location"]],
    country_code: Some(&["countryCode"]),
    names: &[&["name"]],
    ..Shape::EMPTY
};

/// pulumi-azure-native `azureactivedirectory/ciamtenant.ts`: `createTenantProperties` is not
/// flattened.
const PULUMI_NATIVE_CIAM: Shape = Shape {
    location: &[&["location"]],
    country_code: Some(&["createTenantProperties", "countryCode"]),
    names: &[&["name"]],
    ..Shape::EMPTY
};

/// pulumi-azure-native `aad/domain_service.py`: flattened `replicaSets`.
const PULUMI_NATIVE_DOMAIN_SERVICES: Shape = Shape {
    location: &[&["location"]],
    replicas: &[ReplicaSpec::Numbered {
        path: &["replicaSets"],
        location: "location",
        subnet: "subnetId",
    }],
    names: &[&["name"]],
    ..Shape::EMPTY
};

/// azure-facts §1.6: `azure-native:aadiam:DiagnosticSetting` (flattened ARM properties).
const PULUMI_NATIVE_LOG_EXPORT: Shape = Shape {
    destinations: &[
        DestinationSpec {
            path: &["workspaceId"],
            kind: Kind::LogAnalyticsWorkspace,
        },
        DestinationSpec {
            path: &["storageAccountId"],
            kind: Kind::StorageAccount,
        },
        DestinationSpec {
            path: &["eventHubAuthorizationRuleId"],
            kind: Kind::EventHubNamespace,
        },
    ],
    logs: Some(ENTRA_LOGS),
    ..Shape::EMPTY
};

/// Pulumi azure-native names a resource by its own `<type>Name` property (else `name`).
const fn pulumi_native_named(names: &'static [Path]) -> Shape {
    Shape {
        location: &[&["location"]],
        names,
        ..Shape::EMPTY
    }
}

const PULUMI_NATIVE_VNET: Shape = pulumi_native_named(&[&["virtualNetworkName"], &["name"]]);
const PULUMI_NATIVE_WORKSPACE: Shape = pulumi_native_named(&[&["workspaceName"], &["name"]]);
const PULUMI_NATIVE_STORAGE: Shape = pulumi_native_named(&[&["accountName"], &["name"]]);
const PULUMI_NATIVE_SITE: Shape = pulumi_native_named(&[&["name"]]);
const PULUMI_NATIVE_EVENT_HUB: Shape = pulumi_native_named(&[&["namespaceName"], &["name"]]);

/// pulumi-terraform-bridge names a repeated block in the plural: `@pulumi/azuread`
/// `Application` has `requiredResourceAccesses[].resourceAccesses[]` for azuread's
/// `required_resource_access { resource_access {} }` (its `getApplicationPublishedAppIds`
/// example).
const PULUMI_AZUREAD_APPLICATION: Shape = Shape {
    aliases: &[
        ("requiredResourceAccesses", "requiredResourceAccess"),
        ("resourceAccesses", "resourceAccess"),
    ],
    ..Shape::EMPTY
};

// ----- the table ----------------------------------------------------------------------------

/// One row: a kind, its ARM type, the types that denote it in each vocabulary, and its shape.
pub(super) struct Row {
    pub kind: Kind,
    pub arm_type: Option<&'static str>,
    pub types: &'static [Type],
    pub shape: &'static Shape,
}

/// A type name in one vocabulary.
pub(super) enum Type {
    Arm(&'static str),
    Terraform(&'static str),
    Pulumi(&'static str),
    Aso(&'static str, &'static str),
    PowerShell(&'static str),
    /// A Graph URL pattern (see `graph.rs`).
    GraphUrl(&'static str),
    /// A Graph object's `@odata.type`, lower-cased, without `#`.
    OData(&'static str),
    /// A Microsoft365DSC resource, lower-cased.
    Dsc(&'static str),
    /// An element of a B2C custom policy, lower-cased (see `TypeRef::B2c`).
    B2c(&'static str),
}

use Type::{Arm, Aso, Pulumi, Terraform};

pub(super) const ROWS: &[Row] = &[
    // ---- tenants
    Row {
        kind: Kind::B2cTenant,
        arm_type: Some("microsoft.azureactivedirectory/b2cdirectories"),
        types: &[Arm("microsoft.azureactivedirectory/b2cdirectories")],
        shape: &ARM_TENANT,
    },
    Row {
        kind: Kind::B2cTenant,
        arm_type: Some("microsoft.azureactivedirectory/b2cdirectories"),
        // terraform-provider-azurerm `aadb2c_directory_resource.go`; pulumi-azure
        // `aadb2c/directory.py` (`dataResidencyLocation`).
        types: &[
            Terraform("azurerm_aadb2c_directory"),
            Pulumi("azure:aadb2c:directory"),
        ],
        shape: &TF_B2C,
    },
    Row {
        kind: Kind::B2cTenant,
        arm_type: Some("microsoft.azureactivedirectory/b2cdirectories"),
        types: &[Pulumi("azure-native:azureactivedirectory:b2ctenant")],
        shape: &PULUMI_NATIVE_B2C,
    },
    Row {
        kind: Kind::CiamTenant,
        arm_type: Some("microsoft.azureactivedirectory/ciamdirectories"),
        types: &[Arm("microsoft.azureactivedirectory/ciamdirectories")],
        shape: &ARM_TENANT,
    },
    Row {
        kind: Kind::CiamTenant,
        arm_type: Some("microsoft.azureactivedirectory/ciamdirectories"),
        types: &[Pulumi("azure-native:azureactivedirectory:ciamtenant")],
        shape: &PULUMI_NATIVE_CIAM,
    },
    // ---- Domain Services
    Row {
        kind: Kind::DomainServices,
        arm_type: Some("microsoft.aad/domainservices"),
        types: &[Arm("microsoft.aad/domainservices")],
        shape: &ARM_DOMAIN_SERVICES,
    },
    Row {
        kind: Kind::DomainServices,
        arm_type: Some("microsoft.aad/domainservices"),
        // pulumi-azure `domainservices/service.py` bridges the azurerm resource.
        types: &[
            Terraform("azurerm_active_directory_domain_service"),
            Pulumi("azure:domainservices:service"),
        ],
        shape: &TF_DOMAIN_SERVICES,
    },
    Row {
        kind: Kind::DomainServices,
        arm_type: Some("microsoft.aad/domainservices"),
        types: &[Pulumi("azure-native:aad:domainservice")],
        shape: &PULUMI_NATIVE_DOMAIN_SERVICES,
    },
    Row {
        kind: Kind::DomainServicesReplicaSet,
        arm_type: Some("microsoft.aad/domainservices"),
        // pulumi-azure `domainservices/replica_set.py`.
        types: &[
            Terraform("azurerm_active_directory_domain_service_replica_set"),
            Pulumi("azure:domainservices:replicaset"),
        ],
        shape: &TF_REPLICA_SET,
    },
    // ---- networks
    Row {
        kind: Kind::VirtualNetwork,
        arm_type: Some("microsoft.network/virtualnetworks"),
        types: &[
            Arm("microsoft.network/virtualnetworks"),
            Aso("network.azure.com", "VirtualNetwork"),
        ],
        shape: &LOCATED,
    },
    Row {
        kind: Kind::VirtualNetwork,
        arm_type: Some("microsoft.network/virtualnetworks"),
        types: &[
            Terraform("azurerm_virtual_network"),
            Pulumi("azure:network:virtualnetwork"),
        ],
        shape: &TF_LOCATED,
    },
    Row {
        kind: Kind::VirtualNetwork,
        arm_type: Some("microsoft.network/virtualnetworks"),
        types: &[Pulumi("azure-native:network:virtualnetwork")],
        shape: &PULUMI_NATIVE_VNET,
    },
    Row {
        kind: Kind::Other,
        arm_type: Some("microsoft.network/virtualnetworks/subnets"),
        types: &[
            Arm("microsoft.network/virtualnetworks/subnets"),
            Aso("network.azure.com", "VirtualNetworksSubnet"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Other,
        arm_type: Some("microsoft.network/virtualnetworks/subnets"),
        types: &[
            Terraform("azurerm_subnet"),
            Pulumi("azure-native:network:subnet"),
            Pulumi("azure:network:subnet"),
        ],
        shape: &SUBNET_BY_NETWORK_NAME,
    },
    // ---- log exports and their destinations (azure-facts §1.6)
    Row {
        kind: Kind::LogExport,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        types: &[Arm("microsoft.aadiam/diagnosticsettings")],
        shape: &ARM_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogExport,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        // pulumi-azure `monitoring/aad_diagnostic_setting.py` bridges the azurerm resource.
        types: &[
            Terraform("azurerm_monitor_aad_diagnostic_setting"),
            Pulumi("azure:monitoring:aaddiagnosticsetting"),
        ],
        shape: &TF_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogExport,
        arm_type: None,
        // The Sentinel Entra connector streams the same logs into a workspace.
        types: &[Terraform(
            "azurerm_sentinel_data_connector_azure_active_directory",
        )],
        shape: &TF_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogExport,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        types: &[Pulumi("azure-native:aadiam:diagnosticsetting")],
        shape: &PULUMI_NATIVE_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogExport,
        arm_type: Some("microsoft.insights/diagnosticsettings"),
        types: &[Arm("microsoft.insights/diagnosticsettings")],
        shape: &ARM_DOMAIN_SERVICES_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogExport,
        arm_type: Some("microsoft.insights/diagnosticsettings"),
        types: &[Terraform("azurerm_monitor_diagnostic_setting")],
        shape: &TF_DOMAIN_SERVICES_LOG_EXPORT,
    },
    Row {
        kind: Kind::LogAnalyticsWorkspace,
        arm_type: Some("microsoft.operationalinsights/workspaces"),
        types: &[
            Arm("microsoft.operationalinsights/workspaces"),
            Aso("operationalinsights.azure.com", "Workspace"),
        ],
        shape: &LOCATED,
    },
    Row {
        kind: Kind::LogAnalyticsWorkspace,
        arm_type: Some("microsoft.operationalinsights/workspaces"),
        // Pulumi registry `azure/api-docs/operationalinsights/analyticsworkspace`.
        types: &[
            Terraform("azurerm_log_analytics_workspace"),
            Pulumi("azure:operationalinsights:analyticsworkspace"),
        ],
        shape: &TF_LOCATED,
    },
    Row {
        kind: Kind::LogAnalyticsWorkspace,
        arm_type: Some("microsoft.operationalinsights/workspaces"),
        // Pulumi registry `azure-native/api-docs/operationalinsights/workspace`.
        types: &[Pulumi("azure-native:operationalinsights:workspace")],
        shape: &PULUMI_NATIVE_WORKSPACE,
    },
    Row {
        kind: Kind::StorageAccount,
        arm_type: Some("microsoft.storage/storageaccounts"),
        types: &[
            Arm("microsoft.storage/storageaccounts"),
            Aso("storage.azure.com", "StorageAccount"),
        ],
        shape: &LOCATED,
    },
    Row {
        kind: Kind::StorageAccount,
        arm_type: Some("microsoft.storage/storageaccounts"),
        types: &[
            Terraform("azurerm_storage_account"),
            Pulumi("azure:storage:account"),
        ],
        shape: &TF_LOCATED,
    },
    Row {
        kind: Kind::StorageAccount,
        arm_type: Some("microsoft.storage/storageaccounts"),
        // Pulumi registry `azure-native/api-docs/storage/storageaccount`.
        types: &[Pulumi("azure-native:storage:storageaccount")],
        shape: &PULUMI_NATIVE_STORAGE,
    },
    // App Service and Function Apps, whose default host is `<name>.azurewebsites.net`: where
    // a B2C RESTful profile or an API connector sends claims (identity-surfaces.md §3.3).
    // bicep-types-az `microsoft.web` sites (`location`); terraform-provider-azurerm
    // `website/docs/r/{linux,windows}_{web,function}_app.html.markdown` and the deprecated
    // `function_app`, `app_service` (`name`, `location`, `default_hostname`); Pulumi registry
    // `azure-native/api-docs/web/webapp` (`name`).
    Row {
        kind: Kind::WebApp,
        arm_type: Some("microsoft.web/sites"),
        types: &[Arm("microsoft.web/sites")],
        shape: &LOCATED,
    },
    Row {
        kind: Kind::WebApp,
        arm_type: Some("microsoft.web/sites"),
        types: &[
            Terraform("azurerm_linux_web_app"),
            Terraform("azurerm_windows_web_app"),
            Terraform("azurerm_linux_function_app"),
            Terraform("azurerm_windows_function_app"),
            Terraform("azurerm_function_app"),
            Terraform("azurerm_app_service"),
        ],
        shape: &TF_LOCATED,
    },
    Row {
        kind: Kind::WebApp,
        arm_type: Some("microsoft.web/sites"),
        types: &[Pulumi("azure-native:web:webapp")],
        shape: &PULUMI_NATIVE_SITE,
    },
    Row {
        kind: Kind::EventHubNamespace,
        arm_type: Some("microsoft.eventhub/namespaces"),
        types: &[
            Arm("microsoft.eventhub/namespaces"),
            Aso("eventhub.azure.com", "Namespace"),
        ],
        shape: &LOCATED,
    },
    Row {
        kind: Kind::EventHubNamespace,
        arm_type: Some("microsoft.eventhub/namespaces"),
        // Pulumi registry `azure/api-docs/eventhub/eventhubnamespace`.
        types: &[
            Terraform("azurerm_eventhub_namespace"),
            Pulumi("azure:eventhub:eventhubnamespace"),
        ],
        shape: &TF_LOCATED,
    },
    Row {
        kind: Kind::EventHubNamespace,
        arm_type: Some("microsoft.eventhub/namespaces"),
        // Pulumi registry `azure-native/api-docs/eventhub/namespace`.
        types: &[Pulumi("azure-native:eventhub:namespace")],
        shape: &PULUMI_NATIVE_EVENT_HUB,
    },
    Row {
        kind: Kind::Other,
        arm_type: Some("microsoft.eventhub/namespaces/authorizationrules"),
        types: &[Arm("microsoft.eventhub/namespaces/authorizationrules")],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Other,
        arm_type: Some("microsoft.eventhub/namespaces/authorizationrules"),
        types: &[
            Terraform("azurerm_eventhub_namespace_authorization_rule"),
            // An event hub's own rule names its namespace too.
            Terraform("azurerm_eventhub_authorization_rule"),
            Pulumi("azure-native:eventhub:namespaceauthorizationrule"),
            Pulumi("azure:eventhub:eventhubnamespaceauthorizationrule"),
        ],
        shape: &RULE_BY_NAMESPACE_NAME,
    },
    Row {
        kind: Kind::Other,
        arm_type: None,
        types: &[Terraform(
            "azurerm_sentinel_log_analytics_workspace_onboarding",
        )],
        shape: &SENTINEL_ONBOARDING,
    },
    Row {
        kind: Kind::Other,
        arm_type: None,
        types: &[Terraform("azurerm_log_analytics_solution")],
        shape: &LOG_ANALYTICS_SOLUTION,
    },
    // ---- directory objects (terraform-provider-azuread `docs/resources/`; generated Pulumi
    // YAML docs `azuread:*`; microsoftgraph/msgraph-bicep-types `microsoft.graph` v1.0 and beta)
    Row {
        kind: Kind::AuthenticationStrengthPolicy,
        arm_type: None,
        types: &[
            Terraform("azuread_authentication_strength_policy"),
            Pulumi("azuread:authenticationstrengthpolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::ConditionalAccessPolicy,
        arm_type: None,
        types: &[
            Terraform("azuread_conditional_access_policy"),
            Pulumi("azuread:conditionalaccesspolicy"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Invitation,
        arm_type: None,
        // pulumi-azuread `invitation.py`.
        types: &[
            Terraform("azuread_invitation"),
            Pulumi("azuread:invitation"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Application,
        arm_type: Some("microsoft.graph/applications"),
        types: &[
            Arm("microsoft.graph/applications"),
            Terraform("azuread_application"),
        ],
        shape: &Shape::EMPTY,
    },
    Row {
        kind: Kind::Application,
        arm_type: Some("microsoft.graph/applications"),
        types: &[Pulumi("azuread:application")],
        shape: &PULUMI_AZUREAD_APPLICATION,
    },
    Row {
        kind: Kind::PermissionGrant,
        arm_type: None,
        types: &[
            Arm("microsoft.graph/oauth2permissiongrants"),
            Arm("microsoft.graph/approleassignedto"),
            Terraform("azuread_application_api_access"),
            Terraform("azuread_app_role_assignment"),
            Terraform("azuread_service_principal_delegated_permission_grant"),
            Pulumi("azuread:applicationapiaccess"),
            Pulumi("azuread:approleassignment"),
            Pulumi("azuread:serviceprincipaldelegatedpermissiongrant"),
        ],
        shape: &Shape::EMPTY,
    },
    // bicep-types-az `resources` 2024-08-01 (tenant scope).
    Row {
        kind: Kind::DataBoundary,
        arm_type: Some("microsoft.resources/databoundaries"),
        types: &[Arm("microsoft.resources/databoundaries")],
        shape: &Shape::EMPTY,
    },
    // azure-facts §1.7: no IaC resource models an Exchange federation trust; the Exchange
    // Server 2013 "Federation" cmdlets set it up.
    Row {
        kind: Kind::ExchangeFederation,
        arm_type: None,
        types: &[
            Type::PowerShell("new-federationtrust"),
            Type::PowerShell("set-federatedorganizationidentifier"),
        ],
        shape: &Shape::EMPTY,
    },
];
