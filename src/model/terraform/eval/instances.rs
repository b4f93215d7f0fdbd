//! The instances of a resource or module call with `count` or `for_each`, and the values of
//! `count.index`, `each.key` and `each.value` in one of them.
//!
//! Terraform makes one instance per element: `count = 2` gives `[0]` and `[1]`, `for_each`
//! over a map or object one per key, over a set of strings one per string
//! (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each). When the
//! collection is known, each instance is evaluated with its own key; when it is not, one
//! instance stands for all and what depends on the key is unknown, with the reason.

use std::rc::Rc;

use super::*;

/// Most instances one `count` or `for_each` is expanded to: a bound on the work one hostile
/// value can cause (real configurations make a few dozen).
const MAX_INSTANCES: usize = 1_000;

/// The instances of a resource or module call.
#[derive(Clone, Debug)]
pub(in crate::model::terraform) enum Instances {
    /// No `count` or `for_each`: one instance, unkeyed.
    Single,
    /// The keys, in Terraform's order (indices; map keys and set elements sorted).
    Keys(Rc<[InstKey]>),
    /// The collection is not known: one instance stands for all.
    Unknown(String),
}

impl<'m, 'a> Evaluator<'m, 'a> {
    /// The instances of resource `res`.
    pub fn resource_instances(&mut self, res: ResIdx) -> Instances {
        if let Some(i) = self.instances.get(&res) {
            return i.clone();
        }
        let r = &self.m.resources[res];
        let instances = if r.has_count {
            let v = self.resource_attr_raw(res, None, "count");
            count_keys(&v)
        } else if r.has_for_each {
            let v = self.resource_attr_raw(res, None, "for_each");
            for_each_keys(&v)
        } else {
            Instances::Single
        };
        self.instances.insert(res, instances.clone());
        instances
    }

    /// The instances of call `call` of module `module`, its `count` or `for_each` evaluated in
    /// that module.
    pub fn call_instances(&mut self, module: InstIdx, call: usize) -> Instances {
        let decl = &self.m.modules[module].calls[call];
        let ctx = Ctx {
            call: Some(call),
            ..Ctx::in_module(decl.file, module)
        };
        if let Some(a) = decl.block.body.attribute("count") {
            count_keys(&self.eval(&a.expr, ctx, &mut Vec::new()))
        } else if let Some(a) = decl.block.body.attribute("for_each") {
            for_each_keys(&self.eval(&a.expr, ctx, &mut Vec::new()))
        } else {
            Instances::Single
        }
    }

    /// The instance of resource `res` that `key` (`azurerm_x.y[key]`) names, when known.
    pub(super) fn instance_of(&mut self, res: ResIdx, key: &Ev) -> Option<u32> {
        let Instances::Keys(keys) = self.resource_instances(res) else {
            return None;
        };
        position(&keys, key)
    }

    /// `count.index`, `each.key` or `each.value` (`what`) in `ctx`, when `ctx` is one known
    /// instance; `None` when it is not.
    pub(super) fn instance_value(&mut self, what: &str, ctx: Ctx, loc: Option<Loc>) -> Option<Ev> {
        let (key, collection) = if let (Some(res), Some(i)) = (ctx.resource, ctx.instance) {
            let Instances::Keys(keys) = self.resource_instances(res) else {
                return None;
            };
            let key = keys.get(i as usize)?.clone();
            let r = &self.m.resources[res];
            let address = format!("{}{}", r.address, key.suffix());
            let collection =
                (what == "value").then(|| self.resource_attr_raw(res, None, "for_each"));
            (key, collection.map(|c| (c, address)))
        } else if let (Some(call), Some(callee)) = (ctx.call, ctx.callee) {
            let key = self.m.modules[callee].key.clone()?;
            let decl = &self.m.modules[ctx.module].calls[call];
            let address = format!("module `{}{}`", decl.name, key.suffix());
            let collection = match (what, decl.block.body.attribute("for_each")) {
                ("value", Some(a)) => {
                    let c = Ctx {
                        callee: None,
                        ..ctx
                    };
                    Some((self.eval(&a.expr, c, &mut Vec::new()), address))
                }
                _ => None,
            };
            (key, collection)
        } else {
            return None;
        };
        Some(match (what, key) {
            ("index", InstKey::Index(i)) => Ev::new(EvKind::Num(f64::from(i)), loc),
            ("key", InstKey::Key(k)) => Ev::str(k, loc),
            ("value", InstKey::Key(k)) => {
                let (collection, address) = collection?;
                let mut v = element(collection, &k).at(loc);
                v.origin.insert(
                    0,
                    Origin {
                        loc: loc?,
                        note: format!("each.value of {address}"),
                    },
                );
                v
            }
            _ => return None,
        })
    }
}

/// The element of a `for_each` collection with key `key`: a map's value, or a set's string,
/// with the collection's provenance after its own.
fn element(collection: Ev, key: &str) -> Ev {
    let origin = collection.origin;
    let mut v = match collection.kind {
        EvKind::Map(members) => members
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| Ev::error(format!("for_each has no key `{key}`"), None)),
        EvKind::List(items) => items
            .into_iter()
            .find(|i| i.as_str() == Some(key))
            .unwrap_or_else(|| Ev::error(format!("for_each has no element `{key}`"), None)),
        _ => Ev::error("for_each is neither a map nor a set", None),
    };
    v.origin.extend(origin);
    v
}

/// The instance key a value names (`[0]`, `["k"]`), when it can name one.
pub(super) fn key_of(key: &Ev) -> Option<InstKey> {
    match &key.kind {
        EvKind::Num(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
            Some(InstKey::Index(*n as u32))
        }
        EvKind::Str(s) => Some(InstKey::Key(s.clone())),
        _ => None,
    }
}

/// The position of the instance `key` names among `keys`.
fn position(keys: &[InstKey], key: &Ev) -> Option<u32> {
    let wanted = key_of(key)?;
    keys.iter().position(|k| *k == wanted).map(|p| p as u32)
}

fn unknown_reason(v: &Ev) -> Option<String> {
    match &v.kind {
        EvKind::Unknown { reason, .. } => Some(reason.clone()),
        _ => None,
    }
}

/// The instances `count = v` makes.
fn count_keys(v: &Ev) -> Instances {
    if let Some(reason) = unknown_reason(v) {
        return Instances::Unknown(format!("count is not known: {reason}"));
    }
    match v.kind {
        EvKind::Num(n) if n.fract() == 0.0 && n >= 0.0 => {
            if n > MAX_INSTANCES as f64 {
                return Instances::Unknown(format!(
                    "count is {n}: more than {MAX_INSTANCES} instances are not expanded"
                ));
            }
            Instances::Keys((0..n as u32).map(InstKey::Index).collect())
        }
        _ => Instances::Unknown(format!(
            "count must be a whole number, not {}",
            v.type_name()
        )),
    }
}

/// The instances `for_each = v` makes: one per key of a map or object, one per string of a
/// set, sorted as Terraform orders them.
fn for_each_keys(v: &Ev) -> Instances {
    if let Some(reason) = unknown_reason(v) {
        return Instances::Unknown(format!("for_each is not known: {reason}"));
    }
    let mut keys: Vec<String> = match &v.kind {
        EvKind::Map(members) => members.iter().map(|(k, _)| k.clone()).collect(),
        EvKind::List(items) => {
            let mut keys = Vec::with_capacity(items.len());
            for item in items {
                match &item.kind {
                    EvKind::Str(s) => keys.push(s.clone()),
                    EvKind::Unknown { reason, .. } => {
                        return Instances::Unknown(format!("for_each is not known: {reason}"))
                    }
                    _ => {
                        return Instances::Unknown(format!(
                            "for_each over a set needs strings, not {}",
                            item.type_name()
                        ))
                    }
                }
            }
            keys
        }
        _ => {
            return Instances::Unknown(format!(
                "for_each must be a map or a set of strings, not {}",
                v.type_name()
            ))
        }
    };
    if keys.len() > MAX_INSTANCES {
        return Instances::Unknown(format!(
            "for_each has {} elements: more than {MAX_INSTANCES} instances are not expanded",
            keys.len()
        ));
    }
    keys.sort();
    keys.dedup();
    Instances::Keys(keys.into_iter().map(InstKey::Key).collect())
}
