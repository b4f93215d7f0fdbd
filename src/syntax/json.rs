//! JSON with comments (`//`, `/* */`) and trailing commas, as Azure Resource Manager accepts it.
//! Hand-written, error tolerant, with byte ranges.
//!
//! The parser never fails and never panics: a half-typed document yields the tree of what
//! parsed plus [`SyntaxError`]s where the text went wrong. Recovery, in short:
//!
//! - a missing `,` between members or elements, or a missing `:` after a key, is reported and
//!   parsing goes on as if it were there;
//! - an unclosed object, array or comment is reported at its opening bracket and closed at the
//!   end of the text (or at a closing bracket of an enclosing container);
//! - an unclosed string ends at the end of its line (a string that spans lines and closes
//!   before `:`, `,`, `}` or `]` is accepted, as ARM accepts multi-line strings);
//! - an unquoted key (`{name: 1}`) or a single-quoted string is reported and kept;
//! - text that is no value becomes a [`JsonKind::Error`] node;
//! - text after the top-level value is one error (the tree is the first value);
//! - nesting deeper than 256 levels is reported and skipped (no stack overflow).
//!
//! Strings without escapes are copied once; nothing is allocated per character. On the ARM
//! JSON of the corpus this runs at 400-450 MB/s on one core (release build).
//!
//! A UTF-8 byte-order mark is skipped; ranges stay byte offsets into the text as given.

use super::{Errors, SyntaxError, TextRange};

/// A decoded key or string: up to 24 bytes are kept inline, so most ARM keys and short values
/// cost no allocation. It dereferences to `str`.
pub type JsonStr = compact_str::CompactString;

/// A JSON value with the byte range it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    /// What the value is.
    pub kind: JsonKind,
    /// The whole value, quotes and brackets included.
    pub range: TextRange,
}

/// What a [`JsonValue`] is.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    /// Members in document order (duplicates kept).
    Object(Vec<Member>),
    Array(Vec<JsonValue>),
    /// Decoded contents (escapes applied). The contents' range is `range` without the quotes.
    String(JsonStr),
    Number(f64),
    Bool(bool),
    Null,
    /// Something that did not parse as a value; an error was recorded for it.
    Error,
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, decoded.
    pub key: JsonStr,
    /// The key, quotes included.
    pub key_range: TextRange,
    /// The value (an empty [`JsonKind::Error`] node when it is missing).
    pub value: JsonValue,
}

/// The result of [`parse`]: whatever parsed, and the errors met on the way.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The top-level value, if any text resembling one was found.
    pub value: Option<JsonValue>,
    /// Syntax errors in document order (at most a couple of hundred are kept).
    pub errors: Vec<SyntaxError>,
}

impl JsonValue {
    /// The member `key` of an object, compared ASCII-case-insensitively as ARM does. When a key
    /// appears twice the last one wins (as in ARM). `None` for non-objects.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        self.member(key).map(|m| &m.value)
    }

    /// The member `key` (case-insensitive, last one wins) with its key range.
    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.kind {
            JsonKind::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key.eq_ignore_ascii_case(key)),
            _ => None,
        }
    }

    /// Follows a path of object keys (case-insensitive).
    pub fn path(&self, keys: &[&str]) -> Option<&JsonValue> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    /// The members of an object; empty for anything else.
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            JsonKind::Object(members) => members,
            _ => &[],
        }
    }

    /// The elements of an array; empty for anything else.
    pub fn items(&self) -> &[JsonValue] {
        match &self.kind {
            JsonKind::Array(items) => items,
            _ => &[],
        }
    }

    /// The decoded contents of a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            JsonKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The value of a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            JsonKind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self.kind, JsonKind::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self.kind, JsonKind::Array(_))
    }

    /// For a string, the range of its contents without the quotes, in `text` (the text this
    /// value was parsed from). An unclosed string has no closing quote to drop.
    pub fn content_range(&self, text: &str) -> Option<TextRange> {
        if !matches!(self.kind, JsonKind::String(_)) {
            return None;
        }
        let bytes = text.as_bytes();
        let (start, end) = (self.range.start as usize, self.range.end as usize);
        if end > bytes.len() || start >= end {
            return None;
        }
        let quote = bytes[start];
        let content_start = start + 1;
        let mut content_end = end;
        if end - start >= 2 && bytes[end - 1] == quote {
            // The last quote closes the string unless it is itself escaped.
            let backslashes = bytes[content_start..end - 1]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                content_end = end - 1;
            }
        }
        Some(TextRange::new(content_start, content_end))
    }
}

/// Deeper nesting than this is reported and skipped without recursion.
const MAX_DEPTH: u32 = 256;

/// Parses JSON with comments and trailing commas. Never fails, never panics.
pub fn parse(text: &str) -> Parsed {
    parse_keeping(text, true)
}

/// The syntax errors [`parse`] reports, without building the tree: for files checked for
/// their syntax only (a template compiled from a `.bicep` beside it, a parameters file with no
/// template), which are often the largest JSON files of a project.
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    parse_keeping(text, false).errors
}

fn parse_keeping(text: &str, keep: bool) -> Parsed {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        errors: Errors::new(),
        open_objects: 0,
        open_arrays: 0,
        keep,
    };
    if text.starts_with('\u{FEFF}') {
        p.pos = 3;
    }
    p.trivia();
    if p.at_end() {
        return Parsed {
            value: None,
            errors: p.errors.finish(),
        };
    }
    let value = p.value(0);
    p.trivia();
    if !p.at_end() {
        // One error for the rest: an extra closing bracket ended the document early, or a
        // second document follows. The tree is the first value.
        let start = p.pos;
        let end = start + text[start..].trim_end().len();
        p.error(
            TextRange::new(start, end.max(start)),
            "unexpected text after the top-level value",
        );
    }
    Parsed {
        value: Some(value),
        errors: p.errors.finish(),
    }
}

/// Whether any of the eight bytes of `word` is one that stops the string scanner
/// ([`STRING_STOP`]): the classic test for a zero byte in `word ^ (byte * 0x01..01)`, which
/// never misses one.
fn stops_string(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |b: u8| {
        let x = word ^ (u64::from(b) * ONES);
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    has(b'"') || has(b'\\') || has(b'\n') || has(b'\r')
}

/// Bytes at which the string scanner stops: quote, backslash, line breaks.
static STRING_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'-' || b == b'.' || b == b'+'
}

fn starts_value(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'{' | b'[' | b'-' | b'0'..=b'9') || b.is_ascii_alphabetic()
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    errors: Errors,
    /// Objects and arrays currently open, to tell whether a stray closing bracket belongs to an
    /// enclosing container.
    open_objects: u32,
    open_arrays: u32,
    /// Whether to build the tree: without it, members, elements and strings without escapes
    /// are scanned and dropped (the errors are the same).
    keep: bool,
}

impl<'a> Parser<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(range, message);
    }

    /// Skips whitespace and comments.
    fn trivia(&mut self) {
        let bytes = self.bytes;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => {
                    self.pos += 1;
                    // Indentation: eight spaces at a time (templates are mostly indentation).
                    while bytes.get(self.pos..self.pos + 8) == Some(b"        ") {
                        self.pos += 8;
                    }
                }
                b'/' => match bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        self.pos = match memchr(b'\n', &bytes[self.pos..]) {
                            Some(i) => self.pos + i + 1,
                            None => bytes.len(),
                        };
                    }
                    Some(b'*') => {
                        let start = self.pos;
                        match find_comment_end(&bytes[self.pos + 2..]) {
                            Some(i) => self.pos += 2 + i + 2,
                            None => {
                                self.pos = bytes.len();
                                self.error(
                                    TextRange::new(start, start + 2),
                                    "unclosed comment: expected '*/'",
                                );
                            }
                        }
                    }
                    _ => break,
                },
                _ => {
                    // Other Unicode whitespace (no-break space, line separator...) is rare;
                    // accept it quietly as Newtonsoft does.
                    if b >= 0x80 {
                        if let Some(c) = self.text[self.pos..].chars().next() {
                            if c.is_whitespace() {
                                self.pos += c.len_utf8();
                                continue;
                            }
                        }
                    }
                    break;
                }
            }
        }
    }

    /// Parses one value at the current position (after trivia). Always returns a node; when
    /// nothing resembling a value is there, an empty [`JsonKind::Error`] node at the position.
    fn value(&mut self, depth: u32) -> JsonValue {
        let start = self.pos;
        let Some(b) = self.peek() else {
            self.error(TextRange::empty(start), "expected a value");
            return JsonValue {
                kind: JsonKind::Error,
                range: TextRange::empty(start),
            };
        };
        match b {
            b'{' | b'[' if depth >= MAX_DEPTH => {
                self.skip_balanced();
                let range = TextRange::new(start, self.pos);
                self.error(
                    TextRange::new(start, start + 1),
                    format!("nesting deeper than {MAX_DEPTH} levels is not supported"),
                );
                JsonValue {
                    kind: JsonKind::Error,
                    range,
                }
            }
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' | b'\'' => {
                let (s, range) = self.string();
                JsonValue {
                    kind: JsonKind::String(s),
                    range,
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            b',' | b':' | b'}' | b']' => {
                self.error(
                    TextRange::new(start, start + 1),
                    format!("expected a value, found '{}'", b as char),
                );
                JsonValue {
                    kind: JsonKind::Error,
                    range: TextRange::empty(start),
                }
            }
            _ if is_word_byte(b) => {
                let end = self.word_end();
                self.pos = end;
                let range = TextRange::new(start, end);
                let kind = match &self.text[start..end] {
                    "true" => JsonKind::Bool(true),
                    "false" => JsonKind::Bool(false),
                    "null" => JsonKind::Null,
                    word => {
                        let msg = format!(
                            "expected a value, found '{word}' (strings need double quotes)"
                        );
                        self.error(range, msg);
                        JsonKind::Error
                    }
                };
                JsonValue { kind, range }
            }
            _ => {
                let range = self.garbage();
                JsonValue {
                    kind: JsonKind::Error,
                    range,
                }
            }
        }
    }

    /// End of a run of word bytes (identifiers, numbers, keywords) from the current position.
    fn word_end(&self) -> usize {
        let mut end = self.pos;
        while end < self.bytes.len() && is_word_byte(self.bytes[end]) {
            end += 1;
        }
        end
    }

    /// Consumes a run of characters that start no token, reports it and returns its range.
    fn garbage(&mut self) -> TextRange {
        let start = self.pos;
        let mut end = start;
        while end < self.bytes.len() {
            let b = self.bytes[end];
            if matches!(
                b,
                b'{' | b'}'
                    | b'['
                    | b']'
                    | b','
                    | b':'
                    | b'"'
                    | b'\''
                    | b' '
                    | b'\t'
                    | b'\n'
                    | b'\r'
            ) || (b == b'/' && matches!(self.bytes.get(end + 1), Some(b'/') | Some(b'*')))
            {
                break;
            }
            end += 1;
        }
        // Always consume at least one whole character.
        if end == start {
            end = start + self.text[start..].chars().next().map_or(1, char::len_utf8);
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        self.pos = end;
        let range = TextRange::new(start, end);
        let snippet: String = self.text[start..end].chars().take(20).collect();
        self.error(range, format!("unexpected '{snippet}'"));
        range
    }

    /// Skips a value too deeply nested to parse: up to its matching bracket (or the end),
    /// without recursion.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'\'' => {
                    let errors = self.errors.checkpoint();
                    self.string();
                    self.errors.rollback(errors);
                }
                b'/' => {
                    let before = self.pos;
                    self.trivia();
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    fn object(&mut self, depth: u32) -> JsonValue {
        let start = self.pos;
        self.pos += 1; // '{'
        self.open_objects += 1;
        let mut members = Vec::new();
        // End of the last thing parsed inside, where a missing ',' or '}' belongs.
        let mut last_end = self.pos;
        let end = loop {
            self.trivia();
            let Some(b) = self.peek() else {
                self.error(
                    TextRange::new(start, start + 1),
                    "unclosed object: expected '}' before the end of the file",
                );
                break last_end;
            };
            // Where a member should start.
            let (key, key_range) = match b {
                b'}' => {
                    self.pos += 1;
                    break self.pos;
                }
                b'"' | b'\'' => self.string(),
                b',' => {
                    self.error(
                        TextRange::new(self.pos, self.pos + 1),
                        "expected a property name, found ','",
                    );
                    self.pos += 1;
                    continue;
                }
                b']' => {
                    if self.open_arrays > 0 {
                        self.error(
                            TextRange::new(self.pos, self.pos + 1),
                            "expected '}' to close the object before ']'",
                        );
                        break last_end;
                    }
                    self.error(TextRange::new(self.pos, self.pos + 1), "unmatched ']'");
                    self.pos += 1;
                    continue;
                }
                b'{' | b'[' => {
                    self.error(
                        TextRange::empty(self.pos),
                        "expected a property name in double quotes",
                    );
                    last_end = self.value(depth + 1).range.end as usize;
                    continue;
                }
                _ if is_word_byte(b) => {
                    let end = self.word_end();
                    let range = TextRange::new(self.pos, end);
                    self.error(range, "property names must be in double quotes");
                    let key = JsonStr::from(&self.text[self.pos..end]);
                    self.pos = end;
                    (key, range)
                }
                _ => {
                    last_end = self.garbage().end as usize;
                    continue;
                }
            };
            last_end = key_range.end as usize;
            self.trivia();
            let value = match self.peek() {
                Some(b':') => {
                    self.pos += 1;
                    self.trivia();
                    self.value(depth + 1)
                }
                Some(b) if starts_value(b) => {
                    self.error(
                        TextRange::empty(last_end),
                        "expected ':' after property name",
                    );
                    self.value(depth + 1)
                }
                _ => {
                    self.error(
                        TextRange::empty(last_end),
                        "expected ':' after property name",
                    );
                    JsonValue {
                        kind: JsonKind::Error,
                        range: TextRange::empty(last_end),
                    }
                }
            };
            last_end = last_end.max(value.range.end as usize);
            if self.keep {
                members.push(Member {
                    key,
                    key_range,
                    value,
                });
            }
            // After a member.
            self.trivia();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break self.pos;
                }
                None => {
                    self.error(
                        TextRange::new(start, start + 1),
                        "unclosed object: expected '}' before the end of the file",
                    );
                    break last_end;
                }
                Some(b']') if self.open_arrays > 0 => {
                    self.error(
                        TextRange::new(self.pos, self.pos + 1),
                        "expected ',' or '}' after object member, found ']'",
                    );
                    break last_end;
                }
                Some(b) if starts_value(b) => {
                    self.error(
                        TextRange::empty(last_end),
                        "expected ',' or '}' after object member",
                    );
                }
                Some(_) => {
                    // Garbage or a stray ']' or ':': report it and go on with the object.
                    let at = self.pos;
                    if matches!(self.peek(), Some(b']') | Some(b':')) {
                        self.pos += 1;
                        self.error(
                            TextRange::new(at, at + 1),
                            "expected ',' or '}' after object member",
                        );
                    } else {
                        self.garbage();
                    }
                }
            }
        };
        self.open_objects -= 1;
        JsonValue {
            kind: JsonKind::Object(members),
            range: TextRange::new(start, end),
        }
    }

    fn array(&mut self, depth: u32) -> JsonValue {
        let start = self.pos;
        self.pos += 1; // '['
        self.open_arrays += 1;
        let mut items = Vec::new();
        let mut last_end = self.pos;
        let end = loop {
            self.trivia();
            match self.peek() {
                None => {
                    self.error(
                        TextRange::new(start, start + 1),
                        "unclosed array: expected ']' before the end of the file",
                    );
                    break last_end;
                }
                Some(b']') => {
                    self.pos += 1;
                    break self.pos;
                }
                Some(b',') => {
                    self.error(
                        TextRange::new(self.pos, self.pos + 1),
                        "expected a value, found ','",
                    );
                    self.pos += 1;
                    continue;
                }
                Some(b'}') => {
                    if self.open_objects > 0 {
                        self.error(
                            TextRange::new(self.pos, self.pos + 1),
                            "expected ']' to close the array before '}'",
                        );
                        break last_end;
                    }
                    self.error(TextRange::new(self.pos, self.pos + 1), "unmatched '}'");
                    self.pos += 1;
                    continue;
                }
                Some(b':') => {
                    self.error(
                        TextRange::new(self.pos, self.pos + 1),
                        "unexpected ':' in an array",
                    );
                    self.pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            let before = self.pos;
            let item = self.value(depth + 1);
            if self.pos == before {
                // Nothing consumed (cannot happen for the bytes let through above, but never
                // loop without progress).
                self.pos += 1;
                continue;
            }
            last_end = item.range.end as usize;
            if self.keep {
                items.push(item);
            }
            self.trivia();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break self.pos;
                }
                None => {
                    self.error(
                        TextRange::new(start, start + 1),
                        "unclosed array: expected ']' before the end of the file",
                    );
                    break last_end;
                }
                Some(b'}') if self.open_objects > 0 => {
                    self.error(
                        TextRange::new(self.pos, self.pos + 1),
                        "expected ',' or ']' after array element, found '}'",
                    );
                    break last_end;
                }
                Some(b) if starts_value(b) => {
                    self.error(
                        TextRange::empty(last_end),
                        "expected ',' or ']' after array element",
                    );
                }
                Some(b'}') | Some(b':') => {
                    let at = self.pos;
                    self.pos += 1;
                    self.error(
                        TextRange::new(at, at + 1),
                        "expected ',' or ']' after array element",
                    );
                }
                Some(_) => {
                    self.garbage();
                }
            }
        };
        self.open_arrays -= 1;
        JsonValue {
            kind: JsonKind::Array(items),
            range: TextRange::new(start, end),
        }
    }

    /// Parses a string at the current position (`"` or, reported, `'`). Returns the decoded
    /// contents and the range, quotes included.
    fn string(&mut self) -> (JsonStr, TextRange) {
        let bytes = self.bytes;
        let start = self.pos;
        let quote = bytes[start];
        let content_start = start + 1;
        if quote == b'\'' {
            return self.single_quoted();
        }
        // Fast path: find the closing quote; no escapes means one copy.
        let mut i = content_start;
        let mut has_escape = false;
        let mut multiline = false;
        let close = loop {
            // Eight bytes at a time while none of them stops the scan, then byte by byte.
            while let Some(word) = bytes
                .get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
            {
                if stops_string(u64::from_le_bytes(word)) {
                    break;
                }
                i += 8;
            }
            while i < bytes.len() && !STRING_STOP[bytes[i] as usize] {
                i += 1;
            }
            match bytes.get(i) {
                Some(b'"') => break Some(i),
                Some(b'\\') => {
                    has_escape = true;
                    i += 2;
                }
                Some(_) => {
                    // A line break inside the string: a multi-line string if it closes
                    // before a token that can follow a string, else an unclosed string.
                    multiline = true;
                    break self.multiline_close(i);
                }
                None => break None,
            }
        };
        let (content_end, end) = match close {
            Some(c) => (c, c + 1),
            None => {
                let mut e = i.min(bytes.len());
                if let Some(nl) = bytes[content_start..e.max(content_start)]
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                {
                    e = content_start + nl;
                }
                while !self.text.is_char_boundary(e) {
                    e -= 1;
                }
                self.error(
                    TextRange::new(start, e),
                    "unclosed string: expected '\"' before the end of the line",
                );
                (e, e)
            }
        };
        self.pos = end;
        let range = TextRange::new(start, end);
        if multiline && close.is_some() {
            has_escape = bytes[content_start..content_end].contains(&b'\\');
        }
        let content = if has_escape {
            // Decoded even when the tree is not kept: decoding reports bad escapes.
            JsonStr::from(self.decode(content_start, content_end))
        } else if !self.keep {
            JsonStr::default()
        } else {
            JsonStr::from(&self.text[content_start..content_end])
        };
        (content, range)
    }

    /// From a line break at `nl` inside a string: the closing quote, if one follows before a
    /// token that can come after a string.
    fn multiline_close(&self, nl: usize) -> Option<usize> {
        let bytes = self.bytes;
        let mut i = nl;
        let close = loop {
            match bytes.get(i) {
                Some(b'"') => break i,
                Some(b'\\') => i += 2,
                Some(_) => i += 1,
                None => return None,
            }
        };
        let mut j = close + 1;
        loop {
            match bytes.get(j) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => j += 1,
                Some(b'/') if matches!(bytes.get(j + 1), Some(b'/') | Some(b'*')) => {
                    return if bytes.get(j + 1) == Some(&b'/') {
                        // A comment after the closing quote: the following token decides.
                        let nl = memchr(b'\n', &bytes[j..]).map_or(bytes.len(), |k| j + k);
                        let mut k = nl;
                        while matches!(bytes.get(k), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                            k += 1;
                        }
                        matches!(bytes.get(k), None | Some(b':' | b',' | b'}' | b']'))
                            .then_some(close)
                    } else {
                        Some(close)
                    };
                }
                None | Some(b':' | b',' | b'}' | b']') => return Some(close),
                Some(_) => return None,
            }
        }
    }

    /// A single-quoted string: not JSON; reported, and kept as a string.
    fn single_quoted(&mut self) -> (JsonStr, TextRange) {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start + 1;
        while i < bytes.len() && !matches!(bytes[i], b'\'' | b'\n' | b'\r') {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        let i = i.min(bytes.len());
        let mut content_end = i;
        while !self.text.is_char_boundary(content_end) {
            content_end -= 1;
        }
        let end = if bytes.get(i) == Some(&b'\'') {
            i + 1
        } else {
            content_end
        };
        self.pos = end;
        let range = TextRange::new(start, end);
        self.error(range, "strings must be in double quotes");
        (JsonStr::from(self.decode(start + 1, content_end)), range)
    }

    /// Decodes the escapes of the string contents `start..end`.
    fn decode(&mut self, start: usize, end: usize) -> String {
        let text = self.text;
        // Escapes never read past the end of the contents.
        let bytes = &self.bytes[..end];
        let mut out = String::with_capacity(end - start);
        let mut i = start;
        let mut run = start;
        while i < end {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            out.push_str(&text[run..i]);
            let esc_start = i;
            let Some(c) = text.get(i + 1..end).and_then(|t| t.chars().next()) else {
                // A trailing backslash (unclosed string): keep it.
                out.push('\\');
                i += 1;
                run = i;
                continue;
            };
            i += 1 + c.len_utf8();
            match c {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                '\'' => out.push('\''),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => match hex4(bytes, i) {
                    Some(hi) => {
                        i += 4;
                        if (0xD800..0xDC00).contains(&hi) {
                            // A high surrogate: a low one should follow as \uXXXX.
                            let lo = (bytes.get(i) == Some(&b'\\')
                                && bytes.get(i + 1) == Some(&b'u'))
                            .then(|| hex4(bytes, i + 2))
                            .flatten()
                            .filter(|lo| (0xDC00..0xE000).contains(lo));
                            match lo {
                                Some(lo) => {
                                    i += 6;
                                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                                }
                                None => out.push('\u{FFFD}'),
                            }
                        } else {
                            out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                        }
                    }
                    None => {
                        self.error(
                            TextRange::new(esc_start, i.min(end)),
                            "invalid unicode escape: expected 4 hex digits after '\\u'",
                        );
                        out.push('\u{FFFD}');
                    }
                },
                other => {
                    if other == '\n' || other == '\r' {
                        // A backslash-newline in a multi-line string: keep both.
                        out.push('\\');
                        out.push(other);
                    } else {
                        self.error(
                            TextRange::new(esc_start, i),
                            format!("invalid escape sequence '\\{other}'"),
                        );
                        out.push(other);
                    }
                }
            }
            run = i.min(end);
        }
        if run < end {
            out.push_str(&text[run..end]);
        }
        out
    }

    fn number(&mut self) -> JsonValue {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = bytes[i] == b'-';
        if negative {
            i += 1;
        }
        let int_start = i;
        let mut int_value: u64 = 0;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            int_value = int_value
                .wrapping_mul(10)
                .wrapping_add(u64::from(bytes[i] - b'0'));
            i += 1;
        }
        let int_digits = i - int_start;
        let mut simple = int_digits > 0 && int_digits <= 15;
        let mut valid = int_digits > 0;
        if bytes.get(i) == Some(&b'.') {
            simple = false;
            i += 1;
            let frac_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            valid &= i > frac_start;
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            simple = false;
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let exp_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            valid &= i > exp_start;
        }
        // Letters glued to the number make it something else (`12abc`, `0x1F`).
        if i < bytes.len() && is_word_byte(bytes[i]) {
            valid = false;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
        }
        self.pos = i;
        let range = TextRange::new(start, i);
        if !valid {
            let snippet: String = self.text[start..i].chars().take(30).collect();
            self.error(range, format!("invalid number '{snippet}'"));
            return JsonValue {
                kind: JsonKind::Error,
                range,
            };
        }
        let n = if simple {
            let v = int_value as f64;
            if negative {
                -v
            } else {
                v
            }
        } else {
            self.text[start..i].parse::<f64>().unwrap_or(f64::NAN)
        };
        JsonValue {
            kind: JsonKind::Number(n),
            range,
        }
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits.iter().try_fold(0u32, |acc, &b| {
        let d = (b as char).to_digit(16)?;
        Some(acc * 16 + d)
    })
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Offset of `*/` in `bytes`.
fn find_comment_end(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"*/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> JsonValue {
        let parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
        parsed.value.expect("a value")
    }

    fn errors(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let errors = parse(text).errors;
        // Without the tree, the same errors.
        assert_eq!(syntax_errors(text), errors, "{text:?}");
        errors
            .into_iter()
            .map(|e| (e.message, e.range.as_range()))
            .collect()
    }

    #[test]
    fn the_eight_byte_string_scan_stops_where_the_byte_scan_does() {
        for stop in [b'"', b'\\', b'\n', b'\r'] {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = stop;
                assert!(stops_string(u64::from_le_bytes(word)), "{stop} at {at}");
            }
        }
        for word in [
            *b"abcdefgh",
            *b"        ",
            [0x80, 0xff, 0x21, 0x23, 0x5b, 0x5d, 0x09, 0x0b],
        ] {
            assert!(!stops_string(u64::from_le_bytes(word)), "{word:?}");
        }
        // Strings longer than eight bytes, with each stop byte at every position.
        for stop in ["\\\"", "\n"] {
            for at in 0..20 {
                let body: String = "x".repeat(at) + stop + &"y".repeat(20 - at);
                let text = format!("[\"{body}\", 1]");
                assert_eq!(syntax_errors(&text), parse(&text).errors, "{text:?}");
                let v = parse(&text);
                if stop == "\\\"" {
                    assert_eq!(
                        v.value.unwrap().items()[0].as_str().unwrap(),
                        "x".repeat(at) + "\"" + &"y".repeat(20 - at)
                    );
                }
            }
        }
    }

    #[test]
    fn scalars_and_ranges() {
        let v = ok(r#" {"a": 1, "b": [true, false, null, -2.5e1, "x"]} "#);
        assert_eq!(v.range, TextRange::new(1, 48));
        let a = v.member("a").unwrap();
        assert_eq!(a.key, "a");
        assert_eq!(a.key_range, TextRange::new(2, 5));
        assert_eq!(a.value.kind, JsonKind::Number(1.0));
        let b = v.get("B").unwrap().items();
        assert_eq!(b[0].kind, JsonKind::Bool(true));
        assert_eq!(b[1].kind, JsonKind::Bool(false));
        assert_eq!(b[2].kind, JsonKind::Null);
        assert_eq!(b[3].kind, JsonKind::Number(-25.0));
        assert_eq!(b[4].as_str(), Some("x"));
        assert_eq!(b[4].range, TextRange::new(43, 46));
    }

    #[test]
    fn numbers() {
        for (text, n) in [
            ("0", 0.0),
            ("-0", 0.0),
            ("123456789012345", 123456789012345.0),
            ("12345678901234567890", 12345678901234567890.0),
            ("1.5", 1.5),
            ("1E3", 1000.0),
            ("2e-2", 0.02),
        ] {
            assert_eq!(ok(text).as_f64(), Some(n), "{text}");
        }
        for bad in ["1.", "-", "1e", "0x1F", "12abc"] {
            let p = parse(bad);
            assert_eq!(p.errors.len(), 1, "{bad}: {:?}", p.errors);
            assert!(p.errors[0].message.starts_with("invalid number"), "{bad}");
        }
    }

    #[test]
    fn comments_and_trailing_commas() {
        let text = "// head\n{ /* a */ \"a\": [1, 2, /* x */ ], // tail\n \"b\": {\"c\": 1,},\n}\n/* end */";
        let v = ok(text);
        assert_eq!(v.get("a").unwrap().items().len(), 2);
        assert_eq!(v.path(&["b", "c"]).unwrap().as_f64(), Some(1.0));
    }

    #[test]
    fn bom_is_skipped_and_ranges_stay_byte_offsets() {
        let v = ok("\u{FEFF}{\"a\": \"b\"}");
        assert_eq!(v.range, TextRange::new(3, 13));
    }

    #[test]
    fn escapes() {
        let text = r#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\ud83d\ude00\u20AC""#;
        assert_eq!(ok(text).as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\tAé😀€"));
        // A lone surrogate becomes U+FFFD.
        assert_eq!(ok(r#""x\ud800y""#).as_str(), Some("x\u{FFFD}y"));
        assert_eq!(ok(r#""\udc00""#).as_str(), Some("\u{FFFD}"));
        let errs = errors(r#""\q\u12""#);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].0, "invalid escape sequence '\\q'");
        assert_eq!(errs[0].1, 1..3);
        assert!(errs[1].0.starts_with("invalid unicode escape"));
        // Non-ASCII text and escapes next to it.
        assert_eq!(ok(r#""é\"ü""#).as_str(), Some("é\"ü"));
        let p = parse("\"\\é\"");
        assert_eq!(p.value.unwrap().as_str(), Some("é"));
    }

    #[test]
    fn content_range() {
        let text = r#"{"a": "xy", "b": "q\"", "c": 1}"#;
        let v = ok(text);
        let r = v.get("a").unwrap().content_range(text).unwrap();
        assert_eq!(&text[r.as_range()], "xy");
        let r = v.get("b").unwrap().content_range(text).unwrap();
        assert_eq!(&text[r.as_range()], "q\\\"");
        assert_eq!(v.get("c").unwrap().content_range(text), None);
        let text = "[\"ab\n]";
        let v = parse(text).value.unwrap();
        let r = v.items()[0].content_range(text).unwrap();
        assert_eq!(&text[r.as_range()], "ab");
    }

    #[test]
    fn missing_comma_between_members() {
        let text = "{\"a\": 1\n \"b\": 2}";
        let p = parse(text);
        assert_eq!(
            p.errors
                .iter()
                .map(|e| (e.message.as_str(), e.range.as_range()))
                .collect::<Vec<_>>(),
            vec![("expected ',' or '}' after object member", 7..7)]
        );
        let v = p.value.unwrap();
        assert_eq!(v.members().len(), 2);
        assert_eq!(v.get("b").unwrap().as_f64(), Some(2.0));
    }

    #[test]
    fn missing_comma_between_elements() {
        let p = parse("[1 2 \"x\"]");
        assert_eq!(p.errors.len(), 2);
        assert_eq!(
            p.errors[0].message,
            "expected ',' or ']' after array element"
        );
        assert_eq!(p.errors[0].range.as_range(), 2..2);
        assert_eq!(p.value.unwrap().items().len(), 3);
    }

    #[test]
    fn missing_colon() {
        let p = parse("{\"a\" 1, \"b\", \"c\": 3}");
        let msgs: Vec<_> = p.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "expected ':' after property name",
                "expected ':' after property name"
            ]
        );
        let v = p.value.unwrap();
        assert_eq!(v.get("a").unwrap().as_f64(), Some(1.0));
        assert_eq!(v.get("b").unwrap().kind, JsonKind::Error);
        assert_eq!(v.get("c").unwrap().as_f64(), Some(3.0));
    }

    #[test]
    fn unclosed_string_ends_at_line_end() {
        let text = "{\n  \"a\": \"westus,\n  \"b\": \"x\"\n}";
        let p = parse(text);
        assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
        assert_eq!(
            p.errors[0].message,
            "unclosed string: expected '\"' before the end of the line"
        );
        assert_eq!(&text[p.errors[0].range.as_range()], "\"westus,");
        assert_eq!(
            p.errors[1].message,
            "expected ',' or '}' after object member"
        );
        let v = p.value.unwrap();
        assert_eq!(v.get("a").unwrap().as_str(), Some("westus,"));
        assert_eq!(v.get("b").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn multiline_strings_are_accepted() {
        let text = "{\"location\": \"[\n  parameters('location')\n]\", \"b\": 1}";
        let v = ok(text);
        assert_eq!(
            v.get("location").unwrap().as_str(),
            Some("[\n  parameters('location')\n]")
        );
        assert_eq!(v.get("b").unwrap().as_f64(), Some(1.0));
    }

    #[test]
    fn unclosed_containers_keep_what_parsed() {
        let text = "{\"a\": {\"b\": [1, 2";
        let p = parse(text);
        let msgs: Vec<_> = p
            .errors
            .iter()
            .map(|e| (e.message.as_str(), e.range.as_range()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (
                    "unclosed array: expected ']' before the end of the file",
                    12..13
                ),
                (
                    "unclosed object: expected '}' before the end of the file",
                    6..7
                ),
                (
                    "unclosed object: expected '}' before the end of the file",
                    0..1
                ),
            ]
        );
        let v = p.value.unwrap();
        assert_eq!(v.range, TextRange::new(0, text.len()));
        assert_eq!(v.path(&["a", "b"]).unwrap().items().len(), 2);
    }

    #[test]
    fn mismatched_closers() {
        // An object closed by the enclosing array's bracket.
        let p = parse("[{\"a\": 1]");
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(
            p.errors[0].message,
            "expected ',' or '}' after object member, found ']'"
        );
        let v = p.value.unwrap();
        assert_eq!(v.items()[0].get("a").unwrap().as_f64(), Some(1.0));
        // An array closed by the enclosing object's brace.
        assert_eq!(v.range.end, 9);
        let p = parse("{\"a\": [1, 2}");
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(
            p.errors[0].message,
            "expected ',' or ']' after array element, found '}'"
        );
        assert_eq!(p.errors[0].range.as_range(), 11..12);
        let v = p.value.unwrap();
        assert_eq!(v.range.as_range(), 0..12);
        assert_eq!(v.get("a").unwrap().items().len(), 2);
        assert_eq!(v.get("a").unwrap().range.as_range(), 6..11);
        // A stray closer at top level.
        let p = parse("{}} ");
        assert_eq!(
            p.errors[0].message,
            "unexpected text after the top-level value"
        );
        assert_eq!(p.errors[0].range.as_range(), 2..3);
    }

    #[test]
    fn half_typed_member() {
        let p = parse("{\"a\": 1, \"loc");
        assert!(p
            .errors
            .iter()
            .any(|e| e.message.starts_with("unclosed string")));
        let v = p.value.unwrap();
        assert_eq!(v.get("a").unwrap().as_f64(), Some(1.0));
        assert_eq!(v.members()[1].key, "loc");
        let p = parse("{\"a\": ");
        assert_eq!(p.errors[0].message, "expected a value");
        assert_eq!(p.errors[0].range.as_range(), 6..6);
        assert_eq!(p.value.unwrap().get("a").unwrap().kind, JsonKind::Error);
    }

    #[test]
    fn unquoted_keys_and_single_quotes_are_reported_but_kept() {
        let p = parse("{name: 'x', \"b\": westus}");
        let msgs: Vec<_> = p.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "property names must be in double quotes",
                "strings must be in double quotes",
                "expected a value, found 'westus' (strings need double quotes)"
            ]
        );
        let v = p.value.unwrap();
        assert_eq!(v.get("name").unwrap().as_str(), Some("x"));
        assert_eq!(v.get("b").unwrap().kind, JsonKind::Error);
    }

    #[test]
    fn unclosed_comment() {
        let p = parse("{\"a\": 1 /* no end");
        assert_eq!(p.errors[0].message, "unclosed comment: expected '*/'");
        assert_eq!(p.errors[0].range.as_range(), 8..10);
    }

    #[test]
    fn empty_and_trailing_text() {
        let p = parse("  \n");
        assert!(p.value.is_none() && p.errors.is_empty());
        let p = parse("{} {}");
        assert_eq!(
            p.errors[0].message,
            "unexpected text after the top-level value"
        );
        assert_eq!(p.errors[0].range.as_range(), 3..5);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let p = parse(&text);
        assert!(p
            .errors
            .iter()
            .any(|e| e.message.contains("nesting deeper")));
        let text = "{\"a\":".repeat(50_000);
        let p = parse(&text);
        assert!(!p.errors.is_empty());
    }

    #[test]
    fn garbage_never_panics_or_hangs() {
        let samples: &[&[u8]] = &[
            b"\x00\x01\x02{[",
            b"}}}]]]",
            b"{\"a\"::::,,,}",
            b"[,,,]",
            b"{\"\\",
            b"\"\\u",
            b"\"\\ud83d\\u",
            b"{'a",
            b"/",
            b"/*",
            b"-",
            b"{\"a\": tru",
            b"[1 2 3 } ] ] }",
            b"{\"a\": [}, \"b\": {]}",
            b"\xef\xbb\xbf",
            b"\"\n\"\n\"",
            b"@#%^&*()",
            "{\"é\": 'ü\\é".as_bytes(),
            "\u{a0}{\u{2028}}".as_bytes(),
        ];
        for s in samples {
            let text = String::from_utf8_lossy(s);
            for end in 0..=text.len() {
                if text.is_char_boundary(end) {
                    let _ = parse(&text[..end]);
                }
            }
        }
        // Every byte value, in every structural position.
        for b in 0u8..=255 {
            let c = char::from(b);
            for template in [
                "{X}",
                "[X]",
                "{\"a\"X1}",
                "{\"a\":X}",
                "\"X\"",
                "X",
                "[1X2]",
            ] {
                let _ = parse(&template.replace('X', &c.to_string()));
            }
        }
    }

    #[test]
    fn ranges_are_inside_the_text_and_on_char_boundaries() {
        let inputs = [
            "{\"é\": \"ü",
            "{é}",
            "[\"a\\",
            "{\"a\": 'é",
            "€€€",
            "{\"a\" \"é\"}",
        ];
        for text in inputs {
            let p = parse(text);
            let mut stack: Vec<&JsonValue> = p.value.iter().collect();
            for e in &p.errors {
                assert!(e.range.end as usize <= text.len(), "{text:?}: {e:?}");
                assert!(
                    text.is_char_boundary(e.range.start as usize),
                    "{text:?}: {e:?}"
                );
                assert!(
                    text.is_char_boundary(e.range.end as usize),
                    "{text:?}: {e:?}"
                );
            }
            while let Some(v) = stack.pop() {
                assert!(v.range.start <= v.range.end && v.range.end as usize <= text.len());
                assert!(text.is_char_boundary(v.range.start as usize));
                assert!(text.is_char_boundary(v.range.end as usize));
                stack.extend(v.items());
                stack.extend(v.members().iter().map(|m| &m.value));
            }
        }
    }
}
