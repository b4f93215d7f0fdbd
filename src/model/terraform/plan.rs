//! Lowering of a Terraform plan in JSON (`terraform show -json plan.out`): `planned_values`
//! and `resource_changes`, where every value is already resolved.
//!
//! Format: <https://developer.hashicorp.com/terraform/internals/json-format>. What is read:
//!
//! - `planned_values.root_module` and its `child_modules` (recursively): every managed
//!   resource (`address`, `type`, `name`, `values`) becomes a raw resource read as the HCL
//!   front-end's are (attribute names in camelCase, azapi resources as their ARM body);
//! - `resource_changes[].change`: `after` for a resource `planned_values` does not list, and
//!   `after_unknown`, whose `true` leaves become [`ValKind::Unknown`] "known only after apply"
//!   (the plan leaves them out of `values`);
//! - `configuration`: the `references` of an expression, attached to a value known only after
//!   apply (`azurerm_subnet.x.id`) so the resolve layer can follow it to the resource it reads;
//! - `prior_state`: data sources read at plan time, whose values (a workspace's `location`)
//!   are known, as destinations of a reference.
//!
//! Every value is a literal of the plan: its `loc` is the JSON value in the plan file, and its
//! `literal` is `None` — the plan is generated, so no fix should edit it. The declaration of a
//! resource is its `address` string.

use std::collections::HashMap;

use super::is_azapi_with_type;
use crate::model::{
    Declaration, Evaluated, FileId, Loc, Lowered, Project, RawResource, Refers, Resolve,
    ResourceId, Step, TypeRef, Val, ValKind,
};
use crate::syntax::json::{self, JsonKind, JsonValue};

/// How far into the text [`is_plan`] looks for `format_version`.
const HEAD: usize = 4096;
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
pub fn lower(project: &Project, plan: FileId, resolve: Resolve) -> Lowered {
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
    let mut plan = Plan::new(plan, text, root);
    plan.raw_resources();
    out.resources = resolve(&plan);
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
}

struct Plan<'a> {
    file: FileId,
    text: &'a str,
    res: Vec<PlanRes<'a>>,
    by_address: HashMap<&'a str, usize>,
    /// `configuration` resources by (module call path, `type.name` / `data.type.name`).
    config: HashMap<(Vec<String>, String), &'a JsonValue>,
    /// The resources as the resolve layer reads them.
    raw: Vec<RawResource>,
    /// Which resources are azapi ones with a known type (read as ARM resources).
    azapi: Vec<bool>,
    /// Which resources write a Microsoft Graph object to a known URL (read as that object).
    graph: Vec<bool>,
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
            raw: Vec::new(),
            azapi: Vec::new(),
            graph: Vec::new(),
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
                path.push(call.key.to_string());
                self.add_config(m, path, depth + 1);
                path.pop();
            }
        }
    }

    /// The resources as the resolve layer reads them: an azapi resource with a known type
    /// as the ARM resource it declares; data sources as read at plan time.
    fn raw_resources(&mut self) {
        let mut modules: Vec<&str> = Vec::new();
        for i in 0..self.res.len() {
            let r = &self.res[i];
            let arm = is_azapi_with_type(r.type_name)
                .then(|| self.str_value(i, "type"))
                .flatten()
                .map(|t| t.split('@').next().unwrap_or(t).trim().to_ascii_lowercase());
            let scope = match modules.iter().position(|m| *m == r.module) {
                Some(p) => p,
                None => {
                    modules.push(&self.res[i].module);
                    modules.len() - 1
                }
            };
            let graph = arm
                .is_none()
                .then(|| {
                    super::graph_url(self.res[i].type_name, &|a| {
                        self.str_value(i, a).map(str::to_string)
                    })
                })
                .flatten();
            let r = &self.res[i];
            self.azapi.push(arm.is_some());
            self.graph.push(graph.is_some());
            self.raw.push(RawResource {
                type_ref: match (arm, graph) {
                    (Some(t), _) => TypeRef::Arm(t),
                    (None, Some(url)) => TypeRef::GraphUrl(url),
                    (None, None) => TypeRef::Terraform(r.type_name.to_string()),
                },
                type_name: r.type_name.to_string(),
                name: r.address.to_string(),
                decl: r.decl,
                name_ranges: Vec::new(),
                declaration: if r.data {
                    Declaration::ReadAtPlan
                } else {
                    Declaration::Managed
                },
                scope: scope as u32,
            });
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
                    out.push((m.key.to_string(), val));
                }
                for m in unknown.map(JsonValue::members).unwrap_or_default() {
                    if m.value.as_bool() == Some(true) && !out.iter().any(|(k, _)| *k == m.key) {
                        out.push((
                            m.key.to_string(),
                            Val::unknown(
                                format!("`{}` of {} is known only after apply", m.key, r.address),
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
            JsonKind::String(s) => ValKind::Str(s.to_string()),
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

    // ----- configuration references ----------------------------------------------------------

    /// The references of the expression at `path` in the configuration of resource `i`
    /// (`["initial_replica_set", "0", "subnet_id"]`), and how many steps of the path that
    /// expression covers. Nested blocks are arrays of expression objects; an attribute holding
    /// an object (azapi `body`) is one expression, whose references are returned for every
    /// path below it.
    fn references(&self, i: usize, path: &[String]) -> (Vec<&'a str>, usize) {
        let r = &self.res[i];
        let Some(config) = self
            .config
            .get(&(r.config_path.clone(), r.config_key.clone()))
        else {
            return (Vec::new(), 0);
        };
        let Some(mut expr) = config.get("expressions") else {
            return (Vec::new(), 0);
        };
        for (depth, step) in path.iter().enumerate() {
            if let Some(refs) = expr.get("references") {
                return (strings(refs), depth);
            }
            let next = match &expr.kind {
                JsonKind::Array(items) => step.parse::<usize>().ok().and_then(|n| items.get(n)),
                JsonKind::Object(_) => expr.get(step),
                _ => None,
            };
            match next {
                Some(n) => expr = n,
                None => return (Vec::new(), 0),
            }
        }
        let refs = expr.get("references").map(strings).unwrap_or_default();
        (refs, path.len())
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

    /// The body of an azapi or msgraph resource: an object, or a JSON string decoded (its
    /// values placed at the string).
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

    /// The body the resolve layer reads: the planned values, or an azapi resource's ARM body
    /// (with the resource's `location` when the body has none).
    fn body(&self, i: usize) -> Val {
        let props = self.props(i);
        if self.graph[i] {
            return self
                .azapi_body(&props)
                .unwrap_or_else(|| Val::new(ValKind::Map(Vec::new()), props.loc));
        }
        if !self.azapi[i] {
            return props;
        }
        let mut body = self
            .azapi_body(&props)
            .unwrap_or_else(|| Val::new(ValKind::Map(Vec::new()), props.loc));
        if let (ValKind::Map(members), Some(location)) = (&mut body.kind, props.get("location")) {
            if !members.iter().any(|(k, _)| k == "location") {
                members.push(("location".to_string(), location.clone()));
            }
        }
        body
    }
}

impl Evaluated for Plan<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        // The body is another API's object, its keys as that API spells them.
        let azapi = self.azapi[res] || self.graph[res];
        let body = self.body(res);
        // The path in the configuration: attribute names, indexes as strings; an azapi body
        // is one expression.
        let mut config_path: Vec<String> = Vec::with_capacity(path.len() + 1);
        if azapi {
            config_path.push("body".to_string());
        }
        let mut at = &body;
        let mut lists = Vec::new();
        for step in path {
            at = match step {
                Step::Key(k) => {
                    let key = if azapi {
                        k.to_string()
                    } else {
                        super::attribute_name(k)
                    };
                    let next = at.get(&key)?;
                    config_path.push(key);
                    next
                }
                Step::Index(i) => {
                    let items = at.items();
                    lists.push((config_path.len(), items.len()));
                    config_path.push(i.to_string());
                    items.get(*i)?
                }
            };
        }
        let mut v = at.clone();
        if path.is_empty() {
            return Some(if azapi { v } else { super::canonical_keys(v) });
        }
        // A value known only after apply: the resources its expression reads. References of a
        // whole expression above the value (an azapi body) are used only when no list on the
        // way has more than one element, whose references would be mixed.
        if v.is_unknown() {
            let (refs, covered) = self.references(res, &config_path);
            let precise = lists
                .iter()
                .all(|&(depth, len)| depth < covered || len <= 1);
            let module = &self.res[res].module;
            let found = if precise {
                self.resolve_refs(module, &refs)
            } else {
                Vec::new()
            };
            if !found.is_empty() {
                v.refers = Some(Box::new(Refers {
                    resources: found,
                    ..Refers::default()
                }));
            }
        }
        Some(if azapi { v } else { super::canonical_keys(v) })
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        if !self.azapi[res] {
            return Vec::new();
        }
        self.str_value(res, "name")
            .map(str::to_string)
            .into_iter()
            .collect()
    }

    fn parent(&self, res: ResourceId) -> Option<Val> {
        if !self.azapi[res] {
            return None;
        }
        let mut v = self.props(res).get("parent_id")?.clone();
        if v.is_unknown() {
            let (refs, _) = self.references(res, &["parent_id".to_string()]);
            let found = self.resolve_refs(&self.res[res].module, &refs);
            v.refers = Some(Box::new(Refers {
                resources: found,
                ..Refers::default()
            }));
        }
        Some(v)
    }

    fn implied_location(&self, res: ResourceId) -> Option<Val> {
        let r = &self.res[res];
        Some(Val::unknown(
            format!("{} has no planned location", r.address),
            Some(r.decl),
        ))
    }
}

/// A JSON value decoded from a string, every node placed at `loc`.
fn detached(v: &JsonValue, loc: Option<Loc>) -> Val {
    let kind = match &v.kind {
        JsonKind::Object(members) => ValKind::Map(
            members
                .iter()
                .map(|m| (m.key.to_string(), detached(&m.value, loc)))
                .collect(),
        ),
        JsonKind::Array(items) => ValKind::List(items.iter().map(|i| detached(i, loc)).collect()),
        JsonKind::String(s) => ValKind::Str(s.to_string()),
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
