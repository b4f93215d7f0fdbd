//! Resource loops over known arrays: `resource r 'T' = [for (p, i) in list: {...}]` is one
//! resource per element, each with its loop variables bound (Bicep deploys one resource per
//! iteration). A loop whose array is not known stays one resource whose loop variables are
//! unknown ("varies per iteration"). `r[i]` is the `i`th iteration's resource.
//!
//! Only loops of top-level resources without nested resources are expanded; the first
//! iteration keeps the symbol's resource, the others are appended.

use super::*;

/// Most resources one loop is expanded into.
const MAX_INSTANCES: usize = 100;

impl<'a> Ctx<'a> {
    /// Expands every resource loop over a known array, once every unit is known.
    pub(super) fn expand_loops(&mut self) {
        let declared = self.res.len();
        let mut expanded = false;
        for r in 0..declared {
            let (unit, value) = (self.res[r].unit, self.res[r].value);
            if self.res[r].parent.is_some() || !self.res[r].children.is_empty() {
                continue;
            }
            let Some(ExprKind::For {
                item,
                index,
                iterable,
                ..
            }) = value.map(|v| &v.kind)
            else {
                continue;
            };
            let env = Env::new(unit);
            let list = self.force(self.eval(iterable, &env), None);
            let ValKind::List(items) = list.kind else {
                continue;
            };
            if items.is_empty() || items.len() > MAX_INSTANCES {
                continue;
            }
            let file = self.file_of(unit);
            let mut ids = Vec::with_capacity(items.len());
            for (i, mut it) in items.into_iter().enumerate() {
                if it.origin.is_empty() {
                    it.origin = list.origin.clone();
                }
                let mut bound = Vec::new();
                if let (Some(n), Some(at)) = (item, it.loc) {
                    it.origin.insert(
                        0,
                        Origin {
                            loc: at,
                            note: format!("'{}' in iteration {i} of the loop", n.name),
                        },
                    );
                }
                if let Some(n) = item {
                    bound.push((n.name.clone(), it));
                }
                if let Some(n) = index {
                    let at = loc(file, n.range);
                    bound.push((n.name.clone(), Val::new(ValKind::Num(i as f64), Some(at))));
                }
                let id = if i == 0 {
                    r
                } else {
                    self.res.push(self.res[r].clone());
                    self.res.len() - 1
                };
                self.res[id].bound = bound;
                self.res[id].instance = Some(i);
                ids.push(id);
            }
            self.res[r].instances = ids;
            expanded = true;
        }
        if expanded {
            // Values computed while the loops' arrays were evaluated saw unbound variables.
            self.memo = Memo::new();
        }
    }

    /// `r[i]` of a resource loop: the `i`th iteration's resource, when the loop is expanded.
    pub(super) fn instance(&self, r: ResId, i: f64, at: Loc) -> Ev<'a> {
        let res = &self.res[r];
        if res.instances.is_empty() {
            return Ev::unknown(
                format!("'{}' is not a resource loop over a known array", res.symbol),
                at,
            );
        }
        match res.instances.get(i as usize).filter(|_| i >= 0.0) {
            Some(&id) => Ev::Res {
                res: id,
                path: Vec::new(),
            },
            None => Ev::unknown(format!("index {i} is out of range"), at),
        }
    }
}
