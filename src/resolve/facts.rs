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

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::model::{Kind, Resource, TypeRef};

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
    /// Log exports: which logs they are, for messages ("Entra sign-in and audit logs").
    pub logs: Option<&'static str>,
    /// The resource is of its row's kind only when this property designates a resource of
    /// the pointer's kind (a diagnostic setting matters when it is set on a managed domain);
    /// otherwise it is `Kind::Other`.
    pub only_on: Option<Pointer>,
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
        logs: None,
        only_on: None,
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
    /// The property holds the other resource's name (`virtual_network_name`), else its id
    /// (or a reference to it).
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
        Kind::DomainServices => "microsoft.aad/domainservices",
        Kind::VirtualNetwork => "microsoft.network/virtualnetworks",
        Kind::LogAnalyticsWorkspace => "microsoft.operationalinsights/workspaces",
        Kind::StorageAccount => "microsoft.storage/storageaccounts",
        Kind::EventHubNamespace => "microsoft.eventhub/namespaces",
        _ => return None,
    })
}

mod b2c;
mod graph;
mod table;

pub use self::graph::configured_method;
use self::table::{Row, Type, ROWS};

/// Every row: the Azure ones, then the Microsoft Graph ones, then the B2C policy ones.
fn rows() -> impl Iterator<Item = &'static Row> {
    ROWS.iter().chain(graph::ROWS).chain(b2c::ROWS)
}

/// The facts of a type, or `None` for a type the table does not know (then the resource is
/// [`Kind::Other`] and only kept so references to it can be followed).
pub fn of(type_ref: &TypeRef) -> Option<&'static TypeFacts> {
    /// Types looked up by name, and Graph URL patterns matched in order.
    type Index = (
        rustc_hash::FxHashMap<TypeRef, TypeFacts>,
        Vec<(&'static str, TypeFacts)>,
    );
    static INDEX: OnceLock<Index> = OnceLock::new();
    let (by_name, urls) = INDEX.get_or_init(|| {
        let mut index = rustc_hash::FxHashMap::default();
        let mut urls = Vec::new();
        for row in rows() {
            let facts = || TypeFacts {
                kind: row.kind,
                arm_type: row.arm_type,
                shape: row.shape,
            };
            for ty in row.types {
                let key = match ty {
                    Type::Arm(t) => TypeRef::Arm((*t).to_string()),
                    Type::Terraform(t) => TypeRef::Terraform((*t).to_string()),
                    Type::Pulumi(t) => TypeRef::Pulumi((*t).to_string()),
                    Type::Aso(g, k) => TypeRef::Aso {
                        group: (*g).to_string(),
                        kind: (*k).to_string(),
                    },
                    Type::PowerShell(c) => TypeRef::PowerShell((*c).to_string()),
                    Type::OData(t) => TypeRef::GraphType((*t).to_string()),
                    Type::Dsc(t) => TypeRef::Dsc((*t).to_string()),
                    Type::B2c(t) => TypeRef::B2c((*t).to_string()),
                    Type::GraphUrl(pattern) => {
                        urls.push((*pattern, facts()));
                        continue;
                    }
                };
                let previous = index.insert(key, facts());
                debug_assert!(previous.is_none(), "a type is in two rows");
            }
        }
        (index, urls)
    });
    match type_ref {
        TypeRef::GraphUrl(url) => {
            let segments = graph::segments(url)?;
            urls.iter()
                .find(|(pattern, _)| graph::matches(pattern, &segments).is_some())
                .map(|(_, facts)| facts)
        }
        other => by_name.get(other),
    }
}

/// What Microsoft stores or processes where for a kind of identity resource: sentences of
/// *Identity data storage for European customers in Azure Active Directory* (MicrosoftDocs),
/// with that source (empty for what the page does not cover: log exports, External ID
/// tenants); `None` for resources that are not identity-related.
pub fn stored_where(resource: &Resource) -> Option<(Cow<'static, str>, &'static str)> {
    const SOURCE: &str =
        "Microsoft, *Identity data storage for European customers in Azure Active Directory*";
    let (sentences, source) = match resource.kind {
        Kind::B2cTenant | Kind::B2cPolicy | Kind::B2cKeyContainer => (
            "Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters. These do not contain any user personal data.",
            SOURCE,
        ),
        Kind::CiamTenant => (
            "An External ID tenant keeps its directory data in the data residency location chosen when the tenant is created.",
            "",
        ),
        Kind::DomainServices | Kind::DomainServicesReplicaSet => (
            "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network. So, if the network is outside Europe, the data is replicated and stored outside Europe.",
            SOURCE,
        ),
        Kind::LogExport => {
            let logs = resource.logs.unwrap_or("identity logs");
            let mut chars = logs.chars();
            let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            return Some((
                Cow::Owned(format!(
                    "{first}{} are copied to the destination's region.",
                    chars.as_str()
                )),
                "",
            ));
        }
        Kind::Invitation | Kind::AuthorizationPolicy => (
            "Azure AD B2B stores invitations with redeem link and redirect URL information in US datacenters. In addition, email address of users that unsubscribe from receiving B2B invitations are also stored in U.S. datacenters.",
            SOURCE,
        ),
        Kind::CrossTenantAccess => (
            "B2B collaboration copies user data into other tenants, which might have data residency implications; other Microsoft clouds keep it in their own regions.",
            "",
        ),
        Kind::AuthenticationStrengthPolicy
        | Kind::ConditionalAccessPolicy
        | Kind::AuthenticationMethodConfiguration
        | Kind::AuthenticationMethodsPolicy
        | Kind::B2cMfaProfile => (
            "All two-factor authentication using phone calls or SMS originate from US datacenters and are also routed by global providers. Push notifications using the Microsoft Authenticator app originate from US datacenters; OATH codes are always validated in the U.S.",
            SOURCE,
        ),
        Kind::JourneyTelemetry => (
            "B2C journey logs in Application Insights collect all claims sent to and from identity providers, which can be personal data, in the region of the Application Insights resource.",
            "",
        ),
        Kind::ExternalEndpoint => (
            "Claims sent to an external endpoint are processed wherever that service runs; Microsoft makes no residency statement for it.",
            "",
        ),
        Kind::Application | Kind::PermissionGrant => (
            "Services and applications that integrate with Azure AD have access to identity data. Evaluate each service and application you use to determine how identity data is processed by that specific service and application.",
            SOURCE,
        ),
        _ => return None,
    };
    Some((Cow::Borrowed(sentences), source))
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
        for row in rows() {
            for ty in row.types {
                let key = match ty {
                    Type::Arm(t) => format!("arm {t}"),
                    Type::Terraform(t) => format!("terraform {t}"),
                    Type::Pulumi(t) => format!("pulumi {t}"),
                    Type::Aso(g, k) => format!("aso {g} {k}"),
                    Type::PowerShell(c) => format!("powershell {c}"),
                    Type::OData(t) => format!("graph type {t}"),
                    Type::Dsc(t) => format!("dsc {t}"),
                    Type::B2c(t) => format!("b2c {t}"),
                    Type::GraphUrl(p) => format!("graph url {}", p.to_ascii_lowercase()),
                };
                assert!(seen.insert(key.clone()), "{key} is in two rows");
                // The index lower-cases nothing: ARM types, Pulumi tokens and ASO groups are
                // written lower-case here, as the front-ends give them (Graph URL patterns are
                // compared case-insensitively, and written as Graph spells them).
                if !matches!(ty, Type::Aso(..) | Type::GraphUrl(_)) {
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
