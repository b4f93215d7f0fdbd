//! Lowering of a Terraform plan in JSON (`terraform show -json plan.out`): `planned_values`
//! and `resource_changes`, where every value is already resolved.
//!
//! Format: <https://developer.hashicorp.com/terraform/internals/json-format>. What is read:
//!
//! - `planned_values.root_module` and its `child_modules` (recursively): every managed
//!   resource (`address`, `type`, `name`, `values`) becomes a [`Resource`], filled in as the
//!   HCL front-end fills it for the same type (locations, country codes, Domain Services replica
//!   sets and the virtual network of their subnet, log-export destinations);
//! - `resource_changes[].change`: `after` for a resource `planned_values` does not list, and
//!   `after_unknown`, whose `true` leaves become [`ValKind::Unknown`] "known only after apply"
//!   (the plan leaves them out of `values`);
//! - `configuration`: the `references` of an expression, to follow a subnet id or a workspace
//!   id that is known only after apply (`azurerm_subnet.x.id`) to the resource it reads;
//! - `prior_state`: data sources read at plan time, whose values (a workspace's `location`)
//!   are known, as destinations of a reference.
//!
//! Every value is a literal of the plan: its `loc` is the JSON value in the plan file, and its
//! `literal` is `None` — the plan is generated, so no fix should edit it. The declaration of a
//! resource is its `address` string.

use std::collections::HashMap;

use super::{destination_name_in_id, is_azapi_with_type, vnet_name_in_subnet_id, DestSpec};
use crate::model::types::{kind_of_arm_type, kind_of_terraform_type};
use crate::model::{
    Destination, FileId, Kind, Loc, Lowered, Network, Origin, Project, Replica, Resource, Val,
    ValKind,
};
use crate::syntax::json::{self, JsonKind, JsonValue};

/// How far into the text [`is_plan`] looks for `format_version`.
const HEAD: usize = 4096;
/// Longest chain of references followed for one value.
const MAX_HOPS: u32 = 8;

/// Whether a JSON text is a Terraform plan (`format_version` and `planned_values` or
/// `resource_changes` at the top). Cheap: looks at the first few KB.
pub fn is_plan(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{') {
        return false;
    }
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if !head.contains("\"format_version\"") {
        return false;
    }
    // `variables` may come first and be long: the markers are searched in the whole text only
    // once the head says this is Terraform's JSON output.
    let has = |key: &str| head.contains(key) || text.contains(key);
    has("\"planned_values\"") || has("\"resource_changes\"")
}

/// Lowers the plan in `plan`.
pub fn lower(project: &Project, plan: FileId) -> Lowered {
    let mut out = Lowered::default();
    let Some(file) = project.files.get(plan) else {
        return out;
    };
    let text: &str = &file.text;
    let parsed = json::parse(text);
    out.syntax_errors
        .extend(parsed.errors.iter().cloned().map(|e| (plan, e)));
    let Some(root) = parsed.value.as_ref().filter(|v| v.is_object()) else {
        return out;
    };
    let plan = Plan::new(plan, text, root);
    out.resources = (0..plan.res.len())
        .filter(|&i| plan.res[i].lowered)
        .map(|i| plan.resource(i))
        .collect();
    out
}

/// One resource instance of the plan.
struct PlanRes<'a> {
    /// `module.net.azurerm_subnet.aadds[0]`.
    address: &'a str,
    /// The module instance it belongs to (`module.net`, `module.a[0].module.b`), or "".
    module: String,
    /// The module call names from the root (indexes dropped), to find its configuration.
    config_path: Vec<String>,
    type_name: &'a str,
    /// `type.name` (`data.type.name`): its address in its module's configuration.
    config_key: String,
    data: bool,
    values: Option<&'a JsonValue>,
    /// `change.after_unknown`.
    unknown: Option<&'a JsonValue>,
    decl: Loc,
    /// A managed resource that becomes a [`Resource`] (data sources are only looked up).
    lowered: bool,
}

struct Plan<'a> {
    file: FileId,
    text: &'a str,
    res: Vec<PlanRes<'a>>,
    by_address: HashMap<&'a str, usize>,
    /// `configuration` resources by (module call path, `type.name` / `data.type.name`).
    config: HashMap<(Vec<String>, String), &'a JsonValue>,
}

/// What a reference in the configuration names.
struct RefTarget<'a> {
    data: bool,
    /// `type.name`.
    base: &'a str,
    /// `[0]`, `["key"]`, or "".
    index: &'a str,
}

impl<'a> Plan<'a> {
    fn new(file: FileId, text: &'a str, root: &'a JsonValue) -> Self {
        let mut plan = Plan {
            file,
            text,
            res: Vec::new(),
            by_address: HashMap::new(),
            config: HashMap::new(),
        };
        let changes: HashMap<&str, &JsonValue> = root
            .get("resource_changes")
            .map(|c| c.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|c| Some((c.get("address")?.as_str()?, c)))
            .collect();
        if let Some(m) = root.path(&["planned_values", "root_module"]) {
            plan.add_module(m, &changes, false);
        }
        // Resources whose planned values are only in `resource_changes` (deleted ones have no
        // `after`).
        for change in root
            .get("resource_changes")
            .map(|c| c.items())
            .unwrap_or_default()
        {
            let Some(after) = change.path(&["change", "after"]).filter(|a| a.is_object()) else {
                continue;
            };
            let module = change
                .get("module_address")
                .and_then(JsonValue::as_str)
                .unwrap_or("");
            plan.add_resource(
                change,
                module,
                Some(after),
                change.path(&["change", "after_unknown"]),
            );
        }
        // Data sources read at plan time (the managed resources there are the state before the
        // plan: those not planned any more are being destroyed).
        if let Some(m) = root.path(&["prior_state", "values", "root_module"]) {
            plan.add_module(m, &HashMap::new(), true);
        }
        if let Some(m) = root.path(&["configuration", "root_module"]) {
            plan.add_config(m, &mut Vec::new(), 0);
        }
        plan
    }

    fn add_module(
        &mut self,
        module: &'a JsonValue,
        changes: &HashMap<&str, &'a JsonValue>,
        data_only: bool,
    ) {
        let address = module
            .get("address")
            .and_then(JsonValue::as_str)
            .unwrap_or("");
        for r in module
            .get("resources")
            .map(|r| r.items())
            .unwrap_or_default()
        {
            if data_only && r.get("mode").and_then(JsonValue::as_str) != Some("data") {
                continue;
            }
            let unknown = r
                .get("address")
                .and_then(JsonValue::as_str)
                .and_then(|a| changes.get(a))
                .and_then(|c| c.path(&["change", "after_unknown"]));
            self.add_resource(r, address, r.get("values"), unknown);
        }
        for child in module
            .get("child_modules")
            .map(|c| c.items())
            .unwrap_or_default()
        {
            self.add_module(child, changes, data_only);
        }
    }

    fn add_resource(
        &mut self,
        r: &'a JsonValue,
        module: &str,
        values: Option<&'a JsonValue>,
        unknown: Option<&'a JsonValue>,
    ) {
        let (Some(addr_node), Some(type_name)) =
            (r.get("address"), r.get("type").and_then(JsonValue::as_str))
        else {
            return;
        };
        let Some(address) = addr_node.as_str() else {
            return;
        };
        if self.by_address.contains_key(address) {
            return;
        }
        let data = r.get("mode").and_then(JsonValue::as_str) == Some("data");
        let name = r.get("name").and_then(JsonValue::as_str).unwrap_or("");
        let config_key = format!("{}{type_name}.{name}", if data { "data." } else { "" });
        let range = addr_node
            .content_range(self.text)
            .unwrap_or(addr_node.range);
        let idx = self.res.len();
        self.by_address.insert(address, idx);
        self.res.push(PlanRes {
            address,
            module: module.to_string(),
            config_path: call_path(module),
            type_name,
            config_key,
            data,
            values,
            unknown,
            decl: Loc {
                file: self.file,
                range,
            },
            lowered: !data,
        });
    }

    fn add_config(&mut self, module: &'a JsonValue, path: &mut Vec<String>, depth: u32) {
        if depth > 32 {
            return;
        }
        for r in module
            .get("resources")
            .map(|r| r.items())
            .unwrap_or_default()
        {
            if let Some(a) = r.get("address").and_then(JsonValue::as_str) {
                self.config.insert((path.clone(), a.to_string()), r);
            }
        }
        for call in module
            .get("module_calls")
            .map(|c| c.members())
            .unwrap_or_default()
        {
            if let Some(m) = call.value.get("module") {
                path.push(call.key.clone());
                self.add_config(m, path, depth + 1);
                path.pop();
            }
        }
    }

    // ----- values ----------------------------------------------------------------------------

    fn loc(&self, node: &JsonValue) -> Loc {
        Loc {
            file: self.file,
            range: node.range,
        }
    }

    /// A planned value, with the attributes `after_unknown` marks as unknown added.
    fn val(&self, v: Option<&JsonValue>, unknown: Option<&JsonValue>, r: &PlanRes<'_>) -> Val {
        if unknown.and_then(JsonValue::as_bool) == Some(true)
            && v.is_none_or(|v| matches!(v.kind, JsonKind::Null))
        {
            return Val::unknown(
                format!("a value of {} is known only after apply", r.address),
                Some(r.decl),
            );
        }
        let Some(v) = v else {
            return Val::new(ValKind::Null, Some(r.decl));
        };
        let kind = match &v.kind {
            JsonKind::Object(members) => {
                let mut out: Vec<(String, Val)> = Vec::with_capacity(members.len());
                for m in members {
                    let u = unknown.and_then(|u| u.get(&m.key));
                    let val = self.val(Some(&m.value), u, r);
                    out.retain(|(k, _)| *k != m.key);
                    out.push((m.key.clone(), val));
                }
                for m in unknown.map(JsonValue::members).unwrap_or_default() {
                    if m.value.as_bool() == Some(true) && !out.iter().any(|(k, _)| *k == m.key) {
                        out.push((
                            m.key.clone(),
                            Val::unknown(
                                format!("'{}' of {} is known only after apply", m.key, r.address),
                                Some(r.decl),
                            ),
                        ));
                    }
                }
                ValKind::Map(out)
            }
            JsonKind::Array(items) => {
                let us = unknown.map(JsonValue::items).unwrap_or_default();
                ValKind::List(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.val(Some(item), us.get(i), r))
                        .collect(),
                )
            }
            JsonKind::String(s) => ValKind::Str(s.clone()),
            JsonKind::Number(n) => ValKind::Num(*n),
            JsonKind::Bool(b) => ValKind::Bool(*b),
            JsonKind::Null => ValKind::Null,
            JsonKind::Error => ValKind::Unknown("the plan does not parse here".into()),
        };
        Val::new(kind, Some(self.loc(v)))
    }

    /// The resource's planned values as a map.
    fn props(&self, i: usize) -> Val {
        let r = &self.res[i];
        let mut v = self.val(r.values, r.unknown, r);
        if !matches!(v.kind, ValKind::Map(_)) {
            v = Val::new(ValKind::Map(Vec::new()), Some(r.decl));
        }
        v
    }

    /// A planned string value of a resource.
    fn str_value(&self, i: usize, key: &str) -> Option<&'a str> {
        self.res[i].values?.get(key)?.as_str()
    }

    /// The ARM type of an azapi resource (`type` before `@`, lower-cased).
    fn azapi_arm_type(&self, i: usize) -> Option<String> {
        let t = self.str_value(i, "type")?;
        Some(t.split('@').next().unwrap_or(t).trim().to_ascii_lowercase())
    }

    fn kind_and_arm_type(&self, i: usize) -> (Kind, Option<String>) {
        let ty = self.res[i].type_name;
        if is_azapi_with_type(ty) {
            let arm = self.azapi_arm_type(i);
            (arm.as_deref().map_or(Kind::Other, kind_of_arm_type), arm)
        } else {
            let (kind, arm) = kind_of_terraform_type(ty);
            (kind, arm.map(str::to_string))
        }
    }

    fn kind_of(&self, i: usize) -> Kind {
        self.kind_and_arm_type(i).0
    }

    fn arm_type(&self, i: usize) -> Option<String> {
        self.kind_and_arm_type(i).1
    }

    // ----- configuration references ----------------------------------------------------------

    /// The references of the expression at `path` in the configuration of resource `i`
    /// (`["initial_replica_set", "0", "subnet_id"]`). Nested blocks are arrays of expression
    /// objects; an attribute holding an object (azapi `body`) is one expression, whose
    /// references are returned for every path below it.
    fn references(&self, i: usize, path: &[&str]) -> Vec<&'a str> {
        let r = &self.res[i];
        let Some(config) = self
            .config
            .get(&(r.config_path.clone(), r.config_key.clone()))
        else {
            return Vec::new();
        };
        let Some(mut expr) = config.get("expressions") else {
            return Vec::new();
        };
        for step in path {
            if let Some(refs) = expr.get("references") {
                return strings(refs);
            }
            let next = match &expr.kind {
                JsonKind::Array(items) => step.parse::<usize>().ok().and_then(|n| items.get(n)),
                JsonKind::Object(_) => expr.get(step),
                _ => None,
            };
            match next {
                Some(n) => expr = n,
                None => return Vec::new(),
            }
        }
        expr.get("references").map(strings).unwrap_or_default()
    }

    /// The plan resources a list of references (`azurerm_subnet.x.id`, `azurerm_subnet.x`,
    /// `data.azurerm_x.y`) names, read from module `module`, without repeats.
    fn resolve_refs(&self, module: &str, refs: &[&str]) -> Vec<usize> {
        let mut out = Vec::new();
        for r in refs {
            let Some(t) = parse_ref(r) else {
                continue;
            };
            let base = format!(
                "{}{}{}",
                if module.is_empty() {
                    String::new()
                } else {
                    format!("{module}.")
                },
                if t.data { "data." } else { "" },
                t.base
            );
            let found = self
                .by_address
                .get(format!("{base}{}", t.index).as_str())
                .copied()
                .or_else(|| {
                    (0..self.res.len()).find(|&i| {
                        let a = self.res[i].address;
                        a.strip_prefix(base.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
                    })
                });
            if let Some(i) = found {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// The resources of `kind` whose planned `name` is `name`: those of `module` first,
    /// managed ones before data sources.
    fn named(&self, kind: Kind, name: &str, module: &str) -> Option<usize> {
        let matches = |i: usize| {
            self.str_value(i, "name")
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && self.kind_of(i) == kind
        };
        let order = |i: usize| (self.res[i].module != module, self.res[i].data);
        (0..self.res.len())
            .filter(|&i| matches(i))
            .min_by_key(|&i| order(i))
    }

    // ----- resources -------------------------------------------------------------------------

    fn resource(&self, i: usize) -> Resource {
        let r = &self.res[i];
        let props = self.props(i);
        let (kind, arm_type) = self.kind_and_arm_type(i);
        let azapi = is_azapi_with_type(r.type_name);
        let body = if azapi { self.azapi_body(&props) } else { None };
        let mut res = Resource {
            kind,
            type_name: r.type_name.to_string(),
            arm_type,
            name: r.address.to_string(),
            decl: r.decl,
            name_ranges: Vec::new(),
            location: None,
            country_code: None,
            replicas: Vec::new(),
            destinations: Vec::new(),
            props: Val::new(ValKind::Null, None),
        };
        match (kind, azapi) {
            (Kind::B2cTenant, false) => {
                res.location = props.get("data_residency_location").cloned();
                res.country_code = props.get("country_code").cloned();
            }
            (Kind::B2cTenant | Kind::CiamTenant, true) => {
                res.location = azapi_location(&props, body.as_ref());
                res.country_code = body
                    .as_ref()
                    .and_then(|b| b.path(&["properties", "createTenantProperties", "countryCode"]))
                    .cloned();
            }
            (Kind::DomainServices, false) => {
                res.location = props.get("location").cloned();
                let sets: Vec<Val> = match props.get("initial_replica_set") {
                    Some(Val {
                        kind: ValKind::List(items),
                        ..
                    }) => items.clone(),
                    Some(v) => vec![v.clone()],
                    None => Vec::new(),
                };
                for (k, rs) in sets.iter().enumerate() {
                    let subnet = rs.get("subnet_id").cloned();
                    let k = k.to_string();
                    let refs = self.references(i, &["initial_replica_set", &k, "subnet_id"]);
                    res.replicas
                        .push(self.replica(i, "initial replica set", None, subnet, &refs));
                }
            }
            (Kind::DomainServices, true) => {
                res.location = azapi_location(&props, body.as_ref());
                if let Some(body) = &body {
                    self.azapi_replicas(i, body, &mut res.replicas);
                }
            }
            (Kind::DomainServicesReplicaSet, _) => {
                res.location = props.get("location").cloned();
                let subnet = props.get("subnet_id").cloned();
                let refs = self.references(i, &["subnet_id"]);
                res.replicas
                    .push(self.replica(i, "replica set", None, subnet, &refs));
            }
            (
                Kind::VirtualNetwork
                | Kind::LogAnalyticsWorkspace
                | Kind::StorageAccount
                | Kind::EventHubNamespace,
                true,
            ) => {
                res.location = azapi_location(&props, body.as_ref());
            }
            (Kind::AadDiagnosticSetting, true) => {
                for d in &super::DESTINATIONS {
                    let via = body
                        .as_ref()
                        .and_then(|b| b.path(&["properties", d.arm_property]));
                    if let Some(via) = via {
                        let refs = self.references(i, &["body", "properties", d.arm_property]);
                        self.destination(i, d, via, &refs, &mut res.destinations);
                    }
                }
            }
            (Kind::AadDiagnosticSetting, false) => {
                for d in &super::DESTINATIONS {
                    if let Some(via) = props.get(d.tf_argument) {
                        let refs = self.references(i, &[d.tf_argument]);
                        self.destination(i, d, via, &refs, &mut res.destinations);
                    }
                }
            }
            _ => {
                res.location = props.get("location").cloned();
            }
        }
        res.props = props;
        res
    }

    /// The body of an azapi resource: an object, or a JSON string decoded (its values placed
    /// at the string).
    fn azapi_body(&self, props: &Val) -> Option<Val> {
        let body = props.get("body")?;
        match body.as_str() {
            Some(s) => {
                let parsed = json::parse(s);
                let v = parsed.value.filter(|_| parsed.errors.is_empty())?;
                Some(detached(&v, body.loc))
            }
            None => Some(body.clone()),
        }
    }

    /// `properties.replicaSets[]` of an azapi Domain Services body, or the single
    /// `properties.subnetId` of API versions up to 2017-06-01.
    fn azapi_replicas(&self, i: usize, body: &Val, out: &mut Vec<Replica>) {
        let refs = self.references(i, &["body"]);
        match body.path(&["properties", "replicaSets"]) {
            Some(Val {
                kind: ValKind::List(sets),
                ..
            }) => {
                // The configuration gives the references of the whole body: usable only when
                // there is one subnet to follow.
                let refs: &[&str] = if sets.len() == 1 { &refs } else { &[] };
                for (k, rs) in sets.iter().enumerate() {
                    let location = rs.get("location").cloned();
                    let subnet = rs.get("subnetId").cloned();
                    out.push(self.replica(
                        i,
                        &format!("replica set {}", k + 1),
                        location,
                        subnet,
                        refs,
                    ));
                }
            }
            Some(other) if other.is_unknown() => out.push(Replica {
                label: "replica sets".into(),
                location: Some(other.clone()),
                subnet: None,
                network: None,
            }),
            _ => {}
        }
        if let Some(subnet) = body.path(&["properties", "subnetId"]) {
            out.push(self.replica(i, "subnet", None, Some(subnet.clone()), &refs));
        }
    }

    fn replica(
        &self,
        i: usize,
        label: &str,
        location: Option<Val>,
        subnet: Option<Val>,
        refs: &[&str],
    ) -> Replica {
        let network = subnet
            .as_ref()
            .and_then(|s| self.network_of_subnet(i, s, refs))
            .map(|v| self.located(v, ""));
        Replica {
            label: label.to_string(),
            location,
            subnet,
            network,
        }
    }

    // ----- subnet → virtual network ----------------------------------------------------------

    fn is_vnet(&self, i: usize) -> bool {
        self.arm_type(i).as_deref() == Some("microsoft.network/virtualnetworks")
    }

    /// The virtual network a subnet id designates: by the name in the id when the id is
    /// known, else by the resource the configuration's expression references.
    fn network_of_subnet(&self, from: usize, subnet: &Val, refs: &[&str]) -> Option<usize> {
        let module = &self.res[from].module;
        if let Some(id) = subnet.as_str() {
            let name = vnet_name_in_subnet_id(id)?;
            return self.vnet_named(&name, module);
        }
        self.resolve_refs(module, refs)
            .into_iter()
            .find_map(|j| self.vnet_of(j))
    }

    /// The virtual network of a resource a subnet id reads: an `azurerm_subnet` (its
    /// `virtual_network_name`), a network (an inline `subnet` block) or an azapi subnet (its
    /// `parent_id`).
    fn vnet_of(&self, j: usize) -> Option<usize> {
        let module = &self.res[j].module;
        if self.is_vnet(j) {
            return Some(j);
        }
        let (attr, by_id) = match self.res[j].type_name {
            "azurerm_subnet" => ("virtual_network_name", false),
            ty if is_azapi_with_type(ty)
                && self.arm_type(j).as_deref()
                    == Some("microsoft.network/virtualnetworks/subnets") =>
            {
                ("parent_id", true)
            }
            _ => return None,
        };
        if let Some(v) = self.str_value(j, attr) {
            let name = if by_id {
                let lower = v.to_ascii_lowercase();
                let at = lower.rfind("/virtualnetworks/")? + "/virtualnetworks/".len();
                v[at..].split('/').next()?.to_string()
            } else {
                v.to_string()
            };
            return self.vnet_named(&name, module);
        }
        let refs = self.references(j, &[attr]);
        self.resolve_refs(module, &refs)
            .into_iter()
            .find(|&k| self.is_vnet(k))
    }

    fn vnet_named(&self, name: &str, module: &str) -> Option<usize> {
        let order = |i: usize| (self.res[i].module != module, self.res[i].data);
        (0..self.res.len())
            .filter(|&i| {
                self.is_vnet(i)
                    && self
                        .str_value(i, "name")
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .min_by_key(|&i| order(i))
    }

    /// A resource found for a reference, with its planned location and a provenance step.
    fn located(&self, j: usize, noun: &str) -> Network {
        let r = &self.res[j];
        let props = self.props(j);
        let location = if is_azapi_with_type(r.type_name) {
            let body = self.azapi_body(&props);
            azapi_location(&props, body.as_ref())
        } else {
            props.get("location").cloned()
        };
        let mut location = location.unwrap_or_else(|| {
            Val::unknown(
                format!("{} has no planned location", r.address),
                Some(r.decl),
            )
        });
        let what = if noun.is_empty() {
            r.address.to_string()
        } else {
            format!("{noun} '{}'", r.address)
        };
        let note = if r.data {
            format!("location of {what} (read at plan time)")
        } else {
            format!("location of {what}")
        };
        location.origin.insert(
            0,
            Origin {
                loc: location.loc.unwrap_or(r.decl),
                note,
            },
        );
        Network {
            name: r.address.to_string(),
            decl: r.decl,
            location,
        }
    }

    // ----- log export → destination ----------------------------------------------------------

    fn destination(
        &self,
        i: usize,
        d: &DestSpec,
        via: &Val,
        refs: &[&str],
        out: &mut Vec<Destination>,
    ) {
        if matches!(via.kind, ValKind::Null) {
            return;
        }
        let module = self.res[i].module.clone();
        let target = self
            .destination_of(&module, d, via, refs, 0)
            .map(|j| self.located(j, d.noun));
        out.push(Destination {
            label: d.label.to_string(),
            via: via.clone(),
            target,
        });
    }

    /// The destination an id designates: by the name in the id when it is known, else through
    /// the references of its expression (a Sentinel onboarding to its workspace, an event hub
    /// authorization rule to its namespace, an azapi child to its parent).
    fn destination_of(
        &self,
        module: &str,
        d: &DestSpec,
        via: &Val,
        refs: &[&str],
        hops: u32,
    ) -> Option<usize> {
        if hops > MAX_HOPS {
            return None;
        }
        if let Some(id) = via.as_str() {
            let name = destination_name_in_id(id, d.kind)?;
            return self.named(d.kind, &name, module);
        }
        for j in self.resolve_refs(module, refs) {
            if self.kind_of(j) == d.kind {
                return Some(j);
            }
            let ty = self.res[j].type_name;
            let next = match ty {
                "azurerm_sentinel_log_analytics_workspace_onboarding" => "workspace_id",
                "azurerm_log_analytics_solution" => "workspace_resource_id",
                "azurerm_eventhub_namespace_authorization_rule"
                | "azurerm_eventhub_authorization_rule"
                    if d.kind == Kind::EventHubNamespace =>
                {
                    let jm = &self.res[j].module;
                    if let Some(ns) = self.str_value(j, "namespace_name") {
                        return self.named(d.kind, ns, jm);
                    }
                    let refs = self.references(j, &["namespace_name"]);
                    return self
                        .resolve_refs(jm, &refs)
                        .into_iter()
                        .find(|&k| self.kind_of(k) == d.kind);
                }
                _ if is_azapi_with_type(ty) => "parent_id",
                _ => continue,
            };
            let props = self.props(j);
            let v = props
                .get(next)
                .cloned()
                .unwrap_or_else(|| Val::unknown("not planned", None));
            let refs = self.references(j, &[next]);
            let jm = self.res[j].module.clone();
            if let Some(k) = self.destination_of(&jm, d, &v, &refs, hops + 1) {
                return Some(k);
            }
        }
        None
    }
}

/// `body.location`, else the resource's own `location`.
fn azapi_location(props: &Val, body: Option<&Val>) -> Option<Val> {
    body.and_then(|b| b.get("location"))
        .or_else(|| props.get("location"))
        .cloned()
}

/// A JSON value decoded from a string, every node placed at `loc`.
fn detached(v: &JsonValue, loc: Option<Loc>) -> Val {
    let kind = match &v.kind {
        JsonKind::Object(members) => ValKind::Map(
            members
                .iter()
                .map(|m| (m.key.clone(), detached(&m.value, loc)))
                .collect(),
        ),
        JsonKind::Array(items) => ValKind::List(items.iter().map(|i| detached(i, loc)).collect()),
        JsonKind::String(s) => ValKind::Str(s.clone()),
        JsonKind::Number(n) => ValKind::Num(*n),
        JsonKind::Bool(b) => ValKind::Bool(*b),
        JsonKind::Null => ValKind::Null,
        JsonKind::Error => ValKind::Unknown("the body does not parse here".into()),
    };
    Val::new(kind, loc)
}

fn strings(v: &JsonValue) -> Vec<&str> {
    v.items().iter().filter_map(JsonValue::as_str).collect()
}

/// `module.a[0].module.b` → `["a", "b"]`.
fn call_path(module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = module;
    while let Some(r) = rest.strip_prefix("module.") {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        out.push(r[..end].to_string());
        rest = &r[end..];
        if rest.starts_with('[') {
            rest = skip_index(rest);
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    out
}

/// The text after a leading `[...]` (quoted keys may hold `]`).
fn skip_index(s: &str) -> &str {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            ']' if !in_str => return &s[i + 1..],
            _ => {}
        }
    }
    ""
}

/// What a configuration reference names: `azurerm_subnet.x.id`, `azurerm_subnet.x[0]`,
/// `data.azurerm_x.y.id`; `None` for `var.*`, `local.*`, `module.*` and the like.
fn parse_ref(r: &str) -> Option<RefTarget<'_>> {
    let (data, rest) = match r.strip_prefix("data.") {
        Some(rest) => (true, rest),
        None => (false, r),
    };
    let dot = rest.find('.')?;
    let ty = &rest[..dot];
    if !data
        && matches!(
            ty,
            "var" | "local" | "module" | "each" | "count" | "path" | "terraform" | "self"
        )
    {
        return None;
    }
    let after = &rest[dot + 1..];
    let name_end = after.find(['.', '[']).unwrap_or(after.len());
    if name_end == 0 {
        return None;
    }
    let base = &rest[..dot + 1 + name_end];
    let tail = &after[name_end..];
    let index = if tail.starts_with('[') {
        let left = skip_index(tail);
        &tail[..tail.len() - left.len()]
    } else {
        ""
    };
    Some(RefTarget { data, base, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_plans_only() {
        assert!(is_plan(
            r#"{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{}}"#
        ));
        assert!(is_plan(
            "\u{feff}{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": []\n}"
        ));
        // A state (`terraform show -json` without a plan), a template, other JSON.
        assert!(!is_plan(
            r#"{"format_version":"1.0","terraform_version":"1.9.5","values":{}}"#
        ));
        assert!(!is_plan(
            r#"{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}"#
        ));
        assert!(!is_plan(r#"["format_version", "planned_values"]"#));
        assert!(!is_plan(""));
        // Far from the top, a long `variables` section first.
        let long = format!(
            r#"{{"format_version":"1.2","variables":{{"x":{{"value":"{}"}}}},"planned_values":{{}}}}"#,
            "a".repeat(10_000)
        );
        assert!(is_plan(&long));
    }

    #[test]
    fn module_paths_and_references() {
        assert_eq!(call_path(""), Vec::<String>::new());
        assert_eq!(call_path("module.net"), vec!["net"]);
        assert_eq!(call_path("module.a[\"x.y]\"].module.b[0]"), vec!["a", "b"]);
        let t = parse_ref("azurerm_subnet.x[0].id").unwrap();
        assert_eq!(
            (t.data, t.base, t.index),
            (false, "azurerm_subnet.x", "[0]")
        );
        let t = parse_ref("data.azurerm_log_analytics_workspace.shared.id").unwrap();
        assert_eq!(
            (t.data, t.base, t.index),
            (true, "azurerm_log_analytics_workspace.shared", "")
        );
        let t = parse_ref("azurerm_subnet.x").unwrap();
        assert_eq!(t.base, "azurerm_subnet.x");
        assert!(parse_ref("var.location").is_none());
        assert!(parse_ref("module.net.subnet_id").is_none());
        assert!(parse_ref("each.value").is_none());
    }
}
