//! Values with holes, shared by the ARM and Bicep evaluators.
//!
//! Each evaluator has its own value type (`Ev`): a finished [`Val`], a string with unknown
//! pieces, or something it has not evaluated yet (a JSON subtree, a Bicep object expression, a
//! resource). [`Value`] is what the two have in common, so the function library
//! ([`super::library`]) and the helpers here work on either: a string with unknown pieces is a
//! list of [`Piece`]s, so `concat('/subscriptions/', subscription().subscriptionId,
//! '/…/virtualNetworks/', 'vnet')` and `'${vnet.id}/subnets/x'` still show the VNet, and it
//! becomes [`ValKind::Unknown`] with the reason of its first hole only when forced.

use crate::model::{Loc, Origin, Refers, Val, ValKind};

/// A piece of a string with unknown parts.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    /// An unknown part, and why.
    Hole(String),
}

/// The hole for the subscription of an id built at deployment (`resourceId('T', 'n')`).
pub(crate) const SUBSCRIPTION_HOLE: &str =
    "the id uses the subscription the template is deployed to, decided at deployment";
/// The hole for the resource group of an id built at deployment.
pub(crate) const RESOURCE_GROUP_HOLE: &str =
    "the id uses the resource group the template is deployed to, decided at deployment";
/// The hole for the management group of `managementGroupResourceId('T', 'n')`.
pub(crate) const MANAGEMENT_GROUP_HOLE: &str =
    "the id uses the management group the template is deployed to";

/// An evaluator's value as the shared code sees it.
pub(crate) enum Form<E> {
    /// A finished value (possibly unknown).
    Done(Val),
    /// A string with at least one [`Piece::Hole`], and its provenance.
    Partial(Vec<Piece>, Vec<Origin>),
    /// Anything the evaluator has not evaluated yet; only it knows what.
    Lazy(E),
}

/// What the ARM and Bicep evaluators' values have in common.
pub(crate) trait Value: Clone {
    fn done(v: Val) -> Self;
    fn partial(pieces: Vec<Piece>, origin: Vec<Origin>) -> Self;
    fn as_done(&self) -> Option<&Val>;
    fn as_partial(&self) -> Option<&[Piece]>;
    fn into_form(self) -> Form<Self>;
}

/// A value computed by the expression at `at`.
pub(crate) fn new<E: Value>(at: Loc, kind: ValKind) -> E {
    E::done(Val::new(kind, Some(at)))
}

/// An unknown value, and why, computed by the expression at `at`.
pub(crate) fn unknown<E: Value>(reason: impl Into<String>, at: Loc) -> E {
    E::done(Val::unknown(reason, Some(at)))
}

/// The finished string, if `ev` is one.
pub(crate) fn as_str<E: Value>(ev: &E) -> Option<&str> {
    ev.as_done().and_then(Val::as_str)
}

/// Whether `ev` is a finished `null`.
pub(crate) fn is_null<E: Value>(ev: &E) -> bool {
    matches!(ev.as_done(), Some(v) if v.kind == ValKind::Null)
}

/// Builds a string from pieces: a finished string when nothing is unknown.
pub(crate) fn from_pieces<E: Value>(pieces: Vec<Piece>, at: Loc) -> E {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(last)), Piece::Text(t)) => last.push_str(&t),
            (_, p) => merged.push(p),
        }
    }
    if merged.iter().all(|p| matches!(p, Piece::Text(_))) {
        let s = merged
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Hole(_) => String::new(),
            })
            .collect::<String>();
        new(at, ValKind::Str(s))
    } else {
        E::partial(merged, Vec::new())
    }
}

/// Appends the string pieces of a value: a finished scalar's text, a partial string's pieces;
/// `lazy` says what anything else is.
pub(crate) fn pieces_of<E: Value>(
    ev: E,
    out: &mut Vec<Piece>,
    lazy: impl FnOnce(E, &mut Vec<Piece>),
) {
    match ev.into_form() {
        Form::Done(v) => val_pieces(v, out),
        Form::Partial(p, _) => out.extend(p),
        Form::Lazy(l) => lazy(l, out),
    }
}

/// Appends the string pieces of a finished value (unknown parts become holes).
pub(crate) fn val_pieces(v: Val, out: &mut Vec<Piece>) {
    match v.kind {
        ValKind::Str(s) => out.push(Piece::Text(s)),
        ValKind::Num(n) => out.push(Piece::Text(number_text(n))),
        ValKind::Bool(b) => out.push(Piece::Text(bool_text(b).into())),
        ValKind::Unknown(r) => out.push(Piece::Hole(r)),
        ValKind::Null => {}
        other => out.push(Piece::Hole(format!(
            "a {} is not a string",
            type_name(&other)
        ))),
    }
}

/// The reason of the first unknown piece.
pub(crate) fn first_hole(pieces: &[Piece]) -> Option<&str> {
    pieces.iter().find_map(|p| match p {
        Piece::Hole(r) => Some(r.as_str()),
        Piece::Text(_) => None,
    })
}

/// A string with unknown pieces, finished: unknown with the reason of its first hole.
pub(crate) fn partial_to_val(pieces: &[Piece], origin: Vec<Origin>, at: Option<Loc>) -> Val {
    let mut v = Val::unknown(first_hole(pieces).unwrap_or("unknown"), at);
    v.origin = origin;
    // The text with its holes, so that the resolve layer can still follow an id with unknown
    // pieces (`${vnet.id}/subnets/x`).
    v.refers = Some(Box::new(Refers {
        text: Some(render(pieces)),
        ..Refers::default()
    }));
    v
}

/// The text of pieces, `\0` standing for each unknown piece.
pub(crate) fn render(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Hole(_) => s.push('\0'),
        }
    }
    s
}

/// The text of a string, with `\0` for unknown pieces; `None` for non-strings.
pub(crate) fn text_with_holes<E: Value>(ev: &E) -> Option<String> {
    match (ev.as_done(), ev.as_partial()) {
        (Some(v), _) => v.as_str().map(String::from),
        (_, Some(pieces)) => Some(render(pieces)),
        _ => None,
    }
}

/// The reason, if `ev` is unknown or a string with unknown pieces.
pub(crate) fn unknown_reason<E: Value>(ev: &E) -> Option<&str> {
    match (ev.as_done(), ev.as_partial()) {
        (Some(v), _) => v.unknown_reason(),
        (_, Some(pieces)) => first_hole(pieces),
        _ => None,
    }
}

/// The full name of a child resource, `parent/own`, from the two names.
pub(crate) fn child_name<E: Value>(
    parent: E,
    own: E,
    at: Loc,
    pieces_of: impl Fn(E, &mut Vec<Piece>),
) -> E {
    let mut pieces = Vec::new();
    pieces_of(parent, &mut pieces);
    pieces.push(Piece::Text("/".into()));
    pieces_of(own, &mut pieces);
    from_pieces(pieces, at)
}

/// The id of a resource declared in the template, deployed to the template's subscription and
/// resource group: its full type (`Microsoft.Network/virtualNetworks/subnets`) and name
/// (`vnet/sn`); `display` names it in the reason when the name's segments are unknown.
pub(crate) fn declared_resource_id<E: Value>(
    full_type: &str,
    name: E,
    display: impl Fn() -> String,
    at: Loc,
    pieces_of: impl Fn(E, &mut Vec<Piece>),
) -> E {
    let mut pieces = vec![
        Piece::Text("/subscriptions/".into()),
        Piece::Hole(SUBSCRIPTION_HOLE.into()),
        Piece::Text("/resourceGroups/".into()),
        Piece::Hole(RESOURCE_GROUP_HOLE.into()),
        Piece::Text("/providers/".into()),
    ];
    let mut segments = full_type.split('/');
    pieces.push(Piece::Text(segments.next().unwrap_or("").to_string()));
    let types: Vec<&str> = segments.collect();
    match text_with_holes(&name) {
        Some(n) if !n.contains('\0') && n.split('/').count() == types.len() => {
            for (t, n) in types.iter().zip(n.split('/')) {
                pieces.push(Piece::Text(format!("/{t}/{n}")));
            }
        }
        _ if types.len() == 1 => {
            pieces.push(Piece::Text(format!("/{}/", types[0])));
            pieces_of(name, &mut pieces);
        }
        _ => {
            for t in &types {
                pieces.push(Piece::Text(format!("/{t}/")));
                pieces.push(Piece::Hole(format!(
                    "the name of `{}` is not known statically",
                    display()
                )));
            }
        }
    }
    from_pieces(pieces, at)
}

/// The id of an element of a child collection read from a resource's body (`subnets[0].id`):
/// the resource's id followed by `/subnets/{name}`.
pub(crate) fn element_id<E: Value>(
    owner_id: E,
    collection: &str,
    name: Option<E>,
    at: Loc,
    pieces_of: impl Fn(E, &mut Vec<Piece>),
) -> E {
    let mut pieces = Vec::new();
    pieces_of(owner_id, &mut pieces);
    pieces.push(Piece::Text(format!("/{collection}/")));
    match name {
        Some(n) => pieces_of(n, &mut pieces),
        None => pieces.push(Piece::Hole(format!(
            "the element of `{collection}` has no name"
        ))),
    }
    from_pieces(pieces, at)
}

/// A short name for the kind of a value, for messages.
pub(crate) fn type_name(v: &ValKind) -> &'static str {
    match v {
        ValKind::Str(_) => "string",
        ValKind::Num(_) => "number",
        ValKind::Bool(_) => "boolean",
        ValKind::Null => "null",
        ValKind::List(_) => "array",
        ValKind::Map(_) => "object",
        ValKind::Unknown(_) => "unknown value",
    }
}

/// A number as ARM prints it: integers without a fraction.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A boolean as ARM prints it in a string.
pub(crate) fn bool_text(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Structural equality of values, as ARM's `equals()` and Bicep's `==`: strings
/// case-sensitively, object keys case-insensitively; provenance ignored.
pub(crate) fn equals(a: &Val, b: &Val) -> bool {
    match (&a.kind, &b.kind) {
        (ValKind::Str(x), ValKind::Str(y)) => x == y,
        (ValKind::Num(x), ValKind::Num(y)) => x == y,
        (ValKind::Bool(x), ValKind::Bool(y)) => x == y,
        (ValKind::Null, ValKind::Null) => true,
        (ValKind::List(x), ValKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equals(a, b))
        }
        (ValKind::Map(x), ValKind::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                        .is_some_and(|(_, v2)| equals(v, v2))
                })
        }
        _ => false,
    }
}

/// The first unknown among values.
pub(crate) fn first_unknown<'v>(vals: impl IntoIterator<Item = &'v Val>) -> Option<Val> {
    vals.into_iter().find(|v| v.is_unknown()).cloned()
}

/// The size of a value for a work budget: nodes, and string bytes by the 32.
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

/// [`weight`] of an evaluator's value (what is not evaluated yet weighs nothing).
pub(crate) fn ev_weight<E: Value>(ev: &E) -> u64 {
    match (ev.as_done(), ev.as_partial()) {
        (Some(v), _) => weight(v),
        (_, Some(pieces)) => pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => 1 + t.len() as u64 / 32,
                Piece::Hole(_) => 1,
            })
            .sum(),
        _ => 1,
    }
}

/// The reason of a value left unknown because the lowering spent its work budget.
pub(crate) const TOO_LARGE: &str = "the template is too large to evaluate fully";

/// The work one lowering may do, shared by both evaluators: a step per expression, and what a
/// function, an operator or a copy of a cached value builds (its [`weight`]), so that doubling
/// chains (`var a1 = '${a0}${a0}'`, `concat(variables('a0'), variables('a0'))`) stop early
/// instead of filling memory.
pub(crate) struct Budget {
    spent: std::cell::Cell<u64>,
}

impl Budget {
    /// The units of work a lowering may spend.
    const LIMIT: u64 = 500_000;

    pub(crate) fn new() -> Budget {
        Budget {
            spent: std::cell::Cell::new(0),
        }
    }

    /// Counts one step; `false` once the budget is spent.
    pub(crate) fn tick(&self) -> bool {
        self.charge(1)
    }

    /// Counts `n` units; `false` once the budget is spent.
    pub(crate) fn charge(&self, n: u64) -> bool {
        let total = self.spent.get().saturating_add(n);
        self.spent.set(total);
        total <= Self::LIMIT
    }

    /// `ev` if what it weighs fits in the budget, else unknown ([`TOO_LARGE`]).
    pub(crate) fn charged<E: Value>(&self, ev: E, at: Loc) -> E {
        if self.charge(ev_weight(&ev)) {
            ev
        } else {
            unknown(TOO_LARGE, at)
        }
    }
}

/// Values computed once (a parameter, a variable, a resource's location), and the guard
/// against computing one inside itself. Shared by both evaluators.
pub(crate) struct Memo<K, E> {
    done: std::cell::RefCell<rustc_hash::FxHashMap<K, E>>,
    in_progress: std::cell::RefCell<rustc_hash::FxHashSet<K>>,
}

impl<K: Eq + std::hash::Hash + Clone, E: Value + Clone> Memo<K, E> {
    pub(crate) fn new() -> Self {
        Memo {
            done: Default::default(),
            in_progress: Default::default(),
        }
    }

    /// The value of `key` used at `at`: computed by `compute` the first time, a copy after
    /// (which costs its weight). `None` when `key` is being computed: a cycle.
    pub(crate) fn get_or_compute(
        &self,
        key: K,
        at: Loc,
        budget: &Budget,
        compute: impl FnOnce() -> E,
    ) -> Option<E> {
        if let Some(v) = self.done.borrow().get(&key) {
            if !budget.charge(ev_weight(v)) {
                return Some(unknown(TOO_LARGE, at));
            }
            return Some(relocate(v.clone(), at));
        }
        if !self.in_progress.borrow_mut().insert(key.clone()) {
            return None;
        }
        let v = compute();
        self.in_progress.borrow_mut().remove(&key);
        self.done.borrow_mut().insert(key, v.clone());
        Some(relocate(v, at))
    }
}

/// A value used at another place than where it was computed: a finished value's `loc` is
/// where it is used now.
pub(crate) fn relocate<E: Value>(ev: E, at: Loc) -> E {
    match ev.into_form() {
        Form::Done(mut v) => {
            v.loc = Some(at);
            E::done(v)
        }
        Form::Partial(pieces, origin) => E::partial(pieces, origin),
        Form::Lazy(lazy) => lazy,
    }
}
