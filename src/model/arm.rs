//! Lowering of ARM templates (and their parameters files) into the model.
//!
//! - [`classify`] tells a template from a parameters file from other JSON by a shallow scan.
//! - [`lower`] parses the template (and parameters file) with the error-tolerant JSON parser,
//!   collects the resources of the template and of every inline nested deployment
//!   (`Microsoft.Resources/deployments` with `properties.template`, inner or outer expression
//!   scope) and of every linked one ([`links`]: `templateLink.relativePath`, or a
//!   `templateLink.uri` relative to the template's own address, read through `load` and
//!   appended to [`Project::files`]), and hands them to the resolve layer, which asks for the values it needs (a
//!   location, a replica set's subnet id). Evaluation is lazy: a parameter, variable or resource
//!   location is evaluated when something asks for it, once. An id with unknown pieces keeps
//!   its text, and a value `reference()` returns remembers its resource, so links can be
//!   followed.
//!
//! Values keep their provenance (`"westus"` from parameter `location` in
//! `azuredeploy.parameters.json`), and what cannot be proven statically
//! (`resourceGroup().location`, `copyIndex()`, `listKeys()`...) is [`ValKind::Unknown`] with
//! the reason, never a guess.
//!
//! [`ValKind::Unknown`]: super::ValKind::Unknown

mod classify;
mod eval;
mod expr;
mod functions;
mod links;
// The template functions and values with holes, shared with the Bicep evaluator.
pub(crate) mod library;
mod lower;
mod template;
pub(crate) mod value;

#[cfg(test)]
mod tests;

use super::{FileId, FileKind, Lowered, Project, Resolve};

/// Tells an ARM template from a parameters file from unrelated JSON (`None`): by `$schema`,
/// else by shape.
///
/// `$schema` containing `deploymentTemplate` (also the subscription, management group and
/// tenant variants) is a template; `deploymentParameters` is a parameters file; any other
/// schema is not ARM. Without `$schema`: top-level `resources` with `contentVersion` or
/// `parameters` is a template; top-level `parameters` whose members all are objects with
/// `value` or `reference` (and no `resources`) is a parameters file. Only the top level is
/// scanned, and the scan stops at `$schema`, usually the first key.
pub fn classify(text: &str) -> Option<FileKind> {
    classify::classify(text)
}

/// Lowers `template`, with the values of `params` (a parameters file) when given. Linked
/// templates in the tree are read through `load` (a path relative to the current directory,
/// as the project's are) and appended to `project.files`.
///
/// Returns every declared resource (not `existing` references) of the template and of its
/// nested and linked deployments, in document order, and the syntax errors of their files.
pub fn lower(
    project: &mut Project,
    template: FileId,
    params: Option<FileId>,
    load: &dyn Fn(&std::path::Path) -> Option<std::sync::Arc<String>>,
    resolve: Resolve,
) -> Lowered {
    lower::lower(project, template, params, load, resolve)
}

pub(crate) use template::ModuleArgs;

/// Lowers the compiled template `template` that a Bicep module statement uses (a registry
/// module from the restore cache), with the parameter values the statement passes.
pub(crate) fn lower_module(
    project: &Project,
    template: FileId,
    args: &ModuleArgs,
    resolve: Resolve,
) -> Lowered {
    lower::lower_module(project, template, args, resolve)
}
