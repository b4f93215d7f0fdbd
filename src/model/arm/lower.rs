//! From the evaluator to the resolve layer: every declared resource (and `existing`
//! reference) of the template and its nested deployments, with its body evaluated on demand.
//! Where a value is placed: at the JSON node inside the resource's own object, else at the
//! expression that led out of it (a parameter, a variable, `reference()`).

use crate::model::{
    Declaration, Evaluated, FileId, Loc, Lowered, Project, RawResource, ResourceId, Step, TypeRef,
    Val, ValKind,
};
use crate::syntax::json;

use std::path::Path;
use std::sync::Arc;

use super::eval::{Env, Ev, JsonRef};
use super::links::LinkedFiles;
use super::template::{Ctx, ModuleArgs, ResId};

/// See [`crate::model::arm::lower`].
pub(crate) fn lower(
    project: &mut Project,
    template: FileId,
    params: Option<FileId>,
    load: &dyn Fn(&Path) -> Option<Arc<String>>,
    resolve: crate::model::Resolve,
) -> Lowered {
    let mut out = Lowered::default();
    let Some(parsed) = parse(project, template, &mut out) else {
        return out;
    };
    let params_parsed =
        params.and_then(|p| project.files.get(p).map(|f| (p, json::parse(&f.text))));
    if let Some((p, pp)) = &params_parsed {
        out.syntax_errors
            .extend(pp.errors.iter().cloned().map(|e| (*p, e)));
    }
    let Some(root) = parsed.value.as_ref().filter(|v| v.is_object()) else {
        return out;
    };
    let links = LinkedFiles::read(project, template, root, load);
    for (file, linked) in &links.parsed {
        out.syntax_errors
            .extend(linked.errors.iter().cloned().map(|e| (*file, e)));
    }
    let project: &Project = project;
    let param_values = params_parsed.as_ref().and_then(|(p, pp)| {
        let values = pp.value.as_ref()?.get("parameters")?;
        values.is_object().then_some((*p, values))
    });
    let ctx = Ctx::new(project, template, root, param_values, &links, None);
    out.resources = resolve_template(ctx, resolve);
    out
}

/// Lowers the compiled template `template` that a Bicep module statement uses (a registry
/// module from the restore cache), with the values it passes (`args`). Linked templates are
/// not followed from it: Bicep compiles modules into nested deployments.
pub(crate) fn lower_module(
    project: &Project,
    template: FileId,
    args: &ModuleArgs,
    resolve: crate::model::Resolve,
) -> Lowered {
    let mut out = Lowered::default();
    let Some(parsed) = parse(project, template, &mut out) else {
        return out;
    };
    let Some(root) = parsed.value.as_ref().filter(|v| v.is_object()) else {
        return out;
    };
    let links = LinkedFiles::default();
    let ctx = Ctx::new(project, template, root, None, &links, Some(args));
    out.resources = resolve_template(ctx, resolve);
    out
}

/// The template file parsed, its syntax errors added to `out`.
fn parse(project: &Project, template: FileId, out: &mut Lowered) -> Option<json::Parsed> {
    let parsed = parse_template_text(&project.files.get(template)?.text);
    out.syntax_errors
        .extend(parsed.errors.iter().cloned().map(|e| (template, e)));
    Some(parsed)
}

/// A template's text parsed. A file that is JSON only once Terraform's `templatefile()`
/// renders it (`"count": ${count}`) is read with its template syntax masked, so it gives no
/// syntax errors; its placeholders are values not known here.
pub(crate) fn parse_template_text(text: &str) -> json::Parsed {
    let parsed = json::parse(text);
    if parsed.errors.is_empty() {
        return parsed;
    }
    match crate::syntax::json_template::mask(text).map(|masked| json::parse(&masked)) {
        Some(masked) if masked.errors.is_empty() => masked,
        _ => parsed,
    }
}

fn resolve_template(ctx: Ctx, resolve: crate::model::Resolve) -> Vec<crate::model::Resource> {
    let evaluated = Template {
        raw: (0..ctx.resources.len())
            .map(|r| ctx.raw_resource(r))
            .collect(),
        ctx,
    };
    resolve(&evaluated)
}

/// The template's resources as the resolve layer reads them.
struct Template<'a> {
    ctx: Ctx<'a>,
    raw: Vec<RawResource>,
}

impl Evaluated for Template<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        if path.is_empty() {
            return Some(self.ctx.force(Ev::Json(self.ctx.own_json(res)), None));
        }
        let cur = self.ctx.walk(res, path)?;
        Some(self.ctx.force(cur.ev, Some(cur.at)))
    }

    fn items(&self, res: ResourceId, path: &[Step]) -> Option<Result<usize, Val>> {
        let cur = self.ctx.walk(res, path)?;
        Some(self.ctx.elements(cur).map(|items| items.len()))
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        self.ctx.res_name_text(res).into_iter().collect()
    }

    fn parent(&self, res: ResourceId) -> Option<Val> {
        let parent = self.ctx.resources[res].parent?;
        Some(crate::model::raw::reference_to(
            parent,
            None,
            "the parent resource",
        ))
    }
}

/// A position while walking into a resource: the value there, and the place the rules should
/// point at (the node itself while inside the resource's own JSON, else the expression that
/// led out of it).
struct Cursor<'a> {
    ev: Ev<'a>,
    at: Loc,
    /// Still inside the resource's own JSON (not reached through a parameter or variable).
    own: bool,
}

impl<'a> Ctx<'a> {
    fn raw_resource(&self, id: ResId) -> RawResource {
        let r = &self.resources[id];
        let file = self.scopes[r.scope].file;
        RawResource {
            type_ref: TypeRef::Arm(r.arm_type.clone()),
            type_name: r.type_written.to_string(),
            name: self.res_display(id),
            decl: self.loc(file, r.type_node.range),
            name_ranges: r
                .node
                .get("name")
                .map(|n| self.loc(file, n.range))
                .into_iter()
                .collect(),
            declaration: if r.existing {
                Declaration::Existing
            } else {
                Declaration::Managed
            },
            scope: r.scope as u32,
        }
    }

    fn own_json(&self, id: ResId) -> JsonRef<'a> {
        let r = &self.resources[id];
        JsonRef {
            scope: r.scope,
            file: self.scopes[r.scope].file,
            node: r.node,
            origin: Vec::new(),
            owner: None,
        }
    }

    fn env(&self, id: ResId, at: Loc) -> Env {
        let r = &self.resources[id];
        Env { scope: r.scope, at }
    }

    /// Walks a path from the resource object; `None` when a property is absent.
    fn walk(&self, id: ResId, path: &[Step]) -> Option<Cursor<'a>> {
        let r = &self.resources[id];
        let file = self.scopes[r.scope].file;
        let mut cur = Cursor {
            ev: Ev::Json(self.own_json(id)),
            at: self.loc(file, r.node.range),
            own: true,
        };
        for step in path {
            cur = match step {
                Step::Key(key) => self.step(id, cur, key)?,
                Step::Index(i) => self.elements(cur).ok()?.into_iter().nth(*i)?,
            };
        }
        Some(cur)
    }

    fn step(&self, id: ResId, cur: Cursor<'a>, key: &str) -> Option<Cursor<'a>> {
        match cur.ev {
            Ev::Json(j) if cur.own => {
                let Some(m) = j.node.member(key) else {
                    // Maybe a property `copy` loop makes it.
                    let ev = self.member(Ev::Json(j), key, self.env(id, cur.at))?;
                    return Some(Cursor {
                        ev,
                        at: cur.at,
                        own: false,
                    });
                };
                let at = self.loc(j.file, m.value.range);
                let ev = self.json_child(&j, &m.value, Some(key));
                let own = matches!(ev, Ev::Json(ref c) if c.origin.is_empty());
                Some(Cursor { ev, at, own })
            }
            ev => {
                let ev = self.member(ev, key, self.env(id, cur.at))?;
                Some(Cursor {
                    ev,
                    at: cur.at,
                    own: false,
                })
            }
        }
    }

    /// The elements of an array at a cursor, or the unknown value it is.
    fn elements(&self, cur: Cursor<'a>) -> Result<Vec<Cursor<'a>>, Val> {
        match cur.ev {
            Ev::Json(j) if j.node.is_array() => Ok(j
                .node
                .items()
                .iter()
                .map(|item| {
                    let ev = self.json_child(&j, item, None);
                    let own = cur.own && matches!(ev, Ev::Json(ref c) if c.origin.is_empty());
                    let at = if cur.own {
                        self.loc(j.file, item.range)
                    } else {
                        cur.at
                    };
                    Cursor { ev, at, own }
                })
                .collect()),
            ev => {
                let v = self.force(ev, Some(cur.at));
                match v.kind {
                    ValKind::List(items) => Ok(items
                        .into_iter()
                        .map(|item| Cursor {
                            ev: Ev::V(item),
                            at: cur.at,
                            own: false,
                        })
                        .collect()),
                    ValKind::Null => Ok(Vec::new()),
                    ValKind::Unknown(_) => Err(v),
                    _ => Err(Val::unknown("the value is not an array", Some(cur.at))),
                }
            }
        }
    }
}
