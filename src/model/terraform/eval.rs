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

use rustc_hash::FxHashMap as HashMap;

use super::config::{Config, InstKey};
use super::modules::InstIdx;
use super::ResIdx;
use crate::model::{FileId, Loc, Origin, Refers, ResourceId, Val, ValKind};
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

/// Where an expression is evaluated.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    pub file: FileId,
    /// The module instance whose variables, locals and resources names refer to.
    pub module: InstIdx,
    /// In a tfvars value or a variable default: references are not allowed.
    pub constant: bool,
    /// Inside this resource's block (for `count.index`, `each.*`).
    pub resource: Option<ResIdx>,
    /// Which instance of [`Ctx::resource`] (its index in the resource's [`Instances`]), when
    /// it has `count` or `for_each` and the instances are known.
    pub instance: Option<u32>,
    /// Inside this `module` block of `module` (its index in [`Module::calls`]), for
    /// `count.index` and `each.*` in the arguments it passes.
    ///
    /// [`Module::calls`]: super::config::Module::calls
    pub call: Option<usize>,
    /// The module instance [`Ctx::call`] makes, whose key `count.index` and `each.*` are.
    pub callee: Option<InstIdx>,
}

impl Ctx {
    /// Code of `module` outside any resource or module block.
    pub fn in_module(file: FileId, module: InstIdx) -> Ctx {
        Ctx {
            file,
            module,
            constant: false,
            resource: None,
            instance: None,
            call: None,
            callee: None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Key<'a> {
    Var(InstIdx, &'a str),
    Local(InstIdx, &'a str),
    Output(InstIdx, &'a str),
    Attr(ResIdx, Option<u32>, &'a str),
}

impl Key<'_> {
    fn describe(&self, c: &Config<'_>) -> String {
        let within = |m: &InstIdx, what: String| match c.modules[*m].path.as_str() {
            "" => what,
            path => format!("{path}.{what}"),
        };
        match self {
            Key::Var(m, n) => within(m, format!("var.{n}")),
            Key::Local(m, n) => within(m, format!("local.{n}")),
            Key::Output(m, n) => within(m, format!("output.{n}")),
            Key::Attr(r, _, a) => format!("{}.{a}", c.resources[*r].address),
        }
    }
}

/// Iteration variables in scope (`for` variables; `@` is the splat element).
pub(super) type Scope<'a> = Vec<(&'a str, Ev)>;

enum TStep<'a> {
    Attr(&'a str),
    Index(&'a Expr),
}

/// Evaluates expressions of a configuration's module instances, with memoised variables,
/// locals, outputs and resource attributes.
pub(super) struct Evaluator<'m, 'a> {
    pub m: &'m Config<'a>,
    /// Variables, locals, outputs and resource attributes, once evaluated.
    memo: HashMap<Key<'a>, Ev>,
    active: Vec<Key<'a>>,
    /// The instances of each resource with `count` or `for_each`, once evaluated.
    instances: HashMap<ResIdx, Instances>,
    fuel: i64,
    depth: u32,
}

impl<'m, 'a> Evaluator<'m, 'a> {
    pub fn new(m: &'m Config<'a>) -> Self {
        Evaluator {
            m,
            memo: HashMap::default(),
            active: Vec::new(),
            instances: HashMap::default(),
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
                            "cannot apply `{}` to {}",
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
                                "duplicate key `{k}` in a 'for' expression (add '...' to group)"
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
                    let mut u = Ev::unknown(format!("`{k}` is known only after apply"), loc);
                    u.reference = parent_ref.clone();
                    u
                }
                None => Ev::error(format!("there is no attribute `{k}`"), loc),
            }
        }
        (EvKind::Map(members), Sel::Index(n)) => {
            let k = fmt_num(*n);
            match members.into_iter().rev().find(|(mk, _)| *mk == k) {
                Some((_, child)) => child,
                None => Ev::error(format!("there is no key `{k}`"), loc),
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
            _ => Ev::error(format!("a list has no attribute `{k}`"), loc),
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
            _ => return Ev::error(format!("`{}` needs two bools", op.as_str()), loc),
        },
        _ => {
            let (Some(x), Some(y)) = (num(&a), num(&b)) else {
                return Ev::error(format!("`{}` needs two numbers", op.as_str()), loc);
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
mod instances;
// The value being evaluated ([`Ev`]) and what it remembers.
mod value;
pub(super) use instances::Instances;
use value::{fmt_num, merge_origins, same};
pub(super) use value::{Ev, EvKind, ResRef};
// References: variables, locals, resources and data sources, their attributes and blocks.
mod references;
