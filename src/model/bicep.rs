//! Lowering of Bicep files (and `.bicepparam` files) into the model.
//!
//! - Every reachable file is parsed first: the main file, its `.bicepparam` file, and the
//!   local modules (`module m './x.bicep'`, read through `load` and appended to
//!   [`Project::files`]). Registry modules (`br:`, `br/`) that `bicep restore` put in the
//!   local cache are read from there ([`registry`]): their compiled template is lowered as
//!   an ARM template with the values the module statement passes. Template specs (`ts:`) and
//!   modules not in the cache are not followed, and a value read from their outputs is
//!   unknown with that reason.
//! - Each file instance is a *unit*: the main file, and one unit per module statement (a file
//!   used by two module statements is two units: the parameters passed differ).
//! - Values are evaluated lazily, with provenance, as the ARM front-end does (same reasons for
//!   `resourceGroup().location`, `deployment().location`, the same ids with holes for
//!   `resourceId()` and symbolic `vnet.id`): a parameter is the `.bicepparam` value, else the
//!   value a module statement passes, else its default. An `@allowed` list is kept in the
//!   parameter's provenance note. A resource loop over a known array is one resource per
//!   element (`r[i]` is the `i`th); over an array not known, its loop variables are unknown
//!   ("varies per iteration"). Value loops over known arrays are expanded, and lambda
//!   functions (`filter`, `map`, `reduce`...) are applied.
//!
//! Resources reach the resolve layer as [`super::arm`]'s do: by their ARM type, the type string
//! as declaration, the body evaluated on demand, a nested resource (or one with `parent:`)
//! with its parent, and a value read from a resource symbol remembering that resource.

mod eval;
mod registry;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    Evaluated, FileId, FileKind, Lowered, Project, RawResource, Resolve, ResourceId, SourceFile,
    Step, Val,
};
use crate::paths::normal;
use crate::syntax::bicep::{self as ast, ExprKind, StmtKind};

/// The template a `.bicepparam` file applies to: the path in its `using '...'` statement, as
/// written (relative to the `.bicepparam` file's folder). `None` without a local `using`.
pub fn using_target(text: &str) -> Option<String> {
    let file = ast::parse(text);
    file.stmts.iter().find_map(|s| match &s.kind {
        StmtKind::Using { path: Some(p) } => p
            .as_str()
            .filter(|p| is_local_path(p))
            .map(|p| p.to_string()),
        _ => None,
    })
}

/// Whether a module or `using` path is a local file (not a registry or template spec).
fn is_local_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    let remote = ["br:", "br/", "ts:", "ts/"]
        .iter()
        .any(|r| l.starts_with(r));
    !remote && !p.is_empty()
}

/// Lowers the Bicep file `main`, with the values of the `.bicepparam` file `params` when given.
/// Local modules (`module m './x.bicep'`) are read through `load` (a path relative to the
/// current directory, as `project.files[main].path` is) and appended to `project.files`, so
/// findings inside them can point there.
pub fn lower(
    project: &mut Project,
    main: FileId,
    params: Option<FileId>,
    load: &dyn Fn(&Path) -> Option<Arc<String>>,
    resolve: Resolve,
) -> Lowered {
    let Some(main_file) = project.files.get(main) else {
        return Lowered::default();
    };
    let main_ast = ast::parse(&main_file.text);
    let mut parsed: Vec<(FileId, ast::File)> = vec![(main, main_ast)];
    let params_parsed = params.and_then(|p| project.files.get(p).map(|f| (p, ast::parse(&f.text))));
    let remote = load_modules(project, &mut parsed, load);
    let mut out = Lowered::default();
    for (id, file) in parsed.iter().chain(params_parsed.iter()) {
        out.syntax_errors
            .extend(file.errors.iter().cloned().map(|e| (*id, e)));
    }
    let ctx = eval::Ctx::new(project, &parsed, params_parsed.as_ref(), &remote);
    let evaluated = Template {
        raw: ctx.raw_resources(),
        ctx,
    };
    out.resources = resolve(&evaluated);
    let ctx = &evaluated.ctx;
    for call in &ctx.registry_calls {
        let value = |name: &str| ctx.registry_arg(call, name);
        let args = super::arm::ModuleArgs {
            module: ctx.registry_label(call),
            value: &value,
        };
        let module = super::arm::lower_module(project, call.file, &args, resolve);
        out.resources.extend(module.resources);
        out.syntax_errors.extend(module.syntax_errors);
    }
    out
}

/// The resources of a Bicep file and its modules, as the resolve layer reads them.
struct Template<'a> {
    ctx: eval::Ctx<'a>,
    raw: Vec<RawResource>,
}

impl Evaluated for Template<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        self.ctx.value_at(res, path)
    }

    fn items(&self, res: ResourceId, path: &[Step]) -> Option<Result<usize, Val>> {
        self.ctx.items_at(res, path)
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        self.ctx.names_of(res)
    }

    fn parent(&self, res: ResourceId) -> Option<Val> {
        let parent = self.ctx.parent_of(res)?;
        Some(super::raw::reference_to(
            parent,
            None,
            "the parent resource",
        ))
    }
}

/// Most module files followed from one main file.
const MAX_MODULE_FILES: usize = 200;

/// Parses every local module reachable from the files parsed so far, appending new files to
/// the project, and reads the compiled templates of the registry modules they use from the
/// restore cache.
fn load_modules(
    project: &mut Project,
    parsed: &mut Vec<(FileId, ast::File)>,
    load: &dyn Fn(&Path) -> Option<Arc<String>>,
) -> eval::RemoteModules {
    let mut remote = eval::RemoteModules::default();
    let mut by_path: HashMap<PathBuf, FileId> = project
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (normal(&f.path), i))
        .collect();
    // The nearest `bicepconfig.json` of each folder, read once.
    let mut configs: HashMap<PathBuf, registry::BicepConfig> = HashMap::new();
    let mut next = 0;
    while next < parsed.len() {
        let (file, _) = &parsed[next];
        let dir = project.files[*file]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let targets: Vec<PathBuf> = module_paths(&parsed[next].1)
            .into_iter()
            .map(|p| normal(&dir.join(p)))
            .collect();
        let file = *file;
        for reference in remote_paths(&parsed[next].1) {
            let config = configs
                .entry(dir.clone())
                .or_insert_with(|| registry::BicepConfig::find(&dir, load));
            let found = match registry::locate(&reference, config, load) {
                registry::Remote::Registry { main_json, text } => {
                    let key = normal(&main_json);
                    match by_path.get(&key) {
                        Some(&id) => Ok(id),
                        None if project.files.len() < MAX_MODULE_FILES * 2 => {
                            project.files.push(SourceFile {
                                path: main_json,
                                text,
                                kind: FileKind::ArmTemplate,
                            });
                            by_path.insert(key, project.files.len() - 1);
                            Ok(project.files.len() - 1)
                        }
                        None => Err(format!(
                            "registry module `{reference}` is not read: the template uses too many modules"
                        )),
                    }
                }
                registry::Remote::NotFollowed(why) => Err(why),
            };
            remote.insert((file, reference), found);
        }
        next += 1;
        for path in targets {
            if parsed.len() >= MAX_MODULE_FILES {
                return remote;
            }
            let key = normal(&path);
            let id = match by_path.get(&key) {
                Some(&id) => id,
                None => {
                    let Some(text) = load(&path) else {
                        continue;
                    };
                    project.files.push(SourceFile {
                        path: path.clone(),
                        text,
                        kind: FileKind::Bicep,
                    });
                    let id = project.files.len() - 1;
                    by_path.insert(key, id);
                    id
                }
            };
            if parsed.iter().any(|(f, _)| *f == id) {
                continue;
            }
            let file = ast::parse(&project.files[id].text);
            parsed.push((id, file));
        }
    }
    remote
}

/// The registry and template-spec modules a file uses, as written.
fn remote_paths(file: &ast::File) -> Vec<String> {
    file.stmts
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Module { path, .. } => match &path.kind {
                ExprKind::Str { value, .. } if !value.is_empty() && !is_local_path(value) => {
                    Some(value.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The local `.bicep` modules a file uses, as written.
fn module_paths(file: &ast::File) -> Vec<String> {
    file.stmts
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Module { path, .. } => match &path.kind {
                ExprKind::Str { value, .. }
                    if is_local_path(value) && value.to_ascii_lowercase().ends_with(".bicep") =>
                {
                    Some(value.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
