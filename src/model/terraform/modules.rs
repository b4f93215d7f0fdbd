//! Module calls followed across folders. A `module` block's `source` names a folder: a local
//! path (`./x`, `../x`) from the calling folder, or a remote source that `terraform init` has
//! already put on disk, found through `.terraform/modules/modules.json` in the root folder
//! (the file maps each call's key, `a.b` for call `b` inside call `a`, to its folder). Nothing
//! is downloaded and nothing is run: a remote source that is not on disk is unknown, with that
//! reason.
//!
//! The result is a tree of module *instances*: the root, then one instance per call followed.
//! A folder called twice is parsed once and instantiated twice, each with its own inputs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::json_syntax;
use crate::model::{FileId, FileKind, Load, Project};
use crate::syntax::hcl::{self, Body};
use crate::syntax::{json, SyntaxError};

/// Index of an instance in [`Tree::instances`]; the root is 0.
pub(super) type InstIdx = usize;

/// Deepest chain of module calls followed (Terraform itself has no limit; real projects nest
/// three or four deep).
const MAX_DEPTH: usize = 16;
/// Most module instances followed from one root: a bound on the work one hostile folder can
/// cause.
const MAX_INSTANCES: usize = 256;

/// A folder of configuration, parsed once.
pub(super) struct Folder {
    pub dir: PathBuf,
    pub bodies: Vec<(FileId, Body)>,
}

/// One instance of a module.
pub(super) struct Instance {
    pub folder: usize,
    /// The calling instance and the name of its `module` block; `None` for the root.
    pub parent: Option<(InstIdx, String)>,
    /// The module calls of this instance, by name: the instance followed, or why not.
    pub calls: HashMap<String, Result<InstIdx, String>>,
}

/// The root folder and every module instance reached from it.
pub(super) struct Tree {
    pub folders: Vec<Folder>,
    pub instances: Vec<Instance>,
}

/// Parses `files` (the root folder's `.tf` and `.tf.json`), then follows their module calls,
/// appending every module file read to `project.files`.
pub(super) fn load(
    project: &mut Project,
    files: &[FileId],
    loader: &dyn Load,
    syntax_errors: &mut Vec<(FileId, SyntaxError)>,
) -> Tree {
    let root_dir = files
        .first()
        .and_then(|f| project.files.get(*f))
        .and_then(|f| f.path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let bodies = files
        .iter()
        .filter_map(|&f| parse(project, f, syntax_errors).map(|b| (f, b)))
        .collect();
    let mut tree = Tree {
        folders: vec![Folder {
            dir: root_dir.clone(),
            bodies,
        }],
        instances: vec![Instance {
            folder: 0,
            parent: None,
            calls: HashMap::new(),
        }],
    };
    let downloaded = Downloaded::read(&root_dir, loader);
    let mut folder_of: HashMap<PathBuf, usize> =
        HashMap::from([(crate::paths::normal(&root_dir), 0)]);
    // Breadth first, so that the instance budget keeps the shallow calls.
    let mut next = 0;
    while next < tree.instances.len() {
        let inst = next;
        next += 1;
        let folder = tree.instances[inst].folder;
        let dir = tree.folders[folder].dir.clone();
        let key = call_key(&tree, inst);
        let depth = key.len();
        let calls: Vec<(String, Option<String>)> = tree.folders[folder]
            .bodies
            .iter()
            .flat_map(|(_, body)| body.blocks())
            .filter(|b| b.ident.name == "module")
            .filter_map(|b| {
                let name = b.label(0)?.to_string();
                let source = b
                    .body
                    .attribute("source")
                    .and_then(|a| a.expr.as_string_literal())
                    .map(|(s, _)| s.to_string());
                Some((name, source))
            })
            .collect();
        for (name, source) in calls {
            if tree.instances[inst].calls.contains_key(&name) {
                continue;
            }
            let target = (|| {
                let source = source.ok_or_else(|| {
                    format!("module `{name}` has no literal source, so it cannot be followed")
                })?;
                if depth + 1 > MAX_DEPTH {
                    return Err(format!(
                        "module `{name}` is nested more than {MAX_DEPTH} calls deep, so it is not followed"
                    ));
                }
                if tree.instances.len() >= MAX_INSTANCES {
                    return Err(format!(
                        "the configuration calls more than {MAX_INSTANCES} modules, so module `{name}` is not followed"
                    ));
                }
                let mut call_key = key.clone();
                call_key.push(name.clone());
                let target_dir = if is_local(&source) {
                    crate::paths::normal(&dir.join(&source))
                } else {
                    downloaded.dir(&call_key.join(".")).ok_or_else(|| {
                        format!(
                            "module source `{source}` is not downloaded (residency reads modules that `terraform init` put in .terraform/modules, and never downloads)"
                        )
                    })?
                };
                if ancestors(&tree, inst)
                    .any(|f| crate::paths::normal(&tree.folders[f].dir) == target_dir)
                {
                    return Err(format!(
                        "module `{name}` calls a module that calls it (a cycle)"
                    ));
                }
                let folder = match folder_of.get(&target_dir) {
                    Some(f) => *f,
                    None => {
                        let read = loader.terraform_folder(&target_dir);
                        if read.is_empty() {
                            return Err(format!(
                                "module source `{source}` has no Terraform files at {}",
                                target_dir.display()
                            ));
                        }
                        let mut bodies = Vec::new();
                        for file in read {
                            let id = match project.files.iter().position(|f| f.path == file.path) {
                                Some(id) => id,
                                None => {
                                    project.files.push(file);
                                    project.files.len() - 1
                                }
                            };
                            if let Some(body) = parse(project, id, syntax_errors) {
                                bodies.push((id, body));
                            }
                        }
                        tree.folders.push(Folder {
                            dir: target_dir.clone(),
                            bodies,
                        });
                        folder_of.insert(target_dir, tree.folders.len() - 1);
                        tree.folders.len() - 1
                    }
                };
                tree.instances.push(Instance {
                    folder,
                    parent: Some((inst, name.clone())),
                    calls: HashMap::new(),
                });
                Ok(tree.instances.len() - 1)
            })();
            tree.instances[inst].calls.insert(name, target);
        }
    }
    tree
}

/// The call names from the root to `inst` (empty for the root).
fn call_key(tree: &Tree, mut inst: InstIdx) -> Vec<String> {
    let mut key = Vec::new();
    while let Some((parent, name)) = &tree.instances[inst].parent {
        key.push(name.clone());
        inst = *parent;
    }
    key.reverse();
    key
}

/// The folders of `inst` and of the instances that call it, up to the root.
fn ancestors(tree: &Tree, inst: InstIdx) -> impl Iterator<Item = usize> + '_ {
    let mut at = Some(inst);
    std::iter::from_fn(move || {
        let i = at?;
        at = tree.instances[i].parent.as_ref().map(|(p, _)| *p);
        Some(tree.instances[i].folder)
    })
}

/// A local module source: Terraform reads `./` and `../` paths from the calling folder
/// (https://developer.hashicorp.com/terraform/language/modules/sources#local-paths).
fn is_local(source: &str) -> bool {
    source.starts_with("./")
        || source.starts_with("../")
        || source.starts_with(".\\")
        || source.starts_with("..\\")
        || source == "."
        || source == ".."
}

/// The modules `terraform init` downloaded: `.terraform/modules/modules.json` in the root
/// folder, `{"Modules": [{"Key": "a.b", "Source": "...", "Dir": ".terraform/modules/a.b"}]}`,
/// `Dir` relative to the root folder.
struct Downloaded {
    dirs: HashMap<String, PathBuf>,
}

impl Downloaded {
    fn read(root: &Path, loader: &dyn Load) -> Downloaded {
        let mut dirs = HashMap::new();
        let manifest = root.join(".terraform").join("modules").join("modules.json");
        if let Some(text) = loader.file(&manifest) {
            let parsed = json::parse(&text);
            let modules = parsed
                .value
                .as_ref()
                .and_then(|v| v.get("Modules"))
                .map(|m| m.items())
                .unwrap_or_default();
            for m in modules {
                let (Some(key), Some(dir)) = (
                    m.get("Key").and_then(|k| k.as_str()),
                    m.get("Dir").and_then(|d| d.as_str()),
                ) else {
                    continue;
                };
                if !key.is_empty() {
                    dirs.insert(key.to_string(), crate::paths::normal(&root.join(dir)));
                }
            }
        }
        Downloaded { dirs }
    }

    fn dir(&self, key: &str) -> Option<PathBuf> {
        self.dirs.get(key).cloned()
    }
}

/// Parses a `.tf` or `.tf.json` file of the project.
pub(super) fn parse(
    project: &Project,
    file: FileId,
    syntax_errors: &mut Vec<(FileId, SyntaxError)>,
) -> Option<Body> {
    let source = project.files.get(file)?;
    let text: &str = &source.text;
    match source.kind {
        FileKind::TerraformJson => {
            let parsed = json::parse(text);
            syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
            let root = parsed.value.as_ref()?;
            let mut errors = Vec::new();
            let body = json_syntax::config_body(text, root, &mut errors);
            syntax_errors.extend(errors.into_iter().map(|e| (file, e)));
            Some(body)
        }
        _ => {
            let parsed = hcl::parse(text);
            syntax_errors.extend(parsed.errors.into_iter().map(|e| (file, e)));
            Some(parsed.body)
        }
    }
}
