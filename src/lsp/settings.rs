//! Settings from the client (`initializationOptions.settings`, `workspace/didChangeConfiguration`,
//! `workspace/configuration`), applied over `.residency.yaml`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::config::Level;
use crate::regions::Boundary;

/// Settings from the client (`initializationOptions`, `workspace/didChangeConfiguration`),
/// applied over `.residency.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub boundary: Option<Boundary>,
    /// `preferredRegion` (or `preferred_region`): the region quick fixes propose.
    pub preferred_region: Option<String>,
    /// Rule levels by upper-case code.
    pub rules: HashMap<String, Level>,
}

impl Settings {
    /// Reads `{"boundary": "...", "preferredRegion": "...", "rules": {"EU021": "off"}}` (also
    /// nested under `residency`).
    /// Unknown or bad values are ignored with a message.
    pub fn from_json(value: &Value, problems: &mut Vec<String>) -> Settings {
        let value = value.get("residency").unwrap_or(value);
        let mut settings = Settings::default();
        let allowed: Option<Vec<String>> = value
            .get("allowedRegions")
            .or_else(|| value.get("allowed_regions"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| {
                        let name = v.as_str().unwrap_or_default();
                        if crate::regions::catalog().lookup(name).is_some() {
                            Some(name.to_string())
                        } else {
                            problems.push(format!(
                                "setting `allowedRegions`: {v} is not an Azure region; it is ignored"
                            ));
                            None
                        }
                    })
                    .collect()
            });
        let boundary = value.get("boundary").and_then(Value::as_str).or(
            // A list of regions alone means a custom boundary, as in `.residency.yaml`.
            match &allowed {
                Some(list) if !list.is_empty() => Some("custom"),
                _ => None,
            },
        );
        if let Some(b) = boundary {
            match crate::config::parse_boundary(b, allowed.as_deref()) {
                Ok(b) => settings.boundary = Some(b),
                Err(e) => problems.push(format!(
                    "setting `boundary`: {}",
                    e.replace("`allowed_regions`", "`allowedRegions`")
                )),
            }
        }
        let preferred = value
            .get("preferredRegion")
            .map(|v| ("preferredRegion", v))
            .or_else(|| {
                value
                    .get("preferred_region")
                    .map(|v| ("preferred_region", v))
            });
        if let Some((name, v)) = preferred.filter(|(_, v)| !v.is_null()) {
            match v.as_str().and_then(|r| crate::regions::catalog().lookup(r)) {
                Some(r) if r.is_physical() => {
                    if settings.boundary.as_ref().is_some_and(|b| !b.contains(r)) {
                        problems.push(format!(
                            "setting `{name}`: `{}` is outside the active boundary, so fixes propose a region inside it instead",
                            r.name
                        ));
                    }
                    settings.preferred_region = Some(r.name.clone());
                }
                _ => problems.push(format!(
                    "setting `{name}`: {v} is not a physical Azure region; it is ignored"
                )),
            }
        }
        if let Some(rules) = value.get("rules").and_then(Value::as_object) {
            for (code, level) in rules {
                let level = match level.as_str() {
                    Some("off") => Level::Off,
                    Some("info") => Level::On(crate::diagnostic::Severity::Info),
                    Some("warning") => Level::On(crate::diagnostic::Severity::Warning),
                    Some("error") => Level::On(crate::diagnostic::Severity::Error),
                    _ => {
                        problems.push(format!(
                            "setting `rules.{code}`: expected off, info, warning or error"
                        ));
                        continue;
                    }
                };
                match crate::rules::meta(code) {
                    Some(meta) => {
                        settings.rules.insert(meta.code.to_string(), level);
                    }
                    None => problems.push(format!("setting `rules`: unknown rule code `{code}`")),
                }
            }
        }
        settings
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
