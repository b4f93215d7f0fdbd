//! The Azure facts table: for every resource type the rules care about, in every format's
//! vocabulary, what it is ([`Kind`]) and where in its body the values that decide where its
//! data lives are written: locations, a tenant's country code, Domain Services replica sets
//! and their subnets, the destinations of a log export, and the properties through which a
//! resource names another (a subnet its virtual network, an authorization rule its event hub
//! namespace).
//!
//! Sources: `shared/reference/azure-facts.md` §1 (resource types, property paths, value sets)
//! and §4 (Terraform and Pulumi names), each row citing the schema it follows. Paths are in the
//! one spelling of each vocabulary: ARM property names for ARM types (ARM JSON, Bicep, azapi),
//! Terraform attribute names in camelCase for Terraform types (as Pulumi's bridged providers
//! spell them), Pulumi property names (azure-native flattens `properties`), and the `spec` of
//! Azure Service Operator resources.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Kind, TypeRef};

/// A path of property names into a resource's body.
pub type Path = &'static [&'static str];

/// What the table knows of one resource type.
#[derive(Debug)]
pub struct TypeFacts {
    pub kind: Kind,
    /// The ARM type, lower-cased, when the type is an Azure resource type.
    pub arm_type: Option<&'static str>,
    pub shape: &'static Shape,
}

/// Where the values that matter are written in a resource's body.
#[derive(Debug)]
pub struct Shape {
    /// Where the data lives: the first path written wins. Empty for resources without a
    /// location (log exports, directory objects).
    pub location: &'static [Path],
    /// A tenant's country code.
    pub country_code: Option<Path>,
    /// Domain Services: every place a copy of the directory lives.
    pub replicas: &'static [ReplicaSpec],
    /// Log exports: where the data is sent.
    pub destinations: &'static [DestinationSpec],
    /// Properties that hold the resource's Azure name (besides what the front-end knows).
    pub names: &'static [Path],
    /// Properties through which the resource designates another one.
    pub pointers: &'static [Pointer],
    /// Property names a vocabulary spells its own way, and the one spelling rules read
    /// (`requiredResourceAccesses` → `requiredResourceAccess`).
    pub aliases: &'static [(&'static str, &'static str)],
}

impl Shape {
    const EMPTY: Shape = Shape {
        location: &[],
        country_code: None,
        replicas: &[],
        destinations: &[],
        names: &[],
        pointers: &[],
        aliases: &[],
    };
}

/// Where Domain Services replica sets are written.
#[derive(Debug)]
pub enum ReplicaSpec {
    /// A list of replica sets (`properties.replicaSets`): "replica set 1", "replica set 2"...
    Numbered {
        path: Path,
        location: &'static str,
        subnet: &'static str,
    },
    /// A block written once or repeated (Terraform's `initial_replica_set`), each labelled alike.
    Blocks {
        path: Path,
        label: &'static str,
        subnet: &'static str,
    },
    /// A single subnet id (`properties.subnetId` of API versions up to 2017-06-01).
    Subnet { path: Path, label: &'static str },
    /// The resource is itself a replica set, whose subnet is at `subnet`.
    Itself {
        label: &'static str,
        subnet: &'static str,
    },
}

/// One destination of a log export.
#[derive(Debug)]
pub struct DestinationSpec {
    pub path: Path,
    /// The resource it leads to.
    pub kind: Kind,
}

/// A property through which a resource designates another one.
#[derive(Debug)]
pub struct Pointer {
    pub path: Path,
    /// The property holds the other resource's name (`virtual_network_name`), else its id.
    pub by_name: bool,
    /// What it leads to.
    pub kind: Kind,
}

/// How a message names a destination of a log export: "Log Analytics workspace".
pub fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::LogAnalyticsWorkspace => "Log Analytics workspace",
        other => noun(other),
    }
}

/// How the provenance step of a resource found through a reference names it: "location of
/// virtual network 'vnet'".
pub fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::VirtualNetwork => "virtual network",
        Kind::LogAnalyticsWorkspace => "workspace",
        Kind::StorageAccount => "storage account",
        Kind::EventHubNamespace => "event hub namespace",
        _ => "resource",
    }
}

/// The id segment of a resource kind's ARM type: the name after it in an id is the
/// resource's name (`…/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}`).
pub fn id_type(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::VirtualNetwork => "microsoft.network/virtualnetworks",
        Kind::LogAnalyticsWorkspace => "microsoft.operationalinsights/workspaces",
        Kind::StorageAccount => "microsoft.storage/storageaccounts",
        Kind::EventHubNamespace => "microsoft.eventhub/namespaces",
        _ => return None,
    })
}

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
    ..Shape::EMPTY
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
struct Row {
    kind: Kind,
    arm_type: Option<&'static str>,
    types: &'static [Type],
    shape: &'static Shape,
}

/// A type name in one vocabulary.
enum Type {
    Arm(&'static str),
    Terraform(&'static str),
    Pulumi(&'static str),
    Aso(&'static str, &'static str),
    PowerShell(&'static str),
}

use Type::{Arm, Aso, Pulumi, Terraform};

const ROWS: &[Row] = &[
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
        kind: Kind::AadDiagnosticSetting,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        types: &[Arm("microsoft.aadiam/diagnosticsettings")],
        shape: &ARM_LOG_EXPORT,
    },
    Row {
        kind: Kind::AadDiagnosticSetting,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        // pulumi-azure `monitoring/aad_diagnostic_setting.py` bridges the azurerm resource.
        types: &[
            Terraform("azurerm_monitor_aad_diagnostic_setting"),
            Pulumi("azure:monitoring:aaddiagnosticsetting"),
        ],
        shape: &TF_LOG_EXPORT,
    },
    Row {
        kind: Kind::AadDiagnosticSetting,
        arm_type: None,
        // The Sentinel Entra connector streams the same logs into a workspace.
        types: &[Terraform(
            "azurerm_sentinel_data_connector_azure_active_directory",
        )],
        shape: &TF_LOG_EXPORT,
    },
    Row {
        kind: Kind::AadDiagnosticSetting,
        arm_type: Some("microsoft.aadiam/diagnosticsettings"),
        types: &[Pulumi("azure-native:aadiam:diagnosticsetting")],
        shape: &PULUMI_NATIVE_LOG_EXPORT,
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

/// The facts of a type, or `None` for a type the table does not know (then the resource is
/// [`Kind::Other`] and only kept so references to it can be followed).
pub fn of(type_ref: &TypeRef) -> Option<&'static TypeFacts> {
    static INDEX: OnceLock<HashMap<TypeRef, TypeFacts>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut index = HashMap::new();
            for row in ROWS {
                for ty in row.types {
                    let key = match ty {
                        Arm(t) => TypeRef::Arm((*t).to_string()),
                        Terraform(t) => TypeRef::Terraform((*t).to_string()),
                        Pulumi(t) => TypeRef::Pulumi((*t).to_string()),
                        Aso(g, k) => TypeRef::Aso {
                            group: (*g).to_string(),
                            kind: (*k).to_string(),
                        },
                        Type::PowerShell(c) => TypeRef::PowerShell((*c).to_string()),
                    };
                    let previous = index.insert(
                        key,
                        TypeFacts {
                            kind: row.kind,
                            arm_type: row.arm_type,
                            shape: row.shape,
                        },
                    );
                    debug_assert!(previous.is_none(), "a type is in two rows");
                }
            }
            index
        })
        .get(type_ref)
}

/// The kind of a type (`Kind::Other` when the table does not know it).
pub fn kind_of(type_ref: &TypeRef) -> Kind {
    of(type_ref).map_or(Kind::Other, |f| f.kind)
}

/// The ARM type of a type: itself for an ARM type, else the table's.
pub fn arm_type_of(type_ref: &TypeRef) -> Option<String> {
    match type_ref {
        TypeRef::Arm(t) => Some(t.clone()),
        other => of(other).and_then(|f| f.arm_type).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_in_one_row() {
        let mut seen = std::collections::HashSet::new();
        for row in ROWS {
            for ty in row.types {
                let key = match ty {
                    Arm(t) => format!("arm {t}"),
                    Terraform(t) => format!("terraform {t}"),
                    Pulumi(t) => format!("pulumi {t}"),
                    Aso(g, k) => format!("aso {g} {k}"),
                    Type::PowerShell(c) => format!("powershell {c}"),
                };
                assert!(seen.insert(key.clone()), "{key} is in two rows");
                // The index lower-cases nothing: ARM types, Pulumi tokens and ASO groups are
                // written lower-case here, as the front-ends give them.
                if !matches!(ty, Aso(..)) {
                    assert_eq!(key, key.to_ascii_lowercase(), "{key}");
                }
            }
            if let Some(arm) = row.arm_type {
                assert_eq!(arm, arm.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn formats_agree_on_kinds() {
        let arm = |t: &str| kind_of(&TypeRef::Arm(t.into()));
        for (tf, pulumi) in [
            ("azurerm_aadb2c_directory", "azure:aadb2c:directory"),
            (
                "azurerm_active_directory_domain_service",
                "azure-native:aad:domainservice",
            ),
            (
                "azurerm_virtual_network",
                "azure-native:network:virtualnetwork",
            ),
            (
                "azurerm_monitor_aad_diagnostic_setting",
                "azure-native:aadiam:diagnosticsetting",
            ),
            (
                "azurerm_log_analytics_workspace",
                "azure-native:operationalinsights:workspace",
            ),
            (
                "azurerm_storage_account",
                "azure-native:storage:storageaccount",
            ),
            (
                "azurerm_eventhub_namespace",
                "azure-native:eventhub:namespace",
            ),
        ] {
            let f = of(&TypeRef::Terraform(tf.into())).unwrap();
            assert_eq!(arm(f.arm_type.unwrap()), f.kind, "{tf}");
            assert_eq!(kind_of(&TypeRef::Pulumi(pulumi.into())), f.kind, "{pulumi}");
        }
    }
}
