//! `residency inventory --format markdown`: a summary, a table per kind of identity resource,
//! then how each location is known, for a wiki page, a DPIA annex or a pull request.

use std::io::{self, Write};

use super::drift::{described, Drift};
use super::{place_text, verdict_text, At, Inventory, Silenced};
use crate::check::inventory::{kind_label, Item, Verdict};

pub(super) fn write(
    inventory: &Inventory,
    at: &At,
    drift: Option<&Drift>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "# Where identity data is stored and processed\n")?;
    if let Some(drift) = drift {
        changes(drift, out)?;
    }
    let items = inventory.items;
    if items.is_empty() {
        writeln!(
            out,
            "No identity resource or data flow in {} checked file(s).",
            inventory.files_checked
        )?;
        return Ok(());
    }
    let counts: Vec<String> = inventory
        .counts()
        .into_iter()
        .map(|(v, n)| format!("{n} {}", verdict_text(v, boundary_of(items))))
        .collect();
    writeln!(
        out,
        "{} identity resource(s) and data flow(s) in {} checked file(s): {}.\n",
        items.len(),
        inventory.files_checked,
        counts.join(", ")
    )?;
    let mut kinds: Vec<(&str, &str)> = items.iter().map(|i| kind_label(i.kind)).collect();
    kinds.sort_by_key(|(_, label)| *label);
    kinds.dedup();
    for (id, label) in kinds {
        let of_kind: Vec<&Item> = items
            .iter()
            .filter(|i| kind_label(i.kind).0 == id)
            .collect();
        writeln!(out, "## {label} ({})\n", of_kind.len())?;
        writeln!(
            out,
            "| Resource | Where its data goes | Verdict | Declared | Findings |"
        )?;
        writeln!(out, "|---|---|---|---|---|")?;
        for item in &of_kind {
            let p = at(&item.path, item.range.start);
            let places: Vec<String> = item
                .locations
                .iter()
                .map(|l| format!("{}: {}", l.what, place_text(&l.place)))
                .collect();
            // No place to resolve (a method switched on, an app granted directory data): what
            // the findings say of the flow.
            let places = if places.is_empty() {
                let said = super::said(item);
                if said.is_empty() {
                    "—".to_string()
                } else {
                    said.join("<br>")
                }
            } else {
                places.join("<br>")
            };
            let findings: Vec<String> = item
                .findings
                .iter()
                .map(|f| match super::silenced(f) {
                    Silenced::Waiver { reason, owner } => {
                        format!("{} (waived: {reason}; owner {owner})", f.code)
                    }
                    Silenced::Comment(Some(reason)) => {
                        format!("{} (suppressed: {reason})", f.code)
                    }
                    Silenced::Comment(None) => format!("{} (suppressed)", f.code),
                    Silenced::Not => f.code.to_string(),
                })
                .collect();
            let environment = item
                .environment
                .as_deref()
                .map(|e| format!(" (with `{}`)", super::slash_path(e)))
                .unwrap_or_default();
            writeln!(
                out,
                "| `{}`{environment} | {} | {} {} | {}:{} | {} |",
                cell(&item.resource),
                cell(&places),
                mark(item.verdict()),
                verdict_text(item.verdict(), item.boundary),
                cell(&p.path),
                p.line,
                cell(&findings.join(", "))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## How each location is known\n")?;
    for item in items {
        let proofs: Vec<String> = item
            .locations
            .iter()
            .filter(|l| !l.chain.is_empty() || l.at.is_some())
            .map(|l| {
                let steps: Vec<String> = super::proof(l, at)
                    .into_iter()
                    .map(|(note, p)| match note {
                        Some(note) => format!("{note} ({}:{})", p.path, p.line),
                        None => format!("used at {}:{}", p.path, p.line),
                    })
                    .collect();
                format!(
                    "  - {}: {} — {}",
                    l.what,
                    place_text(&l.place),
                    steps.join(" → ")
                )
            })
            .collect();
        if proofs.is_empty() {
            continue;
        }
        let p = at(&item.path, item.range.start);
        writeln!(out, "- `{}`, {}:{}", item.resource, p.path, p.line)?;
        for line in proofs {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// `## Changes since previous.json`: what was added, changed and removed.
fn changes(drift: &Drift, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Changes since `{}`\n", drift.against)?;
    if drift.is_empty() {
        writeln!(
            out,
            "No identity data location was added, changed or removed.\n"
        )?;
        return Ok(());
    }
    let name = |item: &serde_json::Value| {
        format!(
            "`{}` ({}, {})",
            item["resource"].as_str().unwrap_or("?"),
            item["label"].as_str().unwrap_or("?"),
            item["path"].as_str().unwrap_or("?")
        )
    };
    let places = |item: &serde_json::Value| -> String {
        let listed: Vec<String> = item["locations"]
            .as_array()
            .map(|ls| {
                ls.iter()
                    .map(|l| {
                        let summary =
                            serde_json::json!({"place": l["place"], "verdict": l["verdict"]});
                        format!(
                            "{}: {}",
                            l["what"].as_str().unwrap_or("?"),
                            described(Some(&summary))
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        if listed.is_empty() {
            String::new()
        } else {
            format!(" — {}", listed.join("; "))
        }
    };
    for item in &drift.added {
        writeln!(out, "- Added: {}{}", name(item), places(item))?;
    }
    for c in &drift.changed {
        for l in &c.locations {
            writeln!(
                out,
                "- Changed: `{}` ({}): {}: {} → {}",
                c.resource,
                c.path,
                l.what,
                described(l.before.as_ref()),
                described(l.after.as_ref())
            )?;
        }
    }
    for item in &drift.removed {
        writeln!(out, "- Removed: {}{}", name(item), places(item))?;
    }
    writeln!(out)
}

/// The boundary most items were judged against, for the summary.
fn boundary_of(items: &[Item]) -> &'static str {
    items.first().map_or("europe", |i| i.boundary)
}

fn mark(verdict: Verdict) -> &'static str {
    match verdict.leaves() {
        Some(false) => "✓",
        None => "?",
        Some(true) => "✗",
    }
}

/// Text for a table cell: pipes escaped, no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
