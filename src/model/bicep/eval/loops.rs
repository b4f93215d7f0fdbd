//! Resource and module loops over known arrays: `resource r 'T' = [for (p, i) in list: {...}]`
//! is one resource per element, each with its loop variables bound (Bicep deploys one resource
//! per iteration), and `module m 'x.bicep' = [for p in list: {...}]` one unit per element, the
//! parameters passed evaluated with that element. A loop whose array is not known stays one
//! resource (or unit) whose loop variables are unknown ("varies per iteration"). `r[i]` is
//! the `i`th iteration's resource.
//!
//! Only loops of top-level resources without nested resources are expanded; the first
//! iteration keeps the symbol's resource (or unit), the others are appended.

use super::*;

/// Most resources (or module units) one loop is expanded into.
const MAX_INSTANCES: usize = 100;
/// Most resources of a project, loops expanded.
const MAX_RESOURCES: usize = 5_000;

/// What a loop goes over.
enum Iterations {
    /// The elements of a known array, each as the loop variables' values.
    Known(Vec<Vec<(String, Val)>>),
    /// An array not known: the loop variables, unknown with the array's reason.
    Unknown(Vec<(String, Val)>),
    /// Not a loop, or one not expanded (an empty or too long array, not an array).
    Not,
}

/// The iterations of a loop `[for (item, index) in iterable: ...]` written in `unit`.
fn iterations<'a>(ctx: &Ctx<'a>, unit: UnitId, value: Option<&'a Expr>) -> Iterations {
    let Some(ExprKind::For {
        item,
        index,
        iterable,
        ..
    }) = value.map(|v| &v.kind)
    else {
        return Iterations::Not;
    };
    let env = Env::new(unit);
    let list = ctx.force(ctx.eval(iterable, &env), None);
    let file = ctx.file_of(unit);
    let items = match list.kind {
        ValKind::List(items) => items,
        ValKind::Unknown(why) => {
            let vars = [item, index].into_iter().flatten().map(|n| {
                let mut v = Val::unknown(
                    format!(
                        "`{}` varies per iteration of the loop, over an array not known: {why}",
                        n.name
                    ),
                    Some(loc(file, n.range)),
                );
                v.origin = list.origin.clone();
                (n.name.clone(), v)
            });
            return Iterations::Unknown(vars.collect());
        }
        _ => return Iterations::Not,
    };
    if items.is_empty() || items.len() > MAX_INSTANCES {
        return Iterations::Not;
    }
    let file = ctx.file_of(unit);
    let mut out = Vec::with_capacity(items.len());
    for (i, mut it) in items.into_iter().enumerate() {
        if it.origin.is_empty() {
            it.origin = list.origin.clone();
        }
        let mut bound = Vec::new();
        if let Some(n) = item {
            if let Some(at) = it.loc {
                it.origin.insert(
                    0,
                    Origin {
                        loc: at,
                        note: format!("`{}` in iteration {i} of the loop", n.name),
                    },
                );
            }
            bound.push((n.name.clone(), it));
        }
        if let Some(n) = index {
            let at = loc(file, n.range);
            bound.push((n.name.clone(), Val::new(ValKind::Num(i as f64), Some(at))));
        }
        out.push(bound);
    }
    Iterations::Known(out)
}

impl<'a> Ctx<'a> {
    /// Expands every module and resource loop over a known array, once every unit is known.
    pub(super) fn expand_loops(&mut self) {
        let mut expanded = self.expand_module_loops();
        let declared = self.res.len();
        for r in 0..declared {
            let (unit, value) = (self.res[r].unit, self.res[r].value);
            if self.res[r].parent.is_some() || !self.res[r].children.is_empty() {
                continue;
            }
            let runs = match iterations(self, unit, value) {
                Iterations::Known(runs) if self.res.len() + runs.len() <= MAX_RESOURCES => runs,
                Iterations::Unknown(vars) => {
                    self.res[r].bound = vars;
                    expanded = true;
                    continue;
                }
                _ => continue,
            };
            let mut ids = Vec::with_capacity(runs.len());
            for (i, bound) in runs.into_iter().enumerate() {
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

    /// Module loops: the unit of the statement is the first iteration, a unit is added for
    /// each other (with its resources and modules). Units added are expanded in turn.
    fn expand_module_loops(&mut self) -> bool {
        let mut expanded = false;
        let mut u = 0;
        while u < self.units.len() {
            let Some(c) = self.units[u]
                .caller
                .as_ref()
                .filter(|c| c.instance.is_none())
            else {
                u += 1;
                continue;
            };
            let runs = match iterations(self, c.unit, c.value) {
                Iterations::Known(runs) => runs,
                Iterations::Unknown(vars) => {
                    if let Some(c) = self.units[u].caller.as_mut() {
                        c.bound = vars;
                    }
                    expanded = true;
                    self.memo = Memo::new();
                    u += 1;
                    continue;
                }
                Iterations::Not => {
                    u += 1;
                    continue;
                }
            };
            let (file, ast, depth) = (self.units[u].file, self.units[u].ast, self.units[u].depth);
            let template = c.clone();
            for (i, bound) in runs.into_iter().enumerate() {
                let caller = Caller {
                    bound,
                    instance: Some(i),
                    ..template.clone()
                };
                if i == 0 {
                    self.units[u].caller = Some(caller);
                } else if self.units.len() < MAX_UNITS {
                    self.add_unit(file, ast, Some(caller), depth, self.parsed);
                }
            }
            expanded = true;
            // The values memoised while evaluating the array saw unbound variables.
            self.memo = Memo::new();
            u += 1;
        }
        expanded
    }

    /// `r[i]` of a resource loop: the `i`th iteration's resource, when the loop is expanded.
    pub(super) fn instance(&self, r: ResId, i: f64, at: Loc) -> Ev<'a> {
        let res = &self.res[r];
        if res.instances.is_empty() {
            return Ev::unknown(
                format!("`{}` is not a resource loop over a known array", res.symbol),
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
