//! `residency inventory --format html`: one self-contained page, no script and no network
//! (its Content-Security-Policy forbids both): the summary, the changes with `--compare`, a map
//! of the regions identity data goes to, a table per kind, and how each location is known.
//!
//! The map is an equirectangular graticule with a dot per region, placed by the region
//! catalog's coordinates ([`crate::regions::coordinates`]); no coastline data is bundled.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::drift::{described, Drift};
use super::{place_text, verdict_text, At, Inventory, Silenced};
use crate::check::inventory::{kind_label, Item, Place, Verdict};

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}\
code{font:12px ui-monospace,monospace;background:#f6f8fa;padding:0 .2rem}\
.outside,.flagged{color:#b42318}.inside,.clear{color:#067647}.unknown{color:#9a6700}\
.badge{display:inline-block;border-radius:1rem;padding:.1rem .6rem;margin-right:.4rem;background:#f6f8fa;border:1px solid #d0d7de}\
svg{width:100%;height:auto;background:#f0f6fc;border:1px solid #d0d7de}\
.grid{stroke:#c9d6e3;stroke-width:.5}.equator{stroke:#9fb3c8;stroke-width:.8}\
.dot-inside{fill:#12b76a}.dot-outside{fill:#f04438}.dot-unknown{fill:#f79009}\
.label{font:9px system-ui,sans-serif;fill:#1b1f24}details{margin:.3rem 0}summary{cursor:pointer}";

pub(super) fn write(
    inventory: &Inventory,
    at: &At,
    drift: Option<&Drift>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let items = inventory.items;
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Where identity data is stored and processed</title>\n<style>{STYLE}</style>\n</head>\n<body>"
    )?;
    writeln!(out, "<h1>Where identity data is stored and processed</h1>")?;
    let boundary = items.first().map_or("europe", |i| i.boundary);
    write!(
        out,
        "<p>{} identity resource(s) and data flow(s) in {} checked file(s), judged against the <code>{boundary}</code> boundary.</p>\n<p>",
        items.len(),
        inventory.files_checked
    )?;
    for (v, n) in inventory.counts() {
        write!(
            out,
            "<span class=\"badge {}\">{n} {}</span>",
            v.as_str(),
            esc(verdict_text(v, boundary))
        )?;
    }
    writeln!(out, "</p>")?;
    if let Some(drift) = drift {
        changes(drift, out)?;
    }
    map(items, out)?;
    let mut kinds: Vec<(&str, &str)> = items.iter().map(|i| kind_label(i.kind)).collect();
    kinds.sort_by_key(|(_, label)| *label);
    kinds.dedup();
    for (id, label) in kinds {
        let of_kind: Vec<&Item> = items
            .iter()
            .filter(|i| kind_label(i.kind).0 == id)
            .collect();
        writeln!(
            out,
            "<h2 id=\"{id}\">{} ({})</h2>",
            esc(label),
            of_kind.len()
        )?;
        writeln!(out, "<table>\n<tr><th>Resource</th><th>Where its data goes</th><th>Verdict</th><th>Declared</th><th>Findings</th></tr>")?;
        for item in of_kind {
            row(item, at, out)?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "<h2>How each location is known</h2>")?;
    for item in items {
        proofs(item, at, out)?;
    }
    writeln!(
        out,
        "<p><small>Written by residency {}. Microsoft's statements are quoted from <em>Identity data storage for European customers in Azure Active Directory</em> (2019) where marked.</small></p>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )
}

fn row(item: &Item, at: &At, out: &mut dyn Write) -> io::Result<()> {
    let p = at(&item.path, item.range.start);
    let places: Vec<String> = if item.locations.is_empty() {
        super::said(item).into_iter().map(code).collect()
    } else {
        item.locations
            .iter()
            .map(|l| {
                format!(
                    "{}: <span class=\"{}\">{}</span>",
                    code(&l.what),
                    l.verdict.as_str(),
                    code(&place_text(&l.place))
                )
            })
            .collect()
    };
    let findings: Vec<String> = item
        .findings
        .iter()
        .map(|f| match super::silenced(f) {
            Silenced::Waiver { reason, owner } => format!(
                "{} <em>waived</em>: {} (owner {})",
                f.code,
                esc(reason),
                esc(owner)
            ),
            Silenced::Comment(Some(reason)) => {
                format!("{} <em>suppressed</em>: {}", f.code, esc(reason))
            }
            Silenced::Comment(None) => format!("{} <em>suppressed</em>", f.code),
            Silenced::Not => f.code.to_string(),
        })
        .collect();
    let environment = item
        .environment
        .as_deref()
        .map(|e| format!(" (with <code>{}</code>)", esc(&super::slash_path(e))))
        .unwrap_or_default();
    let verdict = item.verdict();
    writeln!(
        out,
        "<tr><td><code>{}</code>{environment}</td><td>{}</td><td class=\"{}\">{}</td><td><code>{}:{}</code></td><td>{}</td></tr>",
        esc(&item.resource),
        if places.is_empty() { "—".to_string() } else { places.join("<br>") },
        verdict.as_str(),
        esc(verdict_text(verdict, item.boundary)),
        esc(&p.path),
        p.line,
        findings.join("<br>")
    )
}

fn proofs(item: &Item, at: &At, out: &mut dyn Write) -> io::Result<()> {
    let known: Vec<String> = item
        .locations
        .iter()
        .filter(|l| !l.chain.is_empty() || l.at.is_some())
        .map(|l| {
            let steps: Vec<String> = super::proof(l, at)
                .into_iter()
                .map(|(note, p)| match note {
                    Some(note) => {
                        format!("{} (<code>{}:{}</code>)", code(note), esc(&p.path), p.line)
                    }
                    None => format!("used at <code>{}:{}</code>", esc(&p.path), p.line),
                })
                .collect();
            format!(
                "<li>{}: {} — {}</li>",
                code(&l.what),
                code(&place_text(&l.place)),
                steps.join(" → ")
            )
        })
        .collect();
    if known.is_empty() {
        return Ok(());
    }
    let p = at(&item.path, item.range.start);
    writeln!(
        out,
        "<details><summary><code>{}</code>, <code>{}:{}</code></summary><ul>{}</ul></details>",
        esc(&item.resource),
        esc(&p.path),
        p.line,
        known.join("")
    )
}

fn changes(drift: &Drift, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<h2>Changes since <code>{}</code></h2>",
        esc(&drift.against)
    )?;
    if drift.is_empty() {
        return writeln!(
            out,
            "<p>No identity data location was added, changed or removed.</p>"
        );
    }
    writeln!(out, "<ul>")?;
    let name = |v: &serde_json::Value| esc(v["resource"].as_str().unwrap_or("?"));
    for item in &drift.added {
        writeln!(out, "<li>Added: <code>{}</code></li>", name(item))?;
    }
    for c in &drift.changed {
        for l in &c.locations {
            writeln!(
                out,
                "<li>Changed: <code>{}</code>: {}: {} → {}</li>",
                esc(&c.resource),
                code(&l.what),
                code(&described(l.before.as_ref())),
                code(&described(l.after.as_ref()))
            )?;
        }
    }
    for item in &drift.removed {
        writeln!(out, "<li>Removed: <code>{}</code></li>", name(item))?;
    }
    writeln!(out, "</ul>")
}

/// The map: a dot per region some item's data goes to, its colour the worst verdict there,
/// its tooltip the items.
fn map(items: &[Item], out: &mut dyn Write) -> io::Result<()> {
    // Region → (display name, worst verdict, resources).
    let mut regions: BTreeMap<&str, (&str, Verdict, Vec<&str>)> = BTreeMap::new();
    let mut fixed: Vec<&str> = Vec::new();
    for item in items {
        for l in &item.locations {
            match &l.place {
                Place::Region {
                    name, display_name, ..
                } => {
                    let entry =
                        regions
                            .entry(name)
                            .or_insert((display_name, l.verdict, Vec::new()));
                    entry.1 = entry.1.max(l.verdict);
                    if !entry.2.contains(&item.resource.as_str()) {
                        entry.2.push(&item.resource);
                    }
                }
                Place::Fixed(_) if !fixed.contains(&item.resource.as_str()) => {
                    fixed.push(&item.resource);
                }
                _ => {}
            }
        }
    }
    writeln!(out, "<h2>Regions identity data goes to</h2>")?;
    writeln!(
        out,
        "<svg viewBox=\"0 20 720 290\" role=\"img\" aria-label=\"World map of the regions identity data goes to\">"
    )?;
    for lon in (-180..=180).step_by(30) {
        let x = (lon + 180) * 2;
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"360\"/>"
        )?;
    }
    for lat in (-90..=90).step_by(30) {
        let y = (90 - lat) * 2;
        let class = if lat == 0 { "equator" } else { "grid" };
        writeln!(
            out,
            "<line class=\"{class}\" x1=\"0\" y1=\"{y}\" x2=\"720\" y2=\"{y}\"/>"
        )?;
    }
    let mut unplaced = Vec::new();
    // Labels are placed beside their dot where they do not cover another label, else left
    // out (the legend below names every region).
    let mut taken: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (name, (display, verdict, resources)) in &regions {
        let Some((lat, lon)) = crate::regions::coordinates(name) else {
            unplaced.push(*name);
            continue;
        };
        let (x, y) = ((lon + 180.0) * 2.0, (90.0 - lat) * 2.0);
        let class = dot_class(*verdict);
        let r = 3.0 + (resources.len() as f64).sqrt();
        let label = format!("{name} ({})", resources.len());
        let width = 5.0 * label.chars().count() as f64;
        let spots = [
            (x + r + 2.0, y + 3.0),
            (x + r + 2.0, y - 6.0),
            (x + r + 2.0, y + 12.0),
            (x - r - 2.0 - width, y + 3.0),
            (x - r - 2.0 - width, y - 6.0),
            (x - r - 2.0 - width, y + 12.0),
        ];
        let free = spots.into_iter().find(|&(lx, ly)| {
            let (x0, y0, x1, y1) = (lx, ly - 8.0, lx + width, ly + 2.0);
            x0 >= 0.0
                && x1 <= 720.0
                && !taken
                    .iter()
                    .any(|t| x0 < t.2 && t.0 < x1 && y0 < t.3 && t.1 < y1)
        });
        let text = match free {
            Some((lx, ly)) => {
                taken.push((lx, ly - 8.0, lx + width, ly + 2.0));
                format!(
                    "<text class=\"label\" x=\"{lx:.1}\" y=\"{ly:.1}\">{}</text>",
                    esc(&label)
                )
            }
            None => String::new(),
        };
        writeln!(
            out,
            "<g><title>{} ({}): {}</title><circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/>{text}</g>",
            esc(display),
            esc(name),
            esc(&resources.join(", ")),
        )?;
    }
    writeln!(out, "</svg>")?;
    if !regions.is_empty() {
        writeln!(
            out,
            "<table>\n<tr><th>Region</th><th>Verdict</th><th>Items</th></tr>"
        )?;
        for (name, (display, verdict, resources)) in &regions {
            writeln!(
                out,
                "<tr><td><code>{}</code> ({})</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                esc(name),
                esc(display),
                verdict.as_str(),
                verdict.as_str(),
                resources.len()
            )?;
        }
        writeln!(out, "</table>")?;
    }
    if regions.is_empty() {
        writeln!(out, "<p>No location resolves to an Azure region.</p>")?;
    }
    if !unplaced.is_empty() {
        writeln!(
            out,
            "<p>Not on the map (the catalog has no coordinates for them): {}.</p>",
            unplaced
                .iter()
                .map(|n| code(n))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    if !fixed.is_empty() {
        writeln!(
            out,
            "<p class=\"outside\">And in US datacenters, whatever the code says (Microsoft, 2019): the policy configuration data, key containers or invitations of {} item(s).</p>",
            fixed.len()
        )?;
    }
    Ok(())
}

fn dot_class(verdict: Verdict) -> &'static str {
    match verdict.leaves() {
        Some(false) => "dot-inside",
        None => "dot-unknown",
        Some(true) => "dot-outside",
    }
}

/// Text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown-style `code` spans of prose, as HTML: escaped, backticks turned into `<code>`.
fn code(text: &str) -> String {
    let escaped = esc(text);
    let mut out = String::with_capacity(escaped.len());
    let mut open = false;
    for c in escaped.chars() {
        if c == '`' {
            out.push_str(if open { "</code>" } else { "<code>" });
            open = !open;
        } else {
            out.push(c);
        }
    }
    if open {
        out.push_str("</code>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_code_spans_become_code() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(code("`eastus` (East US)"), "<code>eastus</code> (East US)");
        assert_eq!(code("`<script>`"), "<code>&lt;script&gt;</code>");
        assert_eq!(code("unclosed `x"), "unclosed <code>x</code>");
    }
}
