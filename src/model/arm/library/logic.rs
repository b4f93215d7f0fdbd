//! Logical, comparison, numeric and conversion functions: `if`, `equals`, `not`, `and`, `or`,
//! `less`, `lessOrEquals`, `greater`, `greaterOrEquals`, `add`, `sub`, `mul`, `div`, `mod`,
//! `int`, `bool`, `true`, `false`, `null`, and Bicep's `any` and `readEnvironmentVariable`.
//! Bicep's operators (`c ? x : y`, `==`, `!=`, `!`, `&&`, `||`, `<`, `+`...) are these
//! functions called with a [`Callee::operator`].

use crate::model::ValKind;

use super::{arity, made, unknown, Args, Callee};
use crate::model::arm::value::{self, Value};

/// `if()` (and Bicep's `c ? x : y`): only the chosen branch is evaluated.
pub(crate) fn if_<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 3, 3) {
        return e;
    }
    let what = if f.operator {
        "the condition".to_string()
    } else {
        format!("the condition of {f}")
    };
    match a.arg(0).kind {
        ValKind::Bool(true) => a.eval(1),
        ValKind::Bool(false) => a.eval(2),
        ValKind::Unknown(r) => unknown(a, format!("{what} is not known: {r}")),
        other => unknown(a, format!("{what} is a {}", value::type_name(&other))),
    }
}

/// `equals()` (and Bicep's `==`).
pub(crate) fn equals<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    equality(a, f, true)
}

/// Bicep's `!=`: `not(equals())`.
pub(crate) fn differs<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    equality(a, f, false)
}

fn equality<A: Args>(a: &A, f: Callee<'_>, equal: bool) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (x, y) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&x, &y]) {
        return A::Ev::done(u);
    }
    made(a, ValKind::Bool(value::equals(&x, &y) == equal))
}

/// `not()` (and Bicep's `!`).
pub(crate) fn not<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    match v.kind {
        ValKind::Bool(b) => made(a, ValKind::Bool(!b)),
        ValKind::Unknown(_) => A::Ev::done(v),
        _ => unknown(a, format!("{f} needs a boolean")),
    }
}

/// `and()` (and Bicep's `&&`).
pub(crate) fn and<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    connective(a, f, false)
}

/// `or()` (and Bicep's `||`).
pub(crate) fn or<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    connective(a, f, true)
}

/// `and()` and `or()`: a decisive known argument wins over unknown ones.
fn connective<A: Args>(a: &A, f: Callee<'_>, decisive: bool) -> A::Ev {
    let mut unknown_arg = None;
    for i in 0..a.len() {
        let v = a.arg(i);
        match v.kind {
            ValKind::Bool(b) if b == decisive => return made(a, ValKind::Bool(decisive)),
            ValKind::Bool(_) => {}
            ValKind::Unknown(_) => {
                unknown_arg.get_or_insert(v);
            }
            _ => return unknown(a, format!("{f} needs booleans")),
        }
    }
    match unknown_arg {
        Some(u) => A::Ev::done(u),
        None => made(a, ValKind::Bool(!decisive)),
    }
}

/// `less()` (and Bicep's `<`).
pub(crate) fn less<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    compare(a, f, |x, y| x < y)
}

/// `lessOrEquals()` (and Bicep's `<=`).
pub(crate) fn less_or_equals<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    compare(a, f, |x, y| x <= y)
}

/// `greater()` (and Bicep's `>`).
pub(crate) fn greater<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    compare(a, f, |x, y| x > y)
}

/// `greaterOrEquals()` (and Bicep's `>=`).
pub(crate) fn greater_or_equals<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    compare(a, f, |x, y| x >= y)
}

/// A comparison of two numbers (strings are compared by rules not written here).
fn compare<A: Args>(a: &A, f: Callee<'_>, op: fn(f64, f64) -> bool) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (x, y) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&x, &y]) {
        return A::Ev::done(u);
    }
    match (x.kind, y.kind) {
        (ValKind::Num(x), ValKind::Num(y)) => made(a, ValKind::Bool(op(x, y))),
        _ => unknown(a, format!("{f} of these arguments is not evaluated")),
    }
}

/// `add()` (and Bicep's `+`).
pub(crate) fn add<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    arithmetic(a, f, |x, y| Some(x + y))
}

/// `sub()` (and Bicep's `-`).
pub(crate) fn sub<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    arithmetic(a, f, |x, y| Some(x - y))
}

/// `mul()` (and Bicep's `*`).
pub(crate) fn mul<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    arithmetic(a, f, |x, y| Some(x * y))
}

/// `div()` (and Bicep's `/`): integer division.
pub(crate) fn div<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    arithmetic(a, f, |x, y| (y != 0.0).then(|| (x / y).trunc()))
}

/// `mod()` (and Bicep's `%`).
pub(crate) fn modulo<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    arithmetic(a, f, |x, y| (y != 0.0).then(|| x % y))
}

/// An operation on two numbers; `None` from `op` is a division by zero.
fn arithmetic<A: Args>(a: &A, f: Callee<'_>, op: fn(f64, f64) -> Option<f64>) -> A::Ev {
    if let Some(e) = arity(a, f, 2, 2) {
        return e;
    }
    let (x, y) = (a.arg(0), a.arg(1));
    if let Some(u) = value::first_unknown([&x, &y]) {
        return A::Ev::done(u);
    }
    let (ValKind::Num(x), ValKind::Num(y)) = (x.kind, y.kind) else {
        return unknown(a, format!("{f} needs numbers"));
    };
    match op(x, y) {
        Some(r) => made(a, ValKind::Num(r)),
        None => unknown(a, format!("{f} by zero")),
    }
}

/// `int()`.
pub(super) fn int<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    match &v.kind {
        ValKind::Num(n) => made(a, ValKind::Num(n.trunc())),
        ValKind::Str(s) => match s.trim().parse::<i64>() {
            Ok(n) => made(a, ValKind::Num(n as f64)),
            Err(_) => unknown(a, format!("int() of `{s}` is not a number")),
        },
        ValKind::Unknown(_) => A::Ev::done(v),
        other => unknown(a, format!("int() of a {}", value::type_name(other))),
    }
}

/// `bool()`.
pub(super) fn bool<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if let Some(e) = arity(a, f, 1, 1) {
        return e;
    }
    let v = a.arg(0);
    let b = match &v.kind {
        ValKind::Bool(b) => *b,
        ValKind::Num(n) => *n != 0.0,
        ValKind::Str(s) if s.eq_ignore_ascii_case("true") => true,
        ValKind::Str(s) if s.eq_ignore_ascii_case("false") => false,
        ValKind::Unknown(_) => return A::Ev::done(v),
        _ => return unknown(a, "bool() needs a boolean, number or 'true'/'false'"),
    };
    made(a, ValKind::Bool(b))
}

/// `true()`.
pub(super) fn true_<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    made(a, ValKind::Bool(true))
}

/// `false()`.
pub(super) fn false_<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    made(a, ValKind::Bool(false))
}

/// `null()`.
pub(super) fn null<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    made(a, ValKind::Null)
}

/// Bicep's `any()`: its argument, whatever its type.
pub(super) fn any<A: Args>(a: &A, f: Callee<'_>) -> A::Ev {
    if a.len() == 0 {
        return unknown(a, format!("{f} needs an argument"));
    }
    a.eval(0)
}

/// Bicep's `readEnvironmentVariable()` (in `.bicepparam` files): read when the parameters
/// are built, so not known here.
pub(super) fn read_environment_variable<A: Args>(a: &A, _f: Callee<'_>) -> A::Ev {
    let var = match a.arg(0).kind {
        ValKind::Str(s) => format!("'{s}'"),
        _ => String::new(),
    };
    unknown(
        a,
        format!(
            "readEnvironmentVariable({var}) is read from the environment when the parameters are built"
        ),
    )
}
