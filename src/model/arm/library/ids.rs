//! Resource ids: the `*resourceId()` functions, which build an id whose unknown parts (the
//! subscription and resource group of the deployment, unknown names) are holes, and the
//! parsing of ids back into a type and names.

use super::{unknown, Args, Callee};
use crate::model::arm::value::{
    self, Piece, MANAGEMENT_GROUP_HOLE, RESOURCE_GROUP_HOLE, SUBSCRIPTION_HOLE,
};

/// What an id is relative to, by function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IdScope {
    /// `resourceId([subscriptionId], [resourceGroupName], type, names...)`
    ResourceGroup,
    /// `subscriptionResourceId([subscriptionId], type, names...)`
    Subscription,
    /// `tenantResourceId(type, names...)`
    Tenant,
    /// `extensionResourceId(scopeId, type, names...)`
    Extension,
    /// `managementGroupResourceId([managementGroupId], type, names...)`
    ManagementGroup,
}

/// `resourceId()`.
pub(super) fn resource_id<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    id(a, f, IdScope::ResourceGroup)
}

/// `subscriptionResourceId()`.
pub(super) fn subscription_resource_id<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    id(a, f, IdScope::Subscription)
}

/// `tenantResourceId()`.
pub(super) fn tenant_resource_id<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    id(a, f, IdScope::Tenant)
}

/// `extensionResourceId()`.
pub(super) fn extension_resource_id<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    id(a, f, IdScope::Extension)
}

/// `managementGroupResourceId()`.
pub(super) fn management_group_resource_id<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    id(a, f, IdScope::ManagementGroup)
}

/// The id a `*resourceId()` function builds. The type is the first argument that looks like
/// one (`Namespace/type`); the arguments before it are the scope, those after it the names.
fn id<A: Args>(a: &A, f: Callee<'_>, scope: IdScope) -> A::Ev {
    let mut evs: Vec<A::Ev> = (0..a.len()).map(|i| a.eval(i)).collect();
    let is_type =
        |e: &A::Ev| value::as_str(e).is_some_and(|s| s.contains('/') && !s.starts_with('/'));
    // extensionResourceId(scopeId, type, names...): the scope id is first, whatever it is.
    let search_from = usize::from(scope == IdScope::Extension);
    let Some(type_pos) = evs
        .iter()
        .skip(search_from)
        .position(is_type)
        .map(|p| p + search_from)
    else {
        return unknown(a, format!("{f}: the resource type is not known statically"));
    };
    let names: Vec<A::Ev> = evs.split_off(type_pos + 1);
    let ty = match evs.pop().as_ref().and_then(value::as_str) {
        Some(t) => t.to_string(),
        None => return unknown(a, format!("{f}: no resource type")),
    };
    let mut pieces = Vec::new();
    let hole = |r: &str| Piece::Hole(r.to_string());
    let text = |t: &str| Piece::Text(t.to_string());
    let mut scope_args = evs.into_iter();
    match scope {
        IdScope::ResourceGroup => {
            let (sub, rg) = match (scope_args.next(), scope_args.next()) {
                (Some(s), Some(r)) => (Some(s), Some(r)),
                (Some(r), None) => (None, Some(r)),
                _ => (None, None),
            };
            pieces.push(text("/subscriptions/"));
            match sub {
                Some(s) => a.pieces_of(s, &mut pieces),
                None => pieces.push(hole(SUBSCRIPTION_HOLE)),
            }
            pieces.push(text("/resourceGroups/"));
            match rg {
                Some(r) => a.pieces_of(r, &mut pieces),
                None => pieces.push(hole(RESOURCE_GROUP_HOLE)),
            }
        }
        IdScope::Subscription => {
            pieces.push(text("/subscriptions/"));
            match scope_args.next() {
                Some(s) => a.pieces_of(s, &mut pieces),
                None => pieces.push(hole(SUBSCRIPTION_HOLE)),
            }
        }
        IdScope::ManagementGroup => {
            pieces.push(text("/providers/Microsoft.Management/managementGroups/"));
            match scope_args.next() {
                Some(s) => a.pieces_of(s, &mut pieces),
                None => pieces.push(hole(MANAGEMENT_GROUP_HOLE)),
            }
        }
        IdScope::Extension => {
            if let Some(s) = scope_args.next() {
                a.pieces_of(s, &mut pieces);
            }
        }
        IdScope::Tenant => {}
    }
    pieces.push(text("/providers/"));
    let mut segments = ty.split('/').filter(|s| !s.is_empty());
    if let Some(ns) = segments.next() {
        pieces.push(text(ns));
    }
    let mut names = names.into_iter();
    for t in segments {
        pieces.push(Piece::Text(format!("/{t}/")));
        match names.next() {
            Some(n) => a.pieces_of(n, &mut pieces),
            None => pieces.push(hole("the id lacks a resource name")),
        }
    }
    value::from_pieces(pieces, a.at())
}
