//! The JSON Schema (draft-07) of `.residency.yaml`, written from the table of its keys
//! ([`super::KEYS`]) and the rule catalog. Committed as
//! `editors/vscode/schemas/residency.schema.json`, which the VS Code extension contributes
//! (`yamlValidation`) to the YAML extension; `tests/config_schema.rs` fails when the file is
//! stale (`RESIDENCY_UPDATE_SCHEMA=1 cargo test --test config_schema` rewrites it).
//!
//! It accepts what the parser accepts, with one difference: region names are only checked to
//! be text (the parser looks them up in the region catalog, any case, display names too).

use serde_json::{json, Map, Value};

use super::keys::{ValueKind, BOUNDARIES, KEYS, LEVELS};
use crate::rule_catalog::CATALOG;

/// The schema, as a JSON value.
pub fn json_schema() -> Value {
    let properties: Map<String, Value> = KEYS
        .iter()
        .map(|key| {
            let mut schema = value_schema(key.kind);
            schema["markdownDescription"] = json!(key.description);
            schema["description"] = json!(plain(key.description));
            (key.name.to_string(), schema)
        })
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "residency configuration",
        "description": "`.residency.yaml`: settings of the residency linter for the files in its folder and below.",
        // An empty file is a configuration with every default.
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The schema as the committed file holds it: two-space JSON and a final line break.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}

fn value_schema(kind: ValueKind) -> Value {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    match kind {
        ValueKind::Boundary => json!({
            "type": "string",
            "enum": BOUNDARIES.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            "enumDescriptions": BOUNDARIES.iter().map(|(_, d)| plain(d)).collect::<Vec<_>>(),
            "markdownEnumDescriptions": BOUNDARIES.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
        }),
        ValueKind::Regions | ValueKind::Globs => strings,
        ValueKind::Region | ValueKind::File => json!({"type": "string"}),
        ValueKind::Bytes => json!({"type": "integer", "minimum": 0}),
        ValueKind::Rules => strings,
        ValueKind::Waivers => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "reason", "owner"],
                "additionalProperties": false,
                "properties": {
                    "rule": {"type": "string", "description": "The rule's code or name."},
                    "resource": {"type": "string", "description": "The resource, as findings name it (Terraform address, ARM or Bicep name)."},
                    "path": {"type": "string", "description": "A glob of the files it applies to, relative to this file's folder."},
                    "reason": {"type": "string", "minLength": 1},
                    "owner": {"type": "string", "minLength": 1},
                    "expires": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "The last day it holds, `YYYY-MM-DD`."}
                }
            }
        }),
        ValueKind::RuleLevels => {
            let level = json!({"type": "string", "enum": LEVELS});
            let properties: Map<String, Value> = CATALOG
                .iter()
                .map(|meta| {
                    let mut schema = level.clone();
                    let text = format!(
                        "`{}` (default `{}`): {}",
                        meta.name,
                        meta.default_level(),
                        meta.summary
                    );
                    schema["description"] = json!(plain(&text));
                    schema["markdownDescription"] = json!(text);
                    (meta.code.to_string(), schema)
                })
                .collect();
            // Codes and names are looked up in any case (`eu021: off`,
            // `mfa-push-notifications: off`).
            let any_case: Vec<String> = CATALOG
                .iter()
                .flat_map(|m| [any_case(m.code), any_case(m.name)])
                .collect();
            json!({
                "type": "object",
                "properties": properties,
                "patternProperties": {
                    format!("^(?:{})$", any_case.join("|")): level,
                },
                "additionalProperties": false,
            })
        }
    }
}

/// A regular expression matching `word` in any case (`[Ee][Uu]010`).
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Markdown without its code quotes, for clients that show `description` only.
fn plain(markdown: &str) -> String {
    markdown.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_any_case() {
        assert_eq!(any_case("EU010"), "[Ee][Uu]010");
        let schema = json_schema();
        let rules = &schema["properties"]["rules"];
        assert_eq!(
            rules["properties"].as_object().map(Map::len),
            Some(CATALOG.len())
        );
        assert_eq!(
            schema["properties"].as_object().map(Map::len),
            Some(KEYS.len())
        );
    }
}
