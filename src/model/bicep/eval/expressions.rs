//! Evaluation of Bicep expressions: forcing a value, members and indexes, identifiers,
//! parameters and variables, operators and calls (through the shared [`library`]).

use super::args::{BicepArgs, Operands};
use super::*;

impl<'a> Ctx<'a> {
    pub(super) fn cached(
        &self,
        key: Key,
        at: Loc,
        compute: impl FnOnce(&Self) -> Ev<'a>,
    ) -> Option<Ev<'a>> {
        self.memo
            .get_or_compute(key, at, &self.budget, || compute(self))
    }

    pub(super) fn force(&self, ev: Ev<'a>, at: Option<Loc>) -> Val {
        match ev {
            Ev::V(mut v) => {
                if let Some(at) = at {
                    v.loc = Some(at);
                }
                v
            }
            Ev::Part(pieces, origin) => value::partial_to_val(&pieces, origin, at),
            Ev::Res { res, path } => {
                let at = at.unwrap_or_else(|| {
                    loc(
                        self.file_of(self.res[res].unit),
                        self.res[res].type_expr.range,
                    )
                });
                let mut v = if path.is_empty() {
                    Val::unknown(
                        format!(
                            "the resource `{}` is not a value known before deployment",
                            self.res_display(res)
                        ),
                        Some(at),
                    )
                } else {
                    self.res_path(res, &path, at)
                };
                let refers = v.refers.get_or_insert_with(Default::default);
                if refers.resources.is_empty() {
                    refers.resources.push(res);
                    refers.path = path
                        .iter()
                        .map(|s| match s {
                            Seg::Key(k) => k.clone(),
                            Seg::Index(i) => i.to_string(),
                        })
                        .collect();
                }
                if path.is_empty() && refers.text.is_none() {
                    refers.text = self.res_id(res, at).text_with_holes();
                }
                v
            }
            Ev::Outputs { module, .. } => Val::unknown(
                format!("the outputs of module `{module}` are not one value"),
                at,
            ),
            Ev::Syn(e, env, origin) => {
                let here = loc(self.file_of(env.unit), e.range);
                if !self.tick() {
                    return Val::unknown(value::TOO_LARGE, at);
                }
                let depth = self.depth.get();
                if depth >= MAX_DEPTH {
                    return Val::unknown("the value nests too deeply to evaluate", at);
                }
                self.depth.set(depth + 1);
                let full = self.eval_full(e, &env, here);
                self.depth.set(depth);
                let mut v = self.force(full, Some(at.unwrap_or(here)));
                let mut o = origin;
                o.append(&mut v.origin);
                v.origin = o;
                v
            }
        }
    }

    /// The member or element expressions of an object or array written without spreads.
    fn syn_member(&self, e: &'a Expr, key: &str) -> Option<Option<&'a Expr>> {
        match &e.kind {
            ExprKind::Object(props) if !props.iter().any(|p| matches!(p, Prop::Spread(_))) => {
                Some(e.member(key))
            }
            _ => None,
        }
    }

    pub(super) fn syn_items(e: &'a Expr) -> Option<&'a [Expr]> {
        match &e.kind {
            ExprKind::Array(items)
                if !items.iter().any(|i| matches!(i.kind, ExprKind::Spread(_))) =>
            {
                Some(items)
            }
            _ => None,
        }
    }

    /// `base.key`; `None` when `base` is known not to have it.
    pub(super) fn get(&self, base: Ev<'a>, key: &str, at: Loc) -> Option<Ev<'a>> {
        if let Ev::Syn(e, env, o) = &base {
            if let Some(m) = self.syn_member(e, key) {
                return m.map(|m| self.eval(m, env).with_origins(o.clone()));
            }
            let v = self.force(base, None);
            return self.get(Ev::V(v), key, at);
        }
        match base {
            Ev::Syn(..) => None,
            Ev::V(v) => match &v.kind {
                ValKind::Map(_) => match v.get(key) {
                    Some(c) => {
                        let mut c = c.clone();
                        if c.origin.is_empty() {
                            c.origin = v.origin.clone();
                        }
                        Some(Ev::V(c))
                    }
                    None => self.selected_member(&v, key, at),
                },
                ValKind::Unknown(_) => Some(Ev::V(v)),
                ValKind::Null => None,
                other => Some(Ev::unknown(
                    format!("cannot read property `{key}` of a {}", type_name(other)),
                    at,
                )),
            },
            Ev::Part(pieces, o) => Some(
                Ev::unknown(value::first_hole(&pieces).unwrap_or("unknown"), at).with_origins(o),
            ),
            Ev::Res { res, path } if path.is_empty() => Some(self.res_member(res, key, at)),
            Ev::Res { res, mut path } => {
                // `subnets[0].id`: the id of an element of a child collection.
                if key.eq_ignore_ascii_case("id") && path.len() >= 2 {
                    if let (Seg::Key(coll), Seg::Index(_)) =
                        (&path[path.len() - 2], &path[path.len() - 1])
                    {
                        let coll = coll.clone();
                        let element = self.res_path(res, &path, at);
                        let name = element.get("name").map(|n| Ev::V(n.clone()));
                        return Some(value::element_id(
                            self.res_id(res, at),
                            &coll,
                            name,
                            at,
                            |ev, out| self.pieces_of(ev, out),
                        ));
                    }
                }
                path.push(Seg::Key(key.to_string()));
                Some(Ev::Res { res, path })
            }
            Ev::Outputs {
                unit,
                module,
                outputs: false,
            } => Some(if key == "outputs" {
                Ev::Outputs {
                    unit,
                    module,
                    outputs: true,
                }
            } else {
                Ev::unknown(
                    format!("`{key}` of module `{module}` is decided at deployment"),
                    at,
                )
            }),
            Ev::Outputs { unit, module, .. } => Some(match unit {
                Ok(u) => self.output(u, &module, key, at),
                Err(why) => Ev::unknown(why.to_string(), at),
            }),
        }
    }

    fn output(&self, unit: UnitId, module: &str, name: &str, at: Loc) -> Ev<'a> {
        let Some(e) = self.units[unit].outputs.get(name).copied() else {
            return Ev::unknown(format!("module `{module}` has no output `{name}`"), at);
        };
        let file = self.file_of(unit);
        self.cached(Key::Output(unit, name.to_string()), at, |ctx| {
            ctx.eval(e, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, e.range),
                note: format!("output `{name}` of module `{module}`"),
            })
        })
        .unwrap_or_else(|| Ev::unknown(format!("output `{name}` refers to itself"), at))
    }

    pub(super) fn eval(&self, e: &'a Expr, env: &Env<'a>) -> Ev<'a> {
        let at = loc(self.file_of(env.unit), e.range);
        if !self.tick() {
            return Ev::unknown(value::TOO_LARGE, at);
        }
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return Ev::unknown("expressions nest too deeply to evaluate", at);
        }
        self.depth.set(depth + 1);
        let out = self.eval_inner(e, env, at);
        self.depth.set(depth);
        // What a call, an operator or an interpolation builds counts against the budget, as
        // in ARM, so doubling chains stop early.
        match e.kind {
            ExprKind::Interp(_)
            | ExprKind::Call { .. }
            | ExprKind::Binary(..)
            | ExprKind::Ternary(..) => self.budget.charged(out, at),
            _ => out,
        }
    }

    fn eval_inner(&self, e: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        match &e.kind {
            ExprKind::Str { value, content } => {
                let mut v = Val::new(ValKind::Str(value.clone()), Some(at));
                v.literal = content.map(|c| loc(at.file, c));
                Ev::V(v)
            }
            ExprKind::Interp(parts) => {
                let mut pieces = Vec::new();
                for p in parts {
                    match p {
                        Part::Text(t) => pieces.push(Piece::Text(t.clone())),
                        Part::Expr(x) => self.pieces_of(self.eval(x, env), &mut pieces),
                    }
                }
                value::from_pieces(pieces, at)
            }
            ExprKind::Num(n) => value::new(at, ValKind::Num(*n)),
            ExprKind::Bool(b) => value::new(at, ValKind::Bool(*b)),
            ExprKind::Null => value::new(at, ValKind::Null),
            ExprKind::Ident(n) => self.ident(n, env, at),
            ExprKind::Object(_) | ExprKind::Array(_) => Ev::Syn(e, env.clone(), Vec::new()),
            ExprKind::Spread(inner) => self.eval(inner, env),
            ExprKind::Call { ns, name, args } => {
                self.call(ns.as_deref(), &name.name, args, env, at)
            }
            ExprKind::Member { base, name, safe } => {
                if let ExprKind::Call { name: f, args, .. } = &base.kind {
                    if args.is_empty() {
                        if let Some(reason) = library::deployment_context(&f.name, &name.name) {
                            return Ev::unknown(reason, at);
                        }
                    }
                }
                let b = self.eval(base, env);
                if *safe {
                    // `base.?name` is `tryGet(base, 'name')`.
                    let key = Val::new(ValKind::Str(name.name.clone()), Some(at));
                    let args = BicepArgs::operands(self, &[], env, at);
                    return library::try_get_path(&args, b, [key]);
                }
                match self.get(b, &name.name, at) {
                    Some(v) => v,
                    None => Ev::unknown(format!("the object has no property `{}`", name.name), at),
                }
            }
            ExprKind::Index { base, index, safe } => {
                let b = self.eval(base, env);
                let i = self.eval(index, env);
                let i = self.force(i, Some(at));
                self.index(b, &i, *safe, at)
            }
            ExprKind::Nested { base, name } => {
                let b = self.eval(base, env);
                match b {
                    Ev::Res { res, path } if path.is_empty() => {
                        match self.res[res].children.get(name.name.as_str()) {
                            Some(&c) => Ev::Res {
                                res: c,
                                path: Vec::new(),
                            },
                            None => Ev::unknown(
                                format!(
                                    "`{}` has no nested resource `{}`",
                                    self.res_display(res),
                                    name.name
                                ),
                                at,
                            ),
                        }
                    }
                    _ => Ev::unknown(
                        format!("'::{}' of a value that is not a resource", name.name),
                        at,
                    ),
                }
            }
            ExprKind::Not(x) => library::not(
                &BicepArgs::operands(self, &[x], env, at),
                Callee::operator("!"),
            ),
            ExprKind::Neg(x) => match self.force(self.eval(x, env), Some(at)).kind {
                ValKind::Num(n) => value::new(at, ValKind::Num(-n)),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("'-' needs a number", at),
            },
            ExprKind::NonNull(x) => self.eval(x, env),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, env, at),
            ExprKind::Ternary(c, a, b) => library::if_(
                &BicepArgs::operands(self, &[c, a, b], env, at),
                Callee::operator("?:"),
            ),
            ExprKind::For {
                item,
                index,
                iterable,
                body,
            } => {
                let list = self.force(self.eval(iterable, env), Some(at));
                let items = match list.kind {
                    ValKind::List(items) => items,
                    ValKind::Unknown(r) => return Ev::unknown(r, at),
                    other => {
                        return Ev::unknown(format!("a loop over a {}", type_name(&other)), at)
                    }
                };
                if items.len() > MAX_LOOP_ITEMS {
                    return Ev::unknown("the loop is too long to evaluate", at);
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, mut it) in items.into_iter().enumerate() {
                    if it.origin.is_empty() {
                        it.origin = list.origin.clone();
                    }
                    let mut e2 = env.clone();
                    if let Some(n) = item {
                        e2 = e2.bind(&n.name, Ev::V(it));
                    }
                    if let Some(n) = index {
                        e2 = e2.bind(&n.name, value::new(at, ValKind::Num(i as f64)));
                    }
                    let (b, keep) = match &body.kind {
                        ExprKind::If { cond, body } => {
                            match self.force(self.eval(cond, &e2), Some(at)).kind {
                                ValKind::Bool(k) => (&**body, k),
                                _ => return Ev::unknown("a loop condition is not known", at),
                            }
                        }
                        _ => (&**body, true),
                    };
                    if keep {
                        let v = self.eval(b, &e2);
                        out.push(self.force(v, None));
                    }
                }
                value::new(at, ValKind::List(out))
            }
            ExprKind::If { body, .. } => self.eval(body, env),
            ExprKind::Lambda { .. } => Ev::unknown("a lambda is not a value", at),
            ExprKind::Error => Ev::unknown("the expression does not parse", at),
        }
    }

    /// Evaluates an object or array expression completely.
    fn eval_full(&self, e: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        match &e.kind {
            ExprKind::Object(props) => {
                let mut members: Vec<(String, Val)> = Vec::with_capacity(props.len());
                for p in props {
                    match p {
                        Prop::KeyValue { key, value, .. } => {
                            let v = self.eval(value, env);
                            let v = self.force(v, None);
                            members.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
                            members.push((key.clone(), v));
                        }
                        Prop::Spread(s) => {
                            let v = self.eval(s, env);
                            if let ValKind::Map(m) = self.force(v, None).kind {
                                for (k, v) in m {
                                    members.retain(|(k2, _)| !k2.eq_ignore_ascii_case(&k));
                                    members.push((k, v));
                                }
                            }
                        }
                        Prop::Resource(_) => {}
                    }
                }
                value::new(at, ValKind::Map(members))
            }
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    let v = self.eval(i, env);
                    let v = self.force(v, None);
                    match (&i.kind, v.kind) {
                        (ExprKind::Spread(_), ValKind::List(l)) => out.extend(l),
                        (ExprKind::Spread(_), ValKind::Unknown(r)) => {
                            return Ev::unknown(r, at);
                        }
                        (_, kind) => out.push(Val { kind, ..v }),
                    }
                }
                value::new(at, ValKind::List(out))
            }
            _ => self.eval(e, env),
        }
    }

    fn ident(&self, name: &str, env: &Env<'a>, at: Loc) -> Ev<'a> {
        if let Some((_, v)) = env.locals.iter().rev().find(|(n, _)| n == name) {
            return value::relocate(v.clone(), at);
        }
        let u = &self.units[env.unit];
        if u.vars.contains_key(name) {
            return self.variable(env.unit, name, at);
        }
        if u.params.contains_key(name) {
            return self.parameter(env.unit, name, at);
        }
        if let Some(&r) = u.resources.get(name) {
            return Ev::Res {
                res: r,
                path: Vec::new(),
            };
        }
        if let Some(m) = u.modules.get(name) {
            return Ev::Outputs {
                unit: m.clone(),
                module: name.to_string(),
                outputs: false,
            };
        }
        Ev::unknown(format!("`{name}` is not declared"), at)
    }

    fn variable(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        let e = self.units[unit].vars[name];
        let file = self.file_of(unit);
        self.cached(Key::Var(unit, name.to_string()), at, |ctx| {
            ctx.eval(e, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, e.range),
                note: format!("variable `{name}`"),
            })
        })
        .unwrap_or_else(|| Ev::unknown(format!("variable `{name}` refers to itself"), at))
    }

    fn parameter(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        self.cached(Key::Param(unit, name.to_string()), at, |ctx| {
            ctx.parameter_uncached(unit, name, at)
        })
        .unwrap_or_else(|| Ev::unknown(format!("parameter `{name}` refers to itself"), at))
    }

    /// The value module statement `c` passes for parameter `name`, with its provenance.
    pub(super) fn passed_by(&self, c: &Caller<'a>, name: &str, allowed: &str) -> Option<Ev<'a>> {
        let cfile = self.file_of(c.unit);
        let label = format!(
            "parameter `{name}` of module `{}` ({}){allowed}",
            c.name,
            self.file_name(cfile)
        );
        let mut env = Env::new(c.unit).with_loop_vars(&c.loop_vars);
        for (n, v) in &c.bound {
            env = env.bind(n, Ev::V(v.clone()));
        }
        match c.params.map(|p| (p, &p.kind)) {
            Some((p, ExprKind::Object(_))) => {
                let v = p.member(name)?;
                Some(self.eval(v, &env).with_origin(Origin {
                    loc: loc(cfile, v.range),
                    note: label,
                }))
            }
            Some((p, _)) => {
                let pv = self.eval(p, &env);
                let v = self.get(pv, name, loc(cfile, p.range))?;
                Some(v.with_origin(Origin {
                    loc: loc(cfile, p.range),
                    note: label,
                }))
            }
            None => None,
        }
    }

    fn parameter_uncached(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        let u = &self.units[unit];
        let file = u.file;
        let stmt = u.params[name];
        let StmtKind::Param {
            name: ident,
            value: default,
            ..
        } = &stmt.kind
        else {
            return Ev::unknown(format!("parameter `{name}` is not declared"), at);
        };
        let allowed = allowed_note(stmt);
        // A `.bicepparam` value wins.
        if let Some(pu) = u.param_file {
            let pfile = self.file_of(pu);
            if let Some(StmtKind::Param { value: Some(v), .. }) =
                self.units[pu].params.get(name).map(|s| &s.kind)
            {
                let note = format!("parameter `{name}` in {}{allowed}", self.file_name(pfile));
                return self.eval(v, &Env::new(pu)).with_origin(Origin {
                    loc: loc(pfile, v.range),
                    note,
                });
            }
        }
        // The value a module statement passes.
        if let Some(v) = u
            .caller
            .as_ref()
            .and_then(|c| self.passed_by(c, name, &allowed))
        {
            return v;
        }
        if let Some(d) = default {
            return self.eval(d, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, d.range),
                note: format!("parameter `{name}` default{allowed}"),
            });
        }
        let reason = match &u.caller {
            Some(c) => format!(
                "parameter `{name}` has no default and module `{}` does not pass it",
                c.name
            ),
            None => format!("parameter `{name}` has no default and no parameters file sets it"),
        };
        Ev::unknown(reason, at).with_origin(Origin {
            loc: loc(file, ident.range),
            note: format!("parameter `{name}`{allowed}"),
        })
    }

    pub(super) fn index(&self, base: Ev<'a>, index: &Val, safe: bool, at: Loc) -> Ev<'a> {
        if let ValKind::Unknown(r) = &index.kind {
            return Ev::unknown(r.clone(), at);
        }
        let base = match base {
            Ev::Syn(e, env, o) => match (Self::syn_items(e), &index.kind) {
                (Some(items), ValKind::Num(n)) => {
                    return match items.get(*n as usize).filter(|_| *n >= 0.0) {
                        Some(item) => self.eval(item, &env).with_origins(o),
                        None if safe => value::new(at, ValKind::Null),
                        None => Ev::unknown(format!("index {n} is out of range"), at),
                    };
                }
                (_, ValKind::Str(_)) => Ev::Syn(e, env, o),
                _ => Ev::V(self.force(Ev::Syn(e, env, o), None)),
            },
            other => other,
        };
        let out =
            match (base, &index.kind) {
                (base, ValKind::Str(key)) => self.get(base, key, at),
                (Ev::Res { res, path }, ValKind::Num(n)) if path.is_empty() => {
                    Some(self.instance(res, *n, at))
                }
                (Ev::Res { res, mut path }, ValKind::Num(n)) if !path.is_empty() && *n >= 0.0 => {
                    path.push(Seg::Index(*n as usize));
                    Some(Ev::Res { res, path })
                }
                (Ev::V(v), ValKind::Num(n)) => match &v.kind {
                    ValKind::List(items) => items
                        .get(*n as usize)
                        .filter(|_| *n >= 0.0)
                        .cloned()
                        .map(|mut item| {
                            if item.origin.is_empty() {
                                item.origin = v.origin.clone();
                            }
                            Ev::V(item)
                        }),
                    ValKind::Unknown(_) => Some(Ev::V(v)),
                    other => Some(Ev::unknown(
                        format!("cannot index a {}", type_name(other)),
                        at,
                    )),
                },
                (Ev::Part(p, _), _) => {
                    Some(Ev::unknown(value::first_hole(&p).unwrap_or("unknown"), at))
                }
                (_, other) => Some(Ev::unknown(
                    format!("cannot index by a {}", type_name(other)),
                    at,
                )),
            };
        match out {
            Some(v) => v,
            None if safe => value::new(at, ValKind::Null),
            None => Ev::unknown("the index is out of range or the key is absent", at),
        }
    }

    /// A binary operator: the ARM function it compiles to (`==` is `equals()`, `+` is
    /// `add()`...), except `=~` and `!~`, which have none.
    fn binary(&self, op: BinOp, a: &'a Expr, b: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let operands = [a, b];
        let args = BicepArgs::operands(self, &operands, env, at);
        let f = Callee::operator;
        match op {
            BinOp::Coalesce => library::coalesce(&args, f("??")),
            BinOp::And => library::and(&args, f("&&")),
            BinOp::Or => library::or(&args, f("||")),
            BinOp::Eq => library::equals(&args, f("==")),
            BinOp::Ne => library::differs(&args, f("!=")),
            BinOp::Lt => library::less(&args, f("<")),
            BinOp::Le => library::less_or_equals(&args, f("<=")),
            BinOp::Gt => library::greater(&args, f(">")),
            BinOp::Ge => library::greater_or_equals(&args, f(">=")),
            BinOp::Add => library::add(&args, f("+")),
            BinOp::Sub => library::sub(&args, f("-")),
            BinOp::Mul => library::mul(&args, f("*")),
            BinOp::Div => library::div(&args, f("/")),
            BinOp::Mod => library::modulo(&args, f("%")),
            BinOp::EqI | BinOp::NeI => self.equals_ignoring_case(op, &args),
        }
    }

    /// `=~` and `!~`: strings compared case-insensitively.
    fn equals_ignoring_case(&self, op: BinOp, args: &BicepArgs<'_, 'a>) -> Ev<'a> {
        let (l, r) = (args.arg(0), args.arg(1));
        if let Some(u) = value::first_unknown([&l, &r]) {
            return Ev::V(u);
        }
        match (&l.kind, &r.kind) {
            (ValKind::Str(x), ValKind::Str(y)) => value::new(
                args.at,
                ValKind::Bool(x.eq_ignore_ascii_case(y) == (op == BinOp::EqI)),
            ),
            _ => Ev::unknown("the operation is not evaluated", args.at),
        }
    }

    /// Appends the string pieces of a value; what is not a string yet is forced.
    pub(super) fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        value::pieces_of(ev, out, |lazy, out| {
            value::val_pieces(self.force(lazy, None), out)
        })
    }

    // ---- functions ----

    /// A function call: the shared library's function of that name (`az.` and `sys.` are
    /// its namespaces).
    fn call(
        &self,
        ns: Option<&str>,
        name: &str,
        args: &'a [Expr],
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        if let Some(ns) = ns {
            if !matches!(ns, "az" | "sys") {
                return Ev::unknown(
                    format!("user-defined function `{ns}.{name}` is not evaluated"),
                    at,
                );
            }
        }
        if ns.is_none_or(|n| n == "sys") {
            if let Some(ev) = self.lambda_call(name, args, env, at) {
                return ev;
            }
        }
        let args = BicepArgs {
            cx: self,
            operands: Operands::Call(args),
            env,
            at,
        };
        library::call(&args, name, Dialect::Bicep)
    }
}

impl<'a> Ev<'a> {
    pub(super) fn with_origins(self, origins: Vec<Origin>) -> Ev<'a> {
        match self {
            Ev::V(mut v) => {
                v.origin.extend(origins);
                Ev::V(v)
            }
            Ev::Part(p, mut o) => {
                o.extend(origins);
                Ev::Part(p, o)
            }
            Ev::Syn(e, env, mut o) => {
                o.extend(origins);
                Ev::Syn(e, env, o)
            }
            other => other,
        }
    }
}

/// The body object of a resource or module value (through `if` and `for`), and the loop
/// variables bound around it.
pub(super) fn unwrap_body(
    value: Option<&Expr>,
    file: FileId,
) -> (Option<&Expr>, Vec<(String, Loc)>) {
    let mut vars = Vec::new();
    let mut cur = value;
    for _ in 0..4 {
        match cur.map(|e| &e.kind) {
            Some(ExprKind::If { body, .. }) => cur = Some(body),
            Some(ExprKind::For {
                item, index, body, ..
            }) => {
                for v in [item, index].into_iter().flatten() {
                    vars.push((v.name.clone(), loc(file, v.range)));
                }
                cur = Some(body);
            }
            _ => break,
        }
    }
    (cur.filter(|e| matches!(e.kind, ExprKind::Object(_))), vars)
}

/// `; allowed: 'a', 'b'` for a parameter with an `@allowed([...])` list of strings.
fn allowed_note(stmt: &Stmt) -> String {
    for d in &stmt.decorators {
        let ExprKind::Call { name, args, .. } = &d.kind else {
            continue;
        };
        if name.name != "allowed" {
            continue;
        }
        if let Some(ExprKind::Array(items)) = args.first().map(|a| &a.kind) {
            let values: Option<Vec<String>> = items
                .iter()
                .map(|i| i.as_str().map(|s| format!("'{s}'")))
                .collect();
            if let Some(values) = values.filter(|v| !v.is_empty()) {
                return format!(" (@allowed: {})", values.join(", "));
            }
        }
    }
    String::new()
}
