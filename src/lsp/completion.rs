//! Completion of region names in location values: the regions inside the active boundary
//! first, then the other European ones, then the rest, each with its display name.

use std::path::Path;

use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, CompletionItemLabelDetails};

use crate::regions::{self, Boundary};

/// Whether column `col` (bytes) of `line` is in a location value: inside a string literal, or
/// after `key:` in YAML, on a line whose key names a location (`location`, `replicaLocation`).
pub fn in_location_value(line: &str, col: usize, path: &Path) -> bool {
    let col = col.min(line.len());
    let before = &line[..col];
    let Some(key_at) = before.to_ascii_lowercase().find("location") else {
        return false;
    };
    let after_key = &before[key_at..];
    let quotes = after_key
        .chars()
        .filter(|c| *c == '"' || *c == '\'')
        .count();
    // `"location": "|` has 1 quote after the key's own closing quote; `location = "|` has 1.
    let json_key = line[..key_at].ends_with('"');
    let open_quotes = if json_key {
        quotes.saturating_sub(1)
    } else {
        quotes
    };
    if open_quotes % 2 == 1 {
        return true;
    }
    let yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    yaml && quotes == 0 && after_key.contains(':')
}

/// The region items, best first.
pub fn region_items(boundary: &Boundary) -> Vec<CompletionItem> {
    let mut items: Vec<(u8, CompletionItem)> = regions::catalog()
        .regions()
        .iter()
        .filter(|r| r.is_physical())
        .map(|r| {
            let rank = if boundary.contains(r) {
                0
            } else if Boundary::Europe.contains(r) {
                1
            } else {
                2
            };
            let item = CompletionItem {
                label: r.name.clone(),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: Some(r.describe()),
                }),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(format!(
                    "{}{}",
                    r.describe(),
                    if rank == 0 {
                        format!(" — inside `{}`", boundary.id())
                    } else {
                        format!(" — outside `{}`", boundary.id())
                    }
                )),
                sort_text: Some(format!("{rank}{}", r.name)),
                filter_text: Some(r.name.clone()),
                insert_text: Some(r.name.clone()),
                ..CompletionItem::default()
            };
            (rank, item)
        })
        .collect();
    items.sort_by(|a, b| (a.0, &a.1.label).cmp(&(b.0, &b.1.label)));
    items.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_contexts() {
        let tf = Path::new("main.tf");
        assert!(in_location_value("  location = \"we", 16, tf));
        assert!(!in_location_value("  location = ", 13, tf));
        assert!(!in_location_value("  name = \"we", 12, tf));
        let json = Path::new("azuredeploy.json");
        assert!(in_location_value("  \"location\": \"", 15, json));
        assert!(!in_location_value("  \"location\": ", 14, json));
        assert!(in_location_value(
            "  location: '",
            13,
            Path::new("main.bicep")
        ));
        assert!(in_location_value(
            "  location: we",
            14,
            Path::new("Pulumi.yaml")
        ));
    }

    #[test]
    fn european_regions_first() {
        let items = region_items(&Boundary::EuDataBoundary);
        let first = &items[0];
        assert_eq!(first.sort_text.as_deref().map(|s| &s[..1]), Some("0"));
        let uk = items.iter().position(|i| i.label == "uksouth").unwrap();
        let us = items.iter().position(|i| i.label == "eastus").unwrap();
        let we = items.iter().position(|i| i.label == "westeurope").unwrap();
        assert!(we < uk && uk < us);
        assert!(items[we].detail.as_deref().unwrap().contains("West Europe"));
    }
}
