//! Static evaluation of Terraform expressions: variables (tfvars, defaults), locals, resource
//! attributes, templates, operators, `for` expressions, splats and the functions whose result
//! is exact at lint time.
//!
//! Values are [`Ev`]s: a [`Val`] in the making, which also remembers which resource attribute it
//! was read from (so `subnet_id = azurerm_subnet.x.id` can be followed to the subnet although
//! the id itself is only known after apply) and whether an unknown value is an evaluation error
//! (which `try` skips) or merely not knowable here (which it does not).
//!
//! Guards: a cycle of references gives an unknown value naming the cycle; recursion depth is
//! bounded; a fuel budget bounds the work (values that double at every step cannot hang the
//! linter).

use std::collections::HashMap;

use super::{Module, ResIdx};
use crate::model::{FileId, Loc, Origin, Refers, Val, ValKind};
use crate::syntax::hcl::{
    BinaryOp, Block, Body, Call, Expr, ExprKind, ForExpr, TemplatePart, UnaryOp,
};

/// Work budget per module, in evaluation steps and value nodes copied.
const FUEL: i64 = 4_000_000;
/// Largest value (in nodes) built by evaluation.
const MAX_NODES: u32 = 200_000;
/// Nesting of evaluation (expressions within expressions, references followed).
const MAX_DEPTH: u32 = 120;
/// Longest string built by evaluation.
const MAX_STRING: usize = 1 << 20;

/// A value being evaluated.
#[derive(Clone, Debug)]
pub(super) struct Ev {
    pub kind: EvKind,
    /// The expression that produced it.
    pub loc: Option<Loc>,
    /// The string literal it was copied from unchanged.
    pub literal: Option<Loc>,
    /// Provenance, nearest first.
    pub origin: Vec<Origin>,
    /// The resource attribute this value was read from.
    pub reference: Option<Box<ResRef>>,
    /// Nodes in this value (for the fuel budget).
    size: u32,
}

#[derive(Clone, Debug)]
pub(super) enum EvKind {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Ev>),
    Map(Vec<(String, Ev)>),
    /// `error`: the expression is wrong (missing attribute, bad type), as opposed to a value
    /// only known when Terraform runs.
    Unknown {
        reason: String,
        error: bool,
    },
}

/// Attribute `attr` of resource `res` (`attr` is empty for the whole resource), or of a data
/// source (`res` is `None`), and the keys read beneath it when its value is unknown
/// (`app_role_ids["User.Read.All"]`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ResRef {
    pub res: Option<ResIdx>,
    pub attr: String,
    pub keys: Vec<String>,
}

impl ResRef {
    pub(super) fn new(res: ResIdx, attr: &str) -> Box<ResRef> {
        Box::new(ResRef {
            res: Some(res),
            attr: attr.to_string(),
            keys: Vec::new(),
        })
    }
}

impl Ev {
    pub fn new(kind: EvKind, loc: Option<Loc>) -> Ev {
        let size = match &kind {
            EvKind::List(items) => items.iter().fold(1u32, |s, i| s.saturating_add(i.size)),
            EvKind::Map(members) => members.iter().fold(1u32, |s, (k, v)| {
                s.saturating_add(v.size).saturating_add(k.len() as u32 / 64)
            }),
            EvKind::Str(s) => 1 + (s.len() / 64) as u32,
            _ => 1,
        };
        if size > MAX_NODES {
            return Ev::unknown("the value is too large to evaluate", loc);
        }
        Ev {
            kind,
            loc,
            literal: None,
            origin: Vec::new(),
            reference: None,
            size,
        }
    }

    /// Not knowable statically (decided when Terraform runs).
    pub fn unknown(reason: impl Into<String>, loc: Option<Loc>) -> Ev {
        Ev::new(
            EvKind::Unknown {
                reason: reason.into(),
                error: false,
            },
            loc,
        )
    }

    /// The expression is wrong: Terraform would reject it.
    pub fn error(reason: impl Into<String>, loc: Option<Loc>) -> Ev {
        Ev::new(
            EvKind::Unknown {
                reason: reason.into(),
                error: true,
            },
            loc,
        )
    }

    fn str(s: String, loc: Option<Loc>) -> Ev {
        if s.len() > MAX_STRING {
            return Ev::unknown("the string is too long to evaluate", loc);
        }
        Ev::new(EvKind::Str(s), loc)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, EvKind::Unknown { .. })
    }

    fn is_error(&self) -> bool {
        matches!(self.kind, EvKind::Unknown { error: true, .. })
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            EvKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Member `key` of a map (exact, as Terraform compares attribute names).
    pub fn get(&self, key: &str) -> Option<&Ev> {
        match &self.kind {
            EvKind::Map(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The same value, written at `loc`.
    fn at(mut self, loc: Option<Loc>) -> Ev {
        self.loc = loc;
        self
    }

    /// A value computed from this one: not a literal any more, not a resource attribute.
    fn computed(mut self) -> Ev {
        self.literal = None;
        self.reference = None;
        self
    }

    fn with_origin_of(mut self, inputs: &[&Ev]) -> Ev {
        for i in inputs {
            merge_origins(&mut self.origin, &i.origin);
        }
        self
    }

    /// The model value.
    pub fn to_val(&self) -> Val {
        let kind = match &self.kind {
            EvKind::Str(s) => ValKind::Str(s.clone()),
            EvKind::Num(n) => ValKind::Num(*n),
            EvKind::Bool(b) => ValKind::Bool(*b),
            EvKind::Null => ValKind::Null,
            EvKind::List(items) => ValKind::List(items.iter().map(Ev::to_val).collect()),
            EvKind::Map(members) => ValKind::Map(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_val()))
                    .collect(),
            ),
            EvKind::Unknown { reason, .. } => ValKind::Unknown(reason.clone()),
        };
        let refers = self.reference.as_ref().map(|r| {
            let mut path = Vec::with_capacity(1 + r.keys.len());
            if !r.attr.is_empty() {
                path.push(r.attr.clone());
            }
            path.extend(r.keys.iter().cloned());
            Box::new(Refers {
                resources: r.res.into_iter().collect(),
                path,
                text: None,
            })
        });
        Val {
            kind,
            loc: self.loc,
            literal: self.literal,
            origin: self.origin.clone(),
            refers,
        }
    }

    fn type_name(&self) -> &'static str {
        match self.kind {
            EvKind::Str(_) => "a string",
            EvKind::Num(_) => "a number",
            EvKind::Bool(_) => "a bool",
            EvKind::Null => "null",
            EvKind::List(_) => "a list",
            EvKind::Map(_) => "an object",
            EvKind::Unknown { .. } => "unknown",
        }
    }
}

/// Most provenance steps kept for one value: a value computed from many inputs lists the first
/// ones (a string doubled at every step would otherwise double its chain too).
const MAX_ORIGINS: usize = 16;

/// Appends the steps of `src` not already in `dst`, up to [`MAX_ORIGINS`].
fn merge_origins(dst: &mut Vec<Origin>, src: &[Origin]) {
    for o in src {
        if dst.len() >= MAX_ORIGINS {
            return;
        }
        if !dst.contains(o) {
            dst.push(o.clone());
        }
    }
}

/// Deep equality of known values; `None` when an unknown is involved.
fn same(a: &Ev, b: &Ev) -> Option<bool> {
    Some(match (&a.kind, &b.kind) {
        (EvKind::Unknown { .. }, _) | (_, EvKind::Unknown { .. }) => return None,
        (EvKind::Str(x), EvKind::Str(y)) => x == y,
        (EvKind::Num(x), EvKind::Num(y)) => x == y,
        (EvKind::Bool(x), EvKind::Bool(y)) => x == y,
        (EvKind::Null, EvKind::Null) => true,
        (EvKind::List(x), EvKind::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (i, j) in x.iter().zip(y) {
                if !same(i, j)? {
                    return Some(false);
                }
            }
            true
        }
        (EvKind::Map(x), EvKind::Map(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (k, v) in x {
                match b.get(k) {
                    Some(w) => {
                        if !same(v, w)? {
                            return Some(false);
                        }
                    }
                    None => return Some(false),
                }
            }
            true
        }
        _ => false,
    })
}

/// A number as Terraform writes it in a string.
fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Where an expression is evaluated.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    pub file: FileId,
    /// In a tfvars value or a variable default: references are not allowed.
    pub constant: bool,
    /// Inside this resource's block (for `count.index`, `each.*`).
    pub resource: Option<ResIdx>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Key<'a> {
    Var(&'a str),
    Local(&'a str),
    Attr(ResIdx, &'a str),
}

impl Key<'_> {
    fn describe(&self, m: &Module<'_>) -> String {
        match self {
            Key::Var(n) => format!("var.{n}"),
            Key::Local(n) => format!("local.{n}"),
            Key::Attr(r, a) => format!("{}.{a}", m.resources[*r].address),
        }
    }
}

/// Iteration variables in scope (`for` variables; `@` is the splat element).
pub(super) type Scope<'a> = Vec<(&'a str, Ev)>;

enum TStep<'a> {
    Attr(&'a str),
    Index(&'a Expr),
}

/// Evaluates expressions of one module, with memoised variables, locals and resource
/// attributes.
pub(super) struct Evaluator<'m, 'a> {
    pub m: &'m Module<'a>,
    vars: HashMap<&'a str, Ev>,
    locals: HashMap<&'a str, Ev>,
    attrs: HashMap<(ResIdx, &'a str), Ev>,
    active: Vec<Key<'a>>,
    fuel: i64,
    depth: u32,
}

impl<'m, 'a> Evaluator<'m, 'a> {
    pub fn new(m: &'m Module<'a>) -> Self {
        Evaluator {
            m,
            vars: HashMap::new(),
            locals: HashMap::new(),
            attrs: HashMap::new(),
            active: Vec::new(),
            fuel: FUEL,
            depth: 0,
        }
    }

    /// A copy of a stored value, charged to the budget before it is made.
    fn copy(&mut self, v: &Ev) -> Ev {
        if self.charge(v.size) {
            v.clone()
        } else {
            Ev::unknown("the configuration is too large to evaluate", v.loc)
        }
    }

    /// Charges `n` units; false when the budget is spent.
    fn charge(&mut self, n: u32) -> bool {
        self.fuel -= i64::from(n);
        self.fuel > 0
    }

    fn loc(ctx: Ctx, e: &Expr) -> Option<Loc> {
        Some(Loc {
            file: ctx.file,
            range: e.range,
        })
    }

    /// Evaluates `e`; the result's `loc` is `e`'s range.
    pub fn eval(&mut self, e: &'a Expr, ctx: Ctx, scope: &mut Scope<'a>) -> Ev {
        let loc = Self::loc(ctx, e);
        if !self.charge(1) {
            return Ev::unknown("the configuration is too large to evaluate", loc);
        }
        if self.depth >= MAX_DEPTH {
            return Ev::unknown("the expression is nested too deeply to evaluate", loc);
        }
        self.depth += 1;
        let v = self.eval_inner(e, ctx, scope, loc);
        self.depth -= 1;
        v.at(loc)
    }

    fn eval_inner(&mut self, e: &'a Expr, ctx: Ctx, scope: &mut Scope<'a>, loc: Option<Loc>) -> Ev {
        match &e.kind {
            ExprKind::Null => Ev::new(EvKind::Null, loc),
            ExprKind::Bool(b) => Ev::new(EvKind::Bool(*b), loc),
            ExprKind::Number(n) => Ev::new(EvKind::Num(*n), loc),
            ExprKind::Template(t) => {
                if let Some((s, content)) = e.as_string_literal() {
                    let mut v = Ev::str(s.to_string(), loc);
                    v.literal = Some(Loc {
                        file: ctx.file,
                        range: content,
                    });
                    return v;
                }
                if let [TemplatePart::Interp { expr, .. }] = t.parts.as_slice() {
                    // `"${x}"` is x itself, whatever its type.
                    return self.eval(expr, ctx, scope);
                }
                self.template(&t.parts, ctx, scope, loc)
            }
            ExprKind::Variable(_) | ExprKind::GetAttr { .. } | ExprKind::Index { .. } => {
                self.traversal(e, ctx, scope)
            }
            ExprKind::SplatItem => match scope.iter().rev().find(|(n, _)| *n == "@") {
                Some((_, v)) => v.clone(),
                None => Ev::error("a splat element outside a splat", loc),
            },
            ExprKind::Splat { source, each, .. } => {
                let src = self.eval(source, ctx, scope);
                let parent_ref = src.reference.clone();
                let items = match src.kind {
                    EvKind::Unknown { .. } => return src,
                    EvKind::Null => Vec::new(),
                    EvKind::List(items) => items,
                    _ => vec![src],
                };
                let mut out = Vec::with_capacity(items.len());
                for mut item in items {
                    // Elements of a resource's attribute belong to that resource.
                    if item.reference.is_none() {
                        item.reference.clone_from(&parent_ref);
                    }
                    scope.push(("@", item));
                    out.push(self.eval(each, ctx, scope));
                    scope.pop();
                }
                Ev::new(EvKind::List(out), loc)
            }
            ExprKind::Tuple(items) => {
                let items = items.iter().map(|i| self.eval(i, ctx, scope)).collect();
                Ev::new(EvKind::List(items), loc)
            }
            ExprKind::Object(items) => {
                let mut members: Vec<(String, Ev)> = Vec::with_capacity(items.len());
                for item in items {
                    let key = match item.literal_key() {
                        Some(k) => k.to_string(),
                        None => {
                            let k = self.eval(&item.key, ctx, scope);
                            match self.to_key(&k) {
                                Ok(k) => k,
                                Err(u) => return u.at(loc),
                            }
                        }
                    };
                    let value = self.eval(&item.value, ctx, scope);
                    members.retain(|(k, _)| *k != key);
                    members.push((key, value));
                }
                Ev::new(EvKind::Map(members), loc)
            }
            ExprKind::Call(call) => self.call(call, ctx, scope, loc),
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                let c = self.eval(cond, ctx, scope);
                match c.kind {
                    EvKind::Bool(true) => self.eval(then, ctx, scope),
                    EvKind::Bool(false) => self.eval(otherwise, ctx, scope),
                    EvKind::Unknown { .. } => {
                        let a = self.eval(then, ctx, scope);
                        let b = self.eval(otherwise, ctx, scope);
                        if same(&a, &b) == Some(true) {
                            a.computed()
                        } else {
                            let reason = match &c.kind {
                                EvKind::Unknown { reason, .. } => reason.clone(),
                                _ => String::new(),
                            };
                            let mut u = Ev::unknown(
                                format!("depends on a condition that is not known: {reason}"),
                                loc,
                            );
                            u.origin = c.origin;
                            u
                        }
                    }
                    _ => Ev::error(
                        format!("the condition is {}, not a bool", c.type_name()),
                        loc,
                    ),
                }
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval(operand, ctx, scope);
                match (op, &v.kind) {
                    (_, EvKind::Unknown { .. }) => v,
                    (UnaryOp::Neg, EvKind::Num(n)) => Ev::new(EvKind::Num(-n), loc),
                    (UnaryOp::Not, EvKind::Bool(b)) => Ev::new(EvKind::Bool(!b), loc),
                    _ => Ev::error(
                        format!(
                            "cannot apply '{}' to {}",
                            if *op == UnaryOp::Neg { "-" } else { "!" },
                            v.type_name()
                        ),
                        loc,
                    ),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.eval(lhs, ctx, scope);
                let b = self.eval(rhs, ctx, scope);
                binary(*op, a, b, loc)
            }
            ExprKind::For(f) => self.for_expr(f, ctx, scope, loc),
            ExprKind::Parens(inner) => self.eval(inner, ctx, scope),
            ExprKind::Error => Ev::error("the expression does not parse", loc),
        }
    }

    fn to_key(&self, k: &Ev) -> Result<String, Ev> {
        match &k.kind {
            EvKind::Str(s) => Ok(s.clone()),
            EvKind::Num(n) => Ok(fmt_num(*n)),
            EvKind::Bool(b) => Ok(b.to_string()),
            EvKind::Unknown { .. } => Err(k.clone()),
            _ => Err(Ev::error(
                format!("an object key must be a string, not {}", k.type_name()),
                k.loc,
            )),
        }
    }

    /// A string template with interpolations and directives.
    fn template(
        &mut self,
        parts: &'a [TemplatePart],
        ctx: Ctx,
        scope: &mut Scope<'a>,
        loc: Option<Loc>,
    ) -> Ev {
        let mut out = String::new();
        let mut origin = Vec::new();
        if let Err(u) = self.template_into(parts, ctx, scope, &mut out, &mut origin) {
            return u;
        }
        let mut v = Ev::str(out, loc);
        v.origin = origin;
        v
    }

    fn template_into(
        &mut self,
        parts: &'a [TemplatePart],
        ctx: Ctx,
        scope: &mut Scope<'a>,
        out: &mut String,
        origin: &mut Vec<Origin>,
    ) -> Result<(), Ev> {
        for part in parts {
            if out.len() > MAX_STRING || !self.charge(1 + (out.len() / 256) as u32) {
                return Err(Ev::unknown("the string is too long to evaluate", None));
            }
            match part {
                TemplatePart::Literal { value, .. } => out.push_str(value),
                TemplatePart::Interp { expr, .. } => {
                    let v = self.eval(expr, ctx, scope);
                    match &v.kind {
                        EvKind::Str(s) => out.push_str(s),
                        EvKind::Num(n) => out.push_str(&fmt_num(*n)),
                        EvKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                        EvKind::Unknown { reason, error } => {
                            let mut u = Ev::new(
                                EvKind::Unknown {
                                    reason: reason.clone(),
                                    error: *error,
                                },
                                None,
                            );
                            u.origin = v.origin.clone();
                            return Err(u);
                        }
                        EvKind::Null => {
                            return Err(Ev::error("a null value cannot be part of a string", v.loc))
                        }
                        _ => {
                            return Err(Ev::error(
                                format!("{} cannot be part of a string", v.type_name()),
                                v.loc,
                            ))
                        }
                    }
                    merge_origins(origin, &v.origin);
                }
                TemplatePart::If {
                    cond,
                    then,
                    otherwise,
                    ..
                } => {
                    let c = self.eval(cond, ctx, scope);
                    match c.kind {
                        EvKind::Bool(true) => self.template_into(then, ctx, scope, out, origin)?,
                        EvKind::Bool(false) => {
                            self.template_into(otherwise, ctx, scope, out, origin)?
                        }
                        EvKind::Unknown { .. } => return Err(c),
                        _ => return Err(Ev::error("a %{if} condition must be a bool", c.loc)),
                    }
                }
                TemplatePart::For {
                    key_var,
                    value_var,
                    collection,
                    body,
                    ..
                } => {
                    let coll = self.eval(collection, ctx, scope);
                    let pairs = iterate(coll)?;
                    for (k, v) in pairs {
                        let n = scope.len();
                        if let Some(kv) = key_var {
                            scope.push((&kv.name, k));
                        }
                        scope.push((&value_var.name, v));
                        let r = self.template_into(body, ctx, scope, out, origin);
                        scope.truncate(n);
                        r?;
                    }
                }
            }
        }
        Ok(())
    }

    fn for_expr(
        &mut self,
        f: &'a ForExpr,
        ctx: Ctx,
        scope: &mut Scope<'a>,
        loc: Option<Loc>,
    ) -> Ev {
        let coll = self.eval(&f.collection, ctx, scope);
        let pairs = match iterate(coll) {
            Ok(p) => p,
            Err(u) => return u.at(loc),
        };
        let mut list = Vec::new();
        let mut map: Vec<(String, Ev)> = Vec::new();
        for (k, v) in pairs {
            if !self.charge(1) {
                return Ev::unknown("the configuration is too large to evaluate", loc);
            }
            let n = scope.len();
            if let Some(kv) = &f.key_var {
                scope.push((&kv.name, k));
            }
            scope.push((&f.value_var.name, v));
            let r = self.for_item(f, ctx, scope, &mut list, &mut map);
            scope.truncate(n);
            if let Err(u) = r {
                return u.at(loc);
            }
        }
        if f.object {
            map.sort_by(|a, b| a.0.cmp(&b.0));
            Ev::new(EvKind::Map(map), loc)
        } else {
            Ev::new(EvKind::List(list), loc)
        }
    }

    fn for_item(
        &mut self,
        f: &'a ForExpr,
        ctx: Ctx,
        scope: &mut Scope<'a>,
        list: &mut Vec<Ev>,
        map: &mut Vec<(String, Ev)>,
    ) -> Result<(), Ev> {
        if let Some(cond) = &f.cond {
            let c = self.eval(cond, ctx, scope);
            match c.kind {
                EvKind::Bool(true) => {}
                EvKind::Bool(false) => return Ok(()),
                EvKind::Unknown { .. } => return Err(c),
                _ => return Err(Ev::error("a 'for' filter must be a bool", c.loc)),
            }
        }
        let value = self.eval(&f.value, ctx, scope);
        match &f.key {
            None => list.push(value),
            Some(key) => {
                let k = self.eval(key, ctx, scope);
                let k = self.to_key(&k)?;
                match map.iter_mut().find(|(mk, _)| *mk == k) {
                    Some((_, existing)) if f.grouping => {
                        if let EvKind::List(items) = &mut existing.kind {
                            items.push(value);
                        }
                    }
                    Some(_) => {
                        return Err(Ev::error(
                            format!(
                                "duplicate key '{k}' in a 'for' expression (add '...' to group)"
                            ),
                            value.loc,
                        ))
                    }
                    None if f.grouping => {
                        let loc = value.loc;
                        map.push((k, Ev::new(EvKind::List(vec![value]), loc)));
                    }
                    None => map.push((k, value)),
                }
            }
        }
        Ok(())
    }

    // ----- references ---------------------------------------------------------------------

    fn traversal(&mut self, e: &'a Expr, ctx: Ctx, scope: &mut Scope<'a>) -> Ev {
        let mut steps = Vec::new();
        let mut cur = e;
        loop {
            match &cur.kind {
                ExprKind::GetAttr { target, name } => {
                    steps.push(TStep::Attr(&name.name));
                    cur = target;
                }
                ExprKind::Index { target, key, .. } => {
                    steps.push(TStep::Index(key));
                    cur = target;
                }
                _ => break,
            }
        }
        steps.reverse();
        let loc = Self::loc(ctx, e);
        let ExprKind::Variable(root) = &cur.kind else {
            let base = self.eval(cur, ctx, scope);
            return self.apply_steps(base, &steps, ctx, scope);
        };
        if let Some((_, v)) = scope.iter().rev().find(|(n, _)| n == root) {
            let v = self.copy(v);
            return self.apply_steps(v, &steps, ctx, scope);
        }
        let first = match steps.first() {
            Some(TStep::Attr(a)) => Some(*a),
            _ => None,
        };
        if ctx.constant {
            return Ev::error(
                format!("'{root}' cannot be used here: variable defaults and tfvars values must be literal"),
                loc,
            );
        }
        let rest = if steps.is_empty() {
            &steps[..]
        } else {
            &steps[1..]
        };
        match (root.as_str(), first) {
            ("var", Some(name)) => {
                let v = self.var(name, ctx);
                self.apply_steps(v, rest, ctx, scope)
            }
            ("local", Some(name)) => {
                let v = self.local(name);
                self.apply_steps(v, rest, ctx, scope)
            }
            ("data", Some(ty)) => {
                let name = match rest.first() {
                    Some(TStep::Attr(n)) => *n,
                    _ => "?",
                };
                let mut v = Ev::unknown(
                    format!("data.{ty}.{name} is read from Azure at plan time"),
                    loc,
                );
                // What is read from it, for rules that look at the keys
                // (`app_role_ids["User.Read.All"]`).
                if let Some(TStep::Attr(attr)) = rest.get(1) {
                    v.reference = Some(Box::new(ResRef {
                        res: None,
                        attr: attr.to_string(),
                        keys: Vec::new(),
                    }));
                    self.record_keys(&mut v, &rest[2..], ctx, scope);
                }
                v
            }
            ("module", Some(name)) => Ev::unknown(
                format!("module.{name} is an output of another module (each module is checked on its own)"),
                loc,
            ),
            ("count", _) => match ctx.resource.map(|r| &self.m.resources[r]) {
                Some(r) if r.has_count => Ev::unknown(
                    format!("count.index differs between the instances of {}", r.address),
                    loc,
                ),
                _ => Ev::error("count.index is only available in a resource with 'count'", loc),
            },
            ("each", _) => match ctx.resource.map(|r| &self.m.resources[r]) {
                Some(r) if r.has_for_each => Ev::unknown(
                    format!("each.key and each.value differ between the instances of {}", r.address),
                    loc,
                ),
                _ => Ev::error("each.* is only available in a resource with 'for_each'", loc),
            },
            ("path", _) => Ev::unknown("path.* is known when Terraform runs", loc),
            ("terraform", _) => Ev::unknown("terraform.workspace is chosen when Terraform runs", loc),
            ("self", _) => Ev::unknown("self.* is known only after apply", loc),
            (ty, Some(name)) if self.m.resource_types.contains(ty) => {
                let Some(idx) = self.m.find_resource(ty, name, ctx.file) else {
                    return Ev::error(
                        format!("resource {ty}.{name} is not declared in this module"),
                        loc,
                    );
                };
                let res = &self.m.resources[idx];
                let mut rest = rest;
                if (res.has_count || res.has_for_each) && matches!(rest.first(), Some(TStep::Index(_))) {
                    // Every instance is configured alike: what depends on the instance is unknown.
                    rest = &rest[1..];
                }
                match rest.first() {
                    Some(TStep::Attr(attr)) => {
                        let v = self.resource_attr(idx, attr);
                        self.apply_steps(v, &rest[1..], ctx, scope)
                    }
                    None => {
                        let mut v = Ev::unknown(
                            format!("{} as a whole is known only after apply", res.address),
                            loc,
                        );
                        v.reference = Some(ResRef::new(idx, ""));
                        v
                    }
                    Some(TStep::Index(_)) => Ev::error(
                        format!("{} has no 'count' or 'for_each' to index", res.address),
                        loc,
                    ),
                }
            }
            (ty, Some(name)) if ty.contains('_') => Ev::error(
                format!("resource {ty}.{name} is not declared in this module"),
                loc,
            ),
            (root, _) => Ev::error(format!("'{root}' is not declared"), loc),
        }
    }

    fn apply_steps(
        &mut self,
        mut v: Ev,
        steps: &[TStep<'a>],
        ctx: Ctx,
        scope: &mut Scope<'a>,
    ) -> Ev {
        for (i, step) in steps.iter().enumerate() {
            if v.is_unknown() {
                self.record_keys(&mut v, &steps[i..], ctx, scope);
                return v;
            }
            v = match step {
                TStep::Attr(name) => select(v, Sel::Key(name)),
                TStep::Index(key) => {
                    let k = self.eval(key, ctx, scope);
                    match &k.kind {
                        EvKind::Unknown { .. } => return k,
                        EvKind::Num(n) => select(v, Sel::Index(*n)),
                        EvKind::Str(s) => {
                            let s = s.clone();
                            select(v, Sel::Key(&s))
                        }
                        _ => Ev::error(format!("cannot index with {}", k.type_name()), k.loc),
                    }
                }
            };
        }
        v
    }

    /// Records, on an unknown value read from a resource or data source, the literal keys of
    /// the steps after it.
    fn record_keys(&mut self, v: &mut Ev, steps: &[TStep<'a>], ctx: Ctx, scope: &mut Scope<'a>) {
        if v.reference.is_none() {
            return;
        }
        let mut keys = Vec::new();
        for step in steps {
            match step {
                TStep::Attr(name) => keys.push(name.to_string()),
                TStep::Index(key) => match self.eval(key, ctx, scope).kind {
                    EvKind::Str(s) => keys.push(s),
                    EvKind::Num(n) => keys.push(fmt_num(n)),
                    _ => break,
                },
            }
        }
        if let Some(r) = v.reference.as_mut() {
            r.keys.extend(keys);
        }
    }

    /// `var.name`.
    fn var(&mut self, name: &'a str, ctx: Ctx) -> Ev {
        if let Some(size) = self.vars.get(name).map(|v| v.size) {
            if !self.charge(size) {
                return Ev::unknown("the configuration is too large to evaluate", None);
            }
            if let Some(v) = self.vars.get(name) {
                return v.clone();
            }
        }
        let key = Key::Var(name);
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, None);
        }
        self.active.push(key);
        let constant = Ctx {
            file: ctx.file,
            constant: true,
            resource: None,
        };
        let v = if let Some(&(file, expr)) = self.m.tfvars.get(name) {
            let mut v = self.eval(expr, Ctx { file, ..constant }, &mut Vec::new());
            let file_name = self.m.file_name(file);
            v.origin.insert(
                0,
                Origin {
                    loc: Loc {
                        file,
                        range: expr.range,
                    },
                    note: format!("variable '{name}' in {file_name}"),
                },
            );
            v
        } else if let Some(decl) = self.m.vars.get(name) {
            match decl.default {
                Some(expr) => {
                    let mut v = self.eval(
                        expr,
                        Ctx {
                            file: decl.file,
                            ..constant
                        },
                        &mut Vec::new(),
                    );
                    v.origin.insert(
                        0,
                        Origin {
                            loc: Loc {
                                file: decl.file,
                                range: expr.range,
                            },
                            note: format!("variable '{name}' default"),
                        },
                    );
                    v
                }
                None => {
                    let mut v = Ev::unknown(
                        format!("variable '{name}' has no default and no tfvars sets it"),
                        None,
                    );
                    v.origin.push(Origin {
                        loc: Loc {
                            file: decl.file,
                            range: decl.header,
                        },
                        note: format!("variable '{name}' declared here"),
                    });
                    v
                }
            }
        } else {
            Ev::error(format!("variable '{name}' is not declared"), None)
        };
        self.active.pop();
        self.vars.insert(name, v.clone());
        v
    }

    /// `local.name`.
    fn local(&mut self, name: &'a str) -> Ev {
        if let Some(size) = self.locals.get(name).map(|v| v.size) {
            if !self.charge(size) {
                return Ev::unknown("the configuration is too large to evaluate", None);
            }
            if let Some(v) = self.locals.get(name) {
                return v.clone();
            }
        }
        let key = Key::Local(name);
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, None);
        }
        let Some(&(file, expr)) = self.m.locals.get(name) else {
            return Ev::error(format!("local '{name}' is not declared"), None);
        };
        self.active.push(key);
        let mut v = self.eval(
            expr,
            Ctx {
                file,
                constant: false,
                resource: None,
            },
            &mut Vec::new(),
        );
        self.active.pop();
        v.origin.insert(
            0,
            Origin {
                loc: Loc {
                    file,
                    range: expr.range,
                },
                note: format!("local '{name}'"),
            },
        );
        self.locals.insert(name, v.clone());
        v
    }

    /// An error message when `key` is already being evaluated.
    fn cycle(&self, key: Key<'a>) -> Option<String> {
        let at = self.active.iter().position(|k| *k == key)?;
        let mut chain: Vec<String> = self.active[at..]
            .iter()
            .map(|k| k.describe(self.m))
            .collect();
        chain.push(key.describe(self.m));
        Some(format!("reference cycle: {}", chain.join(" → ")))
    }

    /// Attribute `attr` of resource `res`, as another expression reads it: with an origin step
    /// and the reference.
    pub fn resource_attr(&mut self, res: ResIdx, attr: &'a str) -> Ev {
        let mut v = self.resource_attr_raw(res, attr);
        let configured = self.m.resources[res].block.body.attribute(attr).is_some();
        if configured {
            if let Some(loc) = v.loc {
                v.origin.insert(
                    0,
                    Origin {
                        loc,
                        note: format!("{attr} of {}", self.m.resources[res].address),
                    },
                );
            }
        }
        v.reference = Some(ResRef::new(res, attr));
        v
    }

    /// Attribute or nested blocks `attr` of resource `res`, evaluated in the resource.
    pub fn resource_attr_raw(&mut self, res: ResIdx, attr: &'a str) -> Ev {
        if let Some(size) = self.attrs.get(&(res, attr)).map(|v| v.size) {
            if !self.charge(size) {
                return Ev::unknown("the configuration is too large to evaluate", None);
            }
            if let Some(v) = self.attrs.get(&(res, attr)) {
                return v.clone();
            }
        }
        let key = Key::Attr(res, attr);
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, None);
        }
        self.active.push(key);
        let r = &self.m.resources[res];
        let ctx = Ctx {
            file: r.file,
            constant: false,
            resource: Some(res),
        };
        let body = &r.block.body;
        let is_block = |b: &Block| {
            b.ident.name == attr || (b.ident.name == "dynamic" && b.label(0) == Some(attr))
        };
        let v = if let Some(a) = body.attribute(attr) {
            self.eval(&a.expr, ctx, &mut Vec::new())
        } else if body.blocks().any(is_block) {
            match self.blocks_named(body, attr, ctx, &mut Vec::new(), false) {
                Ok(items) => {
                    let items = items
                        .into_iter()
                        .map(|mut m| {
                            m.reference = Some(ResRef::new(res, attr));
                            m
                        })
                        .collect();
                    Ev::new(EvKind::List(items), None)
                }
                Err(u) => u,
            }
        } else {
            let mut v = Ev::unknown(
                format!("'{attr}' of {} is known only after apply", r.address),
                None,
            );
            v.reference = Some(ResRef::new(res, attr));
            v
        };
        self.active.pop();
        self.attrs.insert((res, attr), v.clone());
        v
    }

    /// A block body as a map: attributes, and nested blocks (a list per type, or with
    /// `single_blocks` a map when the block appears once).
    pub fn block_value(
        &mut self,
        body: &'a Body,
        ctx: Ctx,
        scope: &mut Scope<'a>,
        single_blocks: bool,
    ) -> Ev {
        let mut members: Vec<(String, Ev)> = Vec::new();
        for a in body.attributes() {
            let v = self.eval(&a.expr, ctx, scope);
            members.retain(|(k, _)| *k != a.name.name);
            members.push((a.name.name.clone(), v));
        }
        self.add_blocks(body, ctx, scope, single_blocks, &mut members);
        Ev::new(
            EvKind::Map(members),
            Some(Loc {
                file: ctx.file,
                range: body.range,
            }),
        )
    }

    /// Nested blocks of `body`, grouped by type, appended to `members`.
    pub fn add_blocks(
        &mut self,
        body: &'a Body,
        ctx: Ctx,
        scope: &mut Scope<'a>,
        single_blocks: bool,
        members: &mut Vec<(String, Ev)>,
    ) {
        let mut names: Vec<&'a str> = Vec::new();
        for b in body.blocks() {
            let name = if b.ident.name == "dynamic" {
                b.label(0).unwrap_or("")
            } else {
                &b.ident.name
            };
            if !names.contains(&name) && !super::META_BLOCKS.contains(&name) {
                names.push(name);
            }
        }
        for name in names {
            let loc = Some(Loc {
                file: ctx.file,
                range: body.range,
            });
            let v = match self.blocks_named(body, name, ctx, scope, single_blocks) {
                Ok(mut items) if single_blocks && items.len() == 1 => {
                    items.pop().unwrap_or_else(|| Ev::new(EvKind::Null, loc))
                }
                Ok(items) => Ev::new(EvKind::List(items), loc),
                Err(u) => u,
            };
            members.push((name.to_string(), v));
        }
    }

    /// The blocks of type `name` in `body`, in source order, each as a map: the static ones and
    /// those a `dynamic "name"` block generates (one per element of its `for_each`, with the
    /// iterator, `name` unless `iterator` says otherwise, holding `key` and `value`).
    fn blocks_named(
        &mut self,
        body: &'a Body,
        name: &'a str,
        ctx: Ctx,
        scope: &mut Scope<'a>,
        single_blocks: bool,
    ) -> Result<Vec<Ev>, Ev> {
        let mut out = Vec::new();
        for b in body.blocks() {
            if !self.charge(1) {
                return Err(Ev::unknown(
                    "the configuration is too large to evaluate",
                    None,
                ));
            }
            if b.ident.name == name && name != "dynamic" {
                out.push(self.block_value(&b.body, ctx, scope, single_blocks));
                continue;
            }
            if b.ident.name != "dynamic" || b.label(0) != Some(name) {
                continue;
            }
            let loc = Some(Loc {
                file: ctx.file,
                range: b.range,
            });
            let Some(for_each) = b.body.attribute("for_each") else {
                return Err(Ev::error(
                    format!("the dynamic '{name}' block has no for_each"),
                    loc,
                ));
            };
            let coll = self.eval(&for_each.expr, ctx, scope);
            let pairs = iterate(coll).map_err(|u| {
                let reason = match &u.kind {
                    EvKind::Unknown { reason, .. } => reason.clone(),
                    _ => String::new(),
                };
                let mut e = Ev::unknown(
                    format!("the '{name}' blocks come from a dynamic block whose for_each is not known: {reason}"),
                    loc,
                );
                e.origin = u.origin;
                e
            })?;
            let iterator = b
                .body
                .attribute("iterator")
                .and_then(|a| match &a.expr.kind {
                    ExprKind::Variable(v) => Some(v.as_str()),
                    _ => None,
                })
                .unwrap_or(name);
            let Some(content) = b.body.blocks_of("content").next() else {
                continue;
            };
            for (k, v) in pairs {
                let it = Ev::new(
                    EvKind::Map(vec![("key".to_string(), k), ("value".to_string(), v)]),
                    loc,
                );
                scope.push((iterator, it));
                let item = self.block_value(&content.body, ctx, scope, single_blocks);
                scope.pop();
                out.push(item);
            }
        }
        Ok(out)
    }

    // ----- functions ----------------------------------------------------------------------

    fn call(&mut self, call: &'a Call, ctx: Ctx, scope: &mut Scope<'a>, loc: Option<Loc>) -> Ev {
        let name = call.name.name.as_str();
        let mut args: Vec<Ev> = call.args.iter().map(|a| self.eval(a, ctx, scope)).collect();
        if call.expand_final {
            match args.pop() {
                Some(last) => match last.kind {
                    EvKind::List(items) => args.extend(items),
                    EvKind::Unknown { .. } => return last.at(loc),
                    _ => {
                        return Ev::error(
                            format!("'...' expands a list, not {}", last.type_name()),
                            loc,
                        )
                    }
                },
                None => return Ev::error("'...' needs an argument", loc),
            }
        }
        if !self.charge(args.len() as u32) {
            return Ev::unknown("the configuration is too large to evaluate", loc);
        }
        functions::apply(name, args, loc)
    }
}

/// What a traversal step selects.
enum Sel<'k> {
    Key(&'k str),
    Index(f64),
}

/// `v.key`, `v["key"]` or `v[n]`; the selected value inherits the container's provenance.
fn select(v: Ev, sel: Sel<'_>) -> Ev {
    let loc = v.loc;
    let parent_origin = v.origin;
    let parent_ref = v.reference;
    let mut out = match (v.kind, &sel) {
        (EvKind::Map(members), Sel::Key(k)) => {
            match members.into_iter().rev().find(|(mk, _)| mk == k) {
                Some((_, child)) => child,
                None if parent_ref.is_some() => {
                    // A block of a resource: what it does not set is computed by the provider.
                    let mut u = Ev::unknown(format!("'{k}' is known only after apply"), loc);
                    u.reference = parent_ref.clone();
                    u
                }
                None => Ev::error(format!("there is no attribute '{k}'"), loc),
            }
        }
        (EvKind::Map(members), Sel::Index(n)) => {
            let k = fmt_num(*n);
            match members.into_iter().rev().find(|(mk, _)| *mk == k) {
                Some((_, child)) => child,
                None => Ev::error(format!("there is no key '{k}'"), loc),
            }
        }
        (EvKind::List(items), Sel::Index(n)) => {
            let i = *n;
            if i < 0.0 || i.fract() != 0.0 || i as usize >= items.len() {
                Ev::error(
                    format!(
                        "index {} is out of range (the list has {} elements)",
                        fmt_num(i),
                        items.len()
                    ),
                    loc,
                )
            } else {
                items
                    .into_iter()
                    .nth(i as usize)
                    .unwrap_or_else(|| Ev::error("index out of range", loc))
            }
        }
        (EvKind::List(items), Sel::Key(k)) => match k.parse::<f64>() {
            Ok(i) if i >= 0.0 && i.fract() == 0.0 && (i as usize) < items.len() => items
                .into_iter()
                .nth(i as usize)
                .unwrap_or_else(|| Ev::error("index out of range", loc)),
            _ => Ev::error(format!("a list has no attribute '{k}'"), loc),
        },
        (EvKind::Null, _) => Ev::error("cannot read an attribute or element of null", loc),
        (kind, _) => {
            let tmp = Ev::new(kind, loc);
            Ev::error(
                format!("cannot read an attribute or element of {}", tmp.type_name()),
                loc,
            )
        }
    };
    merge_origins(&mut out.origin, &parent_origin);
    if out.reference.is_none() {
        out.reference = parent_ref;
    }
    out
}

/// The (key, value) pairs a `for` iterates: index and element of a list, key and value of a map
/// (in lexical key order, as Terraform iterates maps).
fn iterate(coll: Ev) -> Result<Vec<(Ev, Ev)>, Ev> {
    let loc = coll.loc;
    match coll.kind {
        EvKind::List(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Ev::new(EvKind::Num(i as f64), loc), v))
            .collect()),
        EvKind::Map(mut members) => {
            members.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(members
                .into_iter()
                .map(|(k, v)| (Ev::new(EvKind::Str(k), loc), v))
                .collect())
        }
        EvKind::Unknown { .. } => Err(coll),
        EvKind::Null => Err(Ev::error("cannot iterate over null", loc)),
        _ => {
            let tmp = Ev::new(coll.kind, loc);
            Err(Ev::error(
                format!("cannot iterate over {}", tmp.type_name()),
                loc,
            ))
        }
    }
}

fn to_number(v: &Ev) -> Option<f64> {
    match &v.kind {
        EvKind::Num(n) => Some(*n),
        EvKind::Str(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

fn binary(op: BinaryOp, a: Ev, b: Ev, loc: Option<Loc>) -> Ev {
    if a.is_unknown() {
        return a;
    }
    if b.is_unknown() {
        return b;
    }
    let num = |v: &Ev| to_number(v);
    let kind = match op {
        BinaryOp::Eq | BinaryOp::NotEq => {
            let eq = same(&a, &b).unwrap_or(false);
            EvKind::Bool(if op == BinaryOp::Eq { eq } else { !eq })
        }
        BinaryOp::And | BinaryOp::Or => match (&a.kind, &b.kind) {
            (EvKind::Bool(x), EvKind::Bool(y)) => EvKind::Bool(if op == BinaryOp::And {
                *x && *y
            } else {
                *x || *y
            }),
            _ => return Ev::error(format!("'{}' needs two bools", op.as_str()), loc),
        },
        _ => {
            let (Some(x), Some(y)) = (num(&a), num(&b)) else {
                return Ev::error(format!("'{}' needs two numbers", op.as_str()), loc);
            };
            match op {
                BinaryOp::Lt => EvKind::Bool(x < y),
                BinaryOp::Le => EvKind::Bool(x <= y),
                BinaryOp::Gt => EvKind::Bool(x > y),
                BinaryOp::Ge => EvKind::Bool(x >= y),
                BinaryOp::Add => EvKind::Num(x + y),
                BinaryOp::Sub => EvKind::Num(x - y),
                BinaryOp::Mul => EvKind::Num(x * y),
                BinaryOp::Div if y == 0.0 => return Ev::error("division by zero", loc),
                BinaryOp::Div => EvKind::Num(x / y),
                BinaryOp::Mod if y == 0.0 => return Ev::error("modulo by zero", loc),
                BinaryOp::Mod => EvKind::Num(x % y),
                _ => unreachable_op(),
            }
        }
    };
    Ev::new(kind, loc).with_origin_of(&[&a, &b])
}

fn unreachable_op() -> EvKind {
    EvKind::Unknown {
        reason: "unsupported operator".into(),
        error: true,
    }
}

/// A JSON text decoded into a value placed (and with the provenance of) `at`; `None` when it
/// is not JSON.
pub(super) fn decode_json(text: &str, at: &Ev) -> Option<Ev> {
    let v = serde_json::from_str::<serde_json::Value>(text).ok()?;
    let mut e = functions::from_json(&v, at.loc);
    e.origin = at.origin.clone();
    Some(e)
}

mod functions;
