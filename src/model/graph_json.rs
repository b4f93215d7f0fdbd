//! Microsoft Graph objects saved as JSON: EntraExporter's export of a tenant's configuration
//! (each file is the raw Graph object a `GET` returned, `ConvertTo-Json` of the response;
//! identity-surfaces.md §2.4), and request bodies kept beside scripts. A file is one when its
//! root object, or an entry of its root array or of its `value` list (a collection response),
//! has an `@odata.type` of `#microsoft.graph.…`.
//!
//! Each such object is a resource of type [`TypeRef::GraphType`]; its body is the object with
//! every value placed where it is written. Nothing is evaluated: Graph JSON has no expressions.
//!
//! Unified Tenant Configuration Management (UTCM) baselines are read here too
//! (identity-surfaces.md §2.3): the body of a configuration monitor
//! (`{"baseline": {"resources": [...]}}`), or a baseline alone (`{"resources": [...]}`), whose
//! resources have a `resourceType` such as `microsoft.entra.AuthenticationMethodPolicySms` and
//! the `properties` of the Microsoft365DSC resource of the same name
//! (`AADAuthenticationMethodPolicySms`). Each is a resource of type [`TypeRef::Dsc`], its body
//! those properties. A baseline is desired state, an export is a snapshot of live state: the
//! file kinds differ ([`FileKind::UtcmJson`], [`FileKind::GraphJson`]).

use super::{
    Declaration, Evaluated, FileId, FileKind, Loc, Lowered, Project, RawResource, Resolve,
    ResourceId, Step, TypeRef, Val, ValKind,
};
use crate::syntax::json::{self, JsonKind, JsonValue};
use crate::syntax::TextRange;

/// The prefix of the `@odata.type` of every Microsoft Graph object.
const GRAPH_TYPE_PREFIX: &str = "#microsoft.graph.";

/// The kind of a JSON file of Graph objects ([`FileKind::GraphJson`]) or of a UTCM baseline
/// ([`FileKind::UtcmJson`]); `None` for other JSON.
pub fn kind_of(text: &str) -> Option<FileKind> {
    // Most JSON is neither: look for the type's prefix (as Graph writes it, or capitalised),
    // or UTCM's resource types, before parsing.
    let graph = text.contains(GRAPH_TYPE_PREFIX) || text.contains("#Microsoft.Graph.");
    let utcm = text.contains("resourceType");
    if !graph && !utcm {
        return None;
    }
    let parsed = json::parse(text);
    let root = parsed.value.as_ref()?;
    if utcm && !baseline_resources(root).is_empty() {
        Some(FileKind::UtcmJson)
    } else if graph && !objects(root).is_empty() {
        Some(FileKind::GraphJson)
    } else {
        None
    }
}

/// The prefix of the Entra resource types of UTCM.
const UTCM_ENTRA_PREFIX: &str = "microsoft.entra.";

/// The resources of a UTCM baseline (`baseline.resources`, or a root `resources`) when one
/// of them is an Entra resource (`resourceType` `microsoft.entra.…` with `properties`).
fn baseline_resources(root: &JsonValue) -> Vec<&JsonValue> {
    let Some(resources) = root
        .get("baseline")
        .and_then(|b| b.get("resources"))
        .or_else(|| root.get("resources"))
    else {
        return Vec::new();
    };
    let entries: Vec<&JsonValue> = resources
        .items()
        .iter()
        .filter(|r| utcm_type(r).is_some() && r.get("properties").is_some())
        .collect();
    let any_entra = entries.iter().any(|r| {
        utcm_type(r).is_some_and(|t| {
            t.get(..UTCM_ENTRA_PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(UTCM_ENTRA_PREFIX))
        })
    });
    if any_entra {
        entries
    } else {
        Vec::new()
    }
}

/// A UTCM resource's `resourceType`, when it is a `microsoft.<workload>.<name>` string.
fn utcm_type(v: &JsonValue) -> Option<&str> {
    v.get("resourceType")?.as_str().filter(|t| {
        t.get(..10)
            .is_some_and(|p| p.eq_ignore_ascii_case("microsoft."))
    })
}

/// The Microsoft365DSC resource a UTCM Entra type is named after
/// (`microsoft.entra.AuthenticationMethodPolicySms` → `aadauthenticationmethodpolicysms`); other
/// workloads keep their type, which the facts table does not know.
fn dsc_type(resource_type: &str) -> String {
    let lower = resource_type.to_ascii_lowercase();
    match lower.strip_prefix(UTCM_ENTRA_PREFIX) {
        Some(name) => format!("aad{name}"),
        None => lower,
    }
}

/// The Graph objects of a file's root: itself, or the entries of a root array or of a
/// collection's `value`.
fn objects(root: &JsonValue) -> Vec<&JsonValue> {
    let entries: Vec<&JsonValue> = match &root.kind {
        JsonKind::Object(_)
            if graph_type(root).is_some() || whole_methods_policy(root).is_some() =>
        {
            return vec![root];
        }
        JsonKind::Object(_) => root
            .get("value")
            .map(|v| v.items().iter().collect())
            .unwrap_or_default(),
        JsonKind::Array(items) => items.iter().collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter(|e| graph_type(e).is_some())
        .collect()
}

/// The Graph type of the whole authentication methods policy, which a `GET` returns without
/// an `@odata.type` of its own (only `"@odata.context": "…$metadata#authenticationMethodsPolicy"`)
/// but with the typed configuration of every method (Microsoft Graph
/// `api-reference/v1.0/api/authenticationmethodspolicy-get.md`, the response example).
const METHODS_POLICY_TYPE: &str = "microsoft.graph.authenticationmethodspolicy";

/// The `authenticationMethodConfigurations` member of an untyped object whose entries are
/// typed Graph objects: the whole methods policy, as a `GET` returns it.
fn whole_methods_policy(v: &JsonValue) -> Option<&json::Member> {
    if v.get("@odata.type").is_some() {
        return None;
    }
    let JsonKind::Object(members) = &v.kind else {
        return None;
    };
    members.iter().find(|m| {
        m.key
            .eq_ignore_ascii_case("authenticationMethodConfigurations")
            && m.value.items().iter().any(|e| graph_type(e).is_some())
    })
}

/// An object's `@odata.type` value, when it is a Microsoft Graph type.
fn graph_type(v: &JsonValue) -> Option<&JsonValue> {
    v.get("@odata.type").filter(|t| {
        t.as_str().is_some_and(|s| {
            s.get(..GRAPH_TYPE_PREFIX.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(GRAPH_TYPE_PREFIX))
        })
    })
}

/// One resource per Graph object of the file.
pub fn lower(project: &Project, file: FileId, resolve: Resolve) -> Lowered {
    let text = &project.files[file].text;
    let parsed = json::parse(text);
    let syntax_errors = parsed.errors.into_iter().map(|e| (file, e)).collect();
    let Some(root) = parsed.value.as_ref() else {
        return Lowered {
            resources: Vec::new(),
            syntax_errors,
        };
    };
    let path = &project.files[file].path;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (raw, bodies) = if project.files[file].kind == FileKind::UtcmJson {
        baseline(root, file)
    } else {
        graph_objects(root, file, &file_name)
    };
    let objects = Objects { file, raw, bodies };
    Lowered {
        resources: resolve(&objects),
        syntax_errors,
    }
}

/// The Graph objects of an export, each with its type and a name for messages.
fn graph_objects<'j>(
    root: &'j JsonValue,
    file: FileId,
    file_name: &str,
) -> (Vec<RawResource>, Vec<&'j JsonValue>) {
    let objects = objects(root);
    let one = objects.len() == 1 && std::ptr::eq(objects[0], root);
    let raw = objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            // Its type, as written, and where its declaration is.
            let (written, decl) = match graph_type(o) {
                Some(ty) => (ty.as_str().unwrap_or_default(), ty.range),
                None => (
                    METHODS_POLICY_TYPE,
                    whole_methods_policy(o).map_or(o.range, |m| m.key_range),
                ),
            };
            // For messages: its display name, else the file (and its place in the file).
            let name = match o.get("displayName").and_then(JsonValue::as_str) {
                Some(n) => n.to_string(),
                None if one => file_name.to_string(),
                None => format!("{file_name}[{i}]"),
            };
            RawResource {
                type_ref: TypeRef::GraphType(written.trim_start_matches('#').to_ascii_lowercase()),
                type_name: written.to_string(),
                name,
                decl: Loc { file, range: decl },
                name_ranges: Vec::new(),
                declaration: Declaration::Managed,
                scope: 0,
            }
        })
        .collect();
    (raw, objects)
}

/// The resources of a UTCM baseline, each at its `resourceType` value, with its `properties`
/// as its body.
fn baseline(root: &JsonValue, file: FileId) -> (Vec<RawResource>, Vec<&JsonValue>) {
    baseline_resources(root)
        .into_iter()
        .filter_map(|r| {
            let ty = r.get("resourceType")?;
            let written = ty.as_str()?;
            let properties = r.get("properties")?;
            let name = properties
                .get("DisplayName")
                .or_else(|| r.get("displayName"))
                .and_then(JsonValue::as_str)
                .unwrap_or(written)
                .to_string();
            let raw = RawResource {
                type_ref: TypeRef::Dsc(dsc_type(written)),
                type_name: written.to_string(),
                name,
                decl: Loc {
                    file,
                    range: ty.range,
                },
                name_ranges: Vec::new(),
                declaration: Declaration::Managed,
                scope: 0,
            };
            Some((raw, properties))
        })
        .unzip()
}

struct Objects<'j> {
    file: FileId,
    raw: Vec<RawResource>,
    bodies: Vec<&'j JsonValue>,
}

impl Objects<'_> {
    /// A JSON value as a model value, each node placed where it is written, strings with
    /// their contents as the literal a fix may rewrite.
    fn val(&self, v: &JsonValue) -> Val {
        let loc = |range: TextRange| Loc {
            file: self.file,
            range,
        };
        let kind = match &v.kind {
            JsonKind::Object(members) => ValKind::Map(
                members
                    .iter()
                    .map(|m| (m.key.to_string(), self.val(&m.value)))
                    .collect(),
            ),
            JsonKind::Array(items) => ValKind::List(items.iter().map(|i| self.val(i)).collect()),
            JsonKind::String(s) => ValKind::Str(s.to_string()),
            JsonKind::Number(n) => ValKind::Num(*n),
            JsonKind::Bool(b) => ValKind::Bool(*b),
            JsonKind::Null => ValKind::Null,
            JsonKind::Error => ValKind::Unknown("the value does not parse here".into()),
        };
        let mut val = Val::new(kind, Some(loc(v.range)));
        if matches!(v.kind, JsonKind::String(_)) && v.range.len() >= 2 {
            val.literal = Some(loc(TextRange::new(
                v.range.start as usize + 1,
                v.range.end as usize - 1,
            )));
        }
        val
    }
}

impl Evaluated for Objects<'_> {
    fn resources(&self) -> &[RawResource] {
        &self.raw
    }

    fn value(&self, res: ResourceId, path: &[Step]) -> Option<Val> {
        let mut at = *self.bodies.get(res)?;
        for step in path {
            at = match step {
                Step::Key(k) => match &at.kind {
                    JsonKind::Object(members) => {
                        &members
                            .iter()
                            .find(|m| m.key.eq_ignore_ascii_case(k))?
                            .value
                    }
                    _ => return None,
                },
                Step::Index(i) => at.items().get(*i)?,
            };
        }
        Some(self.val(at))
    }

    fn names(&self, res: ResourceId) -> Vec<String> {
        let Some(body) = self.bodies.get(res) else {
            return Vec::new();
        };
        ["displayName", "id"]
            .iter()
            .filter_map(|k| body.get(k).and_then(JsonValue::as_str))
            .map(str::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_utcm_baselines_by_their_entra_resources() {
        let monitor = r#"{"displayName": "m", "baseline": {"resources": [{"resourceType": "microsoft.entra.AuthenticationMethodPolicySms", "properties": {"Id": "Sms"}}]}}"#;
        assert_eq!(kind_of(monitor), Some(FileKind::UtcmJson));
        let baseline = r#"{"resources": [{"resourceType": "Microsoft.Entra.ConditionalAccessPolicy", "properties": {}}]}"#;
        assert_eq!(kind_of(baseline), Some(FileKind::UtcmJson));
        // Other workloads only, or ARM's `resources` (typed by `type`): not a baseline.
        let exchange = r#"{"resources": [{"resourceType": "microsoft.exchange.sharedmailbox", "properties": {}}]}"#;
        assert_eq!(kind_of(exchange), None);
        let arm = r#"{"resources": [{"type": "Microsoft.AAD/domainServices", "resourceType": "x", "properties": {}}]}"#;
        assert_eq!(kind_of(arm), None);
        assert_eq!(
            dsc_type("microsoft.entra.AuthenticationMethodPolicySms"),
            "aadauthenticationmethodpolicysms"
        );
    }

    fn is_graph_json(text: &str) -> bool {
        kind_of(text) == Some(FileKind::GraphJson)
    }

    #[test]
    fn recognises_graph_objects_and_collections_only() {
        assert!(is_graph_json(
            r##"{"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration", "id": "Sms", "state": "enabled"}"##
        ));
        assert!(is_graph_json(
            r##"{"value": [{"@odata.type": "#microsoft.graph.conditionalAccessPolicy"}]}"##
        ));
        assert!(is_graph_json(
            r##"[{"@odata.type": "#Microsoft.Graph.application"}]"##
        ));
        // The whole methods policy, as a `GET` returns it: typed only in its entries.
        assert!(is_graph_json(
            r##"{"id": "authenticationMethodsPolicy", "authenticationMethodConfigurations": [{"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration", "id": "Sms", "state": "enabled"}]}"##
        ));
        assert!(!is_graph_json(r#"{"name": "x", "version": "1.0.0"}"#));
        // The prefix alone, not as a root object's type, is not enough.
        assert!(!is_graph_json(
            r##"{"description": "#microsoft.graph.user", "nested": {"@odata.type": "#microsoft.graph.user"}}"##
        ));
    }
}
