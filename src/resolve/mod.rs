//! The resolve stage: from what a front-end evaluated to the resources the rules read.
//!
//! A front-end ([`crate::model`]) knows its format and nothing of Azure; this stage knows
//! Azure and nothing of formats. It owns:
//! - [`facts`]: one table of resource types in every format's vocabulary, with where the
//!   values that decide where data lives are written;
//! - [`links`]: which resource a value designates (subnet → virtual network, destination id →
//!   workspace, storage account or event hub, strength id → strength), once for every format;
//! - [`resources`]: the [`Resource`]s of a project, each with its locations, country code,
//!   replica sets (with the virtual network of each subnet) and destinations, and its body in
//!   one spelling of property names.
//!
//! Unknown stays Unknown: a value the front-end could not prove is passed on with its reason,
//! and a link that cannot be followed is left out, never guessed.

pub mod facts;
pub mod formats;
pub mod hosts;
pub mod links;
pub mod project;

use crate::model::{
    Declaration, Destination, Evaluated, Kind, Network, Origin, Replica, Resource, ResourceId,
    Step, Val, ValKind,
};

use self::facts::{ReplicaSpec, Shape};
use self::links::Links;

/// The resources declared in an evaluated project (not the existing ones it only refers to),
/// in document order, filled in from the facts table.
pub fn resources(src: &dyn Evaluated) -> Vec<Resource> {
    let links = Links::new(src);
    src.resources()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.declaration == Declaration::Managed)
        .map(|(id, _)| Resolver { links: &links }.resource(id))
        .collect()
}

struct Resolver<'l, 'e> {
    links: &'l Links<'e>,
}

fn keys(path: &[&'static str]) -> Vec<Step<'static>> {
    path.iter().map(|k| Step::Key(k)).collect()
}

/// A body with the property names a vocabulary spells its own way renamed to the one spelling
/// rules read.
fn canonical_names(mut v: Val, aliases: &[(&str, &str)]) -> Val {
    if aliases.is_empty() {
        return v;
    }
    v.kind = match v.kind {
        ValKind::Map(members) => ValKind::Map(
            members
                .into_iter()
                .map(|(k, v)| {
                    let k = match aliases.iter().find(|(written, _)| *written == k) {
                        Some((_, canonical)) => canonical.to_string(),
                        None => k,
                    };
                    (k, canonical_names(v, aliases))
                })
                .collect(),
        ),
        ValKind::List(items) => ValKind::List(
            items
                .into_iter()
                .map(|i| canonical_names(i, aliases))
                .collect(),
        ),
        other => other,
    };
    v
}

/// An authentication method configuration says which method it configures in its `id`; one
/// written to its method's URL (`…/authenticationMethodConfigurations/sms`) says it in its type,
/// and gets that `id`, placed at its declaration.
fn name_the_method(props: &mut Val, type_ref: &crate::model::TypeRef, decl: crate::model::Loc) {
    let ValKind::Map(members) = &mut props.kind else {
        return;
    };
    if members.iter().any(|(k, _)| k.eq_ignore_ascii_case("id")) {
        return;
    }
    if let Some(method) = facts::configured_method(type_ref) {
        members.push((
            "id".to_string(),
            Val::new(ValKind::Str(method.into_owned()), Some(decl)),
        ));
    }
}

impl Resolver<'_, '_> {
    fn src(&self) -> &dyn Evaluated {
        self.links.src
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        self.src().value(res, path)
    }

    fn resource(&self, id: ResourceId) -> Resource {
        let raw = &self.src().resources()[id];
        let facts = facts::of(&raw.type_ref);
        let kind = self.links.kind(id);
        let mut res = Resource {
            id,
            kind,
            type_name: raw.type_name.clone(),
            arm_type: facts::arm_type_of(&raw.type_ref),
            name: raw.name.clone(),
            decl: raw.decl,
            name_ranges: raw.name_ranges.clone(),
            location: None,
            country_code: None,
            replicas: Vec::new(),
            destinations: Vec::new(),
            logs: None,
            props: Val::new(ValKind::Null, Some(raw.decl)),
        };
        let Some(facts) = facts.filter(|_| kind != Kind::Other) else {
            return res;
        };
        let shape = facts.shape;
        res.logs = shape.logs;
        res.location = self.location(id, shape);
        res.country_code = shape
            .country_code
            .and_then(|path| self.value(id, &keys(path)));
        for spec in shape.replicas {
            self.replicas(id, spec, &mut res.replicas);
        }
        for spec in shape.destinations {
            let Some(via) = self.value(id, &keys(spec.path)) else {
                continue;
            };
            // `workspaceId: ''` or `null`: no destination of that kind.
            if matches!(via.kind, ValKind::Null) || via.as_str() == Some("") {
                continue;
            }
            let target = self
                .links
                .designated(id, &via, spec.kind)
                .map(|t| self.located(t, facts::noun(spec.kind)));
            res.destinations.push(Destination {
                label: facts::label(spec.kind).to_string(),
                via,
                target,
            });
        }
        let props = self
            .value(id, &[])
            .unwrap_or_else(|| Val::new(ValKind::Map(Vec::new()), Some(raw.decl)));
        res.props = canonical_names(props, shape.aliases);
        if kind == Kind::AuthenticationMethodConfiguration {
            name_the_method(&mut res.props, &raw.type_ref, raw.decl);
        }
        res
    }

    /// Where a resource's data lives: the first location its shape names that is written,
    /// else the one its format implies; `None` when its type has no location.
    fn location(&self, id: ResourceId, shape: &Shape) -> Option<Val> {
        if shape.location.is_empty() {
            return None;
        }
        shape
            .location
            .iter()
            .find_map(|path| self.value(id, &keys(path)))
            .or_else(|| self.src().implied_location(id))
    }

    fn replicas(&self, id: ResourceId, spec: &ReplicaSpec, out: &mut Vec<Replica>) {
        match spec {
            ReplicaSpec::Numbered {
                path,
                location,
                subnet,
            } => {
                let base = keys(path);
                match self.src().items(id, &base) {
                    None => {}
                    Some(Err(unknown)) => out.push(Replica {
                        label: "replica sets".into(),
                        location: Some(unknown),
                        subnet: None,
                        network: None,
                    }),
                    Some(Ok(n)) => {
                        for i in 0..n {
                            let at = |key: &'static str| {
                                let mut p = base.clone();
                                p.push(Step::Index(i));
                                p.push(Step::Key(key));
                                self.value(id, &p)
                            };
                            out.push(self.replica(
                                id,
                                format!("replica set {}", i + 1),
                                at(location),
                                at(subnet),
                            ));
                        }
                    }
                }
            }
            ReplicaSpec::Blocks {
                path,
                label,
                subnet,
            } => {
                let base = keys(path);
                let subnet_of = |mut p: Vec<Step<'static>>| {
                    p.push(Step::Key(subnet));
                    self.value(id, &p)
                };
                match self.src().items(id, &base) {
                    None => {}
                    // Written once: a map.
                    Some(Err(_)) => {
                        let s = subnet_of(base.clone());
                        out.push(self.replica(id, label.to_string(), None, s));
                    }
                    Some(Ok(n)) => {
                        for i in 0..n {
                            let mut p = base.clone();
                            p.push(Step::Index(i));
                            let s = subnet_of(p);
                            out.push(self.replica(id, label.to_string(), None, s));
                        }
                    }
                }
            }
            ReplicaSpec::Subnet { path, label } => {
                if let Some(s) = self.value(id, &keys(path)) {
                    out.push(self.replica(id, label.to_string(), None, Some(s)));
                }
            }
            ReplicaSpec::Itself { label, subnet } => {
                let s = self.value(id, &[Step::Key(subnet)]);
                out.push(self.replica(id, label.to_string(), None, s));
            }
        }
    }

    /// A replica set, with the virtual network its subnet belongs to when the project
    /// declares it.
    fn replica(
        &self,
        id: ResourceId,
        label: String,
        location: Option<Val>,
        subnet: Option<Val>,
    ) -> Replica {
        let network = subnet.as_ref().and_then(|s| {
            self.links
                .designated(id, s, Kind::VirtualNetwork)
                .map(|v| self.located(v, facts::noun(Kind::VirtualNetwork)))
        });
        Replica {
            label,
            location,
            subnet,
            network,
        }
    }

    /// A resource found through a reference, with its location and a provenance step
    /// "location of {noun} `{name}`"; Unknown saying why when no location is known.
    fn located(&self, target: ResourceId, noun: &str) -> Network {
        let raw = &self.src().resources()[target];
        let written = || {
            facts::of(&raw.type_ref)?
                .shape
                .location
                .iter()
                .find_map(|path| self.value(target, &keys(path)))
        };
        let location = match raw.declaration {
            // What an existing resource's location is, its front-end says.
            Declaration::Existing => self.src().implied_location(target),
            Declaration::Managed | Declaration::ReadAtPlan => {
                written().or_else(|| self.src().implied_location(target))
            }
        };
        let mut location = location.unwrap_or_else(|| {
            let reason = match raw.declaration {
                Declaration::Existing => format!(
                    "{noun} `{}` is an existing resource: its location is not in this template",
                    raw.name
                ),
                _ => format!("{noun} `{}` declares no location", raw.name),
            };
            Val::unknown(reason, Some(raw.decl))
        });
        let suffix = match raw.declaration {
            Declaration::ReadAtPlan => " (read at plan time)",
            _ => "",
        };
        location.origin.insert(
            0,
            Origin {
                loc: location.loc.unwrap_or(raw.decl),
                note: format!("location of {noun} `{}`{suffix}", raw.name),
            },
        );
        Network {
            name: raw.name.clone(),
            decl: raw.decl,
            location,
        }
    }
}

#[cfg(test)]
mod tests;
