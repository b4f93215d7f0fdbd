//! Lowering of Kubernetes manifests of Azure Service Operator into the model.
//!
//! ASO (Azure/azure-service-operator v2) has no kind for the identity resources themselves
//! (no B2C, External ID or Domain Services kinds: azure-facts §1.1–§1.3), so its manifests
//! matter as the places identity data goes: virtual networks (`network.azure.com`
//! `VirtualNetwork`), Log Analytics workspaces (`operationalinsights.azure.com` `Workspace`),
//! storage accounts (`storage.azure.com` `StorageAccount`) and event hub namespaces
//! (`eventhub.azure.com` `Namespace`). Everything else is [`Kind::Other`].
//!
//! Location: every tracked ASO resource has `spec.location`; `spec.owner.name` names its
//! parent, usually a `resources.azure.com` `ResourceGroup` whose `spec.location` is Required
//! (ASO reference `resources.azure.com/v1api20200601`, `ResourceGroup_Spec`: "The location of
//! the resource group. It cannot be changed after the resource group has been created"). The
//! reference docs describe no defaulting of a child's location from its owner: ASO passes the
//! spec to ARM as written. A manifest without `spec.location` therefore has an Unknown location
//! (never the owner's, which would be a guess).

use std::cell::Cell;

use super::{FileId, Kind, Loc, Lowered, Project, Resource, Val, ValKind};
use crate::syntax::yaml::{self, NodeId, NodeKind, Style, Yaml};

/// Node visits allowed per folder when turning YAML into values (aliases can denote
/// exponentially large values).
const BUDGET: usize = 200_000;

/// Whether a YAML file holds Azure Service Operator resources (an `apiVersion` in an
/// `*.azure.com` group). Cheap: looks at the text only.
pub fn is_aso_manifest(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start_matches([' ', '-']);
        l.starts_with("apiVersion:") && l.contains(".azure.com/")
    })
}

/// The kind and ARM type of an ASO group and kind.
fn kind_of(group: &str, kind: &str) -> (Kind, Option<&'static str>) {
    match (group.to_ascii_lowercase().as_str(), kind) {
        ("network.azure.com", "VirtualNetwork") => (
            Kind::VirtualNetwork,
            Some("microsoft.network/virtualnetworks"),
        ),
        ("network.azure.com", "VirtualNetworksSubnet") => (
            Kind::Other,
            Some("microsoft.network/virtualnetworks/subnets"),
        ),
        ("operationalinsights.azure.com", "Workspace") => (
            Kind::LogAnalyticsWorkspace,
            Some("microsoft.operationalinsights/workspaces"),
        ),
        ("storage.azure.com", "StorageAccount") => (
            Kind::StorageAccount,
            Some("microsoft.storage/storageaccounts"),
        ),
        ("eventhub.azure.com", "Namespace") => (
            Kind::EventHubNamespace,
            Some("microsoft.eventhub/namespaces"),
        ),
        ("resources.azure.com", "ResourceGroup") => {
            (Kind::Other, Some("microsoft.resources/resourcegroups"))
        }
        _ => (Kind::Other, None),
    }
}

/// One ASO object.
struct Object {
    file: FileId,
    doc: NodeId,
    kind_node: NodeId,
    kind: String,
    group: String,
    name: String,
}

/// Lowers the ASO manifests of one folder (owners are resolved across its files).
pub fn lower(project: &Project, files: &[FileId]) -> Lowered {
    let mut out = Lowered::default();
    let yamls: Vec<(FileId, Yaml)> = files
        .iter()
        .filter_map(|&f| Some((f, yaml::parse(&project.files.get(f)?.text))))
        .collect();
    let mut objects = Vec::new();
    for (file, y) in &yamls {
        out.syntax_errors
            .extend(y.errors.iter().cloned().map(|e| (*file, e)));
        for &doc in &y.documents {
            let api = y.get(doc, "apiVersion").and_then(|n| y.as_str(n));
            let kind_node = y.get(doc, "kind");
            let (Some(api), Some(kind_node)) = (api, kind_node) else {
                continue;
            };
            let Some((group, _)) = api.split_once('/') else {
                continue;
            };
            if !group.to_ascii_lowercase().ends_with(".azure.com") {
                continue;
            }
            let name = y
                .path(doc, &["metadata", "name"])
                .and_then(|n| y.as_str(n))
                .unwrap_or("")
                .to_string();
            objects.push(Object {
                file: *file,
                doc,
                kind_node,
                kind: y.as_str(kind_node).unwrap_or("").to_string(),
                group: group.to_string(),
                name,
            });
        }
    }
    let budget = Cell::new(BUDGET);
    let y_of = |file: FileId| &yamls.iter().find(|(f, _)| *f == file).expect("parsed").1;
    for o in &objects {
        let y = y_of(o.file);
        let (kind, arm_type) = kind_of(&o.group, &o.kind);
        let decl = Loc {
            file: o.file,
            range: y.node(o.kind_node).range,
        };
        let spec = y.get(o.doc, "spec");
        let props = match (kind, spec) {
            (Kind::Other, _) | (_, None) => Val::new(ValKind::Null, Some(decl)),
            (_, Some(s)) => to_val(y, o.file, s, &budget),
        };
        let mut location = spec
            .and_then(|s| y.get(s, "location"))
            .map(|n| to_val(y, o.file, n, &budget));
        if location.is_none() && kind != Kind::Other {
            // ASO passes the spec to ARM as written and defaults nothing from the owner: no
            // location written is no location proven.
            location = Some(Val::unknown(
                format!(
                    "{} '{}' has no spec.location (Azure Service Operator does not default it from its owner)",
                    o.kind, o.name
                ),
                Some(decl),
            ));
        }
        out.resources.push(Resource {
            kind,
            type_name: format!("{}/{}", o.group, o.kind),
            arm_type: arm_type.map(str::to_string),
            name: format!("{} {}", o.kind, o.name),
            decl,
            name_ranges: Vec::new(),
            location,
            country_code: None,
            replicas: Vec::new(),
            destinations: Vec::new(),
            props,
        });
    }
    out
}

/// A YAML node as a value (strings stay strings except null/true/false/numbers written
/// plain), within the expansion budget.
fn to_val(y: &Yaml, file: FileId, node: NodeId, budget: &Cell<usize>) -> Val {
    let loc = Some(Loc {
        file,
        range: y.node(node).range,
    });
    let left = budget.get();
    if left == 0 {
        return Val::unknown("the value is too large to expand (YAML aliases)", loc);
    }
    budget.set(left - 1);
    let Some(target) = y.resolve(node) else {
        return Val::unknown("alias of an anchor that is not defined", loc);
    };
    match &y.node(target).kind {
        NodeKind::Scalar {
            value,
            style,
            content,
        } => {
            let kind = match (style, value.as_str()) {
                (Style::Plain, "" | "~" | "null") => ValKind::Null,
                (Style::Plain, "true") => ValKind::Bool(true),
                (Style::Plain, "false") => ValKind::Bool(false),
                (Style::Plain, s)
                    if s.parse::<f64>().is_ok()
                        && s.starts_with(|c: char| c.is_ascii_digit() || c == '-') =>
                {
                    ValKind::Num(s.parse().unwrap_or(0.0))
                }
                _ => ValKind::Str(value.clone()),
            };
            let mut v = Val::new(kind, loc);
            if matches!(v.kind, ValKind::Str(_)) {
                v.literal = content.map(|range| Loc { file, range });
            }
            v
        }
        NodeKind::Seq(items) => Val::new(
            ValKind::List(items.iter().map(|&i| to_val(y, file, i, budget)).collect()),
            loc,
        ),
        NodeKind::Map(_) => Val::new(
            ValKind::Map(
                y.entries(target)
                    .into_iter()
                    .filter_map(|(k, v)| {
                        Some((y.as_str(k)?.to_string(), to_val(y, file, v, budget)))
                    })
                    .collect(),
            ),
            loc,
        ),
        NodeKind::Alias(_) | NodeKind::Missing => Val::new(ValKind::Null, loc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_aso_manifests() {
        assert!(is_aso_manifest(
            "apiVersion: network.azure.com/v1api20201101\nkind: VirtualNetwork\n"
        ));
        assert!(!is_aso_manifest("apiVersion: apps/v1\nkind: Deployment\n"));
    }
}
