//! The value being evaluated: a [`Val`] in the making, which also remembers which resource
//! attribute it was read from and whether an unknown value is an evaluation error (which
//! `try` skips) or merely not knowable here.

use super::*;

/// A value being evaluated.
#[derive(Clone, Debug)]
pub(in crate::model::terraform) struct Ev {
    pub kind: EvKind,
    /// The expression that produced it.
    pub loc: Option<Loc>,
    /// The string literal it was copied from unchanged.
    pub literal: Option<Loc>,
    /// Provenance, nearest first.
    pub origin: Vec<Origin>,
    /// The resource attribute this value was read from.
    pub reference: Option<Box<ResRef>>,
    /// Nodes in this value (for the fuel budget).
    pub(super) size: u32,
}

#[derive(Clone, Debug)]
pub(in crate::model::terraform) enum EvKind {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Ev>),
    Map(Vec<(String, Ev)>),
    /// `error`: the expression is wrong (missing attribute, bad type), as opposed to a value
    /// only known when Terraform runs.
    Unknown {
        reason: String,
        error: bool,
    },
}

/// Attribute `attr` of resource `res` (`attr` is empty for the whole resource), or of a data
/// source (`res` is `None`), and the keys read beneath it when its value is unknown
/// (`app_role_ids["User.Read.All"]`).
#[derive(Clone, Debug, PartialEq)]
pub(in crate::model::terraform) struct ResRef {
    pub res: Option<ResIdx>,
    /// Which instance of `res` (with `count` or `for_each`); `None`: any of them.
    pub instance: Option<u32>,
    pub attr: String,
    pub keys: Vec<String>,
}

impl ResRef {
    pub(in crate::model::terraform) fn new(
        res: ResIdx,
        instance: Option<u32>,
        attr: &str,
    ) -> Box<ResRef> {
        Box::new(ResRef {
            res: Some(res),
            instance,
            attr: attr.to_string(),
            keys: Vec::new(),
        })
    }
}

impl Ev {
    pub fn new(kind: EvKind, loc: Option<Loc>) -> Ev {
        let size = match &kind {
            EvKind::List(items) => items.iter().fold(1u32, |s, i| s.saturating_add(i.size)),
            EvKind::Map(members) => members.iter().fold(1u32, |s, (k, v)| {
                s.saturating_add(v.size).saturating_add(k.len() as u32 / 64)
            }),
            EvKind::Str(s) => 1 + (s.len() / 64) as u32,
            _ => 1,
        };
        if size > MAX_NODES {
            return Ev::unknown("the value is too large to evaluate", loc);
        }
        Ev {
            kind,
            loc,
            literal: None,
            origin: Vec::new(),
            reference: None,
            size,
        }
    }

    /// Not knowable statically (decided when Terraform runs).
    pub fn unknown(reason: impl Into<String>, loc: Option<Loc>) -> Ev {
        Ev::new(
            EvKind::Unknown {
                reason: reason.into(),
                error: false,
            },
            loc,
        )
    }

    /// The expression is wrong: Terraform would reject it.
    pub fn error(reason: impl Into<String>, loc: Option<Loc>) -> Ev {
        Ev::new(
            EvKind::Unknown {
                reason: reason.into(),
                error: true,
            },
            loc,
        )
    }

    pub(super) fn str(s: String, loc: Option<Loc>) -> Ev {
        if s.len() > MAX_STRING {
            return Ev::unknown("the string is too long to evaluate", loc);
        }
        Ev::new(EvKind::Str(s), loc)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, EvKind::Unknown { .. })
    }

    pub(super) fn is_error(&self) -> bool {
        matches!(self.kind, EvKind::Unknown { error: true, .. })
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            EvKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Member `key` of a map (exact, as Terraform compares attribute names).
    pub fn get(&self, key: &str) -> Option<&Ev> {
        match &self.kind {
            EvKind::Map(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The same value, written at `loc`.
    pub(super) fn at(mut self, loc: Option<Loc>) -> Ev {
        self.loc = loc;
        self
    }

    /// A value computed from this one: not a literal any more, not a resource attribute.
    pub(super) fn computed(mut self) -> Ev {
        self.literal = None;
        self.reference = None;
        self
    }

    pub(super) fn with_origin_of(mut self, inputs: &[&Ev]) -> Ev {
        for i in inputs {
            merge_origins(&mut self.origin, &i.origin);
        }
        self
    }

    /// The model value, references to resources as the model resources `ids` gives for a
    /// resource instance.
    pub fn to_val(&self, ids: &dyn Fn(ResIdx, Option<u32>) -> Vec<ResourceId>) -> Val {
        let kind = match &self.kind {
            EvKind::Str(s) => ValKind::Str(s.clone()),
            EvKind::Num(n) => ValKind::Num(*n),
            EvKind::Bool(b) => ValKind::Bool(*b),
            EvKind::Null => ValKind::Null,
            EvKind::List(items) => ValKind::List(items.iter().map(|i| i.to_val(ids)).collect()),
            EvKind::Map(members) => ValKind::Map(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_val(ids)))
                    .collect(),
            ),
            EvKind::Unknown { reason, .. } => ValKind::Unknown(reason.clone()),
        };
        let refers = self.reference.as_ref().map(|r| {
            let mut path = Vec::with_capacity(1 + r.keys.len());
            if !r.attr.is_empty() {
                path.push(r.attr.clone());
            }
            path.extend(r.keys.iter().cloned());
            Box::new(Refers {
                resources: r.res.map(|res| ids(res, r.instance)).unwrap_or_default(),
                path,
                text: None,
            })
        });
        Val {
            kind,
            loc: self.loc,
            literal: self.literal,
            origin: self.origin.clone(),
            refers,
        }
    }

    pub(super) fn type_name(&self) -> &'static str {
        match self.kind {
            EvKind::Str(_) => "a string",
            EvKind::Num(_) => "a number",
            EvKind::Bool(_) => "a bool",
            EvKind::Null => "null",
            EvKind::List(_) => "a list",
            EvKind::Map(_) => "an object",
            EvKind::Unknown { .. } => "unknown",
        }
    }
}

/// Most provenance steps kept for one value: a value computed from many inputs lists the first
/// ones (a string doubled at every step would otherwise double its chain too).
const MAX_ORIGINS: usize = 16;

/// Appends the steps of `src` not already in `dst`, up to [`MAX_ORIGINS`].
pub(super) fn merge_origins(dst: &mut Vec<Origin>, src: &[Origin]) {
    for o in src {
        if dst.len() >= MAX_ORIGINS {
            return;
        }
        if !dst.contains(o) {
            dst.push(o.clone());
        }
    }
}

/// Deep equality of known values; `None` when an unknown is involved.
pub(super) fn same(a: &Ev, b: &Ev) -> Option<bool> {
    Some(match (&a.kind, &b.kind) {
        (EvKind::Unknown { .. }, _) | (_, EvKind::Unknown { .. }) => return None,
        (EvKind::Str(x), EvKind::Str(y)) => x == y,
        (EvKind::Num(x), EvKind::Num(y)) => x == y,
        (EvKind::Bool(x), EvKind::Bool(y)) => x == y,
        (EvKind::Null, EvKind::Null) => true,
        (EvKind::List(x), EvKind::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (i, j) in x.iter().zip(y) {
                if !same(i, j)? {
                    return Some(false);
                }
            }
            true
        }
        (EvKind::Map(x), EvKind::Map(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (k, v) in x {
                match b.get(k) {
                    Some(w) => {
                        if !same(v, w)? {
                            return Some(false);
                        }
                    }
                    None => return Some(false),
                }
            }
            true
        }
        _ => false,
    })
}

/// A number as Terraform writes it in a string.
pub(super) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
