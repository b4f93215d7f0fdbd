//! The template functions, written once for ARM JSON and Bicep.
//!
//! Bicep compiles to ARM, so a Bicep function is the ARM function of the same name and a Bicep
//! operator is an ARM function too (`a == b` is `equals`, `c ? x : y` is `if`, `a.?b` is
//! `tryGet`, `a ?? b` is `coalesce`, `a + b` is `add`...). Both evaluators call these
//! through [`Args`]: the arguments of one call as the evaluator at hand evaluates them, and
//! the few operations on its values a function needs.
//!
//! Evaluated in both: `concat`, `format`, `toLower`, `toUpper`, `string`, `replace`, `trim`,
//! `split`, `join`, `startsWith`, `endsWith`, `contains`, `empty`, `coalesce`, `length`,
//! `first`, `last`, `take`, `skip`, `union`, `range`, `items`, `tryGet`, `json`, `int`, `bool` and the
//! `*resourceId` family. In ARM only (in Bicep they are operators or literals): `if`,
//! `equals`, `not`, `and`, `or`, `less`, `lessOrEquals`, `greater`, `greaterOrEquals`, `add`,
//! `sub`, `mul`, `div`, `mod`, `createArray`, `createObject`, `true`, `false`, `null`. In Bicep
//! only: `any` and `readEnvironmentVariable`. The evaluators add what needs their own tables:
//! ARM's `parameters`, `variables`, `copyIndex` and `reference`. Everything else is
//! [`ValKind::Unknown`] with a reason naming the function ([`not_evaluated`]), and so are the
//! properties of the deployment context ([`deployment_context`]).
//!
//! Each function is its own function: one giant `match` would have a frame of many kilobytes
//! in debug builds, and expressions recurse through here.

mod collections;
mod ids;
mod logic;
mod strings;

use std::fmt;

use crate::model::{Loc, Val, ValKind};

use super::value::{self, Piece, Value};

// What Bicep's operators are.
pub(crate) use collections::{coalesce, try_get_path};
pub(crate) use logic::{
    add, and, differs, div, equals, greater, greater_or_equals, if_, less, less_or_equals, modulo,
    mul, not, or, sub,
};

/// The arguments of one function call (or the operands of one operator), as the evaluator at
/// hand evaluates them, and what a function needs to do with its values.
pub(crate) trait Args {
    type Ev: Value;

    /// Where the call is written: the values a function makes are located here.
    fn at(&self) -> Loc;
    /// The number of arguments.
    fn len(&self) -> usize;
    /// Argument `i`, evaluated lazily (an object stays unevaluated until needed); unknown
    /// when it is missing.
    fn eval(&self, i: usize) -> Self::Ev;
    /// A value finished, located at the call.
    fn force(&self, ev: Self::Ev) -> Val;
    /// Appends the string pieces of a value (unknown parts become holes).
    fn pieces_of(&self, ev: Self::Ev, out: &mut Vec<Piece>);
    /// Whether a value is an array (`concat()` of arrays is an array).
    fn is_array(&self, ev: &Self::Ev) -> bool;
    /// `base.key`: `None` when `base` is known not to have `key`.
    fn member(&self, base: Self::Ev, key: &str) -> Option<Self::Ev>;
    /// `base[index]`.
    fn index(&self, base: Self::Ev, index: &Val) -> Self::Ev;

    /// Enough of a value to tell whether it is null (`coalesce()`): what the evaluator left
    /// lazy but may be null is forced. Nothing by default.
    fn settle(&self, ev: Self::Ev) -> Self::Ev {
        ev
    }

    /// Argument `i`, finished.
    fn arg(&self, i: usize) -> Val {
        self.force(self.eval(i))
    }
}

/// Which template language is calling: some functions exist in only one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Arm,
    Bicep,
}

/// How messages name what is called: `not()` for a function, `'!'` for a Bicep operator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Callee<'n> {
    name: &'n str,
    operator: bool,
}

impl<'n> Callee<'n> {
    /// A function, named as written.
    pub(crate) fn function(name: &'n str) -> Self {
        Callee {
            name,
            operator: false,
        }
    }

    /// A Bicep operator, by its symbol.
    pub(crate) fn operator(symbol: &'n str) -> Self {
        Callee {
            name: symbol,
            operator: true,
        }
    }
}

impl fmt::Display for Callee<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator {
            write!(f, "`{}`", self.name)
        } else {
            write!(f, "{}()", self.name)
        }
    }
}

/// One function of the library.
type Function<A> = fn(&A, Callee<'_>) -> <A as Args>::Ev;

/// Where a function exists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Both,
    Arm,
    Bicep,
}

/// Calls the function `name` (case-insensitive) of `dialect`.
pub(crate) fn call<A: Args>(a: &A, name: &str, dialect: Dialect) -> A::Ev {
    let lname = name.to_ascii_lowercase();
    match function::<A>(&lname) {
        Some((In::Both, f)) => f(a, Callee::function(name)),
        Some((In::Arm, f)) if dialect == Dialect::Arm => f(a, Callee::function(name)),
        Some((In::Bicep, f)) if dialect == Dialect::Bicep => f(a, Callee::function(name)),
        _ => not_evaluated(name, &lname, a.at()),
    }
}

/// The function of the library named `lname` (lower case), and where it exists.
fn function<A: Args>(lname: &str) -> Option<(In, Function<A>)> {
    use collections as c;
    use ids as i;
    use logic as l;
    use strings as s;
    use In::{Arm, Bicep, Both};
    let found: (In, Function<A>) = match lname {
        "concat" => (Both, s::concat),
        "format" => (Both, s::format),
        "tolower" => (Both, s::to_lower),
        "toupper" => (Both, s::to_upper),
        "string" => (Both, s::string),
        "replace" => (Both, s::replace),
        "trim" => (Both, s::trim),
        "split" => (Both, s::split),
        "join" => (Both, s::join),
        "startswith" => (Both, s::starts_with),
        "endswith" => (Both, s::ends_with),
        "contains" => (Both, s::contains),
        "empty" => (Both, c::empty),
        "coalesce" => (Both, c::coalesce),
        "length" => (Both, c::length),
        "first" => (Both, c::first),
        "last" => (Both, c::last),
        "take" => (Both, c::take),
        "skip" => (Both, c::skip),
        "union" => (Both, c::union),
        "range" => (Both, c::range),
        "items" => (Both, c::items),
        "tryget" => (Both, c::try_get),
        "json" => (Both, c::json),
        "createarray" => (Arm, c::create_array),
        "createobject" => (Arm, c::create_object),
        "int" => (Both, l::int),
        "bool" => (Both, l::bool),
        "if" => (Arm, l::if_),
        "equals" => (Arm, l::equals),
        "not" => (Arm, l::not),
        "and" => (Arm, l::and),
        "or" => (Arm, l::or),
        "less" => (Arm, l::less),
        "lessorequals" => (Arm, l::less_or_equals),
        "greater" => (Arm, l::greater),
        "greaterorequals" => (Arm, l::greater_or_equals),
        "add" => (Arm, l::add),
        "sub" => (Arm, l::sub),
        "mul" => (Arm, l::mul),
        "div" => (Arm, l::div),
        "mod" => (Arm, l::modulo),
        "true" => (Arm, l::true_),
        "false" => (Arm, l::false_),
        "null" => (Arm, l::null),
        "any" => (Bicep, l::any),
        "readenvironmentvariable" => (Bicep, l::read_environment_variable),
        "resourceid" => (Both, i::resource_id),
        "subscriptionresourceid" => (Both, i::subscription_resource_id),
        "tenantresourceid" => (Both, i::tenant_resource_id),
        "extensionresourceid" => (Both, i::extension_resource_id),
        "managementgroupresourceid" => (Both, i::management_group_resource_id),
        _ => return None,
    };
    Some(found)
}

/// Functions whose value is decided at deployment, or that are not evaluated here.
pub(crate) fn not_evaluated<E: Value>(name: &str, lname: &str, at: Loc) -> E {
    let reason = match lname {
        "resourcegroup" | "subscription" | "deployment" | "tenant" | "managementgroup"
        | "environment" => format!("{name}() is decided at deployment"),
        "uniquestring" | "guid" | "newguid" | "utcnow" | "datetimeadd" | "datetimefromepoch"
        | "datetimetoepoch" => format!("{name}() is computed at deployment"),
        _ if lname.starts_with("list") => format!("{name}() reads the resource at deployment"),
        _ if name.contains('.') => format!("user-defined function `{name}` is not evaluated"),
        _ => format!("{name}() is not evaluated"),
    };
    value::unknown(reason, at)
}

/// `resourceGroup().location` and friends: properties of the deployment context, decided
/// when the template is deployed. The reason says by what.
pub(crate) fn deployment_context(function: &str, key: &str) -> Option<String> {
    let by = match function.to_ascii_lowercase().as_str() {
        "resourcegroup" => "is decided by the resource group the template is deployed to",
        "subscription" => "is decided by the subscription the template is deployed to",
        "tenant" => "is decided by the tenant the template is deployed to",
        "managementgroup" => "is decided by the management group the template is deployed to",
        "environment" => "depends on the Azure cloud the template is deployed to",
        "deployment" if key.eq_ignore_ascii_case("location") => {
            "is decided by the location given when the deployment is created"
        }
        "deployment" => "is decided when the deployment is created",
        _ => return None,
    };
    Some(format!("{function}().{key} {by}"))
}

/// `Some(unknown)` when the number of arguments is outside `min..=max`.
pub(crate) fn arity<A: Args>(a: &A, f: Callee<'_>, min: usize, max: usize) -> Option<A::Ev> {
    let n = a.len();
    (n < min || n > max).then(|| {
        value::unknown(
            format!("{f} takes {min}..{max} arguments, {n} given"),
            a.at(),
        )
    })
}

/// A value computed by the call.
fn made<A: Args>(a: &A, kind: ValKind) -> A::Ev {
    value::new(a.at(), kind)
}

/// An unknown value computed by the call.
fn unknown<A: Args>(a: &A, reason: impl Into<String>) -> A::Ev {
    value::unknown(reason, a.at())
}
