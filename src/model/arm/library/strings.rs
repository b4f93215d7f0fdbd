//! String functions: `concat`, `format`, `toLower`, `toUpper`, `string`, `replace`, `trim`,
//! `split`, `join`, `contains`, `startsWith`, `endsWith`. Unknown pieces of a string stay
//! holes where the function keeps them apart (`concat`, `format`, the case functions).

use crate::model::{Val, ValKind};

use super::{arity, made, unknown, Args, Callee};
use crate::model::arm::value::{self, Form, Piece, Value};

/// `concat()` of strings (unknown pieces kept as holes), or of arrays.
pub(super) fn concat<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    let evs: Vec<A::Ev> = (0..a.len()).map(|i| a.eval(i)).collect();
    if evs.iter().any(|e| a.is_array(e)) {
        let mut out = Vec::new();
        for e in evs {
            let val = a.force(e);
            match val.kind {
                ValKind::List(items) => out.extend(items),
                ValKind::Unknown(_) => return A::Ev::done(val),
                ValKind::Null => {}
                _ => out.push(val),
            }
        }
        return made(a, ValKind::List(out));
    }
    let mut pieces = Vec::new();
    for e in evs {
        a.pieces_of(e, &mut pieces);
    }
    value::from_pieces(pieces, a.at())
}

/// `format()` with .NET composite formatting: `{0}`, `{{`, `}}`; a format spec on a
/// value that is not a known string is not evaluated.
pub(super) fn format<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    if a.len() == 0 {
        return unknown(a, "format() needs a format string");
    }
    let fmt = a.arg(0);
    let fmt = match fmt.kind {
        ValKind::Str(s) => s,
        ValKind::Unknown(_) => return A::Ev::done(fmt),
        _ => return unknown(a, "format() needs a format string"),
    };
    let values: Vec<A::Ev> = (1..a.len()).map(|i| a.eval(i)).collect();
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
                    return unknown(
                        a,
                        format!("format(): placeholder {{{spec}}} has no argument"),
                    );
                };
                if style.is_some() && value::as_str(value).is_none() {
                    return unknown(
                        a,
                        format!("format(): the format spec in {{{spec}}} is not evaluated"),
                    );
                }
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                a.pieces_of(value.clone(), &mut pieces);
            }
            c => text.push(c),
        }
    }
    pieces.push(Piece::Text(text));
    value::from_pieces(pieces, a.at())
}

/// `toLower()`.
pub(super) fn to_lower<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    change_case(a, f, str::to_lowercase)
}

/// `toUpper()`.
pub(super) fn to_upper<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    change_case(a, f, str::to_uppercase)
}

/// `toLower()` and `toUpper()`; unknown pieces of a string stay unknown.
fn change_case<A: Args>(a: &A, f: Callee<'_>, conv: fn(&str) -> String) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    match a.eval(0).into_form() {
        Form::Done(Val {
            kind: ValKind::Str(s),
            origin,
            ..
        }) => {
            let mut out = Val::new(ValKind::Str(conv(&s)), Some(a.at()));
            out.origin = origin;
            A::Ev::done(out)
        }
        Form::Partial(pieces, origin) => A::Ev::partial(
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Text(t) => Piece::Text(conv(&t)),
                    hole => hole,
                })
                .collect(),
            origin,
        ),
        Form::Done(u) if u.is_unknown() => A::Ev::done(u),
        _ => unknown(a, format!("{f} needs a string")),
    }
}

/// `string()` of a scalar; a string with unknown pieces stays one.
pub(super) fn string<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let ev = a.eval(0);
    let keep = match (ev.as_done(), ev.as_partial()) {
        (Some(v), _) => matches!(v.kind, ValKind::Str(_) | ValKind::Unknown(_)),
        (_, Some(_)) => true,
        _ => false,
    };
    if keep {
        return ev;
    }
    match a.force(ev).kind {
        ValKind::Num(n) => made(a, ValKind::Str(value::number_text(n))),
        ValKind::Bool(b) => made(a, ValKind::Str(value::bool_text(b).into())),
        ValKind::Null => made(a, ValKind::Str(String::new())),
        _ => unknown(a, "string() of an object or array is not evaluated"),
    }
}

/// `replace()`.
pub(super) fn replace<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 3, 3) {
        return e;
    }
    let v: Vec<Val> = (0..3).map(|i| a.arg(i)).collect();
    if let Some(u) = value::first_unknown(v.iter()) {
        return A::Ev::done(u);
    }
    match (&v[0].kind, &v[1].kind, &v[2].kind) {
        (ValKind::Str(s), ValKind::Str(old), ValKind::Str(new)) if !old.is_empty() => {
            made(a, ValKind::Str(s.replace(old.as_str(), new)))
        }
        (ValKind::Str(s), ValKind::Str(_), ValKind::Str(_)) => made(a, ValKind::Str(s.clone())),
        _ => unknown(a, "replace() needs strings"),
    }
}

/// `trim()`.
pub(super) fn trim<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    match &v.kind {
        ValKind::Str(s) => made(a, ValKind::Str(s.trim().to_string())),
        ValKind::Unknown(_) => A::Ev::done(v),
        _ => unknown(a, "trim() needs a string"),
    }
}

/// `split()` at any of the delimiters given (a string or an array of strings).
pub(super) fn split<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (s, d) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&s, &d]) {
        return A::Ev::done(u);
    }
    let ValKind::Str(s) = &s.kind else {
        return unknown(a, "split() needs a string");
    };
    let delims: Vec<&str> = match &d.kind {
        ValKind::Str(d) => vec![d.as_str()],
        ValKind::List(l) => l.iter().filter_map(Val::as_str).collect(),
        _ => return unknown(a, "split() needs a delimiter"),
    };
    let delims: Vec<&str> = delims.into_iter().filter(|d| !d.is_empty()).collect();
    let at = Some(a.at());
    let mut parts = Vec::new();
    let mut rest = s.as_str();
    loop {
        let next = delims
            .iter()
            .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
            .min();
        match next {
            Some((i, len)) => {
                parts.push(Val::new(ValKind::Str(rest[..i].to_string()), at));
                rest = &rest[i + len..];
            }
            None => {
                parts.push(Val::new(ValKind::Str(rest.to_string()), at));
                break;
            }
        }
    }
    made(a, ValKind::List(parts))
}

/// `join()`.
pub(super) fn join<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (l, d) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&l, &d]) {
        return A::Ev::done(u);
    }
    match (&l.kind, &d.kind) {
        (ValKind::List(items), ValKind::Str(d)) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                match &i.kind {
                    ValKind::Str(s) => out.push(s.clone()),
                    ValKind::Num(n) => out.push(value::number_text(*n)),
                    ValKind::Unknown(_) => return A::Ev::done(i.clone()),
                    _ => return unknown(a, "join() needs strings"),
                }
            }
            made(a, ValKind::Str(out.join(d)))
        }
        _ => unknown(a, "join() needs an array and a delimiter"),
    }
}

/// `contains()` of a string, an array or an object's keys.
pub(super) fn contains<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    test(a, f, |x, y| match (&x.kind, &y.kind) {
        (ValKind::Str(s), ValKind::Str(t)) => Some(s.contains(t.as_str())),
        (ValKind::List(l), _) => Some(l.iter().any(|i| value::equals(i, y))),
        (ValKind::Map(m), ValKind::Str(k)) => {
            Some(m.iter().any(|(mk, _)| mk.eq_ignore_ascii_case(k)))
        }
        _ => None,
    })
}

/// `startsWith()`, case-insensitively.
pub(super) fn starts_with<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    test(a, f, |x, y| match (&x.kind, &y.kind) {
        (ValKind::Str(s), ValKind::Str(t)) => Some(s.to_lowercase().starts_with(&t.to_lowercase())),
        _ => None,
    })
}

/// `endsWith()`, case-insensitively.
pub(super) fn ends_with<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    test(a, f, |x, y| match (&x.kind, &y.kind) {
        (ValKind::Str(s), ValKind::Str(t)) => Some(s.to_lowercase().ends_with(&t.to_lowercase())),
        _ => None,
    })
}

/// A test of two arguments; `None` from `t` when it does not apply to them.
fn test<A: Args>(a: &A, f: Callee<'_>, t: impl Fn(&Val, &Val) -> Option<bool>) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (x, y) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&x, &y]) {
        return A::Ev::done(u);
    }
    match t(&x, &y) {
        Some(r) => made(a, ValKind::Bool(r)),
        None => unknown(a, format!("{f} of these arguments")),
    }
}
