//! Evaluation of Bicep expressions with provenance, and the resources it yields.
//!
//! [`Ev`] mirrors the ARM evaluator's value: a finished [`Val`], a string with unknown pieces
//! (so `'${vnet.id}/subnets/x'` still names the VNet; see [`value`]), a resource symbol or a
//! path into a resource's body not evaluated yet (so `vnet.properties.subnets[0].id` can be
//! derived), or the outputs of a module. Functions and the operators that are ARM functions
//! (`==`, `?:`, `&&`, `+`, `??`, `.?`...) are the shared [`library`]'s.

use rustc_hash::FxHashMap as HashMap;
use std::cell::Cell;
use std::sync::Arc;

use crate::model::arm::library::{self, Args, Callee, Dialect};
use crate::model::arm::value::{self, type_name, Budget, Form, Memo, Piece, Value};
use crate::model::{
    Declaration, FileId, Loc, Origin, Project, RawResource, Step, TypeRef, Val, ValKind,
};
use crate::syntax::bicep::{self as ast, BinOp, Expr, ExprKind, Part, Prop, Stmt, StmtKind};
use crate::syntax::TextRange;

// Expressions: values, members, parameters, operators and calls.
mod expressions;
use expressions::unwrap_body;
// Lambda functions: `filter`, `map`, `reduce`...
mod lambdas;
// Resource loops over known arrays: one resource per element.
mod loops;
// Values of resources: names, ids, bodies, members.
mod resources;
// The arguments of a call, for the function library.
mod args;

pub(super) type UnitId = usize;
pub(super) type ResId = usize;

const MAX_DEPTH: u32 = 96;
const MAX_UNITS: usize = 400;
const MAX_LOOP_ITEMS: usize = 1_000;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug)]
pub(super) enum Ev<'a> {
    V(Val),
    /// An object or array expression not evaluated yet, where it is evaluated, and how it
    /// was reached (nearest first).
    Syn(&'a Expr, Env<'a>, Vec<Origin>),
    Part(Vec<Piece>, Vec<Origin>),
    /// A resource (empty path) or a place in its body.
    Res {
        res: ResId,
        path: Vec<Seg>,
    },
    /// A module symbol (`outputs: false`) or its `outputs`.
    Outputs {
        /// The module's unit, or why it has none.
        unit: Result<UnitId, Arc<str>>,
        module: String,
        outputs: bool,
    },
}

impl<'a> Value for Ev<'a> {
    fn done(v: Val) -> Self {
        Ev::V(v)
    }

    fn partial(pieces: Vec<Piece>, origin: Vec<Origin>) -> Self {
        Ev::Part(pieces, origin)
    }

    fn as_done(&self) -> Option<&Val> {
        match self {
            Ev::V(v) => Some(v),
            _ => None,
        }
    }

    fn as_partial(&self) -> Option<&[Piece]> {
        match self {
            Ev::Part(pieces, _) => Some(pieces),
            _ => None,
        }
    }

    fn into_form(self) -> Form<Self> {
        match self {
            Ev::V(v) => Form::Done(v),
            Ev::Part(pieces, origin) => Form::Partial(pieces, origin),
            lazy => Form::Lazy(lazy),
        }
    }
}

impl<'a> Ev<'a> {
    fn unknown(reason: impl Into<String>, at: Loc) -> Ev<'a> {
        value::unknown(reason, at)
    }

    fn with_origin(self, step: Origin) -> Ev<'a> {
        match self {
            Ev::Syn(e, env, mut o) => {
                o.insert(0, step);
                Ev::Syn(e, env, o)
            }
            Ev::V(mut v) => {
                v.origin.insert(0, step);
                Ev::V(v)
            }
            Ev::Part(p, mut o) => {
                o.insert(0, step);
                Ev::Part(p, o)
            }
            other => other,
        }
    }

    /// The text of a string, `\0` for each unknown piece.
    fn text_with_holes(&self) -> Option<String> {
        value::text_with_holes(self)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Param(UnitId, String),
    Var(UnitId, String),
    Output(UnitId, String),
    Body(ResId),
    Name(ResId),
    Location(ResId),
}

/// Where an expression is evaluated: its unit, and the loop and lambda variables bound.
#[derive(Clone, Debug)]
pub(super) struct Env<'a> {
    unit: UnitId,
    locals: Vec<(String, Ev<'a>)>,
}

impl<'a> Env<'a> {
    fn new(unit: UnitId) -> Env<'a> {
        Env {
            unit,
            locals: Vec::new(),
        }
    }

    fn bind(&self, name: &str, v: Ev<'a>) -> Env<'a> {
        let mut e = self.clone();
        e.locals.push((name.to_string(), v));
        e
    }

    /// Loop variables of a resource or module loop: unknown per iteration.
    fn with_loop_vars(mut self, vars: &[(String, Loc)]) -> Env<'a> {
        for (name, at) in vars {
            self.locals.push((
                name.clone(),
                Ev::unknown(format!("`{name}` varies per iteration of the loop"), *at),
            ));
        }
        self
    }
}

/// The module statement that instantiated a unit.
#[derive(Clone)]
struct Caller<'a> {
    unit: UnitId,
    name: &'a str,
    params: Option<&'a Expr>,
    loop_vars: Vec<(String, Loc)>,
    /// The value written after `=` (a loop, a condition or the body).
    value: Option<&'a Expr>,
    /// The loop variables' values in one iteration of a module loop over a known array, and
    /// which iteration.
    bound: Vec<(String, Val)>,
    instance: Option<usize>,
}

struct Unit<'a> {
    file: FileId,
    ast: &'a ast::File,
    /// How many module statements lead here from the main file.
    depth: usize,
    params: HashMap<&'a str, &'a Stmt>,
    vars: HashMap<&'a str, &'a Expr>,
    outputs: HashMap<&'a str, &'a Expr>,
    resources: HashMap<&'a str, ResId>,
    modules: HashMap<&'a str, Result<UnitId, Arc<str>>>,
    caller: Option<Caller<'a>>,
    /// The `.bicepparam` unit whose values apply (main unit only).
    param_file: Option<UnitId>,
}

#[derive(Clone)]
struct Res<'a> {
    unit: UnitId,
    symbol: &'a str,
    symbol_range: TextRange,
    type_written: String,
    arm_type: String,
    type_expr: &'a Expr,
    existing: bool,
    body: Option<&'a Expr>,
    /// The value written after `=` (a loop, a condition or the body).
    value: Option<&'a Expr>,
    loop_vars: Vec<(String, Loc)>,
    /// The loop variables' values in one iteration of a loop over a known array.
    bound: Vec<(String, Val)>,
    /// Which iteration this resource is, and every iteration's resource (on the first).
    instance: Option<usize>,
    instances: Vec<ResId>,
    parent: Option<ResId>,
    children: HashMap<&'a str, ResId>,
}

/// A module statement whose module is a compiled template from the registry cache.
pub(super) struct RegistryCall<'a> {
    pub file: FileId,
    caller: Caller<'a>,
}

/// The registry modules a file uses (by the file and the path as written): the compiled
/// template read from the restore cache, or why it is not followed.
pub(super) type RemoteModules = HashMap<(FileId, String), Result<FileId, String>>;

pub(super) struct Ctx<'a> {
    project: &'a Project,
    parsed: &'a [(FileId, ast::File)],
    remote: &'a RemoteModules,
    /// The module statements that use a registry module read from the cache.
    pub registry_calls: Vec<RegistryCall<'a>>,
    units: Vec<Unit<'a>>,
    res: Vec<Res<'a>>,
    /// Parameters, variables and module outputs, each evaluated once.
    memo: Memo<Key, Ev<'a>>,
    budget: Budget,
    depth: Cell<u32>,
}

/// A walk into a resource: the expression as written while still inside it, else a value
/// and the place that led out.
enum Cursor<'a> {
    Syn(&'a Expr, UnitId),
    Val(Ev<'a>, Loc),
}

fn loc(file: FileId, range: TextRange) -> Loc {
    Loc { file, range }
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        project: &'a Project,
        parsed: &'a [(FileId, ast::File)],
        params: Option<&'a (FileId, ast::File)>,
        remote: &'a RemoteModules,
    ) -> Ctx<'a> {
        let mut ctx = Ctx {
            project,
            parsed,
            remote,
            registry_calls: Vec::new(),
            units: Vec::new(),
            res: Vec::new(),
            memo: Memo::new(),
            budget: Budget::new(),
            depth: Cell::new(0),
        };
        let param_unit = params.map(|(file, f)| ctx.add_unit(*file, f, None, 0, parsed));
        if let Some((main, f)) = parsed.first() {
            let u = ctx.add_unit(*main, f, None, 0, parsed);
            ctx.units[u].param_file = param_unit;
        }
        ctx.expand_loops();
        ctx
    }

    /// Adds a unit for a file and, recursively, for its local modules.
    fn add_unit(
        &mut self,
        file: FileId,
        f: &'a ast::File,
        caller: Option<Caller<'a>>,
        depth: usize,
        parsed: &'a [(FileId, ast::File)],
    ) -> UnitId {
        let id = self.units.len();
        self.units.push(Unit {
            file,
            ast: f,
            depth,
            params: HashMap::default(),
            vars: HashMap::default(),
            outputs: HashMap::default(),
            resources: HashMap::default(),
            modules: HashMap::default(),
            caller,
            param_file: None,
        });
        let mut module_stmts = Vec::new();
        for s in &f.stmts {
            match &s.kind {
                StmtKind::Param { name, .. } => {
                    self.units[id].params.insert(&name.name, s);
                }
                StmtKind::Var {
                    name,
                    value: Some(v),
                } => {
                    self.units[id].vars.insert(&name.name, v);
                }
                StmtKind::Output {
                    name,
                    value: Some(v),
                } => {
                    self.units[id].outputs.insert(&name.name, v);
                }
                StmtKind::Resource { .. } => {
                    self.add_resource(id, file, s, None, Vec::new());
                }
                StmtKind::Module { name, path, value } => {
                    module_stmts.push((name, path, value));
                }
                _ => {}
            }
        }
        // `parent:` properties, now that every symbol of the unit is known.
        let own: Vec<ResId> = (0..self.res.len())
            .filter(|&r| self.res[r].unit == id && self.res[r].parent.is_none())
            .collect();
        for r in own {
            let parent = self.res[r]
                .body
                .and_then(|b| b.member("parent"))
                .and_then(|p| match &p.kind {
                    ExprKind::Ident(n) => self.units[id].resources.get(n.as_str()).copied(),
                    _ => None,
                });
            if let Some(p) = parent {
                self.res[r].parent = Some(p);
                if !self.res[r].type_written.contains('/') {
                    let full = format!("{}/{}", self.res[p].type_written, self.res[r].type_written);
                    self.res[r].arm_type = full.to_ascii_lowercase();
                    self.res[r].type_written = full;
                }
            }
        }
        let dir = self.project.files[file]
            .path
            .parent()
            .map(|p| p.to_path_buf());
        for (name, path, value) in module_stmts {
            let written = path.as_str();
            if let Some(remote) = written.and_then(|p| self.remote.get(&(file, p.to_string()))) {
                let child = match remote {
                    Ok(json) => {
                        let (body, loop_vars) = unwrap_body(value.as_ref(), file);
                        self.registry_calls.push(RegistryCall {
                            file: *json,
                            caller: Caller {
                                unit: id,
                                name: &name.name,
                                params: body.and_then(|b| b.member("params")),
                                loop_vars,
                                value: None,
                                bound: Vec::new(),
                                instance: None,
                            },
                        });
                        Err(Arc::from(format!(
                            "the outputs of registry module `{}` are not followed",
                            written.unwrap_or_default()
                        )))
                    }
                    Err(why) => Err(Arc::from(why.as_str())),
                };
                self.units[id].modules.insert(&name.name, child);
                continue;
            }
            let target = path.as_str().and_then(|p| {
                let full = super::normal(&dir.clone().unwrap_or_default().join(p));
                parsed
                    .iter()
                    .find(|(fid, _)| super::normal(&self.project.files[*fid].path) == full)
            });
            let child = match target {
                Some((fid, mf))
                    if depth < 16 && self.units.len() < MAX_UNITS && !self.on_chain(id, *fid) =>
                {
                    let (body, loop_vars) = unwrap_body(value.as_ref(), file);
                    let caller = Caller {
                        unit: id,
                        name: &name.name,
                        params: body.and_then(|b| b.member("params")),
                        loop_vars,
                        value: value.as_ref(),
                        bound: Vec::new(),
                        instance: None,
                    };
                    Ok(self.add_unit(*fid, mf, Some(caller), depth + 1, parsed))
                }
                _ => Err(Arc::from(format!(
                    "module `{}` is not read: its outputs are not known",
                    name.name
                ))),
            };
            self.units[id].modules.insert(&name.name, child);
        }
        id
    }

    fn add_resource(
        &mut self,
        unit: UnitId,
        file: FileId,
        s: &'a Stmt,
        parent: Option<ResId>,
        outer_loops: Vec<(String, Loc)>,
    ) {
        let StmtKind::Resource {
            name,
            ty,
            existing,
            value,
        } = &s.kind
        else {
            return;
        };
        let written = match &ty.kind {
            ExprKind::Str { value, .. } => value.split('@').next().unwrap_or("").to_string(),
            _ => String::new(),
        };
        let type_written = match parent {
            Some(p) if !written.contains('/') => {
                format!("{}/{}", self.res[p].type_written, written)
            }
            _ => written,
        };
        let (body, mut loop_vars) = unwrap_body(value.as_ref(), file);
        let mut all_loops = outer_loops;
        all_loops.append(&mut loop_vars);
        let id = self.res.len();
        self.res.push(Res {
            unit,
            symbol: &name.name,
            symbol_range: name.range,
            arm_type: type_written.to_ascii_lowercase(),
            type_written,
            type_expr: ty,
            existing: *existing,
            body,
            value: value.as_ref(),
            loop_vars: all_loops.clone(),
            bound: Vec::new(),
            instance: None,
            instances: Vec::new(),
            parent,
            children: HashMap::default(),
        });
        match parent {
            Some(p) => {
                self.res[p].children.insert(&name.name, id);
            }
            None => {
                self.units[unit].resources.insert(&name.name, id);
            }
        }
        if let Some(ExprKind::Object(props)) = body.map(|b| &b.kind) {
            for p in props {
                if let Prop::Resource(child) = p {
                    self.add_resource(unit, file, child, Some(id), all_loops.clone());
                }
            }
        }
    }

    /// Whether `file` is the file of `unit` or of one of its callers (a module cycle).
    fn on_chain(&self, mut unit: UnitId, file: FileId) -> bool {
        loop {
            if self.units[unit].file == file {
                return true;
            }
            match &self.units[unit].caller {
                Some(c) => unit = c.unit,
                None => return false,
            }
        }
    }

    fn file_of(&self, unit: UnitId) -> FileId {
        self.units[unit].file
    }

    fn file_name(&self, file: FileId) -> String {
        let p = &self.project.files[file].path;
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    }

    fn tick(&self) -> bool {
        self.budget.tick()
    }

    // ---- resources → model ----

    /// Every resource of every unit, as the resolve layer reads it.
    pub(super) fn raw_resources(&self) -> Vec<RawResource> {
        (0..self.res.len()).map(|r| self.raw_resource(r)).collect()
    }

    fn raw_resource(&self, id: ResId) -> RawResource {
        let r = &self.res[id];
        let file = self.file_of(r.unit);
        RawResource {
            type_ref: TypeRef::Arm(r.arm_type.clone()),
            type_name: r.type_written.clone(),
            name: self.res_display(id),
            decl: loc(file, r.type_expr.range),
            name_ranges: self.name_ranges(id),
            // A resource whose type does not parse is no resource.
            declaration: if r.existing || r.type_written.is_empty() {
                Declaration::Existing
            } else {
                Declaration::Managed
            },
            scope: r.unit as u32,
        }
    }

    /// The value at `path` in a resource's body (the whole body when `path` is empty).
    pub(super) fn value_at(&self, id: ResId, path: &[Step]) -> Option<Val> {
        if path.is_empty() {
            let decl = loc(
                self.file_of(self.res[id].unit),
                self.res[id].type_expr.range,
            );
            return Some(self.force(self.body(id, decl), None));
        }
        let cur = self.walk(id, path)?;
        // The resource an expression written here starts from (`vnet.properties...`,
        // `'${vnet.id}/...'`, `vnet::subnet.id`), when evaluation did not keep it.
        let root = match &cur {
            Cursor::Syn(e, u) => self.root_res(e, *u),
            Cursor::Val(..) => None,
        };
        let mut v = self.force_cursor(id, cur);
        if let Some(root) = root {
            let refers = v.refers.get_or_insert_with(Default::default);
            if refers.resources.is_empty() {
                refers.resources.push(root);
            }
        }
        Some(v)
    }

    /// How many items the list at `path` has, or the value when it is not a list.
    pub(super) fn items_at(&self, id: ResId, path: &[Step]) -> Option<Result<usize, Val>> {
        let cur = self.walk(id, path)?;
        Some(self.elements(id, cur).map(|items| items.len()))
    }

    /// The evaluated full name of a resource.
    pub(super) fn names_of(&self, id: ResId) -> Vec<String> {
        self.res_name_text(id).into_iter().collect()
    }

    /// The resource a nested one (or one with `parent:`) belongs to.
    pub(super) fn parent_of(&self, id: ResId) -> Option<ResId> {
        self.res[id].parent
    }

    /// The symbolic name and, when written literally in the body, the `name:` value.
    fn name_ranges(&self, id: ResId) -> Vec<Loc> {
        let r = &self.res[id];
        let file = self.file_of(r.unit);
        let mut out = vec![loc(file, r.symbol_range)];
        if let Some(Cursor::Syn(e, u)) = self.walk(id, &[Step::Key("name")]) {
            if self.file_of(u) == file {
                out.push(loc(file, e.range));
            }
        }
        out
    }

    fn res_env(&self, id: ResId) -> Env<'a> {
        let r = &self.res[id];
        let mut env = Env::new(r.unit).with_loop_vars(&r.loop_vars);
        for (name, v) in &r.bound {
            env = env.bind(name, Ev::V(v.clone()));
        }
        env
    }

    fn walk(&self, id: ResId, path: &[Step]) -> Option<Cursor<'a>> {
        let r = &self.res[id];
        let mut cur = Cursor::Syn(r.body?, r.unit);
        for step in path {
            cur = match step {
                Step::Key(key) => self.step(id, cur, key)?,
                Step::Index(i) => self.elements(id, cur).ok()?.into_iter().nth(*i)?,
            };
        }
        Some(cur)
    }

    fn step(&self, id: ResId, cur: Cursor<'a>, key: &str) -> Option<Cursor<'a>> {
        match cur {
            Cursor::Syn(e, unit) => match &e.kind {
                ExprKind::Object(_) => e.member(key).map(|m| Cursor::Syn(m, unit)),
                _ => {
                    let at = loc(self.file_of(unit), e.range);
                    let ev = self.eval(e, &self.res_env(id));
                    self.get(ev, key, at).map(|ev| Cursor::Val(ev, at))
                }
            },
            Cursor::Val(ev, at) => self.get(ev, key, at).map(|ev| Cursor::Val(ev, at)),
        }
    }

    fn cursor_ev(&self, id: ResId, cur: Cursor<'a>) -> (Ev<'a>, Loc) {
        match cur {
            Cursor::Syn(e, unit) => (
                self.eval(e, &self.res_env(id)),
                loc(self.file_of(unit), e.range),
            ),
            Cursor::Val(ev, at) => (ev, at),
        }
    }

    fn force_cursor(&self, id: ResId, cur: Cursor<'a>) -> Val {
        let (ev, at) = self.cursor_ev(id, cur);
        self.force(ev, Some(at))
    }

    fn elements(&self, id: ResId, cur: Cursor<'a>) -> Result<Vec<Cursor<'a>>, Val> {
        if let Cursor::Syn(e, unit) = &cur {
            if let ExprKind::Array(items) = &e.kind {
                if !items.iter().any(|i| matches!(i.kind, ExprKind::Spread(_))) {
                    return Ok(items.iter().map(|i| Cursor::Syn(i, *unit)).collect());
                }
            }
        }
        let (ev, at) = self.cursor_ev(id, cur);
        if let Ev::Syn(e, env, o) = &ev {
            if let Some(items) = Self::syn_items(e) {
                return Ok(items
                    .iter()
                    .map(|i| Cursor::Val(self.eval(i, env).with_origins(o.clone()), at))
                    .collect());
            }
        }
        let v = self.force(ev, Some(at));
        match v.kind {
            ValKind::List(items) => Ok(items
                .into_iter()
                .map(|mut item| {
                    if item.origin.is_empty() {
                        item.origin = v.origin.clone();
                    }
                    Cursor::Val(Ev::V(item), at)
                })
                .collect()),
            ValKind::Null => Ok(Vec::new()),
            ValKind::Unknown(_) => Err(v),
            _ => Err(Val::unknown("the value is not an array", Some(at))),
        }
    }

    /// The resource an expression starts from: `vnet.properties...`, `'${vnet.id}/...'`,
    /// `vnet::subnet.id`.
    fn root_res(&self, e: &Expr, unit: UnitId) -> Option<ResId> {
        match &e.kind {
            ExprKind::Ident(n) => self.units[unit].resources.get(n.as_str()).copied(),
            ExprKind::Member { base, .. }
            | ExprKind::Index { base, .. }
            | ExprKind::NonNull(base) => self.root_res(base, unit),
            ExprKind::Nested { base, name } => {
                let p = self.root_res(base, unit)?;
                self.res[p].children.get(name.name.as_str()).copied()
            }
            ExprKind::Interp(parts) => parts.iter().find_map(|p| match p {
                Part::Expr(e) => Some(self.root_res(e, unit)),
                Part::Text(_) => None,
            })?,
            _ => None,
        }
    }
}

impl<'a> Ctx<'a> {
    /// The value registry module call `call` passes for parameter `name`, evaluated, without
    /// its links to this file's resources (the compiled template is resolved on its own).
    pub(super) fn registry_arg(&self, call: &RegistryCall<'a>, name: &str) -> Option<Val> {
        let ev = self.passed_by(&call.caller, name, "")?;
        let mut v = self.force(ev, None);
        detach(&mut v);
        Some(v)
    }

    /// "module `dc` (main.bicep)".
    pub(super) fn registry_label(&self, call: &RegistryCall<'a>) -> String {
        format!(
            "module `{}` ({})",
            call.caller.name,
            self.file_name(self.file_of(call.caller.unit))
        )
    }
}

fn detach(v: &mut Val) {
    v.refers = None;
    match &mut v.kind {
        super::super::ValKind::List(items) => items.iter_mut().for_each(detach),
        super::super::ValKind::Map(entries) => entries.iter_mut().for_each(|(_, v)| detach(v)),
        _ => {}
    }
}
