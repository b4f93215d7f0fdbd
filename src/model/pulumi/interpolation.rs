//! `${...}` interpolation in Pulumi YAML: a string's literal pieces and expressions, and an
//! expression's access path (`res.prop[0]["sub"]`).

/// One step of a `${...}` access path.
#[derive(Debug, PartialEq)]
pub(super) enum Step {
    Prop(String),
    Index(usize),
}

/// Parses `root.a[0]["b"]` into the root name and its steps.
pub(super) fn parse_access(expr: &str) -> Option<(String, Vec<Step>)> {
    let expr = expr.trim();
    let end = expr.find(['.', '[']).unwrap_or(expr.len());
    let root = &expr[..end];
    if root.is_empty() {
        return None;
    }
    let mut steps = Vec::new();
    let mut rest = &expr[end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let e = r.find(['.', '[']).unwrap_or(r.len());
            steps.push(Step::Prop(r[..e].to_string()));
            rest = &r[e..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let e = r.find(']')?;
            let inner = r[..e].trim();
            if let Ok(n) = inner.parse::<usize>() {
                steps.push(Step::Index(n));
            } else {
                steps.push(Step::Prop(inner.trim_matches(['"', '\'']).to_string()));
            }
            rest = &r[e + 1..];
        } else {
            return None;
        }
    }
    Some((root.to_string(), steps))
}

/// The steps of an access path as the keys they read.
pub(super) fn steps_text(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| match s {
            Step::Prop(p) => p.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect()
}

/// The pieces of an interpolated string: literal text and `${...}` expressions.
pub(super) enum Piece<'s> {
    Text(String),
    Expr(&'s str),
}

pub(super) fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        text.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(escaped) = after.strip_prefix("$${") {
            text.push_str("${");
            rest = escaped;
        } else if let Some(body) = after.strip_prefix("${") {
            match body.find('}') {
                Some(e) => {
                    if !text.is_empty() {
                        out.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    out.push(Piece::Expr(&body[..e]));
                    rest = &body[e + 1..];
                }
                None => {
                    text.push_str(after);
                    rest = "";
                }
            }
        } else {
            text.push('$');
            rest = &after[1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() || out.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// The resource a whole-string `${res...}` reference names, with its steps.
pub(super) fn reference(s: &str) -> Option<(String, Vec<Step>)> {
    match pieces(s).as_slice() {
        [Piece::Expr(e)] => parse_access(e),
        _ => None,
    }
}
