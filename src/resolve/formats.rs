//! One description per format: which files it claims and how they are classified, its comment
//! syntax for suppressions, how its files group into projects, the globs and language ids an
//! editor watches, and the front-end that lowers it. The check and the language server iterate
//! [`FORMATS`] instead of matching on formats.

use std::path::Path;

use crate::model::{self, FileKind, SourceFile};
use crate::syntax::string_at::Syntax;
use crate::syntax::SyntaxError;

use super::project::{self, Unit};

/// What a file's name says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The name decides: the file is of this kind.
    Kind(FileKind),
    /// The name admits the file; its content decides ([`Format::classify`]).
    ByContent,
}

/// A format residency reads.
pub trait Format: Sync {
    /// For messages and documentation: "ARM templates".
    fn name(&self) -> &'static str;

    /// The kinds of file it reads.
    fn kinds(&self) -> &'static [FileKind];

    /// What a lower-cased file name says: a kind, a file whose content decides, or nothing.
    fn claim(&self, lower_name: &str) -> Option<Claim>;

    /// The kind of a file whose name admits it ([`Claim::ByContent`]), from its path and
    /// text (or the start of its text); `None` when it is not a file of this format.
    fn classify(&self, _path: &Path, _text: &str) -> Option<FileKind> {
        None
    }

    /// The comment leaders a suppression may be written with.
    fn comment_leaders(&self, kind: FileKind) -> &'static [&'static str];

    /// The leader a quick fix writes a new suppression comment with; `None` where the format
    /// has no comment syntax.
    fn comment_leader(&self, kind: FileKind) -> Option<&'static str> {
        self.comment_leaders(kind).first().copied()
    }

    /// What separates a suppression's codes from its reason: `--`, unless the comment syntax
    /// forbids it.
    fn reason_separator(&self, _kind: FileKind) -> &'static str {
        "--"
    }

    /// What closes a comment opened by [`Format::comment_leader`] (empty for line comments).
    fn comment_closer(&self, _kind: FileKind) -> &'static str {
        ""
    }

    /// Whether its files of `kind` are snapshots of live state rather than the desired state
    /// a change is reviewed in: their findings are information unless the configuration sets
    /// the rule's level.
    fn live_snapshot(&self, _kind: FileKind) -> bool {
        false
    }

    /// The syntax its files of `kind` are parsed with, for editor features that look up the
    /// value under the cursor; `None` where there is no tree (PowerShell is scanned as text).
    fn syntax(&self, kind: FileKind) -> Option<Syntax>;

    /// The files an editor should watch on disk for changes (`**/*.tf`).
    fn watch_globs(&self) -> &'static [&'static str];

    /// The LSP language ids of its files, as editors name them.
    fn language_ids(&self) -> &'static [&'static str];

    /// Groups its files (indexes into `files`) into units checked together.
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>);

    /// The syntax errors of one of its files checked on its own.
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError>;
}

/// Every format, in the order names are claimed (`.tf.json` before `.json`).
pub static FORMATS: &[&dyn Format] = &[
    &Terraform,
    &TerraformPlan,
    &Arm,
    &GraphJson,
    &Bicep,
    &Pulumi,
    &Kubernetes,
    &PowerShell,
    &B2cCustomPolicy,
];

/// The format that reads files of `kind`.
pub fn format_of(kind: FileKind) -> &'static dyn Format {
    FORMATS
        .iter()
        .copied()
        .find(|f| f.kinds().contains(&kind))
        .expect("every file kind has a format")
}

/// What a file's name says, by the first format that claims it: a kind decided by the name
/// wins over a file whose content decides.
pub fn claim(path: &Path) -> Option<Claim> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let claims = FORMATS.iter().filter_map(|f| f.claim(&name));
    let mut by_content = false;
    for c in claims {
        match c {
            Claim::Kind(k) => return Some(Claim::Kind(k)),
            Claim::ByContent => by_content = true,
        }
    }
    by_content.then_some(Claim::ByContent)
}

/// The kind of a file whose name admits it, by its content: the first format that recognises
/// it. A file whose name no format claims (named on the command line) is tried by every
/// format.
pub fn classify(path: &Path, text: &str) -> Option<FileKind> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let claimed = FORMATS.iter().any(|f| f.claim(&name).is_some());
    FORMATS
        .iter()
        .filter(|f| !claimed || f.claim(&name) == Some(Claim::ByContent))
        .find_map(|f| f.classify(path, text))
}

/// The kind of a file from its name and, where the name leaves it open, its text.
pub fn kind_of(path: &Path, text: &str) -> Option<FileKind> {
    match claim(path) {
        Some(Claim::Kind(kind)) => Some(kind),
        Some(Claim::ByContent) | None => classify(path, text),
    }
}

/// The leader a new suppression comment is written with in a file of `kind`; `None` where the
/// format has no comment syntax (`.tf.json`, `.tfvars.json` and plan JSON take a `"//"` key,
/// which is not inserted automatically).
pub fn comment_leader(kind: FileKind) -> Option<&'static str> {
    format_of(kind).comment_leader(kind)
}

/// How a suppression comment is written in a kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuppressionSyntax {
    /// The comment leader a new suppression is written with (`#`, `//`, `<!--`).
    pub leader: &'static str,
    /// What separates the codes from the reason (`--`; ` - ` in XML, written `-`).
    pub separator: &'static str,
    /// What closes the comment (`-->`), empty for line comments.
    pub closer: &'static str,
}

/// How a new suppression comment is written in a file of `kind`; `None` where the format has
/// no comment syntax ([`comment_leader`]).
pub fn suppression_syntax(kind: FileKind) -> Option<SuppressionSyntax> {
    let format = format_of(kind);
    Some(SuppressionSyntax {
        leader: format.comment_leader(kind)?,
        separator: format.reason_separator(kind),
        closer: format.comment_closer(kind),
    })
}

/// What separates a suppression's codes from its reason in a file of `kind`.
pub fn reason_separator(kind: FileKind) -> &'static str {
    format_of(kind).reason_separator(kind)
}

/// Whether a file of `kind` is a snapshot of live state ([`Format::live_snapshot`]).
pub fn live_snapshot(kind: FileKind) -> bool {
    format_of(kind).live_snapshot(kind)
}

/// The syntax a kind of file is parsed with ([`Format::syntax`]).
pub fn syntax(kind: FileKind) -> Option<Syntax> {
    format_of(kind).syntax(kind)
}

/// The syntax of a file being edited: its kind's, or, while its content does not decide its
/// kind yet (a template half typed, without `$schema` or `resources`), the one syntax of every
/// kind its name admits (`.json`: JSON).
pub fn syntax_of_file(path: &Path, text: &str) -> Option<Syntax> {
    if let Some(kind) = kind_of(path, text) {
        return syntax(kind);
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let mut syntaxes = FORMATS
        .iter()
        .filter(|f| f.claim(&name) == Some(Claim::ByContent))
        .flat_map(|f| f.kinds().iter().map(|k| f.syntax(*k)));
    let first = syntaxes.next()??;
    syntaxes.all(|s| s == Some(first)).then_some(first)
}

/// The comment leaders of a kind of file.
pub fn comment_leaders(kind: FileKind) -> &'static [&'static str] {
    format_of(kind).comment_leaders(kind)
}

/// Every glob an editor should watch: every format's, and the configuration file.
pub fn watch_globs() -> Vec<&'static str> {
    let mut globs: Vec<&'static str> = FORMATS
        .iter()
        .flat_map(|f| f.watch_globs())
        .copied()
        .collect();
    globs.push(concat!("**/", ".residency.yaml"));
    let mut seen = std::collections::HashSet::new();
    globs.retain(|g| seen.insert(*g));
    globs
}

/// Every language id of every format.
pub fn language_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = FORMATS
        .iter()
        .flat_map(|f| f.language_ids())
        .copied()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Groups files into units: each format its own files.
pub fn group(files: &[SourceFile]) -> Vec<Unit> {
    let mut units = Vec::new();
    for format in FORMATS {
        format.group(files, &mut units);
    }
    units
}

/// Each file of `kind` as a unit of its own.
fn one_unit_per_file(
    files: &[SourceFile],
    kind: FileKind,
    unit: fn(usize) -> Unit,
    units: &mut Vec<Unit>,
) {
    units.extend(
        (0..files.len())
            .filter(|&i| files[i].kind == kind)
            .map(unit),
    );
}

// ----- the formats ------------------------------------------------------------------------------

/// ARM templates and their parameters files (JSON with comments).
pub struct Arm;

impl Format for Arm {
    fn name(&self) -> &'static str {
        "ARM templates"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::ArmTemplate, FileKind::ArmParameters]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        (name.ends_with(".json") || name.ends_with(".jsonc")).then_some(Claim::ByContent)
    }
    fn classify(&self, _path: &Path, text: &str) -> Option<FileKind> {
        model::arm::classify(text)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        // ARM accepts comments in templates and parameters files.
        &["//", "/*"]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Json)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.json", "**/*.jsonc"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["json", "jsonc", "arm-template"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_arm(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::json::syntax_errors(&file.text)
    }
}

/// Terraform configuration (`.tf`, `.tf.json`) and variable files.
pub struct Terraform;

impl Format for Terraform {
    fn name(&self) -> &'static str {
        "Terraform"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[
            FileKind::TerraformHcl,
            FileKind::TerraformJson,
            FileKind::TfVars,
            FileKind::TfVarsJson,
        ]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        let kind = if name.ends_with(".tf.json") {
            FileKind::TerraformJson
        } else if name.ends_with(".tfvars.json") {
            FileKind::TfVarsJson
        } else if name.ends_with(".tf") {
            FileKind::TerraformHcl
        } else if name.ends_with(".tfvars") {
            FileKind::TfVars
        } else {
            return None;
        };
        Some(Claim::Kind(kind))
    }
    fn comment_leaders(&self, kind: FileKind) -> &'static [&'static str] {
        match kind {
            FileKind::TerraformHcl | FileKind::TfVars => &["#", "//", "/*"],
            // JSON Terraform files have no comment syntax: Terraform reads `"//"` keys as
            // comments, which the suppression scanner recognises itself.
            _ => &[],
        }
    }
    fn syntax(&self, kind: FileKind) -> Option<Syntax> {
        match kind {
            FileKind::TerraformHcl | FileKind::TfVars => Some(Syntax::Hcl),
            _ => Some(Syntax::Json),
        }
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.tf", "**/*.tf.json", "**/*.tfvars", "**/*.tfvars.json"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["terraform", "terraform-vars", "hcl", "json"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_terraform(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        match file.kind {
            FileKind::TerraformJson | FileKind::TfVarsJson => {
                crate::syntax::json::syntax_errors(&file.text)
            }
            _ => {
                // A `.tfvars` file Terraform does not load: only its syntax.
                let mut project = model::Project {
                    files: vec![file.clone()],
                };
                let ids: &[usize] = if file.kind == FileKind::TfVars {
                    &[]
                } else {
                    &[0]
                };
                let vars: &[usize] = if file.kind == FileKind::TfVars {
                    &[0]
                } else {
                    &[]
                };
                model::terraform::lower(
                    &mut project,
                    ids,
                    vars,
                    &model::LoadNothing,
                    &super::resources,
                )
                .syntax_errors
                .into_iter()
                .map(|(_, e)| e)
                .collect()
            }
        }
    }
}

/// A Terraform plan in JSON (`terraform show -json plan.out`).
pub struct TerraformPlan;

impl Format for TerraformPlan {
    fn name(&self) -> &'static str {
        "Terraform plan JSON"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::TerraformPlan]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        name.ends_with(".json").then_some(Claim::ByContent)
    }
    fn classify(&self, _path: &Path, text: &str) -> Option<FileKind> {
        model::terraform::plan::is_plan(text).then_some(FileKind::TerraformPlan)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &[]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Json)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.json"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        one_unit_per_file(files, FileKind::TerraformPlan, Unit::TerraformPlan, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::json::syntax_errors(&file.text)
    }
}

/// Microsoft Graph objects saved as JSON (EntraExporter), recognised by `@odata.type`, and
/// UTCM baselines, recognised by their `microsoft.entra.…` resource types.
pub struct GraphJson;

impl Format for GraphJson {
    fn name(&self) -> &'static str {
        "Microsoft Graph JSON"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::GraphJson, FileKind::UtcmJson]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        name.ends_with(".json").then_some(Claim::ByContent)
    }
    fn classify(&self, _path: &Path, text: &str) -> Option<FileKind> {
        model::graph_json::kind_of(text)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        // Graph JSON has no comments (the exports are written by `ConvertTo-Json`).
        &[]
    }
    /// An export (EntraExporter) is what a `GET` returned (identity-surfaces.md §2.4); a UTCM
    /// baseline is desired state.
    fn live_snapshot(&self, kind: FileKind) -> bool {
        kind == FileKind::GraphJson
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Json)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.json"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        one_unit_per_file(files, FileKind::GraphJson, Unit::GraphJson, units);
        one_unit_per_file(files, FileKind::UtcmJson, Unit::GraphJson, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::json::syntax_errors(&file.text)
    }
}

/// Bicep files and `.bicepparam` files.
pub struct Bicep;

impl Format for Bicep {
    fn name(&self) -> &'static str {
        "Bicep"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::Bicep, FileKind::BicepParam]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        if name.ends_with(".bicep") {
            Some(Claim::Kind(FileKind::Bicep))
        } else if name.ends_with(".bicepparam") {
            Some(Claim::Kind(FileKind::BicepParam))
        } else {
            None
        }
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &["//", "/*"]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Bicep)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.bicep", "**/*.bicepparam"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["bicep", "bicep-params"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_bicep(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::bicep::syntax_errors(&file.text)
    }
}

/// Pulumi YAML programs and stack configuration.
pub struct Pulumi;

impl Format for Pulumi {
    fn name(&self) -> &'static str {
        "Pulumi YAML"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::PulumiProgram, FileKind::PulumiStack]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        (name.ends_with(".yaml") || name.ends_with(".yml")).then_some(Claim::ByContent)
    }
    /// By name: `Pulumi.yaml`, `Main.yaml` beside it, `Pulumi.<stack>.yaml`.
    fn classify(&self, path: &Path, _text: &str) -> Option<FileKind> {
        let lower = path.file_name()?.to_str()?.to_ascii_lowercase();
        if matches!(lower.as_str(), "pulumi.yaml" | "pulumi.yml") {
            return Some(FileKind::PulumiProgram);
        }
        if matches!(lower.as_str(), "main.yaml" | "main.yml") {
            // `Main.yaml` is a Pulumi program only beside a `Pulumi.yaml`.
            let beside = path.with_file_name("Pulumi.yaml").is_file()
                || path.with_file_name("Pulumi.yml").is_file();
            return beside.then_some(FileKind::PulumiProgram);
        }
        lower
            .starts_with("pulumi.")
            .then_some(FileKind::PulumiStack)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &["#"]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Yaml)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.yaml", "**/*.yml"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["yaml"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_pulumi(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::yaml::syntax_errors(&file.text)
    }
}

/// Kubernetes manifests of Azure Service Operator.
pub struct Kubernetes;

impl Format for Kubernetes {
    fn name(&self) -> &'static str {
        "Azure Service Operator manifests"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::Kubernetes]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        (name.ends_with(".yaml") || name.ends_with(".yml")).then_some(Claim::ByContent)
    }
    fn classify(&self, _path: &Path, text: &str) -> Option<FileKind> {
        model::kubernetes::is_aso_manifest(text).then_some(FileKind::Kubernetes)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &["#"]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        Some(Syntax::Yaml)
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.yaml", "**/*.yml"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["yaml"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_kubernetes(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::yaml::syntax_errors(&file.text)
    }
}

/// PowerShell scripts and modules, scanned for Exchange federation cmdlets and read for
/// Microsoft365DSC configurations.
pub struct PowerShell;

impl Format for PowerShell {
    fn name(&self) -> &'static str {
        "PowerShell scripts"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::PowerShell]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        (name.ends_with(".ps1") || name.ends_with(".psm1"))
            .then_some(Claim::Kind(FileKind::PowerShell))
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &["#", "<#"]
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        None
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.ps1", "**/*.psm1"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["powershell"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        one_unit_per_file(files, FileKind::PowerShell, Unit::PowerShell, units);
    }
    fn syntax_errors(&self, _file: &SourceFile) -> Vec<SyntaxError> {
        Vec::new()
    }
}

/// Azure AD B2C custom policies: XML whose root is `TrustFrameworkPolicy`.
pub struct B2cCustomPolicy;

impl Format for B2cCustomPolicy {
    fn name(&self) -> &'static str {
        "Azure AD B2C custom policies"
    }
    fn kinds(&self) -> &'static [FileKind] {
        &[FileKind::B2cPolicy]
    }
    fn claim(&self, name: &str) -> Option<Claim> {
        name.ends_with(".xml").then_some(Claim::ByContent)
    }
    fn classify(&self, _path: &Path, text: &str) -> Option<FileKind> {
        model::b2c::is_custom_policy(text).then_some(FileKind::B2cPolicy)
    }
    fn comment_leaders(&self, _: FileKind) -> &'static [&'static str] {
        &["<!--"]
    }
    /// XML allows no `--` inside a comment (and B2C rejects a policy that has one): the reason
    /// follows ` - `.
    fn reason_separator(&self, _: FileKind) -> &'static str {
        "-"
    }
    fn comment_closer(&self, _: FileKind) -> &'static str {
        "-->"
    }
    fn syntax(&self, _: FileKind) -> Option<Syntax> {
        None
    }
    fn watch_globs(&self) -> &'static [&'static str] {
        &["**/*.xml"]
    }
    fn language_ids(&self) -> &'static [&'static str] {
        &["xml"]
    }
    fn group(&self, files: &[SourceFile], units: &mut Vec<Unit>) {
        project::group_b2c(files, units);
    }
    fn syntax_errors(&self, file: &SourceFile) -> Vec<SyntaxError> {
        crate::syntax::xml::syntax_errors(&file.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_format() {
        let kinds = [
            FileKind::ArmTemplate,
            FileKind::ArmParameters,
            FileKind::TerraformHcl,
            FileKind::TerraformJson,
            FileKind::TfVars,
            FileKind::TfVarsJson,
            FileKind::TerraformPlan,
            FileKind::Bicep,
            FileKind::BicepParam,
            FileKind::PulumiProgram,
            FileKind::PulumiStack,
            FileKind::Kubernetes,
            FileKind::PowerShell,
            FileKind::GraphJson,
            FileKind::UtcmJson,
            FileKind::B2cPolicy,
        ];
        for kind in kinds {
            let n = FORMATS.iter().filter(|f| f.kinds().contains(&kind)).count();
            assert_eq!(n, 1, "{kind:?}");
        }
    }

    #[test]
    fn names_are_claimed_by_the_right_format() {
        let claim_of = |n: &str| claim(Path::new(n));
        assert_eq!(
            claim_of("a.tf.json"),
            Some(Claim::Kind(FileKind::TerraformJson))
        );
        assert_eq!(
            claim_of("terraform.tfvars.json"),
            Some(Claim::Kind(FileKind::TfVarsJson))
        );
        assert_eq!(
            claim_of("main.TF"),
            Some(Claim::Kind(FileKind::TerraformHcl))
        );
        assert_eq!(claim_of("azuredeploy.json"), Some(Claim::ByContent));
        assert_eq!(claim_of("x.jsonc"), Some(Claim::ByContent));
        assert_eq!(claim_of("Pulumi.dev.yaml"), Some(Claim::ByContent));
        assert_eq!(
            claim_of("main.bicepparam"),
            Some(Claim::Kind(FileKind::BicepParam))
        );
        assert_eq!(
            claim_of("setup.ps1"),
            Some(Claim::Kind(FileKind::PowerShell))
        );
        assert_eq!(claim_of("README.md"), None);
    }

    /// Every file name a format claims is watched by the editor (the globs once left out
    /// YAML, PowerShell and `.jsonc`), and matched by the pre-commit hooks' `files`.
    #[test]
    fn every_claimed_file_is_watched() {
        let globs = watch_globs();
        // The extensions of the hooks' `files: '(\.(tf|...|ya?ml|...))$'`.
        let hooks = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
        )
        .unwrap();
        let hooked: Vec<String> = hooks
            .lines()
            .filter_map(|l| l.trim().strip_prefix("files: '(\\.(")?.strip_suffix("))$'"))
            .flat_map(|alts| alts.split('|'))
            .flat_map(|alt| match alt.find('?') {
                // `ya?ml`: with and without the optional letter.
                Some(q) => vec![
                    alt.replace('?', ""),
                    format!("{}{}", &alt[..q - 1], &alt[q + 1..]),
                ],
                None => vec![alt.to_string()],
            })
            .collect();
        assert!(hooked.len() > 10, "{hooked:?}");
        for name in [
            "main.tf",
            "x.tf.json",
            "terraform.tfvars",
            "a.auto.tfvars.json",
            "azuredeploy.json",
            "x.jsonc",
            "main.bicep",
            "main.bicepparam",
            "Pulumi.yaml",
            "Pulumi.prod.yml",
            "aso.yaml",
            "federation.ps1",
            "M365TenantConfig.psm1",
            "TrustFrameworkBase.xml",
        ] {
            assert!(claim(Path::new(name)).is_some(), "{name}");
            let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap();
            let matched = globs.iter().any(|g| {
                let g = g.trim_start_matches("**/*");
                name.ends_with(g) && g.ends_with(ext)
            });
            assert!(matched, "{name} is not watched: {globs:?}");
            assert!(
                hooked.iter().any(|h| h == ext),
                "{name} is not checked by the pre-commit hooks: {hooked:?}"
            );
        }
    }
}
