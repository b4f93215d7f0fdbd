//! Inlay hints: after each location expression of an identity resource that is not a literal
//! written in place (`parameters('location')`, `var.location`, a module input), the value it
//! resolved to and its verdict (`⟶ eastus ✗ outside Europe`, `⟶ ? resourceGroup()`); after a
//! Domain Services subnet reference and a log export's destination id, the region of the
//! network or destination they lead to.

use std::path::PathBuf;

use crate::config::Config;
use crate::model::{self, Project};
use crate::regions::Boundary;
use crate::rules::{self, Judged, Placement};

/// One hint: shown at the end of the expression, in the file it is written in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct HintInfo {
    /// The file, as reported.
    pub path: PathBuf,
    /// The byte offset the hint follows (the end of the expression).
    pub offset: u32,
    /// `⟶ eastus ✗ outside Europe`.
    pub label: String,
    /// Markdown: the chain the value came through.
    pub tooltip: String,
}

/// The longest reason a hint shows for a value not proven; the tooltip has all of it.
const REASON_CHARS: usize = 32;

/// The hints of one identity resource.
pub(super) fn hints(
    resource: &model::Resource,
    config: &Config,
    project: &Project,
) -> Vec<HintInfo> {
    if !resource.kind.is_identity() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for placement in rules::placements(resource) {
        // The expression the reader sees: the subnet or destination id for a network's
        // location (its region is written elsewhere), else the location itself.
        let shown = match placement.via {
            Some(via) => via,
            None if is_written_in_place(placement.val) => continue,
            None => placement.val,
        };
        let Some(at) = shown.loc else { continue };
        let Some(file) = project.files.get(at.file) else {
            continue;
        };
        out.push(HintInfo {
            path: file.path.clone(),
            offset: at.range.end,
            label: label(&placement, &config.boundary),
            tooltip: tooltip(&placement),
        });
    }
    out
}

/// Where the tenant data residency locations of `resource` are written as literals (the start
/// of each string's contents): completion offers the tenant locations there, not regions.
pub(super) fn tenant_literals(
    resource: &model::Resource,
    project: &Project,
) -> Vec<(PathBuf, u32)> {
    rules::placements(resource)
        .iter()
        .filter(|p| p.tenant)
        .filter_map(|p| {
            let at = p.val.literal?;
            Some((project.files.get(at.file)?.path.clone(), at.range.start))
        })
        .collect()
}

/// A string literal in the location itself: the value is already in view.
fn is_written_in_place(val: &model::Val) -> bool {
    val.origin.is_empty() && val.as_str().is_some()
}

/// `⟶ westeurope ✓`, `⟶ eastus ✗ outside Europe`, `⟶ ? resourceGroup().location is decided…`.
fn label(placement: &Placement<'_>, boundary: &Boundary) -> String {
    match rules::judge(placement) {
        Judged::Region(region) if boundary.contains(region) => format!("⟶ {} ✓", region.name),
        Judged::Region(region) => format!("⟶ {} ✗ {}", region.name, boundary.outside_phrase()),
        Judged::Tenant("Europe") => "⟶ Europe ✓".to_string(),
        Judged::Tenant(t) => format!("⟶ {t} ✗ outside Europe"),
        Judged::NotALocation(text) => format!("⟶ {text} ? not a location"),
        Judged::Unknown => {
            let reason = placement.val.unknown_reason().unwrap_or("not a string");
            format!("⟶ ? {}", shorten(reason))
        }
    }
}

/// What the value is the location of, and the chain it came through.
fn tooltip(placement: &Placement<'_>) -> String {
    format!("{}: {}", placement.what, rules::chain(placement.val))
}

/// The first words of `reason`, cut at a word boundary.
fn shorten(reason: &str) -> String {
    if reason.chars().count() <= REASON_CHARS {
        return reason.to_string();
    }
    let cut: String = reason.chars().take(REASON_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// One hint per place and label: a template checked once per parameters file gives the same
/// hint each time, or a different value per file (then each is shown).
pub(super) fn merge(mut hints: Vec<HintInfo>) -> Vec<HintInfo> {
    hints.sort();
    hints.dedup_by(|b, a| a.path == b.path && a.offset == b.offset && a.label == b.label);
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reasons_are_cut_at_a_word() {
        assert_eq!(shorten("short"), "short");
        assert_eq!(
            shorten("resourceGroup().location is decided at deployment"),
            "resourceGroup().location is…"
        );
    }
}
