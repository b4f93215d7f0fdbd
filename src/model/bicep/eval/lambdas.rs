//! Bicep's lambda functions: `filter`, `map`, `reduce`, `sort`, `toObject`, `mapValues` and
//! `groupBy` (Azure/bicep `docs` "Lambda functions for Bicep"). Over a known array the lambda
//! is applied to each element, with its index when it takes two parameters.
//!
//! Over an array known only after deployment (`graphSp.appRoles` of an `existing` service
//! principal) `filter()` still says what it selects when its predicate pins a property of the
//! element to known strings: `r => r.value == 'User.Read.All'`, `r.value =~ p`,
//! `contains(names, r.value)`, `||` of such tests (`&&` narrows to the side that pins). Each
//! selected element is an object whose property tested is known (`r.value` is
//! `'User.Read.All'`) and whose other properties are unknown, and it remembers what was read:
//! the array's resource and path, then the property tested and the string it equals
//! (`appRoles`, `value`, `User.Read.All`), as a look-up by name does in the other front-ends.

use super::*;

/// The lambda functions, by lower-case name.
const LAMBDA_FUNCTIONS: &[&str] = &[
    "filter",
    "map",
    "reduce",
    "sort",
    "toobject",
    "mapvalues",
    "groupby",
];

/// The parameters and body of a lambda argument.
fn lambda(e: &Expr) -> Option<(&[ast::Ident], &Expr)> {
    match &e.kind {
        ExprKind::Lambda { params, body } => Some((params, body)),
        _ => None,
    }
}

impl<'a> Ctx<'a> {
    /// A call of a lambda function; `None` when `name` is not one.
    pub(super) fn lambda_call(
        &self,
        name: &str,
        args: &'a [Expr],
        env: &Env<'a>,
        at: Loc,
    ) -> Option<Ev<'a>> {
        let lname = name.to_ascii_lowercase();
        if !LAMBDA_FUNCTIONS.contains(&lname.as_str()) {
            return None;
        }
        // The lambda is the last argument (reduce: the third; toObject: the second and an
        // optional third).
        let fn_at = match lname.as_str() {
            "reduce" => 2,
            _ => 1,
        };
        let (Some(input), Some(f)) = (args.first(), args.get(fn_at).and_then(|e| lambda(e))) else {
            return Some(Ev::unknown(
                format!("{name}() needs an array and a lambda"),
                at,
            ));
        };
        let list = self.force(self.eval(input, env), Some(at));
        if lname == "mapvalues" {
            return Some(self.map_values(list, f, env, at));
        }
        let items = match list.kind {
            ValKind::List(items) => items
                .into_iter()
                .map(|mut item| {
                    if item.origin.is_empty() {
                        item.origin = list.origin.clone();
                    }
                    item
                })
                .collect::<Vec<_>>(),
            ValKind::Unknown(_) if lname == "filter" => {
                return Some(self.filter_unknown(input, list, f, env, at));
            }
            ValKind::Unknown(_) => return Some(Ev::V(list)),
            other => {
                return Some(Ev::unknown(
                    format!("{name}() of a {}", type_name(&other)),
                    at,
                ))
            }
        };
        if items.len() > MAX_LOOP_ITEMS {
            return Some(Ev::unknown(
                format!("{name}(): the array is too long to evaluate"),
                at,
            ));
        }
        Some(match lname.as_str() {
            "filter" => self.filter(items, f, env, at),
            "map" => self.map(items, f, env, at),
            "reduce" => match args.get(1) {
                Some(init) => {
                    let init = self.force(self.eval(init, env), None);
                    self.reduce(items, init, f, env, at)
                }
                None => Ev::unknown("reduce() needs an initial value", at),
            },
            "sort" => self.sort(items, f, env, at),
            "toobject" => {
                let value_fn = args.get(2).and_then(|e| lambda(e));
                self.to_object(items, f, value_fn, env, at)
            }
            _ => self.group_by(items, f, env, at),
        })
    }

    /// The lambda applied to `values` (its parameters bound in order; extra values are not
    /// bound), finished.
    fn apply(&self, f: (&'a [ast::Ident], &'a Expr), values: Vec<Val>, env: &Env<'a>) -> Val {
        let (params, body) = f;
        let mut e = env.clone();
        for (p, v) in params.iter().zip(values) {
            e = e.bind(&p.name, Ev::V(v));
        }
        let v = self.eval(body, &e);
        self.force(v, None)
    }

    fn index_val(i: usize, at: Loc) -> Val {
        Val::new(ValKind::Num(i as f64), Some(at))
    }

    fn filter(&self, items: Vec<Val>, f: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let keep = self.apply(f, vec![item.clone(), Self::index_val(i, at)], env);
            match keep.kind {
                ValKind::Bool(true) => out.push(item),
                ValKind::Bool(false) => {}
                ValKind::Unknown(r) => return Ev::unknown(r, at),
                other => {
                    return Ev::unknown(
                        format!("filter(): the lambda gives a {}", type_name(&other)),
                        at,
                    )
                }
            }
        }
        value::new(at, ValKind::List(out))
    }

    fn map(&self, items: Vec<Val>, f: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let out = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| self.apply(f, vec![item, Self::index_val(i, at)], env))
            .collect();
        value::new(at, ValKind::List(out))
    }

    fn reduce(&self, items: Vec<Val>, init: Val, f: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let mut acc = init;
        for (i, item) in items.into_iter().enumerate() {
            acc = self.apply(f, vec![acc, item, Self::index_val(i, at)], env);
            if acc.is_unknown() {
                break;
            }
        }
        acc.loc = Some(at);
        Ev::V(acc)
    }

    /// `sort(items, (a, b) => a < b)`: stable, `a` before `b` when the lambda is true.
    fn sort(&self, items: Vec<Val>, f: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let mut out: Vec<Val> = Vec::with_capacity(items.len());
        for item in items {
            let mut pos = out.len();
            while pos > 0 {
                match self
                    .apply(f, vec![item.clone(), out[pos - 1].clone()], env)
                    .kind
                {
                    ValKind::Bool(true) => pos -= 1,
                    ValKind::Bool(false) => break,
                    ValKind::Unknown(r) => return Ev::unknown(r, at),
                    _ => return Ev::unknown("sort(): the lambda does not give a bool", at),
                }
            }
            out.insert(pos, item);
        }
        value::new(at, ValKind::List(out))
    }

    fn to_object(
        &self,
        items: Vec<Val>,
        key_fn: Lambda<'a>,
        value_fn: Option<Lambda<'a>>,
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        let mut members: Vec<(String, Val)> = Vec::new();
        for item in items {
            let key = self.apply(key_fn, vec![item.clone()], env);
            let Some(key) = key.as_str().map(str::to_string) else {
                return Ev::unknown(
                    key.unknown_reason()
                        .unwrap_or("toObject(): a key is not a string"),
                    at,
                );
            };
            let value = match value_fn {
                Some(vf) => self.apply(vf, vec![item], env),
                None => item,
            };
            members.retain(|(k, _)| !k.eq_ignore_ascii_case(&key));
            members.push((key, value));
        }
        value::new(at, ValKind::Map(members))
    }

    fn group_by(&self, items: Vec<Val>, key_fn: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let mut groups: Vec<(String, Val)> = Vec::new();
        for item in items {
            let key = self.apply(key_fn, vec![item.clone()], env);
            let Some(key) = key.as_str().map(str::to_string) else {
                return Ev::unknown(
                    key.unknown_reason()
                        .unwrap_or("groupBy(): a key is not a string"),
                    at,
                );
            };
            match groups
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case(&key))
            {
                Some((
                    _,
                    Val {
                        kind: ValKind::List(l),
                        ..
                    },
                )) => l.push(item),
                _ => groups.push((key, Val::new(ValKind::List(vec![item]), Some(at)))),
            }
        }
        value::new(at, ValKind::Map(groups))
    }

    fn map_values(&self, obj: Val, f: Lambda<'a>, env: &Env<'a>, at: Loc) -> Ev<'a> {
        match obj.kind {
            ValKind::Map(members) => {
                let out = members
                    .into_iter()
                    .map(|(k, v)| (k, self.apply(f, vec![v], env)))
                    .collect();
                value::new(at, ValKind::Map(out))
            }
            ValKind::Unknown(_) => Ev::V(obj),
            other => Ev::unknown(format!("mapValues() of a {}", type_name(&other)), at),
        }
    }

    /// `filter()` of an array not known before deployment: the elements its predicate
    /// selects by a property's value, each unknown and remembering that value; else the
    /// array's reason.
    fn filter_unknown(
        &self,
        input: &'a Expr,
        list: Val,
        f: Lambda<'a>,
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        let (params, body) = f;
        let Some(param) = params.first() else {
            return Ev::V(list);
        };
        // The element (and index) are unknown while the other side of a test is evaluated,
        // so a comparand that depends on them is not taken for a known string.
        let mut e = env.bind(
            &param.name,
            Ev::unknown("the element is known only after deployment", at),
        );
        if let Some(i) = params.get(1) {
            e = e.bind(&i.name, Ev::unknown("the index is not known", at));
        }
        let (key, names) = match self.pinned(body, &param.name, &e) {
            Ok(found) => found,
            // The predicate compares with a value not known statically: that is the reason.
            Err(Some(why)) => return Ev::V(why),
            Err(None) => return Ev::V(list),
        };
        let resources: Vec<ResId> = self.root_res(input, env.unit).into_iter().collect();
        let mut path = member_path(input);
        path.push(key.clone());
        let out = names
            .into_iter()
            .map(|(name, origin)| {
                let mut pinned = Val::new(ValKind::Str(name.clone()), Some(at));
                pinned.origin = origin.clone();
                let mut v = Val::new(ValKind::Map(vec![(key.clone(), pinned)]), Some(at));
                v.origin = origin;
                v.origin.extend(list.origin.iter().cloned());
                let mut p = path.clone();
                p.push(name);
                v.refers = Some(Box::new(crate::model::Refers {
                    resources: resources.clone(),
                    path: p,
                    text: None,
                }));
                v
            })
            .collect();
        value::new(at, ValKind::List(out))
    }

    /// `e.key` of an element `filter()` selected from an array not known (see
    /// [`Self::filter_unknown`]: a map of the property tested, read from the path that ends in
    /// that property and its value): unknown, remembering the element. `None` for any other
    /// value.
    pub(super) fn selected_member(&self, v: &Val, key: &str, at: Loc) -> Option<Ev<'a>> {
        let refers = v.refers.as_ref()?;
        let [.., tested, name] = refers.path.as_slice() else {
            return None;
        };
        let ValKind::Map(members) = &v.kind else {
            return None;
        };
        let [(k, value)] = members.as_slice() else {
            return None;
        };
        if k != tested || value.as_str() != Some(name.as_str()) {
            return None;
        }
        let array = refers.path[..refers.path.len() - 2].join(".");
        let array = match refers.resources.first() {
            Some(&r) if array.is_empty() => self.res[r].symbol.to_string(),
            Some(&r) => format!("{}.{array}", self.res[r].symbol),
            None => array,
        };
        let mut out = Val::unknown(
            format!(
                "`{key}` of the element of `{array}` whose `{tested}` is `{name}` is known only after deployment"
            ),
            Some(at),
        );
        out.origin = v.origin.clone();
        out.refers = v.refers.clone();
        Some(Ev::V(out))
    }

    /// The property of lambda parameter `param` that predicate `e` requires to be one of some
    /// known strings, and those strings (with their provenance). `Err` with the unknown
    /// value the predicate compares with, when that is why nothing is pinned.
    fn pinned(
        &self,
        e: &'a Expr,
        param: &str,
        env: &Env<'a>,
    ) -> Result<(String, Pinned), Option<Val>> {
        match &e.kind {
            ExprKind::Binary(BinOp::Eq | BinOp::EqI, a, b) => {
                let (key, other) = match (param_key(a, param), param_key(b, param)) {
                    (Some(k), None) => (k, b),
                    (None, Some(k)) => (k, a),
                    _ => return Err(None),
                };
                let v = self.force(self.eval(other, env), None);
                match v.as_str() {
                    Some(name) => Ok((key, vec![(name.to_string(), v.origin)])),
                    None if v.is_unknown() && !mentions(other, param) => Err(Some(v)),
                    None => Err(None),
                }
            }
            ExprKind::Binary(BinOp::Or, a, b) => {
                let (ka, mut na) = self.pinned(a, param, env)?;
                let (kb, nb) = self.pinned(b, param, env)?;
                if ka != kb {
                    return Err(None);
                }
                for n in nb {
                    if !na.iter().any(|(x, _)| *x == n.0) {
                        na.push(n);
                    }
                }
                Ok((ka, na))
            }
            ExprKind::Binary(BinOp::And, a, b) => {
                match (self.pinned(a, param, env), self.pinned(b, param, env)) {
                    (Ok((ka, na)), Ok((kb, nb))) if ka == kb => {
                        let both = na
                            .into_iter()
                            .filter(|(n, _)| nb.iter().any(|(m, _)| m == n))
                            .collect();
                        Ok((ka, both))
                    }
                    (Ok(p), _) | (_, Ok(p)) => Ok(p),
                    (Err(x), Err(y)) => Err(x.or(y)),
                }
            }
            // `contains(names, r.value)`.
            ExprKind::Call { ns, name, args }
                if ns.as_deref().is_none_or(|n| n == "sys")
                    && name.name.eq_ignore_ascii_case("contains")
                    && args.len() == 2 =>
            {
                let key = param_key(&args[1], param).ok_or(None)?;
                let v = self.force(self.eval(&args[0], env), None);
                let items = match &v.kind {
                    ValKind::List(items) => items,
                    ValKind::Unknown(_) if !mentions(&args[0], param) => return Err(Some(v)),
                    _ => return Err(None),
                };
                let mut names: Pinned = Vec::new();
                for item in items {
                    let Some(n) = item.as_str() else {
                        return Err(item.is_unknown().then(|| item.clone()));
                    };
                    if !names.iter().any(|(x, _)| x == n) {
                        let mut origin = item.origin.clone();
                        origin.extend(v.origin.iter().cloned());
                        names.push((n.to_string(), origin));
                    }
                }
                Ok((key, names))
            }
            _ => Err(None),
        }
    }
}

type Lambda<'a> = (&'a [ast::Ident], &'a Expr);

/// Strings a predicate selects, each with its provenance.
type Pinned = Vec<(String, Vec<Origin>)>;

/// `p.key` or `p['key']` of lambda parameter `p`: the key.
fn param_key(e: &Expr, param: &str) -> Option<String> {
    match &e.kind {
        ExprKind::Member { base, name, .. } if is_ident(base, param) => Some(name.name.clone()),
        ExprKind::Index { base, index, .. } if is_ident(base, param) => {
            index.as_str().map(str::to_string)
        }
        ExprKind::NonNull(inner) => param_key(inner, param),
        _ => None,
    }
}

/// Whether expression `e` uses the variable `name` (roughly: any identifier so named).
fn mentions(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Ident(n) => n == name,
        ExprKind::Member { base, .. } | ExprKind::NonNull(base) | ExprKind::Spread(base) => {
            mentions(base, name)
        }
        ExprKind::Nested { base, .. } => mentions(base, name),
        ExprKind::Index { base, index, .. } => mentions(base, name) || mentions(index, name),
        ExprKind::Call { args, .. } => args.iter().any(|a| mentions(a, name)),
        ExprKind::Binary(_, a, b) => mentions(a, name) || mentions(b, name),
        ExprKind::Not(x) | ExprKind::Neg(x) => mentions(x, name),
        ExprKind::Ternary(c, a, b) => mentions(c, name) || mentions(a, name) || mentions(b, name),
        ExprKind::Interp(parts) => parts
            .iter()
            .any(|p| matches!(p, Part::Expr(x) if mentions(x, name))),
        ExprKind::Array(items) => items.iter().any(|i| mentions(i, name)),
        ExprKind::Object(props) => props.iter().any(|p| match p {
            Prop::KeyValue { value, .. } => mentions(value, name),
            Prop::Spread(x) => mentions(x, name),
            Prop::Resource(_) => false,
        }),
        ExprKind::Str { .. }
        | ExprKind::Num(_)
        | ExprKind::Bool(_)
        | ExprKind::Null
        | ExprKind::Error => false,
        // Loops and lambdas may bind the name again: counted as a use.
        _ => true,
    }
}

fn is_ident(e: &Expr, name: &str) -> bool {
    matches!(&e.kind, ExprKind::Ident(n) if n == name)
}

/// The property names an array expression reads after its root: `['appRoles']` for
/// `graphSp.appRoles`.
fn member_path(e: &Expr) -> Vec<String> {
    match &e.kind {
        ExprKind::Member { base, name, .. } => {
            let mut p = member_path(base);
            p.push(name.name.clone());
            p
        }
        ExprKind::Index { base, index, .. } => {
            let mut p = member_path(base);
            if let Some(k) = index.as_str() {
                p.push(k.to_string());
            }
            p
        }
        ExprKind::NonNull(base) => member_path(base),
        _ => Vec::new(),
    }
}
