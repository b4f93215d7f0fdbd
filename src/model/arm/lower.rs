//! From the evaluator to the model: one [`Resource`] per declared resource, with the
//! locations, country codes and Domain Services replica sets the rules judge, and the
//! destinations of Entra log exports (`microsoft.aadiam/diagnosticSettings`).

use crate::model::{
    Destination, FileId, Kind, Loc, Lowered, Network, Project, Replica, Resource, Val, ValKind,
};
use crate::syntax::json;

use super::eval::{Env, Ev, JsonRef};
use super::expr::{self, str_form, Expr, StrForm};
use super::functions::parse_resource_ref;
use super::template::{Ctx, ResId};

/// See [`crate::model::arm::lower`].
pub(crate) fn lower(project: &Project, template: FileId, params: Option<FileId>) -> Lowered {
    let mut out = Lowered::default();
    let Some(tfile) = project.files.get(template) else {
        return out;
    };
    let parsed = json::parse(&tfile.text);
    out.syntax_errors
        .extend(parsed.errors.iter().cloned().map(|e| (template, e)));
    let params_parsed =
        params.and_then(|p| project.files.get(p).map(|f| (p, json::parse(&f.text))));
    if let Some((p, pp)) = &params_parsed {
        out.syntax_errors
            .extend(pp.errors.iter().cloned().map(|e| (*p, e)));
    }
    let Some(root) = parsed.value.as_ref().filter(|v| v.is_object()) else {
        return out;
    };
    let param_values = params_parsed.as_ref().and_then(|(p, pp)| {
        let values = pp.value.as_ref()?.get("parameters")?;
        values.is_object().then_some((*p, values))
    });
    let ctx = Ctx::new(project, template, root, param_values);
    out.resources = (0..ctx.resources.len())
        .filter(|&r| !ctx.resources[r].existing)
        .map(|r| ctx.lower_resource(r))
        .collect();
    out
}

/// A position while walking into a resource: the value there, and the place the rules should
/// point at (the node itself while inside the resource's own JSON, else the expression that
/// led out of it).
struct Cursor<'a> {
    ev: Ev<'a>,
    at: Loc,
    /// Still inside the resource's own JSON (not reached through a parameter or variable).
    own: bool,
}

impl<'a> Ctx<'a> {
    fn lower_resource(&self, id: ResId) -> Resource {
        let r = &self.resources[id];
        let file = self.scopes[r.scope].file;
        let decl = self.loc(file, r.type_node.range);
        let location = r.node.get("location").map(|n| {
            let ev = self.eval_node(r.scope, file, n);
            self.force(ev, Some(self.loc(file, n.range)))
        });
        let country_code = match r.kind {
            Kind::B2cTenant | Kind::CiamTenant => self
                .walk(id, &["properties", "createTenantProperties", "countryCode"])
                .map(|c| self.force(c.ev, Some(c.at))),
            _ => None,
        };
        let props = match r.kind {
            Kind::Other => Val::new(ValKind::Null, Some(decl)),
            _ => self.force(Ev::Json(self.own_json(id)), None),
        };
        let replicas = match r.kind {
            Kind::DomainServices => self.replicas(id),
            _ => Vec::new(),
        };
        let destinations = match r.kind {
            Kind::AadDiagnosticSetting => self.destinations(id),
            _ => Vec::new(),
        };
        Resource {
            kind: r.kind,
            type_name: r.type_written.to_string(),
            arm_type: Some(r.arm_type.clone()),
            name: self.res_display(id),
            decl,
            name_ranges: r
                .node
                .get("name")
                .map(|n| self.loc(file, n.range))
                .into_iter()
                .collect(),
            location,
            country_code,
            replicas,
            destinations,
            props,
        }
    }

    fn own_json(&self, id: ResId) -> JsonRef<'a> {
        let r = &self.resources[id];
        JsonRef {
            scope: r.scope,
            file: self.scopes[r.scope].file,
            node: r.node,
            origin: Vec::new(),
            owner: None,
        }
    }

    fn env(&self, id: ResId, at: Loc) -> Env {
        let r = &self.resources[id];
        Env { scope: r.scope, at }
    }

    /// Walks a path of keys from the resource object; `None` when a property is absent.
    fn walk(&self, id: ResId, path: &[&str]) -> Option<Cursor<'a>> {
        let r = &self.resources[id];
        let file = self.scopes[r.scope].file;
        let mut cur = Cursor {
            ev: Ev::Json(self.own_json(id)),
            at: self.loc(file, r.node.range),
            own: true,
        };
        for key in path {
            cur = self.step(id, cur, key)?;
        }
        Some(cur)
    }

    fn step(&self, id: ResId, cur: Cursor<'a>, key: &str) -> Option<Cursor<'a>> {
        match cur.ev {
            Ev::Json(j) if cur.own => {
                let Some(m) = j.node.member(key) else {
                    // Maybe a property `copy` loop makes it.
                    let ev = self.member(Ev::Json(j), key, self.env(id, cur.at))?;
                    return Some(Cursor {
                        ev,
                        at: cur.at,
                        own: false,
                    });
                };
                let at = self.loc(j.file, m.value.range);
                let ev = self.json_child(&j, &m.value, Some(key));
                let own = matches!(ev, Ev::Json(ref c) if c.origin.is_empty());
                Some(Cursor { ev, at, own })
            }
            ev => {
                let ev = self.member(ev, key, self.env(id, cur.at))?;
                Some(Cursor {
                    ev,
                    at: cur.at,
                    own: false,
                })
            }
        }
    }

    /// The elements of an array at a cursor, or the unknown value it is.
    fn elements(&self, cur: Cursor<'a>) -> Result<Vec<Cursor<'a>>, Val> {
        match cur.ev {
            Ev::Json(j) if j.node.is_array() => Ok(j
                .node
                .items()
                .iter()
                .map(|item| {
                    let ev = self.json_child(&j, item, None);
                    let own = cur.own && matches!(ev, Ev::Json(ref c) if c.origin.is_empty());
                    let at = if cur.own {
                        self.loc(j.file, item.range)
                    } else {
                        cur.at
                    };
                    Cursor { ev, at, own }
                })
                .collect()),
            ev => {
                let v = self.force(ev, Some(cur.at));
                match v.kind {
                    ValKind::List(items) => Ok(items
                        .into_iter()
                        .map(|item| Cursor {
                            ev: Ev::V(item),
                            at: cur.at,
                            own: false,
                        })
                        .collect()),
                    ValKind::Null => Ok(Vec::new()),
                    ValKind::Unknown(_) => Err(v),
                    _ => Err(Val::unknown("replicaSets is not an array", Some(cur.at))),
                }
            }
        }
    }

    /// Domain Services: `properties.replicaSets[]` (2020-01-01 and later) and
    /// `properties.subnetId` (2017 API versions).
    fn replicas(&self, id: ResId) -> Vec<Replica> {
        let mut out = Vec::new();
        if let Some(sets) = self.walk(id, &["properties", "replicaSets"]) {
            match self.elements(sets) {
                Ok(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        let location = self.field(id, &item, "location");
                        let subnet = self.step(id, self.clone_cursor(&item), "subnetId");
                        let (subnet, network) = self.subnet(id, subnet);
                        out.push(Replica {
                            label: format!("replica set {}", i + 1),
                            location,
                            subnet,
                            network,
                        });
                    }
                }
                Err(unknown) => out.push(Replica {
                    label: "replica sets".into(),
                    location: Some(unknown),
                    subnet: None,
                    network: None,
                }),
            }
        }
        if let Some(subnet) = self.walk(id, &["properties", "subnetId"]) {
            let (subnet, network) = self.subnet(id, Some(subnet));
            out.push(Replica {
                label: "subnet".into(),
                location: None,
                subnet,
                network,
            });
        }
        out
    }

    fn clone_cursor(&self, c: &Cursor<'a>) -> Cursor<'a> {
        Cursor {
            ev: c.ev.clone(),
            at: c.at,
            own: c.own,
        }
    }

    /// A member of the object at a cursor, forced; `None` when absent.
    fn field(&self, id: ResId, cur: &Cursor<'a>, key: &str) -> Option<Val> {
        let c = self.step(id, self.clone_cursor(cur), key)?;
        Some(self.force(c.ev, Some(c.at)))
    }

    /// The subnet id value, and the virtual network it names when that network is declared
    /// in the template.
    fn subnet(&self, id: ResId, cur: Option<Cursor<'a>>) -> (Option<Val>, Option<Network>) {
        let Some(cur) = cur else {
            return (None, None);
        };
        let vnet = cur.ev.text_with_holes().and_then(|t| vnet_name(&t));
        let network = vnet.and_then(|name| self.network(id, &name));
        (Some(self.force(cur.ev, Some(cur.at))), network)
    }

    /// The `Microsoft.Network/virtualNetworks` resource named `name`: declared ones before
    /// `existing` ones, the resource's own template before others.
    fn network(&self, from: ResId, name: &str) -> Option<Network> {
        let scope = self.resources[from].scope;
        let candidates: Vec<ResId> = self
            .by_proximity(scope)
            .filter(|&r| self.resources[r].kind == Kind::VirtualNetwork)
            .filter(|&r| {
                self.res_name_text(r)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .collect();
        let vnet = candidates
            .iter()
            .copied()
            .find(|&r| !self.resources[r].existing)
            .or_else(|| candidates.first().copied())?;
        Some(self.target(vnet, "virtual network"))
    }

    /// A resource found for a reference, with its location and a provenance step
    /// "location of {noun} '{name}'".
    fn target(&self, res: ResId, noun: &str) -> Network {
        let r = &self.resources[res];
        let file = self.scopes[r.scope].file;
        let decl = self.loc(file, r.type_node.range);
        let display = self.res_display(res);
        let location = r.node.get("location").filter(|_| !r.existing).map(|node| {
            let at = self.loc(file, node.range);
            let ev = self.eval_node(r.scope, file, node);
            (at, self.force(ev, Some(at)))
        });
        Network::referenced(noun, display, decl, location, r.existing)
    }

    // ----- log export → destination --------------------------------------------------------

    /// `microsoft.aadiam/diagnosticSettings`: one destination per id property present
    /// (`workspaceId`, `storageAccountId`, `eventHubAuthorizationRuleId`), with the resource it
    /// designates when that resource is declared in the template.
    fn destinations(&self, id: ResId) -> Vec<Destination> {
        let mut out = Vec::new();
        for d in &DESTINATIONS {
            let Some(cur) = self.walk(id, &["properties", d.property]) else {
                continue;
            };
            let target = self
                .destination_of(id, &cur.ev, d)
                .or_else(|| self.destination_by_call(id, d, cur.at))
                .map(|r| self.target(r, d.noun));
            let via = self.force(cur.ev, Some(cur.at));
            if matches!(via.kind, ValKind::Null) {
                continue;
            }
            out.push(Destination {
                label: d.label.to_string(),
                via,
                target,
            });
        }
        out
    }

    /// The resource of kind `d.kind` an id value designates: a resource returned by
    /// `reference()`, a symbolic name (languageVersion 2.0), or an id (`resourceId(...)`, a
    /// literal) whose name is that of a resource of the template.
    fn destination_of(&self, from: ResId, ev: &Ev<'a>, d: &DestSpec) -> Option<ResId> {
        let scope = self.resources[from].scope;
        let text = match ev {
            Ev::Res { res, .. } if self.resources[*res].kind == d.kind => return Some(*res),
            Ev::Res { res, .. } => {
                let r = &self.resources[*res];
                let at = self.loc(self.scopes[r.scope].file, r.type_node.range);
                self.resource_id(*res, at).text_with_holes()?
            }
            other => other.text_with_holes()?,
        };
        if !text.contains('/') && !text.contains('\0') {
            if let Some(r) = self.by_proximity(scope).find(|&r| {
                self.resources[r].kind == d.kind
                    && self.resources[r].symbolic == Some(text.as_str())
            }) {
                return Some(r);
            }
        }
        let name = name_in_id(&text, d.id_types)?;
        let candidates: Vec<ResId> = self
            .by_proximity(scope)
            .filter(|&r| self.resources[r].kind == d.kind)
            .filter(|&r| {
                self.res_name_text(r)
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
            })
            .collect();
        candidates
            .iter()
            .copied()
            .find(|&r| !self.resources[r].existing)
            .or_else(|| candidates.first().copied())
    }
}

impl<'a> Ctx<'a> {
    /// `[resourceInfo('law').id]`, `[reference('sa', '…', 'full').resourceId]`: properties the
    /// evaluator leaves unknown, whose resource is the function's first argument.
    fn destination_by_call(&self, id: ResId, d: &DestSpec, at: Loc) -> Option<ResId> {
        let r = &self.resources[id];
        let text = r.node.path(&["properties", d.property])?.as_str()?;
        let StrForm::Expression(src) = str_form(text) else {
            return None;
        };
        let Ok(Expr::Prop(base, _)) = expr::parse(src) else {
            return None;
        };
        let Expr::Call { name, args } = *base else {
            return None;
        };
        if !name.eq_ignore_ascii_case("resourceinfo") && !name.eq_ignore_ascii_case("reference") {
            return None;
        }
        let target = self.eval(args.first()?, self.env(id, at));
        let res = self.find_target(&target, r.scope).ok()?;
        (self.resources[res].kind == d.kind).then_some(res)
    }
}

/// How one destination property of a log export is resolved.
struct DestSpec {
    property: &'static str,
    label: &'static str,
    kind: Kind,
    /// For the provenance step: "location of {noun} 'x'".
    noun: &'static str,
    /// Lower-cased id types whose first name is the destination's name.
    id_types: &'static [&'static str],
}

const DESTINATIONS: [DestSpec; 3] = [
    DestSpec {
        property: "workspaceId",
        label: "Log Analytics workspace",
        kind: Kind::LogAnalyticsWorkspace,
        noun: "workspace",
        id_types: &["microsoft.operationalinsights/workspaces"],
    },
    DestSpec {
        property: "storageAccountId",
        label: "storage account",
        kind: Kind::StorageAccount,
        noun: "storage account",
        id_types: &["microsoft.storage/storageaccounts"],
    },
    DestSpec {
        property: "eventHubAuthorizationRuleId",
        label: "event hub namespace",
        kind: Kind::EventHubNamespace,
        noun: "event hub namespace",
        id_types: &["microsoft.eventhub/namespaces"],
    },
];

/// The first name of an id of one of `types` (`…/providers/Microsoft.EventHub/namespaces/{ns}/
/// authorizationRules/{rule}` gives `ns` for `microsoft.eventhub/namespaces`), if that part of
/// the id is known (`\0` marks unknown pieces).
fn name_in_id(id: &str, types: &[&str]) -> Option<String> {
    if let Some((Some(ty), names)) = parse_resource_ref(id) {
        if types.iter().any(|t| ty.starts_with(t)) {
            return (!names[0].contains('\0')).then(|| names[0].clone());
        }
    }
    // Not a clean id (a hole in the provider part): look for the segment itself.
    let lower = id.to_ascii_lowercase();
    types.iter().find_map(|t| {
        let seg = format!("/{}/", t.rsplit('/').next()?);
        let i = lower.find(&seg)? + seg.len();
        let name = id[i..].split('/').next()?;
        (!name.is_empty() && !name.contains('\0')).then(|| name.to_string())
    })
}

/// The virtual network named by a subnet id (`…/virtualNetworks/{vnet}/subnets/{subnet}`),
/// if that part of the id is known (`\0` marks unknown pieces).
pub(crate) fn vnet_name(id: &str) -> Option<String> {
    if let Some((Some(ty), names)) = parse_resource_ref(id) {
        if ty.starts_with("microsoft.network/virtualnetworks") && !names[0].contains('\0') {
            return Some(names[0].clone());
        }
    }
    // Not a clean id (a hole in the provider part): look for the segment itself.
    let lower = id.to_ascii_lowercase();
    let i = lower.find("/virtualnetworks/")? + "/virtualnetworks/".len();
    let name = id[i..].split('/').next()?;
    (!name.is_empty() && !name.contains('\0')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vnet_names_from_ids() {
        assert_eq!(
            vnet_name("/subscriptions/\0/resourceGroups/\0/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sn"),
            Some("vnet".into())
        );
        assert_eq!(
            vnet_name(
                "/subscriptions/x/resourceGroups/y/providers/\0/virtualNetworks/v1/subnets/sn"
            ),
            Some("v1".into())
        );
        assert_eq!(
            vnet_name("/providers/Microsoft.Network/virtualNetworks/\0/subnets/sn"),
            None
        );
        assert_eq!(vnet_name("\0"), None);
        assert_eq!(vnet_name("subnet"), None);
    }
}
