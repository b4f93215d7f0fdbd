//! The Bicep lexer: tokens with byte ranges. Comments, `#disable-next-line` pragmas and
//! spaces are trivia; line breaks are tokens (they end statements and object members).
//! Interpolated strings are split as Bicep's own lexer does: `'a${` (start), `}b${` (middle),
//! `}c'` (end), with the tokens of each hole between them.

use crate::syntax::{Errors, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum T {
    Ident,
    Num,
    /// A whole string without holes.
    Str,
    StrStart,
    StrMid,
    StrEnd,
    /// `'''...'''`.
    MultiStr,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    LParen,
    RParen,
    Comma,
    Dot,
    /// `.?`
    DotQ,
    Colon,
    ColonColon,
    Semi,
    Question,
    /// `??`
    QQ,
    Bang,
    Assign,
    EqEq,
    Ne,
    /// `=~`
    EqI,
    /// `!~`
    NeI,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    AndAnd,
    OrOr,
    Arrow,
    At,
    Ellipsis,
    Pipe,
    Amp,
    NewLine,
    /// A character that starts no token.
    Bad,
    Eof,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub kind: T,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> TextRange {
        TextRange {
            start: self.start,
            end: self.end,
        }
    }
}

/// How a string segment ended.
enum StrEnd {
    Quote,
    Hole,
    Unterminated,
}

pub(super) fn lex(text: &str, errors: &mut Errors) -> Vec<Token> {
    let b = text.as_bytes();
    let mut toks: Vec<Token> = Vec::with_capacity(b.len() / 4 + 1);
    // Brace depth inside each open interpolation hole, innermost last.
    let mut holes: Vec<u32> = Vec::new();
    let mut i = 0usize;
    let mut line_start = true;
    let push = |toks: &mut Vec<Token>, kind: T, s: usize, e: usize| {
        toks.push(Token {
            kind,
            start: s as u32,
            end: e as u32,
        })
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | 0x0c => {
                i += 1;
                continue;
            }
            b'\n' => {
                if !matches!(toks.last(), Some(t) if t.kind == T::NewLine) {
                    push(&mut toks, T::NewLine, i, i + 1);
                }
                i += 1;
                line_start = true;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                loop {
                    if i + 1 >= b.len() {
                        errors.push(
                            TextRange::new(start, b.len()),
                            "unterminated comment: expected '*/'",
                        );
                        i = b.len();
                        break;
                    }
                    if b[i] == b'*' && b[i + 1] == b'/' {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'#' if line_start => {
                // `#disable-next-line`, `#disable-diagnostics`, `#restore-diagnostics`.
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        line_start = false;
        let s = i;
        let two = |x: u8| b.get(i + 1) == Some(&x);
        let (kind, len) = match c {
            b'\'' => {
                if b.get(i + 1) == Some(&b'\'') && b.get(i + 2) == Some(&b'\'') {
                    let body = i + 3;
                    match text[body..].find("'''") {
                        Some(e) => {
                            // Quotes right before the closing ones belong to the content.
                            let mut end = body + e + 3;
                            while b.get(end) == Some(&b'\'') {
                                end += 1;
                            }
                            push(&mut toks, T::MultiStr, s, end);
                            i = end;
                        }
                        None => {
                            errors.push(
                                TextRange::new(s, b.len()),
                                "unterminated multi-line string: expected '''",
                            );
                            push(&mut toks, T::MultiStr, s, b.len());
                            i = b.len();
                        }
                    }
                    continue;
                }
                let (end, how) = scan_string(b, i + 1);
                match how {
                    StrEnd::Quote => push(&mut toks, T::Str, s, end),
                    StrEnd::Hole => {
                        push(&mut toks, T::StrStart, s, end);
                        holes.push(0);
                    }
                    StrEnd::Unterminated => {
                        errors.push(TextRange::new(s, end), "unterminated string: expected '");
                        push(&mut toks, T::Str, s, end);
                    }
                }
                i = end;
                continue;
            }
            b'}' if holes.last() == Some(&0) => {
                let (end, how) = scan_string(b, i + 1);
                match how {
                    StrEnd::Quote => {
                        holes.pop();
                        push(&mut toks, T::StrEnd, s, end);
                    }
                    StrEnd::Hole => push(&mut toks, T::StrMid, s, end),
                    StrEnd::Unterminated => {
                        holes.pop();
                        errors.push(TextRange::new(s, end), "unterminated string: expected '");
                        push(&mut toks, T::StrEnd, s, end);
                    }
                }
                i = end;
                continue;
            }
            b'{' => {
                if let Some(d) = holes.last_mut() {
                    *d += 1;
                }
                (T::LBrace, 1)
            }
            b'}' => {
                if let Some(d) = holes.last_mut() {
                    *d -= 1;
                }
                (T::RBrace, 1)
            }
            b'[' => (T::LBrack, 1),
            b']' => (T::RBrack, 1),
            b'(' => (T::LParen, 1),
            b')' => (T::RParen, 1),
            b',' => (T::Comma, 1),
            b';' => (T::Semi, 1),
            b'@' => (T::At, 1),
            b'.' if two(b'.') && b.get(i + 2) == Some(&b'.') => (T::Ellipsis, 3),
            b'.' if two(b'?') => (T::DotQ, 2),
            b'.' => (T::Dot, 1),
            b':' if two(b':') => (T::ColonColon, 2),
            b':' => (T::Colon, 1),
            b'?' if two(b'?') => (T::QQ, 2),
            b'?' => (T::Question, 1),
            b'!' if two(b'=') => (T::Ne, 2),
            b'!' if two(b'~') => (T::NeI, 2),
            b'!' => (T::Bang, 1),
            b'=' if two(b'=') => (T::EqEq, 2),
            b'=' if two(b'~') => (T::EqI, 2),
            b'=' if two(b'>') => (T::Arrow, 2),
            b'=' => (T::Assign, 1),
            b'<' if two(b'=') => (T::Le, 2),
            b'<' => (T::Lt, 1),
            b'>' if two(b'=') => (T::Ge, 2),
            b'>' => (T::Gt, 1),
            b'+' => (T::Plus, 1),
            b'-' => (T::Minus, 1),
            b'*' => (T::Star, 1),
            b'/' => (T::Slash, 1),
            b'%' => (T::Percent, 1),
            b'&' if two(b'&') => (T::AndAnd, 2),
            b'&' => (T::Amp, 1),
            b'|' if two(b'|') => (T::OrOr, 2),
            b'|' => (T::Pipe, 1),
            b'0'..=b'9' => {
                let mut e = i + 1;
                while e < b.len() && b[e].is_ascii_digit() {
                    e += 1;
                }
                if e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
                    e += 1;
                    while e < b.len() && b[e].is_ascii_digit() {
                        e += 1;
                    }
                }
                (T::Num, e - i)
            }
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let mut e = i + 1;
                while e < b.len() && (b[e] == b'_' || b[e].is_ascii_alphanumeric()) {
                    e += 1;
                }
                (T::Ident, e - i)
            }
            _ => {
                // A run of characters that start no token is one token and one error (a file
                // of a million quotes is one mistake, not a million), whole characters.
                let first = text[i..].chars().next().map_or(1, char::len_utf8);
                let mut end = i + first;
                let mut count = 1usize;
                while let Some(ch) = text[end..].chars().next() {
                    if !starts_no_token(ch) {
                        break;
                    }
                    end += ch.len_utf8();
                    count += 1;
                }
                let shown = &text[i..i + first];
                let message = if count == 1 {
                    format!("unexpected character '{shown}'")
                } else {
                    format!("{count} unexpected characters, starting with '{shown}'")
                };
                errors.push(TextRange::new(i, end), message);
                (T::Bad, end - i)
            }
        };
        push(&mut toks, kind, s, s + len);
        i = s + len;
    }
    push(&mut toks, T::Eof, b.len(), b.len());
    toks
}

/// Whether `c` inside a line starts no token (so belongs to a run of bad characters).
fn starts_no_token(c: char) -> bool {
    !c.is_ascii_alphanumeric()
        && !matches!(
            c,
            ' ' | '\t'
                | '\r'
                | '\n'
                | '\x0c'
                | '_'
                | '/'
                | '\''
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | ','
                | ';'
                | '@'
                | '.'
                | ':'
                | '?'
                | '!'
                | '='
                | '<'
                | '>'
                | '+'
                | '-'
                | '*'
                | '%'
                | '&'
                | '|'
        )
}

/// Scans a string segment from `i` (after the opening quote or `}`): to after the closing
/// quote, after `${`, or to the end of the line when unterminated.
fn scan_string(b: &[u8], mut i: usize) -> (usize, StrEnd) {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\'' => return (i + 1, StrEnd::Quote),
            b'$' if b.get(i + 1) == Some(&b'{') => return (i + 2, StrEnd::Hole),
            b'\n' => return (i, StrEnd::Unterminated),
            _ => i += 1,
        }
    }
    (b.len(), StrEnd::Unterminated)
}

/// The value of a string segment's contents, and whether it is written unescaped.
pub(super) fn unescape(raw: &str) -> (String, bool) {
    if !raw.contains('\\') {
        return (raw.to_string(), true);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                // `\u{1F600}`
                let rest = chars.as_str();
                if let Some(body) = rest.strip_prefix('{') {
                    if let Some(close) = body.find('}') {
                        if let Some(ch) = u32::from_str_radix(&body[..close], 16)
                            .ok()
                            .and_then(char::from_u32)
                        {
                            out.push(ch);
                        }
                        chars = body[close + 1..].chars();
                        continue;
                    }
                }
                out.push('u');
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    (out, false)
}
