//! The functions that need the template's own tables — `parameters`, `variables`,
//! `copyIndex` (inside property and variable loops) and `reference` (a resource of the same
//! template) — and resources as `reference()` and `resourceId()` see them. Every other
//! function is the shared [`library`], called through [`ArmArgs`].

use crate::model::{Loc, Origin, Val, ValKind};

use super::eval::{Env, Ev};
use super::expr::Expr;
use super::library::{self, Args, Callee, Dialect};
use super::template::{Ctx, Key, ResId, ScopeId};
use super::value::{self, Piece};

use crate::model::resource_id::parse_resource_ref;

/// The arguments of a call in an ARM expression, for the [`library`].
struct ArmArgs<'c, 'a> {
    cx: &'c Ctx<'a>,
    args: &'c [Expr],
    env: Env,
}

impl<'a> Args for ArmArgs<'_, 'a> {
    type Ev = Ev<'a>;

    fn at(&self) -> Loc {
        self.env.at
    }

    fn len(&self) -> usize {
        self.args.len()
    }

    fn eval(&self, i: usize) -> Ev<'a> {
        match self.args.get(i) {
            Some(a) => self.cx.eval(a, self.env),
            None => Ev::unknown("missing argument", self.env.at),
        }
    }

    fn force(&self, ev: Ev<'a>) -> Val {
        self.cx.force(ev, Some(self.env.at))
    }

    fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        self.cx.pieces_of(ev, out)
    }

    fn is_array(&self, ev: &Ev<'a>) -> bool {
        match ev {
            Ev::V(v) => matches!(v.kind, ValKind::List(_)),
            Ev::Json(j) => j.node.is_array(),
            _ => false,
        }
    }

    fn member(&self, base: Ev<'a>, key: &str) -> Option<Ev<'a>> {
        self.cx.member(base, key, self.env)
    }

    fn index(&self, base: Ev<'a>, index: &Val) -> Ev<'a> {
        self.cx.index(base, index, self.env)
    }
}

impl<'a> Ctx<'a> {
    /// Evaluates a function call.
    pub(crate) fn call(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        // What a function builds counts against the budget.
        self.budget.charged(self.dispatch(name, args, env), env.at)
    }

    /// Calls the function `name` (case-insensitive): one of this file's, else the library's.
    fn dispatch(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let a = ArmArgs {
            cx: self,
            args,
            env,
        };
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("parameters") || is("variables") {
            self.fn_parameters(&a, name)
        } else if is("copyindex") {
            self.fn_copyindex(&a)
        } else if is("reference") {
            self.reference(&a)
        } else if is("resourceinfo") {
            self.resource_info(&a)
        } else {
            library::call(&a, name, Dialect::Arm)
        }
    }

    /// `parameters()` and `variables()`.
    fn fn_parameters(&self, a: &ArmArgs<'_, 'a>, name: &str) -> Ev<'a> {
        let at = a.env.at;
        if let Some(e) = library::arity(a, Callee::function(name), 1, 1) {
            return e;
        }
        let arg = a.arg(0);
        match &arg.kind {
            ValKind::Str(n) if name.eq_ignore_ascii_case("parameters") => {
                self.parameter(a.env.scope, n, at)
            }
            ValKind::Str(n) => self.variable(a.env.scope, n, at),
            ValKind::Unknown(_) => Ev::V(arg),
            _ => Ev::unknown(format!("{name}() needs a name"), at),
        }
    }

    /// `copyIndex()`: known inside a property or variable `copy` loop being expanded.
    fn fn_copyindex(&self, a: &ArmArgs<'_, 'a>) -> Ev<'a> {
        let mut loop_name = None;
        let mut offset = 0.0;
        for i in 0..a.len().min(2) {
            match a.arg(i).kind {
                ValKind::Str(s) => loop_name = Some(s),
                ValKind::Num(n) => offset = n,
                _ => {}
            }
        }
        let copies = self.copies.borrow();
        let bound = match &loop_name {
            Some(n) => copies.iter().rev().find(|(c, _)| c.eq_ignore_ascii_case(n)),
            None => copies.last(),
        };
        match bound {
            Some((_, i)) => value::new(a.env.at, ValKind::Num(*i as f64 + offset)),
            None => Ev::unknown("copyIndex() varies per copy", a.env.at),
        }
    }

    /// `reference(target, [apiVersion], ['Full'])`: a resource of this template.
    fn reference(&self, a: &ArmArgs<'_, 'a>) -> Ev<'a> {
        if a.len() == 0 {
            return Ev::unknown("reference() needs a resource", a.env.at);
        }
        let target = a.eval(0);
        let full = a.len() > 2
            && matches!(a.arg(2).kind, ValKind::Str(ref s) if s.eq_ignore_ascii_case("full"));
        match self.find_target(&target, a.env.scope) {
            Ok(res) => Ev::Res { res, full },
            Err(reason) => Ev::unknown(reason, a.env.at),
        }
    }

    /// `resourceInfo(symbolicName)` (languageVersion 2.0): the resource's `id`, `name`, `type`
    /// and `apiVersion`.
    fn resource_info(&self, a: &ArmArgs<'_, 'a>) -> Ev<'a> {
        if a.len() == 0 {
            return Ev::unknown("resourceInfo() needs a resource", a.env.at);
        }
        let target = a.eval(0);
        match self.find_target(&target, a.env.scope) {
            Ok(res) => Ev::Res { res, full: true },
            Err(reason) => Ev::unknown(reason, a.env.at),
        }
    }

    /// The resource a `reference()` argument designates: a symbolic name, a resource id, a
    /// `type/name` pair or a bare name.
    pub(crate) fn find_target(&self, target: &Ev<'a>, scope: ScopeId) -> Result<ResId, String> {
        let text = match target {
            Ev::V(Val {
                kind: ValKind::Unknown(r),
                ..
            }) => return Err(r.clone()),
            Ev::Res { res, .. } => return Ok(*res),
            other => match other.text_with_holes() {
                Some(t) => t,
                None => return Err("reference() needs a resource name or id".into()),
            },
        };
        if !text.contains('/') && !text.contains('\0') {
            let symbolic = self
                .by_proximity(scope)
                .find(|&r| self.resources[r].symbolic.is_some_and(|s| s == text));
            if let Some(r) = symbolic {
                return Ok(r);
            }
        }
        let Some((ty, names)) = parse_resource_ref(&text) else {
            return Err(format!(
                "reference(): `{}` is not a resource id",
                show(&text)
            ));
        };
        if names.iter().any(|n| n.contains('\0')) {
            // The reason of the first unknown piece in the names (not in the subscription or
            // resource group before them).
            let tail = text.to_ascii_lowercase().rfind("/providers/").unwrap_or(0);
            let reason = match target {
                Ev::Part(pieces, _) => {
                    let mut offset = 0;
                    pieces
                        .iter()
                        .find_map(|p| match p {
                            Piece::Text(t) => {
                                offset += t.len();
                                None
                            }
                            Piece::Hole(r) => {
                                offset += 1;
                                (offset > tail).then_some(r.as_str())
                            }
                        })
                        .unwrap_or("unknown")
                }
                _ => "unknown",
            };
            return Err(format!(
                "reference(): the name of the resource is not known statically ({reason})"
            ));
        }
        let found = self.by_proximity(scope).find(|&r| {
            let res = &self.resources[r];
            if let Some(ty) = &ty {
                if res.arm_type != *ty {
                    return false;
                }
            }
            let Some(name) = self.res_name_text(r) else {
                return false;
            };
            match &ty {
                Some(_) => {
                    let segs: Vec<&str> = name.split('/').collect();
                    segs.len() == names.len()
                        && segs
                            .iter()
                            .zip(&names)
                            .all(|(a, b)| a.eq_ignore_ascii_case(b))
                }
                None => {
                    name.eq_ignore_ascii_case(&names[0])
                        || name
                            .rsplit('/')
                            .next()
                            .is_some_and(|l| l.eq_ignore_ascii_case(&names[0]))
                }
            }
        });
        found.ok_or_else(|| {
            format!(
                "reference(): resource `{}` is not declared in this template",
                show(&text)
            )
        })
    }

    /// A property of a resource returned by `reference()`.
    pub(crate) fn res_member(&self, res: ResId, full: bool, key: &str, env: Env) -> Ev<'a> {
        let r = &self.resources[res];
        let file = self.scopes[r.scope].file;
        let display = self.res_display(res);
        if key.eq_ignore_ascii_case("location") {
            return match self.res_location(res, env.at) {
                Some((ev, node_loc)) => ev.with_origin(Origin {
                    loc: node_loc,
                    note: format!("location of `{display}` (reference())"),
                }),
                None if r.existing => Ev::unknown(
                    format!(
                        "`{display}` is an existing resource: its location is not in this template"
                    ),
                    env.at,
                ),
                None => Ev::unknown(format!("`{display}` declares no location"), env.at),
            };
        }
        // The full state of `reference(…, 'full')` has the id as `resourceId`.
        if key.eq_ignore_ascii_case("id") || (full && key.eq_ignore_ascii_case("resourceId")) {
            return self.resource_id(res, env.at);
        }
        if full && key.eq_ignore_ascii_case("name") {
            return self.res_name(res, env.at);
        }
        if full && key.eq_ignore_ascii_case("type") {
            return Ev::V(Val::new(ValKind::Str(r.full_type.clone()), Some(env.at)));
        }
        if !full && key.eq_ignore_ascii_case("outputs") {
            if let Some(inner) = r.inner {
                let template = self.scopes[inner].template;
                return match template.get("outputs") {
                    Some(outputs) => Ev::Json(super::eval::JsonRef {
                        scope: inner,
                        file,
                        node: outputs,
                        origin: vec![Origin {
                            loc: self.loc(file, outputs.range),
                            note: format!("output of deployment `{display}`"),
                        }],
                        owner: None,
                    }),
                    None => Ev::unknown(format!("deployment `{display}` has no outputs"), env.at),
                };
            }
        }
        let base = if full {
            Some(r.node)
        } else {
            r.node.get("properties")
        };
        match base {
            Some(node) if !r.existing => {
                let j = super::eval::JsonRef {
                    scope: r.scope,
                    file,
                    node,
                    origin: vec![Origin {
                        loc: self.loc(file, node.range),
                        note: format!("property of `{display}` (reference())"),
                    }],
                    owner: Some(super::eval::Owner {
                        res,
                        collection: None,
                    }),
                };
                self.prop(Ev::Json(j), key, env)
            }
            _ => Ev::unknown(
                format!("`{key}` of `{display}` is known only after deployment"),
                env.at,
            ),
        }
    }

    /// The id of a resource of the template.
    pub(crate) fn resource_id(&self, res: ResId, at: Loc) -> Ev<'a> {
        let name = self.res_name(res, at);
        value::declared_resource_id(
            &self.resources[res].full_type,
            name,
            || self.res_display(res),
            at,
            |ev, out| self.pieces_of(ev, out),
        )
    }

    /// The full name of a resource (`vnet/subnet` for a child), evaluated once.
    pub(crate) fn res_name(&self, res: ResId, at: Loc) -> Ev<'a> {
        self.cached(Key::Name(res), at, |ctx| {
            let r = &ctx.resources[res];
            let file = ctx.scopes[r.scope].file;
            let Some(node) = r.node.get("name") else {
                return Ev::unknown("the resource has no name", at);
            };
            let own = ctx.eval_node(r.scope, file, node);
            match r.parent.filter(|_| r.relative_name) {
                Some(p) => value::child_name(ctx.res_name(p, at), own, at, |ev, out| {
                    ctx.pieces_of(ev, out)
                }),
                None => own,
            }
        })
        .unwrap_or_else(|| Ev::unknown("the resource's name refers to itself", at))
    }

    /// The name of a resource if it is a known string.
    pub(crate) fn res_name_text(&self, res: ResId) -> Option<String> {
        let r = &self.resources[res];
        let at = self.loc(self.scopes[r.scope].file, r.type_node.range);
        match self.res_name(res, at) {
            Ev::V(Val {
                kind: ValKind::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }

    /// The location of a resource, evaluated once, with the place it is written.
    pub(crate) fn res_location(&self, res: ResId, at: Loc) -> Option<(Ev<'a>, Loc)> {
        let r = &self.resources[res];
        let file = self.scopes[r.scope].file;
        let node = r.node.get("location")?;
        let node_loc = self.loc(file, node.range);
        let scope = r.scope;
        let ev = self
            .cached(Key::Location(res), at, |ctx| {
                ctx.eval_node(scope, file, node)
            })
            .unwrap_or_else(|| Ev::unknown("the location refers to itself", at));
        Some((ev, node_loc))
    }

    /// A label for messages: the evaluated name, else the symbolic name, else the name as
    /// written.
    pub(crate) fn res_display(&self, res: ResId) -> String {
        if let Some(n) = self.res_name_text(res) {
            return n;
        }
        let r = &self.resources[res];
        if let Some(s) = r.symbolic {
            return s.to_string();
        }
        r.node
            .get("name")
            .and_then(|n| n.as_str())
            .map(String::from)
            .unwrap_or_else(|| r.full_type.clone())
    }
}

/// Text with `\0` holes, for messages.
fn show(text: &str) -> String {
    text.replace('\0', "…")
}
