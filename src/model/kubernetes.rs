//! Lowering of Kubernetes manifests of Azure Service Operator into the model.
//!
//! ASO (Azure/azure-service-operator v2) has no kind for the identity resources themselves
//! (no B2C, External ID or Domain Services kinds: azure-facts §1.1–§1.3), so its manifests
//! matter as the places identity data goes: virtual networks (`network.azure.com`
//! `VirtualNetwork`), Log Analytics workspaces (`operationalinsights.azure.com` `Workspace`),
//! storage accounts (`storage.azure.com` `StorageAccount`) and event hub namespaces
//! (`eventhub.azure.com` `Namespace`), which the resolve layer's facts table knows. An object's
//! body is its `spec`.
//!
//! Location: every tracked ASO resource has `spec.location`; `spec.owner.name` names its
//! parent, usually a `resources.azure.com` `ResourceGroup` whose `spec.location` is Required
//! (ASO reference `resources.azure.com/v1api20200601`, `ResourceGroup_Spec`: "The location of
//! the resource group. It cannot be changed after the resource group has been created"). The
//! reference docs describe no defaulting of a child's location from its owner: ASO passes the
//! spec to ARM as written. A manifest without `spec.location` therefore has an Unknown location
//! (never the owner's, which would be a guess).

use std::cell::Cell;

use super::{
    Declaration, Evaluated, FileId, Loc, Lowered, Project, RawResource, Resolve, ResourceId, Step,
    TypeRef, Val, ValKind,
};
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
pub fn lower(project: &Project, files: &[FileId], resolve: Resolve) -> Lowered {
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
    let manifests = Manifests {
        raw: objects
            .iter()
            .map(|o| {
                let y = &yamls.iter().find(|(f, _)| *f == o.file).expect("parsed").1;
                RawResource {
                    type_ref: TypeRef::Aso {
                        group: o.group.to_ascii_lowercase(),
                        kind: o.kind.clone(),
                    },
                    type_name: format!("{}/{}", o.group, o.kind),
                    name: format!("{} {}", o.kind, o.name),
                    decl: Loc {
                        file: o.file,
                        range: y.node(o.kind_node).range,
                    },
                    name_ranges: Vec::new(),
                    declaration: Declaration::Managed,
                    scope: 0,
                }
            })
            .collect(),
        objects,
        yamls: &yamls,
        budget: Cell::new(BUDGET),
    };
    out.resources = resolve(&manifests);
    out
}

/// The manifests' objects as the resolve layer reads them: each one's body is its `spec`.
struct Manifests<'y> {
    objects: Vec<Object>,
    yamls: &'y [(FileId, Yaml)],
    raw: Vec<RawResource>,
    budget: Cell<usize>,
}

impl Manifests<'_> {
    fn yaml(&self, file: FileId) -> &Yaml {
        &self
            .yamls
            .iter()
            .find(|(f, _)| *f == file)
            .expect("parsed")
            .1
    }
}

impl Evaluated for Manifests<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        let o = &self.objects[res];
        let y = self.yaml(o.file);
        let mut node = y.get(o.doc, "spec")?;
        for step in path {
            node = match step {
                Step::Key(k) => y.get(node, k)?,
                Step::Index(i) => *y.items(node).get(*i)?,
            };
        }
        Some(to_val(y, o.file, node, &self.budget))
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        vec![self.objects[res].name.clone()]
    }

    /// ASO passes the spec to ARM as written and defaults nothing from the owner: no location
    /// written is no location proven.
    fn implied_location(&self, res: ResourceId) -> Option<Val> {
        let o = &self.objects[res];
        Some(Val::unknown(
            format!(
                "{} `{}` has no spec.location (Azure Service Operator does not default it from its owner)",
                o.kind, o.name
            ),
            Some(self.raw[res].decl),
        ))
    }
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
