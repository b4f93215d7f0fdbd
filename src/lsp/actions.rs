//! Code actions: each diagnostic's quick fix (read back from its `data`), "Ignore CODE on this
//! line", and the safe fixes of a document together (`source.fixAll.residency`).

use std::collections::HashMap;
use std::path::Path;

use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::{code_of, fix_of, FixData};
use crate::resolve::formats;

/// The kind of the fix-all action.
pub const FIX_ALL_KIND: &str = "source.fixAll.residency";

/// How a suppression is written in this file (by its format, see
/// [`formats::suppression_syntax`]), or `None` where the file has no comment syntax.
pub fn suppression_syntax(path: &Path, text: &str) -> Option<formats::SuppressionSyntax> {
    formats::kind_of(path, text).and_then(formats::suppression_syntax)
}

/// The edit that inserts `residency-ignore: CODE -- ` (in the file's comment syntax) on a new
/// line above `line`, with that line's indentation and the document's line terminator.
pub fn ignore_edit(
    text: &str,
    line: u32,
    code: &str,
    syntax: formats::SuppressionSyntax,
) -> Option<TextEdit> {
    let index = crate::line_index::LineIndex::new(text);
    let range = index.line_range(line as usize)?;
    let line_text = &text[range.clone()];
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let eol = match &text[range.end..] {
        rest if rest.starts_with("\r\n") => "\r\n",
        rest if rest.starts_with('\r') => "\r",
        rest if rest.starts_with('\n') => "\n",
        _ if text.contains("\r\n") => "\r\n",
        _ => "\n",
    };
    Some(TextEdit {
        range: Range {
            start: Position { line, character: 0 },
            end: Position { line, character: 0 },
        },
        new_text: format!(
            "{indent}{} residency-ignore: {code} {} {}{eol}",
            syntax.leader, syntax.separator, syntax.closer
        ),
    })
}

/// A workspace edit from fix edits.
pub fn workspace_edit(fixes: &[&FixData]) -> WorkspaceEdit {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for fix in fixes {
        for e in &fix.edits {
            let list = changes.entry(e.uri.clone()).or_default();
            if !list.contains(&e.edit) {
                list.push(e.edit.clone());
            }
        }
    }
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// The title of a quick fix: says when it re-creates the resource.
pub fn fix_title(fix: &FixData) -> String {
    if fix.safe || fix.title.contains("re-creates") {
        fix.title.clone()
    } else {
        format!("{} (re-creates the resource)", fix.title)
    }
}

/// The quick fixes and ignore actions for the diagnostics the client sent. Findings whose fixes
/// make the same edits (two resources that take their location from one `terraform.tfvars`
/// value) are offered one fix, listing every such diagnostic published for the document.
pub fn quick_fixes(
    uri: &Uri,
    path: &Path,
    text: Option<&str>,
    diagnostics: &[lsp::Diagnostic],
    published: &[lsp::Diagnostic],
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let mut offered: Vec<FixData> = Vec::new();
    for d in diagnostics {
        let Some(code) = code_of(d) else { continue };
        if let Some(fix) = fix_of(d) {
            if !offered.iter().any(|o| same_edits(o, &fix)) {
                let mut fixed: Vec<lsp::Diagnostic> = vec![d.clone()];
                for other in diagnostics.iter().chain(published) {
                    let shares = fix_of(other).is_some_and(|f| same_edits(&f, &fix));
                    if shares && !fixed.iter().any(|f| same_diagnostic(f, other)) {
                        fixed.push(other.clone());
                    }
                }
                let mut title = fix_title(&fix);
                if fixed.len() > 1 {
                    title.push_str(&format!(" (fixes {} findings)", fixed.len()));
                }
                actions.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(fixed),
                    edit: Some(workspace_edit(&[&fix])),
                    is_preferred: Some(fix.safe),
                    ..CodeAction::default()
                });
                offered.push(fix);
            }
        }
        // E003 is about a suppression itself; E001/E002 are not findings one suppresses.
        if code.starts_with("EU") {
            let edit = text.and_then(|text| {
                let syntax = suppression_syntax(path, text)?;
                ignore_edit(text, d.range.start.line, code, syntax)
            });
            if let Some(edit) = edit {
                actions.push(CodeAction {
                    title: format!("Ignore {code} on this line"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                });
            }
        }
    }
    actions
}

/// Whether two fixes make the same edits, in any order.
fn same_edits(a: &FixData, b: &FixData) -> bool {
    a.edits.len() == b.edits.len() && a.edits.iter().all(|e| b.edits.contains(e))
}

/// The same published diagnostic (clients may send it back with fields dropped).
fn same_diagnostic(a: &lsp::Diagnostic, b: &lsp::Diagnostic) -> bool {
    a.range == b.range && a.code == b.code && a.message == b.message
}

/// Whether the client asked for (or did not restrict) actions of `kind`.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(kinds) => kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        }),
    }
}

/// `source.fixAll.residency`: the safe fixes of `diagnostics` that do not overlap.
pub fn fix_all(diagnostics: &[lsp::Diagnostic]) -> Option<CodeAction> {
    let mut chosen: Vec<FixData> = Vec::new();
    for fix in diagnostics.iter().filter_map(fix_of).filter(|f| f.safe) {
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().flat_map(|c| &c.edits).any(|c| {
                c.uri == e.uri
                    && c.edit != e.edit
                    && c.edit.range.start < e.edit.range.end
                    && e.edit.range.start < c.edit.range.end
            })
        });
        if !overlaps {
            chosen.push(fix);
        }
    }
    if chosen.is_empty() {
        return None;
    }
    let refs: Vec<&FixData> = chosen.iter().collect();
    Some(CodeAction {
        title: "Apply every safe residency fix".into(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(workspace_edit(&refs)),
        ..CodeAction::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_per_file_kind() {
        let arm = r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}"#;
        let plan =
            r#"{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}}"#;
        let leader =
            |name: &str, text: &str| suppression_syntax(Path::new(name), text).map(|s| s.leader);
        assert_eq!(leader("main.tf", ""), Some("#"));
        assert_eq!(leader("prod.tfvars", ""), Some("#"));
        assert_eq!(leader("Pulumi.yaml", "name: x\nruntime: yaml\n"), Some("#"));
        assert_eq!(leader("Set-Mfa.ps1", "Configuration X {}"), Some("#"));
        assert_eq!(leader("azuredeploy.json", arm), Some("//"));
        assert_eq!(leader("main.bicep", ""), Some("//"));
        assert_eq!(leader("main.bicepparam", ""), Some("//"));
        // No comment syntax: Terraform JSON takes a `"//"` key, plan JSON is generated.
        assert_eq!(leader("main.tf.json", "{}"), None);
        assert_eq!(leader("plan.json", plan), None);
        let b2c = "<TrustFrameworkPolicy PolicyId=\"B2C_1A_x\"/>";
        assert_eq!(leader("TrustFrameworkBase.xml", b2c), Some("<!--"));
    }

    #[test]
    fn ignore_keeps_indentation_and_line_endings() {
        let text = "a {\r\n    location = \"eastus\"\r\n}\r\n";
        let hash = formats::SuppressionSyntax {
            leader: "#",
            separator: "--",
            closer: "",
        };
        let e = ignore_edit(text, 1, "EU010", hash).unwrap();
        assert_eq!(e.new_text, "    # residency-ignore: EU010 -- \r\n");
        assert_eq!(
            e.range.start,
            Position {
                line: 1,
                character: 0
            }
        );
        let e = ignore_edit("x\n\tlocation: eastus", 1, "EU010", hash).unwrap();
        assert_eq!(e.new_text, "\t# residency-ignore: EU010 -- \n");
        // XML: no `--` inside the comment, and the comment closed.
        let xml = formats::suppression_syntax(crate::model::FileKind::B2cPolicy).unwrap();
        let e = ignore_edit("<a>\n  <b/>\n</a>", 1, "EU041", xml).unwrap();
        assert_eq!(e.new_text, "  <!-- residency-ignore: EU041 - -->\n");
    }
}
