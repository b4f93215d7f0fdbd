//! The resolve layer on its own, with a front-end made of literal bodies: what the facts
//! table reads, which resource a value designates, and how an Unknown is passed on.

use super::resources;
use crate::model::{
    Declaration, Evaluated, Kind, Loc, RawResource, Refers, Resource, ResourceId, Step, TypeRef,
    Val, ValKind,
};
use crate::syntax::TextRange;

/// A front-end whose bodies are values given in advance.
struct Fake {
    raw: Vec<RawResource>,
    bodies: Vec<Val>,
    names: Vec<Vec<String>>,
    parents: Vec<Option<Val>>,
}

impl Fake {
    fn new() -> Self {
        Fake {
            raw: Vec::new(),
            bodies: Vec::new(),
            names: Vec::new(),
            parents: Vec::new(),
        }
    }

    fn add(&mut self, type_ref: TypeRef, name: &str, body: Val) -> ResourceId {
        self.add_in(type_ref, name, body, Declaration::Managed, 0)
    }

    fn add_in(
        &mut self,
        type_ref: TypeRef,
        name: &str,
        body: Val,
        declaration: Declaration,
        scope: u32,
    ) -> ResourceId {
        let id = self.raw.len();
        self.raw.push(RawResource {
            type_ref,
            type_name: name.to_string(),
            name: name.to_string(),
            decl: at(id as u32 * 10),
            name_ranges: Vec::new(),
            declaration,
            scope,
        });
        self.bodies.push(body);
        self.names.push(vec![name.to_string()]);
        self.parents.push(None);
        id
    }
}

impl Evaluated for Fake {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        let mut v = &self.bodies[res];
        for step in path {
            v = match step {
                Step::Key(k) => v.get(k)?,
                Step::Index(i) => v.items().get(*i)?,
            };
        }
        Some(v.clone())
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        self.names[res].clone()
    }

    fn parent(&self, res: ResourceId) -> Option<Val> {
        self.parents[res].clone()
    }
}

fn at(offset: u32) -> Loc {
    Loc {
        file: 0,
        range: TextRange::new(offset as usize, offset as usize + 1),
    }
}

fn s(text: &str) -> Val {
    Val::new(ValKind::Str(text.to_string()), Some(at(1)))
}

fn map(members: &[(&str, Val)]) -> Val {
    Val::new(
        ValKind::Map(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        ),
        None,
    )
}

fn list(items: Vec<Val>) -> Val {
    Val::new(ValKind::List(items), None)
}

/// An unknown value read from resource `res`.
fn read_from(res: ResourceId) -> Val {
    let mut v = Val::unknown("known after deployment", Some(at(2)));
    v.refers = Some(Box::new(Refers {
        resources: vec![res],
        ..Refers::default()
    }));
    v
}

fn arm(t: &str) -> TypeRef {
    TypeRef::Arm(t.to_string())
}

fn named<'r>(resources: &'r [Resource], name: &str) -> &'r Resource {
    resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn domain_services(subnet: Val) -> Val {
    map(&[
        ("location", s("westeurope")),
        (
            "properties",
            map(&[(
                "replicaSets",
                list(vec![map(&[
                    ("location", s("westeurope")),
                    ("subnetId", subnet),
                ])]),
            )]),
        ),
    ])
}

#[test]
fn a_subnet_id_names_its_network_and_declared_ones_win_over_existing_ones() {
    let mut f = Fake::new();
    f.add_in(
        arm("microsoft.network/virtualnetworks"),
        "vnet",
        map(&[("location", s("westus"))]),
        Declaration::Existing,
        0,
    );
    f.add_in(
        arm("microsoft.network/virtualnetworks"),
        "vnet",
        map(&[("location", s("eastus"))]),
        Declaration::Managed,
        1,
    );
    f.add(
        arm("microsoft.aad/domainservices"),
        "aadds",
        domain_services(s(
            "/subscriptions/\0/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/VNET/subnets/aadds",
        )),
    );
    let r = resources(&f);
    let ds = named(&r, "aadds");
    assert_eq!(ds.kind, Kind::DomainServices);
    let network = ds.replicas[0].network.as_ref().expect("the network");
    assert_eq!(network.location.as_str(), Some("eastus"));
    assert_eq!(
        network.location.origin[0].note,
        "location of virtual network `vnet`"
    );
    // Existing resources are not checked; the declared network is.
    assert_eq!(r.iter().filter(|r| r.name == "vnet").count(), 1);
}

#[test]
fn a_network_of_the_same_scope_is_preferred() {
    let mut f = Fake::new();
    let body = |loc: &str| map(&[("location", s(loc))]);
    f.add_in(
        arm("microsoft.network/virtualnetworks"),
        "vnet",
        body("eastus"),
        Declaration::Managed,
        1,
    );
    f.add_in(
        arm("microsoft.network/virtualnetworks"),
        "vnet",
        body("northeurope"),
        Declaration::Managed,
        0,
    );
    f.add(
        arm("microsoft.aad/domainservices"),
        "aadds",
        domain_services(s(
            "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/x",
        )),
    );
    let r = resources(&f);
    let network = named(&r, "aadds").replicas[0].network.clone().unwrap();
    assert_eq!(network.location.as_str(), Some("northeurope"));
}

#[test]
fn a_reference_to_a_subnet_leads_to_the_network_it_names() {
    let mut f = Fake::new();
    let vnet = f.add(
        TypeRef::Terraform("azurerm_virtual_network".into()),
        "azurerm_virtual_network.v",
        map(&[("name", s("v")), ("location", s("japaneast"))]),
    );
    // `virtual_network_name = azurerm_virtual_network.v.name`.
    let mut name = s("v");
    name.refers = Some(Box::new(Refers {
        resources: vec![vnet],
        path: vec!["name".into()],
        text: None,
    }));
    let subnet = f.add(
        TypeRef::Terraform("azurerm_subnet".into()),
        "azurerm_subnet.s",
        map(&[("name", s("s")), ("virtualNetworkName", name)]),
    );
    f.add(
        TypeRef::Terraform("azurerm_active_directory_domain_service".into()),
        "azurerm_active_directory_domain_service.d",
        map(&[
            ("location", s("westeurope")),
            ("initialReplicaSet", map(&[("subnetId", read_from(subnet))])),
        ]),
    );
    let r = resources(&f);
    let ds = named(&r, "azurerm_active_directory_domain_service.d");
    assert_eq!(ds.replicas.len(), 1);
    assert_eq!(ds.replicas[0].label, "initial replica set");
    let network = ds.replicas[0].network.as_ref().expect("the network");
    assert_eq!(network.name, "azurerm_virtual_network.v");
    assert_eq!(network.location.as_str(), Some("japaneast"));
}

#[test]
fn a_nested_resource_leads_to_its_parent() {
    let mut f = Fake::new();
    let vnet = f.add(
        arm("microsoft.network/virtualnetworks"),
        "vnet",
        map(&[("location", s("brazilsouth"))]),
    );
    let subnet = f.add(
        arm("microsoft.network/virtualnetworks/subnets"),
        "vnet/aadds",
        map(&[]),
    );
    f.parents[subnet] = Some(read_from(vnet));
    f.add(
        arm("microsoft.aad/domainservices"),
        "aadds",
        domain_services(read_from(subnet)),
    );
    let r = resources(&f);
    let network = named(&r, "aadds").replicas[0].network.clone().unwrap();
    assert_eq!(network.location.as_str(), Some("brazilsouth"));
}

#[test]
fn what_cannot_be_followed_is_left_out_and_unknown_stays_unknown() {
    let mut f = Fake::new();
    f.add(
        arm("microsoft.aad/domainservices"),
        "aadds",
        map(&[
            (
                "location",
                Val::unknown("resourceGroup().location is decided at deployment", None),
            ),
            (
                "properties",
                map(&[(
                    "replicaSets",
                    Val::unknown("the parameter has no value", None),
                )]),
            ),
        ]),
    );
    let r = resources(&f);
    let ds = named(&r, "aadds");
    assert_eq!(
        ds.location.as_ref().and_then(Val::unknown_reason),
        Some("resourceGroup().location is decided at deployment")
    );
    // A list of replica sets that is not known is one unknown replica location.
    assert_eq!(ds.replicas.len(), 1);
    assert_eq!(ds.replicas[0].label, "replica sets");
    assert!(ds.replicas[0].location.as_ref().unwrap().is_unknown());
    assert!(ds.replicas[0].network.is_none());
}

#[test]
fn a_destination_of_an_existing_resource_says_why_its_location_is_unknown() {
    let mut f = Fake::new();
    let law = f.add_in(
        arm("microsoft.operationalinsights/workspaces"),
        "siem",
        map(&[]),
        Declaration::Existing,
        0,
    );
    f.add(
        arm("microsoft.aadiam/diagnosticsettings"),
        "entra",
        map(&[(
            "properties",
            map(&[("workspaceId", read_from(law)), ("storageAccountId", s(""))]),
        )]),
    );
    let r = resources(&f);
    let export = named(&r, "entra");
    assert_eq!(export.kind, Kind::LogExport);
    assert_eq!(export.logs, Some("Entra sign-in and audit logs"));
    // An empty id is no destination.
    assert_eq!(export.destinations.len(), 1);
    let target = export.destinations[0].target.as_ref().unwrap();
    assert_eq!(
        target.location.unknown_reason(),
        Some("workspace `siem` is an existing resource: its location is not in this template")
    );
}

#[test]
fn a_diagnostic_setting_is_a_log_export_only_on_a_managed_domain() {
    let mut f = Fake::new();
    let ds = f.add(
        arm("microsoft.aad/domainservices"),
        "aadds.contoso.com",
        domain_services(s("x")),
    );
    let setting = |scope: Val| {
        map(&[
            ("scope", scope),
            (
                "properties",
                map(&[(
                    "workspaceId",
                    s("/subscriptions/s/resourceGroups/g/providers/Microsoft.OperationalInsights/workspaces/law"),
                )]),
            ),
        ])
    };
    let insights = || arm("microsoft.insights/diagnosticsettings");
    f.add(insights(), "on-reference", setting(read_from(ds)));
    f.add(
        insights(),
        "on-id",
        setting(s("Microsoft.AAD/domainServices/elsewhere.contoso.com")),
    );
    f.add(
        insights(),
        "on-storage",
        setting(s("Microsoft.Storage/storageAccounts/logs")),
    );
    let r = resources(&f);
    for (name, kind) in [
        ("on-reference", Kind::LogExport),
        ("on-id", Kind::LogExport),
        ("on-storage", Kind::Other),
    ] {
        assert_eq!(named(&r, name).kind, kind, "{name}");
    }
    assert_eq!(
        named(&r, "on-id").logs,
        Some("Domain Services security audit logs")
    );
}

#[test]
fn rules_read_one_spelling_of_property_names() {
    let mut f = Fake::new();
    f.add(
        TypeRef::Pulumi("azuread:application".into()),
        "app",
        map(&[(
            "requiredResourceAccesses",
            list(vec![map(&[(
                "resourceAccesses",
                list(vec![map(&[("id", s("x"))])]),
            )])]),
        )]),
    );
    let r = resources(&f);
    let props = &named(&r, "app").props;
    let access = props.get("requiredResourceAccess").expect("renamed");
    assert!(access.items()[0].get("resourceAccess").is_some());
}
