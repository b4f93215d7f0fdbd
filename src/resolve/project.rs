//! Projects: the files that belong together and are checked as one, grouped per format (a
//! Terraform module folder with its tfvars; an ARM template once per parameters file; a Bicep
//! file once per `.bicepparam`; a Pulumi program once per stack), and each one lowered by its
//! front-end into resources.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{self, FileKind, Load, Lowered, Project, SourceFile};

use super::formats;

/// A set of files checked together.
pub enum Unit {
    Arm {
        template: usize,
        params: Option<usize>,
    },
    /// A Terraform folder: its configuration files, the variable files Terraform loads
    /// automatically (in its order) and an environment's variable file (`var_files`,
    /// `--var-file`), applied last as `terraform -var-file` is.
    Terraform {
        files: Vec<usize>,
        tfvars: Vec<usize>,
        var_file: Option<usize>,
    },
    TerraformPlan(usize),
    PowerShell(usize),
    /// A file of Microsoft Graph objects.
    GraphJson(usize),
    Bicep {
        main: usize,
        params: Option<usize>,
    },
    /// `program` is `Pulumi.yaml` or `Main.yaml`; `project` is `Pulumi.yaml` beside a
    /// `Main.yaml`.
    Pulumi {
        program: usize,
        project: Option<usize>,
        stack: Option<usize>,
    },
    Kubernetes(Vec<usize>),
    /// Azure AD B2C custom policies linked by `BasePolicy`: one or more policy sets.
    B2cPolicies(Vec<usize>),
    /// A file that belongs to no project (a parameters file without its template, a tfvars
    /// file Terraform does not load automatically): only its syntax is checked.
    SyntaxOnly(usize),
}

impl Unit {
    /// Every file of the unit (indexes into the check's files).
    pub fn files(&self) -> Vec<usize> {
        match self {
            Unit::Arm { template, params } => std::iter::once(*template).chain(*params).collect(),
            Unit::Terraform {
                files,
                tfvars,
                var_file,
            } => files
                .iter()
                .chain(tfvars)
                .chain(var_file)
                .copied()
                .collect(),
            Unit::Bicep { main, params } => std::iter::once(*main).chain(*params).collect(),
            Unit::Pulumi {
                program,
                project,
                stack,
            } => std::iter::once(*program)
                .chain(*project)
                .chain(*stack)
                .collect(),
            Unit::Kubernetes(files) | Unit::B2cPolicies(files) => files.clone(),
            Unit::TerraformPlan(f)
            | Unit::PowerShell(f)
            | Unit::GraphJson(f)
            | Unit::SyntaxOnly(f) => vec![*f],
        }
    }

    /// The file whose configuration applies to the unit.
    pub fn primary(&self) -> usize {
        match self {
            Unit::Arm { template, .. } => *template,
            Unit::Terraform { files, tfvars, .. } => {
                files.first().or(tfvars.first()).copied().unwrap_or(0)
            }
            Unit::SyntaxOnly(f)
            | Unit::TerraformPlan(f)
            | Unit::PowerShell(f)
            | Unit::GraphJson(f) => *f,
            Unit::Bicep { main, .. } => *main,
            Unit::Pulumi { program, .. } => *program,
            Unit::Kubernetes(files) | Unit::B2cPolicies(files) => files[0],
        }
    }
}

/// The stem a parameters file belongs to: `X.parameters.json` and `X.parameters.*.json` → `X`.
fn parameters_stem(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    let idx = lower.find(".parameters.")?;
    Some(&name[..idx])
}

fn is_auto_tfvars(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "terraform.tfvars"
        || n == "terraform.tfvars.json"
        || n.ends_with(".auto.tfvars")
        || n.ends_with(".auto.tfvars.json")
}

/// Terraform's load order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json)
/// in lexical order.
fn tfvars_order(name: &str) -> (u8, String) {
    let n = name.to_ascii_lowercase();
    let rank = match n.as_str() {
        "terraform.tfvars" => 0,
        "terraform.tfvars.json" => 1,
        _ => 2,
    };
    (rank, name.to_string())
}

fn file_name(f: &SourceFile) -> String {
    f.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn folder(f: &SourceFile) -> PathBuf {
    f.path.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Whether an ARM template was compiled from Bicep: `bicep build` writes
/// `"metadata": {"_generator": {"name": "bicep", ...}}`, `name` first. Read from the text,
/// without parsing the template a second time.
fn compiled_by_bicep(text: &str) -> bool {
    let Some(at) = text.find("\"_generator\"") else {
        return false;
    };
    let rest = text[at + "\"_generator\"".len()..].trim_start();
    let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('{').map(str::trim_start) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix("\"name\"").map(str::trim_start) else {
        return false;
    };
    rest.strip_prefix(':')
        .map(str::trim_start)
        .is_some_and(|r| r.starts_with("\"bicep\""))
}

/// ARM: each template once per parameters file beside it (`X.parameters.json`,
/// `X.parameters.*.json`), else alone; a parameters file without its template is only checked
/// for syntax. A template compiled from a `.bicep` file beside it (same name) is only checked
/// for syntax: its source reports the same findings, where the user edits them.
pub fn group_arm(files: &[SourceFile], units: &mut Vec<Unit>) {
    let bicep_sources: std::collections::HashSet<(PathBuf, String)> = files
        .iter()
        .filter(|f| f.kind == FileKind::Bicep)
        .filter_map(|f| {
            let n = file_name(f).to_ascii_lowercase();
            Some((folder(f), n.strip_suffix(".bicep")?.to_string()))
        })
        .collect();
    let mut templates: HashMap<(PathBuf, String), usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind == FileKind::ArmTemplate {
            let n = file_name(f);
            let stem = n
                .strip_suffix(".json")
                .or(n.strip_suffix(".jsonc"))
                .unwrap_or(&n)
                .to_ascii_lowercase();
            let key = (folder(f), stem);
            if bicep_sources.contains(&key) && compiled_by_bicep(&f.text) {
                // The same facts as its source: reported once, on the `.bicep` file.
                units.push(Unit::SyntaxOnly(i));
            } else {
                templates.insert(key, i);
            }
        }
    }
    let mut params_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind != FileKind::ArmParameters {
            continue;
        }
        let n = file_name(f);
        let template = parameters_stem(&n)
            .and_then(|stem| templates.get(&(folder(f), stem.to_ascii_lowercase())));
        match template {
            Some(t) => params_of.entry(*t).or_default().push(i),
            None => units.push(Unit::SyntaxOnly(i)),
        }
    }
    let mut template_ids: Vec<usize> = templates.values().copied().collect();
    template_ids.sort();
    for t in template_ids {
        match params_of.get(&t) {
            Some(params) => units.extend(params.iter().map(|p| Unit::Arm {
                template: t,
                params: Some(*p),
            })),
            None => units.push(Unit::Arm {
                template: t,
                params: None,
            }),
        }
    }
}

/// Terraform: one module per folder, with the variable files Terraform loads automatically,
/// in its order; other variable files (and those of a folder without configuration) are only
/// checked for syntax.
pub fn group_terraform(files: &[SourceFile], units: &mut Vec<Unit>) {
    let mut modules: BTreeMap<PathBuf, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        match f.kind {
            FileKind::TerraformHcl | FileKind::TerraformJson => {
                modules.entry(folder(f)).or_default().0.push(i)
            }
            FileKind::TfVars | FileKind::TfVarsJson => {
                if is_auto_tfvars(&file_name(f)) {
                    modules.entry(folder(f)).or_default().1.push(i);
                } else {
                    units.push(Unit::SyntaxOnly(i));
                }
            }
            _ => {}
        }
    }
    for (_, (tf, mut tfvars)) in modules {
        tfvars.sort_by_key(|i| tfvars_order(&file_name(&files[*i])));
        if tf.is_empty() {
            units.extend(tfvars.into_iter().map(Unit::SyntaxOnly));
        } else {
            units.push(Unit::Terraform {
                files: tf,
                tfvars,
                var_file: None,
            });
        }
    }
}

/// The variables a tfvars file sets (its top-level attribute or key names).
fn variables_set(f: &SourceFile) -> Vec<String> {
    match f.kind {
        FileKind::TfVarsJson => crate::syntax::json::parse(&f.text)
            .value
            .map(|v| v.members().iter().map(|m| m.key.to_string()).collect())
            .unwrap_or_default(),
        _ => crate::syntax::hcl::parse(&f.text)
            .body
            .attributes()
            .map(|a| a.name.name.clone())
            .collect(),
    }
}

/// Whether the Terraform files declare any of `names` as a `variable` (read from the text: a
/// line `variable "name"`, or a `.tf.json` file's `variable` object).
fn declares_any<'f>(tf: impl Iterator<Item = &'f SourceFile>, names: &[String]) -> bool {
    tf.into_iter().any(|f| match f.kind {
        FileKind::TerraformJson => crate::syntax::json::parse(&f.text)
            .value
            .as_ref()
            .and_then(|v| v.get("variable"))
            .is_some_and(|vars| {
                vars.members()
                    .iter()
                    .any(|m| names.iter().any(|n| *n == m.key))
            }),
        _ => f.text.lines().any(|line| {
            line.trim_start()
                .strip_prefix("variable")
                .map(str::trim_start)
                .and_then(|rest| rest.strip_prefix('"'))
                .and_then(|rest| rest.split('"').next())
                .is_some_and(|name| names.iter().any(|n| n == name))
        }),
    })
}

/// Environments: each variable file that `is_var_file` selects (and Terraform does not load
/// itself) is applied to the nearest Terraform folder at or above its own that declares one of
/// its variables (else the nearest), as `terraform
/// -var-file` applies it to the root module: that folder is then checked once per such file
/// (`prod.tfvars` and `dev.tfvars` are two contexts, never merged) instead of once without.
/// Returns the selected files that no folder takes, left as syntax-only units.
pub fn apply_var_files(
    units: &mut Vec<Unit>,
    files: &[SourceFile],
    is_var_file: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let folders: Vec<Option<PathBuf>> = units
        .iter()
        .map(|u| match u {
            Unit::Terraform { files: tf, .. } if !tf.is_empty() => {
                Some(crate::paths::absolute(&folder(&files[tf[0]])))
            }
            _ => None,
        })
        .collect();
    let mut environments: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut orphans = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (u, unit) in units.iter().enumerate() {
        let &Unit::SyntaxOnly(file) = unit else {
            continue;
        };
        let f = &files[file];
        if !matches!(f.kind, FileKind::TfVars | FileKind::TfVarsJson) || !is_var_file(file) {
            continue;
        }
        let dir = crate::paths::absolute(&folder(f));
        let mut candidates: Vec<(usize, &PathBuf)> = folders
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, d.as_ref()?)))
            .filter(|(_, d)| dir.starts_with(d))
            .collect();
        candidates.sort_by_key(|(_, d)| std::cmp::Reverse(d.components().count()));
        // The nearest folder that declares a variable the file sets (a folder of examples
        // may hold an empty `main.tf` between the root module and its variable files), else
        // the nearest.
        let sets = variables_set(f);
        let target = candidates
            .iter()
            .find(|(u, _)| match &units[*u] {
                Unit::Terraform { files: tf, .. } => {
                    declares_any(tf.iter().map(|&i| &files[i]), &sets)
                }
                _ => false,
            })
            .or(candidates.first())
            .copied();
        match target {
            Some((t, _)) => {
                environments.entry(t).or_default().push(file);
                taken.insert(u);
            }
            None => orphans.push(file),
        }
    }
    if environments.is_empty() {
        return orphans;
    }
    let old = std::mem::take(units);
    for (u, unit) in old.into_iter().enumerate() {
        if taken.contains(&u) {
            continue;
        }
        match (unit, environments.get_mut(&u)) {
            (
                Unit::Terraform {
                    files: tf, tfvars, ..
                },
                Some(envs),
            ) => {
                envs.sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
                units.extend(envs.iter().map(|&v| Unit::Terraform {
                    files: tf.clone(),
                    tfvars: tfvars.clone(),
                    var_file: Some(v),
                }));
            }
            (unit, _) => units.push(unit),
        }
    }
    orphans
}

/// Bicep: each `.bicep` file, once per `.bicepparam` that names it in `using` (else alone).
pub fn group_bicep(files: &[SourceFile], units: &mut Vec<Unit>) {
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::Bicep)
        .map(|(i, f)| (crate::paths::absolute(&f.path), i))
        .collect();
    let mut params_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::BicepParam)
    {
        let target = model::bicep::using_target(&f.text).and_then(|t| {
            let dir = f.path.parent().unwrap_or(Path::new(""));
            by_path.get(&crate::paths::absolute(&dir.join(t))).copied()
        });
        match target {
            Some(main) => params_of.entry(main).or_default().push(i),
            None => units.push(Unit::SyntaxOnly(i)),
        }
    }
    let mut mains: Vec<usize> = by_path.values().copied().collect();
    mains.sort();
    for main in mains {
        match params_of.get(&main) {
            Some(params) => units.extend(params.iter().map(|p| Unit::Bicep {
                main,
                params: Some(*p),
            })),
            None => units.push(Unit::Bicep { main, params: None }),
        }
    }
}

/// Pulumi: per folder, the program (`Main.yaml` beside `Pulumi.yaml`, else `Pulumi.yaml`) once
/// per stack file; stack files without a program are only checked for syntax.
pub fn group_pulumi(files: &[SourceFile], units: &mut Vec<Unit>) {
    #[derive(Default)]
    struct Folder {
        pulumi: Option<usize>,
        main: Option<usize>,
        stacks: Vec<usize>,
    }
    let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let is_main = file_name(f).to_ascii_lowercase().starts_with("main.");
        match f.kind {
            FileKind::PulumiProgram if is_main => {
                folders.entry(folder(f)).or_default().main = Some(i)
            }
            FileKind::PulumiProgram => folders.entry(folder(f)).or_default().pulumi = Some(i),
            FileKind::PulumiStack => folders.entry(folder(f)).or_default().stacks.push(i),
            _ => {}
        }
    }
    for folder in folders.into_values() {
        let (program, project) = match (folder.main, folder.pulumi) {
            (Some(main), project) => (Some(main), project),
            (None, pulumi) => (pulumi, None),
        };
        match program {
            Some(program) if folder.stacks.is_empty() => units.push(Unit::Pulumi {
                program,
                project,
                stack: None,
            }),
            Some(program) => units.extend(folder.stacks.iter().map(|s| Unit::Pulumi {
                program,
                project,
                stack: Some(*s),
            })),
            None => units.extend(folder.stacks.iter().map(|s| Unit::SyntaxOnly(*s))),
        }
    }
}

/// Azure Service Operator: the manifests of a folder together (owners are resolved across
/// them).
pub fn group_kubernetes(files: &[SourceFile], units: &mut Vec<Unit>) {
    let mut folders: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind == FileKind::Kubernetes {
            folders.entry(folder(f)).or_default().push(i);
        }
    }
    units.extend(folders.into_values().map(Unit::Kubernetes));
}

/// B2C custom policies: the files linked by `BasePolicy` (each to its nearest base, see
/// [`model::b2c::link_bases`]) are one unit, whatever their folders.
pub fn group_b2c(files: &[SourceFile], units: &mut Vec<Unit>) {
    let ids: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].kind == FileKind::B2cPolicy)
        .collect();
    let headers: Vec<Option<model::b2c::Header>> = ids
        .iter()
        .map(|&i| model::b2c::header(&files[i].text))
        .collect();
    let linked: Vec<(&Path, Option<&model::b2c::Header>)> = ids
        .iter()
        .zip(&headers)
        .map(|(&i, h)| (files[i].path.as_path(), h.as_ref()))
        .collect();
    let bases = model::b2c::link_bases(&linked);
    // Each file's set: the root of its chain (bounded, for cycles).
    let root = |mut i: usize| {
        for _ in 0..=bases.len() {
            match bases[i] {
                Some(b) => i = b,
                None => break,
            }
        }
        i
    };
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (at, &file) in ids.iter().enumerate() {
        sets.entry(root(at)).or_default().push(file);
    }
    units.extend(sets.into_values().map(Unit::B2cPolicies));
}

/// A unit lowered: its project (the unit's files first, then the files its front-end read
/// beyond them: Bicep modules), the resources and syntax errors, and how many of the project's
/// files are the unit's own.
pub struct LoweredUnit {
    pub project: Project,
    pub lowered: Lowered,
    pub own: usize,
}

/// Lowers a unit of `files`. `load` reads what the front-end follows beyond them (a Bicep
/// module, a Terraform module's folder).
pub fn lower(unit: &Unit, files: &[SourceFile], load: &dyn Load) -> LoweredUnit {
    let (project, lowered) = match unit {
        Unit::Arm { template, params } => {
            let mut project = Project {
                files: vec![files[*template].clone()],
            };
            let params_id = params.map(|p| {
                project.files.push(files[p].clone());
                1
            });
            let lowered = model::arm::lower(
                &mut project,
                0,
                params_id,
                &|path| load.file(path),
                &super::resources,
            );
            (project, lowered)
        }
        Unit::Terraform {
            files: tf,
            tfvars,
            var_file,
        } => {
            let mut project = Project {
                files: tf
                    .iter()
                    .chain(tfvars)
                    .chain(var_file)
                    .map(|i| files[*i].clone())
                    .collect(),
            };
            let module: Vec<usize> = (0..tf.len()).collect();
            let vars: Vec<usize> = (tf.len()..project.files.len()).collect();
            let lowered =
                model::terraform::lower(&mut project, &module, &vars, load, &super::resources);
            (project, lowered)
        }
        Unit::PowerShell(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let lowered = model::powershell::lower(&project, 0, &super::resources);
            (project, lowered)
        }
        Unit::GraphJson(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let lowered = model::graph_json::lower(&project, 0, &super::resources);
            (project, lowered)
        }
        Unit::TerraformPlan(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let lowered = model::terraform::plan::lower(&project, 0, &super::resources);
            (project, lowered)
        }
        Unit::Bicep { main, params } => {
            let mut project = Project {
                files: vec![files[*main].clone()],
            };
            let params_id = params.map(|p| {
                project.files.push(files[p].clone());
                1
            });
            let lowered = model::bicep::lower(
                &mut project,
                0,
                params_id,
                &|path| load.file(path),
                &super::resources,
            );
            (project, lowered)
        }
        Unit::Pulumi {
            program,
            project: pulumi,
            stack,
        } => {
            let mut project = Project {
                files: vec![files[*program].clone()],
            };
            let stack_id = stack.map(|s| {
                project.files.push(files[s].clone());
                project.files.len() - 1
            });
            if let Some(p) = pulumi {
                project.files.push(files[*p].clone());
            }
            let lowered = model::pulumi::lower(&project, 0, stack_id, &super::resources);
            (project, lowered)
        }
        Unit::Kubernetes(manifests) => {
            let project = Project {
                files: manifests.iter().map(|i| files[*i].clone()).collect(),
            };
            let ids: Vec<usize> = (0..manifests.len()).collect();
            let lowered = model::kubernetes::lower(&project, &ids, &super::resources);
            (project, lowered)
        }
        Unit::B2cPolicies(policies) => {
            let project = Project {
                files: policies.iter().map(|i| files[*i].clone()).collect(),
            };
            let ids: Vec<usize> = (0..policies.len()).collect();
            let lowered = model::b2c::lower(&project, &ids, &super::resources);
            (project, lowered)
        }
        Unit::SyntaxOnly(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let file = &project.files[0];
            let errors = formats::format_of(file.kind).syntax_errors(file);
            let lowered = model::Lowered {
                resources: Vec::new(),
                syntax_errors: errors.into_iter().map(|e| (0, e)).collect(),
            };
            (project, lowered)
        }
    };
    let own = match unit {
        Unit::Bicep { params, .. } | Unit::Arm { params, .. } => 1 + usize::from(params.is_some()),
        Unit::Terraform {
            files,
            tfvars,
            var_file,
        } => files.len() + tfvars.len() + usize::from(var_file.is_some()),
        _ => project.files.len(),
    };
    LoweredUnit {
        project,
        lowered,
        own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_templates_are_told_by_their_generator() {
        assert!(compiled_by_bicep(
            "{\"metadata\": {\"_generator\": {\n  \"name\": \"bicep\", \"version\": \"0.30\"}}}"
        ));
        assert!(!compiled_by_bicep(
            "{\"metadata\": {\"_generator\": {\"name\": \"other\"}}}"
        ));
        assert!(!compiled_by_bicep("{\"resources\": []}"));
    }

    #[test]
    fn parameters_files_find_their_template() {
        assert_eq!(
            parameters_stem("azuredeploy.parameters.json"),
            Some("azuredeploy")
        );
        assert_eq!(parameters_stem("main.parameters.prod.json"), Some("main"));
        assert_eq!(parameters_stem("main.json"), None);
    }

    #[test]
    fn tfvars_load_order() {
        let mut names = vec![
            "b.auto.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars",
            "terraform.tfvars",
        ];
        names.sort_by_key(|n| tfvars_order(n));
        assert_eq!(
            names,
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars",
                "b.auto.tfvars"
            ]
        );
        assert!(is_auto_tfvars("x.auto.tfvars"));
        assert!(!is_auto_tfvars("prod.tfvars"));
    }
}
