//! The check: walk the paths, read and classify files, group them into projects (a Terraform
//! module folder with its tfvars; an ARM template with each of its parameters files), lower
//! them, run the rules, apply configuration and suppressions. Used by `residency check` and the
//! language server.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

mod describe;
mod fix_titles;
mod hints;
pub mod inventory;
mod load;
mod suppress;

pub use self::describe::ResourceInfo;
pub use self::hints::HintInfo;
pub use crate::workspace::{is_supported_name, Overlay};
use crate::workspace::{read_file, walk, ReadResult};

use crate::config::{Config, ConfigResolver, Level, Overrides};
use crate::diagnostic::{Context, Diagnostic, Edit, Fix, Related, Severity, Suppressed};
use crate::model::{Loc, Project, SourceFile};
use crate::resolve::{self, formats, project::Unit};
use crate::rules::{self, Finding};
use crate::syntax::TextRange;

/// How to check.
#[derive(Default)]
pub struct Options {
    /// `--config FILE`: one configuration for every file.
    pub config: Option<Config>,
    /// Applied over each file's configuration: `--boundary`, the language client's settings
    /// (validated by [`crate::config::validate`], as `.residency.yaml` is). Rule levels take
    /// effect where the configured ones do, in [`to_diagnostic`].
    pub overrides: Overrides,
    /// Called as each project is checked with the number of its files, for progress reporting.
    pub on_progress: Option<Box<dyn Fn(u64) + Sync + Send>>,
    /// Called once with the number of files to check (a file is counted once per project that
    /// checks it: a Terraform folder per environment), before checking starts.
    pub on_start: Option<Box<dyn Fn(u64) + Sync + Send>>,
    /// Also describe the identity resources ([`Outcome::resources`]): the language server's
    /// hover.
    pub describe_resources: bool,
    /// Also list every identity resource and data flow with where its data goes
    /// ([`Outcome::inventory`]): `residency inventory`.
    pub inventory: bool,
    /// `--var-file FILE`: Terraform variable files, each an environment of the nearest
    /// Terraform folder at or above it (as `var_files` in `.residency.yaml` selects them).
    pub var_files: Vec<PathBuf>,
    /// Skip the files whose configuration is refused instead of failing the whole check: the
    /// language server's workspace scan, which reports each refused `.residency.yaml` on that
    /// file and still checks the folders whose configuration is fine.
    pub skip_refused_configs: bool,
    /// Apps declared outside the checked files, by host (the language server's last workspace
    /// scan): B2C policies and API connectors of the checked files may call them. An app of the
    /// checked files supersedes the one known for its file. When given (even empty), the
    /// check's own apps are gathered and returned in [`Outcome::hosts`].
    pub known_hosts: Option<Vec<resolve::hosts::HostedApp>>,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// The findings that suppression comments silenced, with the comment's reason (SARIF lists
    /// them as suppressed results).
    pub suppressed: Vec<Suppressed>,
    /// Supported files read (or reported unreadable).
    pub files_checked: usize,
    /// The files named on their own that were not checked, with why (excluded, not a format
    /// residency reads).
    pub not_checked: Vec<(PathBuf, String)>,
    /// The text of every file read, by path as reported.
    pub sources: HashMap<PathBuf, Arc<String>>,
    /// With [`Options::describe_resources`]: the inlay hints after the location expressions of
    /// identity resources, sorted by file and offset.
    pub hints: Vec<HintInfo>,
    /// With [`Options::describe_resources`]: where tenant data residency locations are written as
    /// string literals (the file, the start of the string's contents), for completion.
    pub tenant_literals: Vec<(PathBuf, u32)>,
    /// With [`Options::describe_resources`]: each identity resource's declaration and what to
    /// say about it, sorted by file and position.
    pub resources: Vec<ResourceInfo>,
    /// With [`Options::inventory`]: every identity resource and data flow, sorted by file and
    /// position.
    pub inventory: Vec<inventory::Item>,
    /// Each module file followed (a Bicep module, a file of a Terraform module's folder;
    /// absolute path), with the absolute paths of the files that use it: the language server
    /// re-checks them when the module changes.
    pub module_callers: ModuleCallers,
    /// The apps the checked files declare, when they were gathered (a file calls such a host,
    /// or [`Options::known_hosts`] was given).
    pub hosts: Option<Vec<resolve::hosts::HostedApp>>,
}

/// Each module file followed (absolute path), with the files that use it.
pub type ModuleCallers = HashMap<PathBuf, Vec<PathBuf>>;

/// A fatal problem: bad configuration, a path that does not exist.
#[derive(Debug)]
pub struct CheckError(pub String);

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckError {}

/// Checks `paths` (files or folders).
pub fn check_paths(paths: &[PathBuf], options: &Options) -> Result<Outcome, CheckError> {
    check_paths_with(paths, None, options)
}

/// Checks `paths` as [`check_paths`] does, reading the text of the files in `overlay` (keyed by
/// absolute path) from there instead of the disk: the language server's open documents.
pub fn check_with_overlay(
    paths: &[PathBuf],
    overlay: &Overlay,
    options: &Options,
) -> Result<Outcome, CheckError> {
    check_paths_with(paths, Some(overlay), options)
}

fn check_paths_with(
    paths: &[PathBuf],
    overlay: Option<&Overlay>,
    options: &Options,
) -> Result<Outcome, CheckError> {
    let resolver = ConfigResolver::new(options.config.clone());
    // `--var-file` files are read (and reported) as named files, even outside the paths.
    let paths: Vec<PathBuf> = paths.iter().chain(&options.var_files).cloned().collect();
    let paths = &paths[..];
    // Read and classify each file as the walk finds it, in parallel. Configuration errors are
    // fatal. A file not read says why (to a user who named it).
    let read_one = |path: &Path| -> Result<Result<ReadResult, String>, CheckError> {
        let config = match resolver.for_file(path) {
            Ok(config) => config,
            Err(_) if options.skip_refused_configs => {
                return Ok(Err("its `.residency.yaml` is refused".to_string()))
            }
            Err(e) => return Err(CheckError(e.to_string())),
        };
        if config.excludes(path) {
            let by = config
                .path
                .as_deref()
                .map_or_else(String::new, |p| format!(" of {}", crate::config::shown(p)));
            return Ok(Err(format!("it is excluded by `exclude`{by}")));
        }
        Ok(Ok(read_file(path, &config, overlay)))
    };
    let walked = walk(paths, overlay, &read_one).map_err(CheckError)?;
    let (reported, mut read): (Vec<PathBuf>, Vec<_>) = walked.files.into_iter().unzip();
    // A file named on its own is checked with its project: the files beside it (sibling `.tf`,
    // tfvars, the template of a parameters file, its parameters files) are read as context,
    // and only the named files' findings are reported.
    let reported_abs: std::collections::HashSet<PathBuf> =
        reported.iter().map(|p| crate::paths::absolute(p)).collect();
    let mut context = Vec::new();
    let is_named_file = |p: &Path| {
        p.is_file() || overlay.is_some_and(|o| o.contains_key(&crate::paths::absolute(p)))
    };
    for path in paths.iter().filter(|p| is_named_file(p)) {
        let dir = path.parent().unwrap_or(Path::new(""));
        let listing = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let Ok(entries) = std::fs::read_dir(listing) else {
            continue;
        };
        // A template named on its own is reported even when it was compiled from a `.bicep`
        // file beside it (which, as context, would take its findings).
        let named_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonc"));
        for entry in entries.flatten() {
            let sibling = dir.join(entry.file_name());
            let bicep = sibling
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("bicep"));
            if entry.file_type().is_ok_and(|t| t.is_file())
                && !(named_json && bicep)
                && is_supported_name(&sibling)
                && !reported_abs.contains(&crate::paths::absolute(&sibling))
                && !context.contains(&sibling)
            {
                context.push(sibling);
            }
        }
    }
    context.sort();
    read.par_extend(context.par_iter().map(|path| read_one(path)));
    let candidates: Vec<PathBuf> = reported.iter().chain(&context).cloned().collect();
    let named: std::collections::HashSet<PathBuf> = paths
        .iter()
        .filter(|p| is_named_file(p))
        .map(|p| crate::paths::absolute(p))
        .collect();
    let mut not_checked = Vec::new();
    let is_context = |p: &Path| context.iter().any(|c| c == p);
    let mut files = Vec::new();
    let meta = &rules::UNREADABLE_FILE;
    let unreadable = |path: PathBuf, message: String| {
        problem(
            meta,
            meta.default_severity,
            &path,
            TextRange::empty(0),
            message,
        )
    };
    let mut diagnostics: Vec<Diagnostic> = walked
        .unreadable
        .into_iter()
        .map(|(folder, why)| {
            unreadable(
                folder,
                format!("Cannot read the folder: {why}. None of its files were checked."),
            )
        })
        .collect();
    let mut files_checked = 0;
    for (r, path) in read.into_iter().zip(&candidates) {
        let why_not = |why: String| {
            named
                .contains(&crate::paths::absolute(path))
                .then(|| (path.clone(), why))
        };
        match r? {
            Err(why) => not_checked.extend(why_not(why)),
            Ok(ReadResult::Skipped) => not_checked.extend(why_not(
                "it is not a file residency reads (an ARM or Bicep template, Terraform, Pulumi or Kubernetes YAML, Microsoft365DSC, a Graph export or a B2C policy)".to_string(),
            )),
            Ok(ReadResult::Ok(file)) => {
                files_checked += usize::from(!is_context(&file.path));
                files.push(file);
            }
            Ok(ReadResult::Unreadable { path, .. }) if is_context(&path) => {}
            Ok(ReadResult::Unreadable { path, message }) => {
                files_checked += 1;
                diagnostics.push(unreadable(path, message));
            }
        }
    }
    // A waiver that matches nothing is reported only when every file under its configuration
    // was checked: a folder at or above the configuration's was named (with `--config`, when
    // only folders were).
    let named_dirs: Vec<PathBuf> = paths
        .iter()
        .filter(|p| !is_named_file(p))
        .map(|p| crate::paths::absolute(p))
        .collect();
    let only_dirs = named_dirs.len() == paths.len();
    let complete = |config: &Config| match (&options.config, &config.path) {
        (Some(_), _) => only_dirs,
        (None, Some(file)) => {
            let folder = crate::paths::absolute(file.parent().unwrap_or(Path::new("")));
            named_dirs.iter().any(|d| folder.starts_with(d))
        }
        (None, None) => false,
    };
    let outcome = check_read_files(files, &resolver, options, overlay, &complete)?;
    let mut all: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(|d| !is_context(&d.path))
        .collect();
    all.extend(diagnostics);
    finish(&mut all);
    let mut suppressed = outcome.suppressed;
    suppressed.retain(|s| !is_context(&s.diagnostic.path));
    finish_by(&mut suppressed, |s| &s.diagnostic);
    Ok(Outcome {
        diagnostics: all,
        suppressed,
        files_checked,
        not_checked,
        sources: outcome.sources,
        resources: outcome.resources,
        inventory: outcome
            .inventory
            .into_iter()
            .filter(|i| !is_context(&i.path))
            .collect(),
        hints: outcome.hints,
        tenant_literals: outcome.tenant_literals,
        module_callers: outcome.module_callers,
        hosts: outcome.hosts,
    })
}

/// Checks files already read (the language server passes open documents this way).
pub fn check_files(
    files: Vec<SourceFile>,
    resolver: &ConfigResolver,
    options: &Options,
) -> Result<Outcome, CheckError> {
    check_read_files(files, resolver, options, None, &|_| false)
}

/// [`check_files`], with the text of open documents that front-ends may read beyond `files`
/// (Bicep modules in other folders).
fn check_read_files(
    files: Vec<SourceFile>,
    resolver: &ConfigResolver,
    options: &Options,
    overlay: Option<&Overlay>,
    complete: &(dyn Fn(&Config) -> bool + Sync),
) -> Result<Outcome, CheckError> {
    let mut units = formats::group(&files);
    let named_var_files: std::collections::HashSet<PathBuf> = options
        .var_files
        .iter()
        .map(|p| crate::paths::absolute(p))
        .collect();
    let is_named = |i: usize| named_var_files.contains(&crate::paths::absolute(&files[i].path));
    let unused = resolve::project::apply_var_files(&mut units, &files, |i| {
        let path = &files[i].path;
        is_named(i) || resolver.for_file(path).is_ok_and(|c| c.is_var_file(path))
    });
    if let Some(&orphan) = unused.iter().find(|&&i| is_named(i)) {
        return Err(CheckError(format!(
            "--var-file {}: no Terraform configuration (`.tf` files) in its folder or a folder above it among the checked paths",
            files[orphan].path.display()
        )));
    }
    if let Some(start) = &options.on_start {
        start(units.iter().map(|u| u.files().len() as u64).sum());
    }
    // Files by absolute path, for front-ends that follow references to other files.
    let by_path: rustc_hash::FxHashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (crate::paths::absolute(&f.path), i))
        .collect();
    // The apps of the tree, for the endpoints B2C policies and API connectors call (their
    // projects are not the apps'): gathered only when some file names such a host, or when
    // the caller keeps them for later checks.
    let gathered = if resolve::hosts::wanted(&files) || options.known_hosts.is_some() {
        Some(resolve::hosts::gather(&units, &files, &|unit| {
            let config = resolver
                .for_file(&files[unit.primary()].path)
                .unwrap_or_default();
            let load = load::UnitLoader {
                files: &files,
                by_path: &by_path,
                overlay,
                config: &config,
            };
            resolve::project::lower(unit, &files, &load)
        }))
    } else {
        None
    };
    let mut hosts = gathered.clone().unwrap_or_default();
    if let Some(known) = &options.known_hosts {
        let own: std::collections::HashSet<PathBuf> = files
            .iter()
            .map(|f| crate::paths::absolute(&f.path))
            .collect();
        hosts.extend(
            known
                .iter()
                .filter(|app| !own.contains(&crate::paths::absolute(&app.path)))
                .cloned(),
        );
    }
    let check_one = |unit: &Unit| -> Result<UnitOutcome, CheckError> {
        let config = resolver
            .for_file(&files[unit.primary()].path)
            .map_err(|e| CheckError(e.to_string()))?;
        let config = if options.overrides.is_empty() {
            config
        } else {
            Arc::new(config.with(&options.overrides))
        };
        let wanted = Wanted {
            describe: options.describe_resources,
            inventory: options.inventory,
        };
        let out = check_unit(unit, &files, &by_path, &config, overlay, &hosts, wanted);
        if let Some(progress) = &options.on_progress {
            progress(unit.files().len() as u64);
        }
        Ok(out)
    };
    let results = largest_first(&units, &files, check_one);
    let mut outcomes = Vec::with_capacity(units.len());
    for r in results {
        outcomes.push(r?);
    }
    // A Bicep file or a Terraform folder used as a module by another checked unit is checked
    // in its callers' context, with the inputs they pass; checked on its own, its parameters or
    // variables would be unknown. Its own unit is dropped when a unit that is no module itself
    // reaches it (so the files of a cycle of modules that no root calls are still checked).
    let primary_abs: Vec<PathBuf> = units
        .iter()
        .map(|u| crate::paths::absolute(&files[u.primary()].path))
        .collect();
    let used: std::collections::HashSet<&PathBuf> =
        outcomes.iter().flat_map(|o| o.modules.iter()).collect();
    let may_be_module = |unit: &Unit| {
        matches!(
            unit,
            Unit::Bicep { params: None, .. }
                | Unit::Arm { params: None, .. }
                | Unit::Terraform { .. }
        )
    };
    let is_root: Vec<bool> = units
        .iter()
        .zip(&primary_abs)
        .map(|(u, p)| !(may_be_module(u) && used.contains(p)))
        .collect();
    let reached: std::collections::HashSet<PathBuf> = outcomes
        .iter()
        .zip(&is_root)
        .filter(|(_, root)| **root)
        .flat_map(|(o, _)| o.modules.iter().cloned())
        .collect();
    let mut diagnostics = Vec::new();
    let mut resources: Vec<ResourceInfo> = Vec::new();
    let mut items: Vec<inventory::Item> = Vec::new();
    let mut hints: Vec<HintInfo> = Vec::new();
    let mut tenant_literals: Vec<(PathBuf, u32)> = Vec::new();
    let mut extra: Vec<SourceFile> = Vec::new();
    let mut module_callers = ModuleCallers::new();
    for ((unit, outcome), caller) in units.iter().zip(outcomes).zip(primary_abs) {
        for module in &outcome.modules {
            let callers = module_callers.entry(module.clone()).or_default();
            if !callers.contains(&caller) {
                callers.push(caller.clone());
            }
        }
        if !(may_be_module(unit) && reached.contains(&caller)) {
            diagnostics.extend(outcome.diagnostics);
            resources.extend(outcome.resources);
            items.extend(outcome.inventory);
            hints.extend(outcome.hints);
            tenant_literals.extend(outcome.tenant_literals);
        }
        extra.extend(outcome.loaded);
    }
    // A B2C policy set with files in several folders: each file is read by the checks of the
    // set's other folders (the server checks a folder with every file of its sets).
    for unit in &units {
        let Unit::B2cPolicies(set) = unit else {
            continue;
        };
        let abs: Vec<PathBuf> = set
            .iter()
            .map(|&i| crate::paths::absolute(&files[i].path))
            .collect();
        for (i, read) in abs.iter().enumerate() {
            for (j, reader) in abs.iter().enumerate() {
                if i != j && read.parent() != reader.parent() {
                    let readers = module_callers.entry(read.clone()).or_default();
                    if !readers.contains(reader) {
                        readers.push(reader.clone());
                    }
                }
            }
        }
    }
    let files_checked = files.len();
    let mut seen: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| f.path.clone()).collect();
    let mut all_files = files;
    for f in extra {
        if seen.insert(f.path.clone()) {
            all_files.push(f);
        }
    }
    let suppress::Applied {
        diagnostics,
        suppressed,
        configs,
    } = suppress::apply(diagnostics, &all_files, resolver, complete);
    let inventory = inventory::finish(items, &suppressed);
    let mut sources: HashMap<PathBuf, Arc<String>> =
        all_files.into_iter().map(|f| (f.path, f.text)).collect();
    sources.extend(configs);
    Ok(Outcome {
        diagnostics,
        suppressed,
        files_checked,
        not_checked: Vec::new(),
        sources,
        resources: describe::merge_resources(resources),
        inventory,
        hints: hints::merge(hints),
        tenant_literals: {
            tenant_literals.sort();
            tenant_literals.dedup();
            tenant_literals
        },
        module_callers,
        hosts: gathered,
    })
}

/// `work` on each unit, in parallel, the largest units (by bytes) first: a 3 MB template
/// started last would leave the other threads idle while it finishes. The results are in the
/// units' order.
fn largest_first<T: Send>(
    units: &[Unit],
    files: &[SourceFile],
    work: impl Fn(&Unit) -> T + Sync,
) -> Vec<T> {
    let size = |u: &Unit| -> usize { u.files().iter().map(|&i| files[i].text.len()).sum() };
    let mut order: Vec<(usize, usize)> = units.iter().map(size).enumerate().collect();
    order.sort_by_key(|&(_, bytes)| std::cmp::Reverse(bytes));
    let mut done: Vec<(usize, T)> = order
        .into_par_iter()
        .map(|(u, _)| (u, work(&units[u])))
        .collect();
    done.sort_unstable_by_key(|(u, _)| *u);
    done.into_iter().map(|(_, t)| t).collect()
}

/// What checking a unit yields.
struct UnitOutcome {
    diagnostics: Vec<Diagnostic>,
    /// Files the front-end read that were not among those given (their text, for reporters).
    loaded: Vec<SourceFile>,
    /// Absolute paths of the module files the unit followed (Bicep modules, the files of
    /// Terraform module folders).
    modules: Vec<PathBuf>,
    /// The identity resources described (dropped unless asked for).
    resources: Vec<ResourceInfo>,
    /// The inlay hints of its identity resources (dropped unless asked for).
    hints: Vec<HintInfo>,
    /// Where tenant locations are written (only when asked for).
    tenant_literals: Vec<(PathBuf, u32)>,
    /// The inventory items of its identity resources (only when asked for).
    inventory: Vec<inventory::Item>,
}

/// What a check computes beyond the findings.
#[derive(Clone, Copy)]
struct Wanted {
    /// Hovers, inlay hints and completions: [`Options::describe_resources`].
    describe: bool,
    /// [`Options::inventory`].
    inventory: bool,
}

/// Checks one unit: its diagnostics, and the files its front-end read beyond those given (the
/// local modules of a Bicep file), whose text the reporters need.
fn check_unit(
    unit: &Unit,
    files: &[SourceFile],
    by_path: &rustc_hash::FxHashMap<PathBuf, usize>,
    config: &Config,
    overlay: Option<&Overlay>,
    hosts: &[resolve::hosts::HostedApp],
    wanted: Wanted,
) -> UnitOutcome {
    let load = load::UnitLoader {
        files,
        by_path,
        overlay,
        config,
    };
    let resolve::project::LoweredUnit {
        project,
        lowered,
        own,
    } = resolve::project::lower(unit, files, &load);
    let findings: Vec<Finding> = lowered
        .syntax_errors
        .iter()
        .map(|(file, e)| Finding {
            notes: Vec::new(),
            help: None,
            rule: &rules::SYNTAX_ERROR,
            ceiling: None,
            loc: Loc {
                file: *file,
                range: e.range,
            },
            message: e.message.clone(),
            related: Vec::new(),
            fix: None,
        })
        .collect();
    let mut findings: Vec<(Finding, Option<String>)> =
        findings.into_iter().map(|f| (f, None)).collect();
    findings.extend(
        rules::run(&project, config, &lowered.resources, hosts)
            .into_iter()
            .map(|(f, r)| (f, Some(r))),
    );
    let mut lines = fix_titles::Lines::new(&project);
    for (finding, resource) in &mut findings {
        fix_titles::complete(finding, resource.as_deref(), &mut lines, &lowered.resources);
    }
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|(f, resource)| to_diagnostic(f, resource, &project, config))
        .collect();
    // The file that makes this context one of several: a parameters file, an environment's
    // variable file.
    let environment = match unit {
        Unit::Arm {
            params: Some(_), ..
        } => Some((&project.files[1].path, "parameters file")),
        Unit::Terraform {
            var_file: Some(_), ..
        } => Some((&project.files[own - 1].path, "variable file")),
        _ => None,
    };
    let environment_name = environment.map(|(path, what)| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (path, what, name)
    });
    let described = if wanted.describe {
        &lowered.resources[..]
    } else {
        &[]
    };
    let resources: Vec<ResourceInfo> = described
        .iter()
        .filter_map(|r| {
            let mut markdown = describe::describe_resource(r, config)?;
            if let Some((_, what, name)) = &environment_name {
                markdown.push_str(&format!("\n\n_With {what} `{name}`._"));
            }
            let path = project.files.get(r.decl.file)?.path.clone();
            // The declaration, then where the name is written in the same file.
            let ranges = std::iter::once(r.decl.range).chain(
                r.name_ranges
                    .iter()
                    .filter(|n| n.file == r.decl.file && n.range != r.decl.range)
                    .map(|n| n.range),
            );
            Some(
                ranges
                    .map(|range| ResourceInfo {
                        path: path.clone(),
                        range,
                        markdown: markdown.clone(),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    let hints: Vec<HintInfo> = described
        .iter()
        .flat_map(|r| hints::hints(r, config, &project))
        .collect();
    let tenant_literals: Vec<(PathBuf, u32)> = described
        .iter()
        .flat_map(|r| hints::tenant_literals(r, &project))
        .collect();
    // A template is checked once per parameters file, a Terraform folder once per environment:
    // a finding that depends on the file's values says which file gave them (findings that do
    // not are reported once).
    if let Some((file, what, name)) = &environment_name {
        for d in &mut diagnostics {
            let depends = d.related.iter().any(|r| &&r.path == file)
                || d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| &&e.path == file));
            if depends && &&d.path != file {
                d.message.push_str(&format!(" (with {what} `{name}`)"));
                d.context.environment = Some(file.to_path_buf());
            }
        }
    }
    // A Terraform folder checked with the modules it calls: a finding inside a module that
    // depends on what this folder passes says which folder called it (the module may be
    // called from several, each a context of its own).
    if matches!(unit, Unit::Terraform { .. }) && own < project.files.len() {
        let own_paths: Vec<&PathBuf> = project.files[..own].iter().map(|f| &f.path).collect();
        let caller_dir = project.files[0].path.parent().unwrap_or(Path::new(""));
        for d in &mut diagnostics {
            let caller = caller_name(caller_dir, d.path.parent().unwrap_or(Path::new("")));
            let depends = d.related.iter().any(|r| own_paths.contains(&&r.path))
                || d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| own_paths.contains(&&e.path)));
            if depends && !own_paths.contains(&&d.path) {
                d.message.push_str(&format!(" (called from `{caller}`)"));
                d.context.caller = Some(match caller_dir.as_os_str().is_empty() {
                    true => PathBuf::from("."),
                    false => caller_dir.to_path_buf(),
                });
            }
        }
    }
    let mut items: Vec<inventory::Item> = if wanted.inventory {
        let environment = environment.map(|(path, _)| path.clone());
        lowered
            .resources
            .iter()
            .filter_map(|r| inventory::item(r, config, &project, environment.as_ref()))
            .collect()
    } else {
        Vec::new()
    };
    inventory::findings_of(&mut items, &diagnostics);
    // Files the front-end read beyond the unit's own (Bicep modules, Terraform module folders).
    // The unit's own files are among the checked ones; a module file is new unless it is one
    // of them too, under the same name (findings name it as loaded). Looked up by absolute
    // path: comparing it with every checked file made each unit cost as much as the whole tree.
    let modules: Vec<PathBuf> = project
        .files
        .iter()
        .skip(own)
        .map(|f| crate::paths::absolute(&f.path))
        .collect();
    let loaded = project
        .files
        .into_iter()
        .skip(own)
        .zip(&modules)
        .filter(|(f, abs)| by_path.get(*abs).is_none_or(|&i| files[i].path != f.path))
        .map(|(f, _)| f)
        .collect();
    UnitOutcome {
        diagnostics,
        loaded,
        modules,
        resources,
        hints,
        tenant_literals,
        inventory: items,
    }
}

/// How a finding in a module folder names the folder that called it: its path from the folder
/// both lie in (`envs/prod` for `modules/aadds`), or its name when it holds the module
/// (`terraform-azurerm-caf` for its `modules/x`), so the words do not depend on how the paths
/// were given.
fn caller_name(caller: &Path, module: &Path) -> String {
    let (caller, module) = (
        crate::paths::absolute(caller),
        crate::paths::absolute(module),
    );
    let common = caller
        .ancestors()
        .find(|a| module.starts_with(a))
        .unwrap_or(Path::new(""));
    match caller.strip_prefix(common) {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.display().to_string().replace('\\', "/"),
        _ => caller
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| ".".to_string()),
    }
}

fn to_diagnostic(
    finding: Finding,
    resource: Option<String>,
    project: &Project,
    config: &Config,
) -> Option<Diagnostic> {
    let meta = finding.rule;
    let severity = match config.level(meta.code) {
        Level::Off => return None,
        Level::On(s) => s,
    };
    // An export of Graph objects (EntraExporter) is a snapshot of the tenant's live state, not
    // the desired state a change would be reviewed in (identity-surfaces.md §2.4): its findings
    // are information, unless the configuration sets the rule's level.
    let snapshot = formats::live_snapshot(project.files[finding.loc.file].kind);
    let severity = if snapshot && config.configured_level(meta.code).is_none() {
        Severity::Info.min(severity)
    } else {
        severity
    };
    // A finding that only says what a setting allows (see [`Finding::ceiling`]).
    let severity = finding.ceiling.map_or(severity, |c| c.min(severity));
    let path = |loc: Loc| project.files[loc.file].path.clone();
    // One note per place: provenance chains of several values often share steps.
    let mut seen = std::collections::HashSet::new();
    let related: Vec<(Loc, String)> = finding
        .related
        .into_iter()
        .filter(|(loc, _)| seen.insert(*loc))
        .collect();
    Some(Diagnostic {
        notes: finding.notes,
        help: finding.help,
        code: meta.code,
        name: meta.name,
        resource,
        context: Context::default(),
        severity,
        path: path(finding.loc),
        range: finding.loc.range,
        message: finding.message,
        related: related
            .into_iter()
            .map(|(loc, message)| Related {
                path: path(loc),
                range: loc.range,
                message,
            })
            .collect(),
        fix: finding.fix.map(|f| Fix {
            title: f.title,
            safe: f.safe,
            edits: f
                .edits
                .into_iter()
                .map(|(loc, replacement)| Edit {
                    path: path(loc),
                    range: loc.range,
                    replacement,
                })
                .collect(),
        }),
    })
}

/// A finding of the check itself (a file, a comment, a waiver), with no resource.
fn problem(
    meta: &'static rules::RuleMeta,
    severity: Severity,
    path: &Path,
    range: TextRange,
    message: String,
) -> Diagnostic {
    Diagnostic {
        notes: Vec::new(),
        help: None,
        code: meta.code,
        name: meta.name,
        resource: None,
        context: Context::default(),
        severity,
        path: path.to_path_buf(),
        range,
        message,
        related: Vec::new(),
        fix: None,
    }
}

/// Sorts by file and position, and drops duplicates (a template checked once per parameters
/// file reports a finding that does not depend on parameters once).
fn finish(diagnostics: &mut Vec<Diagnostic>) {
    finish_by(diagnostics, |d| d);
}

/// [`finish`] for anything that holds a diagnostic.
fn finish_by<T>(items: &mut Vec<T>, diagnostic: impl Fn(&T) -> &Diagnostic) {
    items.sort_by(|a, b| {
        let (a, b) = (diagnostic(a), diagnostic(b));
        (&a.path, a.range.start, a.code, &a.message).cmp(&(
            &b.path,
            b.range.start,
            b.code,
            &b.message,
        ))
    });
    items.dedup_by(|a, b| {
        let (a, b) = (diagnostic(a), diagnostic(b));
        a.path == b.path && a.range == b.range && a.code == b.code && a.message == b.message
    });
}
