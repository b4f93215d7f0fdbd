//! The lexer and recursive-descent parser behind [`super::parse`].
//!
//! The lexer runs on demand at the parser's position, in one of two modes: newlines are tokens
//! in bodies and object constructors, and whitespace inside parentheses, brackets, calls,
//! interpolations and `for` expressions. Templates (quoted strings, heredocs) are scanned by the
//! parser itself, byte by byte, since their text is not made of tokens.
//!
//! Robustness: every loop consumes input or stops; nesting is bounded ([`MAX_DEPTH`],
//! [`MAX_CHAIN`]) so a hostile file cannot overflow the stack; errors are capped.

use super::{
    Attribute, BinaryOp, Block, Body, Call, Expr, ExprKind, ForExpr, Ident, Label, ObjectItem,
    Parsed, Structure, Template, TemplateKind, TemplatePart, UnaryOp,
};
use crate::syntax::{Errors, SyntaxError, TextRange};

/// Deepest nesting of expressions, templates and blocks; deeper text is skipped as one error.
const MAX_DEPTH: u32 = 64;
/// Longest chain of traversal steps or same-level binary operators built into the tree.
const MAX_CHAIN: usize = 64;

/// Names that open a top-level Terraform block. Seen at the start of a line inside a block or an
/// expression that is still open, they mean the file is half-typed: the open construct is closed
/// there, so the rest of the file still parses as it should.
const TOP_LEVEL_BLOCKS: &[&str] = &[
    "resource",
    "data",
    "variable",
    "locals",
    "module",
    "output",
    "provider",
    "terraform",
    "moved",
    "import",
    "check",
    "removed",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum T {
    Ident,
    Number,
    /// `"` opening a quoted template.
    Quote,
    /// `<<EOF` or `<<-EOF`.
    Heredoc,
    LBrace,
    RBrace,
    LBrack,
    RBrack,
    LParen,
    RParen,
    Eq,
    Colon,
    DColon,
    Comma,
    Dot,
    Ellipsis,
    Question,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqEq,
    NotEq,
    Lt,
    Gt,
    Le,
    Ge,
    And,
    Or,
    Arrow,
    Tilde,
    Newline,
    Eof,
    /// A character that starts no token.
    Unknown,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    t: T,
    start: usize,
    end: usize,
}

/// How a template's text ends and is decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TMode {
    /// Inside `"..."`: ends at `"` or at a newline; backslash escapes apply.
    Quoted,
    /// Heredoc lines or bare template text: ends at the window's end; no backslash escapes.
    Raw,
}

/// A directive that ended a run of template parts: `else`, `endif` or `endfor`.
struct Stop {
    keyword: &'static str,
    strip_right: bool,
}

pub(super) struct Parser<'s> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    /// End of the window being parsed (a heredoc's content while it is parsed).
    end: usize,
    errors: Errors,
    /// Whether newlines are tokens, innermost last.
    nl: Vec<bool>,
    depth: u32,
    /// The last token lexed: (position, newline mode, token).
    cache: Option<(usize, bool, Token)>,
    /// `<<-` heredoc being scanned: (content start, indentation to strip).
    dedent: Option<(usize, usize)>,
}

/// Parses a whole file.
pub(super) fn parse_file(text: &str) -> Parsed {
    let mut p = Parser::new(text);
    p.nl.push(true);
    let items = p.parse_body(None);
    Parsed {
        body: Body {
            items,
            range: TextRange::new(0, text.len()),
        },
        errors: p.finish(),
    }
}

/// Parses template text without delimiters (offsets relative to `text`).
pub(super) fn parse_bare_template(text: &str) -> (Expr, Vec<SyntaxError>) {
    let mut p = Parser::new(text);
    p.nl.push(false);
    let (parts, _) = p.template_parts(TMode::Raw, &[], false);
    let expr = Expr {
        kind: ExprKind::Template(Template {
            kind: TemplateKind::Bare,
            parts,
            content: TextRange::new(0, text.len()),
        }),
        range: TextRange::new(0, text.len()),
    };
    (expr, p.finish())
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c == '-' || c.is_alphanumeric()
}

impl<'s> Parser<'s> {
    fn new(src: &'s str) -> Self {
        Parser {
            src,
            b: src.as_bytes(),
            pos: 0,
            end: src.len(),
            errors: Errors::new(),
            nl: Vec::new(),
            depth: 0,
            cache: None,
            dedent: None,
        }
    }

    fn finish(mut self) -> Vec<SyntaxError> {
        self.errors.sort();
        self.errors.finish()
    }

    // ----- errors -------------------------------------------------------------------------

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors
            .push(TextRange::new(start, end.max(start)), message);
    }

    fn error_at(&mut self, tok: Token, message: impl Into<String>) {
        self.error(tok.start, tok.end, message);
    }

    fn describe(&self, tok: Token) -> String {
        match tok.t {
            T::Newline => "the end of the line".into(),
            T::Eof => "the end of the file".into(),
            T::Quote => "a string".into(),
            T::Heredoc => "a heredoc".into(),
            T::Number => format!("the number {}", &self.src[tok.start..tok.end]),
            _ => format!("'{}'", &self.src[tok.start..tok.end]),
        }
    }

    // ----- lexer --------------------------------------------------------------------------

    fn newlines(&self) -> bool {
        self.nl.last().copied().unwrap_or(true)
    }

    fn peek(&mut self) -> Token {
        let mode = self.newlines();
        if let Some((pos, m, tok)) = self.cache {
            if pos == self.pos && m == mode {
                return tok;
            }
        }
        let tok = self.lex(self.pos, mode);
        self.cache = Some((self.pos, mode, tok));
        tok
    }

    fn bump(&mut self) -> Token {
        let tok = self.peek();
        self.pos = tok.end;
        tok
    }

    /// The token after `tok`, in the current mode.
    fn peek_after(&mut self, tok: Token) -> Token {
        let mode = self.newlines();
        self.lex(tok.end, mode)
    }

    fn text(&self, tok: Token) -> &'s str {
        &self.src[tok.start..tok.end]
    }

    fn is_keyword(&self, tok: Token, word: &str) -> bool {
        tok.t == T::Ident && self.text(tok) == word
    }

    fn lex(&mut self, mut i: usize, newlines: bool) -> Token {
        let b = self.b;
        let end = self.end;
        if i == 0 && b.starts_with("\u{feff}".as_bytes()) {
            i = 3;
        }
        loop {
            if i >= end {
                return Token {
                    t: T::Eof,
                    start: end,
                    end,
                };
            }
            match b[i] {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\n' => {
                    if newlines {
                        return Token {
                            t: T::Newline,
                            start: i,
                            end: i + 1,
                        };
                    }
                    i += 1;
                }
                b'#' => i = self.line_end(i),
                b'/' if b.get(i + 1) == Some(&b'/') && i + 1 < end => i = self.line_end(i),
                b'/' if b.get(i + 1) == Some(&b'*') && i + 1 < end => {
                    match find(&b[i + 2..end], b"*/") {
                        Some(j) => i = i + 2 + j + 2,
                        None => {
                            self.error(i, i + 2, "unterminated comment: add '*/' to close it");
                            i = end;
                        }
                    }
                }
                _ => break,
            }
        }
        let start = i;
        let c = b[i];
        let at = |k: usize| if i + k < end { b[i + k] } else { 0 };
        let (t, len) = match c {
            b'"' => (T::Quote, 1),
            b'{' => (T::LBrace, 1),
            b'}' => (T::RBrace, 1),
            b'[' => (T::LBrack, 1),
            b']' => (T::RBrack, 1),
            b'(' => (T::LParen, 1),
            b')' => (T::RParen, 1),
            b',' => (T::Comma, 1),
            b'?' => (T::Question, 1),
            b'~' => (T::Tilde, 1),
            b'+' => (T::Plus, 1),
            b'-' => (T::Minus, 1),
            b'*' => (T::Star, 1),
            b'/' => (T::Slash, 1),
            b'%' => (T::Percent, 1),
            b'=' => match at(1) {
                b'=' => (T::EqEq, 2),
                b'>' => (T::Arrow, 2),
                _ => (T::Eq, 1),
            },
            b':' => match at(1) {
                b':' => (T::DColon, 2),
                _ => (T::Colon, 1),
            },
            b'.' => {
                if at(1) == b'.' && at(2) == b'.' {
                    (T::Ellipsis, 3)
                } else {
                    (T::Dot, 1)
                }
            }
            b'!' => match at(1) {
                b'=' => (T::NotEq, 2),
                _ => (T::Bang, 1),
            },
            b'>' => match at(1) {
                b'=' => (T::Ge, 2),
                _ => (T::Gt, 1),
            },
            b'&' if at(1) == b'&' => (T::And, 2),
            b'|' if at(1) == b'|' => (T::Or, 2),
            b'<' => {
                if at(1) == b'=' {
                    (T::Le, 2)
                } else if at(1) == b'<' {
                    let m = if at(2) == b'-' { 3 } else { 2 };
                    let rest = &self.src[(i + m).min(end)..end];
                    match rest.chars().next() {
                        Some(ch) if is_ident_start(ch) => {
                            let n = rest
                                .char_indices()
                                .find(|&(_, ch)| !is_ident_continue(ch))
                                .map_or(rest.len(), |(k, _)| k);
                            (T::Heredoc, m + n)
                        }
                        _ => (T::Lt, 1),
                    }
                } else {
                    (T::Lt, 1)
                }
            }
            b'0'..=b'9' => {
                let mut k = 1;
                while at(k).is_ascii_digit() {
                    k += 1;
                }
                if at(k) == b'.' && at(k + 1).is_ascii_digit() {
                    k += 2;
                    while at(k).is_ascii_digit() {
                        k += 1;
                    }
                }
                if matches!(at(k), b'e' | b'E') {
                    let sign = usize::from(matches!(at(k + 1), b'+' | b'-'));
                    if at(k + 1 + sign).is_ascii_digit() {
                        k += 2 + sign;
                        while at(k).is_ascii_digit() {
                            k += 1;
                        }
                    }
                }
                (T::Number, k)
            }
            _ => {
                let rest = &self.src[i..end];
                let ch = rest.chars().next().unwrap_or('\u{fffd}');
                if is_ident_start(ch) {
                    let n = rest
                        .char_indices()
                        .find(|&(_, ch)| !is_ident_continue(ch))
                        .map_or(rest.len(), |(k, _)| k);
                    (T::Ident, n)
                } else {
                    (T::Unknown, ch.len_utf8())
                }
            }
        };
        Token {
            t,
            start,
            end: (start + len).min(end),
        }
    }

    /// The position of the newline ending the line that contains `i` (or the window's end).
    fn line_end(&self, i: usize) -> usize {
        self.b[i..self.end]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.end, |k| i + k)
    }

    fn at_line_start(&self, i: usize) -> bool {
        i == 0 || self.b[i - 1] == b'\n'
    }

    /// `tok` opens a top-level block (`resource "x" "y" {` at column 0).
    fn is_top_level_header(&mut self, tok: Token) -> bool {
        if tok.t != T::Ident
            || !self.at_line_start(tok.start)
            || !TOP_LEVEL_BLOCKS.contains(&self.text(tok))
        {
            return false;
        }
        let next = self.lex(tok.end, true);
        matches!(next.t, T::Quote | T::LBrace)
    }

    // ----- bodies -------------------------------------------------------------------------

    /// Parses attributes and blocks until `}` (not consumed) when `block` names the enclosing
    /// block, or until the end of the window.
    fn parse_body(&mut self, block: Option<&str>) -> Vec<Structure> {
        let mut items = Vec::new();
        loop {
            let tok = self.peek();
            match tok.t {
                T::Newline => {
                    self.bump();
                }
                T::Eof => {
                    if let Some(name) = block {
                        self.error_at(tok, format!("expected '}}' to close the '{name}' block"));
                    }
                    break;
                }
                T::RBrace => {
                    if block.is_some() {
                        break;
                    }
                    self.error_at(tok, "unexpected '}': no block is open here");
                    self.bump();
                }
                T::Ident => {
                    if let Some(name) = block {
                        if self.is_top_level_header(tok) {
                            self.error(
                                tok.start,
                                tok.start,
                                format!(
                                    "expected '}}' to close the '{name}' block before the next \
                                     top-level block"
                                ),
                            );
                            break;
                        }
                    }
                    if let Some(item) = self.parse_structure() {
                        items.push(item);
                    }
                }
                _ => {
                    let what = self.describe(tok);
                    self.error_at(
                        tok,
                        format!("expected an attribute name or a block type, found {what}"),
                    );
                    self.skip_line();
                }
            }
        }
        items
    }

    /// An attribute or a block, at an identifier.
    fn parse_structure(&mut self) -> Option<Structure> {
        let name_tok = self.bump();
        let name = Ident {
            name: self.text(name_tok).to_string(),
            range: TextRange::new(name_tok.start, name_tok.end),
        };
        let next = self.peek();
        match next.t {
            T::Eq => {
                self.bump();
                let expr = self.parse_expr();
                let range =
                    TextRange::new(name_tok.start, expr.range.end.max(next.end as u32) as usize);
                self.expect_line_end("the attribute's value");
                Some(Structure::Attribute(Attribute { name, expr, range }))
            }
            T::Quote | T::Ident | T::LBrace => Some(Structure::Block(self.parse_block(name))),
            _ => {
                let what = self.describe(next);
                self.error_at(
                    next,
                    format!(
                        "expected '=' (attribute) or '{{' (block) after '{}', found {what}",
                        name.name
                    ),
                );
                self.skip_line();
                None
            }
        }
    }

    fn parse_block(&mut self, ident: Ident) -> Block {
        let mut labels = Vec::new();
        loop {
            let tok = self.peek();
            match tok.t {
                T::Quote => {
                    let expr = self.parse_quoted(tok);
                    let value = match &expr.kind {
                        ExprKind::Template(t) => match t.as_literal() {
                            Some((s, _)) => s.to_string(),
                            None => {
                                self.error(
                                    expr.range.start as usize,
                                    expr.range.end as usize,
                                    "a block label must be a plain string, without '${' or '%{'",
                                );
                                t.parts
                                    .iter()
                                    .filter_map(|p| match p {
                                        TemplatePart::Literal { value, .. } => Some(value.as_str()),
                                        _ => None,
                                    })
                                    .collect()
                            }
                        },
                        _ => String::new(),
                    };
                    labels.push(Label {
                        value,
                        range: expr.range,
                        quoted: true,
                    });
                }
                T::Ident => {
                    self.bump();
                    labels.push(Label {
                        value: self.text(tok).to_string(),
                        range: TextRange::new(tok.start, tok.end),
                        quoted: false,
                    });
                }
                _ => break,
            }
        }
        let header_end = labels.last().map_or(ident.range.end, |l| l.range.end) as usize;
        let open = self.peek();
        if open.t != T::LBrace {
            let what = self.describe(open);
            self.error_at(
                open,
                format!(
                    "expected '{{' to open the '{}' block, found {what}",
                    ident.name
                ),
            );
            self.skip_line();
            return Block {
                range: TextRange::new(ident.range.start as usize, header_end),
                body: Body {
                    items: Vec::new(),
                    range: TextRange::empty(header_end),
                },
                ident,
                labels,
            };
        }
        self.bump();
        let items = if self.depth >= MAX_DEPTH {
            self.error_at(open, "blocks are nested too deeply; this block is skipped");
            self.skip_balanced_from(1, T::RBrace);
            Vec::new()
        } else {
            self.depth += 1;
            self.nl.push(true);
            let items = self.parse_body(Some(&ident.name));
            self.nl.pop();
            self.depth -= 1;
            items
        };
        let close = self.peek();
        let end = if close.t == T::RBrace {
            self.bump();
            close.end
        } else {
            // Missing brace: reported by parse_body. The block ends where its body stopped.
            close.start.max(open.end)
        };
        if close.t == T::RBrace {
            self.expect_line_end("the block's closing '}'");
        }
        Block {
            range: TextRange::new(ident.range.start as usize, end),
            body: Body {
                items,
                range: TextRange::new(open.start, end),
            },
            ident,
            labels,
        }
    }

    /// After an attribute or a block: a newline, the end of the file, or the `}` closing a
    /// one-line block.
    fn expect_line_end(&mut self, after: &str) {
        let tok = self.peek();
        match tok.t {
            T::Newline => {
                self.bump();
            }
            T::Eof | T::RBrace => {}
            // An unclosed bracket before it was reported; the header starts the next block.
            T::Ident if self.is_top_level_header(tok) => {}
            _ => {
                let what = self.describe(tok);
                self.error_at(
                    tok,
                    format!("expected a newline after {after}, found {what}"),
                );
                self.skip_line();
            }
        }
    }

    /// Skips to the end of the line (consuming the newline), over balanced brackets and
    /// strings; stops before a `}` that closes the enclosing block and before a top-level
    /// block header.
    fn skip_line(&mut self) {
        self.nl.push(true);
        let mut depth = 0usize;
        loop {
            let tok = self.peek();
            match tok.t {
                T::Eof => break,
                T::Newline if depth == 0 => {
                    self.bump();
                    break;
                }
                T::RBrace | T::RBrack | T::RParen if depth == 0 => {
                    if tok.t == T::RBrace {
                        break;
                    }
                    self.bump();
                }
                T::RBrace | T::RBrack | T::RParen => {
                    depth -= 1;
                    self.bump();
                }
                T::LBrace | T::LBrack | T::LParen => {
                    depth += 1;
                    self.bump();
                }
                T::Quote | T::Heredoc => self.skip_template(tok),
                T::Ident if self.is_top_level_header(tok) => break,
                _ => {
                    self.bump();
                }
            }
        }
        self.nl.pop();
    }

    /// Skips a string or heredoc without reporting errors inside it.
    fn skip_template(&mut self, tok: Token) {
        let n = self.errors.checkpoint();
        let depth = self.depth;
        self.depth = MAX_DEPTH; // nothing nested is parsed: strings are scanned flat
        if tok.t == T::Quote {
            self.parse_quoted(tok);
        } else {
            self.parse_heredoc(tok);
        }
        self.depth = depth;
        self.errors.rollback(n);
    }

    /// Skips tokens until `depth` open brackets are closed (the last closer being `close`),
    /// the end of the window, or a top-level block header.
    fn skip_balanced_from(&mut self, mut depth: usize, close: T) {
        self.nl.push(false);
        while depth > 0 {
            let tok = self.peek();
            match tok.t {
                T::Eof => break,
                T::LBrace | T::LBrack | T::LParen => depth += 1,
                T::RBrace | T::RBrack | T::RParen => {
                    depth -= 1;
                    if depth == 0 && tok.t != close {
                        break;
                    }
                }
                T::Quote => {
                    self.skip_raw_string(tok);
                    continue;
                }
                T::Ident if self.is_top_level_header(tok) => break,
                _ => {}
            }
            self.bump();
        }
        self.nl.pop();
    }

    /// Skips a quoted string to its closing quote on the same line, without parsing it.
    fn skip_raw_string(&mut self, tok: Token) {
        let mut i = tok.end;
        while i < self.end {
            match self.b[i] {
                b'\\' => i += 2,
                b'"' => {
                    i += 1;
                    break;
                }
                b'\n' => break,
                _ => i += 1,
            }
        }
        self.pos = i.min(self.end);
    }

    // ----- expressions --------------------------------------------------------------------

    /// Parses an expression. Never consumes a newline that ends it.
    pub(super) fn parse_expr(&mut self) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.parse_conditional();
        self.depth -= 1;
        e
    }

    /// At the nesting limit: the next term is skipped whole and becomes one error.
    fn too_deep(&mut self) -> Expr {
        let tok = self.peek();
        match tok.t {
            T::LBrace | T::LBrack | T::LParen => {
                self.bump();
                let close = match tok.t {
                    T::LBrace => T::RBrace,
                    T::LBrack => T::RBrack,
                    _ => T::RParen,
                };
                self.skip_balanced_from(1, close);
            }
            T::Quote => self.skip_raw_string(tok),
            T::Newline | T::Eof | T::RBrace | T::RBrack | T::RParen => {}
            _ => {
                self.bump();
            }
        }
        let end = self.pos.max(tok.start);
        self.error(
            tok.start,
            end,
            "expression is nested too deeply to be parsed",
        );
        Expr {
            kind: ExprKind::Error,
            range: TextRange::new(tok.start, end),
        }
    }

    fn parse_conditional(&mut self) -> Expr {
        let cond = self.parse_binary(0);
        if self.peek().t != T::Question {
            return cond;
        }
        self.bump();
        let then = self.parse_expr();
        let colon = self.peek();
        let otherwise = if colon.t == T::Colon {
            self.bump();
            self.parse_expr()
        } else {
            let what = self.describe(colon);
            self.error_at(
                colon,
                format!("expected ':' and the false result of the conditional, found {what}"),
            );
            Expr {
                kind: ExprKind::Error,
                range: TextRange::empty(colon.start),
            }
        };
        let range = cond.range.cover(otherwise.range).cover(then.range);
        Expr {
            kind: ExprKind::Conditional {
                cond: Box::new(cond),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            },
            range,
        }
    }

    fn binary_op(t: T) -> Option<(BinaryOp, u8)> {
        Some(match t {
            T::Or => (BinaryOp::Or, 0),
            T::And => (BinaryOp::And, 1),
            T::EqEq => (BinaryOp::Eq, 2),
            T::NotEq => (BinaryOp::NotEq, 2),
            T::Lt => (BinaryOp::Lt, 3),
            T::Le => (BinaryOp::Le, 3),
            T::Gt => (BinaryOp::Gt, 3),
            T::Ge => (BinaryOp::Ge, 3),
            T::Plus => (BinaryOp::Add, 4),
            T::Minus => (BinaryOp::Sub, 4),
            T::Star => (BinaryOp::Mul, 5),
            T::Slash => (BinaryOp::Div, 5),
            T::Percent => (BinaryOp::Mod, 5),
            _ => return None,
        })
    }

    /// Precedence climbing: operators of the same level are left-associative.
    fn parse_binary(&mut self, min_prec: u8) -> Expr {
        let mut lhs = self.parse_unary();
        let mut chain = 0usize;
        loop {
            let tok = self.peek();
            let Some((op, prec)) = Self::binary_op(tok.t) else {
                break;
            };
            if prec < min_prec {
                break;
            }
            self.bump();
            let rhs = self.parse_binary(prec + 1);
            chain += 1;
            if chain > MAX_CHAIN {
                if chain == MAX_CHAIN + 1 {
                    self.error(
                        tok.start,
                        rhs.range.end as usize,
                        "too many operators in a row; the rest of this expression is ignored",
                    );
                }
                lhs.range = lhs.range.cover(rhs.range);
                continue;
            }
            let range = lhs.range.cover(rhs.range);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                range,
            };
        }
        lhs
    }

    fn parse_unary(&mut self) -> Expr {
        let tok = self.peek();
        let op = match tok.t {
            T::Minus => UnaryOp::Neg,
            T::Bang => UnaryOp::Not,
            _ => return self.parse_postfix(),
        };
        self.bump();
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let operand = self.parse_unary();
        self.depth -= 1;
        let range = TextRange::new(tok.start, operand.range.end as usize);
        Expr {
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            range,
        }
    }

    fn parse_postfix(&mut self) -> Expr {
        let term = self.parse_term();
        self.parse_traversals(term)
    }

    /// `.name`, `.0`, `.*`, `[*]`, `[key]` after a term.
    fn parse_traversals(&mut self, mut e: Expr) -> Expr {
        let mut steps = 0usize;
        loop {
            let tok = self.peek();
            match tok.t {
                T::Dot => {}
                T::LBrack => {}
                _ => break,
            }
            steps += 1;
            if steps > MAX_CHAIN {
                self.error_at(tok, "traversal is too long; the rest of it is ignored");
                // Consume the remaining steps flatly.
                while matches!(self.peek().t, T::Dot | T::LBrack) {
                    let t = self.bump();
                    if t.t == T::LBrack {
                        self.skip_balanced_from(1, T::RBrack);
                        if self.peek().t == T::RBrack {
                            self.bump();
                        }
                    } else if matches!(self.peek().t, T::Ident | T::Number | T::Star) {
                        self.bump();
                    }
                }
                e.range = TextRange::new(e.range.start as usize, self.pos);
                break;
            }
            if tok.t == T::Dot {
                self.bump();
                let name = self.peek();
                match name.t {
                    T::Ident => {
                        self.bump();
                        let range = TextRange::new(e.range.start as usize, name.end);
                        e = Expr {
                            kind: ExprKind::GetAttr {
                                target: Box::new(e),
                                name: Ident {
                                    name: self.text(name).to_string(),
                                    range: TextRange::new(name.start, name.end),
                                },
                            },
                            range,
                        };
                    }
                    T::Number => {
                        self.bump();
                        e = self.legacy_index(e, tok, name);
                    }
                    T::Star => {
                        self.bump();
                        e = self.attr_splat(e, tok, name);
                    }
                    _ => {
                        let what = self.describe(name);
                        self.error_at(
                            name,
                            format!("expected an attribute name after '.', found {what}"),
                        );
                        e.range = TextRange::new(e.range.start as usize, tok.end);
                        break;
                    }
                }
            } else {
                self.bump();
                self.nl.push(false);
                let star = self.peek();
                if star.t == T::Star && self.peek_after(star).t == T::RBrack {
                    self.bump();
                    let close = self.bump();
                    self.nl.pop();
                    let item = Expr {
                        kind: ExprKind::SplatItem,
                        range: TextRange::new(tok.start, close.end),
                    };
                    let each = if self.depth >= MAX_DEPTH {
                        self.error_at(tok, "too many splats in a row; the rest is ignored");
                        item
                    } else {
                        self.depth += 1;
                        let each = self.parse_traversals(item);
                        self.depth -= 1;
                        each
                    };
                    let range = TextRange::new(e.range.start as usize, each.range.end as usize);
                    e = Expr {
                        kind: ExprKind::Splat {
                            source: Box::new(e),
                            each: Box::new(each),
                            attr_only: false,
                        },
                        range,
                    };
                    // The splat took every following step.
                    break;
                }
                let key = self.parse_expr();
                let close = self.peek();
                let end = if close.t == T::RBrack {
                    self.bump();
                    close.end
                } else {
                    let what = self.describe(close);
                    self.error_at(
                        close,
                        format!("expected ']' to close the index, found {what}"),
                    );
                    key.range.end as usize
                };
                self.nl.pop();
                let range = TextRange::new(e.range.start as usize, end);
                e = Expr {
                    kind: ExprKind::Index {
                        target: Box::new(e),
                        key: Box::new(key),
                        legacy: false,
                    },
                    range,
                };
            }
        }
        e
    }

    /// `target.0` (inherited from HIL): an index.
    fn legacy_index(&mut self, target: Expr, dot: Token, num: Token) -> Expr {
        let text = self.text(num);
        if text.contains(['.', 'e', 'E']) {
            self.error_at(
                num,
                format!(
                    "legacy index syntax cannot chain two indexes: write [{}] instead",
                    text.replace('.', "][")
                ),
            );
        }
        let n = text
            .split(['.', 'e', 'E'])
            .next()
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
        let range = TextRange::new(target.range.start as usize, num.end);
        let _ = dot;
        Expr {
            kind: ExprKind::Index {
                target: Box::new(target),
                key: Box::new(Expr {
                    kind: ExprKind::Number(n),
                    range: TextRange::new(num.start, num.end),
                }),
                legacy: true,
            },
            range,
        }
    }

    /// `source.*.a.b`: an attribute-only splat takes the `.name` / `.N` steps that follow.
    fn attr_splat(&mut self, source: Expr, dot: Token, star: Token) -> Expr {
        let mut each = Expr {
            kind: ExprKind::SplatItem,
            range: TextRange::new(dot.start, star.end),
        };
        let mut steps = 0;
        loop {
            let d = self.peek();
            if d.t != T::Dot || steps >= MAX_CHAIN {
                break;
            }
            let name = self.peek_after(d);
            match name.t {
                T::Ident => {
                    self.bump();
                    self.bump();
                    let range = TextRange::new(each.range.start as usize, name.end);
                    each = Expr {
                        kind: ExprKind::GetAttr {
                            target: Box::new(each),
                            name: Ident {
                                name: self.text(name).to_string(),
                                range: TextRange::new(name.start, name.end),
                            },
                        },
                        range,
                    };
                }
                T::Number => {
                    self.bump();
                    self.bump();
                    each = self.legacy_index(each, d, name);
                }
                _ => break,
            }
            steps += 1;
        }
        let range = TextRange::new(source.range.start as usize, each.range.end as usize);
        Expr {
            kind: ExprKind::Splat {
                source: Box::new(source),
                each: Box::new(each),
                attr_only: true,
            },
            range,
        }
    }

    fn parse_term(&mut self) -> Expr {
        let tok = self.peek();
        let range = TextRange::new(tok.start, tok.end);
        match tok.t {
            T::Number => {
                self.bump();
                let n = self.text(tok).parse::<f64>().unwrap_or(f64::NAN);
                Expr {
                    kind: ExprKind::Number(n),
                    range,
                }
            }
            T::Ident => {
                self.bump();
                let next = self.peek();
                if next.t == T::LParen || next.t == T::DColon {
                    return self.parse_call(tok);
                }
                let kind = match self.text(tok) {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    name => ExprKind::Variable(name.to_string()),
                };
                Expr { kind, range }
            }
            T::Quote => self.parse_quoted(tok),
            T::Heredoc => self.parse_heredoc(tok),
            T::LParen => {
                self.bump();
                self.nl.push(false);
                let inner = self.parse_expr();
                let close = self.peek();
                let end = if close.t == T::RParen {
                    self.bump();
                    close.end
                } else {
                    let what = self.describe(close);
                    self.error_at(close, format!("expected ')' to close '(', found {what}"));
                    inner.range.end as usize
                };
                self.nl.pop();
                Expr {
                    kind: ExprKind::Parens(Box::new(inner)),
                    range: TextRange::new(tok.start, end),
                }
            }
            T::LBrack => self.parse_tuple(),
            T::LBrace => self.parse_object(),
            T::Unknown => {
                self.bump();
                let what = self.describe(tok);
                self.error_at(tok, format!("unexpected character {what}"));
                Expr {
                    kind: ExprKind::Error,
                    range,
                }
            }
            _ => {
                let what = self.describe(tok);
                self.error(
                    tok.start,
                    tok.end,
                    format!("expected an expression, found {what}"),
                );
                Expr {
                    kind: ExprKind::Error,
                    range: TextRange::empty(tok.start),
                }
            }
        }
    }

    /// `name(...)` or `provider::ns::name(...)`, after the first identifier.
    fn parse_call(&mut self, first: Token) -> Expr {
        let mut name_end = first.end;
        while self.peek().t == T::DColon {
            let dc = self.bump();
            let part = self.peek();
            if part.t != T::Ident {
                let what = self.describe(part);
                self.error_at(part, format!("expected a name after '::', found {what}"));
                name_end = dc.end;
                break;
            }
            self.bump();
            name_end = part.end;
        }
        let name = Ident {
            name: self.src[first.start..name_end].to_string(),
            range: TextRange::new(first.start, name_end),
        };
        let open = self.peek();
        if open.t != T::LParen {
            let what = self.describe(open);
            self.error_at(
                open,
                format!(
                    "expected '(' to call the function '{}', found {what}",
                    name.name
                ),
            );
            return Expr {
                kind: ExprKind::Error,
                range: name.range,
            };
        }
        self.bump();
        self.nl.push(false);
        let mut args = Vec::new();
        let mut expand_final = false;
        let end;
        loop {
            let tok = self.peek();
            if tok.t == T::RParen {
                self.bump();
                end = tok.end;
                break;
            }
            if let Some(stop) = self.list_stop(tok, "')' to close the call", &name.name) {
                end = stop;
                break;
            }
            let before = self.pos;
            let arg = self.parse_expr();
            let progressed = self.pos != before;
            args.push(arg);
            let sep = self.peek();
            match sep.t {
                T::Comma => {
                    self.bump();
                }
                T::RParen => {
                    self.bump();
                    end = sep.end;
                    break;
                }
                T::Ellipsis => {
                    self.bump();
                    expand_final = true;
                    let close = self.peek();
                    if close.t == T::RParen {
                        self.bump();
                        end = close.end;
                    } else {
                        let what = self.describe(close);
                        self.error_at(
                            close,
                            format!("expected ')' after '...' (it expands the last argument), found {what}"),
                        );
                        end = sep.end;
                    }
                    break;
                }
                _ if !progressed && !self.is_closer(sep) => {
                    self.bump();
                }
                _ => {
                    if progressed {
                        let what = self.describe(sep);
                        self.error_at(
                            sep,
                            format!(
                                "expected ',' or ')' in the arguments of '{}', found {what}",
                                name.name
                            ),
                        );
                    }
                    end = self.pos;
                    break;
                }
            }
        }
        self.nl.pop();
        Expr {
            kind: ExprKind::Call(Box::new(Call {
                name,
                args,
                expand_final,
            })),
            range: TextRange::new(first.start, end.max(first.end)),
        }
    }

    fn is_closer(&self, tok: Token) -> bool {
        matches!(
            tok.t,
            T::RBrace | T::RBrack | T::RParen | T::Eof | T::Newline
        )
    }

    /// In a list (tuple, call arguments): stops at the end of the file, at a closer of another
    /// kind, or at a top-level block header, with an error. Returns where the list ends.
    fn list_stop(&mut self, tok: Token, expected: &str, what_open: &str) -> Option<usize> {
        let stop = match tok.t {
            T::Eof | T::RBrace | T::RBrack | T::RParen => true,
            T::Ident => self.is_top_level_header(tok),
            _ => false,
        };
        if !stop {
            return None;
        }
        let found = self.describe(tok);
        self.error(
            tok.start,
            tok.start,
            format!("expected {expected} ({what_open}), found {found}"),
        );
        Some(tok.start)
    }

    fn parse_tuple(&mut self) -> Expr {
        let open = self.bump();
        self.nl.push(false);
        let first = self.peek();
        if self.is_keyword(first, "for") && self.peek_after(first).t == T::Ident {
            let e = self.parse_for(open, false);
            self.nl.pop();
            return e;
        }
        let mut items = Vec::new();
        let end;
        loop {
            let tok = self.peek();
            if tok.t == T::RBrack {
                self.bump();
                end = tok.end;
                break;
            }
            if let Some(stop) = self.list_stop(tok, "']' to close the list", "opened by '['") {
                end = stop;
                break;
            }
            let before = self.pos;
            let item = self.parse_expr();
            let progressed = self.pos != before;
            items.push(item);
            let sep = self.peek();
            match sep.t {
                T::Comma => {
                    self.bump();
                }
                T::RBrack => {
                    self.bump();
                    end = sep.end;
                    break;
                }
                _ if !progressed && !self.is_closer(sep) => {
                    self.bump();
                }
                _ => {
                    if progressed {
                        let what = self.describe(sep);
                        self.error(
                            sep.start,
                            sep.start,
                            format!("expected ',' or ']' in the list, found {what}"),
                        );
                    }
                    end = self.pos;
                    break;
                }
            }
        }
        self.nl.pop();
        Expr {
            kind: ExprKind::Tuple(items),
            range: TextRange::new(open.start, end.max(open.end)),
        }
    }

    fn parse_object(&mut self) -> Expr {
        let open = self.bump();
        self.nl.push(false);
        let first = self.peek();
        if self.is_keyword(first, "for") && self.peek_after(first).t == T::Ident {
            let e = self.parse_for(open, true);
            self.nl.pop();
            return e;
        }
        self.nl.pop();
        self.nl.push(true);
        let mut items = Vec::new();
        let end;
        loop {
            let tok = self.peek();
            match tok.t {
                T::Newline => {
                    self.bump();
                    continue;
                }
                T::RBrace => {
                    self.bump();
                    end = tok.end;
                    break;
                }
                _ => {}
            }
            if let Some(stop) = self.list_stop(tok, "'}' to close the object", "opened by '{'") {
                end = stop;
                break;
            }
            let before = self.pos;
            let key = self.parse_expr();
            let sep = self.peek();
            if !matches!(sep.t, T::Eq | T::Colon) {
                if self.pos == before {
                    // parse_term reported the token; skip it unless it ends the object.
                    if !self.is_closer(sep) || sep.t == T::Newline {
                        self.bump();
                    }
                    continue;
                }
                let what = self.describe(sep);
                self.error_at(
                    sep,
                    format!("expected '=' or ':' after the object key, found {what}"),
                );
                self.skip_object_item();
                continue;
            }
            self.bump();
            let value = self.parse_expr();
            items.push(ObjectItem { key, value });
            let sep = self.peek();
            match sep.t {
                T::Comma | T::Newline => {
                    self.bump();
                }
                T::RBrace => {
                    self.bump();
                    end = sep.end;
                    break;
                }
                T::Eof => {}
                _ => {
                    let what = self.describe(sep);
                    self.error_at(
                        sep,
                        format!("expected a newline or ',' after the object item, found {what}"),
                    );
                    self.skip_object_item();
                }
            }
        }
        self.nl.pop();
        Expr {
            kind: ExprKind::Object(items),
            range: TextRange::new(open.start, end.max(open.end)),
        }
    }

    /// Recovery inside an object: skips to the next newline or comma at this level (consumed),
    /// or to the `}` (not consumed).
    fn skip_object_item(&mut self) {
        let mut depth = 0usize;
        loop {
            let tok = self.peek();
            match tok.t {
                T::Eof => break,
                T::Newline | T::Comma if depth == 0 => {
                    self.bump();
                    break;
                }
                T::RBrace | T::RBrack | T::RParen if depth == 0 => break,
                T::RBrace | T::RBrack | T::RParen => depth -= 1,
                T::LBrace | T::LBrack | T::LParen => depth += 1,
                T::Quote | T::Heredoc => {
                    self.skip_template(tok);
                    continue;
                }
                T::Ident if self.is_top_level_header(tok) => break,
                _ => {}
            }
            self.bump();
        }
    }

    /// `for k, v in coll : [key =>] value [...] [if cond]` and the closing bracket; the opening
    /// bracket is consumed, newlines are off.
    fn parse_for(&mut self, open: Token, object: bool) -> Expr {
        let close_t = if object { T::RBrace } else { T::RBrack };
        let close_s = if object { "'}'" } else { "']'" };
        self.bump(); // for
        let ident = |p: &mut Self, what: &str| -> Option<Ident> {
            let tok = p.peek();
            if tok.t == T::Ident {
                p.bump();
                Some(Ident {
                    name: p.text(tok).to_string(),
                    range: TextRange::new(tok.start, tok.end),
                })
            } else {
                let found = p.describe(tok);
                p.error_at(tok, format!("expected {what}, found {found}"));
                None
            }
        };
        let fail = |p: &mut Self| -> Expr {
            p.skip_balanced_from(1, close_t);
            let tok = p.peek();
            if tok.t == close_t {
                p.bump();
            }
            Expr {
                kind: ExprKind::Error,
                range: TextRange::new(open.start, p.pos),
            }
        };
        let Some(first) = ident(self, "a variable name after 'for'") else {
            return fail(self);
        };
        let (key_var, value_var) = if self.peek().t == T::Comma {
            self.bump();
            match ident(self, "the value variable name after ','") {
                Some(v) => (Some(first), v),
                None => return fail(self),
            }
        } else {
            (None, first)
        };
        let in_tok = self.peek();
        if !self.is_keyword(in_tok, "in") {
            let found = self.describe(in_tok);
            self.error_at(
                in_tok,
                format!("expected 'in' after the 'for' variables, found {found}"),
            );
            return fail(self);
        }
        self.bump();
        let collection = self.parse_expr();
        let colon = self.peek();
        if colon.t != T::Colon {
            let found = self.describe(colon);
            self.error_at(
                colon,
                format!("expected ':' after the collection of the 'for' expression, found {found}"),
            );
            return fail(self);
        }
        self.bump();
        let first_expr = self.parse_expr();
        let (key, value) = if self.peek().t == T::Arrow {
            self.bump();
            (Some(first_expr), self.parse_expr())
        } else {
            (None, first_expr)
        };
        let mut grouping = false;
        if self.peek().t == T::Ellipsis {
            let tok = self.bump();
            grouping = true;
            if !object {
                self.error_at(
                    tok,
                    "'...' (grouping) is only allowed in an object 'for' expression",
                );
            }
        }
        let mut cond = None;
        let if_tok = self.peek();
        if self.is_keyword(if_tok, "if") {
            self.bump();
            cond = Some(self.parse_expr());
        }
        let close = self.peek();
        let end = if close.t == close_t {
            self.bump();
            close.end
        } else {
            let found = self.describe(close);
            self.error_at(
                close,
                format!("expected {close_s} to end the 'for' expression, found {found}"),
            );
            let _ = fail(self);
            self.pos
        };
        if object && key.is_none() {
            self.error(
                value.range.start as usize,
                value.range.end as usize,
                "an object 'for' expression needs 'key => value'",
            );
        }
        if let (false, Some(k)) = (object, &key) {
            self.error(
                k.range.start as usize,
                k.range.end as usize,
                "a list 'for' expression has no key: remove 'key =>' or use braces",
            );
        }
        Expr {
            kind: ExprKind::For(Box::new(ForExpr {
                key_var,
                value_var,
                collection,
                key,
                value,
                grouping,
                cond,
                object,
            })),
            range: TextRange::new(open.start, end),
        }
    }

    // ----- templates ----------------------------------------------------------------------

    /// A quoted string, at its opening quote.
    fn parse_quoted(&mut self, open: Token) -> Expr {
        self.pos = open.end;
        let content_start = self.pos;
        let (parts, _) = if self.depth >= MAX_DEPTH {
            // Too deep for interpolations: scan flat.
            self.skip_raw_string(open);
            if self.pos > content_start && self.b[self.pos - 1] == b'"' {
                self.pos -= 1;
            }
            (Vec::new(), None)
        } else {
            self.depth += 1;
            let r = self.template_parts(TMode::Quoted, &[], false);
            self.depth -= 1;
            r
        };
        let content_end = self.pos;
        let end = if self.pos < self.end && self.b[self.pos] == b'"' {
            self.pos += 1;
            self.pos
        } else {
            self.error(
                open.start,
                content_end,
                "unterminated string: add a closing '\"' (a quoted string cannot span lines)",
            );
            content_end
        };
        Expr {
            kind: ExprKind::Template(Template {
                kind: TemplateKind::Quoted,
                parts,
                content: TextRange::new(content_start, content_end),
            }),
            range: TextRange::new(open.start, end),
        }
    }

    /// A heredoc, at its `<<EOF` / `<<-EOF` token.
    fn parse_heredoc(&mut self, tok: Token) -> Expr {
        let indented = self.b.get(tok.start + 2) == Some(&b'-');
        let marker = &self.src[tok.start + 2 + usize::from(indented)..tok.end];
        // The marker must end its line.
        let mut i = tok.end;
        while i < self.end && matches!(self.b[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        let content_start = if i < self.end && self.b[i] == b'\n' {
            i + 1
        } else {
            self.error(
                tok.end,
                i,
                format!(
                    "expected a newline after the heredoc marker '{}'",
                    self.text(tok)
                ),
            );
            (self.line_end(i) + 1).min(self.end)
        };
        // Find the closing marker: a line holding only the marker (indentation allowed).
        let mut line = content_start;
        let mut close = None;
        while line < self.end {
            let le = self.line_end(line);
            let text = self.src[line..le]
                .trim_start_matches([' ', '\t'])
                .trim_end_matches('\r');
            if text == marker {
                let marker_start = le - self.src[line..le].trim_start_matches([' ', '\t']).len();
                close = Some((line, marker_start + marker.len()));
                break;
            }
            line = le + 1;
        }
        let (content_end, after) = match close {
            Some(c) => c,
            None => {
                self.error(
                    tok.start,
                    tok.end,
                    format!("unterminated heredoc: expected a line containing only '{marker}'"),
                );
                (self.end, self.end)
            }
        };
        let indent = if indented {
            self.src[content_start..content_end]
                .split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
                .min()
                .unwrap_or(0)
        } else {
            0
        };
        let saved_end = self.end;
        let saved_dedent = self.dedent;
        self.end = content_end;
        self.pos = content_start;
        self.dedent = indented.then_some((content_start, indent));
        let parts = if self.depth >= MAX_DEPTH {
            Vec::new()
        } else {
            self.depth += 1;
            let (parts, _) = self.template_parts(TMode::Raw, &[], false);
            self.depth -= 1;
            parts
        };
        self.end = saved_end;
        self.dedent = saved_dedent;
        self.pos = after;
        Expr {
            kind: ExprKind::Template(Template {
                kind: TemplateKind::Heredoc { indented },
                parts,
                content: TextRange::new(content_start, content_end),
            }),
            range: TextRange::new(tok.start, after),
        }
    }

    /// Scans template parts from `self.pos` until the template ends (quote, newline in a quoted
    /// string, end of window) or a directive named in `stops`, which is consumed and returned.
    fn template_parts(
        &mut self,
        mode: TMode,
        stops: &[&'static str],
        mut strip_next: bool,
    ) -> (Vec<TemplatePart>, Option<Stop>) {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut lit_start = self.pos;
        let b = self.b;
        let flush = |parts: &mut Vec<TemplatePart>,
                     lit: &mut String,
                     lit_start: usize,
                     at: usize,
                     strip_next: &mut bool,
                     strip_left: bool| {
            if at > lit_start {
                let mut value = std::mem::take(lit);
                if *strip_next {
                    value = value.trim_start().to_string();
                }
                if strip_left {
                    value.truncate(value.trim_end().len());
                }
                parts.push(TemplatePart::Literal {
                    value,
                    range: TextRange::new(lit_start, at),
                });
            }
            *strip_next = false;
            lit.clear();
        };
        loop {
            let i = self.pos;
            if i >= self.end {
                break;
            }
            let c = b[i];
            if mode == TMode::Quoted && (c == b'"' || c == b'\n') {
                break;
            }
            if let Some((start, indent)) = self.dedent {
                if (i == start || b[i - 1] == b'\n') && indent > 0 {
                    let mut k = 0;
                    while k < indent && i + k < self.end && matches!(b[i + k], b' ' | b'\t') {
                        k += 1;
                    }
                    if k > 0 {
                        self.pos += k;
                        continue;
                    }
                }
            }
            if (c == b'$' || c == b'%') && i + 1 < self.end {
                if b[i + 1] == b'{' {
                    let strip_left = i + 2 < self.end && b[i + 2] == b'~';
                    flush(
                        &mut parts,
                        &mut lit,
                        lit_start,
                        i,
                        &mut strip_next,
                        strip_left,
                    );
                    if c == b'$' {
                        let (part, strip_right) = self.interpolation();
                        parts.push(part);
                        strip_next = strip_right;
                    } else {
                        match self.directive(mode, stops) {
                            DirectiveResult::Part(part, strip_right) => {
                                parts.push(part);
                                strip_next = strip_right;
                            }
                            DirectiveResult::Stop(stop) => return (parts, Some(stop)),
                            DirectiveResult::Skipped => {}
                        }
                    }
                    lit_start = self.pos;
                    continue;
                }
                if b[i + 1] == c && i + 2 < self.end && b[i + 2] == b'{' {
                    // `$${` and `%%{` stand for `${` and `%{`.
                    lit.push(c as char);
                    lit.push('{');
                    self.pos += 3;
                    continue;
                }
            }
            if mode == TMode::Quoted && c == b'\\' {
                self.escape(&mut lit);
                continue;
            }
            let ch = self.src[i..].chars().next().unwrap_or('\u{fffd}');
            lit.push(ch);
            self.pos += ch.len_utf8();
        }
        let at = self.pos;
        flush(&mut parts, &mut lit, lit_start, at, &mut strip_next, false);
        (parts, None)
    }

    /// A backslash escape in a quoted string, at the backslash.
    fn escape(&mut self, out: &mut String) {
        let i = self.pos;
        let next = if i + 1 < self.end { self.b[i + 1] } else { 0 };
        let simple = match next {
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            self.pos += 2;
            return;
        }
        let digits = match next {
            b'u' => 4,
            b'U' => 8,
            _ => 0,
        };
        if digits > 0 {
            let hex = self
                .src
                .get(i + 2..(i + 2 + digits).min(self.end))
                .unwrap_or("");
            if hex.len() == digits && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        self.error(i, i + 2 + digits, "invalid Unicode code point in escape");
                        out.push('\u{fffd}');
                    }
                }
                self.pos += 2 + digits;
                return;
            }
        }
        let len = if next == 0 || next == b'\n' || next == b'"' {
            1
        } else {
            1 + self.src[i + 1..].chars().next().map_or(1, char::len_utf8)
        };
        self.error(
            i,
            i + len,
            "invalid escape sequence: use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN",
        );
        out.push_str(&self.src[i..i + len]);
        self.pos += len;
    }

    /// `${ expr }` at `${`. Returns the part and whether it strips the whitespace after it.
    fn interpolation(&mut self) -> (TemplatePart, bool) {
        let start = self.pos;
        self.pos += 2;
        if self.pos < self.end && self.b[self.pos] == b'~' {
            self.pos += 1;
        }
        self.nl.push(false);
        let expr = self.parse_expr();
        let (end, strip_right) = self.close_sequence("the interpolation", start);
        self.nl.pop();
        (
            TemplatePart::Interp {
                expr,
                range: TextRange::new(start, end),
            },
            strip_right,
        )
    }

    /// `[~]}` ending an interpolation or directive. Returns the end and the strip flag.
    fn close_sequence(&mut self, what: &str, start: usize) -> (usize, bool) {
        let mut tok = self.peek();
        let mut strip = false;
        if tok.t == T::Tilde {
            self.bump();
            strip = true;
            tok = self.peek();
        }
        if tok.t == T::RBrace {
            self.bump();
            (tok.end, strip)
        } else {
            let found = self.describe(tok);
            self.error(
                tok.start,
                tok.end,
                format!("expected '}}' to close {what} opened at byte {start}, found {found}"),
            );
            (self.pos, strip)
        }
    }

    /// `%{ ... }` at `%{`.
    fn directive(&mut self, mode: TMode, stops: &[&'static str]) -> DirectiveResult {
        let start = self.pos;
        self.pos += 2;
        if self.pos < self.end && self.b[self.pos] == b'~' {
            self.pos += 1;
        }
        self.nl.push(false);
        let kw = self.peek();
        let word = if kw.t == T::Ident { self.text(kw) } else { "" };
        let result = match word {
            "if" | "for" if self.depth >= MAX_DEPTH => {
                self.error_at(kw, "template directives are nested too deeply");
                self.close_sequence("the directive", start);
                DirectiveResult::Skipped
            }
            "if" => {
                self.bump();
                let cond = self.parse_expr();
                let (_, strip) = self.close_sequence("the directive", start);
                self.nl.pop();
                self.depth += 1;
                let (then, stop) = self.template_parts(mode, &["else", "endif"], strip);
                let (otherwise, stop) = match stop {
                    Some(Stop {
                        keyword: "else",
                        strip_right,
                    }) => self.template_parts(mode, &["endif"], strip_right),
                    other => (Vec::new(), other),
                };
                self.depth -= 1;
                let strip_after = match stop {
                    Some(s) => s.strip_right,
                    None => {
                        self.error(start, start + 2, "missing %{endif} for this %{if}");
                        false
                    }
                };
                return DirectiveResult::Part(
                    TemplatePart::If {
                        cond,
                        then,
                        otherwise,
                        range: TextRange::new(start, self.pos),
                    },
                    strip_after,
                );
            }
            "for" => {
                self.bump();
                let mut names = Vec::new();
                loop {
                    let t = self.peek();
                    if t.t != T::Ident || self.text(t) == "in" || names.len() == 2 {
                        break;
                    }
                    self.bump();
                    names.push(Ident {
                        name: self.text(t).to_string(),
                        range: TextRange::new(t.start, t.end),
                    });
                    if self.peek().t == T::Comma {
                        self.bump();
                    } else {
                        break;
                    }
                }
                let in_tok = self.peek();
                let collection = if self.is_keyword(in_tok, "in") && !names.is_empty() {
                    self.bump();
                    self.parse_expr()
                } else {
                    let found = self.describe(in_tok);
                    self.error_at(
                        in_tok,
                        format!("expected '%{{for NAME in COLLECTION}}', found {found}"),
                    );
                    Expr {
                        kind: ExprKind::Error,
                        range: TextRange::empty(in_tok.start),
                    }
                };
                let (_, strip) = self.close_sequence("the directive", start);
                self.nl.pop();
                self.depth += 1;
                let (body, stop) = self.template_parts(mode, &["endfor"], strip);
                self.depth -= 1;
                let strip_after = match stop {
                    Some(s) => s.strip_right,
                    None => {
                        self.error(start, start + 2, "missing %{endfor} for this %{for}");
                        false
                    }
                };
                let mut names = names.into_iter();
                let first = names.next();
                let second = names.next();
                let (key_var, value_var) = match (first, second) {
                    (Some(k), Some(v)) => (Some(k), v),
                    (Some(v), None) => (None, v),
                    _ => (
                        None,
                        Ident {
                            name: String::new(),
                            range: TextRange::empty(in_tok.start),
                        },
                    ),
                };
                return DirectiveResult::Part(
                    TemplatePart::For {
                        key_var,
                        value_var,
                        collection,
                        body,
                        range: TextRange::new(start, self.pos),
                    },
                    strip_after,
                );
            }
            "else" | "endif" | "endfor" => {
                self.bump();
                let (_, strip_right) = self.close_sequence("the directive", start);
                match stops.iter().find(|s| **s == word) {
                    Some(keyword) => DirectiveResult::Stop(Stop {
                        keyword,
                        strip_right,
                    }),
                    None => {
                        self.error(
                            start,
                            self.pos,
                            format!(
                                "unexpected %{{{word}}}: no matching %{{if}} or %{{for}} is open"
                            ),
                        );
                        DirectiveResult::Skipped
                    }
                }
            }
            _ => {
                let found = self.describe(kw);
                self.error_at(
                    kw,
                    format!(
                        "expected 'if', 'for', 'else', 'endif' or 'endfor' after '%{{', found {found} \
                         (write '%%{{' for a literal '%{{')"
                    ),
                );
                // Skip to the closing brace of the sequence.
                self.skip_balanced_from(1, T::RBrace);
                if self.peek().t == T::RBrace {
                    self.bump();
                }
                DirectiveResult::Skipped
            }
        };
        self.nl.pop();
        result
    }
}

enum DirectiveResult {
    Part(TemplatePart, bool),
    Stop(Stop),
    Skipped,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
