//! References: `var.x`, `local.x`, resources and data sources and their attributes, with
//! the keys read from them recorded, and blocks as values.

use super::*;

impl<'m, 'a> Evaluator<'m, 'a> {
    pub(super) fn traversal(&mut self, e: &'a Expr, ctx: Ctx, scope: &mut Scope<'a>) -> Ev {
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
            if !names.contains(&name) && !super::super::META_BLOCKS.contains(&name) {
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
}
