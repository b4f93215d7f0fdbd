//! The string value under a cursor, found in the syntax tree of its format: its contents'
//! range, its value, and the keys that lead to it (object keys, HCL attribute and block names
//! and labels, Bicep `param`/`var` names). What editor features (hover, completion) ask,
//! answered from the same error-tolerant parsers the check uses, so multi-line values, values
//! written after comments, and half-typed values are read as the check reads them, and text in
//! comments is no value.

use super::{bicep, hcl, json, yaml, TextRange};

/// The syntax a file is parsed with (each format says which: `resolve::formats::syntax`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON with comments: ARM templates and parameters, `.tf.json`, `.tfvars.json`, plans.
    Json,
    /// HCL: `.tf`, `.tfvars`.
    Hcl,
    /// `.bicep`, `.bicepparam`.
    Bicep,
    /// Pulumi programs and stacks, Kubernetes manifests.
    Yaml,
}

/// A string value and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringAt {
    /// The contents as written (quotes excluded; to the end of the line when unclosed).
    pub range: TextRange,
    /// The decoded value (the text as written when it interpolates).
    pub value: String,
    /// The keys from the top of the document to the value, outermost first; positions in
    /// arrays are not keys.
    pub keys: Vec<String>,
}

/// The string value whose contents hold `offset` (the ends included: a cursor right after the
/// opening quote or right before the closing one is in the string). In YAML, a plain scalar
/// counts, and so does the empty value after `key:` on the key's line.
pub fn string_at(syntax: Syntax, text: &str, offset: usize) -> Option<StringAt> {
    if offset > text.len() {
        return None;
    }
    let mut keys = Vec::new();
    match syntax {
        Syntax::Json => json_at(&json::parse(text).value?, text, offset, &mut keys),
        Syntax::Hcl => hcl_body_at(&hcl::parse(text).body, text, offset, &mut keys),
        Syntax::Bicep => bicep::parse(text)
            .stmts
            .iter()
            .find_map(|s| bicep_stmt_at(s, text, offset, &mut keys)),
        Syntax::Yaml => {
            let doc = yaml::parse(text);
            doc.documents
                .iter()
                .find_map(|&root| yaml_at(&doc, root, text, offset, &mut keys, 0))
        }
    }
}

fn holds(range: TextRange, offset: usize) -> bool {
    range.start as usize <= offset && offset <= range.end as usize
}

fn found(range: TextRange, value: impl Into<String>, keys: &[String]) -> Option<StringAt> {
    Some(StringAt {
        range,
        value: value.into(),
        keys: keys.to_vec(),
    })
}

/// Runs `f` with `key` pushed on `keys`.
fn under<T>(keys: &mut Vec<String>, key: &str, f: impl FnOnce(&mut Vec<String>) -> T) -> T {
    keys.push(key.to_string());
    let out = f(keys);
    keys.pop();
    out
}

fn json_at(
    value: &json::JsonValue,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
) -> Option<StringAt> {
    if !holds(value.range, offset) {
        return None;
    }
    match &value.kind {
        json::JsonKind::String(s) => {
            let content = value.content_range(text)?;
            holds(content, offset).then(|| found(content, s.clone(), keys))?
        }
        json::JsonKind::Object(members) => members
            .iter()
            .find_map(|m| under(keys, &m.key, |keys| json_at(&m.value, text, offset, keys))),
        json::JsonKind::Array(items) => items.iter().find_map(|v| json_at(v, text, offset, keys)),
        _ => None,
    }
}

fn hcl_body_at(
    body: &hcl::Body,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
) -> Option<StringAt> {
    body.items.iter().find_map(|item| match item {
        hcl::Structure::Attribute(a) => under(keys, &a.name.name, |keys| {
            hcl_expr_at(&a.expr, text, offset, keys)
        }),
        hcl::Structure::Block(b) if holds(b.range, offset) => {
            let mut path = vec![b.ident.name.clone()];
            path.extend(b.labels.iter().map(|l| l.value.clone()));
            let depth = keys.len();
            keys.extend(path);
            let out = hcl_body_at(&b.body, text, offset, keys);
            keys.truncate(depth);
            out
        }
        hcl::Structure::Block(_) => None,
    })
}

fn hcl_expr_at(
    expr: &hcl::Expr,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
) -> Option<StringAt> {
    use hcl::ExprKind as E;
    if !holds(expr.range, offset) {
        return None;
    }
    match &expr.kind {
        E::Template(t) => {
            if !holds(t.content, offset) {
                return None;
            }
            let value = match t.as_literal() {
                Some((s, _)) => s.to_string(),
                None => text.get(t.content.as_range())?.to_string(),
            };
            found(t.content, value, keys)
        }
        E::Object(items) => items.iter().find_map(|item| match item.literal_key() {
            // A string key is no value.
            Some(_) if holds(item.key.range, offset) => None,
            Some(key) => {
                let key = key.to_string();
                under(keys, &key, |keys| {
                    hcl_expr_at(&item.value, text, offset, keys)
                })
            }
            None => hcl_expr_at(&item.value, text, offset, keys),
        }),
        E::Tuple(items) => items
            .iter()
            .find_map(|e| hcl_expr_at(e, text, offset, keys)),
        E::Call(call) => call
            .args
            .iter()
            .find_map(|e| hcl_expr_at(e, text, offset, keys)),
        E::Conditional {
            cond,
            then,
            otherwise,
        } => [cond, then, otherwise]
            .into_iter()
            .find_map(|e| hcl_expr_at(e, text, offset, keys)),
        E::Parens(inner) => hcl_expr_at(inner, text, offset, keys),
        E::Binary { lhs, rhs, .. } => {
            hcl_expr_at(lhs, text, offset, keys).or_else(|| hcl_expr_at(rhs, text, offset, keys))
        }
        _ => None,
    }
}

fn bicep_stmt_at(
    stmt: &bicep::Stmt,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
) -> Option<StringAt> {
    use bicep::StmtKind as S;
    let (name, value): (Option<&str>, Option<&bicep::Expr>) = match &stmt.kind {
        S::Param { name, value, .. } => {
            // `@allowed([...])` lists the values a parameter may take.
            let allowed = stmt.decorators.iter().find_map(|d| match &d.kind {
                bicep::ExprKind::Call {
                    name: call, args, ..
                } if call.name == "allowed" => under(keys, &name.name, |keys| {
                    under(keys, "allowedValues", |keys| {
                        args.iter()
                            .find_map(|a| bicep_expr_at(a, text, offset, keys))
                    })
                }),
                _ => None,
            });
            if allowed.is_some() {
                return allowed;
            }
            (Some(&name.name), value.as_ref())
        }
        S::Var { name, value } | S::Output { name, value } => (Some(&name.name), value.as_ref()),
        S::Resource { value, .. } | S::Module { value, .. } => (None, value.as_ref()),
        _ => (None, None),
    };
    let value = value?;
    match name {
        Some(name) => under(keys, name, |keys| bicep_expr_at(value, text, offset, keys)),
        None => bicep_expr_at(value, text, offset, keys),
    }
}

fn bicep_expr_at(
    expr: &bicep::Expr,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
) -> Option<StringAt> {
    use bicep::ExprKind as E;
    if !holds(expr.range, offset) {
        return None;
    }
    match &expr.kind {
        E::Str { value, content } => {
            let content = content.unwrap_or_else(|| bicep_contents(expr.range, text));
            holds(content, offset).then(|| found(content, value.clone(), keys))?
        }
        E::Interp(_) => {
            let content = bicep_contents(expr.range, text);
            let value = text.get(content.as_range())?.to_string();
            holds(content, offset).then(|| found(content, value, keys))?
        }
        E::Object(props) => props.iter().find_map(|p| match p {
            bicep::Prop::KeyValue { key, value, .. } => {
                under(keys, key, |keys| bicep_expr_at(value, text, offset, keys))
            }
            bicep::Prop::Spread(e) => bicep_expr_at(e, text, offset, keys),
            bicep::Prop::Resource(stmt) => bicep_stmt_at(stmt, text, offset, keys),
        }),
        E::Array(items) => items
            .iter()
            .find_map(|e| bicep_expr_at(e, text, offset, keys)),
        E::Call { args, .. } => args
            .iter()
            .find_map(|e| bicep_expr_at(e, text, offset, keys)),
        E::Ternary(a, b, c) => [a, b, c]
            .into_iter()
            .find_map(|e| bicep_expr_at(e, text, offset, keys)),
        E::Binary(_, a, b) => {
            bicep_expr_at(a, text, offset, keys).or_else(|| bicep_expr_at(b, text, offset, keys))
        }
        E::If { body, .. } | E::For { body, .. } => bicep_expr_at(body, text, offset, keys),
        E::Not(e) | E::Neg(e) | E::NonNull(e) | E::Spread(e) => {
            bicep_expr_at(e, text, offset, keys)
        }
        _ => None,
    }
}

/// The contents of a Bicep string written at `range`: inside `'...'` or `'''...'''` (to the
/// end when unclosed).
fn bicep_contents(range: TextRange, text: &str) -> TextRange {
    let raw = text.get(range.as_range()).unwrap_or_default();
    let quote = if raw.starts_with("'''") { 3 } else { 1 };
    let start = range.start as usize + quote.min(raw.len());
    let closed = raw.len() >= 2 * quote && raw.ends_with(&"'''"[..quote]);
    let end = if closed {
        range.end as usize - quote
    } else {
        range.end as usize
    };
    TextRange::new(start, end.max(start))
}

fn yaml_at(
    doc: &yaml::Yaml,
    id: yaml::NodeId,
    text: &str,
    offset: usize,
    keys: &mut Vec<String>,
    depth: usize,
) -> Option<StringAt> {
    // Aliases point back; a bounded walk never follows them.
    if depth > 128 {
        return None;
    }
    let node = doc.node(id);
    match &node.kind {
        yaml::NodeKind::Scalar {
            value,
            style,
            content,
        } => {
            let content = content.unwrap_or_else(|| yaml_contents(node.range, *style));
            holds(content, offset).then(|| found(content, value.clone(), keys))?
        }
        yaml::NodeKind::Map(entries) => entries.iter().find_map(|&(k, v)| {
            let key = doc.as_str(k)?.to_string();
            let key_node = doc.node(k);
            if holds(key_node.range, offset) && !holds(doc.node(v).range, offset) {
                return None; // on the key itself
            }
            under(keys, &key, |keys| {
                yaml_at(doc, v, text, offset, keys, depth + 1)
                    .or_else(|| yaml_empty_value(doc, k, v, text, offset, keys))
            })
        }),
        yaml::NodeKind::Seq(items) => items
            .iter()
            .find_map(|&i| yaml_at(doc, i, text, offset, keys, depth + 1)),
        _ => None,
    }
}

/// `key: |` with nothing typed yet: the empty value after the colon, on the key's line.
fn yaml_empty_value(
    doc: &yaml::Yaml,
    key: yaml::NodeId,
    value: yaml::NodeId,
    text: &str,
    offset: usize,
    keys: &[String],
) -> Option<StringAt> {
    let empty = match &doc.node(value).kind {
        yaml::NodeKind::Scalar { value, style, .. } => {
            value.is_empty() && *style == yaml::Style::Plain
        }
        yaml::NodeKind::Missing => true,
        _ => false,
    };
    let after_key = doc.node(key).range.end as usize;
    let line_end = text[after_key..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| after_key + i);
    let between = text.get(after_key..offset)?;
    let colon = between.strip_prefix(':')?;
    let typed_nothing = colon.chars().all(|c| c == ' ' || c == '\t');
    (empty && offset <= line_end && typed_nothing && !colon.is_empty())
        .then(|| found(TextRange::empty(offset), "", keys))?
}

/// The contents of a scalar without a recorded content range (a multi-line plain scalar, a
/// quoted one with escapes or an unclosed quote, a block scalar): its range without quotes.
fn yaml_contents(range: TextRange, style: yaml::Style) -> TextRange {
    match style {
        yaml::Style::SingleQuoted | yaml::Style::DoubleQuoted if range.len() >= 2 => {
            TextRange::new(range.start as usize + 1, range.end as usize - 1)
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string at the `|` of `marked` (which is removed): its value and keys.
    fn at(syntax: Syntax, marked: &str) -> Option<(String, Vec<String>)> {
        let offset = marked.find('|').expect("a cursor");
        let text = marked.replacen('|', "", 1);
        string_at(syntax, &text, offset).map(|s| {
            assert!(holds(s.range, offset));
            (s.value, s.keys)
        })
    }

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn json_values_with_their_keys() {
        let arm = "{\n  // \"location\": \"eastus\"\n  \"parameters\": {\n    \"replicaLocation\": {\n      \"type\": \"string\",\n      \"defaultValue\": \"east|us\"\n    }\n  }\n}";
        assert_eq!(
            at(Syntax::Json, arm),
            Some((
                "eastus".into(),
                keys(&["parameters", "replicaLocation", "defaultValue"])
            ))
        );
        // In a comment, on a key: nothing.
        assert_eq!(
            at(Syntax::Json, "{\n  // \"location\": \"east|us\"\n}"),
            None
        );
        assert_eq!(at(Syntax::Json, "{\"loca|tion\": \"eastus\"}"), None);
        // Empty, half-typed, in an array.
        assert_eq!(
            at(Syntax::Json, "{\"location\": \"|\"}").map(|s| s.1),
            Some(keys(&["location"]))
        );
        assert_eq!(
            at(Syntax::Json, "{\"resources\": [{\"location\": \"we|"),
            Some(("we".into(), keys(&["resources", "location"])))
        );
    }

    #[test]
    fn hcl_values_with_their_keys() {
        let tf = "# location = \"eastus\"\nresource \"azurerm_x\" \"x\" {\n  description = \"a location\"\n  replica_sets {\n    location = /* é */ \"north|europe\"\n  }\n  tags = { region = \"westus\" }\n}\n";
        assert_eq!(
            at(Syntax::Hcl, tf),
            Some((
                "northeurope".into(),
                keys(&["resource", "azurerm_x", "x", "replica_sets", "location"])
            ))
        );
        assert_eq!(
            at(
                Syntax::Hcl,
                &tf.replacen('|', "", 1).replacen("eastus", "east|us", 1)
            ),
            None
        );
        let tags = tf.replacen('|', "", 1).replacen("westus", "west|us", 1);
        assert_eq!(
            at(Syntax::Hcl, &tags).map(|s| s.1),
            Some(keys(&["resource", "azurerm_x", "x", "tags", "region"]))
        );
        // Half-typed at the end of the file, and empty.
        assert_eq!(
            at(Syntax::Hcl, "resource \"a\" \"b\" {\n  location = \"we|"),
            Some(("we".into(), keys(&["resource", "a", "b", "location"])))
        );
        assert_eq!(
            at(
                Syntax::Hcl,
                "variable \"location\" {\n  default = \"|\"\n}\n"
            )
            .map(|s| s.1),
            Some(keys(&["variable", "location", "default"]))
        );
        // A multi-line heredoc.
        assert_eq!(
            at(Syntax::Hcl, "x = <<EOT\nwest|europe\nEOT\n").map(|s| s.0),
            Some("westeurope\n".into())
        );
    }

    #[test]
    fn bicep_values_with_their_keys() {
        let b = "@allowed([\n  'westeurope'\n  'north|europe'\n])\nparam replicaLocation string = 'westeurope'\n\n// location: 'eastus'\nresource ds 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'aadds'\n  location: replicaLocation\n  properties: {\n    replicaSets: [\n      {\n        location: 'eastus'\n      }\n    ]\n  }\n}\n";
        assert_eq!(
            at(Syntax::Bicep, b),
            Some((
                "northeurope".into(),
                keys(&["replicaLocation", "allowedValues"])
            ))
        );
        let plain = b.replacen('|', "", 1);
        assert_eq!(
            at(
                Syntax::Bicep,
                &plain.replacen("'eastus'\n      }", "'east|us'\n      }", 1)
            ),
            Some((
                "eastus".into(),
                keys(&["properties", "replicaSets", "location"])
            ))
        );
        assert_eq!(
            at(Syntax::Bicep, &plain.replacen("'eastus'", "'east|us'", 1)),
            None
        );
        assert_eq!(
            at(
                Syntax::Bicep,
                &plain.replacen("string = 'westeurope'", "string = 'west|europe'", 1)
            ),
            Some(("westeurope".into(), keys(&["replicaLocation"])))
        );
        // Half-typed.
        assert_eq!(
            at(Syntax::Bicep, "resource x 'a@1' = {\n  location: 'we|\n}\n"),
            Some(("we".into(), keys(&["location"])))
        );
        assert_eq!(
            at(Syntax::Bicep, "param location string = '|'\n").map(|s| s.1),
            Some(keys(&["location"]))
        );
    }

    #[test]
    fn yaml_values_with_their_keys() {
        let y = "# location: eastus\nresources:\n  vnet:\n    properties:\n      location: west|us # eastus\n";
        assert_eq!(
            at(Syntax::Yaml, y),
            Some((
                "westus".into(),
                keys(&["resources", "vnet", "properties", "location"])
            ))
        );
        let plain = y.replacen('|', "", 1);
        assert_eq!(
            at(Syntax::Yaml, &plain.replacen("# eastus", "# east|us", 1)),
            None
        );
        assert_eq!(
            at(
                Syntax::Yaml,
                &plain.replacen("location: eastus", "location: east|us", 1)
            ),
            None
        );
        // On the next line, quoted, empty after the colon.
        assert_eq!(
            at(Syntax::Yaml, "spec:\n  location:\n    west|europe\n"),
            Some(("westeurope".into(), keys(&["spec", "location"])))
        );
        assert_eq!(
            at(Syntax::Yaml, "spec:\n  location: \"we|\"\n").map(|s| s.0),
            Some("we".into())
        );
        assert_eq!(
            at(Syntax::Yaml, "spec:\n  location: |\n  name: x\n").map(|s| s.1),
            Some(keys(&["spec", "location"]))
        );
        assert_eq!(at(Syntax::Yaml, "spec:\n  location:|\n"), None);
        // Flow mappings, sequences.
        assert_eq!(
            at(Syntax::Yaml, "a: {location: east|us}\n").map(|s| s.1),
            Some(keys(&["a", "location"]))
        );
        assert_eq!(
            at(Syntax::Yaml, "locations:\n  - east|us\n").map(|s| s.1),
            Some(keys(&["locations"]))
        );
    }
}
