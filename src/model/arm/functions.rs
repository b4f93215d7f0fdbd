//! The template functions the evaluator knows, and resources as `reference()` and
//! `resourceId()` see them.
//!
//! Evaluated: `parameters`, `variables`, `concat`, `format`, `toLower`, `toUpper`, `if`,
//! `equals`, `not`, `and`, `or`, `empty`, `coalesce`, `length`, `createArray`, `createObject`,
//! `string`, `int`, `bool`, `json`, `first`, `last`, `take`, `skip`, `replace`, `trim`, `split`,
//! `join`, `contains`, `startsWith`, `endsWith`, `union`, `tryGet`, `add`, `sub`, `mul`, `div`,
//! `mod`, `true`, `false`, `null`, `copyIndex` (inside property and variable loops), the
//! `*resourceId` family and `reference` (a resource of the same template). Everything else is
//! [`ValKind::Unknown`] with a reason naming the function.

use crate::model::resource_id::parse_resource_ref;
use crate::model::{Loc, Origin, Val, ValKind};
use crate::syntax::json;

use super::eval::{
    from_pieces, number_text, type_name, Env, Ev, Piece, RESOURCE_GROUP_HOLE, SUBSCRIPTION_HOLE,
};
use super::expr::Expr;
use super::template::{Ctx, Key, ResId, ScopeId};

impl<'a> Ctx<'a> {
    /// Evaluates a function call. Each function is its own method: one giant `match` would
    /// have a frame of many kilobytes in debug builds, and expressions recurse through here.
    pub(crate) fn call(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let out = self.dispatch(name, args, env);
        // What a function builds counts against the budget, so doubling concat() chains
        // stop early instead of filling memory.
        if self.charge(ev_weight(&out)) {
            out
        } else {
            Ev::unknown("the template is too large to evaluate fully", env.at)
        }
    }

    /// Calls the function `name` (case-insensitive).
    fn dispatch(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let lname = name.to_ascii_lowercase();
        let at = env.at;
        match lname.as_str() {
            "parameters" | "variables" => self.fn_parameters(name, &lname, args, env),
            "concat" => self.concat(args, env),
            "format" => self.format(args, env),
            "tolower" | "toupper" => self.fn_tolower(name, &lname, args, env),
            "if" => self.fn_if(name, args, env),
            "equals" => self.fn_equals(name, args, env),
            "not" => self.fn_not(name, args, env),
            "and" | "or" => self.fn_and(name, &lname, args, env),
            "empty" => self.fn_empty(name, args, env),
            "coalesce" => self.fn_coalesce(args, env),
            "length" => self.fn_length(name, args, env),
            "createarray" => self.fn_createarray(args, env),
            "createobject" => self.fn_createobject(args, env),
            "string" => self.fn_string(name, args, env),
            "int" => self.fn_int(name, args, env),
            "bool" => self.fn_bool(name, args, env),
            "json" => self.fn_json(name, args, env),
            "first" | "last" => self.fn_first(name, &lname, args, env),
            "take" | "skip" => self.fn_take(name, &lname, args, env),
            "replace" => self.fn_replace(name, args, env),
            "trim" => self.fn_trim(name, args, env),
            "split" => self.fn_split(name, args, env),
            "join" => self.fn_join(name, args, env),
            "contains" | "startswith" | "endswith" => self.fn_contains(name, &lname, args, env),
            "union" => self.fn_union(args, env),
            "tryget" => self.fn_tryget(args, env),
            "add" | "sub" | "mul" | "div" | "mod" => self.fn_add(name, &lname, args, env),
            "true" => mk(at, ValKind::Bool(true)),
            "false" => mk(at, ValKind::Bool(false)),
            "null" => mk(at, ValKind::Null),
            "copyindex" => self.fn_copyindex(args, env),
            "resourceid"
            | "subscriptionresourceid"
            | "tenantresourceid"
            | "extensionresourceid"
            | "managementgroupresourceid" => self.resource_id_call(&lname, name, args, env),
            "reference" => self.reference(args, env),
            "resourceinfo" => self.resource_info(args, env),
            _ => not_evaluated(name, &lname, at),
        }
    }

    /// `parameters()` and `variables()`.
    fn fn_parameters(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let arg = self.arg(args, 0, env);
        match &arg.kind {
            ValKind::Str(n) if lname == "parameters" => self.parameter(env.scope, n, at),
            ValKind::Str(n) => self.variable(env.scope, n, at),
            ValKind::Unknown(_) => Ev::V(arg),
            _ => Ev::unknown(format!("{name}() needs a name"), at),
        }
    }

    /// `toLower()` and `toUpper()`; unknown pieces of a string stay unknown.
    fn fn_tolower(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let upper = lname == "toupper";
        let conv = |s: &str| {
            if upper {
                s.to_uppercase()
            } else {
                s.to_lowercase()
            }
        };
        match self.eval(&args[0], env) {
            Ev::V(Val {
                kind: ValKind::Str(s),
                origin,
                ..
            }) => {
                let mut out = Val::new(ValKind::Str(conv(&s)), Some(at));
                out.origin = origin;
                Ev::V(out)
            }
            Ev::Part(pieces, origin) => Ev::Part(
                pieces
                    .into_iter()
                    .map(|p| match p {
                        Piece::Text(t) => Piece::Text(conv(&t)),
                        hole => hole,
                    })
                    .collect(),
                origin,
            ),
            Ev::V(
                u @ Val {
                    kind: ValKind::Unknown(_),
                    ..
                },
            ) => Ev::V(u),
            _ => Ev::unknown(format!("{name}() needs a string"), at),
        }
    }

    /// `if()`: only the chosen branch is evaluated.
    fn fn_if(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 3, 3, at) {
            return e;
        }
        let cond = self.arg(args, 0, env);
        match cond.kind {
            ValKind::Bool(true) => self.eval(&args[1], env),
            ValKind::Bool(false) => self.eval(&args[2], env),
            ValKind::Unknown(r) => {
                Ev::unknown(format!("the condition of if() is not known: {r}"), at)
            }
            other => Ev::unknown(
                format!("the condition of if() is a {}", type_name(&other)),
                at,
            ),
        }
    }

    /// `equals()`.
    fn fn_equals(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (a, b) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&a, &b]) {
            return Ev::V(u);
        }
        mk(at, ValKind::Bool(same(&a, &b)))
    }

    /// `not()`.
    fn fn_not(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        match self.arg(args, 0, env) {
            Val {
                kind: ValKind::Bool(b),
                ..
            } => mk(at, ValKind::Bool(!b)),
            u if u.is_unknown() => Ev::V(u),
            _ => Ev::unknown("not() needs a boolean", at),
        }
    }

    /// `and()` and `or()`: a decisive known argument wins over unknown ones.
    fn fn_and(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let decisive = lname == "or";
        let mut unknown = None;
        for i in 0..args.len() {
            match self.arg(args, i, env) {
                Val {
                    kind: ValKind::Bool(b),
                    ..
                } => {
                    if b == decisive {
                        return mk(at, ValKind::Bool(decisive));
                    }
                }
                u if u.is_unknown() => {
                    unknown.get_or_insert(u);
                }
                _ => return Ev::unknown(format!("{name}() needs booleans"), at),
            }
        }
        match unknown {
            Some(u) => Ev::V(u),
            None => mk(at, ValKind::Bool(!decisive)),
        }
    }

    /// `empty()`.
    fn fn_empty(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Str(s) => mk(at, ValKind::Bool(s.is_empty())),
            ValKind::List(l) => mk(at, ValKind::Bool(l.is_empty())),
            ValKind::Map(m) => mk(at, ValKind::Bool(m.is_empty())),
            ValKind::Null => mk(at, ValKind::Bool(true)),
            ValKind::Unknown(_) => Ev::V(a),
            _ => mk(at, ValKind::Bool(false)),
        }
    }

    /// `coalesce()`: the first argument that is not null.
    fn fn_coalesce(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        for arg in args {
            let ev = self.eval(arg, env);
            // The first argument that is not null; an unknown one may be null, so it is
            // the answer's unknown as well.
            if !matches!(
                &ev,
                Ev::V(Val {
                    kind: ValKind::Null,
                    ..
                })
            ) {
                return ev;
            }
        }
        mk(at, ValKind::Null)
    }

    /// `length()`.
    fn fn_length(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Str(s) => mk(at, ValKind::Num(s.chars().count() as f64)),
            ValKind::List(l) => mk(at, ValKind::Num(l.len() as f64)),
            ValKind::Map(m) => mk(at, ValKind::Num(m.len() as f64)),
            ValKind::Unknown(_) => Ev::V(a),
            other => Ev::unknown(format!("length() of a {}", type_name(other)), at),
        }
    }

    /// `createArray()`.
    fn fn_createarray(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let items = (0..args.len()).map(|i| self.arg(args, i, env)).collect();
        mk(at, ValKind::List(items))
    }

    /// `createObject()`.
    fn fn_createobject(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if args.len() % 2 != 0 {
            return Ev::unknown("createObject() needs key/value pairs", at);
        }
        let mut members = Vec::with_capacity(args.len() / 2);
        for i in (0..args.len()).step_by(2) {
            let k = self.arg(args, i, env);
            let ValKind::Str(k) = k.kind else {
                return Ev::unknown("createObject() keys must be known strings", at);
            };
            members.push((k, self.arg(args, i + 1, env)));
        }
        mk(at, ValKind::Map(members))
    }

    /// `string()` of a scalar.
    fn fn_string(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        match self.eval(&args[0], env) {
            s @ (Ev::V(Val {
                kind: ValKind::Str(_) | ValKind::Unknown(_),
                ..
            })
            | Ev::Part(..)) => s,
            other => {
                let a = self.force(other, Some(at));
                match a.kind {
                    ValKind::Num(n) => mk(at, ValKind::Str(number_text(n))),
                    ValKind::Bool(b) => {
                        mk(at, ValKind::Str(if b { "True" } else { "False" }.into()))
                    }
                    ValKind::Null => mk(at, ValKind::Str(String::new())),
                    _ => Ev::unknown("string() of an object or array is not evaluated", at),
                }
            }
        }
    }

    /// `int()`.
    fn fn_int(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Num(n) => mk(at, ValKind::Num(n.trunc())),
            ValKind::Str(s) => match s.trim().parse::<i64>() {
                Ok(n) => mk(at, ValKind::Num(n as f64)),
                Err(_) => Ev::unknown(format!("int() of '{s}' is not a number"), at),
            },
            ValKind::Unknown(_) => Ev::V(a),
            other => Ev::unknown(format!("int() of a {}", type_name(other)), at),
        }
    }

    /// `bool()`.
    fn fn_bool(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Bool(b) => mk(at, ValKind::Bool(*b)),
            ValKind::Num(n) => mk(at, ValKind::Bool(*n != 0.0)),
            ValKind::Str(s) if s.eq_ignore_ascii_case("true") => mk(at, ValKind::Bool(true)),
            ValKind::Str(s) if s.eq_ignore_ascii_case("false") => mk(at, ValKind::Bool(false)),
            ValKind::Unknown(_) => Ev::V(a),
            _ => Ev::unknown("bool() needs a boolean, number or 'true'/'false'", at),
        }
    }

    /// `json()`, parsed with the JSON front-end.
    fn fn_json(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Str(s) => {
                let parsed = json::parse(s);
                match parsed.value {
                    Some(value) if parsed.errors.is_empty() => Ev::V(json_to_val(&value, at)),
                    _ => Ev::unknown("json() of text that does not parse", at),
                }
            }
            ValKind::Unknown(_) => Ev::V(a),
            _ => Ev::unknown("json() needs a string", at),
        }
    }

    /// `first()` and `last()`.
    fn fn_first(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        let first = lname == "first";
        match a.kind {
            ValKind::Str(s) => {
                let c = if first {
                    s.chars().next()
                } else {
                    s.chars().last()
                };
                mk(at, ValKind::Str(c.map(String::from).unwrap_or_default()))
            }
            ValKind::List(mut l) => {
                let item = if first {
                    (!l.is_empty()).then(|| l.swap_remove(0))
                } else {
                    l.pop()
                };
                item.map(Ev::V).unwrap_or_else(|| mk(at, ValKind::Null))
            }
            ValKind::Unknown(_) => Ev::V(a),
            other => Ev::unknown(format!("{name}() of a {}", type_name(&other)), at),
        }
    }

    /// `take()` and `skip()`.
    fn fn_take(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (a, n) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&a, &n]) {
            return Ev::V(u);
        }
        let ValKind::Num(n) = n.kind else {
            return Ev::unknown(format!("{name}() needs a count"), at);
        };
        let n = n.max(0.0) as usize;
        let take = lname == "take";
        match a.kind {
            ValKind::Str(s) => {
                let it = s.chars();
                let out: String = if take {
                    it.take(n).collect()
                } else {
                    it.skip(n).collect()
                };
                mk(at, ValKind::Str(out))
            }
            ValKind::List(l) => {
                let it = l.into_iter();
                let out: Vec<Val> = if take {
                    it.take(n).collect()
                } else {
                    it.skip(n).collect()
                };
                mk(at, ValKind::List(out))
            }
            other => Ev::unknown(format!("{name}() of a {}", type_name(&other)), at),
        }
    }

    /// `replace()`.
    fn fn_replace(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 3, 3, at) {
            return e;
        }
        let a: Vec<Val> = (0..3).map(|i| self.arg(args, i, env)).collect();
        if let Some(u) = first_unknown(a.iter()) {
            return Ev::V(u);
        }
        match (&a[0].kind, &a[1].kind, &a[2].kind) {
            (ValKind::Str(s), ValKind::Str(old), ValKind::Str(new)) if !old.is_empty() => {
                mk(at, ValKind::Str(s.replace(old.as_str(), new)))
            }
            (ValKind::Str(s), ValKind::Str(_), ValKind::Str(_)) => mk(at, ValKind::Str(s.clone())),
            _ => Ev::unknown("replace() needs strings", at),
        }
    }

    /// `trim()`.
    fn fn_trim(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 1, 1, at) {
            return e;
        }
        let a = self.arg(args, 0, env);
        match &a.kind {
            ValKind::Str(s) => mk(at, ValKind::Str(s.trim().to_string())),
            ValKind::Unknown(_) => Ev::V(a),
            _ => Ev::unknown("trim() needs a string", at),
        }
    }

    /// `split()`.
    fn fn_split(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (s, d) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&s, &d]) {
            return Ev::V(u);
        }
        let ValKind::Str(s) = &s.kind else {
            return Ev::unknown("split() needs a string", at);
        };
        // ARM splits at any of the delimiters given.
        let delims: Vec<&str> = match &d.kind {
            ValKind::Str(d) => vec![d.as_str()],
            ValKind::List(l) => l.iter().filter_map(Val::as_str).collect(),
            _ => return Ev::unknown("split() needs a delimiter", at),
        };
        let delims: Vec<&str> = delims.into_iter().filter(|d| !d.is_empty()).collect();
        let mut parts = Vec::new();
        let mut rest = s.as_str();
        loop {
            let next = delims
                .iter()
                .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
                .min();
            match next {
                Some((i, len)) => {
                    parts.push(Val::new(ValKind::Str(rest[..i].to_string()), Some(at)));
                    rest = &rest[i + len..];
                }
                None => {
                    parts.push(Val::new(ValKind::Str(rest.to_string()), Some(at)));
                    break;
                }
            }
        }
        mk(at, ValKind::List(parts))
    }

    /// `join()`.
    fn fn_join(&self, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (l, d) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&l, &d]) {
            return Ev::V(u);
        }
        match (&l.kind, &d.kind) {
            (ValKind::List(items), ValKind::Str(d)) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    match &i.kind {
                        ValKind::Str(s) => out.push(s.clone()),
                        ValKind::Num(n) => out.push(number_text(*n)),
                        ValKind::Unknown(_) => return Ev::V(i.clone()),
                        _ => return Ev::unknown("join() needs strings", at),
                    }
                }
                mk(at, ValKind::Str(out.join(d)))
            }
            _ => Ev::unknown("join() needs an array and a delimiter", at),
        }
    }

    /// `contains()`, `startsWith()` and `endsWith()`.
    fn fn_contains(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (a, b) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&a, &b]) {
            return Ev::V(u);
        }
        let r = match (lname, &a.kind, &b.kind) {
            ("contains", ValKind::Str(s), ValKind::Str(t)) => s.contains(t.as_str()),
            ("contains", ValKind::List(l), _) => l.iter().any(|i| same(i, &b)),
            ("contains", ValKind::Map(m), ValKind::Str(k)) => {
                m.iter().any(|(mk, _)| mk.eq_ignore_ascii_case(k))
            }
            ("startswith", ValKind::Str(s), ValKind::Str(t)) => {
                s.to_lowercase().starts_with(&t.to_lowercase())
            }
            ("endswith", ValKind::Str(s), ValKind::Str(t)) => {
                s.to_lowercase().ends_with(&t.to_lowercase())
            }
            _ => return Ev::unknown(format!("{name}() of these arguments"), at),
        };
        mk(at, ValKind::Bool(r))
    }

    /// `union()` of objects (shallow, later wins) or of arrays (distinct).
    fn fn_union(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let vals: Vec<Val> = (0..args.len()).map(|i| self.arg(args, i, env)).collect();
        if let Some(u) = first_unknown(vals.iter()) {
            return Ev::V(u);
        }
        if vals.iter().all(|x| matches!(x.kind, ValKind::Map(_))) {
            let mut out: Vec<(String, Val)> = Vec::new();
            for x in vals {
                let ValKind::Map(m) = x.kind else { continue };
                for (k, val) in m {
                    match out.iter_mut().find(|(ok, _)| ok.eq_ignore_ascii_case(&k)) {
                        Some(slot) => slot.1 = val,
                        None => out.push((k, val)),
                    }
                }
            }
            mk(at, ValKind::Map(out))
        } else if vals.iter().all(|x| matches!(x.kind, ValKind::List(_))) {
            let mut out: Vec<Val> = Vec::new();
            for x in vals {
                for item in x.items() {
                    if !out.iter().any(|o| same(o, item)) {
                        out.push(item.clone());
                    }
                }
            }
            mk(at, ValKind::List(out))
        } else {
            Ev::unknown("union() needs objects or arrays", at)
        }
    }

    /// `tryGet()`: null when a key is absent.
    fn fn_tryget(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if args.len() < 2 {
            return Ev::unknown("tryGet() needs an object and a key", at);
        }
        let mut cur = self.eval(&args[0], env);
        for a in &args[1..] {
            let key = self.arg_ev(a, env);
            if let Ev::V(Val {
                kind: ValKind::Null,
                ..
            }) = cur
            {
                return cur;
            }
            cur = match key.kind {
                ValKind::Str(k) => match self.member(cur, &k, env) {
                    Some(next) => next,
                    None => return mk(at, ValKind::Null),
                },
                ValKind::Num(_) => self.index(cur, &key, env),
                ValKind::Unknown(_) => return Ev::V(key),
                _ => return Ev::unknown("tryGet() needs string or number keys", at),
            };
        }
        cur
    }

    /// `add()`, `sub()`, `mul()`, `div()`, `mod()`.
    fn fn_add(&self, name: &str, lname: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        if let Some(e) = arity(name, args, 2, 2, at) {
            return e;
        }
        let (a, b) = (self.arg(args, 0, env), self.arg(args, 1, env));
        if let Some(u) = first_unknown([&a, &b]) {
            return Ev::V(u);
        }
        let (ValKind::Num(x), ValKind::Num(y)) = (a.kind, b.kind) else {
            return Ev::unknown(format!("{name}() needs numbers"), at);
        };
        let r = match lname {
            "add" => x + y,
            "sub" => x - y,
            "mul" => x * y,
            "div" if y != 0.0 => (x / y).trunc(),
            "mod" if y != 0.0 => x % y,
            _ => return Ev::unknown(format!("{name}() by zero"), at),
        };
        mk(at, ValKind::Num(r))
    }

    /// `copyIndex()`: known inside a property or variable `copy` loop being expanded.
    fn fn_copyindex(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let mut loop_name = None;
        let mut offset = 0.0;
        for i in 0..args.len().min(2) {
            match self.arg(args, i, env).kind {
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
            Some((_, i)) => mk(at, ValKind::Num(*i as f64 + offset)),
            None => Ev::unknown("copyIndex() varies per copy", at),
        }
    }

    /// Evaluates argument `i` to a finished value.
    fn arg(&self, args: &[Expr], i: usize, env: Env) -> Val {
        match args.get(i) {
            Some(a) => self.arg_ev(a, env),
            None => Val::unknown("missing argument", Some(env.at)),
        }
    }

    fn arg_ev(&self, a: &Expr, env: Env) -> Val {
        let ev = self.eval(a, env);
        self.force(ev, Some(env.at))
    }

    fn concat(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let evs: Vec<Ev<'a>> = args.iter().map(|a| self.eval(a, env)).collect();
        let arrays = evs.iter().any(|e| match e {
            Ev::V(v) => matches!(v.kind, ValKind::List(_)),
            Ev::Json(j) => j.node.is_array(),
            _ => false,
        });
        if arrays {
            let mut out = Vec::new();
            for e in evs {
                let val = self.force(e, Some(env.at));
                match val.kind {
                    ValKind::List(items) => out.extend(items),
                    ValKind::Unknown(_) => return Ev::V(val),
                    ValKind::Null => {}
                    _ => out.push(val),
                }
            }
            return Ev::V(Val::new(ValKind::List(out), Some(env.at)));
        }
        let mut pieces = Vec::new();
        for e in evs {
            self.pieces_of(e, &mut pieces);
        }
        from_pieces(pieces, env.at)
    }

    /// `format()` with .NET composite formatting: `{0}`, `{{`, `}}`; a format spec on a
    /// number is not evaluated.
    fn format(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let Some(first) = args.first() else {
            return Ev::unknown("format() needs a format string", at);
        };
        let fmt = self.arg_ev(first, env);
        let fmt = match fmt.kind {
            ValKind::Str(s) => s,
            ValKind::Unknown(_) => return Ev::V(fmt),
            _ => return Ev::unknown("format() needs a format string", at),
        };
        let values: Vec<Ev<'a>> = args[1..].iter().map(|a| self.eval(a, env)).collect();
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut spec = String::new();
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                        spec.push(c);
                    }
                    let (index, style) = match spec.split_once([',', ':']) {
                        Some((i, s)) => (i, Some(s)),
                        None => (spec.as_str(), None),
                    };
                    let Some(value) = index
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| values.get(i))
                    else {
                        return Ev::unknown(
                            format!("format(): placeholder {{{spec}}} has no argument"),
                            at,
                        );
                    };
                    if style.is_some()
                        && !matches!(
                            value,
                            Ev::V(Val {
                                kind: ValKind::Str(_),
                                ..
                            })
                        )
                    {
                        return Ev::unknown(
                            format!("format(): the format spec in {{{spec}}} is not evaluated"),
                            at,
                        );
                    }
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    self.pieces_of(value.clone(), &mut pieces);
                }
                c => text.push(c),
            }
        }
        pieces.push(Piece::Text(text));
        from_pieces(pieces, at)
    }

    /// The `*resourceId()` functions: an id whose unknown parts (the subscription and
    /// resource group of the deployment, unknown names) are holes.
    fn resource_id_call(&self, lname: &str, name: &str, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let evs: Vec<Ev<'a>> = args.iter().map(|a| self.eval(a, env)).collect();
        let is_type = |e: &Ev<'a>| matches!(e, Ev::V(Val { kind: ValKind::Str(s), .. }) if s.contains('/') && !s.starts_with('/'));
        // extensionResourceId(scopeId, type, names...): the scope id is first, whatever it is.
        let search_from = usize::from(lname == "extensionresourceid");
        let Some(type_pos) = evs
            .iter()
            .skip(search_from)
            .position(is_type)
            .map(|p| p + search_from)
        else {
            return Ev::unknown(
                format!("{name}(): the resource type is not known statically"),
                at,
            );
        };
        let mut evs = evs;
        let names: Vec<Ev<'a>> = evs.split_off(type_pos + 1);
        let ty = match evs.pop() {
            Some(Ev::V(Val {
                kind: ValKind::Str(t),
                ..
            })) => t,
            _ => return Ev::unknown(format!("{name}(): no resource type"), at),
        };
        let scope_args = evs;
        let mut pieces = Vec::new();
        let hole = |r: &str| Piece::Hole(r.to_string());
        let text = |t: &str| Piece::Text(t.to_string());
        let mut scope_args = scope_args.into_iter();
        match lname {
            "resourceid" => {
                let (sub, rg) = match (scope_args.next(), scope_args.next()) {
                    (Some(s), Some(r)) => (Some(s), Some(r)),
                    (Some(r), None) => (None, Some(r)),
                    _ => (None, None),
                };
                pieces.push(text("/subscriptions/"));
                match sub {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(SUBSCRIPTION_HOLE)),
                }
                pieces.push(text("/resourceGroups/"));
                match rg {
                    Some(r) => self.pieces_of(r, &mut pieces),
                    None => pieces.push(hole(RESOURCE_GROUP_HOLE)),
                }
            }
            "subscriptionresourceid" => {
                pieces.push(text("/subscriptions/"));
                match scope_args.next() {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(SUBSCRIPTION_HOLE)),
                }
            }
            "managementgroupresourceid" => {
                pieces.push(text("/providers/Microsoft.Management/managementGroups/"));
                match scope_args.next() {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(
                        "the id uses the management group the template is deployed to",
                    )),
                }
            }
            "extensionresourceid" => {
                if let Some(s) = scope_args.next() {
                    self.pieces_of(s, &mut pieces);
                }
            }
            _ => {} // tenantResourceId
        }
        pieces.push(text("/providers/"));
        let mut segments = ty.split('/').filter(|s| !s.is_empty());
        if let Some(ns) = segments.next() {
            pieces.push(text(ns));
        }
        let mut names = names.into_iter();
        for t in segments {
            pieces.push(Piece::Text(format!("/{t}/")));
            match names.next() {
                Some(n) => self.pieces_of(n, &mut pieces),
                None => pieces.push(hole("the id lacks a resource name")),
            }
        }
        from_pieces(pieces, at)
    }

    /// `reference(target, [apiVersion], ['Full'])`: a resource of this template.
    fn reference(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let at = env.at;
        let Some(first) = args.first() else {
            return Ev::unknown("reference() needs a resource", at);
        };
        let target = self.eval(first, env);
        let full = args.get(2).is_some_and(|a| {
            matches!(self.arg_ev(a, env).kind, ValKind::Str(ref s) if s.eq_ignore_ascii_case("full"))
        });
        match self.find_target(&target, env.scope) {
            Ok(res) => Ev::Res { res, full },
            Err(reason) => Ev::unknown(reason, at),
        }
    }

    /// `resourceInfo(symbolicName)` (languageVersion 2.0): the resource's `id`, `name`, `type`
    /// and `apiVersion`.
    fn resource_info(&self, args: &[Expr], env: Env) -> Ev<'a> {
        let Some(first) = args.first() else {
            return Ev::unknown("resourceInfo() needs a resource", env.at);
        };
        let target = self.eval(first, env);
        match self.find_target(&target, env.scope) {
            Ok(res) => Ev::Res { res, full: true },
            Err(reason) => Ev::unknown(reason, env.at),
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
                "reference(): '{}' is not a resource id",
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
                "reference(): resource '{}' is not declared in this template",
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
                    note: format!("location of '{display}' (reference())"),
                }),
                None if r.existing => Ev::unknown(
                    format!(
                        "'{display}' is an existing resource: its location is not in this template"
                    ),
                    env.at,
                ),
                None => Ev::unknown(format!("'{display}' declares no location"), env.at),
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
                            note: format!("output of deployment '{display}'"),
                        }],
                        owner: None,
                    }),
                    None => Ev::unknown(format!("deployment '{display}' has no outputs"), env.at),
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
                        note: format!("property of '{display}' (reference())"),
                    }],
                    owner: Some(super::eval::Owner {
                        res,
                        collection: None,
                    }),
                };
                self.prop(Ev::Json(j), key, env)
            }
            _ => Ev::unknown(
                format!("'{key}' of '{display}' is known only after deployment"),
                env.at,
            ),
        }
    }

    /// The id of a resource of the template.
    pub(crate) fn resource_id(&self, res: ResId, at: Loc) -> Ev<'a> {
        let r = &self.resources[res];
        let mut pieces = vec![
            Piece::Text("/subscriptions/".into()),
            Piece::Hole(SUBSCRIPTION_HOLE.into()),
            Piece::Text("/resourceGroups/".into()),
            Piece::Hole(RESOURCE_GROUP_HOLE.into()),
            Piece::Text("/providers/".into()),
        ];
        let mut segments = r.full_type.split('/');
        pieces.push(Piece::Text(segments.next().unwrap_or("").to_string()));
        let types: Vec<&str> = segments.collect();
        let name = self.res_name(res, at);
        match name.text_with_holes() {
            Some(n) if !n.contains('\0') && n.split('/').count() == types.len() => {
                for (t, n) in types.iter().zip(n.split('/')) {
                    pieces.push(Piece::Text(format!("/{t}/{n}")));
                }
            }
            _ if types.len() == 1 => {
                pieces.push(Piece::Text(format!("/{}/", types[0])));
                self.pieces_of(name, &mut pieces);
            }
            _ => {
                for t in &types {
                    pieces.push(Piece::Text(format!("/{t}/")));
                    pieces.push(Piece::Hole(format!(
                        "the name of '{}' is not known statically",
                        self.res_display(res)
                    )));
                }
            }
        }
        from_pieces(pieces, at)
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
                Some(p) => {
                    let mut pieces = Vec::new();
                    ctx.pieces_of(ctx.res_name(p, at), &mut pieces);
                    pieces.push(Piece::Text("/".into()));
                    ctx.pieces_of(own, &mut pieces);
                    from_pieces(pieces, at)
                }
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

/// Functions whose value is decided at deployment, or that are not evaluated here.
fn not_evaluated<'a>(name: &str, lname: &str, at: Loc) -> Ev<'a> {
    match lname {
        "resourcegroup" | "subscription" | "deployment" | "tenant" | "managementgroup"
        | "environment" => Ev::unknown(format!("{name}() is decided at deployment"), at),
        "uniquestring" | "guid" | "newguid" | "utcnow" | "datetimeadd" | "datetimefromepoch"
        | "datetimetoepoch" => Ev::unknown(format!("{name}() is computed at deployment"), at),
        "map" | "filter" | "reduce" | "sort" | "toobject" | "lambda" | "lambdavariables"
        | "items" | "objectkeys" | "shallowmerge" | "flatten" => {
            Ev::unknown(format!("{name}() is not evaluated"), at)
        }
        _ if lname.starts_with("list") => {
            Ev::unknown(format!("{name}() reads the resource at deployment"), at)
        }
        _ if name.contains('.') => Ev::unknown(
            format!("user-defined function '{name}' is not evaluated"),
            at,
        ),
        _ => Ev::unknown(format!("{name}() is not evaluated"), at),
    }
}

/// The size of a value for the work budget: nodes, and string bytes by the 32.
pub(crate) fn weight(v: &Val) -> u64 {
    match &v.kind {
        ValKind::Str(s) => 1 + s.len() as u64 / 32,
        ValKind::List(items) => 1 + items.iter().map(weight).sum::<u64>(),
        ValKind::Map(members) => {
            1 + members
                .iter()
                .map(|(k, v)| k.len() as u64 / 32 + weight(v))
                .sum::<u64>()
        }
        _ => 1,
    }
}

/// [`weight`] of an evaluator value (a JSON subtree not evaluated yet weighs nothing).
pub(crate) fn ev_weight(ev: &Ev<'_>) -> u64 {
    match ev {
        Ev::V(v) => weight(v),
        Ev::Part(pieces, _) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => 1 + t.len() as u64 / 32,
                Piece::Hole(_) => 1,
            })
            .sum(),
        _ => 1,
    }
}

/// `Some(unknown)` when the number of arguments is outside `min..=max`.
fn arity<'a>(name: &str, args: &[Expr], min: usize, max: usize, at: Loc) -> Option<Ev<'a>> {
    (args.len() < min || args.len() > max).then(|| {
        Ev::unknown(
            format!(
                "{name}() takes {min}..{max} arguments, {} given",
                args.len()
            ),
            at,
        )
    })
}

/// A value computed by the expression at `at`.
fn mk<'a>(at: Loc, kind: ValKind) -> Ev<'a> {
    Ev::V(Val::new(kind, Some(at)))
}

/// Text with `\0` holes, for messages.
fn show(text: &str) -> String {
    text.replace('\0', "…")
}

/// The first unknown among values.
fn first_unknown<'v>(vals: impl IntoIterator<Item = &'v Val>) -> Option<Val> {
    vals.into_iter().find(|v| v.is_unknown()).cloned()
}

/// Structural equality of values, as ARM's `equals()`: strings case-sensitively, object keys
/// case-insensitively; provenance ignored.
pub(crate) fn same(a: &Val, b: &Val) -> bool {
    match (&a.kind, &b.kind) {
        (ValKind::Str(x), ValKind::Str(y)) => x == y,
        (ValKind::Num(x), ValKind::Num(y)) => x == y,
        (ValKind::Bool(x), ValKind::Bool(y)) => x == y,
        (ValKind::Null, ValKind::Null) => true,
        (ValKind::List(x), ValKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (ValKind::Map(x), ValKind::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                        .is_some_and(|(_, v2)| same(v, v2))
                })
        }
        _ => false,
    }
}

/// A parsed JSON value (from `json()`) as a value located at `at`.
fn json_to_val(v: &json::JsonValue, at: Loc) -> Val {
    let kind = match &v.kind {
        json::JsonKind::Object(members) => ValKind::Map(
            members
                .iter()
                .map(|m| (m.key.clone(), json_to_val(&m.value, at)))
                .collect(),
        ),
        json::JsonKind::Array(items) => {
            ValKind::List(items.iter().map(|i| json_to_val(i, at)).collect())
        }
        json::JsonKind::String(s) => ValKind::Str(s.clone()),
        json::JsonKind::Number(n) => ValKind::Num(*n),
        json::JsonKind::Bool(b) => ValKind::Bool(*b),
        json::JsonKind::Null => ValKind::Null,
        json::JsonKind::Error => ValKind::Unknown("the value does not parse".into()),
    };
    Val::new(kind, Some(at))
}
