//! Lowering of a Terraform module (all `.tf` / `.tf.json` files of one folder, with its
//! `terraform.tfvars` and `*.auto.tfvars`) into the model.
//!
//! Every resource block becomes a raw resource for the resolve layer, its body the block's
//! arguments and nested blocks with attribute names in camelCase (`virtual_network_name` is
//! read as `virtualNetworkName`, as Pulumi's bridged providers spell it). An azapi resource is
//! read as the ARM resource it declares: its `body`, with its `location` when the body has
//! none, and its `parent_id` as its parent. A value read from another resource remembers it
//! (`azurerm_subnet.x.id` leads to the subnet, and from there to its network), and an unknown
//! value read from a data source keeps the keys read (`app_role_ids["User.Read.All"]`).
//!
//! Values are evaluated statically: `var.*` from the tfvars (later file wins) or the default,
//! `local.*`, attributes of other resources, templates, operators, `for` expressions and the
//! functions whose result is exact (see `eval/functions.rs`). What cannot be proven — a data
//! source, `count.index`, a module output, a variable nobody sets, `timestamp()` — is
//! [`ValKind::Unknown`] with the reason, never a guess.

mod config;
mod eval;
mod json_syntax;
mod modules;
pub mod plan;

use std::cell::RefCell;
use std::collections::HashMap;

use self::config::{Config, InstKey};
use self::eval::{Ctx, Ev, EvKind, Evaluator, Instances};
use super::{
    Declaration, Evaluated, FileId, FileKind, Load, Loc, Lowered, Project, RawResource, Resolve,
    ResourceId, Step, TypeRef, Val, ValKind,
};
use crate::syntax::hcl::{self, Attribute, Structure};
use crate::syntax::json;

/// Index of a resource in [`Config::resources`], across all module instances.
type ResIdx = usize;

/// Nested blocks that configure Terraform itself rather than the resource.
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];
/// Arguments that configure Terraform itself rather than the resource.
const META_ATTRS: &[&str] = &["depends_on", "provider"];

/// Lowers the module made of `files` (`.tf` and `.tf.json`), with variable values from
/// `tfvars` in precedence order (a later file wins, as Terraform does). The modules it calls
/// are read through `load` and appended to `project.files`, each instance with the inputs its
/// call passes (see [`modules`]).
pub fn lower(
    project: &mut Project,
    files: &[FileId],
    tfvars: &[FileId],
    load: &dyn Load,
    resolve: Resolve,
) -> Lowered {
    let mut syntax_errors = Vec::new();
    let tree = modules::load(project, files, load, &mut syntax_errors);
    let project: &Project = project;
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

    let expansions = module_expansions(project, &tree, &var_values);
    let config = Config::new(project, &tree, &var_values, &expansions);
    let lowering = Lowering::new(&config);
    Lowered {
        resources: resolve(&lowering),
        syntax_errors,
    }
}

/// The keys of every module call with a known `count` or `for_each`, by the tree instance it
/// calls: evaluated in the configuration without expansions (so a call's `for_each` that
/// depends on its own module's `each.value` is not expanded), and only when some call has
/// `count` or `for_each` (the common case costs nothing).
fn module_expansions(
    project: &Project,
    tree: &modules::Tree,
    var_values: &[(FileId, Vec<Attribute>)],
) -> HashMap<modules::InstIdx, Vec<InstKey>> {
    let mut expansions = HashMap::new();
    let expanded_call = |b: &hcl::Block| {
        b.ident.name == "module"
            && (b.body.attribute("count").is_some() || b.body.attribute("for_each").is_some())
    };
    let any = tree
        .folders
        .iter()
        .flat_map(|f| &f.bodies)
        .any(|(_, body)| body.blocks().any(expanded_call));
    if !any {
        return expansions;
    }
    let plain = Config::new(project, tree, var_values, &expansions);
    let calls: Vec<(modules::InstIdx, usize)> = plain.calls_to_expand().collect();
    let mut ev = Evaluator::new(&plain);
    for (module, call) in calls {
        let Ok(targets) = &plain.modules[module].calls[call].target else {
            continue;
        };
        let [child] = targets.as_slice() else {
            continue;
        };
        if let Instances::Keys(keys) = ev.call_instances(module, call) {
            expansions.insert(plain.modules[*child].tree_inst, keys.to_vec());
        }
    }
    expansions
}

fn is_azapi_with_type(type_name: &str) -> bool {
    matches!(type_name, "azapi_resource" | "azapi_resource_action")
}

/// The Microsoft Graph Terraform provider's resources that write a Graph object
/// (identity-surfaces.md §1.1): the URL they write to, from `url`, or from `resource_url` and
/// `action` for an action that writes (`PATCH`, `POST`, `PUT`). `attr` reads an argument as a
/// string, with `\0` for unknown pieces.
fn graph_url(type_name: &str, attr: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match type_name {
        "msgraph_resource" | "msgraph_update_resource" => attr("url"),
        "msgraph_resource_action" => {
            let method = attr("method")?;
            if !["PATCH", "POST", "PUT"]
                .iter()
                .any(|m| m.eq_ignore_ascii_case(&method))
            {
                return None;
            }
            let url = attr("resource_url")?;
            Some(match attr("action").filter(|a| !a.is_empty()) {
                Some(action) => format!("{}/{}", url.trim_end_matches('/'), action),
                None => url,
            })
        }
        _ => None,
    }
}

/// A Terraform attribute name in the one spelling the resolve layer reads: camelCase, as
/// Pulumi's bridged providers spell them (`virtual_network_name` → `virtualNetworkName`).
pub(crate) fn canonical_name(attribute: &str) -> String {
    let mut out = String::with_capacity(attribute.len());
    let mut upper = false;
    for c in attribute.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Terraform attribute a canonical name stands for (`virtualNetworkName` →
/// `virtual_network_name`).
pub(crate) fn attribute_name(canonical: &str) -> String {
    let mut out = String::with_capacity(canonical.len() + 4);
    for c in canonical.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value whose object keys are Terraform attribute names, in canonical spelling.
pub(crate) fn canonical_keys(mut v: Val) -> Val {
    v.kind = match v.kind {
        ValKind::Map(members) => ValKind::Map(
            members
                .into_iter()
                .map(|(k, v)| (canonical_name(&k), canonical_keys(v)))
                .collect(),
        ),
        ValKind::List(items) => ValKind::List(items.into_iter().map(canonical_keys).collect()),
        other => other,
    };
    v
}

/// The module's resources as the resolve layer reads them, one per instance of a resource
/// with `count` or `for_each` whose collection is known (none when it is empty), one standing
/// for all when it is not. An azapi resource is read as the ARM resource it declares: its
/// `body`, with the resource's `location` when the body has none, and its `parent_id` as its
/// parent.
struct Lowering<'m, 'a> {
    module: &'m Config<'a>,
    ev: RefCell<Evaluator<'m, 'a>>,
    raw: Vec<RawResource>,
    /// The resource and instance of each raw resource.
    instance_of: Vec<(ResIdx, Option<u32>)>,
    /// The raw resources of each resource: the first and how many.
    raw_of: Vec<(usize, usize)>,
    /// Each raw resource's body, once evaluated.
    bodies: RefCell<HashMap<ResourceId, Ev>>,
}

impl<'m, 'a> Lowering<'m, 'a> {
    fn new(module: &'m Config<'a>) -> Self {
        let mut lowering = Lowering {
            module,
            ev: RefCell::new(Evaluator::new(module)),
            raw: Vec::new(),
            instance_of: Vec::new(),
            raw_of: Vec::with_capacity(module.resources.len()),
            bodies: RefCell::new(HashMap::new()),
        };
        for idx in 0..module.resources.len() {
            let instances = lowering.ev.borrow_mut().resource_instances(idx);
            let first = lowering.instance_of.len();
            match instances {
                Instances::Keys(keys) => {
                    for i in 0..keys.len() {
                        lowering.instance_of.push((idx, Some(i as u32)));
                    }
                }
                Instances::Single | Instances::Unknown(_) => lowering.instance_of.push((idx, None)),
            }
            lowering
                .raw_of
                .push((first, lowering.instance_of.len() - first));
        }
        lowering.raw = (0..lowering.instance_of.len())
            .map(|id| lowering.raw_resource(id))
            .collect();
        lowering
    }

    fn m(&self) -> &'m Config<'a> {
        self.module
    }

    /// The model value of `v`, its references to resource instances as raw resources (any
    /// instance of a resource: all of them, as candidates).
    fn to_val(&self, v: &Ev) -> Val {
        v.to_val(&|res, instance| {
            let (first, n) = self.raw_of[res];
            match instance {
                Some(i) if (i as usize) < n => vec![first + i as usize],
                _ => (first..first + n).collect(),
            }
        })
    }

    fn ctx(&self, id: ResourceId) -> Ctx {
        let (idx, instance) = self.instance_of[id];
        let r = &self.m().resources[idx];
        Ctx {
            resource: Some(idx),
            instance,
            ..Ctx::in_module(r.file, r.module)
        }
    }

    fn attr(&self, id: ResourceId, attr: &'a str) -> Ev {
        let (idx, instance) = self.instance_of[id];
        self.ev.borrow_mut().resource_attr_raw(idx, instance, attr)
    }

    fn azapi(&self, id: ResourceId) -> bool {
        matches!(self.raw[id].type_ref, TypeRef::Arm(_))
    }

    /// Whether the body is another API's object (azapi's ARM resource, msgraph's Graph object),
    /// its keys as that API spells them.
    fn embedded(&self, id: ResourceId) -> bool {
        matches!(
            self.raw[id].type_ref,
            TypeRef::Arm(_) | TypeRef::GraphUrl(_)
        )
    }

    /// An argument as a string, with `\0` for each unknown piece; `None` when it is not
    /// written or not a string.
    fn text_attr(&self, id: ResourceId, attr: &str) -> Option<String> {
        let (idx, _) = self.instance_of[id];
        let r = &self.m().resources[idx];
        let name = r.block.body.attribute(attr)?.name.name.as_str();
        let v = self.to_val(&self.attr(id, name));
        v.as_str()
            .map(str::to_string)
            .or_else(|| v.refers.and_then(|r| r.text))
    }

    fn raw_resource(&self, id: ResourceId) -> RawResource {
        let (idx, instance) = self.instance_of[id];
        let r = &self.m().resources[idx];
        let decl = Loc {
            file: r.file,
            range: r
                .block
                .labels_range()
                .unwrap_or_else(|| r.block.header_range()),
        };
        let azapi_type = is_azapi_with_type(r.type_name)
            .then(|| self.azapi_arm_type(id))
            .flatten();
        let graph = || graph_url(r.type_name, &|a| self.text_attr(id, a));
        RawResource {
            type_ref: match azapi_type {
                Some(arm) => TypeRef::Arm(arm),
                None => match graph() {
                    Some(url) => TypeRef::GraphUrl(url),
                    None => TypeRef::Terraform(r.type_name.to_string()),
                },
            },
            type_name: r.type_name.to_string(),
            name: self.ev.borrow_mut().address(idx, instance),
            decl,
            name_ranges: Vec::new(),
            declaration: Declaration::Managed,
            scope: 0,
        }
    }

    /// The ARM type of an azapi resource (`type` before `@`, lower-cased), when known.
    fn azapi_arm_type(&self, id: ResourceId) -> Option<String> {
        let v = self.attr(id, "type");
        let s = v.as_str()?;
        Some(s.split('@').next().unwrap_or(s).trim().to_ascii_lowercase())
    }

    /// The resource's arguments and blocks as a map (single blocks as maps, repeated ones as a
    /// list of maps), keys as written.
    fn props(&self, id: ResourceId) -> Ev {
        let (idx, instance) = self.instance_of[id];
        let r = &self.m().resources[idx];
        let body = &r.block.body;
        let mut ev = self.ev.borrow_mut();
        let mut members: Vec<(String, Ev)> = Vec::new();
        for a in body.attributes() {
            if META_ATTRS.contains(&a.name.name.as_str()) {
                continue;
            }
            let v = ev.resource_attr_raw(idx, instance, &a.name.name);
            members.retain(|(k, _)| *k != a.name.name);
            members.push((a.name.name.clone(), v));
        }
        let ctx = self.ctx(id);
        ev.add_blocks(body, ctx, &mut Vec::new(), true, &mut members);
        Ev::new(
            EvKind::Map(members),
            Some(Loc {
                file: r.file,
                range: body.range,
            }),
        )
    }

    /// The body the resolve layer reads: the props, or an azapi resource's ARM body.
    fn body(&self, id: ResourceId) -> Ev {
        if let Some(b) = self.bodies.borrow().get(&id) {
            return b.clone();
        }
        let props = self.props(id);
        let graph = matches!(self.raw[id].type_ref, TypeRef::GraphUrl(_));
        let body = if graph {
            azapi_body(&props).unwrap_or_else(|| Ev::new(EvKind::Map(Vec::new()), props.loc))
        } else if self.azapi(id) {
            let mut body =
                azapi_body(&props).unwrap_or_else(|| Ev::new(EvKind::Map(Vec::new()), props.loc));
            if let (EvKind::Map(members), Some(location)) = (&mut body.kind, props.get("location"))
            {
                if !members.iter().any(|(k, _)| k == "location") {
                    members.push(("location".to_string(), location.clone()));
                }
            }
            body
        } else {
            props
        };
        self.bodies.borrow_mut().insert(id, body.clone());
        body
    }
}

impl Evaluated for Lowering<'_, '_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        let body = self.body(res);
        let azapi = self.embedded(res);
        let mut at = &body;
        for step in path {
            at = match step {
                Step::Key(k) if azapi => at.get(k)?,
                Step::Key(k) => at.get(&attribute_name(k))?,
                Step::Index(i) => match &at.kind {
                    EvKind::List(items) => items.get(*i)?,
                    _ => return None,
                },
            };
        }
        let v = self.to_val(at);
        Some(if azapi { v } else { canonical_keys(v) })
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        // An azapi resource's Azure name is its `name` argument.
        if !self.azapi(res) {
            return Vec::new();
        }
        let v = self.attr(res, "name");
        v.as_str().map(str::to_string).into_iter().collect()
    }

    fn parent(&self, res: ResourceId) -> Option<Val> {
        if !self.azapi(res) {
            return None;
        }
        let (idx, _) = self.instance_of[res];
        self.m().resources[idx].block.body.attribute("parent_id")?;
        Some(self.to_val(&self.attr(res, "parent_id")))
    }
}

/// The body of an azapi or msgraph resource as a value: an object (HCL object or
/// `jsonencode({...})`), or a JSON string (azapi 1.x, heredoc) decoded.
fn azapi_body(props: &Ev) -> Option<Ev> {
    let body = props.get("body")?;
    match body.as_str() {
        Some(s) => eval::decode_json(s, body),
        None => Some(body.clone()),
    }
}

#[cfg(test)]
mod tests;
