//! The declarations of a configuration: the root module and every module instance its calls
//! reach ([`modules::Tree`]), each with its variables, locals, outputs, module calls and
//! resources. Resources are numbered across all instances, so a value read from a resource in
//! another module (a subnet id passed in, a workspace id passed out) still leads to it.

use std::collections::{HashMap, HashSet, VecDeque};

use super::modules::{InstIdx, Tree};
use super::ResIdx;
use crate::model::{FileId, Project};
use crate::syntax::hcl::{Attribute, Block, Expr};
use crate::syntax::TextRange;

/// A `variable` block.
pub(super) struct VarDecl<'a> {
    pub file: FileId,
    pub header: TextRange,
    pub default: Option<&'a Expr>,
}

/// A `resource` block of one module instance.
pub(super) struct ResDecl<'a> {
    pub module: InstIdx,
    pub file: FileId,
    pub type_name: &'a str,
    pub block: &'a Block,
    /// `azurerm_x.y`, or `module.m.azurerm_x.y` in a module instance.
    pub address: String,
    pub has_count: bool,
    pub has_for_each: bool,
}

/// The key of one instance of a resource or module with `count` (`[0]`) or `for_each`
/// (`["westeurope"]`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum InstKey {
    Index(u32),
    Key(String),
}

impl InstKey {
    /// The instance's address suffix, as Terraform writes it: `[0]`, `["key"]`.
    pub fn suffix(&self) -> String {
        match self {
            InstKey::Index(i) => format!("[{i}]"),
            InstKey::Key(k) => format!("[{k:?}]"),
        }
    }
}

/// A `module` block: where it is written, and the instances it calls (one per key of its
/// `count` or `for_each` when they are known) or why it is not followed.
pub(super) struct CallDecl<'a> {
    pub name: &'a str,
    pub file: FileId,
    pub block: &'a Block,
    pub target: Result<Vec<InstIdx>, String>,
    pub has_count: bool,
    pub has_for_each: bool,
}

/// The declarations of one module instance, across the files of its folder.
pub(super) struct Module<'a> {
    /// `module.a.module.b` (empty for the root): the prefix of its resources' addresses.
    pub path: String,
    /// The instance that calls this one, and the name of its `module` block there.
    pub caller: Option<(InstIdx, &'a str)>,
    /// This instance's key among the instances of its call's `count` or `for_each`.
    pub key: Option<InstKey>,
    /// The tree instance it instantiates.
    pub tree_inst: InstIdx,
    pub vars: HashMap<&'a str, VarDecl<'a>>,
    /// Variable values from tfvars, the later file winning (the root module only: Terraform
    /// sets a child module's variables from the call's arguments).
    pub tfvars: HashMap<&'a str, (FileId, &'a Expr)>,
    pub locals: HashMap<&'a str, (FileId, &'a Expr)>,
    pub outputs: HashMap<&'a str, (FileId, &'a Expr)>,
    /// The `module` blocks, in source order, and their index by name.
    pub calls: Vec<CallDecl<'a>>,
    pub call_by_name: HashMap<&'a str, usize>,
    pub by_address: HashMap<(&'a str, &'a str), Vec<ResIdx>>,
    pub resource_types: HashSet<&'a str>,
}

/// Every module instance of the configuration, and their resources.
pub(super) struct Config<'a> {
    pub project: &'a Project,
    pub modules: Vec<Module<'a>>,
    pub resources: Vec<ResDecl<'a>>,
}

/// A module instance to add: its tree instance, its caller and call name, and its key.
type Pending<'a> = (InstIdx, Option<(InstIdx, &'a str)>, Option<InstKey>);

/// Most module instances in one configuration once `count` and `for_each` are expanded: a
/// bound on the work one hostile folder can cause (beyond it, a call is not expanded).
const MAX_MODULES: usize = 512;

impl<'a> Config<'a> {
    /// The configuration of `tree`: every tree instance once, except that a call whose child
    /// has keys in `expansions` (by tree instance) makes one instance per key.
    pub fn new(
        project: &'a Project,
        tree: &'a Tree,
        var_values: &'a [(FileId, Vec<Attribute>)],
        expansions: &HashMap<InstIdx, Vec<InstKey>>,
    ) -> Self {
        let mut config = Config {
            project,
            modules: Vec::with_capacity(tree.instances.len()),
            resources: Vec::new(),
        };
        // Breadth first: (tree instance, caller, key).
        let mut queue: VecDeque<Pending<'a>> = VecDeque::from([(0, None, None)]);
        while let Some((tree_inst, caller, key)) = queue.pop_front() {
            let idx = config.modules.len();
            let inst = &tree.instances[tree_inst];
            let path = match caller {
                None => String::new(),
                Some((parent, name)) => {
                    let prefix: &str = &config.modules[parent].path;
                    let suffix = key.as_ref().map(InstKey::suffix).unwrap_or_default();
                    if prefix.is_empty() {
                        format!("module.{name}{suffix}")
                    } else {
                        format!("{prefix}.module.{name}{suffix}")
                    }
                }
            };
            let mut m = Module {
                path,
                caller,
                key,
                tree_inst,
                vars: HashMap::new(),
                tfvars: HashMap::new(),
                locals: HashMap::new(),
                outputs: HashMap::new(),
                calls: Vec::new(),
                call_by_name: HashMap::new(),
                by_address: HashMap::new(),
                resource_types: HashSet::new(),
            };
            // Instances are numbered in the order they are queued.
            let mut next = idx + 1 + queue.len();
            for (file, body) in &tree.folders[inst.folder].bodies {
                for block in body.blocks() {
                    match (block.ident.name.as_str(), block.labels.as_slice()) {
                        ("variable", [name]) => {
                            m.vars.entry(&name.value).or_insert(VarDecl {
                                file: *file,
                                header: block.header_range(),
                                default: block.body.attribute("default").map(|a| &a.expr),
                            });
                        }
                        ("locals", []) => {
                            for a in block.body.attributes() {
                                m.locals.entry(&a.name.name).or_insert((*file, &a.expr));
                            }
                        }
                        ("output", [name]) => {
                            if let Some(value) = block.body.attribute("value") {
                                m.outputs.entry(&name.value).or_insert((*file, &value.expr));
                            }
                        }
                        ("module", [name]) => {
                            if m.call_by_name.contains_key(name.value.as_str()) {
                                continue;
                            }
                            let child = inst.calls.get(&name.value).cloned().unwrap_or_else(|| {
                                Err(format!("module `{}` is not followed", name.value))
                            });
                            let target = child.map(|child| {
                                let keys: Vec<Option<InstKey>> = match expansions.get(&child) {
                                    Some(keys) if next + keys.len() <= MAX_MODULES => {
                                        keys.iter().cloned().map(Some).collect()
                                    }
                                    _ => vec![None],
                                };
                                keys.into_iter()
                                    .map(|key| {
                                        queue.push_back((child, Some((idx, &name.value)), key));
                                        next += 1;
                                        next - 1
                                    })
                                    .collect()
                            });
                            m.call_by_name.insert(&name.value, m.calls.len());
                            m.calls.push(CallDecl {
                                name: &name.value,
                                file: *file,
                                block,
                                target,
                                has_count: block.body.attribute("count").is_some(),
                                has_for_each: block.body.attribute("for_each").is_some(),
                            });
                        }
                        ("resource", [ty, name]) => {
                            let res = config.resources.len();
                            m.by_address
                                .entry((&ty.value, &name.value))
                                .or_default()
                                .push(res);
                            m.resource_types.insert(&ty.value);
                            let address = if m.path.is_empty() {
                                format!("{}.{}", ty.value, name.value)
                            } else {
                                format!("{}.{}.{}", m.path, ty.value, name.value)
                            };
                            config.resources.push(ResDecl {
                                module: idx,
                                file: *file,
                                type_name: &ty.value,
                                block,
                                address,
                                has_count: block.body.attribute("count").is_some(),
                                has_for_each: block.body.attribute("for_each").is_some(),
                            });
                        }
                        _ => {}
                    }
                }
            }
            if idx == 0 {
                for (file, attrs) in var_values {
                    for a in attrs {
                        m.tfvars.insert(&a.name.name, (*file, &a.expr));
                    }
                }
            }
            config.modules.push(m);
        }
        config
    }

    /// The calls with `count` or `for_each`, as (module instance, index in its calls).
    pub fn calls_to_expand(&self) -> impl Iterator<Item = (InstIdx, usize)> + '_ {
        self.modules.iter().enumerate().flat_map(|(m, module)| {
            module
                .calls
                .iter()
                .enumerate()
                .filter(|(_, c)| c.has_count || c.has_for_each)
                .map(move |(i, _)| (m, i))
        })
    }

    /// The resource `ty.name` of module `module`; when a broken folder declares it twice, the
    /// one in `file`.
    pub fn find_resource(
        &self,
        module: InstIdx,
        ty: &str,
        name: &str,
        file: FileId,
    ) -> Option<ResIdx> {
        let all = self.modules[module].by_address.get(&(ty, name))?;
        all.iter()
            .copied()
            .find(|&i| self.resources[i].file == file)
            .or_else(|| all.first().copied())
    }

    /// The name of `file`, for notes ("variable 'location' in prod.tfvars").
    pub fn file_name(&self, file: FileId) -> String {
        self.project
            .files
            .get(file)
            .and_then(|f| f.path.file_name())
            .map_or_else(
                || "tfvars".to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
    }
}
