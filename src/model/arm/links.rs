//! Linked templates: a `Microsoft.Resources/deployments` resource whose template (or
//! parameters) is another file, named by `properties.templateLink.relativePath` or by a
//! `templateLink.uri` expression built on the linking template's own address
//! (`[uri(deployment().properties.templateLink.uri, 'nested/x.json')]`, or on the quickstart
//! convention `parameters('_artifactsLocation')`). Both are relative to the folder of the
//! template that links them. See "Linked templates", `relativePath` and `_artifactsLocation`:
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates>.
//!
//! Only files in the tree are followed: a link to another host is not read (no network).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{FileId, FileKind, Project, SourceFile};
use crate::paths::normal;
use crate::syntax::json::{self, JsonValue};

/// Most linked files followed from one template (a chain or tree of links).
const MAX_LINKED_FILES: usize = 200;

/// Which link of a deployment: its template, or its parameters file.
#[derive(Clone, Copy)]
pub(crate) enum Link {
    Template,
    Parameters,
}

impl Link {
    fn member(self) -> &'static str {
        match self {
            Link::Template => "templateLink",
            Link::Parameters => "parametersLink",
        }
    }
}

/// The file a deployment's link names, relative to the linking template's folder, when it is
/// a local path.
pub(crate) fn link_path(deployment: &JsonValue, link: Link) -> Option<String> {
    let link = deployment.path(&["properties", link.member()])?;
    if let Some(rel) = link.get("relativePath").and_then(JsonValue::as_str) {
        return (!rel.starts_with('[') && !rel.contains("://")).then(|| rel.to_string());
    }
    let uri = link.get("uri")?.as_str()?;
    let expr = uri.strip_prefix('[')?.strip_suffix(']')?;
    // The path is the string literal naming a JSON file; a literal with a host is another
    // server's file.
    let literals = string_literals(expr);
    if literals.iter().any(|l| l.contains("://")) {
        return None;
    }
    literals
        .into_iter()
        .rev()
        .find(|l| l.to_ascii_lowercase().ends_with(".json"))
        .map(|l| l.trim_start_matches('/').to_string())
}

/// The single-quoted literals of an ARM expression (`''` is a quote).
fn string_literals(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut lit = String::new();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    lit.push('\'');
                } else {
                    break;
                }
            } else {
                lit.push(c);
            }
        }
        out.push(lit);
    }
    out
}

/// The deployments of a template with a link (at any depth: nested resources and the inline
/// templates of nested deployments).
fn linked_deployments(template: &JsonValue) -> Vec<&JsonValue> {
    let mut out = Vec::new();
    let mut stack: Vec<&JsonValue> = vec![template];
    let mut budget = 100_000usize;
    while let Some(t) = stack.pop() {
        let Some(resources) = t.get("resources") else {
            continue;
        };
        let list: Vec<&JsonValue> = if resources.is_object() {
            resources.members().iter().map(|m| &m.value).collect()
        } else {
            resources.items().iter().collect()
        };
        for r in list {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return out;
            }
            let is_deployment = r
                .get("type")
                .and_then(JsonValue::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("Microsoft.Resources/deployments"));
            if is_deployment {
                match r.path(&["properties", "template"]) {
                    Some(inline) if inline.is_object() => stack.push(inline),
                    _ => out.push(r),
                }
            }
            // Child resources (`resources` of a resource).
            stack.push(r);
        }
    }
    out
}

/// The files linked from a template, parsed, by normalised path.
#[derive(Default)]
pub(crate) struct LinkedFiles {
    pub parsed: Vec<(FileId, json::Parsed)>,
    by_path: HashMap<PathBuf, usize>,
}

impl LinkedFiles {
    /// Reads every local file linked from `root` (of file `file`), and from those, through
    /// `load`, appending them to `project`.
    pub(crate) fn read(
        project: &mut Project,
        file: FileId,
        root: &JsonValue,
        load: &dyn Fn(&Path) -> Option<Arc<String>>,
    ) -> Self {
        let mut out = LinkedFiles::default();
        let mut queue: Vec<(PathBuf, Link)> = out.targets(project, file, root);
        while let Some((path, link)) = queue.pop() {
            if out.parsed.len() >= MAX_LINKED_FILES || out.by_path.contains_key(&path) {
                continue;
            }
            if project.files.iter().any(|f| normal(&f.path) == path) {
                // The template itself, or its parameters file: a cycle, not followed.
                continue;
            }
            let Some(text) = load(&path) else {
                continue;
            };
            let kind = match link {
                Link::Template => FileKind::ArmTemplate,
                Link::Parameters => FileKind::ArmParameters,
            };
            project.files.push(SourceFile {
                path: path.clone(),
                text,
                kind,
            });
            let id = project.files.len() - 1;
            let parsed = super::lower::parse_template_text(&project.files[id].text);
            if let (Link::Template, Some(v)) = (link, parsed.value.as_ref()) {
                queue.extend(out.targets(project, id, v));
            }
            out.by_path.insert(path, out.parsed.len());
            out.parsed.push((id, parsed));
        }
        out
    }

    /// What the deployments of `template` (in file `file`) link to, as normalised paths.
    fn targets(
        &self,
        project: &Project,
        file: FileId,
        template: &JsonValue,
    ) -> Vec<(PathBuf, Link)> {
        let dir = project.files[file]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut out = Vec::new();
        for d in linked_deployments(template) {
            for link in [Link::Template, Link::Parameters] {
                if let Some(rel) = link_path(d, link) {
                    out.push((normal(&dir.join(rel)), link));
                }
            }
        }
        out
    }

    /// The parsed root of the file a deployment in `file` links to.
    pub(crate) fn get(
        &self,
        project: &Project,
        file: FileId,
        deployment: &JsonValue,
        link: Link,
    ) -> Option<(FileId, &JsonValue)> {
        let rel = link_path(deployment, link)?;
        let dir = project
            .files
            .get(file)?
            .path
            .parent()
            .unwrap_or(Path::new(""));
        let (id, parsed) = &self.parsed[*self.by_path.get(&normal(&dir.join(rel)))?];
        Some((*id, parsed.value.as_ref().filter(|v| v.is_object())?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment(link: &str) -> JsonValue {
        json::parse(&format!(
            r#"{{"type": "Microsoft.Resources/deployments", "properties": {{"templateLink": {link}}}}}"#
        ))
        .value
        .unwrap()
    }

    #[test]
    fn link_paths_of_the_written_forms() {
        let path = |link: &str| link_path(&deployment(link), Link::Template);
        assert_eq!(
            path(r#"{"relativePath": "nested/aadds.json"}"#).as_deref(),
            Some("nested/aadds.json")
        );
        assert_eq!(
            path(
                r#"{"uri": "[uri(deployment().properties.templateLink.uri, 'nested/aadds.json')]"}"#
            )
            .as_deref(),
            Some("nested/aadds.json")
        );
        assert_eq!(
            path(r#"{"uri": "[uri(parameters('_artifactsLocation'), concat('nested/aadds.json', parameters('_artifactsLocationSasToken')))]"}"#).as_deref(),
            Some("nested/aadds.json")
        );
        assert_eq!(
            path(r#"{"uri": "[concat(parameters('_artifactsLocation'), '/nested/aadds.json', parameters('_artifactsLocationSasToken'))]"}"#).as_deref(),
            Some("nested/aadds.json")
        );
        // Another server's file, and a computed name, are not local.
        assert_eq!(path(r#"{"uri": "https://example.com/aadds.json"}"#), None);
        assert_eq!(
            path(r#"{"uri": "[concat('https://example.com/', 'aadds.json')]"}"#),
            None
        );
        assert_eq!(path(r#"{"uri": "[parameters('templateUri')]"}"#), None);
    }

    /// Lowers `dir/main.json` with the other files readable through the loader.
    fn lower_linked(main: &str, others: &[(&str, &str)]) -> (Project, crate::model::Lowered) {
        use crate::model::{testing, Load};
        let mut project = testing::project(&[("dir/main.json", main, FileKind::ArmTemplate)]);
        let files: Vec<(&str, &str, FileKind)> = others
            .iter()
            .map(|(p, t)| (*p, *t, FileKind::ArmTemplate))
            .collect();
        let load = testing::Files::new(&files);
        let lowered = crate::model::arm::lower(
            &mut project,
            0,
            None,
            &|p| load.file(p),
            &crate::resolve::resources,
        );
        (project, lowered)
    }

    fn template(parameters: &str, resources: &str) -> String {
        format!(
            r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {{ {parameters} }}, "resources": [ {resources} ]}}"#
        )
    }

    fn linked_deployment(name: &str, link: &str, parameters: &str) -> String {
        format!(
            r#"{{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "{name}",
  "properties": {{"mode": "Incremental", {link}, "parameters": {{ {parameters} }}}}}}"#
        )
    }

    const DOMAIN: &str = r#"{"type": "Microsoft.AAD/domainServices", "apiVersion": "2022-12-01", "name": "d",
  "location": "[parameters('where')]", "properties": {"domainName": "d.contoso.com"}}"#;

    fn location(lowered: &crate::model::Lowered) -> Vec<String> {
        lowered
            .resources
            .iter()
            .filter(|r| r.kind == crate::model::Kind::DomainServices)
            .map(|r| match r.location.as_ref().map(|v| &v.kind) {
                Some(crate::model::ValKind::Str(s)) => s.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_linked_template_gets_the_parameters_its_deployment_passes() {
        let domain = template(r#""where": {"type": "string"}"#, DOMAIN);
        let main = template(
            "",
            &linked_deployment(
                "dc",
                r#""templateLink": {"relativePath": "nested/domain.json"}"#,
                r#""where": {"value": "eastus"}"#,
            ),
        );
        let (project, lowered) = lower_linked(&main, &[("dir/nested/domain.json", &domain)]);
        assert_eq!(location(&lowered), ["eastus"]);
        let d = lowered
            .resources
            .iter()
            .find(|r| r.kind == crate::model::Kind::DomainServices)
            .unwrap();
        assert_eq!(
            project.files[d.decl.file].path,
            Path::new("dir/nested/domain.json")
        );
    }

    #[test]
    fn a_linked_parameters_file_gives_the_values() {
        let domain = template(r#""where": {"type": "string"}"#, DOMAIN);
        let params = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {"where": {"value": "centralus"}}}"#;
        let main = template(
            "",
            &linked_deployment(
                "dc",
                r#""templateLink": {"relativePath": "domain.json"}, "parametersLink": {"relativePath": "domain.parameters.json"}"#,
                "",
            )
            .replace(r#", "parameters": {  }"#, ""),
        );
        let (_, lowered) = lower_linked(
            &main,
            &[
                ("dir/domain.json", &domain),
                ("dir/domain.parameters.json", params),
            ],
        );
        assert_eq!(location(&lowered), ["centralus"]);
    }

    #[test]
    fn a_cycle_of_links_and_a_missing_file_are_not_followed() {
        // a.json links itself and main.json; main.json links a.json and a file not in the tree.
        let a = template(
            r#""where": {"type": "string", "defaultValue": "westeurope"}"#,
            &format!(
                "{DOMAIN}, {}, {}",
                linked_deployment("self", r#""templateLink": {"relativePath": "a.json"}"#, ""),
                linked_deployment(
                    "back",
                    r#""templateLink": {"relativePath": "main.json"}"#,
                    ""
                )
            ),
        );
        let main = template(
            "",
            &format!(
                "{}, {}",
                linked_deployment("a", r#""templateLink": {"relativePath": "a.json"}"#, ""),
                linked_deployment(
                    "gone",
                    r#""templateLink": {"relativePath": "missing.json"}"#,
                    ""
                )
            ),
        );
        let (_, lowered) = lower_linked(&main, &[("dir/a.json", &a)]);
        assert_eq!(
            location(&lowered),
            ["westeurope"],
            "a.json once, at its default"
        );
    }
}
