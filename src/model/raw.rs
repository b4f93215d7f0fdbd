//! What a front-end hands the resolve layer: the resources it found, each with its type as
//! written in its format's vocabulary, and access to their evaluated bodies.
//!
//! A front-end knows its format: how values are evaluated, where each one is written, what a
//! reference is. It knows nothing of Azure: which property is a location, what a replica set
//! or a log destination is, which type a subnet belongs to. The resolve layer asks for values
//! by path, in the one spelling of property names each vocabulary has (ARM's camelCase for
//! ARM types; Terraform attribute names in camelCase, as Pulumi's bridged providers spell
//! them), and the front-end evaluates them on demand, in its own way: lazily, with provenance,
//! each value placed where the rules should point.

use super::{Loc, Resource, Val, ValKind};

/// Index of a resource in [`Evaluated::resources`].
pub type ResourceId = usize;

/// The type of a resource, in the vocabulary of its format.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// An ARM resource type, lower-cased, without API version:
    /// `microsoft.aad/domainservices`. ARM JSON, Bicep, and Terraform's azapi resources.
    Arm(String),
    /// A Terraform resource type: `azurerm_active_directory_domain_service` (HCL, JSON, plan).
    Terraform(String),
    /// A Pulumi type token in its short form, lower-cased: `azure-native:aad:domainservice`.
    Pulumi(String),
    /// An Azure Service Operator group (lower-cased) and kind: `network.azure.com`,
    /// `VirtualNetwork`.
    Aso { group: String, kind: String },
    /// A PowerShell cmdlet, lower-cased: `new-federationtrust`.
    PowerShell(String),
    /// A Microsoft365DSC resource, lower-cased: `aadauthenticationmethodpolicysms`.
    Dsc(String),
    /// A Microsoft Graph URL a request writes to, as written (`applications`,
    /// `servicePrincipals/\0/appRoleAssignments`, with `\0` for each unknown piece): the
    /// Microsoft Graph Terraform provider's `msgraph_resource` and its siblings.
    GraphUrl(String),
    /// A Microsoft Graph object's `@odata.type`, lower-cased, without `#`:
    /// `microsoft.graph.smsauthenticationmethodconfiguration` (Graph JSON exports).
    GraphType(String),
    /// An Azure AD B2C custom policy's element, lower-cased: `trustframeworkpolicy` (a policy
    /// set), `key` (a key container), `journeyinsights`, or a technical profile by its
    /// handler's short name (`phonefactorprotocolprovider`).
    B2c(String),
}

/// Whether a resource is deployed by the code at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declaration {
    /// Declared here: it is checked.
    Managed,
    /// A reference to a resource deployed elsewhere (ARM and Bicep `existing`, Pulumi `get:`):
    /// its location is not in this code.
    Existing,
    /// A Terraform data source whose values the plan read from Azure.
    ReadAtPlan,
}

/// A resource as a front-end found it.
#[derive(Clone, Debug)]
pub struct RawResource {
    pub type_ref: TypeRef,
    /// The type as written: `Microsoft.AAD/DomainServices`, `azurerm_aadb2c_directory`,
    /// `azure-native:aad:DomainService`.
    pub type_name: String,
    /// A label for messages: Terraform address (`azurerm_x.y`), ARM name or symbolic name,
    /// Pulumi resource key.
    pub name: String,
    /// The declaration: the ARM `type` string, the Terraform block header, the Pulumi `type:`.
    pub decl: Loc,
    /// Where the resource's name is written, for hovers. Empty where unknown.
    pub name_ranges: Vec<Loc>,
    pub declaration: Declaration,
    /// Resources of the same scope (template, module instance, Terraform module) are preferred
    /// when a name matches several.
    pub scope: u32,
}

/// A step of a path into a resource's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

/// What a value was read from, when a front-end knows: the resources of the project it reads
/// (a Terraform `azurerm_subnet.x.id`, a Bicep `vnet.properties.subnets[0].id`, a Pulumi
/// `${vnet.id}`, a plan's configuration references), the attribute path read
/// (`app_role_ids`, `User.Read.All`), and the text of a string with unknown pieces (`\0` for
/// each), so an id whose subscription is unknown still names its virtual network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refers {
    /// Candidates, most likely first (usually one).
    pub resources: Vec<ResourceId>,
    /// The attribute path read, after the resource or data source.
    pub path: Vec<String>,
    /// The string with `\0` for each unknown piece.
    pub text: Option<String>,
}

/// A front-end's evaluated project, as the resolve layer reads it.
pub trait Evaluated {
    /// Every resource of the project, declared or existing, in document order.
    fn resources(&self) -> &[RawResource];

    /// The value at `path` in the body of `res` (empty: the whole body), evaluated; `None`
    /// when no such property is written. The body is the resource object (ARM, Bicep), its
    /// arguments and blocks (Terraform; blocks written once are maps), its `properties`
    /// (Pulumi) or its `spec` (Azure Service Operator).
    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val>;

    /// How many items the list at `path` has; `Err` with the value when it is not a list
    /// (Unknown, or another kind of value); `None` when no such property is written. A null
    /// value has no items. Front-ends that evaluate lazily count without evaluating the items.
    fn items(&self, res: ResourceId, path: &[Step]) -> Option<Result<usize, Val>> {
        let v = self.value(res, path)?;
        Some(match &v.kind {
            ValKind::List(items) => Ok(items.len()),
            ValKind::Null => Ok(0),
            _ => Err(v),
        })
    }

    /// The Azure names a resource is known by, beyond the properties its type's facts name
    /// (the evaluated full name of an ARM or Bicep resource, a Pulumi resource's key).
    fn names(&self, res: ResourceId) -> Vec<String>;

    /// What designates the resource this one belongs to: an azapi `parent_id`, or a reference
    /// to the parent of a nested ARM or Bicep resource.
    fn parent(&self, _res: ResourceId) -> Option<Val> {
        None
    }

    /// The location a resource has when its body writes none, as its format decides (Pulumi's
    /// azure-native resources take their resource group's, or the provider's); or Unknown
    /// saying why it is not known.
    fn implied_location(&self, _res: ResourceId) -> Option<Val> {
        None
    }
}

/// A value that reads `res` as a whole: how a front-end says "the resource itself".
pub fn reference_to(res: ResourceId, loc: Option<Loc>, reason: impl Into<String>) -> Val {
    let mut v = Val::unknown(reason, loc);
    v.refers = Some(Box::new(Refers {
        resources: vec![res],
        ..Refers::default()
    }));
    v
}

/// How a front-end hands its evaluated project on: the resolve layer's
/// [`crate::resolve::resources`], given by the caller (the model does not depend on it).
pub type Resolve<'r> = &'r dyn Fn(&dyn Evaluated) -> Vec<Resource>;
