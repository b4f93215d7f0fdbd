//! Where an identity resource's data lives, as rules judge it: every location that decides it
//! (the resource's, each replica set's, each subnet's virtual network, each log destination),
//! judged against the region catalog, with the provenance to show and the edit that fixes it.

use crate::config::Config;
use crate::model::{Kind, Loc, Resource, Val};
use crate::regions::{self, Region};

/// A location value of an identity resource, and what it is the location of.
pub struct Placement<'a> {
    /// "managed domain", "replica set 2", "virtual network `vnet`".
    pub what: String,
    pub val: &'a Val,
    /// The value is a tenant data residency location, not an ARM region.
    pub tenant: bool,
    /// The virtual network this location belongs to, when it is one.
    pub network: Option<&'a crate::model::Network>,
    /// The subnet property that led to the network.
    pub via: Option<&'a Val>,
    /// The replica set (index into [`Resource::replicas`]) this is the location or the network
    /// of; `None` for the resource's own location and for log destinations.
    pub replica: Option<usize>,
}

/// Every location that decides where an identity resource's data lives.
pub fn placements(resource: &Resource) -> Vec<Placement<'_>> {
    let tenant = matches!(resource.kind, Kind::B2cTenant | Kind::CiamTenant);
    let mut out = Vec::new();
    let what = match resource.kind {
        Kind::B2cTenant => Some("B2C tenant"),
        Kind::CiamTenant => Some("External ID tenant"),
        Kind::DomainServices => Some("Domain Services managed domain"),
        Kind::DomainServicesReplicaSet => Some("Domain Services replica set"),
        _ => None,
    };
    if let (Some(val), Some(what)) = (&resource.location, what) {
        out.push(Placement {
            what: what.to_string(),
            val,
            tenant,
            network: None,
            via: None,
            replica: None,
        });
    }
    for (i, replica) in resource.replicas.iter().enumerate() {
        if let Some(val) = &replica.location {
            out.push(Placement {
                what: replica.label.clone(),
                val,
                tenant: false,
                network: None,
                via: None,
                replica: Some(i),
            });
        }
        if let Some(network) = &replica.network {
            out.push(Placement {
                what: format!(
                    "virtual network `{}` of {}",
                    network.name,
                    with_article(&replica.label)
                ),
                val: &network.location,
                tenant: false,
                network: Some(network),
                via: replica.subnet.as_ref(),
                replica: Some(i),
            });
        }
    }
    for destination in &resource.destinations {
        if let Some(target) = &destination.target {
            out.push(Placement {
                what: format!("{} `{}` receiving the logs", destination.label, target.name),
                val: &target.location,
                tenant: false,
                network: Some(target),
                via: Some(&destination.via),
                replica: None,
            });
        }
    }
    out
}

/// A block or list of blocks as a list: Terraform gives one block as a map and repeated blocks
/// as a list of maps.
pub fn each(val: Option<&Val>) -> Vec<&Val> {
    match val {
        None => Vec::new(),
        Some(v) => match &v.kind {
            crate::model::ValKind::List(items) => items.iter().collect(),
            _ => vec![v],
        },
    }
}

/// "replica set 2" stays, "initial replica set" becomes "the initial replica set".
pub fn with_article(label: &str) -> String {
    if label.ends_with(|c: char| c.is_ascii_digit()) {
        label.to_string()
    } else {
        format!("the {label}")
    }
}

/// A location value judged against the catalog.
pub enum Judged<'a> {
    /// An ARM region (or logical location) from the catalog.
    Region(&'a Region),
    /// A tenant data residency location (`Europe`, `United States`...).
    Tenant(&'static str),
    /// A string that is no location of the expected vocabulary.
    NotALocation(&'a str),
    /// Not provable statically.
    Unknown,
}

pub fn judge<'a>(placement: &Placement<'a>) -> Judged<'a> {
    let Some(text) = placement.val.as_str() else {
        return Judged::Unknown;
    };
    if placement.tenant {
        match regions::tenant_location(text) {
            Some(t) => Judged::Tenant(t),
            None => Judged::NotALocation(text),
        }
    } else {
        match regions::catalog().lookup(text) {
            Some(r) => Judged::Region(r),
            None => Judged::NotALocation(text),
        }
    }
}

/// Related information for a value: each step of its provenance.
pub fn provenance(val: &Val) -> Vec<(Loc, String)> {
    // In data-flow order: where the value is first written, then each step it flows through.
    val.origin
        .iter()
        .rev()
        .map(|o| (o.loc, o.note.clone()))
        .collect()
}

/// Where a finding about `val` is shown: the value's expression, else the declaration.
pub fn anchor(val: &Val, resource: &Resource) -> Loc {
    val.loc.unwrap_or(resource.decl)
}

/// An edit replacing the literal a value was copied from, when there is one.
pub fn rewrite_literal(val: &Val, replacement: &str) -> Option<Vec<(Loc, String)>> {
    val.literal.map(|loc| vec![(loc, replacement.to_string())])
}

/// The region a fix moves a resource to, written the way the original was: display-name style
/// ("West Europe") when the original had spaces or capitals, programmatic name otherwise.
/// It is the `preferred_region` when that is inside the active boundary, else the first
/// allowed region of a custom boundary, else `westeurope` when inside; `None` when no region
/// is known to be inside (then there is no fix).
pub fn fix_region(config: &Config, original: &str) -> Option<String> {
    let catalog = regions::catalog();
    let inside = |name: &str| {
        catalog
            .lookup(name)
            .filter(|r| r.is_physical() && config.boundary.contains(r))
    };
    let region = inside(&config.preferred_region)
        .or_else(|| match &config.boundary {
            regions::Boundary::Custom(allowed) => allowed.iter().find_map(|a| inside(a)),
            _ => None,
        })
        .or_else(|| inside("westeurope"))?;
    let display = original.contains(' ') || original.chars().any(|c| c.is_ascii_uppercase());
    Some(if display {
        region.display_name.clone()
    } else {
        region.name.clone()
    })
}

/// The chain of a value for messages, in data-flow order: `parameter `location` default →
/// `westus``; for a value not proven, why, then the steps it came through.
pub fn chain(val: &Val) -> String {
    use crate::model::ValKind;
    let steps: Vec<&str> = val.origin.iter().rev().map(|o| o.note.as_str()).collect();
    let value = match &val.kind {
        ValKind::Unknown(reason) => reason.clone(),
        ValKind::Str(s) => format!("`{s}`"),
        // What stands where a region name should: said plainly, since the fix differs (a
        // null is a missing value; the others are the wrong value).
        ValKind::Null => "null, no region is given".to_string(),
        ValKind::Num(n) => format!("the number {n}, not a region name"),
        ValKind::Bool(b) => format!("`{b}`, not a region name"),
        ValKind::List(_) => "a list, not a region name".to_string(),
        ValKind::Map(_) => "an object, not a region name".to_string(),
    };
    match (&val.kind, steps.is_empty()) {
        (_, true) => value,
        (ValKind::Unknown(_), false) => format!("{value} (through {})", steps.join(" → ")),
        (_, false) => format!("{} → {value}", steps.join(" → ")),
    }
}

/// A value that decides where an identity resource's data lives and that cannot be proven:
/// what EU090 reports, one finding each.
pub struct Unproven {
    /// Which part of the resource: "replica set 2's location", "destination 2 of 2 (storage
    /// account)".
    pub part: String,
    /// Where the finding is shown: the value itself, else what led to it.
    pub loc: Loc,
    /// Why, as a chain: "`skip()` is not evaluated (through parameter `regions` default)".
    pub why: String,
    pub related: Vec<(Loc, String)>,
}

/// Every value of `resource` that decides where its data lives and is not proven, each judged
/// on its own: the resource's location, each replica set's location and its subnet's virtual
/// network, each log destination, and (under the EU Data Boundary) a tenant's country code.
/// A value that resolves is left to the rules that judge it (EU010, EU040, EU091, EU001...).
pub fn unproven(resource: &Resource, config: &Config) -> Vec<Unproven> {
    let mut out = Vec::new();
    let unknown = |val: &Val| val.as_str().is_none();
    let mut push = |part: String, val: &Val, at: Option<Loc>, extra: Vec<(Loc, String)>| {
        let mut related = extra;
        related.extend(provenance(val));
        out.push(Unproven {
            part,
            loc: val.loc.or(at).unwrap_or(resource.decl),
            why: chain(val),
            related,
        });
    };
    let own = match resource.kind {
        Kind::B2cTenant | Kind::CiamTenant => "the tenant's data residency location",
        Kind::DomainServices => "the managed domain's location",
        Kind::DomainServicesReplicaSet => "the replica set's location",
        _ => "",
    };
    if let Some(val) = resource.location.as_ref().filter(|v| unknown(v)) {
        if !own.is_empty() {
            push(own.to_string(), val, None, Vec::new());
        }
    }
    // A tenant's country code decides only whether its data stays in the EU Data Boundary,
    // and only when the tenant is (or may be) in `Europe` (EU002).
    if config.boundary == regions::Boundary::EuDataBoundary {
        let outside_europe = placements(resource)
            .iter()
            .filter(|p| p.tenant)
            .any(|p| matches!(judge(p), Judged::Tenant(t) if t != "Europe"));
        if let Some(val) = resource.country_code.as_ref().filter(|v| unknown(v)) {
            if !outside_europe {
                push("the tenant's country code".into(), val, None, Vec::new());
            }
        }
    }
    // Domain Services deploys a managed domain's first replica set in the region selected for
    // the managed domain: "two domain controllers (DCs) are then deployed into your selected
    // Azure region. This deployment of DCs is known as a replica set" (MicrosoftDocs/entra-docs
    // `docs/identity/domain-services/concepts-replica-sets.md`). So when a managed domain has
    // one replica set (or the 2017 API's one subnet), a known location of the managed domain
    // proves where that replica set and its network are, and the other rules judge it there.
    // With more than one, which was the first is not written, so each is judged on its own.
    // A replica set location unknown for the same reason, by the same provenance, as the
    // managed domain's own unknown location is the same value.
    let own_unknown = resource
        .location
        .as_ref()
        .filter(|v| unknown(v) && !own.is_empty());
    let same_as_own = |val: &Val| {
        own_unknown.is_some_and(|o| {
            !o.origin.is_empty() && chain(o) == chain(val) && provenance(o) == provenance(val)
        })
    };
    let mut same_value = Vec::new();
    let sole_replica_proven = resource.kind == Kind::DomainServices
        && resource.location.as_ref().is_some_and(|v| !unknown(v))
        && matches!(resource.replicas.as_slice(), [only] if only.label != "replica sets");
    for replica in resource.replicas.iter().filter(|_| !sole_replica_proven) {
        let label = &replica.label;
        if let Some(val) = replica.location.as_ref().filter(|v| unknown(v)) {
            let part = if label == "replica sets" {
                "the list of replica sets".to_string()
            } else {
                format!("{label}'s location")
            };
            if same_as_own(val) {
                // The replica set is written `location: location`, as the managed domain is:
                // one decision, one finding (on the managed domain), which names this place.
                if let Some(at) = val.loc {
                    same_value.push((at, format!("{part} takes the same value")));
                }
            } else {
                push(part, val, None, Vec::new());
            }
        }
        if label == "replica sets" {
            continue;
        }
        // The data lives where the subnet's virtual network is. When the project does not
        // declare that network, or does not say where it is, the replica set's own location
        // (ARM `replicaSets[].location`, "Virtual network location") decides: azure-facts.md
        // §1.3, "find the `Microsoft.Network/virtualNetworks` resource ... and take its
        // `location`; fall back to `replicaSets[].location`". Terraform's `initial_replica_set`
        // has no location of its own: the provider sends the resource's `location` as its
        // replica set location (azure-facts.md §1.3, "on create `ReplicaSets = [{ Location:
        // normalize(location), SubnetId: initial_replica_set.0.subnet_id }]`"). The 2017
        // `subnetId` has none: there the network alone decides.
        // Where such a location stands for the network, the network adds no finding: known, it
        // is judged by the other rules; unknown, it has its own EU090 above.
        let terraform_initial = replica.location.is_none() && label == "initial replica set";
        if replica.location.is_some() || (terraform_initial && resource.location.is_some()) {
            continue;
        }
        match (&replica.network, &replica.subnet) {
            (Some(network), via) if unknown(&network.location) => {
                let mut extra = vec![(
                    network.decl,
                    format!("virtual network `{}` is declared here", network.name),
                )];
                if let Some(at) = via.as_ref().and_then(|v| v.loc) {
                    extra.push((at, format!("the subnet of {}", with_article(label))));
                }
                push(
                    format!(
                        "the region of virtual network `{}` ({})",
                        network.name,
                        with_article(label)
                    ),
                    &network.location,
                    via.as_ref().and_then(|v| v.loc),
                    extra,
                );
            }
            (None, Some(subnet)) => {
                let mut val = subnet.clone();
                if !unknown(subnet) {
                    // A subnet id naming a network the project does not declare.
                    val.kind = crate::model::ValKind::Unknown(format!(
                        "the virtual network of subnet `{}` is not declared in the project",
                        subnet.as_str().unwrap_or_default()
                    ));
                }
                push(
                    format!("the virtual network of {}", with_article(label)),
                    &val,
                    None,
                    Vec::new(),
                );
            }
            _ => {}
        }
    }
    let n = resource.destinations.len();
    for (i, destination) in resource.destinations.iter().enumerate() {
        let part = |name: Option<&str>| match name {
            Some(name) => format!(
                "destination {} of {n} ({} `{name}`)",
                i + 1,
                destination.label
            ),
            None => format!("destination {} of {n} ({})", i + 1, destination.label),
        };
        match &destination.target {
            Some(target) if unknown(&target.location) => {
                let mut extra = vec![(target.decl, format!("`{}` is declared here", target.name))];
                if let Some(at) = destination.via.loc {
                    extra.push((at, "the destination of the logs".to_string()));
                }
                push(
                    part(Some(&target.name)),
                    &target.location,
                    destination.via.loc,
                    extra,
                );
            }
            Some(_) => {}
            None => {
                let mut val = destination.via.clone();
                let reason = match &destination.via.kind {
                    crate::model::ValKind::Unknown(r) => r.clone(),
                    crate::model::ValKind::Str(id) => {
                        format!("`{id}` is not declared in the project")
                    }
                    _ => "it is not declared in the project".to_string(),
                };
                val.kind = crate::model::ValKind::Unknown(reason);
                push(part(None), &val, None, Vec::new());
            }
        }
    }
    // The managed domain's own finding is the first one.
    if let Some(own) = out.first_mut().filter(|_| own_unknown.is_some()) {
        own.related.extend(same_value);
    }
    out
}
