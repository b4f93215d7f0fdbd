//! References: `var.x`, `local.x`, resources and data sources and their attributes, with
//! the keys read from them recorded, and blocks as values.

use super::instances::Instances;
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
                format!("`{root}` cannot be used here: variable defaults and tfvars values must be literal"),
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
                let v = self.local(ctx.module, name);
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
                        instance: None,
                        attr: attr.to_string(),
                        keys: Vec::new(),
                    }));
                    self.record_keys(&mut v, &rest[2..], ctx, scope);
                }
                v
            }
            ("module", Some(name)) => {
                let v = self.module_output(name, rest, ctx, scope, loc);
                let rest = match rest {
                    [TStep::Index(_), TStep::Attr(_), tail @ ..] | [TStep::Attr(_), tail @ ..] => {
                        tail
                    }
                    _ => &[],
                };
                self.apply_steps(v, rest, ctx, scope)
            }
            ("count" | "each", _) => {
                let what = match (root.as_str(), first) {
                    ("count", Some("index")) => "index",
                    ("each", Some(w @ ("key" | "value"))) => w,
                    _ => {
                        return Ev::error(
                            format!(
                                "`{root}` has only {}",
                                if root == "count" {
                                    "index"
                                } else {
                                    "key and value"
                                }
                            ),
                            loc,
                        )
                    }
                };
                if let Some(v) = self.instance_value(what, ctx, loc) {
                    return self.apply_steps(v, rest, ctx, scope);
                }
                let call = ctx.call.map(|c| &self.m.modules[ctx.module].calls[c]);
                let res = ctx.resource.map(|r| &self.m.resources[r]);
                let (has, name, differs) = if root == "count" {
                    ("count", "count.index", "differs")
                } else {
                    ("for_each", "each.key and each.value", "differ")
                };
                let keyed =
                    |count: bool, for_each: bool| if root == "count" { count } else { for_each };
                // Why the instances are not known, when they are not.
                let why = |i: Instances| match i {
                    Instances::Unknown(reason) => format!(" ({reason})"),
                    _ => String::new(),
                };
                match (res, call) {
                    (Some(r), _) if keyed(r.has_count, r.has_for_each) => {
                        let address = r.address.clone();
                        let why = why(self.resource_instances(ctx.resource.unwrap_or_default()));
                        Ev::unknown(
                            format!("{name} {differs} between the instances of {address}{why}"),
                            loc,
                        )
                    }
                    (None, Some(c)) if keyed(c.has_count, c.has_for_each) => {
                        let call_name = c.name;
                        let why =
                            why(self.call_instances(ctx.module, ctx.call.unwrap_or_default()));
                        Ev::unknown(
                            format!("{name} {differs} between the instances of module `{call_name}`{why}"),
                            loc,
                        )
                    }
                    _ => Ev::error(
                        format!(
                            "{} is only available in a resource or module with `{has}`",
                            if root == "count" {
                                "count.index"
                            } else {
                                "each.*"
                            }
                        ),
                        loc,
                    ),
                }
            }
            ("path", _) => Ev::unknown("path.* is known when Terraform runs", loc),
            ("terraform", _) => {
                Ev::unknown("terraform.workspace is chosen when Terraform runs", loc)
            }
            ("self", _) => Ev::unknown("self.* is known only after apply", loc),
            (ty, Some(name)) if self.m.modules[ctx.module].resource_types.contains(ty) => {
                let Some(idx) = self.m.find_resource(ctx.module, ty, name, ctx.file) else {
                    return Ev::error(
                        format!("resource {ty}.{name} is not declared in this module"),
                        loc,
                    );
                };
                let res = &self.m.resources[idx];
                let mut rest = rest;
                let mut instance = None;
                if res.has_count || res.has_for_each {
                    if let Some(TStep::Index(key)) = rest.first() {
                        // The instance the key names; when it is not known, one instance
                        // stands for all and what depends on the key is unknown.
                        let key = self.eval(key, ctx, scope);
                        instance = self.instance_of(idx, &key);
                        rest = &rest[1..];
                    }
                }
                match rest.first() {
                    Some(TStep::Attr(attr)) => {
                        let v = self.resource_attr(idx, instance, attr);
                        self.apply_steps(v, &rest[1..], ctx, scope)
                    }
                    None => self.whole_resource(idx, instance, loc),
                    Some(TStep::Index(_)) => Ev::error(
                        format!("{} has no 'count' or 'for_each' to index", res.address),
                        loc,
                    ),
                }
            }
            // An undeclared name is not an error `try()` or `can()` catches: Terraform rejects
            // it before evaluating anything ("try ... can only catch dynamic errors",
            // https://developer.hashicorp.com/terraform/language/functions/try). Seen here, the
            // declaration is in a file residency was not given, so the value is unknown.
            (ty, Some(name)) if ty.contains('_') => Ev::unknown(
                format!("resource {ty}.{name} is not declared in this module"),
                loc,
            ),
            (root, _) => Ev::unknown(format!("`{root}` is not declared"), loc),
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
            // A resource (instance) as a whole, read further by attribute (`each.value.location`
            // over `for_each = azurerm_x.y`, `azurerm_x.y[*].location`): that attribute.
            if let (TStep::Attr(name), Some(r)) = (step, v.reference.as_deref()) {
                if let (Some(res), "", true) = (r.res, r.attr.as_str(), r.keys.is_empty()) {
                    if v.is_unknown() {
                        v = self.resource_attr(res, r.instance, name);
                        continue;
                    }
                }
            }
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

    /// `var.name` in module `ctx.module`: from tfvars (the root), the argument its caller
    /// passes (a module instance), or the default.
    fn var(&mut self, name: &'a str, ctx: Ctx) -> Ev {
        let module = ctx.module;
        let key = Key::Var(module, name);
        if let Some(v) = self.remembered(key) {
            return v;
        }
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, None);
        }
        self.active.push(key);
        let constant = Ctx {
            constant: true,
            ..Ctx::in_module(ctx.file, module)
        };
        let m = &self.m.modules[module];
        let passed = m.caller.and_then(|(parent, call_name)| {
            let index = *self.m.modules[parent].call_by_name.get(call_name)?;
            let call = &self.m.modules[parent].calls[index];
            let arg = call.block.body.attribute(name)?;
            Some((parent, index, call, arg))
        });
        let v = if let Some((parent, index, call, arg)) = passed {
            let caller_ctx = Ctx {
                call: Some(index),
                callee: Some(module),
                ..Ctx::in_module(call.file, parent)
            };
            let mut v = self.eval(&arg.expr, caller_ctx, &mut Vec::new());
            let key = m.key.as_ref().map(InstKey::suffix).unwrap_or_default();
            v.origin.insert(
                0,
                Origin {
                    loc: Loc {
                        file: call.file,
                        range: arg.expr.range,
                    },
                    note: format!("variable `{name}` passed by module `{}{key}`", call.name),
                },
            );
            v
        } else if let Some(&(file, expr)) = m.tfvars.get(name) {
            let mut v = self.eval(expr, Ctx { file, ..constant }, &mut Vec::new());
            let file_name = self.m.file_name(file);
            v.origin.insert(
                0,
                Origin {
                    loc: Loc {
                        file,
                        range: expr.range,
                    },
                    note: format!("variable `{name}` in {file_name}"),
                },
            );
            v
        } else if let Some(decl) = m.vars.get(name) {
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
                            note: format!("variable `{name}` default"),
                        },
                    );
                    v
                }
                None => {
                    let reason = match m.caller {
                        Some((_, call)) => format!(
                            "variable `{name}` has no default and module `{call}` does not pass it"
                        ),
                        None => format!("variable `{name}` has no default and no tfvars sets it"),
                    };
                    let mut v = Ev::unknown(reason, None);
                    v.origin.push(Origin {
                        loc: Loc {
                            file: decl.file,
                            range: decl.header,
                        },
                        note: format!("variable `{name}` declared here"),
                    });
                    v
                }
            }
        } else {
            // Not an error `try()` catches (see `traversal`).
            Ev::unknown(format!("variable `{name}` is not declared"), None)
        };
        self.active.pop();
        self.memo.insert(key, v.clone());
        v
    }

    /// `local.name` in module `module`.
    fn local(&mut self, module: InstIdx, name: &'a str) -> Ev {
        let Some(&(file, expr)) = self.m.modules[module].locals.get(name) else {
            // Not an error `try()` catches (see `traversal`).
            return Ev::unknown(format!("local `{name}` is not declared"), None);
        };
        self.named(Key::Local(module, name), module, file, expr, None, || {
            format!("local `{name}`")
        })
    }

    /// The value of a local or output `key`, `expr` written in `file` of `module`: evaluated
    /// once, with the step `note` first in its origin.
    fn named(
        &mut self,
        key: Key<'a>,
        module: InstIdx,
        file: FileId,
        expr: &'a Expr,
        loc: Option<Loc>,
        note: impl FnOnce() -> String,
    ) -> Ev {
        if let Some(v) = self.remembered(key) {
            return v;
        }
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, loc);
        }
        self.active.push(key);
        let ctx = Ctx::in_module(file, module);
        let mut v = self.eval(expr, ctx, &mut Vec::new());
        self.active.pop();
        v.origin.insert(
            0,
            Origin {
                loc: Loc {
                    file,
                    range: expr.range,
                },
                note: note(),
            },
        );
        self.memo.insert(key, v.clone());
        v
    }

    /// A copy of what `key` evaluated to, when it has been, charged to the budget.
    fn remembered(&mut self, key: Key<'a>) -> Option<Ev> {
        let size = self.memo.get(&key)?.size;
        if !self.charge(size) {
            return Some(Ev::unknown(
                "the configuration is too large to evaluate",
                None,
            ));
        }
        self.memo.get(&key).cloned()
    }

    /// `module.call.output` (`module.call[k].output`) read in module `ctx.module`: the output's
    /// value in the instance the call made, or unknown when the call is not followed.
    fn module_output(
        &mut self,
        call: &'a str,
        rest: &[TStep<'a>],
        ctx: Ctx,
        scope: &mut Scope<'a>,
        loc: Option<Loc>,
    ) -> Ev {
        let m = &self.m.modules[ctx.module];
        let Some(&index) = m.call_by_name.get(call) else {
            // Not an error `try()` catches (see `traversal`).
            return Ev::unknown(format!("module `{call}` is not declared"), loc);
        };
        let decl = &m.calls[index];
        let targets = match &decl.target {
            Ok(targets) => targets.clone(),
            Err(reason) => return Ev::unknown(reason.clone(), loc),
        };
        let expanded = decl.has_count || decl.has_for_each;
        let (child, rest) = match rest {
            [TStep::Index(key), tail @ ..] if expanded => {
                // The instance the key names; when it is not known, the one instance that
                // stands for all (the instances were not expanded).
                let key = self.eval(key, ctx, scope);
                let wanted = super::instances::key_of(&key);
                let named = targets
                    .iter()
                    .copied()
                    .find(|&t| wanted.is_some() && self.m.modules[t].key == wanted);
                match (named, targets.as_slice()) {
                    (Some(t), _) => (t, tail),
                    (None, [only]) if self.m.modules[*only].key.is_none() => (*only, tail),
                    (None, []) => {
                        return Ev::error(format!("module `{call}` has no instances"), loc)
                    }
                    (None, _) => {
                        return Ev::unknown(
                            format!("the instance of module `{call}` read here is not known"),
                            loc,
                        )
                    }
                }
            }
            _ => match targets.as_slice() {
                [only] => (*only, rest),
                [] => return Ev::error(format!("module `{call}` has no instances"), loc),
                _ => {
                    return Ev::unknown(
                        format!("module.{call} has several instances; one must be indexed"),
                        loc,
                    )
                }
            },
        };
        let Some(TStep::Attr(output)) = rest.first() else {
            return Ev::unknown(
                format!("module.{call} as a whole is known only after apply"),
                loc,
            );
        };
        let output: &'a str = output;
        let key = self.m.modules[child]
            .key
            .as_ref()
            .map(InstKey::suffix)
            .unwrap_or_default();
        let Some(&(file, expr)) = self.m.modules[child].outputs.get(output) else {
            return Ev::error(format!("module `{call}` has no output `{output}`"), loc);
        };
        self.named(Key::Output(child, output), child, file, expr, loc, || {
            format!("output `{output}` of module `{call}`{key}")
        })
    }

    /// Resource `res` (one instance of it) as a whole: known only after apply, but it leads
    /// to the resource. A resource with known instances, read without a key, is the list
    /// (`count`) or map (`for_each`) of its instances, as `for_each = azurerm_x.y` reads it.
    fn whole_resource(&mut self, res: ResIdx, instance: Option<u32>, loc: Option<Loc>) -> Ev {
        let one = |this: &mut Self, instance: Option<u32>| {
            let mut v = Ev::unknown(
                format!(
                    "{} as a whole is known only after apply",
                    this.address(res, instance)
                ),
                loc,
            );
            v.reference = Some(ResRef::new(res, instance, ""));
            v
        };
        if instance.is_none() {
            if let Instances::Keys(keys) = self.resource_instances(res) {
                let mut list = Vec::new();
                let mut map = Vec::new();
                for (i, key) in keys.iter().enumerate() {
                    let v = one(self, Some(i as u32));
                    match key {
                        InstKey::Index(_) => list.push(v),
                        InstKey::Key(k) => map.push((k.clone(), v)),
                    }
                }
                let kind = if self.m.resources[res].has_count {
                    EvKind::List(list)
                } else {
                    EvKind::Map(map)
                };
                return Ev::new(kind, loc);
            }
        }
        one(self, instance)
    }

    /// The address of resource `res`, or of one instance of it (`azurerm_x.y["a"]`).
    pub fn address(&mut self, res: ResIdx, instance: Option<u32>) -> String {
        let address = self.m.resources[res].address.clone();
        // An instance index comes from the instances, so they are evaluated already.
        let Some(i) = instance else {
            return address;
        };
        match self.resource_instances(res) {
            Instances::Keys(keys) => match keys.get(i as usize) {
                Some(key) => format!("{address}{}", key.suffix()),
                None => address,
            },
            _ => address,
        }
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
    pub fn resource_attr(&mut self, res: ResIdx, instance: Option<u32>, attr: &'a str) -> Ev {
        let mut v = self.resource_attr_raw(res, instance, attr);
        let configured = self.m.resources[res].block.body.attribute(attr).is_some();
        if configured {
            if let Some(loc) = v.loc {
                v.origin.insert(
                    0,
                    Origin {
                        loc,
                        note: format!("{attr} of {}", self.address(res, instance)),
                    },
                );
            }
        }
        v.reference = Some(ResRef::new(res, instance, attr));
        v
    }

    /// Attribute or nested blocks `attr` of resource `res`, evaluated in the resource.
    pub fn resource_attr_raw(&mut self, res: ResIdx, instance: Option<u32>, attr: &'a str) -> Ev {
        let key = Key::Attr(res, instance, attr);
        if let Some(v) = self.remembered(key) {
            return v;
        }
        if let Some(cycle) = self.cycle(key) {
            return Ev::error(cycle, None);
        }
        self.active.push(key);
        let r = &self.m.resources[res];
        let ctx = Ctx {
            resource: Some(res),
            instance,
            ..Ctx::in_module(r.file, r.module)
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
                            m.reference = Some(ResRef::new(res, instance, attr));
                            m
                        })
                        .collect();
                    Ev::new(EvKind::List(items), None)
                }
                Err(u) => u,
            }
        } else {
            let mut v = Ev::unknown(
                format!(
                    "`{attr}` of {} is known only after apply",
                    self.address(res, instance)
                ),
                None,
            );
            v.reference = Some(ResRef::new(res, instance, attr));
            v
        };
        self.active.pop();
        self.memo.insert(key, v.clone());
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
                    format!("the dynamic `{name}` block has no for_each"),
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
                    format!("the `{name}` blocks come from a dynamic block whose for_each is not known: {reason}"),
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
