//! JSON with comments (`//`, `/* */`) and trailing commas, as Azure Resource Manager accepts it.
//! Hand-written, error tolerant, with byte ranges.
//!
//! STUB: API fixed, implementation pending (helper owns this file).

use super::{SyntaxError, TextRange};

#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    pub kind: JsonKind,
    /// The whole value, quotes and brackets included.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    Object(Vec<Member>),
    Array(Vec<JsonValue>),
    /// Decoded contents (escapes applied). The contents' range is `range` without the quotes.
    String(String),
    Number(f64),
    Bool(bool),
    Null,
    /// Something that did not parse as a value; an error was recorded for it.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    /// The key, quotes included.
    pub key_range: TextRange,
    pub value: JsonValue,
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The top-level value, if any text resembling one was found.
    pub value: Option<JsonValue>,
    pub errors: Vec<SyntaxError>,
}

/// Parses JSON with comments and trailing commas. Never fails, never panics.
pub fn parse(text: &str) -> Parsed {
    let _ = text;
    Parsed {
        value: None,
        errors: vec![SyntaxError {
            range: TextRange::empty(0),
            message: "JSON parser not implemented".into(),
        }],
    }
}
