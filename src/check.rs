//! The check: walk the paths, read and classify files, group them into projects (a Terraform
//! module folder with its tfvars; an ARM template with each of its parameters files), lower
//! them, run the rules, apply configuration and suppressions. Used by `residency check` and the
//! language server.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{Config, ConfigResolver, Level, Overrides};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
use crate::model::{self, FileKind, Loc, Project, SourceFile};
use crate::rules::{self, Finding};
use crate::suppression::Suppressions;
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
    /// Called once per project checked, for progress reporting.
    pub on_progress: Option<Box<dyn Fn(u64) + Sync + Send>>,
    /// Called once with the number of projects, before checking starts.
    pub on_start: Option<Box<dyn Fn(u64) + Sync + Send>>,
    /// Also describe the identity resources ([`Outcome::resources`]): the language server's
    /// hover.
    pub describe_resources: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Supported files read (or reported unreadable).
    pub files_checked: usize,
    /// The text of every file read, by path as reported.
    pub sources: HashMap<PathBuf, Arc<str>>,
    /// With [`Options::describe_resources`]: each identity resource's declaration and what to
    /// say about it, sorted by file and position.
    pub resources: Vec<ResourceInfo>,
    /// Each Bicep module followed (absolute path), with the absolute paths of the files that
    /// use it: the language server re-checks them when the module changes.
    pub module_callers: ModuleCallers,
}

/// Each Bicep module followed (absolute path), with the files that use it.
pub type ModuleCallers = HashMap<PathBuf, Vec<PathBuf>>;

/// An identity resource described for a hover: where it is declared, and the Markdown saying
/// what Microsoft stores or processes where for it and where its locations resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// The file of the declaration, as reported.
    pub path: PathBuf,
    /// The declaration: the ARM `type` value, the Terraform block header, the Bicep type
    /// string, the Pulumi `type:`; or where the resource's name is written (the ARM `name`
    /// value, the Bicep symbolic name and `name:` value, the Pulumi resource key), with the
    /// same Markdown.
    pub range: TextRange,
    pub markdown: String,
}

/// A fatal problem: bad configuration, a path that does not exist.
#[derive(Debug)]
pub struct CheckError(pub String);

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CheckError {}

/// File kind from the name alone; JSON needs a look inside (`None` = maybe an ARM file).
enum NameKind {
    Known(FileKind),
    Json,
    Yaml,
}

fn kind_from_name(path: &Path) -> Option<NameKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        Some(NameKind::Known(FileKind::TerraformJson))
    } else if name.ends_with(".tfvars.json") {
        Some(NameKind::Known(FileKind::TfVarsJson))
    } else if name.ends_with(".tf") {
        Some(NameKind::Known(FileKind::TerraformHcl))
    } else if name.ends_with(".tfvars") {
        Some(NameKind::Known(FileKind::TfVars))
    } else if name.ends_with(".json") || name.ends_with(".jsonc") {
        Some(NameKind::Json)
    } else if name.ends_with(".bicep") {
        Some(NameKind::Known(FileKind::Bicep))
    } else if name.ends_with(".bicepparam") {
        Some(NameKind::Known(FileKind::BicepParam))
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(NameKind::Yaml)
    } else if name.ends_with(".ps1") {
        Some(NameKind::Known(FileKind::PowerShell))
    } else {
        None
    }
}

/// Whether the walker should consider this file (by name).
pub fn is_supported_name(path: &Path) -> bool {
    kind_from_name(path).is_some()
        && path
            .file_name()
            .is_none_or(|n| n != crate::config::FILE_NAME)
}

/// Collects candidate files under `paths`, honouring `.gitignore`, in parallel. Symlinks are not
/// followed, so loops cannot occur. Explicitly named files are kept whatever their name.
fn walk(paths: &[PathBuf], overlay: Option<&Overlay>) -> Result<Vec<PathBuf>, CheckError> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in distinct_roots(paths) {
        // Named files are always kept (even when a folder also named ignores them): only
        // folders inside other named folders are dropped.
        let path = &path;
        // An open document not yet saved exists only in the overlay.
        if overlay.is_some_and(|o| o.contains_key(&crate::config::absolute(path))) {
            out.push(path.clone());
            continue;
        }
        let meta =
            std::fs::metadata(path).map_err(|e| CheckError(format!("{}: {e}", path.display())))?;
        if meta.is_dir() {
            dirs.push(path.clone());
        } else {
            out.push(path.clone());
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = ignore::WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        builder
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != ".git");
        let found = Mutex::new(Vec::new());
        builder.build_parallel().run(|| {
            let found = &found;
            Box::new(move |entry| {
                if let Ok(entry) = entry {
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && is_supported_name(entry.path())
                    {
                        found
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(entry.into_path());
                    }
                }
                ignore::WalkState::Continue
            })
        });
        out.extend(found.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    // A file reached twice (`infra` and `/abs/infra`, or overlapping folders) is checked once,
    // under the first name it was reached by.
    let mut seen = std::collections::HashSet::new();
    let mut clean: Vec<PathBuf> = out
        .into_iter()
        .map(|p| p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p))
        .filter(|p| seen.insert(crate::config::absolute(p)))
        .collect();
    clean.sort();
    Ok(clean)
}

/// The paths to walk, without those inside another one given (`infra` and `/abs/infra/x`):
/// each file is then reached once, under the name of the first root that contains it.
fn distinct_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let abs: Vec<PathBuf> = paths.iter().map(|p| crate::config::absolute(p)).collect();
    paths
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.is_file()
                || !abs.iter().enumerate().any(|(j, other)| {
                    j != *i && abs[*i].starts_with(other) && (abs[*i] != *other || j < *i)
                })
        })
        .map(|(_, p)| p.clone())
        .collect()
}

/// A file read and classified.
struct Read {
    file: SourceFile,
}

enum ReadResult {
    Ok(Read),
    /// Not a file residency checks (unrelated JSON).
    Skipped,
    Unreadable {
        path: PathBuf,
        message: String,
    },
}

/// Texts that replace the files on disk (the language server's open documents), by absolute
/// path.
pub type Overlay = HashMap<PathBuf, Arc<str>>;

fn read_file(path: &Path, config: &Config, overlay: Option<&Overlay>) -> ReadResult {
    let Some(name_kind) = kind_from_name(path).or(Some(NameKind::Json)) else {
        return ReadResult::Skipped;
    };
    let unreadable = |message: String| ReadResult::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    if let Some(text) = overlay.and_then(|o| o.get(&crate::config::absolute(path))) {
        if text.len() as u64 > config.max_file_size {
            return unreadable(format!(
                "File is {} bytes, over the size limit of {} bytes, so it was not read. Raise `max_file_size` in .residency.yaml to check it.",
                text.len(),
                config.max_file_size
            ));
        }
        return classify(path, name_kind, text.clone());
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > config.max_file_size => {
            // Unrelated JSON (a lock file, a data dump) stays skipped however large: tell by its
            // first bytes whether it is an ARM file at all.
            if matches!(name_kind, NameKind::Json) && !json_head_is_arm(path) {
                return ReadResult::Skipped;
            }
            return unreadable(format!(
                "File is {} bytes, over the size limit of {} bytes, so it was not read. Raise `max_file_size` in .residency.yaml to check it.",
                meta.len(),
                config.max_file_size
            ));
        }
        Ok(_) => {}
        Err(e) => return unreadable(format!("Cannot read the file: {e}.")),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(format!("Cannot read the file: {e}.")),
    };
    if let Some(encoding) = utf16_encoding(&bytes) {
        return unreadable(format!(
            "The file is {encoding} encoded, not UTF-8; save it as UTF-8 (Terraform and Azure read UTF-8)."
        ));
    }
    if bytes.contains(&0) {
        return unreadable("The file is binary (it contains NUL bytes), not text.".into());
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return unreadable(format!(
                "The file is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8.",
                e.utf8_error().valid_up_to()
            ))
        }
    };
    classify(path, name_kind, text.into())
}

/// Classifies a file read (or given) as text.
fn classify(path: &Path, name_kind: NameKind, text: Arc<str>) -> ReadResult {
    let kind = match name_kind {
        NameKind::Known(kind) => kind,
        NameKind::Json if model::terraform::plan::is_plan(&text) => FileKind::TerraformPlan,
        NameKind::Json => match model::arm::classify(&text) {
            Some(kind) => kind,
            None => return ReadResult::Skipped,
        },
        NameKind::Yaml => match yaml_kind(path, &text) {
            Some(kind) => kind,
            None => return ReadResult::Skipped,
        },
    };
    ReadResult::Ok(Read {
        file: SourceFile {
            path: path.to_path_buf(),
            text,
            kind,
        },
    })
}

/// Pulumi files by name; Azure Service Operator manifests by content; other YAML is skipped.
fn yaml_kind(path: &Path, text: &str) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "pulumi.yaml" | "pulumi.yml") {
        return Some(FileKind::PulumiProgram);
    }
    if matches!(lower.as_str(), "main.yaml" | "main.yml") {
        // `Main.yaml` is a Pulumi program only beside a `Pulumi.yaml`.
        if path.with_file_name("Pulumi.yaml").is_file()
            || path.with_file_name("Pulumi.yml").is_file()
        {
            return Some(FileKind::PulumiProgram);
        }
    } else if lower.starts_with("pulumi.") {
        return Some(FileKind::PulumiStack);
    }
    model::kubernetes::is_aso_manifest(text).then_some(FileKind::Kubernetes)
}

/// Whether the first 64 KiB of a JSON file classify as an ARM template or parameters file.
fn json_head_is_arm(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return true;
    };
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return true;
    }
    let text = String::from_utf8_lossy(&head);
    model::arm::classify(&text).is_some()
}

/// Recognises UTF-16 text (Windows editors save it): by its byte-order mark, or by NUL bytes in
/// every other position of its start.
fn utf16_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian)"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    if pairs.clone().all(|p| p[1] == 0 && p[0] != 0) {
        Some("UTF-16 (little-endian)")
    } else if pairs.clone().all(|p| p[0] == 0 && p[1] != 0) {
        Some("UTF-16 (big-endian)")
    } else {
        None
    }
}

/// A set of files checked together.
enum Unit {
    Arm {
        template: usize,
        params: Option<usize>,
    },
    Terraform {
        files: Vec<usize>,
        tfvars: Vec<usize>,
    },
    TerraformPlan(usize),
    PowerShell(usize),
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
    /// A file that belongs to no project (a parameters file without its template, a tfvars
    /// file Terraform does not load automatically): only its syntax is checked.
    SyntaxOnly(usize),
}

impl Unit {
    fn primary(&self) -> usize {
        match self {
            Unit::Arm { template, .. } => *template,
            Unit::Terraform { files, tfvars } => {
                files.first().or(tfvars.first()).copied().unwrap_or(0)
            }
            Unit::SyntaxOnly(f) | Unit::TerraformPlan(f) | Unit::PowerShell(f) => *f,
            Unit::Bicep { main, .. } => *main,
            Unit::Pulumi { program, .. } => *program,
            Unit::Kubernetes(files) => files[0],
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

fn group(files: &[SourceFile]) -> Vec<Unit> {
    let mut units = Vec::new();
    let name = |i: usize| {
        files[i]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let dir = |i: usize| {
        files[i]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };

    // ARM: templates and the parameters files beside them.
    let mut templates: HashMap<(PathBuf, String), usize> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind == FileKind::ArmTemplate {
            let n = name(i);
            let stem = n
                .strip_suffix(".json")
                .or(n.strip_suffix(".jsonc"))
                .unwrap_or(&n)
                .to_ascii_lowercase();
            templates.insert((dir(i), stem), i);
        }
    }
    let mut params_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind != FileKind::ArmParameters {
            continue;
        }
        let n = name(i);
        let template = parameters_stem(&n)
            .and_then(|stem| templates.get(&(dir(i), stem.to_ascii_lowercase())));
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

    // Terraform: one module per folder.
    let mut modules: BTreeMap<PathBuf, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        match f.kind {
            FileKind::TerraformHcl | FileKind::TerraformJson => {
                modules.entry(dir(i)).or_default().0.push(i)
            }
            FileKind::TfVars | FileKind::TfVarsJson => {
                if is_auto_tfvars(&name(i)) {
                    modules.entry(dir(i)).or_default().1.push(i);
                } else {
                    units.push(Unit::SyntaxOnly(i));
                }
            }
            _ => {}
        }
    }
    group_bicep(files, &mut units);
    group_yaml(files, &mut units);
    units.extend(files.iter().enumerate().filter_map(|(i, f)| match f.kind {
        FileKind::TerraformPlan => Some(Unit::TerraformPlan(i)),
        FileKind::PowerShell => Some(Unit::PowerShell(i)),
        _ => None,
    }));
    for (_, (tf, mut tfvars)) in modules {
        tfvars.sort_by_key(|i| tfvars_order(&name(*i)));
        if tf.is_empty() {
            units.extend(tfvars.into_iter().map(Unit::SyntaxOnly));
        } else {
            units.push(Unit::Terraform { files: tf, tfvars });
        }
    }
    units
}

/// Bicep: each `.bicep` file, once per `.bicepparam` that names it in `using` (else alone).
fn group_bicep(files: &[SourceFile], units: &mut Vec<Unit>) {
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::Bicep)
        .map(|(i, f)| (crate::config::absolute(&f.path), i))
        .collect();
    let mut params_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, f) in files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::BicepParam)
    {
        let target = model::bicep::using_target(&f.text).and_then(|t| {
            let dir = f.path.parent().unwrap_or(Path::new(""));
            by_path.get(&crate::config::absolute(&dir.join(t))).copied()
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
/// per stack file. Kubernetes: the manifests of a folder together.
fn group_yaml(files: &[SourceFile], units: &mut Vec<Unit>) {
    #[derive(Default)]
    struct Folder {
        pulumi: Option<usize>,
        main: Option<usize>,
        stacks: Vec<usize>,
        manifests: Vec<usize>,
    }
    let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let dir = f.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let is_main = f.path.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .to_ascii_lowercase()
                .starts_with("main.")
        });
        match f.kind {
            FileKind::PulumiProgram if is_main => folders.entry(dir).or_default().main = Some(i),
            FileKind::PulumiProgram => folders.entry(dir).or_default().pulumi = Some(i),
            FileKind::PulumiStack => folders.entry(dir).or_default().stacks.push(i),
            FileKind::Kubernetes => folders.entry(dir).or_default().manifests.push(i),
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
        if !folder.manifests.is_empty() {
            units.push(Unit::Kubernetes(folder.manifests));
        }
    }
}

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
    let reported = walk(paths, overlay)?;
    // A file named on its own is checked with its project: the files beside it (sibling `.tf`,
    // tfvars, the template of a parameters file, its parameters files) are read as context,
    // and only the named files' findings are reported.
    let reported_abs: std::collections::HashSet<PathBuf> = reported
        .iter()
        .map(|p| crate::config::absolute(p))
        .collect();
    let mut context = Vec::new();
    let is_named_file = |p: &Path| {
        p.is_file() || overlay.is_some_and(|o| o.contains_key(&crate::config::absolute(p)))
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
        for entry in entries.flatten() {
            let sibling = dir.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_file())
                && is_supported_name(&sibling)
                && !reported_abs.contains(&crate::config::absolute(&sibling))
                && !context.contains(&sibling)
            {
                context.push(sibling);
            }
        }
    }
    context.sort();
    let candidates: Vec<PathBuf> = reported.iter().chain(&context).cloned().collect();

    // Read and classify, in parallel. Configuration errors are fatal.
    let read: Vec<Result<Option<ReadResult>, CheckError>> = candidates
        .par_iter()
        .map(|path| {
            let config = resolver
                .for_file(path)
                .map_err(|e| CheckError(e.to_string()))?;
            if config.excludes(path) {
                return Ok(None);
            }
            Ok(Some(read_file(path, &config, overlay)))
        })
        .collect();
    let is_context = |p: &Path| context.iter().any(|c| c == p);
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut files_checked = 0;
    for r in read {
        match r? {
            None | Some(ReadResult::Skipped) => {}
            Some(ReadResult::Ok(read)) => {
                files_checked += usize::from(!is_context(&read.file.path));
                files.push(read.file);
            }
            Some(ReadResult::Unreadable { path, .. }) if is_context(&path) => {}
            Some(ReadResult::Unreadable { path, message }) => {
                files_checked += 1;
                diagnostics.push(Diagnostic {
                    code: "E002",
                    name: "unreadable-file",
                    resource: None,
                    severity: Severity::Error,
                    path,
                    range: TextRange::empty(0),
                    message,
                    related: Vec::new(),
                    fix: None,
                });
            }
        }
    }
    let outcome = check_read_files(files, &resolver, options, overlay)?;
    let mut all: Vec<Diagnostic> = outcome
        .diagnostics
        .into_iter()
        .filter(|d| !is_context(&d.path))
        .collect();
    all.extend(diagnostics);
    finish(&mut all);
    Ok(Outcome {
        diagnostics: all,
        files_checked,
        sources: outcome.sources,
        resources: outcome.resources,
        module_callers: outcome.module_callers,
    })
}

/// Checks files already read (the language server passes open documents this way).
pub fn check_files(
    files: Vec<SourceFile>,
    resolver: &ConfigResolver,
    options: &Options,
) -> Result<Outcome, CheckError> {
    check_read_files(files, resolver, options, None)
}

/// [`check_files`], with the text of open documents that front-ends may read beyond `files`
/// (Bicep modules in other folders).
fn check_read_files(
    files: Vec<SourceFile>,
    resolver: &ConfigResolver,
    options: &Options,
    overlay: Option<&Overlay>,
) -> Result<Outcome, CheckError> {
    let units = group(&files);
    if let Some(start) = &options.on_start {
        start(units.len() as u64);
    }
    // Files by absolute path, for front-ends that follow references to other files.
    let by_path: HashMap<PathBuf, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (crate::config::absolute(&f.path), i))
        .collect();
    let results: Vec<Result<UnitOutcome, CheckError>> = units
        .par_iter()
        .map(|unit| {
            let config = resolver
                .for_file(&files[unit.primary()].path)
                .map_err(|e| CheckError(e.to_string()))?;
            let config = if options.overrides.is_empty() {
                config
            } else {
                Arc::new(config.with(&options.overrides))
            };
            let mut out = check_unit(unit, &files, &by_path, &config, overlay);
            if !options.describe_resources {
                out.resources.clear();
            }
            if let Some(progress) = &options.on_progress {
                progress(1);
            }
            Ok(out)
        })
        .collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for r in results {
        outcomes.push(r?);
    }
    // A Bicep file used as a module by another checked file is checked in its callers' context,
    // with the parameters they pass; checked on its own, its parameters would be unknown.
    let modules: std::collections::HashSet<PathBuf> = outcomes
        .iter()
        .flat_map(|o| o.modules.iter().cloned())
        .collect();
    let mut diagnostics = Vec::new();
    let mut resources: Vec<ResourceInfo> = Vec::new();
    let mut extra: Vec<SourceFile> = Vec::new();
    let mut module_callers = ModuleCallers::new();
    for (unit, outcome) in units.iter().zip(outcomes) {
        let caller = crate::config::absolute(&files[unit.primary()].path);
        for module in &outcome.modules {
            let callers = module_callers.entry(module.clone()).or_default();
            if !callers.contains(&caller) {
                callers.push(caller.clone());
            }
        }
        let is_module = match unit {
            Unit::Bicep { main, params: None } => {
                modules.contains(&crate::config::absolute(&files[*main].path))
            }
            _ => false,
        };
        if !is_module {
            diagnostics.extend(outcome.diagnostics);
            resources.extend(outcome.resources);
        }
        extra.extend(outcome.loaded);
    }
    let files_checked = files.len();
    let mut all_files = files;
    for f in extra {
        if !all_files.iter().any(|g| g.path == f.path) {
            all_files.push(f);
        }
    }
    let diagnostics = apply_suppressions(diagnostics, &all_files);
    let sources = all_files.into_iter().map(|f| (f.path, f.text)).collect();
    Ok(Outcome {
        diagnostics,
        files_checked,
        sources,
        resources: merge_resources(resources),
        module_callers,
    })
}

/// What checking a unit yields.
struct UnitOutcome {
    diagnostics: Vec<Diagnostic>,
    /// Files the front-end read that were not among those given (their text, for reporters).
    loaded: Vec<SourceFile>,
    /// Absolute paths of the Bicep modules the unit followed.
    modules: Vec<PathBuf>,
    /// The identity resources described (dropped unless asked for).
    resources: Vec<ResourceInfo>,
}

/// Checks one unit: its diagnostics, and the files its front-end read beyond those given (the
/// local modules of a Bicep file), whose text the reporters need.
fn check_unit(
    unit: &Unit,
    files: &[SourceFile],
    by_path: &HashMap<PathBuf, usize>,
    config: &Config,
    overlay: Option<&Overlay>,
) -> UnitOutcome {
    let (project, lowered) = match unit {
        Unit::Arm { template, params } => {
            let mut project = Project {
                files: vec![files[*template].clone()],
            };
            let params_id = params.map(|p| {
                project.files.push(files[p].clone());
                1
            });
            let lowered = model::arm::lower(&project, 0, params_id);
            (project, lowered)
        }
        Unit::Terraform { files: tf, tfvars } => {
            let project = Project {
                files: tf.iter().chain(tfvars).map(|i| files[*i].clone()).collect(),
            };
            let module: Vec<usize> = (0..tf.len()).collect();
            let vars: Vec<usize> = (tf.len()..tf.len() + tfvars.len()).collect();
            let lowered = model::terraform::lower(&project, &module, &vars);
            (project, lowered)
        }
        Unit::PowerShell(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let lowered = model::powershell::lower(&project, 0);
            (project, lowered)
        }
        Unit::TerraformPlan(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let lowered = model::terraform::plan::lower(&project, 0);
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
            // Modules are read from the files already read when they are among them, else from
            // the editor's open documents, else from disk.
            let load = |path: &Path| -> Option<Arc<str>> {
                let path = crate::config::absolute(path);
                match by_path.get(&path) {
                    Some(i) => Some(files[*i].text.clone()),
                    None => match overlay.and_then(|o| o.get(&path)) {
                        Some(text) => Some(text.clone()),
                        None => std::fs::read_to_string(&path).ok().map(Arc::from),
                    },
                }
            };
            let lowered = model::bicep::lower(&mut project, 0, params_id, &load);
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
            let lowered = model::pulumi::lower(&project, 0, stack_id);
            (project, lowered)
        }
        Unit::Kubernetes(manifests) => {
            let project = Project {
                files: manifests.iter().map(|i| files[*i].clone()).collect(),
            };
            let ids: Vec<usize> = (0..manifests.len()).collect();
            let lowered = model::kubernetes::lower(&project, &ids);
            (project, lowered)
        }
        Unit::SyntaxOnly(i) => {
            let project = Project {
                files: vec![files[*i].clone()],
            };
            let errors = syntax_errors(&project.files[0]);
            let lowered = model::Lowered {
                resources: Vec::new(),
                syntax_errors: errors.into_iter().map(|e| (0, e)).collect(),
            };
            (project, lowered)
        }
    };
    let findings: Vec<Finding> = lowered
        .syntax_errors
        .iter()
        .map(|(file, e)| Finding {
            code: "E001",
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
        rules::run(&project, config, &lowered.resources)
            .into_iter()
            .map(|(f, r)| (f, Some(r))),
    );
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .filter_map(|(f, resource)| to_diagnostic(f, resource, &project, config))
        .collect();
    let with_params = match unit {
        Unit::Arm {
            params: Some(_), ..
        } => project.files[1]
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        _ => None,
    };
    let resources: Vec<ResourceInfo> = lowered
        .resources
        .iter()
        .filter_map(|r| {
            let mut markdown = describe_resource(r, config)?;
            if let Some(name) = &with_params {
                markdown.push_str(&format!("\n\n_With parameters file `{name}`._"));
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
    // A template is checked once per parameters file: a finding that depends on the file's
    // values says which file gave them (findings that do not are reported once).
    if let Unit::Arm {
        params: Some(_), ..
    } = unit
    {
        let params = &project.files[1].path;
        let name = params
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for d in &mut diagnostics {
            let depends = d.related.iter().any(|r| &r.path == params)
                || d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| &e.path == params));
            if depends && &d.path != params {
                d.message
                    .push_str(&format!(" (with parameters file `{name}`)"));
            }
        }
    }
    // Files the front-end read beyond the unit's own (Bicep modules).
    let own = match unit {
        Unit::Bicep { params, .. } => 1 + usize::from(params.is_some()),
        _ => project.files.len(),
    };
    let modules = project
        .files
        .iter()
        .skip(own)
        .map(|f| crate::config::absolute(&f.path))
        .collect();
    let loaded = project
        .files
        .into_iter()
        .filter(|f| !files.iter().any(|g| g.path == f.path))
        .collect();
    UnitOutcome {
        diagnostics,
        loaded,
        modules,
        resources,
    }
}

/// What Microsoft stores or processes where for a kind of identity resource: sentences of
/// *Identity data storage for European customers in Azure Active Directory* (MicrosoftDocs),
/// with that source (empty for what the page does not cover: log exports, External ID
/// tenants); `None` for resources that are not identity-related.
fn stored_where(kind: model::Kind) -> Option<(&'static str, &'static str)> {
    use model::Kind;
    const SOURCE: &str =
        "Microsoft, *Identity data storage for European customers in Azure Active Directory*";
    Some(match kind {
        Kind::B2cTenant => (
            "Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters. These do not contain any user personal data.",
            SOURCE,
        ),
        Kind::CiamTenant => (
            "An External ID tenant keeps its directory data in the data residency location chosen when the tenant is created.",
            "",
        ),
        Kind::DomainServices | Kind::DomainServicesReplicaSet => (
            "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network. So, if the network is outside Europe, the data is replicated and stored outside Europe.",
            SOURCE,
        ),
        Kind::AadDiagnosticSetting => (
            "Sign-in and audit logs are copied to the destination's region.",
            "",
        ),
        Kind::Invitation => (
            "Azure AD B2B stores invitations with redeem link and redirect URL information in US datacenters. In addition, email address of users that unsubscribe from receiving B2B invitations are also stored in U.S. datacenters.",
            SOURCE,
        ),
        Kind::AuthenticationStrengthPolicy | Kind::ConditionalAccessPolicy => (
            "All two-factor authentication using phone calls or SMS originate from US datacenters and are also routed by global providers. Push notifications using the Microsoft Authenticator app originate from US datacenters; OATH codes are always validated in the U.S.",
            SOURCE,
        ),
        Kind::Application | Kind::PermissionGrant => (
            "Services and applications that integrate with Azure AD have access to identity data. Evaluate each service and application you use to determine how identity data is processed by that specific service and application.",
            SOURCE,
        ),
        _ => return None,
    })
}

/// The hover text of an identity resource: what Microsoft stores where for it, then each
/// location that decides where its data lives, with the chain that led there, judged against
/// the active boundary. `None` for resources that are not identity-related.
fn describe_resource(resource: &model::Resource, config: &Config) -> Option<String> {
    use rules::Judged;
    let (sentences, source) = stored_where(resource.kind)?;
    let boundary = &config.boundary;
    let inside_phrase = match boundary {
        crate::regions::Boundary::Europe => "inside Europe",
        crate::regions::Boundary::EuDataBoundary => "inside the EU Data Boundary",
        crate::regions::Boundary::Custom(_) => "inside the allowed regions",
    };
    let mut out = format!("**{}** `{}`\n\n", resource.type_name, resource.name);
    out.push_str(sentences);
    out.push_str("\n\n");
    if !source.is_empty() {
        out.push_str(&format!("— {source}\n\n"));
    }
    let placements = rules::placements(resource);
    let mut lines = Vec::new();
    for p in &placements {
        let value = match rules::judge(p) {
            Judged::Region(r) => {
                let verdict = if boundary.contains(r) {
                    inside_phrase
                } else {
                    boundary.outside_phrase()
                };
                format!("`{}` ({}) — {verdict}", r.name, r.describe())
            }
            Judged::Tenant(t) => {
                let verdict = if t == "Europe" {
                    "inside Europe"
                } else {
                    "outside Europe"
                };
                format!("`{t}` (tenant data residency location) — {verdict}")
            }
            Judged::NotALocation(text) => format!("`{text}` — not a known location"),
            Judged::Unknown => format!(
                "not provable statically ({})",
                p.val.unknown_reason().unwrap_or("not a string")
            ),
        };
        let mut line = format!("- {}: {value}", p.what);
        for origin in &p.val.origin {
            line.push_str(&format!(" ← {}", origin.note));
        }
        lines.push(line);
    }
    for d in resource.destinations.iter().filter(|d| d.target.is_none()) {
        lines.push(format!(
            "- {}: not declared in this project ({})",
            d.label,
            rules::chain(&d.via)
        ));
    }
    if lines.is_empty() {
        if resource.kind.is_identity() {
            out.push_str("No location is written for it here.");
        }
    } else {
        out.push_str(&format!(
            "Locations, judged against the active boundary (`{}`):\n\n{}",
            boundary.id(),
            lines.join("\n")
        ));
    }
    Some(out.trim_end().to_string())
}

/// One entry per declaration: a template checked once per parameters file describes its
/// resources once per file (identical descriptions are kept once).
fn merge_resources(mut resources: Vec<ResourceInfo>) -> Vec<ResourceInfo> {
    resources.sort_by(|a, b| {
        (&a.path, a.range.start, &a.markdown).cmp(&(&b.path, b.range.start, &b.markdown))
    });
    resources.dedup();
    let mut out: Vec<ResourceInfo> = Vec::new();
    for r in resources {
        match out.last_mut() {
            Some(last) if last.path == r.path && last.range == r.range => {
                last.markdown.push_str("\n\n---\n\n");
                last.markdown.push_str(&r.markdown);
            }
            _ => out.push(r),
        }
    }
    out
}

/// Syntax errors of a file checked on its own.
fn syntax_errors(file: &SourceFile) -> Vec<crate::syntax::SyntaxError> {
    match file.kind {
        FileKind::ArmTemplate
        | FileKind::ArmParameters
        | FileKind::TfVarsJson
        | FileKind::TerraformJson
        | FileKind::TerraformPlan => crate::syntax::json::parse(&file.text).errors,
        FileKind::Bicep | FileKind::BicepParam => crate::syntax::bicep::syntax_errors(&file.text),
        FileKind::PulumiProgram | FileKind::PulumiStack | FileKind::Kubernetes => {
            crate::syntax::yaml::syntax_errors(&file.text)
        }
        FileKind::PowerShell => Vec::new(),
        FileKind::TerraformHcl | FileKind::TfVars => {
            let project = Project {
                files: vec![file.clone()],
            };
            model::terraform::lower(&project, &[], &[0])
                .syntax_errors
                .into_iter()
                .map(|(_, e)| e)
                .collect()
        }
    }
}

fn to_diagnostic(
    finding: Finding,
    resource: Option<String>,
    project: &Project,
    config: &Config,
) -> Option<Diagnostic> {
    let meta = rules::meta(finding.code)?;
    let severity = match config.level(meta.code) {
        Level::Off => return None,
        Level::On(s) => s,
    };
    let path = |loc: Loc| project.files[loc.file].path.clone();
    // One note per place: provenance chains of several values often share steps.
    let mut seen = std::collections::HashSet::new();
    let related: Vec<(Loc, String)> = finding
        .related
        .into_iter()
        .filter(|(loc, _)| seen.insert(*loc))
        .collect();
    Some(Diagnostic {
        code: meta.code,
        name: meta.name,
        resource,
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

/// Drops suppressed diagnostics and reports problems with the suppressions themselves.
fn apply_suppressions(diagnostics: Vec<Diagnostic>, files: &[SourceFile]) -> Vec<Diagnostic> {
    let scanned: HashMap<&Path, Suppressions> = files
        .iter()
        .map(|f| (f.path.as_path(), Suppressions::scan(&f.text, f.kind)))
        .collect();
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            scanned
                .get(d.path.as_path())
                .is_none_or(|s| !s.suppresses(d.code, d.range.start as usize))
        })
        .collect();
    let meta = rules::meta("E003").expect("E003 is in the catalog");
    for (path, s) in &scanned {
        for (range, message) in s.problems() {
            out.push(Diagnostic {
                code: meta.code,
                name: meta.name,
                resource: None,
                severity: meta.default_severity,
                path: path.to_path_buf(),
                range,
                message,
                related: Vec::new(),
                fix: None,
            });
        }
    }
    out
}

/// Sorts by file and position, and drops duplicates (a template checked once per parameters
/// file reports a finding that does not depend on parameters once).
fn finish(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.range.start, a.code, &a.message).cmp(&(
            &b.path,
            b.range.start,
            b.code,
            &b.message,
        ))
    });
    diagnostics.dedup_by(|a, b| {
        a.path == b.path && a.range == b.range && a.code == b.code && a.message == b.message
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod describe_tests {
    use super::*;

    fn described(dir: &str) -> (Outcome, Vec<(String, String)>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(dir);
        let options = Options {
            describe_resources: true,
            ..Options::default()
        };
        let outcome = check_paths(&[root], &options).unwrap();
        let out = outcome
            .resources
            .iter()
            .map(|r| {
                let text = &outcome.sources[&r.path];
                (
                    text[r.range.start as usize..r.range.end as usize].to_string(),
                    r.markdown.clone(),
                )
            })
            .collect();
        (outcome, out)
    }

    #[test]
    fn identity_resources_are_described_at_their_declaration() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "EU040/bicep-flagged",
                "'microsoft.aadiam/diagnosticSettings@2017-04-01'",
                &[
                    "Sign-in and audit logs are copied to the destination's region.",
                    "`brazilsouth` (Brazil South) — outside Europe ← location of storage account 'entraarchive' ← parameter 'workspaceLocation' default",
                ],
            ),
            (
                "EU040/pulumi-flagged",
                "azure-native:aadiam:DiagnosticSetting",
                &["`eastus` (East US, United States) — outside Europe", "`westeurope` (West Europe) — inside Europe"],
            ),
            (
                "EU040/terraform-flagged",
                "\"azurerm_monitor_aad_diagnostic_setting\" \"entra\"",
                &["Log Analytics workspace `azurerm_log_analytics_workspace.siem` receiving the logs: `eastus`"],
            ),
            (
                "EU030/pulumi-flagged",
                "azuread:index/invitation:Invitation",
                &["Azure AD B2B stores invitations with redeem link and redirect URL information in US datacenters."],
            ),
            (
                "EU004/bicep-flagged",
                "'Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview'",
                &["External ID tenant: `United States` (tenant data residency location) — outside Europe ← parameter 'tenantLocation' in main.bicepparam"],
            ),
            (
                "EU010/arm-replica-flagged",
                "\"Microsoft.AAD/domainServices\"",
                &[
                    "Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network.",
                    "replica set 2: `eastus` (East US, United States) — outside Europe ← parameter 'replicaLocation' default",
                ],
            ),
        ];
        for (dir, decl, expected) in cases {
            let (_, found) = described(dir);
            let (_, md) = found
                .iter()
                .find(|(d, _)| d == decl)
                .unwrap_or_else(|| panic!("{dir}: no {decl} in {found:?}"));
            for e in *expected {
                assert!(md.contains(e), "{dir}: {e}\n{md}");
            }
            // Only identity resources are described (no virtual networks, workspaces).
            assert!(
                found
                    .iter()
                    .all(|(d, _)| !d.contains("virtualNetworks") && !d.contains("workspace")),
                "{dir}: {found:?}"
            );
        }
        // Not asked for: nothing.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU010/arm-replica-flagged");
        assert!(check_paths(&[root], &Options::default())
            .unwrap()
            .resources
            .is_empty());
    }

    #[test]
    fn identity_resources_are_described_at_their_name_too() {
        // (sample, declaration, where the name is written)
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "EU010/arm-replica-flagged",
                "\"Microsoft.AAD/domainServices\"",
                &["\"aadds.contoso.com\""],
            ),
            (
                "EU040/bicep-flagged",
                "'microsoft.aadiam/diagnosticSettings@2017-04-01'",
                &["entra", "'entra-archive'"],
            ),
            (
                "EU040/pulumi-flagged",
                "azure-native:aadiam:DiagnosticSetting",
                &["entraLogs"],
            ),
        ];
        for (dir, decl, names) in cases {
            let (_, found) = described(dir);
            let (_, md) = found
                .iter()
                .find(|(d, _)| d == decl)
                .unwrap_or_else(|| panic!("{dir}: no {decl} in {found:?}"));
            for name in *names {
                let (_, at_name) = found
                    .iter()
                    .find(|(d, _)| d == name)
                    .unwrap_or_else(|| panic!("{dir}: no {name} in {found:?}"));
                assert_eq!(at_name, md, "{dir}: {name}");
            }
        }
        // Terraform JSON: the declaration spans the type and name keys.
        let (_, found) = described("EU001/terraform-json-flagged");
        assert!(
            found
                .iter()
                .any(|(d, _)| d.starts_with("\"azapi_resource\"") && d.ends_with("\"b2c\"")),
            "{found:?}"
        );
        // Names of resources that are not identity resources are not described.
        let (_, found) = described("EU040/bicep-flagged");
        assert!(
            found
                .iter()
                .all(|(d, _)| d != "storage" && d != "'entraarchive'"),
            "{found:?}"
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/EU010/arm-replica-flagged");
        assert!(check_paths(&[root], &Options::default())
            .unwrap()
            .resources
            .is_empty());
    }
}
