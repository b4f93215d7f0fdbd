//! Settings from the client (`initializationOptions.settings`, `workspace/didChangeConfiguration`,
//! `workspace/configuration`): the JSON is read into [`RawSettings`] and validated by
//! [`config::validate`], exactly as `.residency.yaml` is, into the same [`Overrides`], which the
//! check applies over `.residency.yaml`. A setting with a problem is not used (see the policy in
//! `config/overrides.rs`); the others apply.

use std::path::Path;

use serde_json::Value;

use crate::config::{self, Overrides, Problem, RawSettings, Spelling};
use crate::regions::Boundary;

/// The client's settings, validated.
pub type Settings = Overrides;

/// Reads `{"boundary": "...", "allowedRegions": [...], "preferredRegion": "...", "rules":
/// {"EU021": "off"}}` (also nested under `residency`; `allowed_regions` and
/// `preferred_region` are accepted too). Returns the settings and what was refused.
pub fn from_json(value: &Value) -> (Settings, Vec<Problem>) {
    let (raw, mut problems) = raw_settings(value);
    let (settings, more) = config::validate(&raw, Spelling::Client, None);
    problems.extend(more);
    (settings, problems)
}

/// A problem as logged to the client.
pub fn describe(problem: &Problem) -> String {
    format!("setting {problem}; it is ignored")
}

/// The settings as written; values of the wrong JSON type are problems of their own.
fn raw_settings(value: &Value) -> (RawSettings, Vec<Problem>) {
    let value = value.get("residency").unwrap_or(value);
    let mut problems = Vec::new();
    let mut wrong_type = |key: &str, expected: &str| {
        problems.push(Problem {
            key: key.to_string(),
            item: None,
            message: format!("expected {expected}"),
        });
    };
    let get = |camel: &str, snake: &str| {
        value
            .get(camel)
            .or_else(|| value.get(snake))
            .filter(|v| !v.is_null())
    };
    let mut raw = RawSettings {
        boundary: value.get("boundary").filter(|v| !v.is_null()).map(text),
        ..RawSettings::default()
    };
    match get("allowedRegions", "allowed_regions") {
        Some(Value::Array(list)) => raw.allowed_regions = Some(list.iter().map(text).collect()),
        Some(_) => wrong_type("allowedRegions", "a list of region names"),
        None => {}
    }
    match get("preferredRegion", "preferred_region") {
        Some(Value::String(r)) => raw.preferred_region = Some(r.clone()),
        Some(_) => wrong_type("preferredRegion", "a region name"),
        None => {}
    }
    match value.get("rules").filter(|v| !v.is_null()) {
        Some(Value::Object(rules)) => {
            raw.rules = rules.iter().map(|(c, l)| (c.clone(), text(l))).collect();
        }
        Some(_) => wrong_type("rules", "a map of rule codes to levels"),
        None => {}
    }
    (raw, problems)
}

/// A string's contents, else the JSON text of the value (refused as a name then).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The boundary in force for a file: the setting, else its `.residency.yaml`.
pub fn boundary_for(settings: &Settings, path: &Path) -> Boundary {
    if let Some(b) = &settings.boundary {
        return b.clone();
    }
    crate::config::ConfigResolver::new(None)
        .for_file(path)
        .map(|c| c.boundary.clone())
        .unwrap_or(Boundary::Europe)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::config::{Config, Level};
    use crate::diagnostic::Severity;

    /// `.residency.yaml` and the client's settings, written alike, give the same settings or
    /// the same problems (keys spelled each their way).
    #[test]
    fn the_file_and_the_client_agree() {
        let cases: &[(&str, Value)] = &[
            (
                "boundary: eu-data-boundary\npreferred_region: swedencentral\nrules:\n  eu021: off\n  EU010: warning\n",
                json!({"boundary": "eu-data-boundary", "preferredRegion": "swedencentral", "rules": {"eu021": "off", "EU010": "warning"}}),
            ),
            (
                "allowed_regions: [germanywestcentral]\npreferred_region: germanywestcentral\n",
                json!({"allowedRegions": ["germanywestcentral"], "preferredRegion": "germanywestcentral"}),
            ),
            ("boundary: mars\n", json!({"boundary": "mars"})),
            ("boundary: custom\n", json!({"boundary": "custom"})),
            (
                "boundary: custom\nallowed_regions: [westeurope, westeurpe]\n",
                json!({"boundary": "custom", "allowedRegions": ["westeurope", "westeurpe"]}),
            ),
            ("preferred_region: westeurpe\n", json!({"preferredRegion": "westeurpe"})),
            (
                "boundary: eu-data-boundary\npreferred_region: uksouth\n",
                json!({"boundary": "eu-data-boundary", "preferredRegion": "uksouth"}),
            ),
            ("rules:\n  EU999: off\n", json!({"rules": {"EU999": "off"}})),
            ("rules:\n  EU010: loud\n", json!({"rules": {"EU010": "loud"}})),
        ];
        let path = Path::new("/repo/.residency.yaml");
        for (yaml, client) in cases {
            let (settings, problems) = from_json(client);
            match Config::parse(yaml, path) {
                Ok(config) => {
                    assert!(problems.is_empty(), "{yaml:?}: the client's {problems:?}");
                    let from_client = Config::default().with(&settings);
                    assert_eq!(config.boundary, from_client.boundary, "{yaml:?}");
                    assert_eq!(config.preferred_region, from_client.preferred_region);
                    assert_eq!(config.rules, from_client.rules, "{yaml:?}");
                }
                Err(e) => {
                    let client: Vec<String> = problems
                        .iter()
                        .map(|p| {
                            format!("/repo/.residency.yaml: {p}")
                                .replace("allowedRegions", "allowed_regions")
                                .replace("preferredRegion", "preferred_region")
                        })
                        .collect();
                    assert_eq!(e.0, client.join("\n"), "{yaml:?}");
                }
            }
        }
    }

    #[test]
    fn refused_settings_leave_the_others() {
        let (settings, problems) = from_json(&json!({"residency": {
            "boundary": "eu-data-boundary",
            "preferredRegion": "westeurpe",
            "allowedRegions": null,
            "rules": {"EU010": "warning", "EU021": 3}
        }}));
        assert_eq!(settings.boundary, Some(Boundary::EuDataBoundary));
        assert_eq!(settings.preferred_region, None);
        assert_eq!(
            settings.rules.get("EU010"),
            Some(&Level::On(Severity::Warning))
        );
        let shown: Vec<String> = problems.iter().map(describe).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("setting `preferredRegion`: `westeurpe` is not an Azure region (did you mean `westeurope`?)"), "{shown:?}");
        assert_eq!(
            shown[1],
            "setting `rules.EU021`: unknown level `3` (expected off, info, warning or error); it is ignored"
        );
        // Values of the wrong type.
        let (_, problems) = from_json(&json!({"preferredRegion": 5, "rules": ["EU010"]}));
        let shown: Vec<String> = problems.iter().map(describe).collect();
        assert_eq!(
            shown,
            [
                "setting `preferredRegion`: expected a region name; it is ignored",
                "setting `rules`: expected a map of rule codes to levels; it is ignored"
            ]
        );
    }
}
