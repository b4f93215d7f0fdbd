//! Hover texts: a region named by a string value (found in the file's syntax tree), a rule code
//! in a suppression comment, the rule behind a diagnostic. Works on the document's text and
//! byte offsets; the server converts positions.

use std::path::Path;

use crate::line_index::LineIndex;
use crate::regions::{self, Boundary, Region};
use crate::resolve::formats;
use crate::rules;
use crate::syntax::string_at::string_at;

/// A diagnostic under the cursor, as the hover tells it.
#[derive(Clone, Debug, Default)]
pub struct HoveredDiagnostic {
    pub code: String,
    pub headline: String,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

/// The hover text (Markdown) at byte `offset` of `text`, if there is something to say: short,
/// the verdict and the why with a link to the rule's page (the whole page is `residency
/// explain` and the editor's "Explain Rule"). `diagnostics` are those whose range holds the
/// offset; `resource` is the description of the identity resource declared there (from the
/// check).
pub fn hover(
    text: &str,
    offset: usize,
    path: &Path,
    boundary: &Boundary,
    diagnostics: &[HoveredDiagnostic],
    resource: Option<&str>,
) -> Option<String> {
    let mut parts: Vec<String> = resource.map(str::to_string).into_iter().collect();
    let index = LineIndex::new(text);
    if let Some(line) = index.line_of(offset) {
        let range = index.line_range(line)?;
        let line_text = &text[range.clone()];
        let col = offset.saturating_sub(range.start).min(line_text.len());
        if let Some(code) = suppression_code_at(line_text, col) {
            if let Some(meta) = rules::meta(&code) {
                parts.push(format!(
                    "{} (default {})\n\n{}",
                    link(meta),
                    meta.default_level(),
                    meta.summary
                ));
            }
        } else if let Some(value) =
            formats::syntax_of_file(path, text).and_then(|s| string_at(s, text, offset))
        {
            if let Some(region) = regions::catalog().lookup(&value.value) {
                parts.push(describe_region(region, boundary));
            }
        }
    }
    for d in diagnostics {
        // The editor shows the headline already (the diagnostic's message): the why instead,
        // the headline only when there is no why.
        let mut part = match d.notes.is_empty() {
            true => format!("**{}**: {}", d.code, d.headline),
            false => format!("**{}**: {}", d.code, d.notes.join(" ")),
        };
        if let Some(help) = &d.help {
            part.push_str(&format!("\n\n**Help:** {help}"));
        }
        if let Some(meta) = rules::meta(&d.code) {
            part.push_str(&format!(
                "\n\n{} · `residency explain {}`",
                link(meta),
                meta.code
            ));
        }
        parts.push(part);
    }
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// `[EU010 domain-services-outside-europe](…/EU010.md)`: the rule's page.
fn link(meta: &rules::RuleMeta) -> String {
    format!(
        "[{} {}]({})",
        meta.code,
        meta.name,
        crate::lsp::rule_docs::link(meta)
    )
}

/// A region's display name, geography, and whether it is inside the active boundary and the EU
/// Data Boundary.
pub fn describe_region(region: &Region, boundary: &Boundary) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut out = format!("**{}** (`{}`)\n\n", region.display_name, region.name);
    match (&region.geography, &region.physical_location) {
        (Some(geo), Some(place)) => out.push_str(&format!("Geography: {geo} ({place})\n\n")),
        (Some(geo), None) => out.push_str(&format!("Geography: {geo}\n\n")),
        // A logical location (`United States`, `Europe`): Azure's jargon said plainly.
        _ => out.push_str("A geography, not one datacenter region\n\n"),
    }
    out.push_str(&format!(
        "Inside the active boundary (`{}`): {}\n\nInside the EU Data Boundary: {}",
        boundary.id(),
        yes_no(boundary.contains(region)),
        yes_no(Boundary::EuDataBoundary.contains(region))
    ));
    out
}

/// The rule code under column `col` of a line holding a suppression comment.
fn suppression_code_at(line: &str, col: usize) -> Option<String> {
    let marker = line.find("residency-ignore")?;
    if col < marker {
        return None;
    }
    let word = word_at(line, col, |c| c.is_ascii_alphanumeric())?;
    rules::meta(word).map(|m| m.code.to_string())
}

fn word_at(line: &str, col: usize, is_word: impl Fn(char) -> bool) -> Option<&str> {
    let start = line[..col]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(col, |(i, _)| i);
    let end = line[col..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(line.len(), |(i, _)| col + i);
    (start < end).then(|| &line[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_in_a_string() {
        let text = "  location = \"East US\" # é\n";
        let at = text.find("East").unwrap() + 2;
        let h = hover(text, at, Path::new("main.tf"), &Boundary::Europe, &[], None).unwrap();
        assert!(h.contains("**East US** (`eastus`)"), "{h}");
        assert!(
            h.contains("Inside the active boundary (`europe`): no"),
            "{h}"
        );
        assert!(h.contains("Inside the EU Data Boundary: no"), "{h}");
        let text = "location: uksouth\n";
        let h = hover(
            text,
            12,
            Path::new("Pulumi.yaml"),
            &Boundary::EuDataBoundary,
            &[],
            None,
        )
        .unwrap();
        assert!(h.contains("(`uksouth`)"), "{h}");
        assert!(h.contains("(`eu-data-boundary`): no"), "{h}");
        assert!(hover(
            "x = \"nowhere\"",
            6,
            Path::new("a.tf"),
            &Boundary::Europe,
            &[],
            None
        )
        .is_none());
    }

    #[test]
    fn rule_code_in_a_suppression() {
        let text = "# residency-ignore: EU021 -- push is fine here\n";
        let at = text.find("EU021").unwrap() + 3;
        let h = hover(text, at, Path::new("a.tf"), &Boundary::Europe, &[], None).unwrap();
        assert!(h.contains("EU021 mfa-push-notifications"), "{h}");
    }
}
