//! Lowering of Pulumi YAML programs (`Pulumi.yaml` / `Main.yaml`) with a stack's configuration
//! (`Pulumi.<stack>.yaml`) into the model.
//!
//! A program has `resources:` (each with a `type:` token, `properties:` and `options:`),
//! `variables:` and `config:` (declarations with defaults; values come from the stack file's
//! `config:`, keys namespaced as `<project>:key` or `<provider>:key`). Values are evaluated
//! statically: `${var}`, `${config}`, `${res.prop[0].sub}` interpolation, `${pulumi.stack}`
//! and `${pulumi.project}`; `fn::invoke` and the other `fn::` functions are
//! [`ValKind::Unknown`] with the reason.
//!
//! azure-native resources usually omit `location`: per pulumi/pulumi-azure-native#66
//! ("Automatic location propagation") a resource takes the location of its resource group, and
//! a resource group the provider's location. So an omitted location is the location of the
//! `azure-native:resources:ResourceGroup` its `resourceGroupName` designates (`${rg.name}`, or
//! the group's literal name) — Unknown when the program does not declare that group, since an
//! existing group's location is not in the code; for a resource group (or a resource outside
//! one) it is the `location` of an explicit `pulumi:providers:azure-native` provider
//! (`options.provider`), else the `azure-native:location` config of the stack file (or of
//! `Pulumi.yaml`), else Unknown. Resources read with `get:` are existing ones: not lowered,
//! and their location is Unknown when referenced.
//!
//! Type tokens are matched in their short (`azuread:Invitation`) and long
//! (`azuread:index/invitation:Invitation`) forms, and with versioned azure-native modules
//! (`azure-native:aad/v20221201:DomainService`).

use std::cell::Cell;
use std::collections::HashMap;

use super::{
    Declaration, Evaluated, FileId, Loc, Lowered, Origin, Project, RawResource, Refers, Resolve,
    ResourceId, Step as RawStep, TypeRef, Val, ValKind,
};
use crate::syntax::yaml::{self, NodeId, NodeKind, Style, Yaml};

// `${...}` interpolation: pieces, access paths, whole-string references.
mod interpolation;
use interpolation::{parse_access, pieces, reference, steps_text, Piece, Step};

/// Node visits allowed while evaluating one program: YAML aliases can make a small file
/// denote an exponentially large value ("billion laughs"); past this, values are Unknown.
const BUDGET: usize = 50_000;
/// Deepest chain of references (`${a}` → `${b}` → ...) followed; also stops cycles.
const MAX_REF_DEPTH: usize = 32;

/// Short form of a token: `azuread:index/invitation:Invitation` → `azuread:Invitation`,
/// `azure:aadb2c/directory:Directory` → `azure:aadb2c:Directory`,
/// `azure-native:aad/v20221201:DomainService` → `azure-native:aad:DomainService`.
pub fn normalize_token(token: &str) -> String {
    let parts: Vec<&str> = token.trim().split(':').collect();
    match parts.as_slice() {
        [pkg, module, ty] => {
            let module = module.split('/').next().unwrap_or(module);
            if module == "index" || module.is_empty() {
                format!("{pkg}:{ty}")
            } else {
                format!("{pkg}:{module}:{ty}")
            }
        }
        _ => token.trim().to_string(),
    }
}

/// A resource of the program.
struct PRes {
    name: String,
    token: String,
    node: NodeId,
    type_node: NodeId,
    /// The resource's key under `resources:`.
    key_node: NodeId,
}

struct Ctx<'a> {
    project: &'a Project,
    yamls: Vec<Option<Yaml>>,
    program: FileId,
    stack: Option<FileId>,
    /// Files whose `config:` declares project configuration (the program, `Pulumi.yaml`).
    project_files: Vec<FileId>,
    project_name: Option<String>,
    resources: Vec<PRes>,
    by_name: HashMap<String, usize>,
    variables: HashMap<String, NodeId>,
    budget: Cell<usize>,
}

/// Lowers the Pulumi program in `program` (the file with `resources:`), with the configuration
/// of `stack` when given. `project` also holds `Pulumi.yaml` when the program is `Main.yaml`.
pub fn lower(
    project: &Project,
    program: FileId,
    stack: Option<FileId>,
    resolve: Resolve,
) -> Lowered {
    let mut out = Lowered::default();
    let yamls: Vec<Option<Yaml>> = project
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let relevant = i == program
                || Some(i) == stack
                || f.kind == super::FileKind::PulumiProgram
                || f.kind == super::FileKind::PulumiStack;
            relevant.then(|| yaml::parse(&f.text))
        })
        .collect();
    for (i, y) in yamls.iter().enumerate() {
        if let Some(y) = y {
            out.syntax_errors
                .extend(y.errors.iter().cloned().map(|e| (i, e)));
        }
    }
    let project_files: Vec<FileId> = (0..project.files.len())
        .filter(|&i| i != program && Some(i) != stack && yamls[i].is_some())
        .chain(std::iter::once(program))
        .collect();
    let mut ctx = Ctx {
        project,
        yamls,
        program,
        stack,
        project_files,
        project_name: None,
        resources: Vec::new(),
        by_name: HashMap::new(),
        variables: HashMap::new(),
        budget: Cell::new(BUDGET),
    };
    ctx.project_name = ctx
        .project_files
        .iter()
        .find_map(|&f| ctx.root(f).and_then(|r| ctx.str_at(f, r, "name")))
        .map(str::to_string);
    let Some(root) = ctx.root(program) else {
        return out;
    };
    let y = ctx.yamls[program].as_ref().expect("the program is parsed");
    let mut variables = HashMap::new();
    if let Some(vars) = y.get(root, "variables") {
        for (k, v) in y.entries(vars) {
            if let Some(name) = y.as_str(k) {
                variables.insert(name.to_string(), v);
            }
        }
    }
    let mut resources = Vec::new();
    if let Some(res) = y.get(root, "resources") {
        for (k, v) in y.entries(res) {
            let (Some(name), Some(type_node)) = (y.as_str(k), y.get(v, "type")) else {
                continue;
            };
            let token = y.as_str(type_node).unwrap_or("").to_string();
            resources.push(PRes {
                name: name.to_string(),
                token,
                node: v,
                type_node,
                key_node: k,
            });
        }
    }
    ctx.variables = variables;
    ctx.by_name = resources
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| (r.name.clone(), i))
        .collect();
    ctx.resources = resources;
    let program = Program {
        raw: (0..ctx.resources.len())
            .map(|r| ctx.raw_resource(r))
            .collect(),
        ctx,
    };
    out.resources = resolve(&program);
    out
}

/// The program's resources as the resolve layer reads them.
struct Program<'a> {
    ctx: Ctx<'a>,
    raw: Vec<RawResource>,
}

impl Evaluated for Program<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[RawStep]) -> Option<Val> {
        self.ctx.budget.set(BUDGET);
        self.ctx.value(res, path)
    }

    fn items(&self, res: ResourceId, path: &[RawStep]) -> Option<Result<usize, Val>> {
        self.ctx.budget.set(BUDGET);
        let y = self.ctx.y(self.ctx.program);
        if let Some(Found::Node(node)) = self.ctx.find(res, path) {
            if let Some(NodeKind::Seq(items)) = y.resolve(node).map(|n| &y.node(n).kind) {
                return Some(Ok(items.len()));
            }
        }
        let v = self.ctx.value(res, path)?;
        Some(match &v.kind {
            ValKind::List(items) => Ok(items.len()),
            ValKind::Null => Ok(0),
            _ => Err(v),
        })
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        vec![self.ctx.resources[res].name.clone()]
    }

    fn implied_location(&self, res: ResourceId) -> Option<Val> {
        self.ctx.budget.set(BUDGET);
        self.ctx.implied_location(res, 0)
    }
}

/// Where a path into a resource's properties leads: a node of the program, or a value
/// reached through an expression.
enum Found {
    Node(NodeId),
    Val(Val),
}

impl<'a> Ctx<'a> {
    fn y(&self, file: FileId) -> &Yaml {
        self.yamls[file]
            .as_ref()
            .expect("only parsed files are read")
    }

    /// The first mapping document of a file.
    fn root(&self, file: FileId) -> Option<NodeId> {
        let y = self.yamls.get(file)?.as_ref()?;
        y.documents.iter().copied().find(|&d| y.is_map(d))
    }

    fn str_at(&self, file: FileId, node: NodeId, key: &str) -> Option<&str> {
        let y = self.y(file);
        y.get(node, key).and_then(|v| y.as_str(v))
    }

    fn loc(&self, file: FileId, node: NodeId) -> Loc {
        Loc {
            file,
            range: self.y(file).node(node).range,
        }
    }

    fn file_name(&self, file: FileId) -> String {
        let path = &self.project.files[file].path;
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }

    /// The stack name: `Pulumi.<stack>.yaml`.
    fn stack_name(&self) -> Option<String> {
        let name = self.file_name(self.stack?);
        let rest = name
            .strip_prefix("Pulumi.")
            .or(name.strip_prefix("pulumi."))?;
        let stem = rest.strip_suffix(".yaml").or(rest.strip_suffix(".yml"))?;
        Some(stem.to_string())
    }

    // ----- evaluation ----------------------------------------------------------------------

    fn eval(&self, file: FileId, node: NodeId, depth: usize) -> Val {
        let y = self.y(file);
        let loc = Some(self.loc(file, node));
        let left = self.budget.get();
        if left == 0 {
            return Val::unknown("the value is too large to expand (YAML aliases)", loc);
        }
        self.budget.set(left - 1);
        let Some(target) = y.resolve(node) else {
            return Val::unknown("alias of an anchor that is not defined", loc);
        };
        match &y.node(target).kind {
            NodeKind::Scalar {
                value,
                style,
                content,
            } => {
                if value.contains("${") {
                    return self.interpolate(file, node, value, depth);
                }
                let kind = if *style == Style::Plain {
                    plain_scalar(value)
                } else {
                    ValKind::Str(value.clone())
                };
                let mut v = Val::new(kind, loc);
                if matches!(v.kind, ValKind::Str(_)) {
                    v.literal = content.map(|range| Loc { file, range });
                }
                v
            }
            NodeKind::Seq(items) => {
                let items = items.iter().map(|&i| self.eval(file, i, depth)).collect();
                Val::new(ValKind::List(items), loc)
            }
            NodeKind::Map(_) => {
                let entries = y.entries(target);
                if let [(k, _)] = entries.as_slice() {
                    // An object whose one key starts with `fn::` is a function call; the
                    // early reference wrote `Fn::` (pulumi/docs `content/docs/reference/yaml/
                    // _index.md`: "has a key that has the prefix `Fn::`"), today's `fn::`
                    // (`languages-sdks/yaml/yaml-language-reference.md`), so both are calls.
                    let call =
                        |f: &&str| f.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("fn::"));
                    if let Some(f) = y.as_str(*k).filter(call) {
                        return Val::unknown(
                            format!("`{f}` is evaluated by Pulumi at deployment"),
                            loc,
                        );
                    }
                }
                let members = entries
                    .into_iter()
                    .filter_map(|(k, v)| {
                        Some((y.as_str(k)?.to_string(), self.eval(file, v, depth)))
                    })
                    .collect();
                Val::new(ValKind::Map(members), loc)
            }
            NodeKind::Alias(_) | NodeKind::Missing => Val::new(ValKind::Null, loc),
        }
    }

    fn interpolate(&self, file: FileId, node: NodeId, s: &str, depth: usize) -> Val {
        let at = self.loc(file, node);
        let parts = pieces(s);
        if let [Piece::Expr(e)] = parts.as_slice() {
            return self.access(e, at, depth);
        }
        let mut out = String::new();
        let mut origin = Vec::new();
        // The first unknown piece: the string is unknown, with its text (`\0` for each
        // unknown piece) kept so an id still names its resource.
        let mut unknown: Option<Val> = None;
        for p in parts {
            match p {
                Piece::Text(t) => out.push_str(&t),
                Piece::Expr(e) => {
                    let v = self.access(e, at, depth);
                    match &v.kind {
                        ValKind::Str(s) => out.push_str(s),
                        ValKind::Num(n) => out.push_str(&n.to_string()),
                        ValKind::Bool(b) => out.push_str(&b.to_string()),
                        ValKind::Unknown(_) => {
                            out.push('\0');
                            unknown.get_or_insert(v);
                            continue;
                        }
                        _ => return Val::unknown(format!("`${{{e}}}` is not a string"), Some(at)),
                    }
                    origin.extend(v.origin);
                }
            }
        }
        if let Some(mut v) = unknown {
            v.refers.get_or_insert_with(Default::default).text = Some(out);
            return v;
        }
        let mut v = Val::new(ValKind::Str(out), Some(at));
        v.origin = origin;
        v
    }

    /// `${expr}` written at `at`.
    fn access(&self, expr: &str, at: Loc, depth: usize) -> Val {
        let Some((root, steps)) = parse_access(expr) else {
            return Val::unknown(format!("`${{{expr}}}` is not understood"), Some(at));
        };
        if depth >= MAX_REF_DEPTH {
            return Val::unknown(
                format!("`${{{expr}}}`: references nest too deep (a cycle?)"),
                Some(at),
            );
        }
        let (mut v, rest) = if root == "pulumi" {
            let what = match steps.first() {
                Some(Step::Prop(p)) => p.as_str(),
                _ => "",
            };
            let known = match what {
                "stack" => self.stack_name(),
                "project" => self.project_name.clone(),
                _ => None,
            };
            let v = match known {
                Some(s) => Val::new(ValKind::Str(s), Some(at)),
                None => Val::unknown(format!("`pulumi.{what}` is known at deployment"), Some(at)),
            };
            (v, steps.get(1..).unwrap_or(&[]))
        } else if let Some(&node) = self.variables.get(&root) {
            let mut v = self.eval(self.program, node, depth + 1);
            v.origin.insert(
                0,
                Origin {
                    loc: self.loc(self.program, node),
                    note: format!("variable `{root}`"),
                },
            );
            (v, &steps[..])
        } else if let Some(r) = self.by_name.get(&root).copied() {
            return self.resource_access(r, &steps, at, depth + 1);
        } else if let Some(v) = self.config(&root, depth + 1) {
            (v, &steps[..])
        } else {
            return Val::unknown(
                format!("`{root}` is not a variable, resource or config key of this program"),
                Some(at),
            );
        };
        for step in rest {
            v = navigate(v, step, at);
        }
        v.loc = Some(at);
        // What an unknown value (a `fn::invoke` result) is read with
        // (`${msgraph.appRoleIds["User.Read.All"]}`), for rules that look at the keys.
        if v.is_unknown() && v.refers.is_none() && !rest.is_empty() {
            v.refers = Some(Box::new(Refers {
                path: steps_text(rest),
                ..Refers::default()
            }));
        }
        v
    }

    /// `${res.steps}`: its value, and what it reads.
    fn resource_access(&self, r: usize, steps: &[Step], at: Loc, depth: usize) -> Val {
        let mut v = self.resource_value(r, steps, at, depth);
        let refers = v.refers.get_or_insert_with(Default::default);
        if refers.resources.is_empty() {
            refers.resources.push(r);
            refers.path = steps_text(steps);
        }
        v
    }

    fn resource_value(&self, r: usize, steps: &[Step], at: Loc, depth: usize) -> Val {
        let res = &self.resources[r];
        let Some(Step::Prop(first)) = steps.first() else {
            return Val::unknown(
                format!(
                    "`${{{}}}` is the resource itself, known at deployment",
                    res.name
                ),
                Some(at),
            );
        };
        let mut v = if first == "location" {
            match self.location(r, depth) {
                Some(v) => v,
                None => Val::unknown(
                    format!("resource `{}` declares no location", res.name),
                    Some(at),
                ),
            }
        } else {
            let y = self.y(self.program);
            match y.path(res.node, &["properties", first]) {
                Some(node) => self.eval(self.program, node, depth),
                None => {
                    return Val::unknown(
                        format!(
                            "`{}.{first}` is an output of the resource, known after deployment",
                            res.name
                        ),
                        Some(at),
                    )
                }
            }
        };
        v.origin.insert(
            0,
            Origin {
                loc: v
                    .loc
                    .unwrap_or_else(|| self.loc(self.program, res.type_node)),
                note: format!("{first} of resource `{}`", res.name),
            },
        );
        for step in &steps[1..] {
            v = navigate(v, step, at);
        }
        v.loc = Some(at);
        v
    }

    /// The value of config key `key` (as written in `${...}`), `None` when no file declares
    /// or sets it.
    fn config(&self, key: &str, depth: usize) -> Option<Val> {
        let namespaced = match (&self.project_name, key.contains(':')) {
            (Some(p), false) => Some(format!("{p}:{key}")),
            _ => None,
        };
        let matches = |k: &str| k == key || namespaced.as_deref() == Some(k);
        if let Some(stack) = self.stack {
            if let Some(cfg) = self
                .root(stack)
                .and_then(|r| self.y(stack).get(r, "config"))
            {
                let y = self.y(stack);
                for (k, v) in y.entries(cfg) {
                    let Some(written) = y.as_str(k).filter(|k| matches(k)) else {
                        continue;
                    };
                    let mut val = if y.get(v, "secure").is_some() {
                        Val::unknown(
                            format!("config `{written}` is a secret"),
                            Some(self.loc(stack, v)),
                        )
                    } else {
                        match y.get(v, "value") {
                            Some(inner) if y.is_map(v) => self.eval(stack, inner, depth),
                            _ => self.eval(stack, v, depth),
                        }
                    };
                    val.origin.insert(
                        0,
                        Origin {
                            loc: self.loc(stack, v),
                            note: format!("config `{written}` in {}", self.file_name(stack)),
                        },
                    );
                    return Some(val);
                }
            }
        }
        for &file in &self.project_files {
            let y = self.y(file);
            let Some(root) = self.root(file) else {
                continue;
            };
            for section in ["config", "configuration"] {
                let Some(cfg) = y.get(root, section) else {
                    continue;
                };
                for (k, v) in y.entries(cfg) {
                    let Some(written) = y.as_str(k).filter(|k| matches(k)) else {
                        continue;
                    };
                    let fname = self.file_name(file);
                    let given = if y.is_map(v) {
                        y.get(v, "value")
                            .map(|n| (n, format!("config `{written}` in {fname}")))
                            .or_else(|| {
                                y.get(v, "default")
                                    .map(|n| (n, format!("config `{written}` default in {fname}")))
                            })
                    } else if y.as_str(v).is_some_and(is_type_name) {
                        None
                    } else {
                        Some((v, format!("config `{written}` in {fname}")))
                    };
                    let mut val = match &given {
                        Some((n, _)) => self.eval(file, *n, depth),
                        None => Val::unknown(
                            match self.stack {
                                Some(s) => format!(
                                    "config `{written}` has no value in {} and no default",
                                    self.file_name(s)
                                ),
                                None => format!(
                                    "config `{written}` is set per stack and no Pulumi.<stack>.yaml was found"
                                ),
                            },
                            Some(self.loc(file, k)),
                        ),
                    };
                    let (loc, note) = match given {
                        Some((n, note)) => (self.loc(file, n), note),
                        None => (self.loc(file, k), format!("config `{written}` in {fname}")),
                    };
                    val.origin.insert(0, Origin { loc, note });
                    return Some(val);
                }
            }
        }
        None
    }

    // ----- resources ----------------------------------------------------------------------

    fn prop(&self, r: usize, path: &[&str]) -> Option<NodeId> {
        let y = self.y(self.program);
        let props = y.get(self.resources[r].node, "properties")?;
        y.path(props, path)
    }

    fn is_azure_native(&self, r: usize) -> bool {
        self.resources[r].token.starts_with("azure-native:")
    }

    /// Where a resource is, as `${res.location}` reads it: its `location`, else the location
    /// it inherits (see [`Ctx::implied_location`]).
    fn location(&self, r: usize, depth: usize) -> Option<Val> {
        match self.prop(r, &["location"]) {
            Some(node) => Some(self.eval(self.program, node, depth)),
            None => self.implied_location(r, depth),
        }
    }

    /// The location of a resource that writes none: Unknown for an existing one; for
    /// azure-native, the location it inherits (see the module documentation).
    fn implied_location(&self, r: usize, depth: usize) -> Option<Val> {
        if depth >= MAX_REF_DEPTH {
            return Some(Val::unknown("location references nest too deep", None));
        }
        let res = &self.resources[r];
        if self.is_get(r) {
            return Some(Val::unknown(
                format!(
                    "`{}` is an existing resource read with `get:`: its location is not in this program",
                    res.name
                ),
                None,
            ));
        }
        if !self.is_azure_native(r) {
            return None;
        }
        // pulumi/pulumi-azure-native#66: a resource without `location` takes its resource
        // group's; a resource group (or a resource outside one) the provider's location.
        let is_group = normalize_token(&res.token)
            .eq_ignore_ascii_case("azure-native:resources:ResourceGroup");
        if let Some(rg_node) = self.prop(r, &["resourceGroupName"]).filter(|_| !is_group) {
            let rg = self.resource_group(rg_node);
            let Some(rg) = rg else {
                let shown = self
                    .y(self.program)
                    .as_str(rg_node)
                    .unwrap_or("its resource group")
                    .to_string();
                return Some(Val::unknown(
                    format!(
                        "location comes from resource group `{shown}` at deployment (azure-native resources without `location` take their resource group's, and this program does not declare it)"
                    ),
                    None,
                ));
            };
            let mut v = self.location(rg, depth + 1)?;
            v.origin.insert(
                0,
                Origin {
                    loc: v
                        .loc
                        .unwrap_or_else(|| self.loc(self.program, self.resources[rg].type_node)),
                    note: format!(
                        "location of resource group `{}` (azure-native resources without `location` take their resource group's)",
                        self.resources[rg].name
                    ),
                },
            );
            v.loc = None;
            return Some(v);
        }
        // An explicit provider (`options: {provider: ${p}}`, `type: pulumi:providers:azure-native`;
        // Pulumi docs, "Resource option: provider") with its own `location`.
        if let Some(p) = self.provider(r) {
            if let Some(node) = self.prop(p, &["location"]) {
                let mut v = self.eval(self.program, node, depth + 1);
                v.origin.insert(
                    0,
                    Origin {
                        loc: self.loc(self.program, node),
                        note: format!(
                            "location of provider `{}` (azure-native resources without `location` are placed in their provider's)",
                            self.resources[p].name
                        ),
                    },
                );
                v.loc = None;
                return Some(v);
            }
        }
        if let Some(mut v) = self.config("azure-native:location", depth + 1) {
            v.origin.push(Origin {
                loc: self.loc(self.program, res.type_node),
                note: "azure-native resources without `location` are placed in the provider's `azure-native:location`".into(),
            });
            v.loc = None;
            return Some(v);
        }
        Some(Val::unknown(
            "location comes from the resource group or the azure-native:location config at deployment",
            None,
        ))
    }

    /// Whether a resource is an existing one read with `get:`.
    fn is_get(&self, r: usize) -> bool {
        self.y(self.program)
            .get(self.resources[r].node, "get")
            .is_some()
    }

    /// The explicit provider resource of `options.provider`.
    fn provider(&self, r: usize) -> Option<usize> {
        let y = self.y(self.program);
        let node = y.path(self.resources[r].node, &["options", "provider"])?;
        let (root, _) = reference(y.as_str(node)?)?;
        let p = self.by_name.get(&root).copied()?;
        self.resources[p]
            .token
            .eq_ignore_ascii_case("pulumi:providers:azure-native")
            .then_some(p)
    }

    /// The declared `azure-native:resources:ResourceGroup` a `resourceGroupName` designates:
    /// `${rg.name}`, or a literal equal to a declared group's `resourceGroupName`.
    fn resource_group(&self, node: NodeId) -> Option<usize> {
        let is_rg = |g: usize| {
            normalize_token(&self.resources[g].token)
                .eq_ignore_ascii_case("azure-native:resources:ResourceGroup")
        };
        let s = self.y(self.program).as_str(node)?;
        match reference(s) {
            Some((root, _)) => self.by_name.get(&root).copied().filter(|&g| is_rg(g)),
            None => (0..self.resources.len()).find(|&g| {
                is_rg(g)
                    && self
                        .prop(g, &["resourceGroupName"])
                        .and_then(|n| self.y(self.program).as_str(n))
                        .is_some_and(|n| n.eq_ignore_ascii_case(s))
            }),
        }
    }

    /// A resource as the resolve layer reads it.
    fn raw_resource(&self, r: usize) -> RawResource {
        let res = &self.resources[r];
        RawResource {
            type_ref: TypeRef::Pulumi(normalize_token(&res.token).to_ascii_lowercase()),
            type_name: res.token.clone(),
            name: res.name.clone(),
            decl: self.loc(self.program, res.type_node),
            name_ranges: vec![self.loc(self.program, res.key_node)],
            // Existing resources read with `get:` are not declared here (like ARM's
            // `existing`).
            declaration: if self.is_get(r) {
                Declaration::Existing
            } else {
                Declaration::Managed
            },
            scope: 0,
        }
    }

    /// Where `path` leads in the `properties:` of resource `r`: a node while the program
    /// writes the value there, else the value an expression on the way evaluates to.
    fn find(&self, r: usize, path: &[RawStep]) -> Option<Found> {
        let y = self.y(self.program);
        let mut node = y.get(self.resources[r].node, "properties")?;
        for (i, step) in path.iter().enumerate() {
            let target = y.resolve(node)?;
            let next = match (step, &y.node(target).kind) {
                (RawStep::Key(k), NodeKind::Map(_)) => y.get(target, k),
                (RawStep::Index(n), NodeKind::Seq(items)) => items.get(*n).copied(),
                (_, NodeKind::Scalar { .. }) => {
                    // An expression (`${sets}`): evaluate it, then walk the value.
                    let mut v = self.eval(self.program, node, 0);
                    let at = self.loc(self.program, node);
                    for step in &path[i..] {
                        if v.is_unknown() {
                            break;
                        }
                        let next = match step {
                            RawStep::Key(k) => Step::Prop(k.to_string()),
                            RawStep::Index(n) => Step::Index(*n),
                        };
                        let found = match &next {
                            Step::Prop(p) => v.get(p).is_some(),
                            Step::Index(n) => v.items().get(*n).is_some(),
                        };
                        if !found {
                            return None;
                        }
                        v = navigate(v, &next, at);
                    }
                    return Some(Found::Val(v));
                }
                _ => None,
            };
            node = next?;
        }
        Some(Found::Node(node))
    }

    /// The value at `path` in the `properties:` of resource `r` (all of them for an empty
    /// path; an empty map when it has none).
    fn value(&self, r: usize, path: &[RawStep]) -> Option<Val> {
        if path.is_empty() {
            let y = self.y(self.program);
            return Some(match y.get(self.resources[r].node, "properties") {
                Some(p) => self.eval(self.program, p, 0),
                None => Val::new(
                    ValKind::Map(Vec::new()),
                    Some(self.loc(self.program, self.resources[r].type_node)),
                ),
            });
        }
        match self.find(r, path)? {
            Found::Node(node) => Some(self.eval(self.program, node, 0)),
            Found::Val(v) => Some(v),
        }
    }
}

/// A step into a value.
fn navigate(v: Val, step: &Step, at: Loc) -> Val {
    if v.is_unknown() {
        return v;
    }
    let origin = v.origin.clone();
    let next = match step {
        Step::Prop(p) => v.get(p).cloned(),
        Step::Index(i) => v.items().get(*i).cloned(),
    };
    match next {
        Some(mut n) => {
            n.origin.extend(origin);
            n
        }
        None => {
            let mut u = Val::unknown(format!("the value has no {step:?}"), Some(at));
            u.origin = origin;
            u
        }
    }
}

/// YAML 1.2 core schema for plain scalars.
fn plain_scalar(s: &str) -> ValKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => ValKind::Null,
        "true" | "True" | "TRUE" => ValKind::Bool(true),
        "false" | "False" | "FALSE" => ValKind::Bool(false),
        _ => match s.parse::<f64>() {
            Ok(n) if s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') => {
                ValKind::Num(n)
            }
            _ => ValKind::Str(s.to_string()),
        },
    }
}

/// Pulumi config declarations name a type instead of a value: `region: string`.
fn is_type_name(s: &str) -> bool {
    matches!(
        s,
        "string" | "integer" | "boolean" | "array" | "object" | "String" | "Number"
    ) || s.starts_with("List<")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_normalize() {
        assert_eq!(
            normalize_token("azuread:index/invitation:Invitation"),
            "azuread:Invitation"
        );
        assert_eq!(
            normalize_token("azure:aadb2c/directory:Directory"),
            "azure:aadb2c:Directory"
        );
        assert_eq!(
            normalize_token("azure-native:aad/v20221201:DomainService"),
            "azure-native:aad:DomainService"
        );
        assert_eq!(
            normalize_token(
                "azuread:index/authenticationStrengthPolicy:AuthenticationStrengthPolicy"
            ),
            "azuread:AuthenticationStrengthPolicy"
        );
    }

    #[test]
    fn access_paths() {
        assert_eq!(
            parse_access("vnet.subnets[0].id"),
            Some((
                "vnet".into(),
                vec![
                    Step::Prop("subnets".into()),
                    Step::Index(0),
                    Step::Prop("id".into())
                ]
            ))
        );
        assert_eq!(
            parse_access("m[\"k\"]"),
            Some(("m".into(), vec![Step::Prop("k".into())]))
        );
        assert!(matches!(pieces("$${x}").as_slice(), [Piece::Text(t)] if t == "${x}"));
    }
}
