//! The template as the evaluator sees it: template scopes (the root template and every inline
//! nested deployment), their parameters and variables, and every resource with its type.
//!
//! Nothing here evaluates: building this is a walk over the resources' `type` and `resources`
//! members, so it is cheap even for 3 MB compiled templates.

use std::cell::{Cell, RefCell};

use crate::model::{FileId, Project};
use crate::syntax::json::{JsonValue, Member};

use super::eval::Ev;
use super::links::{Link, LinkedFiles};
use super::value::{Budget, Memo};

/// Most template scopes of one lowering (the root, nested and linked deployments).
const MAX_SCOPES: usize = 1_000;

/// Index into [`Ctx::scopes`].
pub(crate) type ScopeId = usize;
/// Index into [`Ctx::resources`].
pub(crate) type ResId = usize;

/// One template: the root one, the inline `properties.template` of a nested deployment, or
/// the file a linked deployment names (always evaluated in its own, inner, scope).
pub(crate) struct Scope<'a> {
    pub file: FileId,
    /// The scope whose parameters and variables this template's expressions see: itself, or,
    /// for a nested template evaluated in the outer scope, the enclosing template's.
    pub tables: ScopeId,
    pub template: &'a JsonValue,
    /// The nested deployment that holds this template.
    pub deployment: Option<ResId>,
    /// Parameter values from a parameters file (root scope only): its `parameters` members.
    pub param_file: Option<(FileId, &'a JsonValue)>,
}

/// One resource declaration (or `existing` reference).
pub(crate) struct Res<'a> {
    pub scope: ScopeId,
    pub node: &'a JsonValue,
    pub type_node: &'a JsonValue,
    /// The type as written (relative for a child resource: `subnets`).
    pub type_written: &'a str,
    /// The full type as written: `Microsoft.Network/virtualNetworks/subnets`.
    pub full_type: String,
    /// The full type, lower-cased: `microsoft.network/virtualnetworks/subnets`.
    pub arm_type: String,
    /// The symbolic name (languageVersion 2.0).
    pub symbolic: Option<&'a str>,
    /// The resource this one is nested in (`resources` of a resource).
    pub parent: Option<ResId>,
    /// The `name` is relative to the parent's (`subnets` child named `sn` of `vnet`).
    pub relative_name: bool,
    /// `existing: true`: a reference to a resource deployed elsewhere.
    pub existing: bool,
    /// The template of a nested or linked deployment.
    pub inner: Option<ScopeId>,
}

/// What a cycle guard or a cache is keyed by.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Param(ScopeId, String),
    Var(ScopeId, String),
    Name(ResId),
    Location(ResId),
}

/// The evaluation context of one lowering: scopes, resources and caches.
pub(crate) struct Ctx<'a> {
    pub project: &'a Project,
    pub scopes: Vec<Scope<'a>>,
    pub resources: Vec<Res<'a>>,
    /// Parameters, variables, names and locations, each evaluated once.
    pub memo: Memo<Key, Ev<'a>>,
    /// Bindings of `copyIndex()` while a property or variable `copy` loop is expanded.
    pub copies: RefCell<Vec<(String, i64)>>,
    /// Current evaluation depth (guards against runaway recursion).
    pub depth: Cell<u32>,
    /// The work this lowering may still do.
    pub budget: Budget,
    /// The linked templates and parameters files, parsed.
    links: &'a LinkedFiles,
    /// The values a Bicep module statement passes to the root template, when it is a module.
    pub args: Option<&'a ModuleArgs<'a>>,
}

/// What a Bicep module statement passes to the compiled template it uses (a registry module
/// from the restore cache): the value of a parameter by name, with its provenance.
pub(crate) struct ModuleArgs<'p> {
    /// "module `dc` (main.bicep)", for the reason of a parameter it does not pass.
    pub module: String,
    pub value: &'p dyn Fn(&str) -> Option<crate::model::Val>,
}

impl<'a> Ctx<'a> {
    /// Collects the scopes and resources of `template` (the root value of file `file`), and of
    /// the templates its deployments link to (in `links`).
    pub(crate) fn new(
        project: &'a Project,
        file: FileId,
        template: &'a JsonValue,
        param_file: Option<(FileId, &'a JsonValue)>,
        links: &'a LinkedFiles,
        args: Option<&'a ModuleArgs<'a>>,
    ) -> Self {
        let mut ctx = Ctx {
            project,
            scopes: Vec::new(),
            resources: Vec::new(),
            memo: Memo::new(),
            copies: RefCell::new(Vec::new()),
            depth: Cell::new(0),
            budget: Budget::new(),
            links,
            args,
        };
        ctx.add_scope(file, template, None, None, true, param_file);
        ctx
    }

    fn add_scope(
        &mut self,
        file: FileId,
        template: &'a JsonValue,
        parent: Option<ScopeId>,
        deployment: Option<ResId>,
        inner: bool,
        param_file: Option<(FileId, &'a JsonValue)>,
    ) -> ScopeId {
        let id = self.scopes.len();
        let tables = match parent {
            Some(p) if !inner => self.scopes[p].tables,
            _ => id,
        };
        self.scopes.push(Scope {
            file,
            tables,
            template,
            deployment,
            param_file,
        });
        if let Some(resources) = template.get("resources") {
            self.add_resources(id, resources, None);
        }
        id
    }

    /// Adds the resources of a `resources` array (or symbolic-name object).
    fn add_resources(&mut self, scope: ScopeId, list: &'a JsonValue, parent: Option<ResId>) {
        if list.is_object() {
            for m in list.members() {
                self.add_resource(scope, &m.value, Some(m.key.as_str()), parent);
            }
        } else {
            for r in list.items() {
                self.add_resource(scope, r, None, parent);
            }
        }
    }

    fn add_resource(
        &mut self,
        scope: ScopeId,
        node: &'a JsonValue,
        symbolic: Option<&'a str>,
        parent: Option<ResId>,
    ) {
        let Some(type_node) = node.get("type") else {
            return;
        };
        let Some(type_written) = type_node.as_str() else {
            return;
        };
        let full_type = match parent {
            // A child resource's type is relative to its parent's unless written in full.
            Some(p) if !type_written.contains('/') => {
                format!("{}/{}", self.resources[p].full_type, type_written)
            }
            _ => type_written.to_string(),
        };
        let arm_type = full_type.to_ascii_lowercase();
        // A child's name is relative to its parent's when its type is.
        let relative_name = parent.is_some() && !type_written.contains('/');
        let existing = node
            .get("existing")
            .and_then(JsonValue::as_bool)
            .unwrap_or(false);
        let id = self.resources.len();
        self.resources.push(Res {
            scope,
            node,
            type_node,
            type_written,
            full_type,
            relative_name,
            arm_type,
            symbolic,
            parent,
            existing,
            inner: None,
        });
        if self.resources[id].arm_type == "microsoft.resources/deployments" {
            if let Some(template) = node.path(&["properties", "template"]) {
                if template.is_object() {
                    let inner = node
                        .path(&["properties", "expressionEvaluationOptions", "scope"])
                        .and_then(JsonValue::as_str)
                        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
                    let file = self.scopes[scope].file;
                    let inner_scope =
                        self.add_scope(file, template, Some(scope), Some(id), inner, None);
                    self.resources[id].inner = Some(inner_scope);
                }
            } else {
                self.add_linked(scope, id);
            }
        }
        if let Some(children) = node.get("resources") {
            self.add_resources(scope, children, Some(id));
        }
    }

    /// The template a linked deployment names, in an inner scope with its parameters file when
    /// it links one. Not followed into a file that is already one of the scopes it is nested
    /// in (a cycle of links).
    fn add_linked(&mut self, scope: ScopeId, deployment: ResId) {
        if self.scopes.len() >= MAX_SCOPES {
            return;
        }
        let file = self.scopes[scope].file;
        let node = self.resources[deployment].node;
        let Some((linked, template)) = self.links.get(self.project, file, node, Link::Template)
        else {
            return;
        };
        let mut enclosing = Some(scope);
        while let Some(s) = enclosing {
            if self.scopes[s].file == linked {
                return;
            }
            enclosing = self.scopes[s].deployment.map(|d| self.resources[d].scope);
        }
        let param_file = self
            .links
            .get(self.project, file, node, Link::Parameters)
            .and_then(|(p, v)| Some((p, v.get("parameters").filter(|v| v.is_object())?)));
        let inner = self.add_scope(
            linked,
            template,
            Some(scope),
            Some(deployment),
            true,
            param_file,
        );
        self.resources[deployment].inner = Some(inner);
    }

    /// The declaration of parameter `name` in the tables of `scope` (case-insensitive).
    pub(crate) fn param_decl(&self, scope: ScopeId, name: &str) -> Option<&'a Member> {
        let tables = self.scopes[scope].tables;
        self.scopes[tables].template.get("parameters")?.member(name)
    }

    /// The declaration of variable `name` in the tables of `scope` (case-insensitive).
    pub(crate) fn var_decl(&self, scope: ScopeId, name: &str) -> Option<&'a Member> {
        let tables = self.scopes[scope].tables;
        let vars = self.scopes[tables].template.get("variables")?;
        vars.members()
            .iter()
            .rev()
            .find(|m| m.key.eq_ignore_ascii_case(name) && !m.key.eq_ignore_ascii_case("copy"))
    }

    /// A variable defined by a `copy` loop of the `variables` section.
    pub(crate) fn var_copy(&self, scope: ScopeId, name: &str) -> Option<&'a JsonValue> {
        let tables = self.scopes[scope].tables;
        let copies = self.scopes[tables].template.path(&["variables", "copy"])?;
        copies.items().iter().find(|c| {
            c.get("name")
                .and_then(JsonValue::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// The file name of a file of the project, for notes.
    pub(crate) fn file_name(&self, file: FileId) -> String {
        self.project
            .files
            .get(file)
            .and_then(|f| f.path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("file {file}"))
    }

    /// Resources of `scope` first, then of every other scope: the order candidates are tried.
    pub(crate) fn by_proximity(&self, scope: ScopeId) -> impl Iterator<Item = ResId> + use<'_, 'a> {
        let same = (0..self.resources.len()).filter(move |&r| self.resources[r].scope == scope);
        let other = (0..self.resources.len()).filter(move |&r| self.resources[r].scope != scope);
        same.chain(other)
    }
}
