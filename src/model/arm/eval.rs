//! Evaluation of template expressions and JSON values, lazily and with provenance.
//!
//! [`Ev`] is the evaluator's own value: besides a finished [`Val`] it can be a string with
//! unknown pieces ([`Ev::Part`], see [`super::value`]), a JSON subtree not evaluated yet
//! ([`Ev::Json`], so `variables('pairs')[parameters('location')]` evaluates one member, not the
//! whole object), or a resource returned by `reference()` ([`Ev::Res`]). Rules never see these:
//! [`Ctx::force`] turns any of them into a [`Val`], a string with unknown pieces becoming
//! [`ValKind::Unknown`] with the reason of its first unknown piece.

use crate::model::{FileId, Loc, Origin, Refers, Val, ValKind};
use crate::syntax::json::{JsonKind, JsonValue};
use crate::syntax::TextRange;

use super::expr::{self, Expr, StrForm};
use super::library;
use super::template::{Ctx, Key, ResId, ScopeId};
use super::value::{self, type_name, Form, Piece, Value};
use crate::syntax::json_template;

/// An evaluated (or lazily evaluable) value.
#[derive(Clone, Debug)]
pub(crate) enum Ev<'a> {
    /// A finished value (possibly unknown).
    V(Val),
    /// A string with unknown pieces; has at least one [`Piece::Hole`].
    Part(Vec<Piece>, Vec<Origin>),
    /// A JSON object or array not evaluated yet.
    Json(JsonRef<'a>),
    /// A resource of the template, as returned by `reference()`.
    Res { res: ResId, full: bool },
}

/// A JSON subtree to evaluate in a scope.
#[derive(Clone, Debug)]
pub(crate) struct JsonRef<'a> {
    /// Where its expressions are evaluated.
    pub scope: ScopeId,
    pub file: FileId,
    pub node: &'a JsonValue,
    /// How the subtree was reached (parameter, variable...), nearest first; the last step is
    /// where the subtree is written.
    pub origin: Vec<Origin>,
    /// Set when reached through `reference()`: the resource, and the name of the array the
    /// subtree is (an element of), so `subnets[0].id` can be derived.
    pub owner: Option<Owner>,
}

/// See [`JsonRef::owner`].
#[derive(Clone, Debug)]
pub(crate) struct Owner {
    pub res: ResId,
    pub collection: Option<String>,
}

/// Where an expression is being evaluated.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Env {
    pub scope: ScopeId,
    /// The JSON string holding the expression.
    pub at: Loc,
}

/// Runaway guard: nesting of evaluation (expressions and JSON values together: both recurse
/// on the stack, and a debug build's frames are large). The total work is [`value::Budget`].
const MAX_DEPTH: u32 = 128;

impl<'a> Value for Ev<'a> {
    fn done(v: Val) -> Self {
        Ev::V(v)
    }

    fn partial(pieces: Vec<Piece>, origin: Vec<Origin>) -> Self {
        Ev::Part(pieces, origin)
    }

    fn as_done(&self) -> Option<&Val> {
        match self {
            Ev::V(v) => Some(v),
            _ => None,
        }
    }

    fn as_partial(&self) -> Option<&[Piece]> {
        match self {
            Ev::Part(pieces, _) => Some(pieces),
            _ => None,
        }
    }

    fn into_form(self) -> Form<Self> {
        match self {
            Ev::V(v) => Form::Done(v),
            Ev::Part(pieces, origin) => Form::Partial(pieces, origin),
            lazy => Form::Lazy(lazy),
        }
    }
}

impl<'a> Ev<'a> {
    pub(crate) fn unknown(reason: impl Into<String>, at: Loc) -> Self {
        value::unknown(reason, at)
    }

    /// The reason, if this is an unknown value.
    pub(crate) fn unknown_reason(&self) -> Option<&str> {
        value::unknown_reason(self)
    }

    /// Adds a provenance step in front (nearest first).
    pub(crate) fn with_origin(self, step: Origin) -> Self {
        match self {
            Ev::V(mut v) => {
                v.origin.insert(0, step);
                Ev::V(v)
            }
            Ev::Part(p, mut o) => {
                o.insert(0, step);
                Ev::Part(p, o)
            }
            Ev::Json(mut j) => {
                j.origin.insert(0, step);
                Ev::Json(j)
            }
            res @ Ev::Res { .. } => res,
        }
    }

    /// The text of a string, with `\0` for unknown pieces; `None` for non-strings.
    pub(crate) fn text_with_holes(&self) -> Option<String> {
        value::text_with_holes(self)
    }
}

/// Replaces the location of the last provenance step (where a JSON subtree is written) with
/// the location of the node at hand inside that subtree.
fn retarget(origin: &[Origin], here: Loc) -> Vec<Origin> {
    let mut o = origin.to_vec();
    if let Some(last) = o.last_mut() {
        last.loc = here;
    }
    o
}

/// Whether an object member named `copy` is a property loop: an array of `{name, input}`.
fn is_property_copy(value: &JsonValue) -> bool {
    matches!(&value.kind, JsonKind::Array(items) if !items.is_empty()
        && items.iter().all(|c| c.get("name").is_some() && c.get("input").is_some()))
}

impl<'a> Ctx<'a> {
    pub(crate) fn loc(&self, file: FileId, range: TextRange) -> Loc {
        Loc { file, range }
    }

    /// Counts one step of work; `false` once the budget is spent.
    fn tick(&self) -> bool {
        self.budget.tick()
    }

    /// Evaluates a JSON node lazily: strings are evaluated (expressions) or taken as literals;
    /// objects and arrays become [`Ev::Json`].
    pub(crate) fn eval_node(&self, scope: ScopeId, file: FileId, node: &'a JsonValue) -> Ev<'a> {
        let at = self.loc(file, node.range);
        match &node.kind {
            JsonKind::String(s) => match expr::str_form(s) {
                StrForm::Literal if json_template::has_placeholder(s) => Ev::V(Val::new(
                    ValKind::Unknown(format!(
                        "`{}` is a placeholder of a Terraform template (templatefile()), filled in when Terraform renders the file",
                        placeholder(s)
                    )),
                    Some(at),
                )),
                StrForm::Literal => {
                    let mut v = Val::new(ValKind::Str(s.to_string()), Some(at));
                    v.literal = self
                        .project
                        .files
                        .get(file)
                        .and_then(|f| node.content_range(&f.text))
                        .map(|r| self.loc(file, r));
                    Ev::V(v)
                }
                StrForm::Escaped(t) => Ev::V(Val::new(ValKind::Str(t.to_string()), Some(at))),
                StrForm::Expression(src) => self.eval_source(src, Env { scope, at }),
            },
            JsonKind::Object(_) | JsonKind::Array(_) => Ev::Json(JsonRef {
                scope,
                file,
                node,
                origin: Vec::new(),
                owner: None,
            }),
            JsonKind::Number(n) => Ev::V(Val::new(ValKind::Num(*n), Some(at))),
            JsonKind::Bool(b) => Ev::V(Val::new(ValKind::Bool(*b), Some(at))),
            JsonKind::Null => Ev::V(Val::new(ValKind::Null, Some(at))),
            JsonKind::Error => Ev::unknown("the value does not parse", at),
        }
    }

    /// Parses and evaluates the text of an expression (between the brackets).
    pub(crate) fn eval_source(&self, src: &str, env: Env) -> Ev<'a> {
        match expr::parse(src) {
            Ok(e) => self.eval(&e, env),
            Err(msg) => Ev::unknown(format!("invalid template expression: {msg}"), env.at),
        }
    }

    /// Evaluates an expression.
    pub(crate) fn eval(&self, e: &Expr, env: Env) -> Ev<'a> {
        if !self.tick() {
            return Ev::unknown(value::TOO_LARGE, env.at);
        }
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return Ev::unknown("expressions nest too deeply to evaluate", env.at);
        }
        self.depth.set(depth + 1);
        let out = match e {
            Expr::Str(s) => Ev::V(Val::new(ValKind::Str(s.clone()), Some(env.at))),
            Expr::Num(n) => Ev::V(Val::new(ValKind::Num(*n), Some(env.at))),
            Expr::Call { name, args } => self.call(name, args, env),
            Expr::Prop(base, key) => match deployment_context(base, key) {
                Some(reason) => Ev::unknown(reason, env.at),
                None => {
                    let b = self.eval(base, env);
                    self.prop(b, key, env)
                }
            },
            Expr::Index(base, index) => {
                let b = self.eval(base, env);
                let i = self.eval(index, env);
                let i = self.force(i, Some(env.at));
                self.index(b, &i, env)
            }
        };
        self.depth.set(depth);
        out
    }

    /// Turns anything into a finished value. `at`, when given, becomes the value's `loc`
    /// (and that of every element of a JSON subtree evaluated here: they are all produced by
    /// the expression at `at`).
    pub(crate) fn force(&self, ev: Ev<'a>, at: Option<Loc>) -> Val {
        match ev {
            Ev::V(mut v) => {
                if let Some(at) = at {
                    v.loc = Some(at);
                }
                v
            }
            Ev::Part(pieces, origin) => value::partial_to_val(&pieces, origin, at),
            Ev::Json(j) => self.force_json(&j, at),
            Ev::Res { res, .. } => {
                let r = &self.resources[res];
                let decl = self.loc(self.scopes[r.scope].file, r.type_node.range);
                let mut v = Val::unknown(
                    format!(
                        "the state of `{}` returned by reference() is known only after deployment",
                        self.res_display(res)
                    ),
                    at,
                );
                v.refers = Some(Box::new(Refers {
                    resources: vec![res],
                    path: Vec::new(),
                    text: self.resource_id(res, at.unwrap_or(decl)).text_with_holes(),
                }));
                v
            }
        }
    }

    fn force_json(&self, j: &JsonRef<'a>, at: Option<Loc>) -> Val {
        let here = self.loc(j.file, j.node.range);
        let loc = Some(at.unwrap_or(here));
        if !self.tick() {
            return Val::unknown(value::TOO_LARGE, loc);
        }
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return Val::unknown("the value nests too deeply to evaluate", loc);
        }
        self.depth.set(depth + 1);
        let origin = retarget(&j.origin, here);
        let child = |node: &'a JsonValue| JsonRef {
            scope: j.scope,
            file: j.file,
            node,
            origin: j.origin.clone(),
            owner: None,
        };
        let kind = match &j.node.kind {
            JsonKind::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for m in members {
                    if m.key.eq_ignore_ascii_case("copy") && is_property_copy(&m.value) {
                        for c in m.value.items() {
                            let name = c.get("name").and_then(JsonValue::as_str).unwrap_or("");
                            let v = self.expand_copy(j.scope, j.file, c, at);
                            out.push((name.to_string(), self.force(v, at)));
                        }
                        continue;
                    }
                    out.push((m.key.to_string(), self.force_child(child(&m.value), at)));
                }
                ValKind::Map(out)
            }
            JsonKind::Array(items) => ValKind::List(
                items
                    .iter()
                    .map(|i| self.force_child(child(i), at))
                    .collect(),
            ),
            _ => {
                self.depth.set(depth);
                return self.force_child(j.clone(), at);
            }
        };
        self.depth.set(depth);
        Val {
            kind,
            loc,
            literal: None,
            origin,
            refers: None,
        }
    }

    /// Forces one node of a JSON subtree, its provenance continuing the subtree's.
    fn force_child(&self, j: JsonRef<'a>, at: Option<Loc>) -> Val {
        match j.node.kind {
            JsonKind::Object(_) | JsonKind::Array(_) => self.force_json(&j, at),
            _ => {
                let here = self.loc(j.file, j.node.range);
                let ev = self.eval_node(j.scope, j.file, j.node);
                let mut v = self.force(ev, Some(at.unwrap_or(here)));
                if !j.origin.is_empty() {
                    let mut origin = retarget(&j.origin, here);
                    origin.append(&mut v.origin);
                    v.origin = origin;
                }
                v
            }
        }
    }

    /// A member of a JSON subtree, evaluated lazily; provenance and owner carried along.
    pub(crate) fn json_child(
        &self,
        j: &JsonRef<'a>,
        node: &'a JsonValue,
        key: Option<&str>,
    ) -> Ev<'a> {
        let owner = j.owner.as_ref().map(|o| Owner {
            res: o.res,
            collection: match (&node.kind, key) {
                (JsonKind::Array(_), Some(k)) => Some(k.to_string()),
                (JsonKind::Object(_), None) => o.collection.clone(),
                _ => None,
            },
        });
        match node.kind {
            JsonKind::Object(_) | JsonKind::Array(_) => Ev::Json(JsonRef {
                scope: j.scope,
                file: j.file,
                node,
                origin: j.origin.clone(),
                owner,
            }),
            _ => {
                let ev = self.eval_node(j.scope, j.file, node);
                if j.origin.is_empty() {
                    return ev;
                }
                let here = self.loc(j.file, node.range);
                let mut steps = retarget(&j.origin, here);
                match ev {
                    Ev::V(mut v) => {
                        steps.append(&mut v.origin);
                        v.origin = steps;
                        Ev::V(v)
                    }
                    Ev::Part(p, mut o) => {
                        steps.append(&mut o);
                        Ev::Part(p, steps)
                    }
                    Ev::Json(mut r) => {
                        steps.append(&mut r.origin);
                        r.origin = steps;
                        Ev::Json(r)
                    }
                    res => res,
                }
            }
        }
    }

    /// Expands a `copy` loop (`{name, count, input}`) of properties or variables.
    pub(crate) fn expand_copy(
        &self,
        scope: ScopeId,
        file: FileId,
        copy: &'a JsonValue,
        at: Option<Loc>,
    ) -> Ev<'a> {
        let here = at.unwrap_or(self.loc(file, copy.range));
        let name = copy.get("name").and_then(JsonValue::as_str).unwrap_or("");
        let count = match copy.get("count") {
            Some(c) => {
                let ev = self.eval_node(scope, file, c);
                self.force(ev, None)
            }
            None => return Ev::unknown(format!("copy loop `{name}` has no count"), here),
        };
        let n = match count.kind {
            ValKind::Num(n) if (0.0..=800.0).contains(&n) => n as i64,
            ValKind::Unknown(r) => {
                return Ev::unknown(
                    format!("the count of copy loop `{name}` is not known: {r}"),
                    here,
                )
            }
            _ => {
                return Ev::unknown(
                    format!("the count of copy loop `{name}` is not valid"),
                    here,
                )
            }
        };
        let Some(input) = copy.get("input") else {
            return Ev::unknown(format!("copy loop `{name}` has no input"), here);
        };
        let mut items = Vec::with_capacity(n as usize);
        for i in 0..n {
            self.copies
                .borrow_mut()
                .push((name.to_ascii_lowercase(), i));
            let ev = self.eval_node(scope, file, input);
            items.push(self.force(ev, at));
            self.copies.borrow_mut().pop();
        }
        Ev::V(Val::new(ValKind::List(items), Some(here)))
    }

    /// `base.key`: `None` when `base` is known not to have `key`.
    pub(crate) fn member(&self, base: Ev<'a>, key: &str, env: Env) -> Option<Ev<'a>> {
        match base {
            Ev::V(v) => match &v.kind {
                ValKind::Map(_) => v.get(key).cloned().map(|mut c| {
                    if c.origin.is_empty() {
                        c.origin = v.origin.clone();
                    }
                    Ev::V(c)
                }),
                ValKind::Unknown(_) => Some(Ev::V(v)),
                other => Some(Ev::unknown(
                    format!("cannot read property `{key}` of a {}", type_name(other)),
                    env.at,
                )),
            },
            part @ Ev::Part(..) => Some(Ev::unknown(
                part.unknown_reason().unwrap_or("unknown").to_string(),
                env.at,
            )),
            Ev::Json(j) => self.json_member(&j, key, env),
            Ev::Res { res, full } => Some(self.res_member(res, full, key, env)),
        }
    }

    /// `base.key`, unknown when there is no such property.
    pub(crate) fn prop(&self, base: Ev<'a>, key: &str, env: Env) -> Ev<'a> {
        self.member(base, key, env)
            .unwrap_or_else(|| Ev::unknown(format!("the object has no property `{key}`"), env.at))
    }

    fn json_member(&self, j: &JsonRef<'a>, key: &str, env: Env) -> Option<Ev<'a>> {
        match &j.node.kind {
            JsonKind::Object(_) => {
                if let Some(m) = j.node.member(key) {
                    return Some(self.json_child(j, &m.value, Some(key)));
                }
                if let Some(copies) = j.node.get("copy").filter(|c| is_property_copy(c)) {
                    if let Some(c) = copies.items().iter().find(|c| {
                        c.get("name")
                            .and_then(JsonValue::as_str)
                            .is_some_and(|n| n.eq_ignore_ascii_case(key))
                    }) {
                        return Some(self.expand_copy(j.scope, j.file, c, None));
                    }
                }
                let owner = j.owner.as_ref()?;
                if key.eq_ignore_ascii_case("id") {
                    if let Some(collection) = &owner.collection {
                        // An element of a child collection (`subnets[0]`): its id is the
                        // owner's id followed by `/subnets/{name}`.
                        let name = j.node.get("name")?;
                        let name = self.eval_node(j.scope, j.file, name);
                        let id = self.resource_id(owner.res, env.at);
                        return Some(value::element_id(
                            id,
                            collection,
                            Some(name),
                            env.at,
                            |ev, out| self.pieces_of(ev, out),
                        ));
                    }
                }
                Some(Ev::unknown(
                    format!(
                        "`{key}` of `{}` is known only after deployment",
                        self.res_display(owner.res)
                    ),
                    env.at,
                ))
            }
            other => Some(Ev::unknown(
                format!(
                    "cannot read property `{key}` of a {}",
                    match other {
                        JsonKind::Array(_) => "array",
                        _ => "value",
                    }
                ),
                env.at,
            )),
        }
    }

    /// `base[index]`.
    pub(crate) fn index(&self, base: Ev<'a>, index: &Val, env: Env) -> Ev<'a> {
        if let ValKind::Unknown(r) = &index.kind {
            return Ev::unknown(r.clone(), env.at);
        }
        match (base, &index.kind) {
            (base, ValKind::Str(key)) => self.prop(base, key, env),
            (Ev::V(v), ValKind::Num(n)) => match &v.kind {
                ValKind::List(items) => match items.get(*n as usize).filter(|_| *n >= 0.0) {
                    Some(item) => {
                        let mut item = item.clone();
                        if item.origin.is_empty() {
                            item.origin = v.origin.clone();
                        }
                        Ev::V(item)
                    }
                    None => Ev::unknown(format!("index {n} is out of range"), env.at),
                },
                ValKind::Unknown(_) => Ev::V(v),
                other => Ev::unknown(format!("cannot index a {}", type_name(other)), env.at),
            },
            (Ev::Json(j), ValKind::Num(n)) => match &j.node.kind {
                JsonKind::Array(items) => match items.get(*n as usize).filter(|_| *n >= 0.0) {
                    Some(item) => self.json_child(&j, item, None),
                    None => Ev::unknown(format!("index {n} is out of range"), env.at),
                },
                _ => Ev::unknown("cannot index an object by a number", env.at),
            },
            (part @ Ev::Part(..), _) => Ev::unknown(
                part.unknown_reason().unwrap_or("unknown").to_string(),
                env.at,
            ),
            (_, other) => Ev::unknown(format!("cannot index by a {}", type_name(other)), env.at),
        }
    }

    /// Appends the string pieces of a value (unknown parts become holes).
    pub(crate) fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        value::pieces_of(ev, out, |lazy, out| match lazy {
            Ev::Res { res, .. } => out.push(Piece::Hole(format!(
                "the state of `{}` returned by reference() is known only after deployment",
                self.res_display(res)
            ))),
            _ => out.push(Piece::Hole("an object or array is not a string".into())),
        })
    }

    /// `parameters('name')`: the parameters file value, the value passed by the enclosing
    /// deployment, or the default, with a provenance step naming which.
    pub(crate) fn parameter(&self, scope: ScopeId, name: &str, at: Loc) -> Ev<'a> {
        let tables = self.scopes[scope].tables;
        let key = Key::Param(tables, name.to_ascii_lowercase());
        self.cached(key, at, |ctx| ctx.parameter_uncached(tables, name, at))
            .unwrap_or_else(|| Ev::unknown(format!("parameter `{name}` refers to itself"), at))
    }

    fn parameter_uncached(&self, scope: ScopeId, name: &str, at: Loc) -> Ev<'a> {
        let Some(decl) = self.param_decl(scope, name) else {
            return Ev::unknown(format!("parameter `{name}` is not declared"), at);
        };
        let pname = decl.key.as_str();
        let s = &self.scopes[scope];
        // A parameters file wins over everything.
        if let Some((pf, params)) = s.param_file {
            if let Some(m) = params.member(pname) {
                let file = self.file_name(pf);
                if let Some(v) = m.value.get("value") {
                    let step = Origin {
                        loc: self.loc(pf, v.range),
                        note: format!("parameter `{pname}` in {file}"),
                    };
                    return self.eval_node(scope, pf, v).with_origin(step);
                }
                if let Some(r) = m.value.get("reference") {
                    let step = Origin {
                        loc: self.loc(pf, r.range),
                        note: format!("parameter `{pname}` in {file}"),
                    };
                    return Ev::unknown(
                        format!("parameter `{pname}` is a Key Vault reference in {file}"),
                        at,
                    )
                    .with_origin(step);
                }
            }
        }
        // A Bicep module statement passes values to the root template.
        if let Some(args) = self.args.filter(|_| scope == 0) {
            if let Some(v) = (args.value)(pname) {
                return Ev::V(v);
            }
        }
        // A nested deployment evaluated in the inner scope passes values.
        if let Some(dep) = s.deployment.filter(|_| s.tables == scope) {
            let d = &self.resources[dep];
            let dfile = self.scopes[d.scope].file;
            if let Some(m) = d
                .node
                .path(&["properties", "parameters"])
                .and_then(|p| p.member(pname))
            {
                let note = format!(
                    "parameter `{pname}` passed by deployment `{}`",
                    self.res_display(dep)
                );
                if let Some(v) = m.value.get("value") {
                    let step = Origin {
                        loc: self.loc(dfile, v.range),
                        note,
                    };
                    return self.eval_node(d.scope, dfile, v).with_origin(step);
                }
                let step = Origin {
                    loc: self.loc(dfile, m.value.range),
                    note,
                };
                let reason = if m.value.get("reference").is_some() {
                    format!("parameter `{pname}` is a Key Vault reference")
                } else {
                    format!("parameter `{pname}` is passed without a value")
                };
                return Ev::unknown(reason, at).with_origin(step);
            }
        }
        let file = s.file;
        if let Some(d) = decl
            .value
            .get("defaultValue")
            .or_else(|| decl.value.get("value"))
        {
            let step = Origin {
                loc: self.loc(file, d.range),
                note: format!("parameter `{pname}` default"),
            };
            return self.eval_node(scope, file, d).with_origin(step);
        }
        let step = Origin {
            loc: self.loc(file, decl.key_range),
            note: format!("parameter `{pname}`"),
        };
        let reason = match s.deployment.filter(|_| s.tables == scope) {
            Some(dep) => format!(
                "parameter `{pname}` has no default and deployment `{}` does not pass it",
                self.res_display(dep)
            ),
            None => match self.args.filter(|_| scope == 0) {
                Some(args) => format!(
                    "parameter `{pname}` has no default and {} does not pass it",
                    args.module
                ),
                None => {
                    format!("parameter `{pname}` has no default and no parameters file sets it")
                }
            },
        };
        Ev::unknown(reason, at).with_origin(step)
    }

    /// `variables('name')`.
    pub(crate) fn variable(&self, scope: ScopeId, name: &str, at: Loc) -> Ev<'a> {
        let tables = self.scopes[scope].tables;
        let key = Key::Var(tables, name.to_ascii_lowercase());
        self.cached(key, at, |ctx| {
            let file = ctx.scopes[tables].file;
            if let Some(m) = ctx.var_decl(tables, name) {
                let step = Origin {
                    loc: ctx.loc(file, m.value.range),
                    note: format!("variable `{}`", m.key),
                };
                return ctx.eval_node(tables, file, &m.value).with_origin(step);
            }
            if let Some(c) = ctx.var_copy(tables, name) {
                let step = Origin {
                    loc: ctx.loc(file, c.range),
                    note: format!("variable `{name}`"),
                };
                return ctx.expand_copy(tables, file, c, None).with_origin(step);
            }
            Ev::unknown(format!("variable `{name}` is not declared"), at)
        })
        .unwrap_or_else(|| Ev::unknown(format!("variable `{name}` refers to itself"), at))
    }

    /// Memoises `compute` under `key`; `None` when `key` is being computed already (a cycle).
    pub(crate) fn cached(
        &self,
        key: Key,
        at: Loc,
        compute: impl FnOnce(&Self) -> Ev<'a>,
    ) -> Option<Ev<'a>> {
        self.memo
            .get_or_compute(key, at, &self.budget, || compute(self))
    }
}

/// `resourceGroup().location` and friends: see [`library::deployment_context`].
fn deployment_context(base: &Expr, key: &str) -> Option<String> {
    let Expr::Call { name, .. } = base else {
        return None;
    };
    library::deployment_context(name, key)
}

/// The first `${...}` of a string, at most 60 bytes of it, for messages.
fn placeholder(s: &str) -> &str {
    let start = s.find("${").unwrap_or(0);
    let end = s[start..].find('}').map_or(s.len(), |e| start + e + 1);
    let mut end = end.min(start + 60);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[start..end]
}
