//! The format-neutral model: values that carry where they are written and where they came from,
//! and the resources the rules see.
//!
//! One front-end per format evaluates its syntax trees (parameters, variables, locals, tfvars,
//! references across files) and hands its resources to the resolve layer as [`raw`] resources
//! whose bodies it evaluates on demand; [`crate::resolve`] turns them into [`Resource`]s. A
//! value that cannot be proven statically is [`ValKind::Unknown`] with its reason: it is never
//! guessed.

pub mod arm;
pub mod b2c;
pub mod bicep;
pub mod graph_json;
pub mod kubernetes;
pub mod powershell;
pub mod pulumi;
pub mod raw;
pub mod resource_id;
pub mod terraform;
#[doc(hidden)]
pub mod testing;

pub use raw::{Declaration, Evaluated, RawResource, Refers, Resolve, ResourceId, Step, TypeRef};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::{SyntaxError, TextRange};

/// Index of a file in [`Project::files`].
pub type FileId = usize;

/// What a file is, once classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// ARM deployment template (JSON with comments).
    ArmTemplate,
    /// ARM deployment parameters file.
    ArmParameters,
    /// Terraform `.tf`.
    TerraformHcl,
    /// Terraform `.tf.json`.
    TerraformJson,
    /// Terraform `.tfvars` / `*.auto.tfvars`.
    TfVars,
    /// Terraform `.tfvars.json` / `*.auto.tfvars.json`.
    TfVarsJson,
    /// Terraform plan as JSON (`terraform show -json plan.out`).
    TerraformPlan,
    /// Bicep `.bicep`.
    Bicep,
    /// Bicep parameters `.bicepparam`.
    BicepParam,
    /// Pulumi YAML program: `Pulumi.yaml` (or `Main.yaml`) with `resources:`.
    PulumiProgram,
    /// Pulumi stack configuration: `Pulumi.<stack>.yaml`.
    PulumiStack,
    /// Kubernetes manifests of Azure Service Operator (multi-document YAML).
    Kubernetes,
    /// PowerShell scripts (`.ps1`, `.psm1`), scanned as text for Exchange federation cmdlets
    /// and read for Microsoft365DSC configurations.
    PowerShell,
    /// Microsoft Graph objects saved as JSON (an EntraExporter export), by `@odata.type`.
    GraphJson,
    /// A Unified Tenant Configuration Management baseline (a configuration monitor's body):
    /// resources of type `microsoft.entra.…` with Microsoft365DSC's properties.
    UtcmJson,
    /// An Azure AD B2C custom policy: XML whose root is `TrustFrameworkPolicy`.
    B2cPolicy,
}

/// One file's text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<String>,
    pub kind: FileKind,
}

/// The files that belong together and are checked as one: a Terraform module directory with
/// its tfvars, or an ARM template with one of its parameters files.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub files: Vec<SourceFile>,
}

/// What a front-end reads beyond a unit's own files: a Bicep module, a Terraform module's
/// folder, `.terraform/modules/modules.json`. The check gives it (open documents first, then
/// the files already read, then the disk); the model never lists or reads the disk itself.
pub trait Load {
    /// A file's text, by path (relative to the current directory, as the project's are).
    fn file(&self, path: &Path) -> Option<Arc<String>>;
    /// The Terraform configuration files (`.tf`, `.tf.json`) of the folder `dir`, sorted by
    /// name, with paths `dir.join(name)`.
    fn terraform_folder(&self, dir: &Path) -> Vec<SourceFile>;
}

/// A [`Load`] that finds nothing: a front-end run for the syntax of one file alone.
pub struct LoadNothing;

impl Load for LoadNothing {
    fn file(&self, _: &Path) -> Option<Arc<String>> {
        None
    }
    fn terraform_folder(&self, _: &Path) -> Vec<SourceFile> {
        Vec::new()
    }
}

/// A place in a file of the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub range: TextRange,
}

/// One step in a value's provenance: where it was set, and how.
/// Example notes: "parameter 'location' default", "parameter 'location' in
/// azuredeploy.parameters.json", "variable 'location' in terraform.tfvars",
/// "local 'region'", "location of virtual network 'vnet'".
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub loc: Loc,
    pub note: String,
}

/// An evaluated value.
#[derive(Clone, Debug, PartialEq)]
pub struct Val {
    pub kind: ValKind,
    /// Where the expression that produced this value is written in the resource.
    pub loc: Option<Loc>,
    /// Where the literal this value was copied from verbatim is written: the range of the
    /// string's contents, without quotes. Set only when the value is that literal unchanged
    /// (through parameters, variables, locals, tfvars), so a fix can rewrite it in place.
    pub literal: Option<Loc>,
    /// Provenance, nearest step first: the parameter, variable, file or reference the value
    /// flowed through. Empty for a literal written in place.
    pub origin: Vec<Origin>,
    /// What the value was read from, when the front-end knows (see [`Refers`]).
    pub refers: Option<Box<Refers>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValKind {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Val>),
    /// Keys as written; look-ups through [`Val::get`] are case-insensitive, as ARM's are.
    Map(Vec<(String, Val)>),
    /// Not provable statically. The string says why, e.g. "resourceGroup().location is decided
    /// at deployment", "variable 'location' has no default and no tfvars sets it".
    Unknown(String),
}

impl Val {
    pub fn new(kind: ValKind, loc: Option<Loc>) -> Self {
        Val {
            kind,
            loc,
            literal: None,
            origin: Vec::new(),
            refers: None,
        }
    }

    pub fn unknown(reason: impl Into<String>, loc: Option<Loc>) -> Self {
        Val::new(ValKind::Unknown(reason.into()), loc)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValKind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, ValKind::Unknown(_))
    }

    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.kind {
            ValKind::Unknown(r) => Some(r),
            _ => None,
        }
    }

    /// Map member, compared case-insensitively.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.kind {
            ValKind::Map(members) => members
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a dotted path of map keys: `props.path(&["properties", "replicaSets"])`.
    pub fn path(&self, keys: &[&str]) -> Option<&Val> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    /// Follows a path of keys and list positions, as [`Evaluated::value`] is asked: the
    /// front-ends that hold their bodies as values answer with it.
    pub fn at_steps(&self, steps: &[Step]) -> Option<&Val> {
        steps.iter().try_fold(self, |v, step| match step {
            Step::Key(k) => v.get(k),
            Step::Index(i) => v.items().get(*i),
        })
    }

    pub fn items(&self) -> &[Val] {
        match &self.kind {
            ValKind::List(items) => items,
            _ => &[],
        }
    }
}

/// What a resource is, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `Microsoft.AzureActiveDirectory/b2cDirectories`, `azurerm_aadb2c_directory`, azapi.
    B2cTenant,
    /// `Microsoft.AzureActiveDirectory/ciamDirectories` (Entra External ID), azapi.
    CiamTenant,
    /// Azure AD B2C policy configuration: a user flow (`azuread_b2c_user_flow`, Graph
    /// `identity/b2cUserFlows`).
    B2cPolicy,
    /// A key container of Azure AD B2C (a policy key, `B2C_1A_…`), as a custom policy
    /// references it (`<Key StorageReferenceId="B2C_1A_TokenSigningKeyContainer"/>`).
    B2cKeyContainer,
    /// A technical profile of a B2C custom policy that sends or checks codes through
    /// Microsoft's MFA service: `PhoneFactorProtocolProvider` (phone calls and texts),
    /// `AzureMfaProtocolProvider` (its `Operation` says which: `OneWaySMS`, `VerifyOTP`, …).
    B2cMfaProfile,
    /// User-journey telemetry of a B2C custom policy, sent to Application Insights
    /// (`JourneyInsights`, an `AzureApplicationInsightsProvider` technical profile).
    JourneyTelemetry,
    /// Claims sent to an endpoint outside Microsoft's identity services: a B2C RESTful
    /// technical profile (`ServiceUrl`), an API connector (`targetUrl`).
    ExternalEndpoint,
    /// `Microsoft.AAD/domainServices`, `azurerm_active_directory_domain_service`.
    DomainServices,
    /// `azurerm_active_directory_domain_service_replica_set`.
    DomainServicesReplicaSet,
    /// `Microsoft.Network/virtualNetworks`, `azurerm_virtual_network`.
    VirtualNetwork,
    /// `azuread_authentication_strength_policy` (`allowed_combinations`), Graph
    /// `policies/authenticationStrengthPolicies`.
    AuthenticationStrengthPolicy,
    /// One method of the tenant's authentication methods policy (Graph
    /// `policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms`): its
    /// `id` names the method (`Sms`, `MicrosoftAuthenticator`) and `state` switches it on or
    /// off for everyone it targets.
    AuthenticationMethodConfiguration,
    /// The tenant's whole authentication methods policy, written with every method's
    /// configuration in `authenticationMethodConfigurations` (`{id, state}` each).
    AuthenticationMethodsPolicy,
    /// `azuread_conditional_access_policy` (`grant_controls`).
    ConditionalAccessPolicy,
    /// `azuread_invitation`: a B2B invitation.
    Invitation,
    /// The tenant's authorization policy (Graph `policies/authorizationPolicy`,
    /// Microsoft365DSC `AADAuthorizationPolicy`): `allowInvitesFrom` says who may invite guests.
    AuthorizationPolicy,
    /// The tenant's cross-tenant access settings (Graph `policies/crossTenantAccessPolicy`,
    /// its `default` and `partners`, a partner's `identitySynchronization`; Microsoft365DSC
    /// `AADCrossTenantAccessPolicy*`): which clouds and partner tenants users collaborate with.
    CrossTenantAccess,
    /// An export of identity logs: Entra sign-in and audit logs
    /// (`microsoft.aadiam/diagnosticSettings`, `azurerm_monitor_aad_diagnostic_setting`, the
    /// Sentinel Entra connector) or the security logs of a Domain Services managed domain (a
    /// diagnostic setting on it). Its data goes to [`Resource::destinations`]; which logs they
    /// are is [`Resource::logs`].
    LogExport,
    /// `Microsoft.OperationalInsights/workspaces`, `azurerm_log_analytics_workspace`.
    LogAnalyticsWorkspace,
    /// `Microsoft.Storage/storageAccounts`, `azurerm_storage_account`.
    StorageAccount,
    /// An App Service or Function App (`Microsoft.Web/sites`, `azurerm_linux_function_app`, …):
    /// its default host is `<name>.azurewebsites.net`.
    WebApp,
    /// `Microsoft.EventHub/namespaces`, `azurerm_eventhub_namespace`.
    EventHubNamespace,
    /// `azuread_application`, `Microsoft.Graph/applications`.
    Application,
    /// Access granted to an application: `azuread_application_api_access`,
    /// `azuread_app_role_assignment`, `azuread_service_principal_delegated_permission_grant`,
    /// `Microsoft.Graph/oauth2PermissionGrants`, `Microsoft.Graph/appRoleAssignedTo`.
    PermissionGrant,
    /// `Microsoft.Resources/dataBoundaries` (tenant scope): the tenant's data boundary.
    DataBoundary,
    /// An Exchange federation trust created by a PowerShell script (`New-FederationTrust`,
    /// `Set-FederatedOrganizationIdentifier`): no IaC resource models it (azure-facts §1.7).
    ExchangeFederation,
    /// Anything else: kept so references can be followed, not checked.
    Other,
}

impl Kind {
    /// Identity resources: the ones whose data location the rules judge.
    pub const IDENTITY: &'static [Kind] = &[
        Kind::B2cTenant,
        Kind::CiamTenant,
        Kind::DomainServices,
        Kind::DomainServicesReplicaSet,
        Kind::LogExport,
    ];

    pub fn is_identity(self) -> bool {
        Kind::IDENTITY.contains(&self)
    }
}

/// A resource of the model.
#[derive(Clone, Debug)]
pub struct Resource {
    /// The resource among those its front-end found (see [`Evaluated::resources`]).
    pub id: ResourceId,
    pub kind: Kind,
    /// The type as written: `Microsoft.AAD/DomainServices`, `azurerm_aadb2c_directory`,
    /// `azapi_resource` (then `props` holds the body and `arm_type` the ARM type).
    pub type_name: String,
    /// The ARM type, lower-cased, when known (`microsoft.aad/domainservices`).
    pub arm_type: Option<String>,
    /// A label for messages: Terraform address (`azurerm_x.y`), ARM name or symbolic name.
    pub name: String,
    /// The declaration: the ARM `type` string or the Terraform block header.
    pub decl: Loc,
    /// Where the resource's name is written, for hovers: the ARM `name` value, the Bicep
    /// symbolic name and `name:` value, the Pulumi resource key. Empty where unknown.
    pub name_ranges: Vec<Loc>,
    /// Where the data lives, as written (`location`, `data_residency_location`, azapi
    /// `body.location`). `None` when the resource does not say.
    pub location: Option<Val>,
    /// Tenants: the country code (`properties.createTenantProperties.countryCode`, `country_code`).
    pub country_code: Option<Val>,
    /// Domain Services: every place a copy of the directory lives.
    pub replicas: Vec<Replica>,
    /// Log exports: where the data is sent (workspace, storage account, event hub namespace).
    pub destinations: Vec<Destination>,
    /// Log exports: which logs ("Entra sign-in and audit logs").
    pub logs: Option<&'static str>,
    /// All evaluated properties of the resource, for rules that need more.
    pub props: Val,
}

/// A Domain Services replica set (or the single subnet of old API versions, or Terraform's
/// `initial_replica_set`, or a standalone replica-set resource).
#[derive(Clone, Debug)]
pub struct Replica {
    /// For messages: "replica set 2", "initial replica set", "subnet".
    pub label: String,
    /// The replica set's own `location`, when written.
    pub location: Option<Val>,
    /// The subnet id expression (`subnetId`, `subnet_id`).
    pub subnet: Option<Val>,
    /// The virtual network that subnet belongs to, when it is declared in the project.
    pub network: Option<Network>,
}

/// Where a log export sends its data.
#[derive(Clone, Debug)]
pub struct Destination {
    /// "Log Analytics workspace", "storage account", "event hub namespace".
    pub label: String,
    /// The id expression (`workspaceId`, `log_analytics_workspace_id`, ...).
    pub via: Val,
    /// The destination resource, when it is declared in the project.
    pub target: Option<Network>,
}

/// A resource found for a reference (a subnet's virtual network, a log export's workspace).
#[derive(Clone, Debug)]
pub struct Network {
    pub name: String,
    pub decl: Loc,
    /// The VNet's location, with its own provenance.
    pub location: Val,
}

/// What lowering one project produced.
#[derive(Clone, Debug, Default)]
pub struct Lowered {
    pub resources: Vec<Resource>,
    pub syntax_errors: Vec<(FileId, SyntaxError)>,
}
