//! Terraform functions whose result is exact at lint time. Any other function gives an unknown
//! value naming it: nothing is approximated.

use super::{fmt_num, same, Ev, EvKind, MAX_STRING};
use crate::model::Loc;

/// Functions evaluated here.
const EXACT: &[&str] = &[
    "abs",
    "can",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "distinct",
    "element",
    "endswith",
    "flatten",
    "format",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "one",
    "replace",
    "reverse",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "values",
    "zipmap",
];

/// Functions whose result depends on the value of every element of their list arguments.
const ELEMENTWISE: &[&str] = &[
    "compact",
    "contains",
    "distinct",
    "join",
    "sort",
    "toset",
    "zipmap",
    "coalescelist",
];

/// Calls function `name` on evaluated `args`.
pub(super) fn apply(name: &str, args: Vec<Ev>, loc: Option<Loc>) -> Ev {
    if name.contains("::") {
        return Ev::unknown(
            format!("provider function `{name}` is not evaluated statically"),
            loc,
        );
    }
    if !EXACT.contains(&name) {
        return Ev::unknown(
            format!("function `{name}` is not evaluated statically"),
            loc,
        );
    }
    // Functions that look at unknown arguments themselves.
    match name {
        "try" => return try_(args, loc),
        "can" => {
            return match args.as_slice() {
                [a] if a.is_error() => Ev::new(EvKind::Bool(false), loc),
                [a] if a.is_unknown() => a.clone().at(loc),
                [_] => Ev::new(EvKind::Bool(true), loc),
                _ => arity(name, 1, loc),
            }
        }
        "coalesce" => return coalesce(args, loc),
        _ => {}
    }
    if let Some(u) = args.iter().find(|a| a.is_unknown()) {
        return u.clone().at(loc);
    }
    // Functions that read the elements of a list argument: an unknown element makes the result
    // unknown.
    if ELEMENTWISE.contains(&name) {
        let elements = args.iter().flat_map(|a| match &a.kind {
            EvKind::List(items) => items.as_slice(),
            _ => &[],
        });
        if let Some(u) = elements.into_iter().find(|e| e.is_unknown()) {
            return u.clone().at(loc);
        }
    }
    let result = match name {
        "lower" | "upper" | "trimspace" => one_str(name, &args, loc).map(|s| match name {
            "lower" => s.to_lowercase(),
            "upper" => s.to_uppercase(),
            _ => s.trim().to_string(),
        }),
        "trimprefix" | "trimsuffix" => two_str(name, &args, loc).map(|(s, p)| {
            let r = if name == "trimprefix" {
                s.strip_prefix(p)
            } else {
                s.strip_suffix(p)
            };
            r.unwrap_or(s).to_string()
        }),
        "startswith" | "endswith" | "strcontains" => {
            return match two_str(name, &args, loc) {
                Ok((s, p)) => Ev::new(
                    EvKind::Bool(match name {
                        "startswith" => s.starts_with(p),
                        "endswith" => s.ends_with(p),
                        _ => s.contains(p),
                    }),
                    loc,
                ),
                Err(e) => e,
            }
        }
        "replace" => match args.as_slice() {
            [s, sub, rep] => match (s.as_str(), sub.as_str(), rep.as_str()) {
                (Some(_), Some(sub), Some(_))
                    if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') =>
                {
                    return Ev::unknown("replace() with a regular expression is not evaluated", loc)
                }
                (Some(_), Some(""), Some(_)) => {
                    return Ev::unknown("replace() of an empty string is not evaluated", loc)
                }
                (Some(s), Some(sub), Some(rep)) => Ok(s.replace(sub, rep)),
                _ => Err(Ev::error("replace() takes three strings", loc)),
            },
            _ => return arity(name, 3, loc),
        },
        "format" => format(&args, loc),
        "join" => match args.as_slice() {
            [sep, list] => match (sep.as_str(), &list.kind) {
                (Some(sep), EvKind::List(items)) => {
                    let parts: Option<Vec<String>> = items.iter().map(primitive_string).collect();
                    parts
                        .map(|p| p.join(sep))
                        .ok_or_else(|| Ev::error("join() takes a list of strings", loc))
                }
                _ => Err(Ev::error("join() takes a separator and a list", loc)),
            },
            _ => return arity(name, 2, loc),
        },
        "tostring" => {
            return match args.as_slice() {
                [a] => match &a.kind {
                    EvKind::Str(_) | EvKind::Null => a.clone().at(loc),
                    EvKind::Num(_) | EvKind::Bool(_) => {
                        str_result(primitive_string(a).unwrap_or_default(), &args, loc)
                    }
                    _ => Ev::error(format!("tostring() cannot convert {}", a.type_name()), loc),
                },
                _ => arity(name, 1, loc),
            }
        }
        "tonumber" => {
            return match args.as_slice() {
                [a] => match (&a.kind, super::to_number(a)) {
                    (EvKind::Num(_) | EvKind::Null, _) => a.clone().at(loc),
                    (_, Some(n)) => Ev::new(EvKind::Num(n), loc).with_origin_of(&[a]),
                    _ => Ev::error("tonumber() cannot convert this value", loc),
                },
                _ => arity(name, 1, loc),
            }
        }
        "tobool" => {
            return match args.as_slice() {
                [a] => match &a.kind {
                    EvKind::Bool(_) | EvKind::Null => a.clone().at(loc),
                    EvKind::Str(s) if s == "true" || s == "false" => {
                        Ev::new(EvKind::Bool(s == "true"), loc).with_origin_of(&[a])
                    }
                    _ => Ev::error("tobool() cannot convert this value", loc),
                },
                _ => arity(name, 1, loc),
            }
        }
        "tolist" | "tomap" => {
            return match args.as_slice() {
                [a] => a.clone().at(loc),
                _ => arity(name, 1, loc),
            }
        }
        "toset" | "distinct" | "sort" => {
            return match args.into_iter().next() {
                Some(Ev {
                    kind: EvKind::List(items),
                    ..
                }) => set_like(name, items, loc),
                _ => Ev::error(format!("{name}() takes one list"), loc),
            }
        }
        "reverse" => {
            return match args.into_iter().next() {
                Some(Ev {
                    kind: EvKind::List(mut items),
                    ..
                }) => {
                    items.reverse();
                    Ev::new(EvKind::List(items), loc)
                }
                _ => Ev::error("reverse() takes one list", loc),
            }
        }
        "jsonencode" => {
            return match args.into_iter().next() {
                // An object or list stays a value: `body = jsonencode({...})` is read as the
                // object it encodes.
                Some(a) if matches!(a.kind, EvKind::Map(_) | EvKind::List(_)) => {
                    let mut a = a.at(loc);
                    a.literal = None;
                    a
                }
                Some(a) => match json_text(&a) {
                    Some(s) => str_result(s, &[a], loc),
                    None => Ev::error("jsonencode() cannot encode this value", loc),
                },
                None => arity(name, 1, loc),
            };
        }
        "jsondecode" => {
            return match args.as_slice() {
                [a] => match a.as_str().map(serde_json::from_str::<serde_json::Value>) {
                    Some(Ok(v)) => from_json(&v, loc),
                    Some(Err(e)) => Ev::error(format!("jsondecode(): {e}"), loc),
                    None => Ev::error("jsondecode() takes a string", loc),
                },
                _ => arity(name, 1, loc),
            }
        }
        "lookup" => {
            return match args.len() {
                2 | 3 => {
                    let mut args = args.into_iter();
                    let map = args.next().unwrap_or_else(|| Ev::unknown("", loc));
                    let key = args.next().unwrap_or_else(|| Ev::unknown("", loc));
                    let default = args.next();
                    let Some(k) = key.as_str().map(str::to_string) else {
                        return Ev::error("lookup() takes a string key", loc);
                    };
                    match (&map.kind, map.get(&k)) {
                        (EvKind::Map(_), Some(_)) => {
                            super::select(map, super::Sel::Key(&k)).at(loc)
                        }
                        (EvKind::Map(_), None) => match default {
                            Some(d) => d.at(loc),
                            None => Ev::error(format!("lookup(): the map has no key `{k}`"), loc),
                        },
                        _ => Ev::error(
                            format!("lookup() takes a map, not {}", map.type_name()),
                            loc,
                        ),
                    }
                }
                _ => arity(name, 3, loc),
            }
        }
        "merge" => {
            let mut members: Vec<(String, Ev)> = Vec::new();
            for a in args {
                match a.kind {
                    EvKind::Null => {}
                    EvKind::Map(ms) => {
                        for (k, v) in ms {
                            members.retain(|(mk, _)| *mk != k);
                            members.push((k, v));
                        }
                    }
                    _ => {
                        return Ev::error(format!("merge() takes maps, not {}", a.type_name()), loc)
                    }
                }
            }
            return Ev::new(EvKind::Map(members), loc);
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                match a.kind {
                    EvKind::List(items) => out.extend(items),
                    _ => {
                        return Ev::error(
                            format!("concat() takes lists, not {}", a.type_name()),
                            loc,
                        )
                    }
                }
            }
            return Ev::new(EvKind::List(out), loc);
        }
        "flatten" => {
            return match args.into_iter().next() {
                Some(Ev {
                    kind: EvKind::List(items),
                    ..
                }) => {
                    let mut out = Vec::new();
                    flatten_into(items, &mut out, 0);
                    Ev::new(EvKind::List(out), loc)
                }
                _ => Ev::error("flatten() takes one list", loc),
            }
        }
        "compact" => {
            return match args.into_iter().next() {
                Some(Ev {
                    kind: EvKind::List(items),
                    ..
                }) => {
                    let out = items
                        .into_iter()
                        .filter(|i| !matches!(&i.kind, EvKind::Null) && i.as_str() != Some(""))
                        .collect();
                    Ev::new(EvKind::List(out), loc)
                }
                _ => Ev::error("compact() takes one list", loc),
            }
        }
        "coalescelist" => {
            for a in &args {
                if let EvKind::List(items) = &a.kind {
                    if !items.is_empty() {
                        return a.clone().at(loc);
                    }
                } else {
                    return Ev::error("coalescelist() takes lists", loc);
                }
            }
            return Ev::new(EvKind::List(Vec::new()), loc);
        }
        "length" => {
            return match args.as_slice() {
                [a] => match &a.kind {
                    EvKind::List(items) => Ev::new(EvKind::Num(items.len() as f64), loc),
                    EvKind::Map(members) => Ev::new(EvKind::Num(members.len() as f64), loc),
                    // Terraform counts grapheme clusters: exact here only for ASCII.
                    EvKind::Str(s) if s.is_ascii() => Ev::new(EvKind::Num(s.len() as f64), loc),
                    EvKind::Str(_) => {
                        Ev::unknown("length() of a non-ASCII string is not evaluated", loc)
                    }
                    _ => Ev::error(format!("length() of {}", a.type_name()), loc),
                },
                _ => arity(name, 1, loc),
            };
        }
        "element" => {
            return match args.as_slice() {
                [list, i] => match (&list.kind, super::to_number(i)) {
                    (EvKind::List(items), Some(n)) if !items.is_empty() && n >= 0.0 => {
                        let idx = (n.floor() as usize) % items.len();
                        super::select(list.clone(), super::Sel::Index(idx as f64)).at(loc)
                    }
                    (EvKind::List(_), _) => {
                        Ev::error("element() of an empty list or a bad index", loc)
                    }
                    _ => Ev::error("element() takes a list and an index", loc),
                },
                _ => arity(name, 2, loc),
            }
        }
        "one" => {
            return match args.as_slice() {
                [list] => match &list.kind {
                    EvKind::List(items) if items.is_empty() => Ev::new(EvKind::Null, loc),
                    EvKind::List(items) if items.len() == 1 => {
                        super::select(list.clone(), super::Sel::Index(0.0)).at(loc)
                    }
                    EvKind::Null => Ev::new(EvKind::Null, loc),
                    _ => Ev::error("one() takes a list of at most one element", loc),
                },
                _ => arity(name, 1, loc),
            }
        }
        "contains" => {
            return match args.as_slice() {
                [list, v] => match &list.kind {
                    EvKind::List(items) => Ev::new(
                        EvKind::Bool(items.iter().any(|i| same(i, v) == Some(true))),
                        loc,
                    ),
                    _ => Ev::error("contains() takes a list", loc),
                },
                _ => arity(name, 2, loc),
            }
        }
        "keys" | "values" => {
            return match args.into_iter().next() {
                Some(Ev {
                    kind: EvKind::Map(mut members),
                    ..
                }) => {
                    members.sort_by(|a, b| a.0.cmp(&b.0));
                    let items = members
                        .into_iter()
                        .map(|(k, v)| {
                            if name == "keys" {
                                Ev::new(EvKind::Str(k), loc)
                            } else {
                                v
                            }
                        })
                        .collect();
                    Ev::new(EvKind::List(items), loc)
                }
                _ => Ev::error(format!("{name}() takes a map"), loc),
            }
        }
        "zipmap" => {
            return match args.as_slice() {
                [keys, values] => match (&keys.kind, &values.kind) {
                    (EvKind::List(ks), EvKind::List(vs)) if ks.len() == vs.len() => {
                        let mut members: Vec<(String, Ev)> = Vec::new();
                        for (k, v) in ks.iter().zip(vs) {
                            let Some(k) = k.as_str() else {
                                return Ev::error("zipmap() keys must be strings", loc);
                            };
                            members.retain(|(mk, _)| mk != k);
                            members.push((k.to_string(), v.clone()));
                        }
                        Ev::new(EvKind::Map(members), loc)
                    }
                    _ => Ev::error("zipmap() takes two lists of the same length", loc),
                },
                _ => arity(name, 2, loc),
            }
        }
        "split" => {
            return match two_str(name, &args, loc) {
                Ok(("", _)) => Ev::unknown("split() on an empty separator is not evaluated", loc),
                Ok((sep, s)) => Ev::new(
                    EvKind::List(
                        s.split(sep)
                            .map(|p| Ev::new(EvKind::Str(p.to_string()), loc))
                            .collect(),
                    ),
                    loc,
                ),
                Err(e) => e,
            }
        }
        "abs" | "max" | "min" => {
            let nums: Option<Vec<f64>> = args.iter().map(super::to_number).collect();
            return match nums {
                Some(ns) if !ns.is_empty() => {
                    let n = match name {
                        "abs" if ns.len() == 1 => ns[0].abs(),
                        "max" => ns.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                        "min" => ns.iter().copied().fold(f64::INFINITY, f64::min),
                        _ => return arity(name, 1, loc),
                    };
                    Ev::new(EvKind::Num(n), loc)
                }
                _ => Ev::error(format!("{name}() takes numbers"), loc),
            };
        }
        _ => {
            return Ev::unknown(
                format!("function `{name}` is not evaluated statically"),
                loc,
            )
        }
    };
    match result {
        Ok(s) => str_result(s, &args, loc),
        Err(e) => e,
    }
}

fn arity(name: &str, n: usize, loc: Option<Loc>) -> Ev {
    Ev::error(format!("{name}() takes {n} argument(s)"), loc)
}

/// A string computed from `inputs`: not a literal, with the inputs' provenance.
fn str_result(s: String, inputs: &[Ev], loc: Option<Loc>) -> Ev {
    let refs: Vec<&Ev> = inputs.iter().collect();
    Ev::str(s, loc).with_origin_of(&refs)
}

fn one_str<'v>(name: &str, args: &'v [Ev], loc: Option<Loc>) -> Result<&'v str, Ev> {
    match args {
        [a] => a.as_str().ok_or_else(|| {
            Ev::error(
                format!("{name}() takes a string, not {}", a.type_name()),
                loc,
            )
        }),
        _ => Err(arity(name, 1, loc)),
    }
}

fn two_str<'v>(name: &str, args: &'v [Ev], loc: Option<Loc>) -> Result<(&'v str, &'v str), Ev> {
    match args {
        [a, b] => match (a.as_str(), b.as_str()) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(Ev::error(format!("{name}() takes two strings"), loc)),
        },
        _ => Err(arity(name, 2, loc)),
    }
}

/// A string, number or bool as a string.
fn primitive_string(v: &Ev) -> Option<String> {
    match &v.kind {
        EvKind::Str(s) => Some(s.clone()),
        EvKind::Num(n) => Some(fmt_num(*n)),
        EvKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `try`: the first argument that evaluates without error. An argument that is merely not
/// known statically may well succeed when Terraform runs, so it makes the result unknown.
fn try_(args: Vec<Ev>, loc: Option<Loc>) -> Ev {
    let mut last = None;
    for a in args {
        if a.is_error() {
            last = Some(a);
            continue;
        }
        return a.at(loc);
    }
    match last {
        Some(a) => a.at(loc),
        None => Ev::error("try() needs at least one argument", loc),
    }
}

/// `coalesce`: the first argument that is neither null nor an empty string.
fn coalesce(args: Vec<Ev>, loc: Option<Loc>) -> Ev {
    for a in args {
        match &a.kind {
            EvKind::Unknown { .. } => return a.at(loc),
            EvKind::Null => {}
            EvKind::Str(s) if s.is_empty() => {}
            _ => return a.at(loc),
        }
    }
    Ev::error("coalesce(): every argument is null or empty", loc)
}

/// `format` with the verbs `%s %v %d %t %q %%`; any flag or width is not evaluated.
fn format(args: &[Ev], loc: Option<Loc>) -> Result<String, Ev> {
    let Some(fmt) = args.first().and_then(Ev::as_str) else {
        return Err(Ev::error("format() takes a format string", loc));
    };
    let mut out = String::new();
    let mut rest = args[1..].iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next();
        if verb == Some('%') {
            out.push('%');
            continue;
        }
        let Some(arg) = rest.next() else {
            return Err(Ev::error("format(): too few arguments", loc));
        };
        let s = match (verb, &arg.kind) {
            (Some('s' | 'v'), _) => primitive_string(arg),
            (Some('d'), EvKind::Num(n)) if n.fract() == 0.0 => Some(fmt_num(*n)),
            (Some('d'), EvKind::Str(s)) => s.parse::<i64>().ok().map(|n| n.to_string()),
            (Some('t'), EvKind::Bool(b)) => Some(b.to_string()),
            (Some('q'), EvKind::Str(s)) => serde_json::to_string(s).ok(),
            (Some('d' | 't' | 'q'), _) => None,
            _ => {
                return Err(Ev::unknown(
                    "format() with flags, widths or this verb is not evaluated",
                    loc,
                ))
            }
        };
        match s {
            Some(s) => out.push_str(&s),
            None => {
                return Err(Ev::error(
                    format!(
                        "format(): %{} cannot format {}",
                        verb.unwrap_or(' '),
                        arg.type_name()
                    ),
                    loc,
                ))
            }
        }
        if out.len() > MAX_STRING {
            return Err(Ev::unknown("the string is too long to evaluate", loc));
        }
    }
    if rest.next().is_some() {
        return Err(Ev::error("format(): too many arguments", loc));
    }
    Ok(out)
}

/// `toset`, `distinct`, `sort` on a list. Sets of strings are ordered lexically, as Terraform
/// orders them; sets of anything else have an order this linter does not reproduce.
fn set_like(name: &str, items: Vec<Ev>, loc: Option<Loc>) -> Ev {
    let mut out: Vec<Ev> = Vec::new();
    for i in items {
        if name != "sort" && out.iter().any(|o| same(o, &i) == Some(true)) {
            continue;
        }
        out.push(i);
    }
    if name != "distinct" {
        if out.iter().all(|i| i.as_str().is_some()) {
            out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        } else if out.len() > 1 {
            return Ev::unknown(
                format!("the order of {name}() of non-strings is not evaluated"),
                loc,
            );
        }
    }
    Ev::new(EvKind::List(out), loc)
}

fn flatten_into(items: Vec<Ev>, out: &mut Vec<Ev>, depth: u32) {
    for i in items {
        match i.kind {
            EvKind::List(inner) if depth < 64 => flatten_into(inner, out, depth + 1),
            _ => out.push(i),
        }
    }
}

/// The JSON text of a primitive.
fn json_text(v: &Ev) -> Option<String> {
    match &v.kind {
        EvKind::Str(s) => serde_json::to_string(s).ok(),
        EvKind::Num(n) => Some(fmt_num(*n)),
        EvKind::Bool(b) => Some(b.to_string()),
        EvKind::Null => Some("null".into()),
        _ => None,
    }
}

pub(super) fn from_json(v: &serde_json::Value, loc: Option<Loc>) -> Ev {
    let kind = match v {
        serde_json::Value::Null => EvKind::Null,
        serde_json::Value::Bool(b) => EvKind::Bool(*b),
        serde_json::Value::Number(n) => EvKind::Num(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => EvKind::Str(s.clone()),
        serde_json::Value::Array(items) => {
            EvKind::List(items.iter().map(|i| from_json(i, loc)).collect())
        }
        serde_json::Value::Object(members) => EvKind::Map(
            members
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v, loc)))
                .collect(),
        ),
    };
    Ev::new(kind, loc)
}
