//! `residency inventory --compare previous.json`: which identity data locations were added,
//! changed or removed since an earlier inventory, for the pull request that moves a workspace
//! from `westeurope` to `eastus` even while a waiver keeps the check green.
//!
//! Both inventories are compared as JSON documents (version 1): an item is the same item when
//! its kind, resource, file and environment are; a location, when its `what` is. A location
//! changed when its place or verdict did.

use serde::Serialize;
use serde_json::Value;

/// What changed between two inventories.
#[derive(Debug, Default, Serialize)]
pub struct Drift {
    /// The earlier inventory, as named on the command line.
    pub against: String,
    pub added: Vec<Value>,
    pub removed: Vec<Value>,
    pub changed: Vec<Changed>,
}

/// An item whose locations changed.
#[derive(Debug, Serialize)]
pub struct Changed {
    pub kind: String,
    pub resource: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    pub locations: Vec<LocationChange>,
}

/// One location of an item, before and after (`null` when it is new or gone).
#[derive(Debug, Serialize)]
pub struct LocationChange {
    pub what: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Checks that `previous` is an inventory this version can compare with: an error says why not.
pub fn validate(previous: &Value) -> Result<(), String> {
    match previous.get("version").and_then(Value::as_u64) {
        Some(1) if previous.get("items").is_some_and(Value::is_array) => Ok(()),
        Some(1) => Err("it has no `items` list".to_string()),
        Some(v) => Err(format!(
            "it is an inventory of version {v}; this residency reads version 1"
        )),
        None => Err(
            "it is not a `residency inventory --format json` document (no `version`)".to_string(),
        ),
    }
}

fn text(item: &Value, key: &str) -> String {
    item.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn key(item: &Value) -> (String, String, String, String) {
    (
        text(item, "kind"),
        text(item, "resource"),
        text(item, "path"),
        text(item, "environment"),
    )
}

/// A location as compared: its place and verdict.
fn summary(location: &Value) -> Value {
    serde_json::json!({
        "place": location.get("place").cloned().unwrap_or(Value::Null),
        "verdict": location.get("verdict").cloned().unwrap_or(Value::Null),
    })
}

fn locations(item: &Value) -> Vec<(String, Value)> {
    item.get("locations")
        .and_then(Value::as_array)
        .map(|ls| ls.iter().map(|l| (text(l, "what"), summary(l))).collect())
        .unwrap_or_default()
}

/// The drift from `previous` to `current` (both inventory documents).
pub fn compare(previous: &Value, current: &Value, against: &str) -> Drift {
    let items = |doc: &Value| -> Vec<Value> {
        doc.get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (before, after) = (items(previous), items(current));
    let mut drift = Drift {
        against: against.to_string(),
        ..Drift::default()
    };
    for item in &after {
        match before.iter().find(|b| key(b) == key(item)) {
            None => drift.added.push(item.clone()),
            Some(old) => {
                let (was, is) = (locations(old), locations(item));
                let mut changes = Vec::new();
                for (what, now) in &is {
                    let then = was.iter().find(|(w, _)| w == what).map(|(_, s)| s);
                    if then != Some(now) {
                        changes.push(LocationChange {
                            what: what.clone(),
                            before: then.cloned(),
                            after: Some(now.clone()),
                        });
                    }
                }
                for (what, then) in &was {
                    if !is.iter().any(|(w, _)| w == what) {
                        changes.push(LocationChange {
                            what: what.clone(),
                            before: Some(then.clone()),
                            after: None,
                        });
                    }
                }
                if !changes.is_empty() {
                    let (kind, resource, path, environment) = key(item);
                    drift.changed.push(Changed {
                        kind,
                        resource,
                        path,
                        environment: Some(environment).filter(|e| !e.is_empty()),
                        locations: changes,
                    });
                }
            }
        }
    }
    for item in &before {
        if !after.iter().any(|a| key(a) == key(item)) {
            drift.removed.push(item.clone());
        }
    }
    drift
}

/// How a compared location reads: "`eastus` (outside)".
pub fn described(summary: Option<&Value>) -> String {
    let Some(summary) = summary else {
        return "none".to_string();
    };
    let place = &summary["place"];
    let name = ["name", "value", "reason"]
        .iter()
        .find_map(|k| place.get(*k).and_then(Value::as_str))
        .unwrap_or("?");
    let verdict = summary["verdict"].as_str().unwrap_or("?");
    match place["kind"].as_str() {
        Some("unknown") => format!("unknown ({name})"),
        _ => format!("`{name}` ({verdict})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(location: &str, verdict: &str) -> Value {
        json!({"version": 1, "items": [{
            "kind": "log-export", "resource": "azurerm_monitor_aad_diagnostic_setting.x",
            "path": "main.tf", "locations": [{"what": "Workspace `w` receiving the logs",
            "place": {"kind": "region", "name": location}, "verdict": verdict, "chain": []}]
        }]})
    }

    #[test]
    fn a_moved_workspace_is_a_change_and_new_or_gone_items_are_listed() {
        let drift = compare(
            &doc("westeurope", "inside"),
            &doc("eastus", "outside"),
            "old.json",
        );
        assert!(drift.added.is_empty() && drift.removed.is_empty());
        let change = &drift.changed[0].locations[0];
        assert_eq!(described(change.before.as_ref()), "`westeurope` (inside)");
        assert_eq!(described(change.after.as_ref()), "`eastus` (outside)");
        let none = json!({"version": 1, "items": []});
        let drift = compare(&none, &doc("eastus", "outside"), "old.json");
        assert_eq!(drift.added.len(), 1);
        let drift = compare(&doc("eastus", "outside"), &none, "old.json");
        assert_eq!(drift.removed.len(), 1);
        assert!(compare(&none, &none, "x").is_empty());
        assert!(validate(&json!({"version": 2, "items": []})).is_err());
        assert!(validate(&json!([])).is_err());
        assert!(validate(&none).is_ok());
    }
}
