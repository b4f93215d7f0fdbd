//! Link resolution, once for every format: which resource of the project a value designates.
//!
//! A value designates a resource by reference (the front-end says which resource it was read
//! from: `azurerm_subnet.x.id`, `vnet.properties.subnets[0].id`, `${vnet.id}`), or by an id or
//! name written as a string whose name part is known (`…/virtualNetworks/vnet/subnets/x`, with
//! `\0` where the subscription is unknown). A resource that is not the kind sought may lead to
//! it: a subnet to its virtual network (its parent, or the network it names), an event hub
//! authorization rule to its namespace, a Sentinel onboarding to its workspace.

use crate::model::resource_id::parse_resource_ref;
use crate::model::{Evaluated, Kind, ResourceId, Step, Val};

use super::facts;

/// Longest chain of resources followed for one value (also stops cycles).
const MAX_HOPS: u32 = 8;

/// The resources of a project, with their kinds, for link resolution.
pub struct Links<'e> {
    pub src: &'e dyn Evaluated,
    kinds: Vec<Kind>,
}

impl<'e> Links<'e> {
    pub fn new(src: &'e dyn Evaluated) -> Self {
        let facts: Vec<_> = src
            .resources()
            .iter()
            .map(|r| facts::of(&r.type_ref))
            .collect();
        // A type that matters only on some resources (a diagnostic setting on a managed
        // domain) is of its kind once the resource it is set on is known.
        let kinds = facts
            .iter()
            .map(|f| match f {
                Some(f) if f.shape.only_on.is_none() => f.kind,
                _ => Kind::Other,
            })
            .collect();
        let mut links = Links { src, kinds };
        for (res, f) in facts.iter().enumerate() {
            let Some((f, on)) = f.and_then(|f| Some((f, f.shape.only_on.as_ref()?))) else {
                continue;
            };
            let path: Vec<Step> = on.path.iter().map(|k| Step::Key(k)).collect();
            let Some(v) = src.value(res, &path) else {
                continue;
            };
            let is_on = links.designated(res, &v, on.kind).is_some()
                || facts::id_type(on.kind).is_some_and(|ty| {
                    v.as_str()
                        .or_else(|| v.refers.as_ref().and_then(|r| r.text.as_deref()))
                        .is_some_and(|text| id_of_type(text, ty))
                });
            if is_on {
                links.kinds[res] = f.kind;
            }
        }
        links
    }

    pub fn kind(&self, res: ResourceId) -> Kind {
        self.kinds[res]
    }

    /// The resource of kind `want` that `val`, written in resource `from`, designates.
    pub fn designated(&self, from: ResourceId, val: &Val, want: Kind) -> Option<ResourceId> {
        self.designated_within(from, val, want, 0)
    }

    fn designated_within(
        &self,
        from: ResourceId,
        val: &Val,
        want: Kind,
        hops: u32,
    ) -> Option<ResourceId> {
        if hops > MAX_HOPS {
            return None;
        }
        if let Some(refers) = &val.refers {
            for &r in &refers.resources {
                if self.kinds.get(r) == Some(&want) {
                    return Some(r);
                }
                if let Some(found) = self.leads_to(r, want, hops + 1) {
                    return Some(found);
                }
            }
        }
        let text = val
            .as_str()
            .or_else(|| val.refers.as_ref().and_then(|r| r.text.as_deref()))?;
        let name = name_in_id(text, facts::id_type(want)?)?;
        self.named(want, &name, from)
    }

    /// The resource of kind `want` that resource `res` leads to: through the properties its
    /// facts name, or its parent.
    fn leads_to(&self, res: ResourceId, want: Kind, hops: u32) -> Option<ResourceId> {
        if hops > MAX_HOPS {
            return None;
        }
        let raw = &self.src.resources()[res];
        if let Some(f) = facts::of(&raw.type_ref) {
            for pointer in f.shape.pointers.iter().filter(|p| p.kind == want) {
                let path: Vec<Step> = pointer.path.iter().map(|k| Step::Key(k)).collect();
                let Some(v) = self.src.value(res, &path) else {
                    continue;
                };
                let found = if pointer.by_name {
                    self.by_reference_or_name(res, &v, want, hops)
                } else {
                    self.designated_within(res, &v, want, hops + 1)
                };
                if found.is_some() {
                    return found;
                }
            }
        }
        let parent = self.src.parent(res)?;
        self.designated_within(res, &parent, want, hops + 1)
    }

    /// A property that holds a name: read from the resource sought (`azurerm_virtual_network.x
    /// .name`), or a name to look up.
    fn by_reference_or_name(
        &self,
        from: ResourceId,
        v: &Val,
        want: Kind,
        hops: u32,
    ) -> Option<ResourceId> {
        if let Some(refers) = &v.refers {
            if let Some(&r) = refers.resources.iter().find(|&&r| self.kinds[r] == want) {
                return Some(r);
            }
            if let Some(found) = refers
                .resources
                .iter()
                .find_map(|&r| self.leads_to(r, want, hops + 1))
            {
                return Some(found);
            }
        }
        self.named(want, v.as_str()?, from)
    }

    /// The resource of kind `want` named `name` (Azure names compare case-insensitively):
    /// declared ones before existing ones, those of `from`'s scope first.
    pub fn named(&self, want: Kind, name: &str, from: ResourceId) -> Option<ResourceId> {
        let resources = self.src.resources();
        let scope = resources.get(from).map(|r| r.scope);
        (0..resources.len())
            .filter(|&r| self.kinds[r] == want)
            .filter(|&r| self.names(r).iter().any(|n| n.eq_ignore_ascii_case(name)))
            .min_by_key(|&r| {
                (
                    resources[r].declaration == crate::model::Declaration::Existing,
                    Some(resources[r].scope) != scope,
                )
            })
    }

    /// The names resource `res` is known by.
    pub fn names(&self, res: ResourceId) -> Vec<String> {
        let mut names = self.src.names(res);
        if let Some(f) = facts::of(&self.src.resources()[res].type_ref) {
            for path in f.shape.names {
                let path: Vec<Step> = path.iter().map(|k| Step::Key(k)).collect();
                if let Some(n) = self
                    .src
                    .value(res, &path)
                    .and_then(|v| v.as_str().map(str::to_string))
                {
                    names.push(n);
                }
            }
        }
        names
    }
}

/// Whether an id is the id of a resource of ARM type `arm_type` (lower-cased), whatever its
/// name (`/subscriptions/…/providers/Microsoft.AAD/domainServices/{name}`).
fn id_of_type(id: &str, arm_type: &str) -> bool {
    match parse_resource_ref(id) {
        Some((Some(ty), _)) => ty == arm_type,
        _ => false,
    }
}

/// The name of a resource of ARM type `arm_type` (lower-cased) in an id: `{ns}` in
/// `…/providers/Microsoft.EventHub/namespaces/{ns}/authorizationRules/{rule}` for
/// `microsoft.eventhub/namespaces`, if that part of the id is known (`\0` marks unknown
/// pieces).
pub fn name_in_id(id: &str, arm_type: &str) -> Option<String> {
    if let Some((Some(ty), names)) = parse_resource_ref(id) {
        if ty.starts_with(arm_type) {
            return (!names[0].contains('\0')).then(|| names[0].clone());
        }
    }
    // Not a clean id (a hole in the provider part): look for the type's last segment.
    let lower = id.to_ascii_lowercase();
    let seg = format!("/{}/", arm_type.rsplit('/').next()?);
    let i = lower.find(&seg)? + seg.len();
    let name = id[i..].split('/').next()?;
    (!name.is_empty() && !name.contains('\0')).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_ids() {
        let vnet = "microsoft.network/virtualnetworks";
        assert_eq!(
            name_in_id("/subscriptions/\0/resourceGroups/\0/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sn", vnet),
            Some("vnet".into())
        );
        assert_eq!(
            name_in_id(
                "/subscriptions/x/resourceGroups/y/providers/\0/virtualNetworks/v1/subnets/sn",
                vnet
            ),
            Some("v1".into())
        );
        assert_eq!(
            name_in_id(
                "/providers/Microsoft.Network/virtualNetworks/\0/subnets/sn",
                vnet
            ),
            None
        );
        assert_eq!(name_in_id("\0", vnet), None);
        assert_eq!(name_in_id("subnet", vnet), None);
        assert_eq!(
            name_in_id(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.EventHub/namespaces/ns/authorizationRules/send",
                "microsoft.eventhub/namespaces"
            ),
            Some("ns".into())
        );
    }
}
