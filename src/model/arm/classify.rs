//! Telling ARM templates and parameters files from other JSON without a full parse.
//!
//! A shallow scan reads the top-level keys and skips every value it does not need with a byte
//! loop. `$schema` is nearly always the first key, so the scan usually stops after a few
//! bytes; without it the top level is scanned once (no allocation, no tree).

use crate::model::FileKind;

/// See [`crate::model::arm::classify`].
pub(crate) fn classify(text: &str) -> Option<FileKind> {
    let mut s = Scan {
        b: text.as_bytes(),
        pos: 0,
    };
    if text.starts_with('\u{FEFF}') {
        s.pos = 3;
    }
    let mut shape = Shape::default();
    if s.top_level(&mut shape).is_break() {
        if let Some(kind) = shape.schema_kind {
            return kind;
        }
    }
    shape.decide()
}

#[derive(Default)]
struct Shape {
    /// Set when `$schema` decided (to `None` for a schema that is not ARM's).
    schema_kind: Option<Option<FileKind>>,
    resources: bool,
    content_version: bool,
    parameters: bool,
    /// Members of `parameters` that are objects with `value` or `reference`.
    params_with_value: usize,
    /// Members of `parameters` that are not.
    params_other: usize,
}

impl Shape {
    fn decide(&self) -> Option<FileKind> {
        if self.resources && (self.content_version || self.parameters) {
            return Some(FileKind::ArmTemplate);
        }
        if !self.resources
            && self.parameters
            && self.params_other == 0
            && (self.params_with_value > 0 || self.content_version)
        {
            return Some(FileKind::ArmParameters);
        }
        None
    }
}

fn schema_kind(schema: &[u8]) -> Option<FileKind> {
    let lower = String::from_utf8_lossy(schema).to_ascii_lowercase();
    if lower.contains("deploymentparameters") {
        Some(FileKind::ArmParameters)
    } else if lower.contains("deploymenttemplate") {
        // deploymentTemplate, subscriptionDeploymentTemplate,
        // managementGroupDeploymentTemplate, tenantDeploymentTemplate.
        Some(FileKind::ArmTemplate)
    } else {
        None
    }
}

use std::ops::ControlFlow;

struct Scan<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn trivia(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.b.get(self.pos + 1) == Some(&b'/') => {
                    while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.b.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    while self.pos < self.b.len()
                        && !(self.b[self.pos] == b'*' && self.b.get(self.pos + 1) == Some(&b'/'))
                    {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.b.len());
                }
                _ => break,
            }
        }
    }

    /// A string at the position: its raw contents (escapes not decoded).
    fn string(&mut self) -> Option<&'a [u8]> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let mut i = start;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    self.pos = i + 1;
                    return Some(&self.b[start..i]);
                }
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        None
    }

    /// Skips one value (after trivia), without recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.trivia();
            let c = self.peek()?;
            match c {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                b',' | b':' => {
                    if depth == 0 {
                        return Some(());
                    }
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
            if depth == 0 {
                // A scalar ends at a delimiter; a container just closed.
                if matches!(c, b'}' | b']' | b'"') {
                    return Some(());
                }
                while self.pos < self.b.len()
                    && !matches!(
                        self.b[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'/'
                    )
                {
                    self.pos += 1;
                }
                return Some(());
            }
        }
    }

    /// Visits the members of the object at the position, calling `f` with each key (the
    /// position then at the value). Breaks when `f` breaks or the text is not an object.
    fn members(
        &mut self,
        f: &mut dyn FnMut(&mut Self, &[u8]) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.trivia();
        if self.peek() != Some(b'{') {
            return ControlFlow::Break(());
        }
        self.pos += 1;
        loop {
            self.trivia();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return ControlFlow::Continue(());
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(b'"') => {}
                _ => return ControlFlow::Break(()),
            }
            let Some(key) = self.string() else {
                return ControlFlow::Break(());
            };
            self.trivia();
            if self.peek() != Some(b':') {
                return ControlFlow::Break(());
            }
            self.pos += 1;
            self.trivia();
            let before = self.pos;
            f(self, key)?;
            if self.pos == before && self.skip_value().is_none() {
                return ControlFlow::Break(());
            }
        }
    }

    fn top_level(&mut self, shape: &mut Shape) -> ControlFlow<()> {
        self.members(&mut |s, key| {
            if key.eq_ignore_ascii_case(b"$schema") {
                if let Some(schema) = s.string() {
                    shape.schema_kind = Some(schema_kind(schema));
                    return ControlFlow::Break(());
                }
            } else if key.eq_ignore_ascii_case(b"resources") {
                shape.resources = true;
            } else if key.eq_ignore_ascii_case(b"contentVersion") {
                shape.content_version = true;
            } else if key.eq_ignore_ascii_case(b"parameters") {
                shape.parameters = true;
                if s.peek() == Some(b'{') {
                    return s.parameters(shape);
                }
                shape.params_other += 1;
            }
            ControlFlow::Continue(())
        })
    }

    fn parameters(&mut self, shape: &mut Shape) -> ControlFlow<()> {
        self.members(&mut |s, _name| {
            if s.peek() != Some(b'{') {
                shape.params_other += 1;
                return ControlFlow::Continue(());
            }
            let mut has_value = false;
            s.members(&mut |_, key| {
                if key == b"value" || key == b"reference" {
                    has_value = true;
                }
                ControlFlow::Continue(())
            })?;
            if has_value {
                shape.params_with_value += 1;
            } else {
                shape.params_other += 1;
            }
            ControlFlow::Continue(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_schema() {
        for (schema, kind) in [
            (
                "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                Some(FileKind::ArmTemplate),
            ),
            (
                "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
                Some(FileKind::ArmTemplate),
            ),
            (
                "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
                Some(FileKind::ArmTemplate),
            ),
            (
                "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
                Some(FileKind::ArmTemplate),
            ),
            (
                "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                Some(FileKind::ArmParameters),
            ),
            (
                "https://schema.management.azure.com/schemas/2015-01-01/DEPLOYMENTTEMPLATE.json#",
                Some(FileKind::ArmTemplate),
            ),
            ("https://json.schemastore.org/package.json", None),
        ] {
            let text = format!("{{\"$schema\": \"{schema}\", \"resources\": []}}");
            assert_eq!(classify(&text), kind, "{schema}");
        }
    }

    #[test]
    fn schema_after_other_keys_and_comments() {
        let text = "\u{FEFF}// c\n{ /* x */ \"contentVersion\": \"1.0.0.0\", \"metadata\": {\"a\": [1, {\"b\": \"}\"}]},\n \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\", }";
        assert_eq!(classify(text), Some(FileKind::ArmParameters));
    }

    #[test]
    fn nested_schema_does_not_count() {
        let text = r#"{"pipeline": {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}}"#;
        assert_eq!(classify(text), None);
    }

    #[test]
    fn by_shape() {
        assert_eq!(
            classify(r#"{"contentVersion": "1.0.0.0", "resources": [], "x": 1.5e3}"#),
            Some(FileKind::ArmTemplate)
        );
        assert_eq!(
            classify(r#"{"parameters": {"location": {"type": "string"}}, "resources": {}}"#),
            Some(FileKind::ArmTemplate)
        );
        assert_eq!(
            classify(
                r#"{"parameters": {"location": {"value": "westeurope"}, "pw": {"reference": {"keyVault": {"id": "x"}, "secretName": "s"}}}}"#
            ),
            Some(FileKind::ArmParameters)
        );
        assert_eq!(
            classify(r#"{"contentVersion": "1.0.0.0", "parameters": {}}"#),
            Some(FileKind::ArmParameters)
        );
        // Not ARM.
        assert_eq!(classify(r#"{"resources": ["a"]}"#), None);
        assert_eq!(classify(r#"{"parameters": {"a": 1}}"#), None);
        assert_eq!(
            classify(r#"{"parameters": {"a": {"type": "string"}}}"#),
            None
        );
        assert_eq!(classify(r#"{"name": "x", "version": "1.0.0"}"#), None);
        assert_eq!(classify("[1, 2]"), None);
        assert_eq!(classify(""), None);
        assert_eq!(classify("{\"resources\": [ {\"type\": "), None);
    }

    #[test]
    fn truncated_and_garbage_input() {
        let text = r#"{"contentVersion": "1.0.0.0", "parameters": {"a": {"value": "x\"y"}}, "resources": [{"type": "t"}]}"#;
        for end in 0..=text.len() {
            let _ = classify(&text[..end]);
        }
        for g in [
            "{\"",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":\"",
            "{{{{",
            "}}}",
            "{\"\\",
            "\"",
            "/*",
        ] {
            let _ = classify(g);
        }
    }
}
