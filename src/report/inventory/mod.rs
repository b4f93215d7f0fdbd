//! Output formats of `residency inventory`: `json` (a versioned contract, the schema is
//! `docs/inventory.schema.json`), `markdown` (for a wiki or a pull request) and `html` (one
//! self-contained page with a map). Lines and columns are 1-based, columns in Unicode scalar values, as in
//! `check --format json`.

pub mod drift;
mod html;
mod json;
mod markdown;

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{slash_path, Locator};
use crate::check::inventory::{Item, ItemFinding, Location, Place, Verdict};
use crate::line_index::Encoding;

/// The formats of `residency inventory`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InventoryFormat {
    /// The versioned document (`version` 1) that `docs/inventory.schema.json` describes.
    Json,
    /// Tables per kind and the chains, for a wiki or a pull request.
    Markdown,
    /// One self-contained page (no script, no network): the summary, a map of the regions,
    /// a table per kind and the chains.
    Html,
}

/// The result of one `residency inventory` run.
pub struct Inventory<'a> {
    pub items: &'a [Item],
    pub files_checked: usize,
    /// The text of every file read, for lines and columns.
    pub sources: &'a HashMap<PathBuf, Arc<String>>,
    /// `--compare FILE`: the earlier inventory (a JSON document [`drift::validate`] accepts),
    /// with its name.
    pub previous: Option<(&'a str, &'a serde_json::Value)>,
}

impl Inventory<'_> {
    /// Writes the inventory in `format`.
    pub fn write(&self, format: InventoryFormat, out: &mut dyn Write) -> io::Result<()> {
        let mut texts: HashMap<&Path, Option<Arc<String>>> = HashMap::new();
        for item in self.items {
            let steps = item
                .locations
                .iter()
                .flat_map(|l| l.chain.iter().chain(&l.at))
                .map(|s| s.path.as_path());
            let findings = item.findings.iter().map(|f| f.path.as_path());
            for path in std::iter::once(item.path.as_path())
                .chain(steps)
                .chain(findings)
            {
                texts
                    .entry(path)
                    .or_insert_with(|| self.sources.get(path).cloned());
            }
        }
        let locator = Locator::new(&texts);
        let at = |path: &Path, offset: u32| {
            let p = locator.position(path, offset, Encoding::Utf32);
            Position {
                path: slash_path(path),
                line: p.line + 1,
                column: p.col + 1,
            }
        };
        let drift = self.previous.map(|(name, previous)| {
            let current = serde_json::to_value(json::document(self, &at)).unwrap_or_default();
            drift::compare(previous, &current, name)
        });
        match format {
            InventoryFormat::Json => json::write(self, &at, drift.as_ref(), out),
            InventoryFormat::Markdown => markdown::write(self, &at, drift.as_ref(), out),
            InventoryFormat::Html => html::write(self, &at, drift.as_ref(), out),
        }
    }

    /// How many items have each verdict, worst first.
    fn counts(&self) -> Vec<(Verdict, usize)> {
        let mut counts: Vec<(Verdict, usize)> = Vec::new();
        for item in self.items {
            let v = item.verdict();
            match counts.iter_mut().find(|(c, _)| *c == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
        counts.sort_by_key(|(v, _)| std::cmp::Reverse(*v));
        counts
    }
}

/// A place in a file, as the formats write it.
struct Position {
    path: String,
    line: u32,
    column: u32,
}

/// Finds where an offset of a file is.
type At<'a> = dyn Fn(&Path, u32) -> Position + 'a;

/// How a location is known, as steps in data-flow order: each place its value flows through,
/// with what happens there, then where it is used (`None` for that last step). Empty for a
/// location with nothing to show (a literal Microsoft fixes).
fn proof<'a>(location: &'a Location, at: &At) -> Vec<(Option<&'a str>, Position)> {
    let mut steps: Vec<(Option<&str>, Position)> = location
        .chain
        .iter()
        .map(|s| (Some(s.note.as_str()), at(&s.path, s.range.start)))
        .collect();
    if let Some(s) = &location.at {
        steps.push((None, at(&s.path, s.range.start)));
    }
    steps
}

/// What silenced a finding, for the reports to word.
enum Silenced<'a> {
    Not,
    Comment(Option<&'a str>),
    Waiver { reason: &'a str, owner: &'a str },
}

fn silenced(f: &ItemFinding) -> Silenced<'_> {
    match (f.suppressed, &f.waiver) {
        (false, _) => Silenced::Not,
        (true, Some(w)) => Silenced::Waiver {
            reason: f.reason.as_deref().unwrap_or(""),
            owner: &w.owner,
        },
        (true, None) => Silenced::Comment(f.reason.as_deref()),
    }
}

/// For an item with no place to resolve (a method switched on, an app granted directory
/// data): what its findings say of the flow, each once.
fn said(item: &Item) -> Vec<&str> {
    let mut said: Vec<&str> = item.findings.iter().map(|f| f.message.as_str()).collect();
    said.dedup();
    said
}

/// How a place reads in prose: "`eastus` (East US, United States)".
fn place_text(place: &Place) -> String {
    match place {
        Place::Region {
            name,
            display_name,
            geography,
        } => match geography {
            Some(g) => format!("`{name}` ({display_name}, {g})"),
            None => format!("`{name}` ({display_name})"),
        },
        Place::Geography(g) => format!("`{g}` (tenant data residency location)"),
        Place::Fixed(text) => format!("{text} (Microsoft's, by the 2019 data storage page)"),
        Place::NotALocation(text) => format!("`{text}`, not a known location"),
        Place::Unknown(reason) => format!("unknown: {reason}"),
    }
}

/// How a verdict reads in prose.
fn verdict_text(verdict: Verdict, boundary: &str) -> &'static str {
    match (verdict, boundary) {
        (Verdict::Inside, "europe") => "inside Europe",
        (Verdict::Inside, "eu-data-boundary") => "inside the EU Data Boundary",
        (Verdict::Inside, _) => "inside the allowed regions",
        (Verdict::Outside, "europe") => "outside Europe",
        (Verdict::Outside, "eu-data-boundary") => "outside the EU Data Boundary",
        (Verdict::Outside, _) => "outside the allowed regions",
        (Verdict::Unknown, _) => "not provable statically",
        (Verdict::Flagged, _) => "flagged by a rule",
        (Verdict::Clear, _) => "nothing flagged",
    }
}
