//! Lowering of a Terraform module (all `.tf` / `.tf.json` files of one folder, with its
//! `terraform.tfvars` and `*.auto.tfvars`) into the model.
//!
//! Every resource block becomes a [`Resource`]; the identity resources (B2C and External ID
//! tenants, Domain Services and their replica sets, through `azurerm_*` or `azapi_*`) get their
//! location, country code and replica sets filled in, and every subnet of a Domain Services
//! replica is followed to the virtual network that holds its data. Entra log exports
//! (`azurerm_monitor_aad_diagnostic_setting`, the Sentinel Entra connector, azapi
//! `Microsoft.AADIAM/diagnosticSettings`) get their destinations, each followed to the
//! workspace, storage account or event hub namespace it names when the module declares it.
//!
//! Values are evaluated statically: `var.*` from the tfvars (later file wins) or the default,
//! `local.*`, attributes of other resources, templates, operators, `for` expressions and the
//! functions whose result is exact (see `eval/functions.rs`). What cannot be proven — a data
//! source, `count.index`, a module output, a variable nobody sets, `timestamp()` — is
//! [`ValKind::Unknown`] with the reason, never a guess.

mod eval;
mod json_syntax;
pub mod plan;

use std::collections::{HashMap, HashSet};

use self::eval::{Ctx, Ev, EvKind, Evaluator, ResRef};
use super::{
    Destination, FileId, FileKind, Kind, Loc, Lowered, Network, Origin, Project, Replica, Resource,
    Val, ValKind,
};
use crate::syntax::hcl::{self, Attribute, Block, Body, Expr, Structure};
use crate::syntax::{json, TextRange};

/// Index of a resource in [`Module::resources`].
type ResIdx = usize;

/// Nested blocks that configure Terraform itself rather than the resource.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// Arguments that configure Terraform itself rather than the resource.
const META_ATTRS: &[&str] = &["depends_on", "provider"];

/// Lowers the module made of `files` (`.tf` and `.tf.json`), with variable values from
/// `tfvars` in precedence order (a later file wins, as Terraform does).
pub fn lower(project: &Project, files: &[FileId], tfvars: &[FileId]) -> Lowered {
    let mut syntax_errors = Vec::new();
    let mut bodies: Vec<(FileId, Body)> = Vec::new();
    for &file in files {
        let Some(source) = project.files.get(file) else {
            continue;
        };
        let text: &str = &source.text;
        match source.kind {
            FileKind::TerraformJson => {
                let parsed = json::parse(text);
                syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
                if let Some(root) = &parsed.value {
                    let mut errors = Vec::new();
                    let body = json_syntax::config_body(text, root, &mut errors);
                    syntax_errors.extend(errors.into_iter().map(|e| (file, e)));
                    bodies.push((file, body));
                }
            }
            _ => {
                let parsed = hcl::parse(text);
                syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
                bodies.push((file, parsed.body));
            }
        }
    }
    let mut var_values: Vec<(FileId, Vec<Attribute>)> = Vec::new();
    for &file in tfvars {
        let Some(source) = project.files.get(file) else {
            continue;
        };
        let text: &str = &source.text;
        let attrs = match source.kind {
            FileKind::TfVarsJson => {
                let parsed = json::parse(text);
                syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
                parsed
                    .value
                    .as_ref()
                    .map(|root| json_syntax::tfvars_attributes(text, root))
                    .unwrap_or_default()
            }
            _ => {
                let parsed = hcl::parse(text);
                syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
                parsed
                    .body
                    .items
                    .into_iter()
                    .filter_map(|s| match s {
                        Structure::Attribute(a) => Some(a),
                        Structure::Block(_) => None,
                    })
                    .collect()
            }
        };
        var_values.push((file, attrs));
    }

    let module = Module::new(project, &bodies, &var_values);
    let mut lowering = Lowering {
        ev: Evaluator::new(&module),
    };
    let resources = (0..module.resources.len())
        .map(|idx| lowering.resource(idx))
        .collect();
    Lowered {
        resources,
        syntax_errors,
    }
}

/// A `variable` block.
struct VarDecl<'a> {
    file: FileId,
    header: TextRange,
    default: Option<&'a Expr>,
}

/// A `resource` block.
struct ResDecl<'a> {
    file: FileId,
    type_name: &'a str,
    block: &'a Block,
    /// `azurerm_x.y`.
    address: String,
    has_count: bool,
    has_for_each: bool,
}

/// The declarations of one module, across its files.
struct Module<'a> {
    project: &'a Project,
    vars: HashMap<&'a str, VarDecl<'a>>,
    /// Variable values from tfvars, the later file winning.
    tfvars: HashMap<&'a str, (FileId, &'a Expr)>,
    locals: HashMap<&'a str, (FileId, &'a Expr)>,
    resources: Vec<ResDecl<'a>>,
    by_address: HashMap<(&'a str, &'a str), Vec<ResIdx>>,
    resource_types: HashSet<&'a str>,
}

impl<'a> Module<'a> {
    fn new(
        project: &'a Project,
        bodies: &'a [(FileId, Body)],
        var_values: &'a [(FileId, Vec<Attribute>)],
    ) -> Self {
        let mut m = Module {
            project,
            vars: HashMap::new(),
            tfvars: HashMap::new(),
            locals: HashMap::new(),
            resources: Vec::new(),
            by_address: HashMap::new(),
            resource_types: HashSet::new(),
        };
        for (file, body) in bodies {
            for block in body.blocks() {
                match (block.ident.name.as_str(), block.labels.as_slice()) {
                    ("variable", [name]) => {
                        m.vars.entry(&name.value).or_insert(VarDecl {
                            file: *file,
                            header: block.header_range(),
                            default: block.body.attribute("default").map(|a| &a.expr),
                        });
                    }
                    ("locals", []) => {
                        for a in block.body.attributes() {
                            m.locals.entry(&a.name.name).or_insert((*file, &a.expr));
                        }
                    }
                    ("resource", [ty, name]) => {
                        let idx = m.resources.len();
                        m.by_address
                            .entry((&ty.value, &name.value))
                            .or_default()
                            .push(idx);
                        m.resource_types.insert(&ty.value);
                        m.resources.push(ResDecl {
                            file: *file,
                            type_name: &ty.value,
                            block,
                            address: format!("{}.{}", ty.value, name.value),
                            has_count: block.body.attribute("count").is_some(),
                            has_for_each: block.body.attribute("for_each").is_some(),
                        });
                    }
                    _ => {}
                }
            }
        }
        for (file, attrs) in var_values {
            for a in attrs {
                m.tfvars.insert(&a.name.name, (*file, &a.expr));
            }
        }
        m
    }

    /// The resource `ty.name`; when a broken folder declares it twice, the one in `file`.
    fn find_resource(&self, ty: &str, name: &str, file: FileId) -> Option<ResIdx> {
        let all = self.by_address.get(&(ty, name))?;
        all.iter()
            .copied()
            .find(|&i| self.resources[i].file == file)
            .or_else(|| all.first().copied())
    }

    fn file_name(&self, file: FileId) -> String {
        self.project
            .files
            .get(file)
            .and_then(|f| f.path.file_name())
            .map_or_else(
                || "tfvars".to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
    }
}

fn is_azapi_with_type(type_name: &str) -> bool {
    matches!(type_name, "azapi_resource" | "azapi_resource_action")
}

struct Lowering<'m, 'a> {
    ev: Evaluator<'m, 'a>,
}

impl<'m, 'a> Lowering<'m, 'a> {
    fn m(&self) -> &'m Module<'a> {
        self.ev.m
    }

    fn ctx(&self, idx: ResIdx) -> Ctx {
        Ctx {
            file: self.m().resources[idx].file,
            constant: false,
            resource: Some(idx),
        }
    }

    /// The resource's arguments and blocks as a map (single blocks as maps, repeated ones as a
    /// list of maps).
    fn props(&mut self, idx: ResIdx) -> Ev {
        let r = &self.m().resources[idx];
        let body = &r.block.body;
        let mut members: Vec<(String, Ev)> = Vec::new();
        for a in body.attributes() {
            if META_ATTRS.contains(&a.name.name.as_str()) {
                continue;
            }
            let v = self.ev.resource_attr_raw(idx, &a.name.name);
            members.retain(|(k, _)| *k != a.name.name);
            members.push((a.name.name.clone(), v));
        }
        let ctx = self.ctx(idx);
        self.ev
            .add_blocks(body, ctx, &mut Vec::new(), true, &mut members);
        Ev::new(
            EvKind::Map(members),
            Some(Loc {
                file: r.file,
                range: body.range,
            }),
        )
    }

    /// The ARM type of an azapi resource (`type` before `@`, lower-cased), when known.
    fn azapi_arm_type(&mut self, idx: ResIdx) -> Option<String> {
        let v = self.ev.resource_attr_raw(idx, "type");
        let s = v.as_str()?;
        Some(s.split('@').next().unwrap_or(s).trim().to_ascii_lowercase())
    }

    /// The ARM type of a resource that may be a virtual network.
    fn arm_type(&mut self, idx: ResIdx) -> Option<String> {
        let ty = self.m().resources[idx].type_name;
        if is_azapi_with_type(ty) {
            self.azapi_arm_type(idx)
        } else {
            super::types::kind_of_terraform_type(ty)
                .1
                .map(str::to_string)
        }
    }

    fn resource(&mut self, idx: ResIdx) -> Resource {
        let m = self.m();
        let r = &m.resources[idx];
        let decl = Loc {
            file: r.file,
            range: r
                .block
                .labels_range()
                .unwrap_or_else(|| r.block.header_range()),
        };
        let props = self.props(idx);
        let (kind, arm_type) = if is_azapi_with_type(r.type_name) {
            let arm = self.azapi_arm_type(idx);
            (
                arm.as_deref()
                    .map_or(Kind::Other, super::types::kind_of_arm_type),
                arm,
            )
        } else {
            let (kind, arm) = super::types::kind_of_terraform_type(r.type_name);
            (kind, arm.map(str::to_string))
        };
        let mut res = Resource {
            kind,
            type_name: r.type_name.to_string(),
            arm_type,
            name: r.address.clone(),
            decl,
            name_ranges: Vec::new(),
            location: None,
            country_code: None,
            replicas: Vec::new(),
            destinations: Vec::new(),
            props: Val::new(ValKind::Null, None),
        };
        let azapi = is_azapi_with_type(r.type_name);
        let body = if azapi { azapi_body(&props) } else { None };
        match (kind, azapi) {
            (Kind::B2cTenant, false) => {
                res.location = props.get("data_residency_location").map(Ev::to_val);
                res.country_code = props.get("country_code").map(Ev::to_val);
            }
            (Kind::B2cTenant | Kind::CiamTenant, true) => {
                res.location = azapi_location(&props, body.as_ref());
                res.country_code = body
                    .as_ref()
                    .and_then(|b| path(b, &["properties", "createTenantProperties", "countryCode"]))
                    .map(Ev::to_val);
            }
            (Kind::DomainServices, false) => {
                res.location = props.get("location").map(Ev::to_val);
                let subnets: Vec<Ev> = match props.get("initial_replica_set") {
                    Some(Ev {
                        kind: EvKind::List(items),
                        ..
                    }) => items.clone(),
                    Some(v) => vec![v.clone()],
                    None => Vec::new(),
                };
                for rs in subnets {
                    let subnet = rs.get("subnet_id").cloned();
                    res.replicas
                        .push(self.replica("initial replica set", None, subnet));
                }
            }
            (Kind::DomainServices, true) => {
                res.location = azapi_location(&props, body.as_ref());
                if let Some(body) = &body {
                    self.azapi_replicas(body, &mut res.replicas);
                }
            }
            (Kind::DomainServicesReplicaSet, _) => {
                res.location = props.get("location").map(Ev::to_val);
                let subnet = props.get("subnet_id").cloned();
                res.replicas.push(self.replica("replica set", None, subnet));
            }
            (Kind::VirtualNetwork, true) => {
                res.location = azapi_location(&props, body.as_ref());
            }
            (Kind::AadDiagnosticSetting, true) => {
                if let Some(body) = &body {
                    for d in &DESTINATIONS {
                        if let Some(v) = path(body, &["properties", d.arm_property]) {
                            let v = v.clone();
                            self.destination(d, &v, &mut res.destinations);
                        }
                    }
                }
            }
            (Kind::AadDiagnosticSetting, false) => {
                for d in &DESTINATIONS {
                    if let Some(v) = props.get(d.tf_argument) {
                        let v = v.clone();
                        self.destination(d, &v, &mut res.destinations);
                    }
                }
            }
            (
                Kind::LogAnalyticsWorkspace | Kind::StorageAccount | Kind::EventHubNamespace,
                true,
            ) => {
                res.location = azapi_location(&props, body.as_ref());
            }
            _ => {
                res.location = props.get("location").map(Ev::to_val);
            }
        }
        res.props = props.to_val();
        res
    }

    /// Replicas of an azapi `Microsoft.AAD/domainServices` body: `properties.replicaSets[]`,
    /// or the single `properties.subnetId` of API versions up to 2017-06-01.
    fn azapi_replicas(&mut self, body: &Ev, out: &mut Vec<Replica>) {
        match path(body, &["properties", "replicaSets"]) {
            Some(Ev {
                kind: EvKind::List(sets),
                ..
            }) => {
                for (i, rs) in sets.iter().enumerate() {
                    let location = rs.get("location").map(Ev::to_val);
                    let subnet = rs.get("subnetId").cloned();
                    out.push(self.replica(&format!("replica set {}", i + 1), location, subnet));
                }
            }
            Some(other) if other.is_unknown() => out.push(Replica {
                label: "replica sets".into(),
                location: Some(other.to_val()),
                subnet: None,
                network: None,
            }),
            _ => {}
        }
        if let Some(subnet) = path(body, &["properties", "subnetId"]) {
            let subnet = subnet.clone();
            out.push(self.replica("subnet", None, Some(subnet)));
        }
    }

    fn replica(&mut self, label: &str, location: Option<Val>, subnet: Option<Ev>) -> Replica {
        let network = subnet.as_ref().and_then(|s| self.network_of_subnet(s));
        Replica {
            label: label.to_string(),
            location,
            subnet: subnet.as_ref().map(Ev::to_val),
            network,
        }
    }

    // ----- log export → destination --------------------------------------------------------

    /// One destination of a log export, with the resource it designates when that resource is
    /// declared in this module. A null argument is no destination.
    fn destination(&mut self, d: &DestSpec, via: &Ev, out: &mut Vec<Destination>) {
        if matches!(via.kind, EvKind::Null) {
            return;
        }
        let target = self
            .destination_of(d, via, 0)
            .map(|r| self.located(r, d.noun));
        out.push(Destination {
            label: d.label.to_string(),
            via: via.to_val(),
            target,
        });
    }

    /// The kind of a resource of the module (azapi ones by their ARM type).
    fn kind_of(&mut self, idx: ResIdx) -> Kind {
        let ty = self.m().resources[idx].type_name;
        if is_azapi_with_type(ty) {
            self.azapi_arm_type(idx)
                .as_deref()
                .map_or(Kind::Other, super::types::kind_of_arm_type)
        } else {
            super::types::kind_of_terraform_type(ty).0
        }
    }

    /// The destination resource an id value designates: followed through references
    /// (`azurerm_log_analytics_workspace.x.id`; Sentinel's
    /// `azurerm_sentinel_log_analytics_workspace_onboarding.x.workspace_id`; an event hub
    /// `azurerm_eventhub_namespace_authorization_rule.x.id` to its `namespace_name`), or, for a
    /// literal id, matched by the name in the id. `data.*` and ids of resources declared
    /// elsewhere give `None`.
    fn destination_of(&mut self, d: &DestSpec, v: &Ev, depth: u32) -> Option<ResIdx> {
        if depth > 8 {
            return None;
        }
        let Some(ResRef { res, .. }) = v.reference.as_deref() else {
            let name = destination_name_in_id(v.as_str()?, d.kind)?;
            return self.resource_named(d.kind, &name);
        };
        let res = *res;
        if self.kind_of(res) == d.kind {
            return Some(res);
        }
        let ty = self.m().resources[res].type_name;
        let next = match ty {
            "azurerm_sentinel_log_analytics_workspace_onboarding" => "workspace_id",
            "azurerm_log_analytics_solution" => "workspace_resource_id",
            "azurerm_eventhub_namespace_authorization_rule"
            | "azurerm_eventhub_authorization_rule"
                if d.kind == Kind::EventHubNamespace =>
            {
                let ns = self.ev.resource_attr_raw(res, "namespace_name");
                if let Some(ResRef { res: n, .. }) = ns.reference.as_deref() {
                    let n = *n;
                    if self.kind_of(n) == Kind::EventHubNamespace {
                        return Some(n);
                    }
                }
                let name = ns.as_str()?.to_string();
                return self.resource_named(d.kind, &name);
            }
            _ if is_azapi_with_type(ty) => "parent_id",
            _ => return None,
        };
        let v = self.ev.resource_attr_raw(res, next);
        self.destination_of(d, &v, depth + 1)
    }

    /// The resource of `kind` whose evaluated `name` is `name` (case-insensitive); azapi ones
    /// by their `name` argument too.
    fn resource_named(&mut self, kind: Kind, name: &str) -> Option<ResIdx> {
        (0..self.m().resources.len()).find(|&i| {
            self.kind_of(i) == kind
                && self
                    .ev
                    .resource_attr_raw(i, "name")
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    // ----- subnet → virtual network -------------------------------------------------------

    /// The virtual network a subnet id designates, when it is declared in this module.
    fn network_of_subnet(&mut self, subnet: &Ev) -> Option<Network> {
        let vnet = match subnet.reference.as_deref() {
            Some(ResRef { res, attr }) => {
                let ty = self.m().resources[*res].type_name;
                if ty == "azurerm_subnet" {
                    self.vnet_of_azurerm_subnet(*res)
                } else if self.is_vnet(*res) && (attr == "subnet" || attr.is_empty()) {
                    // An inline `subnet {}` block of the network (`...subnet[*].id`).
                    Some(*res)
                } else if is_azapi_with_type(ty)
                    && self.arm_type(*res).as_deref()
                        == Some("microsoft.network/virtualnetworks/subnets")
                {
                    self.vnet_of_azapi_subnet(*res)
                } else {
                    None
                }
            }
            None => match subnet.as_str().and_then(vnet_name_in_subnet_id) {
                Some(name) => self.vnet_named(&name),
                None => None,
            },
        }?;
        Some(self.network(vnet))
    }

    fn is_vnet(&mut self, idx: ResIdx) -> bool {
        self.arm_type(idx).as_deref() == Some("microsoft.network/virtualnetworks")
    }

    /// `azurerm_subnet.x.virtual_network_name`, followed directly when it reads a network's
    /// `name`, else matched by value.
    fn vnet_of_azurerm_subnet(&mut self, subnet: ResIdx) -> Option<ResIdx> {
        let name = self.ev.resource_attr_raw(subnet, "virtual_network_name");
        if let Some(ResRef { res, attr }) = name.reference.as_deref() {
            if attr == "name" && self.is_vnet(*res) {
                return Some(*res);
            }
        }
        let name = name.as_str()?.to_string();
        self.vnet_named(&name)
    }

    /// An azapi subnet's `parent_id`: a reference to the network, or its literal id.
    fn vnet_of_azapi_subnet(&mut self, subnet: ResIdx) -> Option<ResIdx> {
        let parent = self.ev.resource_attr_raw(subnet, "parent_id");
        if let Some(ResRef { res, .. }) = parent.reference.as_deref() {
            if self.is_vnet(*res) {
                return Some(*res);
            }
        }
        let id = parent.as_str()?.to_ascii_lowercase();
        let name = id
            .rsplit_once("/virtualnetworks/")?
            .1
            .split('/')
            .next()?
            .to_string();
        self.vnet_named(&name)
    }

    /// The virtual network whose evaluated `name` is `name` (Azure names compare
    /// case-insensitively).
    fn vnet_named(&mut self, name: &str) -> Option<ResIdx> {
        (0..self.m().resources.len()).find(|&i| {
            self.is_vnet(i)
                && self
                    .ev
                    .resource_attr_raw(i, "name")
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    fn network(&mut self, vnet: ResIdx) -> Network {
        self.located(vnet, "")
    }

    /// A resource found for a reference, with its location and a provenance step: "location of
    /// {address}", or with a noun "location of {noun} '{address}'".
    fn located(&mut self, vnet: ResIdx, noun: &str) -> Network {
        let r = &self.m().resources[vnet];
        let address = r.address.clone();
        let decl = Loc {
            file: r.file,
            range: r
                .block
                .labels_range()
                .unwrap_or_else(|| r.block.header_range()),
        };
        let azapi = is_azapi_with_type(r.type_name);
        let raw = self.ev.resource_attr_raw(vnet, "location");
        let mut location = if azapi && r.block.body.attribute("location").is_none() {
            let props = self.props(vnet);
            let body = azapi_body(&props);
            azapi_location(&props, body.as_ref()).unwrap_or_else(|| raw.to_val())
        } else {
            raw.to_val()
        };
        let step_loc = location.loc.unwrap_or(decl);
        location.origin.insert(
            0,
            Origin {
                loc: step_loc,
                note: if noun.is_empty() {
                    format!("location of {address}")
                } else {
                    format!("location of {noun} '{address}'")
                },
            },
        );
        Network {
            name: address,
            decl,
            location,
        }
    }
}

/// The body of an azapi resource as a value: an object (HCL object or `jsonencode({...})`), or
/// a JSON string (azapi 1.x, heredoc) decoded.
fn azapi_body(props: &Ev) -> Option<Ev> {
    let body = props.get("body")?;
    match body.as_str() {
        Some(s) => eval::decode_json(s, body),
        None => Some(body.clone()),
    }
}

/// `body.location`, else the resource's own `location` argument.
fn azapi_location(props: &Ev, body: Option<&Ev>) -> Option<Val> {
    body.and_then(|b| b.get("location"))
        .or_else(|| props.get("location"))
        .map(Ev::to_val)
}

/// Follows map keys.
fn path<'e>(v: &'e Ev, keys: &[&str]) -> Option<&'e Ev> {
    keys.iter().try_fold(v, |v, k| v.get(k))
}

/// How one destination argument of a log export is resolved.
pub(crate) struct DestSpec {
    /// The azurerm argument (`log_analytics_workspace_id`).
    pub tf_argument: &'static str,
    /// The ARM property (azapi `body.properties.workspaceId`).
    pub arm_property: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// For the provenance step: "location of {noun} 'x'".
    pub noun: &'static str,
}

/// The destinations of an Entra log export, in the order they are reported.
pub(crate) const DESTINATIONS: [DestSpec; 3] = [
    DestSpec {
        tf_argument: "log_analytics_workspace_id",
        arm_property: "workspaceId",
        label: "Log Analytics workspace",
        kind: Kind::LogAnalyticsWorkspace,
        noun: "workspace",
    },
    DestSpec {
        tf_argument: "storage_account_id",
        arm_property: "storageAccountId",
        label: "storage account",
        kind: Kind::StorageAccount,
        noun: "storage account",
    },
    DestSpec {
        tf_argument: "eventhub_authorization_rule_id",
        arm_property: "eventHubAuthorizationRuleId",
        label: "event hub namespace",
        kind: Kind::EventHubNamespace,
        noun: "event hub namespace",
    },
];

/// The name of the destination of `kind` in a resource id: `{ws}` in
/// `…/Microsoft.OperationalInsights/workspaces/{ws}`, `{sa}` in
/// `…/Microsoft.Storage/storageAccounts/{sa}`, `{ns}` in
/// `…/Microsoft.EventHub/namespaces/{ns}/authorizationRules/{rule}`.
pub(crate) fn destination_name_in_id(id: &str, kind: Kind) -> Option<String> {
    let seg = match kind {
        Kind::LogAnalyticsWorkspace => "/microsoft.operationalinsights/workspaces/",
        Kind::StorageAccount => "/microsoft.storage/storageaccounts/",
        Kind::EventHubNamespace => "/microsoft.eventhub/namespaces/",
        _ => return None,
    };
    let lower = id.to_ascii_lowercase();
    let start = lower.rfind(seg)? + seg.len();
    let name = id[start..].split('/').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// `{vnet}` in `/subscriptions/.../providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{sn}`.
fn vnet_name_in_subnet_id(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let start = lower.find("/virtualnetworks/")? + "/virtualnetworks/".len();
    let rest = &id[start..];
    let end = rest.find('/')?;
    if !lower[start + end..].starts_with("/subnets/") {
        return None;
    }
    Some(rest[..end].to_string())
}

#[cfg(test)]
mod tests;
