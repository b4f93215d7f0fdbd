//! Array and object functions: `empty`, `coalesce`, `length`, `first`, `last`, `take`,
//! `skip`, `union`, `range`, `items`, `tryGet`, `json`, `createArray`, `createObject`.

use crate::model::{Val, ValKind};
use crate::syntax::json;

use super::{arity, made, unknown, Args, Callee};
use crate::model::arm::value::{self, Value};

/// `empty()`.
pub(super) fn empty<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    let empty = match &v.kind {
        ValKind::Str(s) => s.is_empty(),
        ValKind::List(l) => l.is_empty(),
        ValKind::Map(m) => m.is_empty(),
        ValKind::Null => true,
        ValKind::Unknown(_) => return A::Ev::done(v),
        ValKind::Num(_) | ValKind::Bool(_) => false,
    };
    made(a, ValKind::Bool(empty))
}

/// `coalesce()` (and Bicep's `??`): the first argument that is not null. An unknown one may
/// be null, so it is the answer's unknown as well.
pub(crate) fn coalesce<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    for i in 0..a.len() {
        let ev = a.settle(a.eval(i));
        if !value::is_null(&ev) {
            return ev;
        }
    }
    made(a, ValKind::Null)
}

/// `length()`.
pub(super) fn length<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    let n = match &v.kind {
        ValKind::Str(s) => s.chars().count(),
        ValKind::List(l) => l.len(),
        ValKind::Map(m) => m.len(),
        ValKind::Unknown(_) => return A::Ev::done(v),
        other => return unknown(a, format!("length() of a {}", value::type_name(other))),
    };
    made(a, ValKind::Num(n as f64))
}

/// `first()`.
pub(super) fn first<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    end(a, f, true)
}

/// `last()`.
pub(super) fn last<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    end(a, f, false)
}

/// `first()` and `last()` of a string or an array; an element keeps the array's provenance.
fn end<A: Args>(a: &A, f: Callee<'_>, first: bool) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    match v.kind {
        ValKind::Str(s) => {
            let c = if first {
                s.chars().next()
            } else {
                s.chars().last()
            };
            made(a, ValKind::Str(c.map(String::from).unwrap_or_default()))
        }
        ValKind::List(mut l) => {
            let item = if first {
                (!l.is_empty()).then(|| l.swap_remove(0))
            } else {
                l.pop()
            };
            match item {
                Some(mut item) => {
                    if item.origin.is_empty() {
                        item.origin = v.origin;
                    }
                    A::Ev::done(item)
                }
                None => made(a, ValKind::Null),
            }
        }
        ValKind::Unknown(_) => A::Ev::done(v),
        other => unknown(a, format!("{f} of a {}", value::type_name(&other))),
    }
}

/// `take()`.
pub(super) fn take<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    slice(a, f, true)
}

/// `skip()`.
pub(super) fn skip<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    slice(a, f, false)
}

/// `take()` and `skip()` of a string or an array.
fn slice<A: Args>(a: &A, f: Callee<'_>, take: bool) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (v, n) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&v, &n]) {
        return A::Ev::done(u);
    }
    let ValKind::Num(n) = n.kind else {
        return unknown(a, format!("{f} needs a count"));
    };
    let n = n.max(0.0) as usize;
    let kind = match v.kind {
        ValKind::Str(s) => {
            let it = s.chars();
            ValKind::Str(if take {
                it.take(n).collect()
            } else {
                it.skip(n).collect()
            })
        }
        ValKind::List(l) => {
            let it = l.into_iter();
            ValKind::List(if take {
                it.take(n).collect()
            } else {
                it.skip(n).collect()
            })
        }
        other => return unknown(a, format!("{f} of a {}", value::type_name(&other))),
    };
    // A part of a value comes from where the value does.
    let mut out = Val::new(kind, Some(a.at()));
    out.origin = v.origin;
    A::Ev::done(out)
}

/// `union()` of objects (shallow, a later value replaces an earlier one in place) or of
/// arrays (distinct elements).
pub(super) fn union<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    let vals: Vec<Val> = (0..a.len()).map(|i| a.arg(i)).collect();
    if let Some(u) = value::first_unknown(vals.iter()) {
        return A::Ev::done(u);
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
        made(a, ValKind::Map(out))
    } else if vals.iter().all(|x| matches!(x.kind, ValKind::List(_))) {
        let mut out: Vec<Val> = Vec::new();
        for x in vals {
            for item in x.items() {
                if !out.iter().any(|o| value::equals(o, item)) {
                    out.push(item.clone());
                }
            }
        }
        made(a, ValKind::List(out))
    } else {
        unknown(a, "union() needs objects or arrays")
    }
}

/// `tryGet(value, keys...)`: null when a key is absent.
pub(super) fn try_get<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    if a.len() < 2 {
        return unknown(a, "tryGet() needs an object and a key");
    }
    try_get_path(a, a.eval(0), (1..a.len()).map(|i| a.arg(i)))
}

/// `base` followed along `keys` (property names or indexes), null as soon as a key is absent
/// (also Bicep's `base.?key`).
pub(crate) fn try_get_path<A: Args>(
    a: &A,
    base: A::Ev,
    keys: impl IntoIterator<Item = Val>,
) -> A::Ev {
    let mut cur = base;
    for key in keys {
        if value::is_null(&cur) {
            return cur;
        }
        cur = match key.kind {
            ValKind::Str(k) => match a.member(cur, &k) {
                Some(next) => next,
                None => return made(a, ValKind::Null),
            },
            ValKind::Num(_) => a.index(cur, &key),
            ValKind::Unknown(_) => return A::Ev::done(key),
            _ => return unknown(a, "tryGet() needs string or number keys"),
        };
    }
    cur
}

/// `json()`, parsed with the JSON front-end.
pub(super) fn json<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    match &v.kind {
        ValKind::Str(s) => {
            let parsed = json::parse(s);
            match parsed.value {
                Some(value) if parsed.errors.is_empty() => A::Ev::done(json_to_val(&value, a)),
                _ => unknown(a, "json() of text that does not parse"),
            }
        }
        ValKind::Unknown(_) => A::Ev::done(v),
        _ => unknown(a, "json() needs a string"),
    }
}

/// A parsed JSON value (from `json()`) as a value located at the call.
fn json_to_val<A: Args>(v: &json::JsonValue, a: &A) -> Val {
    let kind = match &v.kind {
        json::JsonKind::Object(members) => ValKind::Map(
            members
                .iter()
                .map(|m| (m.key.to_string(), json_to_val(&m.value, a)))
                .collect(),
        ),
        json::JsonKind::Array(items) => {
            ValKind::List(items.iter().map(|i| json_to_val(i, a)).collect())
        }
        json::JsonKind::String(s) => ValKind::Str(s.to_string()),
        json::JsonKind::Number(n) => ValKind::Num(*n),
        json::JsonKind::Bool(b) => ValKind::Bool(*b),
        json::JsonKind::Null => ValKind::Null,
        json::JsonKind::Error => ValKind::Unknown("the value does not parse".into()),
    };
    Val::new(kind, Some(a.at()))
}

/// `createArray()`.
pub(super) fn create_array<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    let items = (0..a.len()).map(|i| a.arg(i)).collect();
    made(a, ValKind::List(items))
}

/// `createObject()`.
pub(super) fn create_object<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    if a.len() % 2 != 0 {
        return unknown(a, "createObject() needs key/value pairs");
    }
    let mut members = Vec::with_capacity(a.len() / 2);
    for i in (0..a.len()).step_by(2) {
        let ValKind::Str(k) = a.arg(i).kind else {
            return unknown(a, "createObject() keys must be known strings");
        };
        members.push((k, a.arg(i + 1)));
    }
    made(a, ValKind::Map(members))
}

/// Longest array `range()` makes: ARM refuses a count above 10,000
/// (https://learn.microsoft.com/en-us/azure/azure-resource-manager/templates/template-functions-array#range).
const MAX_RANGE: f64 = 10_000.0;

/// `range(startIndex, count)`: the integers from `startIndex`, `count` of them
/// (https://learn.microsoft.com/en-us/azure/azure-resource-manager/bicep/bicep-functions-array#range).
pub(super) fn range<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (start, count) = (a.arg(0), a.arg(1));
    for v in [&start, &count] {
        if v.is_unknown() {
            return A::Ev::done(v.clone());
        }
    }
    let (ValKind::Num(start), ValKind::Num(count)) = (&start.kind, &count.kind) else {
        return unknown(a, "range() needs two integers");
    };
    if start.fract() != 0.0 || count.fract() != 0.0 || *count < 0.0 || *count > MAX_RANGE {
        return unknown(
            a,
            format!("range() needs a whole start and a count from 0 to {MAX_RANGE}"),
        );
    }
    let at = a.at();
    let items = (0..*count as u32)
        .map(|i| Val::new(ValKind::Num(start + f64::from(i)), Some(at)))
        .collect();
    made(a, ValKind::List(items))
}

/// `items(object)`: the object as an array of `{key, value}` objects, sorted by key
/// (https://learn.microsoft.com/en-us/azure/azure-resource-manager/bicep/bicep-functions-object#items:
/// "The items() function sorts the objects in the alphabetical order").
pub(super) fn items<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    let mut members = match v.kind {
        ValKind::Map(members) => members,
        ValKind::Unknown(_) => return A::Ev::done(v),
        other => return unknown(a, format!("items() of a {}", value::type_name(&other))),
    };
    members.sort_by(|x, y| x.0.cmp(&y.0));
    let at = a.at();
    let items = members
        .into_iter()
        .map(|(k, value)| {
            let key = Val::new(ValKind::Str(k), Some(at));
            Val::new(
                ValKind::Map(vec![("key".to_string(), key), ("value".to_string(), value)]),
                Some(at),
            )
        })
        .collect();
    made(a, ValKind::List(items))
}
