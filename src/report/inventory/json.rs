//! `residency inventory --format json`: the versioned document `docs/inventory.schema.json`
//! describes.

use std::io::{self, Write};

use serde::Serialize;

use super::drift::Drift;
use super::{At, Inventory, Position};
use crate::check::inventory::{Item, Location, Place, Step};
use crate::diagnostic::Severity;
use crate::report::json::JsonSuppression;

/// The version of the document's shape; bumped only on an incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub(super) struct Document<'a> {
    version: u32,
    tool: Tool,
    files_checked: usize,
    /// How many items have each verdict.
    summary: Summary,
    items: Vec<JsonItem<'a>>,
    /// With `--compare`: what changed since the earlier inventory.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a Drift>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    items: usize,
    outside: usize,
    flagged: usize,
    unknown: usize,
    inside: usize,
    clear: usize,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    kind: &'static str,
    label: &'static str,
    resource: &'a str,
    #[serde(rename = "type")]
    type_name: &'a str,
    path: String,
    line: u32,
    column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    boundary: &'static str,
    verdict: &'static str,
    stored: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    source: &'static str,
    locations: Vec<JsonLocation<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    what: &'a str,
    place: JsonPlace<'a>,
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<JsonStep<'a>>,
    chain: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum JsonPlace<'a> {
    Region {
        name: &'a str,
        display_name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        geography: Option<&'a str>,
    },
    Geography {
        name: &'a str,
    },
    /// Where Microsoft keeps the data whatever the code says.
    Fixed {
        name: &'static str,
        source: &'static str,
    },
    NotALocation {
        value: &'a str,
    },
    Unknown {
        reason: &'a str,
    },
}

#[derive(Serialize)]
struct JsonStep<'a> {
    path: String,
    line: u32,
    column: u32,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &'a str,
    path: String,
    line: u32,
    column: u32,
    /// Present when a suppression comment silenced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppression<'a>>,
}

/// The seed page, for [`Place::Fixed`] locations.
const SEED: &str = "https://learn.microsoft.com/en-us/azure/active-directory/fundamentals/active-directory-data-storage-eu";

pub(super) fn write(
    inventory: &Inventory,
    at: &At,
    drift: Option<&Drift>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut doc = document(inventory, at);
    doc.changes = drift;
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// The document, without changes.
pub(super) fn document<'a>(inventory: &'a Inventory, at: &At) -> Document<'a> {
    let counts = inventory.counts();
    let count = |v: &str| {
        counts
            .iter()
            .find(|(c, _)| c.as_str() == v)
            .map_or(0, |(_, n)| *n)
    };
    Document {
        version: VERSION,
        tool: Tool {
            name: "residency",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: inventory.files_checked,
        summary: Summary {
            items: inventory.items.len(),
            outside: count("outside"),
            flagged: count("flagged"),
            unknown: count("unknown"),
            inside: count("inside"),
            clear: count("clear"),
        },
        items: inventory.items.iter().map(|i| item(i, at)).collect(),
        changes: None,
    }
}

fn item<'a>(item: &'a Item, at: &At) -> JsonItem<'a> {
    let (kind, label) = crate::check::inventory::kind_label(item.kind);
    let Position { path, line, column } = at(&item.path, item.range.start);
    JsonItem {
        kind,
        label,
        resource: &item.resource,
        type_name: &item.type_name,
        path,
        line,
        column,
        environment: item.environment.as_deref().map(super::slash_path),
        boundary: item.boundary,
        verdict: item.verdict().as_str(),
        stored: &item.stored,
        source: item.source,
        locations: item.locations.iter().map(|l| location(l, at)).collect(),
        findings: item
            .findings
            .iter()
            .map(|f| {
                let Position { path, line, column } = at(&f.path, f.range.start);
                JsonFinding {
                    code: f.code,
                    name: f.name,
                    severity: f.severity,
                    message: &f.message,
                    path,
                    line,
                    column,
                    suppressed: f.suppressed.then_some(JsonSuppression {
                        kind: if f.waiver.is_some() {
                            "external"
                        } else {
                            "inSource"
                        },
                        reason: f.reason.as_deref(),
                        owner: f.waiver.as_ref().map(|w| w.owner.as_str()),
                        expires: f.waiver.as_ref().and_then(|w| w.expires.as_deref()),
                    }),
                }
            })
            .collect(),
    }
}

fn location<'a>(location: &'a Location, at: &At) -> JsonLocation<'a> {
    let place = match &location.place {
        Place::Region {
            name,
            display_name,
            geography,
        } => JsonPlace::Region {
            name,
            display_name,
            geography: geography.as_deref(),
        },
        Place::Geography(name) => JsonPlace::Geography { name },
        Place::Fixed(name) => JsonPlace::Fixed { name, source: SEED },
        Place::NotALocation(value) => JsonPlace::NotALocation { value },
        Place::Unknown(reason) => JsonPlace::Unknown { reason },
    };
    let step = |s: &'a Step| {
        let Position { path, line, column } = at(&s.path, s.range.start);
        JsonStep {
            path,
            line,
            column,
            note: &s.note,
        }
    };
    JsonLocation {
        what: &location.what,
        place,
        verdict: location.verdict.as_str(),
        at: location.at.as_ref().map(step),
        chain: location.chain.iter().map(step).collect(),
    }
}
