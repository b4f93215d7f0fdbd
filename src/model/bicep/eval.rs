//! Evaluation of Bicep expressions with provenance, and the resources it yields.
//!
//! [`Ev`] mirrors the ARM evaluator's value: a finished [`Val`], a string with unknown pieces
//! (so `'${vnet.id}/subnets/x'` still names the VNet), a resource symbol or a path into a
//! resource's body not evaluated yet (so `vnet.properties.subnets[0].id` can be derived), or
//! the outputs of a module.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use crate::model::{
    Declaration, FileId, Loc, Origin, Project, RawResource, Refers, Step, TypeRef, Val, ValKind,
};
use crate::syntax::bicep::{self as ast, BinOp, Expr, ExprKind, Part, Prop, Stmt, StmtKind};
use crate::syntax::TextRange;

pub(super) type UnitId = usize;
pub(super) type ResId = usize;

const MAX_DEPTH: u32 = 96;
const MAX_STEPS: u64 = 500_000;
const MAX_UNITS: usize = 400;
const MAX_LOOP_ITEMS: usize = 1_000;

const SUBSCRIPTION_HOLE: &str =
    "the id uses the subscription the template is deployed to, decided at deployment";
const RESOURCE_GROUP_HOLE: &str =
    "the id uses the resource group the template is deployed to, decided at deployment";

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    Hole(String),
}

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

impl<'a> Ev<'a> {
    fn unknown(reason: impl Into<String>, at: Loc) -> Ev<'a> {
        Ev::V(Val::unknown(reason, Some(at)))
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
        match self {
            Ev::V(Val {
                kind: ValKind::Str(s),
                ..
            }) => Some(s.clone()),
            Ev::Part(pieces, _) => Some(
                pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.as_str(),
                        Piece::Hole(_) => "\0",
                    })
                    .collect(),
            ),
            _ => None,
        }
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
        Env::new(r.unit).with_loop_vars(&r.loop_vars)
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
                Some(p) => {
                    let mut pieces = Vec::new();
                    ctx.pieces_of(ctx.res_name(p, at), &mut pieces);
                    pieces.push(Piece::Text("/".into()));
                    ctx.pieces_of(own, &mut pieces);
                    from_pieces(pieces, at)
                }
                None => own,
            }
        })
        .unwrap_or_else(|| Ev::unknown("the resource's name refers to itself", at))
    }

    fn res_id(&self, r: ResId, at: Loc) -> Ev<'a> {
        let res = &self.res[r];
        let mut pieces = vec![
            Piece::Text("/subscriptions/".into()),
            Piece::Hole(SUBSCRIPTION_HOLE.into()),
            Piece::Text("/resourceGroups/".into()),
            Piece::Hole(RESOURCE_GROUP_HOLE.into()),
            Piece::Text("/providers/".into()),
        ];
        let mut segments = res.type_written.split('/');
        pieces.push(Piece::Text(segments.next().unwrap_or("").to_string()));
        let types: Vec<&str> = segments.collect();
        let name = self.res_name(r, at);
        match name.text_with_holes() {
            Some(n) if !n.contains('\0') && n.split('/').count() == types.len() => {
                for (t, n) in types.iter().zip(n.split('/')) {
                    pieces.push(Piece::Text(format!("/{t}/{n}")));
                }
            }
            _ if types.len() == 1 => {
                pieces.push(Piece::Text(format!("/{}/", types[0])));
                self.pieces_of(name, &mut pieces);
            }
            _ => {
                for t in &types {
                    pieces.push(Piece::Text(format!("/{t}/")));
                    pieces.push(Piece::Hole(format!(
                        "the name of '{}' is not known statically",
                        self.res_display(r)
                    )));
                }
            }
        }
        from_pieces(pieces, at)
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
            Ev::Part(pieces, origin) => {
                let reason = pieces
                    .iter()
                    .find_map(|p| match p {
                        Piece::Hole(r) => Some(r.clone()),
                        Piece::Text(_) => None,
                    })
                    .unwrap_or_else(|| "unknown".into());
                let mut v = Val::unknown(reason, at);
                v.origin = origin;
                v.refers = Some(Box::new(Refers {
                    text: Ev::Part(pieces, Vec::new()).text_with_holes(),
                    ..Refers::default()
                }));
                v
            }
            Ev::Res { res, path } => {
                let at = at.unwrap_or_else(|| {
                    loc(
                        self.file_of(self.res[res].unit),
                        self.res[res].type_expr.range,
                    )
                });
                let mut v = if path.is_empty() {
                    Val::unknown(
                        format!(
                            "the resource '{}' is not a value known before deployment",
                            self.res_display(res)
                        ),
                        Some(at),
                    )
                } else {
                    self.res_path(res, &path, at)
                };
                let refers = v.refers.get_or_insert_with(Default::default);
                if refers.resources.is_empty() {
                    refers.resources.push(res);
                    refers.path = path
                        .iter()
                        .map(|s| match s {
                            Seg::Key(k) => k.clone(),
                            Seg::Index(i) => i.to_string(),
                        })
                        .collect();
                }
                if path.is_empty() && refers.text.is_none() {
                    refers.text = self.res_id(res, at).text_with_holes();
                }
                v
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
                Ev::unknown(first_hole(&pieces).unwrap_or_else(|| "unknown".into()), at)
                    .with_origins(o),
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
                        let mut pieces = Vec::new();
                        self.pieces_of(self.res_id(res, at), &mut pieces);
                        pieces.push(Piece::Text(format!("/{coll}/")));
                        match element.get("name") {
                            Some(n) => self.pieces_of(Ev::V(n.clone()), &mut pieces),
                            None => pieces
                                .push(Piece::Hole(format!("the element of '{coll}' has no name"))),
                        }
                        return Some(from_pieces(pieces, at));
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
                from_pieces(pieces, at)
            }
            ExprKind::Num(n) => mk(at, ValKind::Num(*n)),
            ExprKind::Bool(b) => mk(at, ValKind::Bool(*b)),
            ExprKind::Null => mk(at, ValKind::Null),
            ExprKind::Ident(n) => self.ident(n, env, at),
            ExprKind::Object(_) | ExprKind::Array(_) => Ev::Syn(e, env.clone(), Vec::new()),
            ExprKind::Spread(inner) => self.eval(inner, env),
            ExprKind::Call { ns, name, args } => {
                self.call(ns.as_deref(), &name.name, args, env, at)
            }
            ExprKind::Member { base, name, safe } => {
                if let ExprKind::Call { name: f, args, .. } = &base.kind {
                    if args.is_empty() {
                        if let Some(reason) = deployment_context(&f.name, &name.name) {
                            return Ev::unknown(reason, at);
                        }
                    }
                }
                let b = self.eval(base, env);
                match self.get(b, &name.name, at) {
                    Some(v) => v,
                    None if *safe => mk(at, ValKind::Null),
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
            ExprKind::Not(x) => match self.force(self.eval(x, env), Some(at)).kind {
                ValKind::Bool(b) => mk(at, ValKind::Bool(!b)),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("'!' needs a boolean", at),
            },
            ExprKind::Neg(x) => match self.force(self.eval(x, env), Some(at)).kind {
                ValKind::Num(n) => mk(at, ValKind::Num(-n)),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("'-' needs a number", at),
            },
            ExprKind::NonNull(x) => self.eval(x, env),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, env, at),
            ExprKind::Ternary(c, a, b) => {
                let cond = self.force(self.eval(c, env), Some(at));
                match cond.kind {
                    ValKind::Bool(true) => self.eval(a, env),
                    ValKind::Bool(false) => self.eval(b, env),
                    ValKind::Unknown(r) => {
                        Ev::unknown(format!("the condition is not known: {r}"), at)
                    }
                    other => Ev::unknown(format!("the condition is a {}", type_name(&other)), at),
                }
            }
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
                        e2 = e2.bind(&n.name, mk(at, ValKind::Num(i as f64)));
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
                mk(at, ValKind::List(out))
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
                mk(at, ValKind::Map(members))
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
                mk(at, ValKind::List(out))
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
                        None if safe => mk(at, ValKind::Null),
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
                (Ev::Part(p, _), _) => Some(Ev::unknown(
                    first_hole(&p).unwrap_or_else(|| "unknown".into()),
                    at,
                )),
                (_, other) => Some(Ev::unknown(
                    format!("cannot index by a {}", type_name(other)),
                    at,
                )),
            };
        match out {
            Some(v) => v,
            None if safe => mk(at, ValKind::Null),
            None => Ev::unknown("the index is out of range or the key is absent", at),
        }
    }

    fn binary(&self, op: BinOp, a: &'a Expr, b: &'a Expr, env: &Env<'a>, at: Loc) -> Ev<'a> {
        if op == BinOp::Coalesce {
            let l = self.force(self.eval(a, env), None);
            return match l.kind {
                ValKind::Null => self.eval(b, env),
                _ => Ev::V(l),
            };
        }
        if matches!(op, BinOp::And | BinOp::Or) {
            let decisive = op == BinOp::Or;
            let mut unknown = None;
            for x in [a, b] {
                match self.force(self.eval(x, env), Some(at)).kind {
                    ValKind::Bool(v) if v == decisive => return mk(at, ValKind::Bool(v)),
                    ValKind::Bool(_) => {}
                    ValKind::Unknown(r) => unknown = unknown.or(Some(r)),
                    _ => return Ev::unknown("'&&' and '||' need booleans", at),
                }
            }
            return match unknown {
                Some(r) => Ev::unknown(r, at),
                None => mk(at, ValKind::Bool(!decisive)),
            };
        }
        let l = self.force(self.eval(a, env), Some(at));
        let r = self.force(self.eval(b, env), Some(at));
        if let Some(u) = [&l, &r].into_iter().find(|v| v.is_unknown()) {
            return Ev::V(u.clone());
        }
        let kind = match (op, &l.kind, &r.kind) {
            (BinOp::Eq, _, _) => ValKind::Bool(same(&l, &r)),
            (BinOp::Ne, _, _) => ValKind::Bool(!same(&l, &r)),
            (BinOp::EqI, ValKind::Str(x), ValKind::Str(y)) => {
                ValKind::Bool(x.eq_ignore_ascii_case(y))
            }
            (BinOp::NeI, ValKind::Str(x), ValKind::Str(y)) => {
                ValKind::Bool(!x.eq_ignore_ascii_case(y))
            }
            (_, ValKind::Num(x), ValKind::Num(y)) => match op {
                BinOp::Lt => ValKind::Bool(x < y),
                BinOp::Le => ValKind::Bool(x <= y),
                BinOp::Gt => ValKind::Bool(x > y),
                BinOp::Ge => ValKind::Bool(x >= y),
                BinOp::Add => ValKind::Num(x + y),
                BinOp::Sub => ValKind::Num(x - y),
                BinOp::Mul => ValKind::Num(x * y),
                BinOp::Div if *y != 0.0 => ValKind::Num((x / y).trunc()),
                BinOp::Mod if *y != 0.0 => ValKind::Num(x % y),
                _ => return Ev::unknown("the operation is not evaluated", at),
            },
            _ => return Ev::unknown("the operation is not evaluated", at),
        };
        mk(at, kind)
    }

    fn pieces_of(&self, ev: Ev<'a>, out: &mut Vec<Piece>) {
        match ev {
            Ev::V(v) => match v.kind {
                ValKind::Str(s) => out.push(Piece::Text(s)),
                ValKind::Num(n) => out.push(Piece::Text(number_text(n))),
                ValKind::Bool(b) => out.push(Piece::Text(if b { "True" } else { "False" }.into())),
                ValKind::Unknown(r) => out.push(Piece::Hole(r)),
                ValKind::Null => {}
                other => out.push(Piece::Hole(format!(
                    "a {} is not a string",
                    type_name(&other)
                ))),
            },
            Ev::Part(p, _) => out.extend(p),
            other => {
                let v = self.force(other, None);
                self.pieces_of(Ev::V(v), out)
            }
        }
    }

    // ---- functions ----

    fn call(
        &self,
        ns: Option<&str>,
        name: &str,
        args: &'a [Expr],
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        let lname = name.to_ascii_lowercase();
        if let Some(ns) = ns {
            if !matches!(ns, "az" | "sys") {
                return Ev::unknown(
                    format!("user-defined function '{ns}.{name}' is not evaluated"),
                    at,
                );
            }
        }
        let argv = |i: usize| -> Val {
            match args.get(i) {
                Some(a) => self.force(self.eval(a, env), Some(at)),
                None => Val::unknown("missing argument", Some(at)),
            }
        };
        match lname.as_str() {
            "concat" => {
                let evs: Vec<Ev<'a>> = args.iter().map(|a| self.eval(a, env)).collect();
                let arrays = evs
                    .iter()
                    .any(|e| matches!(e, Ev::V(v) if matches!(v.kind, ValKind::List(_))));
                if arrays {
                    let mut out = Vec::new();
                    for e in evs {
                        let v = self.force(e, Some(at));
                        match v.kind {
                            ValKind::List(items) => out.extend(items),
                            ValKind::Unknown(_) => return Ev::V(v),
                            ValKind::Null => {}
                            _ => out.push(v),
                        }
                    }
                    return mk(at, ValKind::List(out));
                }
                let mut pieces = Vec::new();
                for e in evs {
                    self.pieces_of(e, &mut pieces);
                }
                from_pieces(pieces, at)
            }
            "format" => self.format(args, env, at),
            "tolower" | "toupper" => {
                let upper = lname == "toupper";
                let conv = |s: &str| {
                    if upper {
                        s.to_uppercase()
                    } else {
                        s.to_lowercase()
                    }
                };
                match args.first().map(|a| self.eval(a, env)) {
                    Some(Ev::V(Val {
                        kind: ValKind::Str(s),
                        origin,
                        ..
                    })) => {
                        let mut v = Val::new(ValKind::Str(conv(&s)), Some(at));
                        v.origin = origin;
                        Ev::V(v)
                    }
                    Some(Ev::Part(pieces, o)) => Ev::Part(
                        pieces
                            .into_iter()
                            .map(|p| match p {
                                Piece::Text(t) => Piece::Text(conv(&t)),
                                h => h,
                            })
                            .collect(),
                        o,
                    ),
                    Some(Ev::V(u)) if u.is_unknown() => Ev::V(u),
                    _ => Ev::unknown(format!("{name}() needs a string"), at),
                }
            }
            "empty" => match argv(0).kind {
                ValKind::Null => mk(at, ValKind::Bool(true)),
                ValKind::Str(s) => mk(at, ValKind::Bool(s.is_empty())),
                ValKind::List(l) => mk(at, ValKind::Bool(l.is_empty())),
                ValKind::Map(m) => mk(at, ValKind::Bool(m.is_empty())),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("empty() of this value", at),
            },
            "coalesce" => {
                for i in 0..args.len() {
                    let v = argv(i);
                    match v.kind {
                        ValKind::Null => continue,
                        _ => return Ev::V(v),
                    }
                }
                mk(at, ValKind::Null)
            }
            "length" => match argv(0).kind {
                ValKind::Str(s) => mk(at, ValKind::Num(s.chars().count() as f64)),
                ValKind::List(l) => mk(at, ValKind::Num(l.len() as f64)),
                ValKind::Map(m) => mk(at, ValKind::Num(m.len() as f64)),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                other => Ev::unknown(format!("length() of a {}", type_name(&other)), at),
            },
            "contains" | "startswith" | "endswith" => {
                let (a, b) = (argv(0), argv(1));
                if let Some(u) = [&a, &b].into_iter().find(|v| v.is_unknown()) {
                    return Ev::V(u.clone());
                }
                let r = match (lname.as_str(), &a.kind, &b.kind) {
                    ("contains", ValKind::Str(s), ValKind::Str(t)) => s.contains(t.as_str()),
                    ("contains", ValKind::List(l), _) => l.iter().any(|i| same(i, &b)),
                    ("contains", ValKind::Map(m), ValKind::Str(k)) => {
                        m.iter().any(|(k2, _)| k2.eq_ignore_ascii_case(k))
                    }
                    ("startswith", ValKind::Str(s), ValKind::Str(t)) => {
                        s.to_lowercase().starts_with(&t.to_lowercase())
                    }
                    ("endswith", ValKind::Str(s), ValKind::Str(t)) => {
                        s.to_lowercase().ends_with(&t.to_lowercase())
                    }
                    _ => return Ev::unknown(format!("{name}() of these arguments"), at),
                };
                mk(at, ValKind::Bool(r))
            }
            "first" | "last" => {
                let v = argv(0);
                let pick = |n: usize| {
                    if lname == "first" {
                        0
                    } else {
                        n.saturating_sub(1)
                    }
                };
                match &v.kind {
                    ValKind::List(l) => match l.get(pick(l.len())) {
                        Some(i) => {
                            let mut i = i.clone();
                            if i.origin.is_empty() {
                                i.origin = v.origin.clone();
                            }
                            Ev::V(i)
                        }
                        None => mk(at, ValKind::Null),
                    },
                    ValKind::Str(s) => {
                        let c: Vec<char> = s.chars().collect();
                        let t = c
                            .get(pick(c.len()))
                            .map(|c| c.to_string())
                            .unwrap_or_default();
                        mk(at, ValKind::Str(t))
                    }
                    ValKind::Unknown(_) => Ev::V(v),
                    other => Ev::unknown(format!("{name}() of a {}", type_name(other)), at),
                }
            }
            "replace" => match (argv(0).kind, argv(1).kind, argv(2).kind) {
                (ValKind::Str(s), ValKind::Str(a), ValKind::Str(b)) if !a.is_empty() => {
                    mk(at, ValKind::Str(s.replace(&a, &b)))
                }
                (ValKind::Unknown(r), _, _)
                | (_, ValKind::Unknown(r), _)
                | (_, _, ValKind::Unknown(r)) => Ev::unknown(r, at),
                _ => Ev::unknown("replace() needs strings", at),
            },
            "trim" => match argv(0).kind {
                ValKind::Str(s) => mk(at, ValKind::Str(s.trim().to_string())),
                ValKind::Unknown(r) => Ev::unknown(r, at),
                _ => Ev::unknown("trim() needs a string", at),
            },
            "split" => match (argv(0).kind, argv(1).kind) {
                (ValKind::Str(s), ValKind::Str(d)) if !d.is_empty() => mk(
                    at,
                    ValKind::List(
                        s.split(d.as_str())
                            .map(|p| Val::new(ValKind::Str(p.to_string()), Some(at)))
                            .collect(),
                    ),
                ),
                (ValKind::Unknown(r), _) | (_, ValKind::Unknown(r)) => Ev::unknown(r, at),
                _ => Ev::unknown("split() needs a string and a delimiter", at),
            },
            "join" => match (argv(0).kind, argv(1).kind) {
                (ValKind::List(l), ValKind::Str(d)) => {
                    let mut parts = Vec::new();
                    for i in l {
                        match i.kind {
                            ValKind::Str(s) => parts.push(s),
                            ValKind::Num(n) => parts.push(number_text(n)),
                            ValKind::Unknown(r) => return Ev::unknown(r, at),
                            _ => return Ev::unknown("join() needs strings", at),
                        }
                    }
                    mk(at, ValKind::Str(parts.join(&d)))
                }
                (ValKind::Unknown(r), _) | (_, ValKind::Unknown(r)) => Ev::unknown(r, at),
                _ => Ev::unknown("join() needs an array and a delimiter", at),
            },
            "string" => {
                let v = argv(0);
                match &v.kind {
                    ValKind::Str(_) => Ev::V(v),
                    ValKind::Num(n) => mk(at, ValKind::Str(number_text(*n))),
                    ValKind::Bool(b) => {
                        mk(at, ValKind::Str(if *b { "True" } else { "False" }.into()))
                    }
                    ValKind::Unknown(_) => Ev::V(v),
                    _ => Ev::unknown("string() of an object or array is not evaluated", at),
                }
            }
            "union" => {
                let vals: Vec<Val> = (0..args.len()).map(argv).collect();
                if let Some(u) = vals.iter().find(|v| v.is_unknown()) {
                    return Ev::V(u.clone());
                }
                if vals.iter().all(|v| matches!(v.kind, ValKind::Map(_))) {
                    let mut out: Vec<(String, Val)> = Vec::new();
                    for v in vals {
                        if let ValKind::Map(m) = v.kind {
                            for (k, x) in m {
                                out.retain(|(k2, _)| !k2.eq_ignore_ascii_case(&k));
                                out.push((k, x));
                            }
                        }
                    }
                    return mk(at, ValKind::Map(out));
                }
                Ev::unknown("union() of these arguments is not evaluated", at)
            }
            "resourceid"
            | "subscriptionresourceid"
            | "tenantresourceid"
            | "extensionresourceid"
            | "managementgroupresourceid" => self.resource_id_call(&lname, name, args, env, at),
            "resourcegroup" | "subscription" | "deployment" | "tenant" | "managementgroup"
            | "environment" => Ev::unknown(format!("{name}() is decided at deployment"), at),
            "uniquestring" | "guid" | "newguid" | "utcnow" | "datetimeadd"
            | "datetimefromepoch" | "datetimetoepoch" => {
                Ev::unknown(format!("{name}() is computed at deployment"), at)
            }
            "readenvironmentvariable" => {
                let var = match argv(0).kind {
                    ValKind::Str(s) => format!("'{s}'"),
                    _ => String::new(),
                };
                Ev::unknown(
                    format!(
                        "readEnvironmentVariable({var}) is read from the environment when the parameters are built"
                    ),
                    at,
                )
            }
            "any" => match args.first() {
                Some(a) => self.eval(a, env),
                None => Ev::unknown("any() needs an argument", at),
            },
            _ if lname.starts_with("list") => {
                Ev::unknown(format!("{name}() reads the resource at deployment"), at)
            }
            _ => Ev::unknown(format!("{name}() is not evaluated"), at),
        }
    }

    fn format(&self, args: &'a [Expr], env: &Env<'a>, at: Loc) -> Ev<'a> {
        let Some(first) = args.first() else {
            return Ev::unknown("format() needs a format string", at);
        };
        let fmt = self.force(self.eval(first, env), Some(at));
        let fmt = match fmt.kind {
            ValKind::Str(s) => s,
            ValKind::Unknown(_) => return Ev::V(fmt),
            _ => return Ev::unknown("format() needs a format string", at),
        };
        let values: Vec<Ev<'a>> = args[1..].iter().map(|a| self.eval(a, env)).collect();
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
                        return Ev::unknown(
                            format!("format(): placeholder {{{spec}}} has no argument"),
                            at,
                        );
                    };
                    if style.is_some()
                        && !matches!(
                            value,
                            Ev::V(Val {
                                kind: ValKind::Str(_),
                                ..
                            })
                        )
                    {
                        return Ev::unknown(
                            format!("format(): the format spec in {{{spec}}} is not evaluated"),
                            at,
                        );
                    }
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    self.pieces_of(value.clone(), &mut pieces);
                }
                c => text.push(c),
            }
        }
        pieces.push(Piece::Text(text));
        from_pieces(pieces, at)
    }

    fn resource_id_call(
        &self,
        lname: &str,
        name: &str,
        args: &'a [Expr],
        env: &Env<'a>,
        at: Loc,
    ) -> Ev<'a> {
        let evs: Vec<Ev<'a>> = args.iter().map(|a| self.eval(a, env)).collect();
        let is_type = |e: &Ev<'a>| matches!(e, Ev::V(Val { kind: ValKind::Str(s), .. }) if s.contains('/') && !s.starts_with('/'));
        let search_from = usize::from(lname == "extensionresourceid");
        let Some(type_pos) = evs
            .iter()
            .skip(search_from)
            .position(is_type)
            .map(|p| p + search_from)
        else {
            return Ev::unknown(
                format!("{name}(): the resource type is not known statically"),
                at,
            );
        };
        let mut evs = evs;
        let names = evs.split_off(type_pos + 1);
        let ty = match evs.pop() {
            Some(Ev::V(Val {
                kind: ValKind::Str(t),
                ..
            })) => t,
            _ => return Ev::unknown(format!("{name}(): no resource type"), at),
        };
        let mut scope_args = evs.into_iter();
        let mut pieces = Vec::new();
        let hole = |r: &str| Piece::Hole(r.to_string());
        let text = |t: &str| Piece::Text(t.to_string());
        match lname {
            "resourceid" => {
                let (sub, rg) = match (scope_args.next(), scope_args.next()) {
                    (Some(s), Some(r)) => (Some(s), Some(r)),
                    (Some(r), None) => (None, Some(r)),
                    _ => (None, None),
                };
                pieces.push(text("/subscriptions/"));
                match sub {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(SUBSCRIPTION_HOLE)),
                }
                pieces.push(text("/resourceGroups/"));
                match rg {
                    Some(r) => self.pieces_of(r, &mut pieces),
                    None => pieces.push(hole(RESOURCE_GROUP_HOLE)),
                }
            }
            "subscriptionresourceid" => {
                pieces.push(text("/subscriptions/"));
                match scope_args.next() {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(SUBSCRIPTION_HOLE)),
                }
            }
            "managementgroupresourceid" => {
                pieces.push(text("/providers/Microsoft.Management/managementGroups/"));
                match scope_args.next() {
                    Some(s) => self.pieces_of(s, &mut pieces),
                    None => pieces.push(hole(
                        "the id uses the management group the template is deployed to",
                    )),
                }
            }
            "extensionresourceid" => {
                if let Some(s) = scope_args.next() {
                    self.pieces_of(s, &mut pieces);
                }
            }
            _ => {}
        }
        pieces.push(text("/providers/"));
        let mut segments = ty.split('/').filter(|s| !s.is_empty());
        if let Some(ns) = segments.next() {
            pieces.push(text(ns));
        }
        let mut names = names.into_iter();
        for t in segments {
            pieces.push(Piece::Text(format!("/{t}/")));
            match names.next() {
                Some(n) => self.pieces_of(n, &mut pieces),
                None => pieces.push(hole("the id lacks a resource name")),
            }
        }
        from_pieces(pieces, at)
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

fn mk<'a>(at: Loc, kind: ValKind) -> Ev<'a> {
    Ev::V(Val::new(kind, Some(at)))
}

fn first_hole(pieces: &[Piece]) -> Option<String> {
    pieces.iter().find_map(|p| match p {
        Piece::Hole(r) => Some(r.clone()),
        Piece::Text(_) => None,
    })
}

fn from_pieces<'a>(pieces: Vec<Piece>, at: Loc) -> Ev<'a> {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(last)), Piece::Text(t)) => last.push_str(&t),
            (_, p) => merged.push(p),
        }
    }
    if merged.iter().all(|p| matches!(p, Piece::Text(_))) {
        let s: String = merged
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Hole(_) => String::new(),
            })
            .collect();
        mk(at, ValKind::Str(s))
    } else {
        Ev::Part(merged, Vec::new())
    }
}

/// `resourceGroup().location` and friends, with the ARM front-end's reasons.
fn deployment_context(name: &str, key: &str) -> Option<String> {
    let by = match name.to_ascii_lowercase().as_str() {
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
    Some(format!("{name}().{key} {by}"))
}

fn type_name(v: &ValKind) -> &'static str {
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

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Structural equality, as ARM's `equals()`.
fn same(a: &Val, b: &Val) -> bool {
    match (&a.kind, &b.kind) {
        (ValKind::Str(x), ValKind::Str(y)) => x == y,
        (ValKind::Num(x), ValKind::Num(y)) => x == y,
        (ValKind::Bool(x), ValKind::Bool(y)) => x == y,
        (ValKind::Null, ValKind::Null) => true,
        (ValKind::List(x), ValKind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (ValKind::Map(x), ValKind::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(k2, _)| k2.eq_ignore_ascii_case(k))
                        .is_some_and(|(_, v2)| same(v, v2))
                })
        }
        _ => false,
    }
}
