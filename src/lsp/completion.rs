//! Completion of region names in location values (the regions inside the active boundary
//! first, then the other European ones, then the rest, each with its display name), and of
//! rule codes in suppression comments.

use std::path::Path;

use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, CompletionItemLabelDetails};

use crate::regions::{self, Boundary};
use crate::resolve::formats;
use crate::syntax::string_at::string_at;

/// Whether byte `offset` of `text` (the file at `path`) is in a location value: in a string
/// value, found in the file's syntax tree, whose key names a location ([`names_location`]).
pub fn in_location_value(text: &str, offset: usize, path: &Path) -> bool {
    formats::syntax_of_file(path, text)
        .and_then(|syntax| string_at(syntax, text, offset))
        .is_some_and(|s| names_location(&s.keys))
}

/// Whether the keys leading to a value name a location: the last key is `location` or ends
/// with it (`replicaLocation`, `primary_location`, `azure-native:location`, `locations`), or
/// the value is a parameter's (`defaultValue`, `value`, `allowedValues`, `default`) and the
/// parameter's name does.
pub fn names_location(keys: &[String]) -> bool {
    let is_location = |key: &str| {
        let key = key.to_ascii_lowercase();
        key.ends_with("location") || key.ends_with("locations")
    };
    match keys {
        [.., last] if is_location(last) => true,
        [.., parameter, last] => {
            matches!(
                last.to_ascii_lowercase().as_str(),
                "defaultvalue" | "value" | "allowedvalues" | "default"
            ) && is_location(parameter)
        }
        _ => false,
    }
}

/// Whether byte `offset` of `text` (a file of `kind`) is where a suppression comment's codes
/// are written: after `residency-ignore:` or `residency-ignore-file:` that follows one of the
/// format's comment leaders on the same line, before the reason's separator.
pub fn in_suppression_codes(text: &str, offset: usize, kind: crate::model::FileKind) -> bool {
    let Some(before) = text.get(..offset) else {
        return false;
    };
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let Some(at) = line.rfind("residency-ignore") else {
        return false;
    };
    let lead = line[..at].trim_end();
    let json_comment_key = lead.replace([' ', '\t'], "").ends_with("\"//\":\"");
    let in_comment = json_comment_key
        || formats::comment_leaders(kind)
            .iter()
            .any(|l| lead.ends_with(l) || lead.ends_with(&format!("{l}*")));
    let rest = &line[at + "residency-ignore".len()..];
    let Some(codes) = rest
        .strip_prefix("-file:")
        .or_else(|| rest.strip_prefix(':'))
    else {
        return false;
    };
    in_comment
        && codes
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | ' ' | '\t'))
}

/// Every rule a suppression can name, in code order, with its name and summary (the E00x
/// codes are about files and suppressions themselves, and are not suppressed).
pub fn rule_code_items() -> Vec<CompletionItem> {
    crate::rule_catalog::CATALOG
        .iter()
        .filter(|m| m.code.starts_with("EU"))
        .enumerate()
        .map(|(i, m)| CompletionItem {
            label: m.code.to_string(),
            label_details: Some(CompletionItemLabelDetails {
                detail: None,
                description: Some(m.name.to_string()),
            }),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(format!("{} ({})", m.name, m.default_level())),
            documentation: Some(tower_lsp_server::ls_types::Documentation::String(
                m.summary.to_string(),
            )),
            sort_text: Some(format!("{i:03}")),
            // Typing the name finds the code too.
            filter_text: Some(format!("{} {}", m.code, m.name)),
            insert_text: Some(m.code.to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

/// The start of the string holding byte `offset`, when it is a string value.
pub fn string_start(text: &str, offset: usize, path: &Path) -> Option<u32> {
    formats::syntax_of_file(path, text)
        .and_then(|syntax| string_at(syntax, text, offset))
        .map(|s| s.range.start)
}

/// The tenant data residency locations ([`regions::TENANT_LOCATIONS`]), `Europe` first, the
/// others marked outside Europe: what a B2C or External ID tenant's location takes (a region
/// there is EU091).
pub fn tenant_location_items() -> Vec<CompletionItem> {
    let mut names: Vec<&str> = regions::TENANT_LOCATIONS.to_vec();
    names.sort_by_key(|n| (*n != "Europe", *n));
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let verdict = if name == "Europe" {
                "tenant data residency location, inside Europe"
            } else {
                "tenant data residency location, outside Europe"
            };
            CompletionItem {
                label: name.to_string(),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: Some(verdict.to_string()),
                }),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(verdict.to_string()),
                sort_text: Some(format!("{i}")),
                insert_text: Some(name.to_string()),
                ..CompletionItem::default()
            }
        })
        .collect()
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
                    description: Some(if rank == 0 {
                        r.describe()
                    } else {
                        format!("{}, {}", r.describe(), boundary.outside_phrase())
                    }),
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

    /// In-document versions of the former line cases, plus what a line could not tell.
    #[test]
    fn location_contexts() {
        let at = |marked: &str, name: &str| {
            let offset = marked.find('|').unwrap();
            in_location_value(&marked.replacen('|', "", 1), offset, Path::new(name))
        };
        assert!(at("  location = \"we|", "main.tf"));
        assert!(!at("  location = |", "main.tf"));
        assert!(!at("  name = \"we|", "main.tf"));
        assert!(at("{\n  \"location\": \"|", "azuredeploy.json"));
        assert!(!at("{\n  \"location\": |", "azuredeploy.json"));
        assert!(at("resource x 'a@1' = {\n  location: '|", "main.bicep"));
        assert!(at("a:\n  location: we|", "Pulumi.yaml"));
        // A parameter named for a location, over several lines; not a description, nor a
        // comment.
        assert!(at(
            "{\n  \"replicaLocation\": {\n    \"type\": \"string\",\n    \"defaultValue\": \"|\"\n  }\n}",
            "azuredeploy.json"
        ));
        assert!(!at("  description = \"location: |\"", "main.tf"));
        assert!(!at("a:\n  # location: |\n", "Pulumi.yaml"));
        assert!(!at("location = \"we|", "Set-Federation.ps1"));
    }

    #[test]
    fn keys_that_name_locations() {
        let k =
            |keys: &[&str]| names_location(&keys.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(k(&["resources", "location"]));
        assert!(k(&["parameters", "replicaLocation", "defaultValue"]));
        assert!(k(&["config", "azure-native:location"]));
        assert!(k(&["variable", "primary_location", "default"]));
        assert!(!k(&["tags", "region"]));
        assert!(!k(&["locationMode"]));
        assert!(!k(&[]));
    }

    #[test]
    fn suppression_code_contexts() {
        use crate::model::FileKind;
        let at = |marked: &str, kind| {
            let offset = marked.find('|').unwrap();
            in_suppression_codes(&marked.replace('|', ""), offset, kind)
        };
        assert!(at("# residency-ignore: |", FileKind::TerraformHcl));
        assert!(at(
            "x = 1 // residency-ignore: EU010, EU|",
            FileKind::TerraformHcl
        ));
        assert!(at("  <!-- residency-ignore-file: |", FileKind::B2cPolicy));
        assert!(at(
            "  \"//\": \"residency-ignore: |",
            FileKind::TerraformJson
        ));
        // After the reason's separator, outside a comment, or before the colon: no codes.
        assert!(!at(
            "# residency-ignore: EU010 -- |",
            FileKind::TerraformHcl
        ));
        assert!(!at("name = \"residency-ignore: |", FileKind::TerraformHcl));
        assert!(!at("# residency-ignore|", FileKind::TerraformHcl));
        assert!(!at("<!-- residency-ignore: |", FileKind::TerraformHcl));
    }

    /// Every rule of the catalog is offered, the new ones included.
    #[test]
    fn every_rule_code_is_offered() {
        let labels: Vec<String> = rule_code_items().into_iter().map(|i| i.label).collect();
        let rules: Vec<&str> = crate::rules::RULES.iter().map(|r| r.meta.code).collect();
        assert_eq!(labels, rules);
        for code in ["EU031", "EU041", "EU051"] {
            assert!(labels.iter().any(|l| l == code), "{code}");
        }
    }

    #[test]
    fn tenant_locations_europe_first() {
        let items = tenant_location_items();
        assert_eq!(items[0].label, "Europe");
        assert!(items[1..].iter().all(|i| i
            .detail
            .as_deref()
            .is_some_and(|d| d.ends_with("outside Europe"))));
        assert_eq!(items.len(), regions::TENANT_LOCATIONS.len());
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
