//! Terraform JSON syntax (`.tf.json`, `.tfvars.json`) turned into the HCL tree, so one lowering
//! serves both.
//!
//! In `.tf.json` a string is a template (`"${var.location}"`), parsed with
//! [`hcl::parse_json_string_template`] so its ranges point into the JSON file; objects become
//! object constructors (Terraform JSON does not tell nested blocks from object arguments without
//! the provider schema, and both lower to a map); `"//"` keys are comments. Variable defaults and
//! `.tfvars.json` values are literal: their strings are not templates.

use crate::syntax::hcl::{
    self, Attribute, Block, Body, Expr, ExprKind, Ident, Label, ObjectItem, Structure, Template,
    TemplateKind, TemplatePart,
};
use crate::syntax::json::{JsonKind, JsonValue, Member};
use crate::syntax::{SyntaxError, TextRange};

/// Resource-body members that are not part of the resource's value.
const META: &[&str] = &[
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
    "provider",
];

/// Builds the body of a `.tf.json` file: `variable`, `locals` and `resource` blocks.
pub(super) fn config_body(text: &str, root: &JsonValue, errors: &mut Vec<SyntaxError>) -> Body {
    let mut items = Vec::new();
    for top in objects(root) {
        for m in top.members() {
            match m.key.as_str() {
                "resource" => {
                    for types in objects(&m.value) {
                        for t in types.members() {
                            for names in objects(&t.value) {
                                for n in names.members() {
                                    for body in objects(&n.value) {
                                        items.push(resource_block(text, m, t, n, body, errors));
                                    }
                                }
                            }
                        }
                    }
                }
                "variable" => {
                    for vars in objects(&m.value) {
                        for v in vars.members() {
                            for body in objects(&v.value) {
                                items.push(variable_block(text, m, v, body));
                            }
                        }
                    }
                }
                "locals" => {
                    for locals in objects(&m.value) {
                        let attrs = locals
                            .members()
                            .iter()
                            .filter(|l| l.key != "//")
                            .map(|l| attribute(text, l, true, errors))
                            .collect();
                        items.push(block(m, &[], attrs, locals.range));
                    }
                }
                _ => {}
            }
        }
    }
    Body {
        items,
        range: root.range,
    }
}

/// The values of a `.tfvars.json` file (literal values, not templates).
pub(super) fn tfvars_attributes(text: &str, root: &JsonValue) -> Vec<Attribute> {
    let mut errors = Vec::new();
    root.members()
        .iter()
        .filter(|m| m.key != "//")
        .map(|m| attribute(text, m, false, &mut errors))
        .collect()
}

/// A value that may be written as an object or as an array of objects (repeated blocks).
fn objects(v: &JsonValue) -> Vec<&JsonValue> {
    match &v.kind {
        JsonKind::Object(_) => vec![v],
        JsonKind::Array(items) => items.iter().filter(|i| i.is_object()).collect(),
        _ => Vec::new(),
    }
}

fn resource_block(
    text: &str,
    kw: &Member,
    ty: &Member,
    name: &Member,
    body: &JsonValue,
    errors: &mut Vec<SyntaxError>,
) -> Structure {
    let attrs = body
        .members()
        .iter()
        .filter(|m| m.key != "//" && !META.contains(&m.key.as_str()))
        .map(|m| attribute(text, m, true, errors))
        .collect();
    block(kw, &[ty, name], attrs, body.range)
}

fn variable_block(text: &str, kw: &Member, name: &Member, body: &JsonValue) -> Structure {
    let mut errors = Vec::new();
    let attrs = body
        .members()
        .iter()
        .filter(|m| m.key == "default")
        .map(|m| attribute(text, m, false, &mut errors))
        .collect();
    block(kw, &[name], attrs, body.range)
}

fn block(
    kw: &Member,
    labels: &[&Member],
    attrs: Vec<Attribute>,
    body_range: TextRange,
) -> Structure {
    let labels: Vec<Label> = labels
        .iter()
        .map(|m| Label {
            value: m.key.to_string(),
            range: m.key_range,
            quoted: true,
        })
        .collect();
    Structure::Block(Block {
        ident: Ident {
            name: kw.key.to_string(),
            range: kw.key_range,
        },
        range: kw.key_range.cover(body_range),
        labels,
        body: Body {
            items: attrs.into_iter().map(Structure::Attribute).collect(),
            range: body_range,
        },
    })
}

fn attribute(text: &str, m: &Member, template: bool, errors: &mut Vec<SyntaxError>) -> Attribute {
    let expr = to_expr(text, &m.value, template, errors, 0);
    Attribute {
        name: Ident {
            name: m.key.to_string(),
            range: m.key_range,
        },
        range: m.key_range.cover(m.value.range),
        expr,
    }
}

/// Deeper JSON than this becomes an error expression (the JSON parser bounds depth too).
const MAX_DEPTH: u32 = 200;

fn to_expr(
    text: &str,
    v: &JsonValue,
    template: bool,
    errors: &mut Vec<SyntaxError>,
    depth: u32,
) -> Expr {
    let kind = match &v.kind {
        _ if depth > MAX_DEPTH => ExprKind::Error,
        JsonKind::Null => ExprKind::Null,
        JsonKind::Bool(b) => ExprKind::Bool(*b),
        JsonKind::Number(n) => ExprKind::Number(*n),
        JsonKind::String(s) => {
            if template && (s.contains("${") || s.contains("%{")) {
                let (expr, errs) = hcl::parse_json_string_template(text, v.range);
                errors.extend(errs);
                return Expr {
                    range: v.range,
                    ..expr
                };
            }
            let content = v.content_range(text).unwrap_or(v.range);
            literal_string(s, content)
        }
        JsonKind::Array(items) => ExprKind::Tuple(
            items
                .iter()
                .map(|i| to_expr(text, i, template, errors, depth + 1))
                .collect(),
        ),
        JsonKind::Object(members) => ExprKind::Object(
            members
                .iter()
                .filter(|m| m.key != "//")
                .map(|m| {
                    let content = TextRange::new(
                        (m.key_range.start + 1).min(m.key_range.end) as usize,
                        m.key_range.end.saturating_sub(1).max(m.key_range.start) as usize,
                    );
                    ObjectItem {
                        key: Expr {
                            kind: literal_string(&m.key, content),
                            range: m.key_range,
                        },
                        value: to_expr(text, &m.value, template, errors, depth + 1),
                    }
                })
                .collect(),
        ),
        JsonKind::Error => ExprKind::Error,
    };
    Expr {
        kind,
        range: v.range,
    }
}

/// A template that is one literal string (`content` = its range without quotes).
fn literal_string(s: &str, content: TextRange) -> ExprKind {
    let parts = if s.is_empty() {
        Vec::new()
    } else {
        vec![TemplatePart::Literal {
            value: s.to_string(),
            range: content,
        }]
    };
    ExprKind::Template(Template {
        kind: TemplateKind::Bare,
        parts,
        content,
    })
}
