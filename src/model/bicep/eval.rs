//! Evaluation of Bicep expressions with provenance, and the resources it yields.
//!
//! [`Ev`] mirrors the ARM evaluator's value: a finished [`Val`], a string with unknown pieces
//! (so `'${vnet.id}/subnets/x'` still names the VNet; see [`value`]), a resource symbol or a
//! path into a resource's body not evaluated yet (so `vnet.properties.subnets[0].id` can be
//! derived), or the outputs of a module. Functions and the operators that are ARM functions
//! (`==`, `?:`, `&&`, `+`, `??`, `.?`...) are the shared [`library`]'s.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use crate::model::arm::library::{self, Args, Callee, Dialect};
use crate::model::arm::value::{self, type_name, Form, Piece, Value};
use crate::model::arm::{parse_resource_ref, vnet_name};
use crate::model::types::kind_of_arm_type;
use crate::model::{
    Destination, FileId, Kind, Loc, Network, Origin, Project, Replica, Resource, Val, ValKind,
};
use crate::syntax::bicep::{self as ast, BinOp, Expr, ExprKind, Part, Prop, Stmt, StmtKind};
use crate::syntax::TextRange;

pub(super) type UnitId = usize;
pub(super) type ResId = usize;

const MAX_DEPTH: u32 = 96;
const MAX_STEPS: u64 = 500_000;
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
        unit: Option<UnitId>,
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
                Ev::unknown(format!("'{name}' varies per iteration of the loop"), *at),
            ));
        }
        self
    }
}

/// The module statement that instantiated a unit.
struct Caller<'a> {
    unit: UnitId,
    name: &'a str,
    params: Option<&'a Expr>,
    loop_vars: Vec<(String, Loc)>,
}

struct Unit<'a> {
    file: FileId,
    params: HashMap<&'a str, &'a Stmt>,
    vars: HashMap<&'a str, &'a Expr>,
    outputs: HashMap<&'a str, &'a Expr>,
    resources: HashMap<&'a str, ResId>,
    modules: HashMap<&'a str, Option<UnitId>>,
    caller: Option<Caller<'a>>,
    /// The `.bicepparam` unit whose values apply (main unit only).
    param_file: Option<UnitId>,
}

struct Res<'a> {
    unit: UnitId,
    symbol: &'a str,
    symbol_range: TextRange,
    type_written: String,
    arm_type: String,
    type_expr: &'a Expr,
    existing: bool,
    body: Option<&'a Expr>,
    loop_vars: Vec<(String, Loc)>,
    parent: Option<ResId>,
    children: HashMap<&'a str, ResId>,
}

pub(super) struct Ctx<'a> {
    project: &'a Project,
    units: Vec<Unit<'a>>,
    res: Vec<Res<'a>>,
    cache: RefCell<HashMap<Key, Ev<'a>>>,
    in_progress: RefCell<HashSet<Key>>,
    steps: Cell<u64>,
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
    ) -> Ctx<'a> {
        let mut ctx = Ctx {
            project,
            units: Vec::new(),
            res: Vec::new(),
            cache: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(HashSet::new()),
            steps: Cell::new(0),
            depth: Cell::new(0),
        };
        let param_unit = params.map(|(file, f)| ctx.add_unit(*file, f, None, 0, parsed));
        if let Some((main, f)) = parsed.first() {
            let u = ctx.add_unit(*main, f, None, 0, parsed);
            ctx.units[u].param_file = param_unit;
        }
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
            params: HashMap::new(),
            vars: HashMap::new(),
            outputs: HashMap::new(),
            resources: HashMap::new(),
            modules: HashMap::new(),
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
                    };
                    Some(self.add_unit(*fid, mf, Some(caller), depth + 1, parsed))
                }
                _ => None,
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
            loop_vars: all_loops.clone(),
            parent,
            children: HashMap::new(),
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
        let n = self.steps.get() + 1;
        self.steps.set(n);
        n <= MAX_STEPS
    }

    // ---- resources → model ----

    pub(super) fn lower_all(&self) -> Vec<Resource> {
        (0..self.res.len())
            .filter(|&r| !self.res[r].existing && !self.res[r].type_written.is_empty())
            .map(|r| self.lower_resource(r))
            .collect()
    }

    fn lower_resource(&self, id: ResId) -> Resource {
        let r = &self.res[id];
        let file = self.file_of(r.unit);
        let decl = loc(file, r.type_expr.range);
        let kind = kind_of_arm_type(&r.arm_type);
        let location = self
            .walk(id, &["location"])
            .map(|c| self.force_cursor(id, c));
        let country_code = match kind {
            Kind::B2cTenant | Kind::CiamTenant => self
                .walk(id, &["properties", "createTenantProperties", "countryCode"])
                .map(|c| self.force_cursor(id, c)),
            _ => None,
        };
        let props = match kind {
            Kind::Other => Val::new(ValKind::Null, Some(decl)),
            _ => self.force(self.body(id, decl), None),
        };
        let replicas = match kind {
            Kind::DomainServices => self.replicas(id),
            _ => Vec::new(),
        };
        let destinations = match kind {
            Kind::AadDiagnosticSetting => self.destinations(id),
            _ => Vec::new(),
        };
        Resource {
            kind,
            type_name: r.type_written.clone(),
            arm_type: Some(r.arm_type.clone()),
            name: self.res_display(id),
            decl,
            name_ranges: self.name_ranges(id),
            location,
            country_code,
            replicas,
            destinations,
            props,
        }
    }

    /// The symbolic name and, when written literally in the body, the `name:` value.
    fn name_ranges(&self, id: ResId) -> Vec<Loc> {
        let r = &self.res[id];
        let file = self.file_of(r.unit);
        let mut out = vec![loc(file, r.symbol_range)];
        if let Some(Cursor::Syn(e, u)) = self.walk(id, &["name"]) {
            if self.file_of(u) == file {
                out.push(loc(file, e.range));
            }
        }
        out
    }

    fn res_env(&self, id: ResId) -> Env<'a> {
        let r = &self.res[id];
        Env::new(r.unit).with_loop_vars(&r.loop_vars)
    }

    fn walk(&self, id: ResId, path: &[&str]) -> Option<Cursor<'a>> {
        let r = &self.res[id];
        let mut cur = Cursor::Syn(r.body?, r.unit);
        for key in path {
            cur = self.step(id, cur, key)?;
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
            _ => Err(Val::unknown("replicaSets is not an array", Some(at))),
        }
    }

    fn replicas(&self, id: ResId) -> Vec<Replica> {
        let mut out = Vec::new();
        if let Some(sets) = self.walk(id, &["properties", "replicaSets"]) {
            match self.elements(id, sets) {
                Ok(items) => {
                    for (i, item) in items.into_iter().enumerate() {
                        let (location, subnet) = match item {
                            Cursor::Syn(e, unit) => (
                                self.step(id, Cursor::Syn(e, unit), "location")
                                    .map(|c| self.force_cursor(id, c)),
                                self.step(id, Cursor::Syn(e, unit), "subnetId"),
                            ),
                            Cursor::Val(ev, at) => (
                                self.get(ev.clone(), "location", at)
                                    .map(|ev| self.force(ev, Some(at))),
                                self.get(ev, "subnetId", at).map(|ev| Cursor::Val(ev, at)),
                            ),
                        };
                        let (subnet, network) = self.subnet(id, subnet);
                        out.push(Replica {
                            label: format!("replica set {}", i + 1),
                            location,
                            subnet,
                            network,
                        });
                    }
                }
                Err(unknown) => out.push(Replica {
                    label: "replica sets".into(),
                    location: Some(unknown),
                    subnet: None,
                    network: None,
                }),
            }
        }
        if let Some(subnet) = self.walk(id, &["properties", "subnetId"]) {
            let (subnet, network) = self.subnet(id, Some(subnet));
            out.push(Replica {
                label: "subnet".into(),
                location: None,
                subnet,
                network,
            });
        }
        out
    }

    fn subnet(&self, id: ResId, cur: Option<Cursor<'a>>) -> (Option<Val>, Option<Network>) {
        let Some(cur) = cur else {
            return (None, None);
        };
        let unit = self.res[id].unit;
        let syn_root = match &cur {
            Cursor::Syn(e, u) => self.root_res(e, *u),
            Cursor::Val(..) => None,
        };
        let (ev, at) = self.cursor_ev(id, cur);
        let by_name = ev
            .text_with_holes()
            .and_then(|t| vnet_name(&t))
            .and_then(|n| self.find_named(unit, "microsoft.network/virtualnetworks", &n));
        let vnet = by_name.or_else(|| {
            syn_root.and_then(|r| self.ancestor_of_type(r, "microsoft.network/virtualnetworks"))
        });
        let network = vnet.map(|v| self.network(v, "virtual network"));
        (Some(self.force(ev, Some(at))), network)
    }

    fn destinations(&self, id: ResId) -> Vec<Destination> {
        let mut out = Vec::new();
        for (key, label, ty) in [
            (
                "workspaceId",
                "Log Analytics workspace",
                "microsoft.operationalinsights/workspaces",
            ),
            (
                "storageAccountId",
                "storage account",
                "microsoft.storage/storageaccounts",
            ),
            (
                "eventHubAuthorizationRuleId",
                "event hub namespace",
                "microsoft.eventhub/namespaces",
            ),
        ] {
            let Some(cur) = self.walk(id, &["properties", key]) else {
                continue;
            };
            let unit = self.res[id].unit;
            let syn_root = match &cur {
                Cursor::Syn(e, u) => self.root_res(e, *u),
                Cursor::Val(..) => None,
            };
            let (ev, at) = self.cursor_ev(id, cur);
            let by_name = ev.text_with_holes().and_then(|t| {
                let (found, names) = parse_resource_ref(&t)?;
                let found = found?;
                if !found.starts_with(ty) || names.first()?.contains('\0') {
                    return None;
                }
                self.find_named(unit, ty, &names[0])
            });
            let target = by_name
                .or_else(|| syn_root.and_then(|r| self.ancestor_of_type(r, ty)))
                .map(|r| self.network(r, label));
            let via = self.force(ev, Some(at));
            // `workspaceId: ''` or `null`: no destination of that kind.
            if matches!(&via.kind, ValKind::Null) || via.as_str() == Some("") {
                continue;
            }
            out.push(Destination {
                label: label.to_string(),
                via,
                target,
            });
        }
        out
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

    /// `r` or its nearest parent of the given type.
    fn ancestor_of_type(&self, mut r: ResId, ty: &str) -> Option<ResId> {
        for _ in 0..8 {
            if self.res[r].arm_type == ty {
                return Some(r);
            }
            r = self.res[r].parent?;
        }
        None
    }

    /// A resource of a type by name: declared before existing, own unit first.
    fn find_named(&self, unit: UnitId, ty: &str, name: &str) -> Option<ResId> {
        let mut candidates: Vec<ResId> = (0..self.res.len())
            .filter(|&r| self.res[r].arm_type == ty)
            .filter(|&r| {
                self.res_name_text(r)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .collect();
        candidates.sort_by_key(|&r| (self.res[r].existing, self.res[r].unit != unit));
        candidates.first().copied()
    }

    /// A referenced resource with its location, for replica networks and log destinations.
    fn network(&self, r: ResId, label: &str) -> Network {
        let res = &self.res[r];
        let file = self.file_of(res.unit);
        let decl = loc(file, res.type_expr.range);
        let display = self.res_display(r);
        let location = res
            .body
            .and_then(|b| b.member("location"))
            .filter(|_| !res.existing)
            .map(|e| {
                let at = loc(file, e.range);
                (at, self.force(self.eval(e, &self.res_env(r)), Some(at)))
            });
        Network::referenced(label, display, decl, location, res.existing)
    }

    // ---- resource values ----

    fn res_display(&self, r: ResId) -> String {
        self.res_name_text(r)
            .unwrap_or_else(|| self.res[r].symbol.to_string())
    }

    fn res_name_text(&self, r: ResId) -> Option<String> {
        let at = loc(self.file_of(self.res[r].unit), self.res[r].type_expr.range);
        match self.res_name(r, at) {
            Ev::V(Val {
                kind: ValKind::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }

    /// The full name (`vnet/subnet` for a child).
    fn res_name(&self, r: ResId, at: Loc) -> Ev<'a> {
        self.cached(Key::Name(r), at, |ctx| {
            let res = &ctx.res[r];
            let Some(e) = res.body.and_then(|b| b.member("name")) else {
                return Ev::unknown("the resource has no name", at);
            };
            let own = ctx.eval(e, &ctx.res_env(r));
            match res.parent {
                Some(p) => value::child_name(ctx.res_name(p, at), own, at, |ev, out| {
                    ctx.pieces_of(ev, out)
                }),
                None => own,
            }
        })
        .unwrap_or_else(|| Ev::unknown("the resource's name refers to itself", at))
    }

    fn res_id(&self, r: ResId, at: Loc) -> Ev<'a> {
        let name = self.res_name(r, at);
        value::declared_resource_id(
            &self.res[r].type_written,
            name,
            || self.res_display(r),
            at,
            |ev, out| self.pieces_of(ev, out),
        )
    }

    /// The evaluated body of a resource (nested resources left out).
    fn body(&self, r: ResId, at: Loc) -> Ev<'a> {
        self.cached(Key::Body(r), at, |ctx| match ctx.res[r].body {
            Some(b) => {
                let v = ctx.eval(b, &ctx.res_env(r));
                Ev::V(ctx.force(v, None))
            }
            None => Ev::unknown("the resource has no body", at),
        })
        .unwrap_or_else(|| Ev::unknown("the resource refers to itself", at))
    }

    /// `sym.key` on a resource symbol.
    fn res_member(&self, r: ResId, key: &str, at: Loc) -> Ev<'a> {
        let res = &self.res[r];
        let display = self.res_display(r);
        let file = self.file_of(res.unit);
        if key.eq_ignore_ascii_case("id") {
            return self.res_id(r, at);
        }
        if key.eq_ignore_ascii_case("name") {
            return self.res_name(r, at);
        }
        if key.eq_ignore_ascii_case("type") {
            return Ev::V(Val::new(ValKind::Str(res.type_written.clone()), Some(at)));
        }
        if key.eq_ignore_ascii_case("location") {
            if res.existing {
                return Ev::unknown(
                    format!(
                        "'{display}' is an existing resource: its location is not in this template"
                    ),
                    at,
                );
            }
            let Some(e) = res.body.and_then(|b| b.member("location")) else {
                return Ev::unknown(format!("'{display}' declares no location"), at);
            };
            let written = loc(file, e.range);
            let ev = self
                .cached(Key::Location(r), at, |ctx| ctx.eval(e, &ctx.res_env(r)))
                .unwrap_or_else(|| Ev::unknown("the location refers to itself", at));
            return ev.with_origin(Origin {
                loc: written,
                note: format!("location of '{display}'"),
            });
        }
        if res.existing {
            return Ev::unknown(
                format!("'{key}' of '{display}' is known only after deployment"),
                at,
            );
        }
        Ev::Res {
            res: r,
            path: vec![Seg::Key(key.to_string())],
        }
    }

    /// Forces a path into a resource's body.
    fn res_path(&self, r: ResId, path: &[Seg], at: Loc) -> Val {
        let display = self.res_display(r);
        let Ev::V(mut v) = self.body(r, at) else {
            return Val::unknown("the resource body is not known", Some(at));
        };
        for seg in path {
            let next = match seg {
                Seg::Key(k) => v.get(k).cloned(),
                Seg::Index(i) => v.items().get(*i).cloned(),
            };
            match next {
                Some(n) => v = n,
                None => {
                    let what = match seg {
                        Seg::Key(k) => k.clone(),
                        Seg::Index(i) => format!("[{i}]"),
                    };
                    return Val::unknown(
                        format!("'{what}' of '{display}' is known only after deployment"),
                        Some(at),
                    );
                }
            }
            if v.is_unknown() {
                break;
            }
        }
        let written = v.loc;
        v.loc = Some(at);
        if let Some(w) = written {
            v.origin.insert(
                0,
                Origin {
                    loc: w,
                    note: format!("property of '{display}'"),
                },
            );
        }
        v
    }

    // ---- evaluation ----

    fn cached(&self, key: Key, at: Loc, compute: impl FnOnce(&Self) -> Ev<'a>) -> Option<Ev<'a>> {
        if let Some(v) = self.cache.borrow().get(&key) {
            return Some(relocate(v.clone(), at));
        }
        if !self.in_progress.borrow_mut().insert(key.clone()) {
            return None;
        }
        let v = compute(self);
        self.in_progress.borrow_mut().remove(&key);
        self.cache.borrow_mut().insert(key, v.clone());
        Some(relocate(v, at))
    }

    fn force(&self, ev: Ev<'a>, at: Option<Loc>) -> Val {
        match ev {
            Ev::V(mut v) => {
                if let Some(at) = at {
                    v.loc = Some(at);
                }
                v
            }
            Ev::Part(pieces, origin) => value::partial_to_val(&pieces, origin, at),
            Ev::Res { res, path } => {
                let at = at.unwrap_or_else(|| {
                    loc(
                        self.file_of(self.res[res].unit),
                        self.res[res].type_expr.range,
                    )
                });
                if path.is_empty() {
                    Val::unknown(
                        format!(
                            "the resource '{}' is not a value known before deployment",
                            self.res_display(res)
                        ),
                        Some(at),
                    )
                } else {
                    self.res_path(res, &path, at)
                }
            }
            Ev::Outputs { module, .. } => Val::unknown(
                format!("the outputs of module '{module}' are not one value"),
                at,
            ),
            Ev::Syn(e, env, origin) => {
                let here = loc(self.file_of(env.unit), e.range);
                if !self.tick() {
                    return Val::unknown("the template is too large to evaluate fully", at);
                }
                let depth = self.depth.get();
                if depth >= MAX_DEPTH {
                    return Val::unknown("the value nests too deeply to evaluate", at);
                }
                self.depth.set(depth + 1);
                let full = self.eval_full(e, &env, here);
                self.depth.set(depth);
                let mut v = self.force(full, Some(at.unwrap_or(here)));
                let mut o = origin;
                o.append(&mut v.origin);
                v.origin = o;
                v
            }
        }
    }

    /// The member or element expressions of an object or array written without spreads.
    fn syn_member(&self, e: &'a Expr, key: &str) -> Option<Option<&'a Expr>> {
        match &e.kind {
            ExprKind::Object(props) if !props.iter().any(|p| matches!(p, Prop::Spread(_))) => {
                Some(e.member(key))
            }
            _ => None,
        }
    }

    fn syn_items(e: &'a Expr) -> Option<&'a [Expr]> {
        match &e.kind {
            ExprKind::Array(items)
                if !items.iter().any(|i| matches!(i.kind, ExprKind::Spread(_))) =>
            {
                Some(items)
            }
            _ => None,
        }
    }

    /// `base.key`; `None` when `base` is known not to have it.
    fn get(&self, base: Ev<'a>, key: &str, at: Loc) -> Option<Ev<'a>> {
        if let Ev::Syn(e, env, o) = &base {
            if let Some(m) = self.syn_member(e, key) {
                return m.map(|m| self.eval(m, env).with_origins(o.clone()));
            }
            let v = self.force(base, None);
            return self.get(Ev::V(v), key, at);
        }
        match base {
            Ev::Syn(..) => None,
            Ev::V(v) => match &v.kind {
                ValKind::Map(_) => v.get(key).cloned().map(|mut c| {
                    if c.origin.is_empty() {
                        c.origin = v.origin.clone();
                    }
                    Ev::V(c)
                }),
                ValKind::Unknown(_) => Some(Ev::V(v)),
                ValKind::Null => None,
                other => Some(Ev::unknown(
                    format!("cannot read property '{key}' of a {}", type_name(other)),
                    at,
                )),
            },
            Ev::Part(pieces, o) => Some(
                Ev::unknown(value::first_hole(&pieces).unwrap_or("unknown"), at).with_origins(o),
            ),
            Ev::Res { res, path } if path.is_empty() => Some(self.res_member(res, key, at)),
            Ev::Res { res, mut path } => {
                // `subnets[0].id`: the id of an element of a child collection.
                if key.eq_ignore_ascii_case("id") && path.len() >= 2 {
                    if let (Seg::Key(coll), Seg::Index(_)) =
                        (&path[path.len() - 2], &path[path.len() - 1])
                    {
                        let coll = coll.clone();
                        let element = self.res_path(res, &path, at);
                        let name = element.get("name").map(|n| Ev::V(n.clone()));
                        return Some(value::element_id(
                            self.res_id(res, at),
                            &coll,
                            name,
                            at,
                            |ev, out| self.pieces_of(ev, out),
                        ));
                    }
                }
                path.push(Seg::Key(key.to_string()));
                Some(Ev::Res { res, path })
            }
            Ev::Outputs {
                unit,
                module,
                outputs: false,
            } => Some(if key == "outputs" {
                Ev::Outputs {
                    unit,
                    module,
                    outputs: true,
                }
            } else {
                Ev::unknown(
                    format!("'{key}' of module '{module}' is decided at deployment"),
                    at,
                )
            }),
            Ev::Outputs { unit, module, .. } => Some(match unit {
                Some(u) => self.output(u, &module, key, at),
                None => Ev::unknown(
                    format!("module '{module}' is not read: its outputs are not known"),
                    at,
                ),
            }),
        }
    }

    fn output(&self, unit: UnitId, module: &str, name: &str, at: Loc) -> Ev<'a> {
        let Some(e) = self.units[unit].outputs.get(name).copied() else {
            return Ev::unknown(format!("module '{module}' has no output '{name}'"), at);
        };
        let file = self.file_of(unit);
        self.cached(Key::Output(unit, name.to_string()), at, |ctx| {
            ctx.eval(e, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, e.range),
                note: format!("output '{name}' of module '{module}'"),
            })
        })
        .unwrap_or_else(|| Ev::unknown(format!("output '{name}' refers to itself"), at))
    }

    fn eval(&self, e: &'a Expr, env: &Env<'a>) -> Ev<'a> {
        let at = loc(self.file_of(env.unit), e.range);
        if !self.tick() {
            return Ev::unknown("the template is too large to evaluate fully", at);
        }
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return Ev::unknown("expressions nest too deeply to evaluate", at);
        }
        self.depth.set(depth + 1);
        let out = self.eval_inner(e, env, at);
        self.depth.set(depth);
        out
    }

    fn eval_inner(&self, e: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        match &e.kind {
            ExprKind::Str { value, content } => {
                let mut v = Val::new(ValKind::Str(value.clone()), Some(at));
                v.literal = content.map(|c| loc(at.file, c));
                Ev::V(v)
            }
            ExprKind::Interp(parts) => {
                let mut pieces = Vec::new();
                for p in parts {
                    match p {
                        Part::Text(t) => pieces.push(Piece::Text(t.clone())),
                        Part::Expr(x) => self.pieces_of(self.eval(x, env), &mut pieces),
                    }
                }
                value::from_pieces(pieces, at)
            }
            ExprKind::Num(n) => value::new(at, ValKind::Num(*n)),
            ExprKind::Bool(b) => value::new(at, ValKind::Bool(*b)),
            ExprKind::Null => value::new(at, ValKind::Null),
            ExprKind::Ident(n) => self.ident(n, env, at),
            ExprKind::Object(_) | ExprKind::Array(_) => Ev::Syn(e, env.clone(), Vec::new()),
            ExprKind::Spread(inner) => self.eval(inner, env),
            ExprKind::Call { ns, name, args } => {
                self.call(ns.as_deref(), &name.name, args, env, at)
            }
            ExprKind::Member { base, name, safe } => {
                if let ExprKind::Call { name: f, args, .. } = &base.kind {
                    if args.is_empty() {
                        if let Some(reason) = library::deployment_context(&f.name, &name.name) {
                            return Ev::unknown(reason, at);
                        }
                    }
                }
                let b = self.eval(base, env);
                if *safe {
                    // `base.?name` is `tryGet(base, 'name')`.
                    let key = Val::new(ValKind::Str(name.name.clone()), Some(at));
                    let args = BicepArgs::operands(self, &[], env, at);
                    return library::try_get_path(&args, b, [key]);
                }
                match self.get(b, &name.name, at) {
                    Some(v) => v,
                    None => Ev::unknown(format!("the object has no property '{}'", name.name), at),
                }
            }
            ExprKind::Index { base, index, safe } => {
                let b = self.eval(base, env);
                let i = self.eval(index, env);
                let i = self.force(i, Some(at));
                self.index(b, &i, *safe, at)
            }
            ExprKind::Nested { base, name } => {
                let b = self.eval(base, env);
                match b {
                    Ev::Res { res, path } if path.is_empty() => {
                        match self.res[res].children.get(name.name.as_str()) {
                            Some(&c) => Ev::Res {
                                res: c,
                                path: Vec::new(),
                            },
                            None => Ev::unknown(
                                format!(
                                    "'{}' has no nested resource '{}'",
                                    self.res_display(res),
                                    name.name
                                ),
                                at,
                            ),
                        }
                    }
                    _ => Ev::unknown(
                        format!("'::{}' of a value that is not a resource", name.name),
                        at,
                    ),
                }
            }
            ExprKind::Not(x) => library::not(
                &BicepArgs::operands(self, &[x], env, at),
                Callee::operator("!"),
            ),
            ExprKind::Neg(x) => match self.force(self.eval(x, env), Some(at)).kind {
                ValKind::Num(n) => value::new(at, ValKind::Num(-n)),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("'-' needs a number", at),
            },
            ExprKind::NonNull(x) => self.eval(x, env),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, env, at),
            ExprKind::Ternary(c, a, b) => library::if_(
                &BicepArgs::operands(self, &[c, a, b], env, at),
                Callee::operator("?:"),
            ),
            ExprKind::For {
                item,
                index,
                iterable,
                body,
            } => {
                let list = self.force(self.eval(iterable, env), Some(at));
                let items = match list.kind {
                    ValKind::List(items) => items,
                    ValKind::Unknown(r) => return Ev::unknown(r, at),
                    other => {
                        return Ev::unknown(format!("a loop over a {}", type_name(&other)), at)
                    }
                };
                if items.len() > MAX_LOOP_ITEMS {
                    return Ev::unknown("the loop is too long to evaluate", at);
                }
                let mut out = Vec::with_capacity(items.len());
                for (i, mut it) in items.into_iter().enumerate() {
                    if it.origin.is_empty() {
                        it.origin = list.origin.clone();
                    }
                    let mut e2 = env.clone();
                    if let Some(n) = item {
                        e2 = e2.bind(&n.name, Ev::V(it));
                    }
                    if let Some(n) = index {
                        e2 = e2.bind(&n.name, value::new(at, ValKind::Num(i as f64)));
                    }
                    let (b, keep) = match &body.kind {
                        ExprKind::If { cond, body } => {
                            match self.force(self.eval(cond, &e2), Some(at)).kind {
                                ValKind::Bool(k) => (&**body, k),
                                _ => return Ev::unknown("a loop condition is not known", at),
                            }
                        }
                        _ => (&**body, true),
                    };
                    if keep {
                        let v = self.eval(b, &e2);
                        out.push(self.force(v, None));
                    }
                }
                value::new(at, ValKind::List(out))
            }
            ExprKind::If { body, .. } => self.eval(body, env),
            ExprKind::Lambda { .. } => Ev::unknown("a lambda is not a value", at),
            ExprKind::Error => Ev::unknown("the expression does not parse", at),
        }
    }

    /// Evaluates an object or array expression completely.
    fn eval_full(&self, e: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        match &e.kind {
            ExprKind::Object(props) => {
                let mut members: Vec<(String, Val)> = Vec::with_capacity(props.len());
                for p in props {
                    match p {
                        Prop::KeyValue { key, value, .. } => {
                            let v = self.eval(value, env);
                            let v = self.force(v, None);
                            members.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
                            members.push((key.clone(), v));
                        }
                        Prop::Spread(s) => {
                            let v = self.eval(s, env);
                            if let ValKind::Map(m) = self.force(v, None).kind {
                                for (k, v) in m {
                                    members.retain(|(k2, _)| !k2.eq_ignore_ascii_case(&k));
                                    members.push((k, v));
                                }
                            }
                        }
                        Prop::Resource(_) => {}
                    }
                }
                value::new(at, ValKind::Map(members))
            }
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    let v = self.eval(i, env);
                    let v = self.force(v, None);
                    match (&i.kind, v.kind) {
                        (ExprKind::Spread(_), ValKind::List(l)) => out.extend(l),
                        (ExprKind::Spread(_), ValKind::Unknown(r)) => {
                            return Ev::unknown(r, at);
                        }
                        (_, kind) => out.push(Val { kind, ..v }),
                    }
                }
                value::new(at, ValKind::List(out))
            }
            _ => self.eval(e, env),
        }
    }

    fn ident(&self, name: &str, env: &Env<'a>, at: Loc) -> Ev<'a> {
        if let Some((_, v)) = env.locals.iter().rev().find(|(n, _)| n == name) {
            return relocate(v.clone(), at);
        }
        let u = &self.units[env.unit];
        if u.vars.contains_key(name) {
            return self.variable(env.unit, name, at);
        }
        if u.params.contains_key(name) {
            return self.parameter(env.unit, name, at);
        }
        if let Some(&r) = u.resources.get(name) {
            return Ev::Res {
                res: r,
                path: Vec::new(),
            };
        }
        if let Some(m) = u.modules.get(name) {
            return Ev::Outputs {
                unit: *m,
                module: name.to_string(),
                outputs: false,
            };
        }
        Ev::unknown(format!("'{name}' is not declared"), at)
    }

    fn variable(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        let e = self.units[unit].vars[name];
        let file = self.file_of(unit);
        self.cached(Key::Var(unit, name.to_string()), at, |ctx| {
            ctx.eval(e, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, e.range),
                note: format!("variable '{name}'"),
            })
        })
        .unwrap_or_else(|| Ev::unknown(format!("variable '{name}' refers to itself"), at))
    }

    fn parameter(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        self.cached(Key::Param(unit, name.to_string()), at, |ctx| {
            ctx.parameter_uncached(unit, name, at)
        })
        .unwrap_or_else(|| Ev::unknown(format!("parameter '{name}' refers to itself"), at))
    }

    fn parameter_uncached(&self, unit: UnitId, name: &str, at: Loc) -> Ev<'a> {
        let u = &self.units[unit];
        let file = u.file;
        let stmt = u.params[name];
        let StmtKind::Param {
            name: ident,
            value: default,
            ..
        } = &stmt.kind
        else {
            return Ev::unknown(format!("parameter '{name}' is not declared"), at);
        };
        let allowed = allowed_note(stmt);
        // A `.bicepparam` value wins.
        if let Some(pu) = u.param_file {
            let pfile = self.file_of(pu);
            if let Some(StmtKind::Param { value: Some(v), .. }) =
                self.units[pu].params.get(name).map(|s| &s.kind)
            {
                let note = format!("parameter '{name}' in {}{allowed}", self.file_name(pfile));
                return self.eval(v, &Env::new(pu)).with_origin(Origin {
                    loc: loc(pfile, v.range),
                    note,
                });
            }
        }
        // The value a module statement passes.
        if let Some(c) = &u.caller {
            let cfile = self.file_of(c.unit);
            let label = format!(
                "parameter '{name}' of module '{}' ({}){allowed}",
                c.name,
                self.file_name(cfile)
            );
            match c.params.map(|p| (p, &p.kind)) {
                Some((p, ExprKind::Object(_))) => {
                    if let Some(v) = p.member(name) {
                        let env = Env::new(c.unit).with_loop_vars(&c.loop_vars);
                        return self.eval(v, &env).with_origin(Origin {
                            loc: loc(cfile, v.range),
                            note: label,
                        });
                    }
                }
                Some((p, _)) => {
                    let env = Env::new(c.unit).with_loop_vars(&c.loop_vars);
                    let pv = self.eval(p, &env);
                    if let Some(v) = self.get(pv, name, loc(cfile, p.range)) {
                        return v.with_origin(Origin {
                            loc: loc(cfile, p.range),
                            note: label,
                        });
                    }
                }
                None => {}
            }
        }
        if let Some(d) = default {
            return self.eval(d, &Env::new(unit)).with_origin(Origin {
                loc: loc(file, d.range),
                note: format!("parameter '{name}' default{allowed}"),
            });
        }
        let reason = match &u.caller {
            Some(c) => format!(
                "parameter '{name}' has no default and module '{}' does not pass it",
                c.name
            ),
            None => format!("parameter '{name}' has no default and no parameters file sets it"),
        };
        Ev::unknown(reason, at).with_origin(Origin {
            loc: loc(file, ident.range),
            note: format!("parameter '{name}'{allowed}"),
        })
    }

    fn index(&self, base: Ev<'a>, index: &Val, safe: bool, at: Loc) -> Ev<'a> {
        if let ValKind::Unknown(r) = &index.kind {
            return Ev::unknown(r.clone(), at);
        }
        let base = match base {
            Ev::Syn(e, env, o) => match (Self::syn_items(e), &index.kind) {
                (Some(items), ValKind::Num(n)) => {
                    return match items.get(*n as usize).filter(|_| *n >= 0.0) {
                        Some(item) => self.eval(item, &env).with_origins(o),
                        None if safe => value::new(at, ValKind::Null),
                        None => Ev::unknown(format!("index {n} is out of range"), at),
                    };
                }
                (_, ValKind::Str(_)) => Ev::Syn(e, env, o),
                _ => Ev::V(self.force(Ev::Syn(e, env, o), None)),
            },
            other => other,
        };
        let out =
            match (base, &index.kind) {
                (base, ValKind::Str(key)) => self.get(base, key, at),
                (Ev::Res { res, mut path }, ValKind::Num(n)) if !path.is_empty() && *n >= 0.0 => {
                    path.push(Seg::Index(*n as usize));
                    Some(Ev::Res { res, path })
                }
                (Ev::V(v), ValKind::Num(n)) => match &v.kind {
                    ValKind::List(items) => items
                        .get(*n as usize)
                        .filter(|_| *n >= 0.0)
                        .cloned()
                        .map(|mut item| {
                            if item.origin.is_empty() {
                                item.origin = v.origin.clone();
                            }
                            Ev::V(item)
                        }),
                    ValKind::Unknown(_) => Some(Ev::V(v)),
                    other => Some(Ev::unknown(
                        format!("cannot index a {}", type_name(other)),
                        at,
                    )),
                },
                (Ev::Part(p, _), _) => {
                    Some(Ev::unknown(value::first_hole(&p).unwrap_or("unknown"), at))
                }
                (_, other) => Some(Ev::unknown(
                    format!("cannot index by a {}", type_name(other)),
                    at,
                )),
            };
        match out {
            Some(v) => v,
            None if safe => value::new(at, ValKind::Null),
            None => Ev::unknown("the index is out of range or the key is absent", at),
        }
    }

    /// A binary operator: the ARM function it compiles to (`==` is `equals()`, `+` is
    /// `add()`...), except `=~` and `!~`, which have none.
    fn binary(&self, op: BinOp, a: &'a Expr, b: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        let operands = [a, b];
        let args = BicepArgs::operands(self, &operands, env, at);
        let f = Callee::operator;
        match op {
            BinOp::Coalesce => library::coalesce(&args, f("??")),
            BinOp::And => library::and(&args, f("&&")),
            BinOp::Or => library::or(&args, f("||")),
            BinOp::Eq => library::equals(&args, f("==")),
            BinOp::Ne => library::differs(&args, f("!=")),
            BinOp::Lt => library::less(&args, f("<")),
            BinOp::Le => library::less_or_equals(&args, f("<=")),
            BinOp::Gt => library::greater(&args, f(">")),
            BinOp::Ge => library::greater_or_equals(&args, f(">=")),
            BinOp::Add => library::add(&args, f("+")),
            BinOp::Sub => library::sub(&args, f("-")),
            BinOp::Mul => library::mul(&args, f("*")),
            BinOp::Div => library::div(&args, f("/")),
            BinOp::Mod => library::modulo(&args, f("%")),
            BinOp::EqI | BinOp::NeI => self.equals_ignoring_case(op, &args),
        }
    }

    /// `=~` and `!~`: strings compared case-insensitively.
    fn equals_ignoring_case(&self, op: BinOp, args: &BicepArgs<'_, 'a>) -> Ev<'a> {
        let (l, r) = (args.arg(0), args.arg(1));
        if let Some(u) = value::first_unknown([&l, &r]) {
            return Ev::V(u);
        }
        match (&l.kind, &r.kind) {
            (ValKind::Str(x), ValKind::Str(y)) => value::new(
                args.at,
                ValKind::Bool(x.eq_ignore_ascii_case(y) == (op == BinOp::EqI)),
            ),
            _ => Ev::unknown("the operation is not evaluated", args.at),
        }
    }

    /// Appends the string pieces of a value; what is not a string yet is forced.
    fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        value::pieces_of(ev, out, |lazy, out| {
            value::val_pieces(self.force(lazy, None), out)
        })
    }

    // ---- functions ----

    /// A function call: the shared library's function of that name (`az.` and `sys.` are
    /// its namespaces).
    fn call(
        &self,
        ns: Option<&str>,
        name: &str,
        args: &'a [Expr],
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        if let Some(ns) = ns {
            if !matches!(ns, "az" | "sys") {
                return Ev::unknown(
                    format!("user-defined function '{ns}.{name}' is not evaluated"),
                    at,
                );
            }
        }
        let args = BicepArgs {
            cx: self,
            operands: Operands::Call(args),
            env,
            at,
        };
        library::call(&args, name, Dialect::Bicep)
    }
}

/// The arguments of a Bicep function call, or the operands of an operator, for the
/// [`library`].
struct BicepArgs<'c, 'a> {
    cx: &'c Ctx<'a>,
    operands: Operands<'c, 'a>,
    env: &'c Env<'a>,
    /// The call or operator expression.
    at: Loc,
}

enum Operands<'c, 'a> {
    Call(&'a [Expr]),
    Operator(&'c [&'a Expr]),
}

impl<'c, 'a> BicepArgs<'c, 'a> {
    fn operands(cx: &'c Ctx<'a>, operands: &'c [&'a Expr], env: &'c Env<'a>, at: Loc) -> Self {
        BicepArgs {
            cx,
            operands: Operands::Operator(operands),
            env,
            at,
        }
    }

    fn get(&self, i: usize) -> Option<&'a Expr> {
        match self.operands {
            Operands::Call(args) => args.get(i),
            Operands::Operator(ops) => ops.get(i).copied(),
        }
    }
}

impl<'a> Args for BicepArgs<'_, 'a> {
    type Ev = Ev<'a>;

    fn at(&self) -> Loc {
        self.at
    }

    fn len(&self) -> usize {
        match self.operands {
            Operands::Call(args) => args.len(),
            Operands::Operator(ops) => ops.len(),
        }
    }

    fn eval(&self, i: usize) -> Ev<'a> {
        match self.get(i) {
            Some(e) => self.cx.eval(e, self.env),
            None => Ev::unknown("missing argument", self.at),
        }
    }

    fn force(&self, ev: Ev<'a>) -> Val {
        self.cx.force(ev, Some(self.at))
    }

    fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        self.cx.pieces_of(ev, out)
    }

    fn is_array(&self, ev: &Ev<'a>) -> bool {
        match ev {
            Ev::V(v) => matches!(v.kind, ValKind::List(_)),
            Ev::Syn(e, ..) => matches!(e.kind, ExprKind::Array(_)),
            _ => false,
        }
    }

    fn member(&self, base: Ev<'a>, key: &str) -> Option<Ev<'a>> {
        self.cx.get(base, key, self.at)
    }

    fn index(&self, base: Ev<'a>, index: &Val) -> Ev<'a> {
        self.cx.index(base, index, false, self.at)
    }

    /// A path into a resource's body may be null: it is read.
    fn settle(&self, ev: Ev<'a>) -> Ev<'a> {
        match ev {
            Ev::Res { ref path, .. } if !path.is_empty() => Ev::V(self.force(ev)),
            other => other,
        }
    }
}

impl<'a> Ev<'a> {
    fn with_origins(self, origins: Vec<Origin>) -> Ev<'a> {
        match self {
            Ev::V(mut v) => {
                v.origin.extend(origins);
                Ev::V(v)
            }
            Ev::Part(p, mut o) => {
                o.extend(origins);
                Ev::Part(p, o)
            }
            Ev::Syn(e, env, mut o) => {
                o.extend(origins);
                Ev::Syn(e, env, o)
            }
            other => other,
        }
    }
}

/// The body object of a resource or module value (through `if` and `for`), and the loop
/// variables bound around it.
fn unwrap_body(value: Option<&Expr>, file: FileId) -> (Option<&Expr>, Vec<(String, Loc)>) {
    let mut vars = Vec::new();
    let mut cur = value;
    for _ in 0..4 {
        match cur.map(|e| &e.kind) {
            Some(ExprKind::If { body, .. }) => cur = Some(body),
            Some(ExprKind::For {
                item, index, body, ..
            }) => {
                for v in [item, index].into_iter().flatten() {
                    vars.push((v.name.clone(), loc(file, v.range)));
                }
                cur = Some(body);
            }
            _ => break,
        }
    }
    (cur.filter(|e| matches!(e.kind, ExprKind::Object(_))), vars)
}

/// `; allowed: 'a', 'b'` for a parameter with an `@allowed([...])` list of strings.
fn allowed_note(stmt: &Stmt) -> String {
    for d in &stmt.decorators {
        let ExprKind::Call { name, args, .. } = &d.kind else {
            continue;
        };
        if name.name != "allowed" {
            continue;
        }
        if let Some(ExprKind::Array(items)) = args.first().map(|a| &a.kind) {
            let values: Option<Vec<String>> = items
                .iter()
                .map(|i| i.as_str().map(|s| format!("'{s}'")))
                .collect();
            if let Some(values) = values.filter(|v| !v.is_empty()) {
                return format!(" (@allowed: {})", values.join(", "));
            }
        }
    }
    String::new()
}

fn relocate(ev: Ev<'_>, at: Loc) -> Ev<'_> {
    match ev {
        Ev::V(mut v) => {
            v.loc = Some(at);
            Ev::V(v)
        }
        other => other,
    }
}
