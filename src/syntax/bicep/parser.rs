//! The recursive-descent parser over [`super::lexer`] tokens.

use super::lexer::{lex, unescape, Token, T};
use super::{BinOp, Expr, ExprKind, File, Ident, Part, Prop, Stmt, StmtKind};
use crate::syntax::{Errors, TextRange};

/// Nesting beyond this is reported, not followed (a debug build's frames are large).
const MAX_DEPTH: u32 = 64;
/// Most binary operators in one chain (`a + b + ...`).
const MAX_CHAIN: u32 = 1_000;

pub(super) fn parse(text: &str) -> File {
    let mut lex_errors = Errors::new();
    let toks = lex(text, &mut lex_errors);
    let mut p = P {
        text,
        toks,
        pos: 0,
        errors: Errors::new(),
        depth: 0,
    };
    let mut stmts = Vec::new();
    loop {
        p.skip_nl();
        if p.at(T::Eof) {
            break;
        }
        let before = p.pos;
        if let Some(s) = p.statement() {
            stmts.push(s);
        }
        if !p.at(T::NewLine) && !p.at(T::Eof) {
            p.error_here("expected a new line after the declaration");
            p.skip_line();
        }
        if p.pos == before {
            p.bump();
        }
    }
    let mut errors = p.errors;
    errors.append(lex_errors);
    File {
        stmts,
        errors: errors.finish(),
    }
}

struct P<'t> {
    text: &'t str,
    toks: Vec<Token>,
    pos: usize,
    errors: Errors,
    depth: u32,
}

impl<'t> P<'t> {
    fn tok(&self) -> Token {
        self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek(&self) -> T {
        self.tok().kind
    }

    fn peek_at(&self, n: usize) -> T {
        self.toks.get(self.pos + n).map_or(T::Eof, |t| t.kind)
    }

    fn at(&self, k: T) -> bool {
        self.peek() == k
    }

    fn at_word(&self, w: &str) -> bool {
        self.at(T::Ident) && self.tok_text() == w
    }

    fn tok_text(&self) -> &'t str {
        let t = self.tok();
        &self.text[t.start as usize..t.end as usize]
    }

    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != T::Eof {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, k: T) -> bool {
        if self.at(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// End of the previous token.
    fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].end
        }
    }

    fn error_here(&mut self, message: &str) {
        let t = self.tok();
        let range = match t.kind {
            // At a line break or the end, point just after what was written.
            T::NewLine | T::Eof => TextRange {
                start: self.prev_end(),
                end: self.prev_end(),
            },
            _ => t.range(),
        };
        self.error(range, message);
    }

    fn error(&mut self, range: TextRange, message: &str) {
        // One error per place is enough.
        if self
            .errors
            .last()
            .is_some_and(|e| e.range.start == range.start)
        {
            return;
        }
        self.errors.push(range, message);
    }

    fn expect(&mut self, k: T, what: &str) -> bool {
        if self.eat(k) {
            true
        } else {
            self.error_here(&format!("expected {what}"));
            false
        }
    }

    fn skip_nl(&mut self) {
        while self.at(T::NewLine) {
            self.bump();
        }
    }

    /// Skips to the end of the line, past balanced brackets.
    fn skip_line(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.peek() {
                T::Eof => return,
                T::NewLine if depth <= 0 => return,
                T::LBrace | T::LBrack | T::LParen => depth += 1,
                T::RBrace | T::RBrack | T::RParen => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    fn ident(&mut self, what: &str) -> Option<Ident> {
        if self.at(T::Ident) {
            let t = self.bump();
            Some(Ident {
                name: self.text[t.start as usize..t.end as usize].to_string(),
                range: t.range(),
            })
        } else {
            self.error_here(&format!("expected {what}"));
            None
        }
    }

    fn missing_ident(&self) -> Ident {
        Ident {
            name: String::new(),
            range: TextRange::empty(self.prev_end() as usize),
        }
    }

    // ---- statements ----

    fn statement(&mut self) -> Option<Stmt> {
        let mut decorators = Vec::new();
        while self.at(T::At) {
            let at = self.bump();
            let mut e = self.postfix();
            e.range.start = at.start;
            decorators.push(e);
            self.skip_nl();
        }
        if !self.at(T::Ident) {
            self.error_here("expected a declaration");
            self.skip_line();
            return None;
        }
        let start = self.tok().start;
        let keyword = self.tok_text();
        let kw = self.bump();
        let kind = match keyword {
            "param" => {
                let name = self.ident("a parameter name");
                let ty = if !self.at(T::Assign) && !self.at(T::NewLine) && !self.at(T::Eof) {
                    let (s, at) = (self.tok().start, self.pos);
                    self.ty();
                    // No type when none parsed (`param x :`): `prev_end` is then before `s`.
                    (self.pos > at).then(|| TextRange {
                        start: s,
                        end: self.prev_end(),
                    })
                } else {
                    None
                };
                let value = self.eat(T::Assign).then(|| self.value());
                StmtKind::Param {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    ty,
                    value,
                }
            }
            "var" => {
                let name = self.ident("a variable name");
                if !self.at(T::Assign) && !self.at(T::NewLine) && !self.at(T::Eof) {
                    self.ty();
                }
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::Var {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    value,
                }
            }
            "resource" => {
                let name = self.ident("a resource name");
                let ty = self.string_expr("a resource type string");
                let existing = self.at_word("existing");
                if existing {
                    self.bump();
                }
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::Resource {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    ty,
                    existing,
                    value,
                }
            }
            "module" => {
                let name = self.ident("a module name");
                let path = self.string_expr("a module path string");
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::Module {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    path,
                    value,
                }
            }
            "output" => {
                let name = self.ident("an output name");
                if self.at_word("resource") {
                    self.bump();
                    self.string_expr("a resource type string");
                } else if !self.at(T::Assign) {
                    self.ty();
                }
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::Output {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    value,
                }
            }
            "using" => {
                let path = if self.at_word("none") {
                    self.bump();
                    None
                } else {
                    Some(self.string_expr("a template path string"))
                };
                if self.at_word("with") {
                    self.bump();
                    self.expr();
                }
                StmtKind::Using { path }
            }
            "targetScope" => {
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::TargetScope { value }
            }
            "metadata" => {
                let name = self.ident("a metadata name");
                let value = self.expect(T::Assign, "'='").then(|| self.value());
                StmtKind::Metadata {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                    value,
                }
            }
            "type" => {
                let name = self.ident("a type name");
                if self.expect(T::Assign, "'='") {
                    self.skip_nl();
                    self.ty();
                }
                StmtKind::Type {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                }
            }
            "func" => {
                let name = self.ident("a function name");
                if self.expect(T::LParen, "'('") {
                    loop {
                        self.skip_nl();
                        if self.at(T::RParen) || self.at(T::Eof) {
                            break;
                        }
                        let before = self.pos;
                        self.ident("a parameter name");
                        self.ty();
                        self.skip_nl();
                        if !self.eat(T::Comma) && !self.at(T::RParen) {
                            self.error_here("expected ',' or ')'");
                            if self.pos == before {
                                self.bump();
                            }
                            break;
                        }
                    }
                    self.expect(T::RParen, "')'");
                }
                if !self.at(T::Arrow) {
                    self.ty();
                }
                if self.expect(T::Arrow, "'=>'") {
                    self.skip_nl();
                    self.expr();
                }
                StmtKind::Func {
                    name: name.unwrap_or_else(|| self.missing_ident()),
                }
            }
            "assert" => {
                self.ident("an assertion name");
                if self.expect(T::Assign, "'='") {
                    self.expr();
                }
                StmtKind::Other {
                    keyword: Ident {
                        name: keyword.to_string(),
                        range: kw.range(),
                    },
                }
            }
            "import" | "extension" | "provider" | "extends" | "test" => {
                // Their forms vary (`import {a, b as c} from 'x'`, `import * as ns from 'x'`,
                // `extension 'br:...' with {...} as graph`): nothing here is lowered, so the
                // rest of the statement is taken as written, brackets balanced.
                self.skip_line();
                StmtKind::Other {
                    keyword: Ident {
                        name: keyword.to_string(),
                        range: kw.range(),
                    },
                }
            }
            _ => {
                self.error(kw.range(), "expected a declaration");
                self.skip_line();
                return None;
            }
        };
        Some(Stmt {
            decorators,
            kind,
            range: TextRange {
                start,
                end: self.prev_end().max(start),
            },
        })
    }

    /// The value after `=`, which may start on the next line.
    fn value(&mut self) -> Expr {
        self.skip_nl();
        self.expr()
    }

    fn string_expr(&mut self, what: &str) -> Expr {
        if matches!(self.peek(), T::Str | T::StrStart | T::MultiStr) {
            self.primary()
        } else {
            self.error_here(&format!("expected {what}"));
            Expr {
                kind: ExprKind::Error,
                range: TextRange::empty(self.prev_end() as usize),
            }
        }
    }

    // ---- types (parsed for their extent only) ----

    fn ty(&mut self) {
        if self.depth >= MAX_DEPTH {
            self.error_here("the type nests too deeply");
            self.bump();
            return;
        }
        self.depth += 1;
        if self.at(T::NewLine) && self.peek_at(1) == T::Pipe {
            self.skip_nl();
        }
        self.eat(T::Pipe);
        loop {
            self.ty_postfix();
            // A union may continue on the next line: `\n | 'b'`.
            if self.at(T::NewLine) && self.peek_at(1) == T::Pipe {
                self.skip_nl();
            }
            if !self.eat(T::Pipe) {
                break;
            }
            self.skip_nl();
        }
        self.depth -= 1;
    }

    fn ty_postfix(&mut self) {
        self.ty_primary();
        loop {
            match self.peek() {
                T::LBrack => {
                    self.bump();
                    if !self.eat(T::Star) && !self.at(T::RBrack) {
                        self.expr();
                    }
                    self.expect(T::RBrack, "']'");
                }
                T::Question | T::Bang => {
                    self.bump();
                }
                T::Dot | T::DotQ => {
                    self.bump();
                    self.ident("a property name");
                }
                _ => break,
            }
        }
    }

    fn ty_primary(&mut self) {
        match self.peek() {
            T::Ident => {
                self.bump();
                if self.at(T::Dot) && self.peek_at(1) == T::Ident {
                    // `ns.typeName`
                    self.bump();
                    self.bump();
                }
                if self.eat(T::Lt) {
                    loop {
                        let before = self.pos;
                        self.ty();
                        if !self.eat(T::Comma) {
                            break;
                        }
                        if self.pos == before {
                            break;
                        }
                    }
                    self.expect(T::Gt, "'>'");
                }
            }
            T::Str | T::StrStart | T::MultiStr | T::Num => {
                self.primary();
            }
            T::Minus => {
                self.bump();
                self.expect(T::Num, "a number");
            }
            T::LParen => {
                self.bump();
                self.skip_nl();
                self.ty();
                self.skip_nl();
                self.expect(T::RParen, "')'");
            }
            T::LBrace => {
                self.bump();
                loop {
                    self.skip_sep();
                    if self.at(T::RBrace) || self.at(T::Eof) {
                        break;
                    }
                    let before = self.pos;
                    self.member_decorators();
                    match self.peek() {
                        T::Ident | T::Str | T::Star => {
                            self.bump();
                        }
                        T::StrStart => {
                            self.primary();
                        }
                        _ => self.error_here("expected a property name"),
                    }
                    self.eat(T::Question);
                    if self.expect(T::Colon, "':'") {
                        self.ty();
                    }
                    if !self.at_sep() && !self.at(T::RBrace) {
                        self.error_here("expected a new line or ','");
                        self.skip_item();
                    }
                    if self.pos == before {
                        self.bump();
                    }
                }
                self.expect(T::RBrace, "'}'");
            }
            T::LBrack => {
                self.bump();
                loop {
                    self.skip_sep();
                    if self.at(T::RBrack) || self.at(T::Eof) {
                        break;
                    }
                    let before = self.pos;
                    self.member_decorators();
                    self.ty();
                    if !self.at_sep() && !self.at(T::RBrack) {
                        self.error_here("expected a new line or ','");
                        self.skip_item();
                    }
                    if self.pos == before {
                        self.bump();
                    }
                }
                self.expect(T::RBrack, "']'");
            }
            _ => self.error_here("expected a type"),
        }
    }

    fn member_decorators(&mut self) {
        while self.at(T::At) {
            self.bump();
            self.postfix();
            self.skip_nl();
        }
    }

    fn at_sep(&self) -> bool {
        matches!(self.peek(), T::NewLine | T::Comma)
    }

    fn skip_sep(&mut self) {
        while matches!(self.peek(), T::NewLine | T::Comma) {
            self.bump();
        }
    }

    /// Skips the rest of a malformed object or array item: to the next separator at depth 0,
    /// or before the closing bracket.
    fn skip_item(&mut self) {
        let mut depth = 0i32;
        loop {
            match self.peek() {
                T::Eof => return,
                T::NewLine | T::Comma if depth <= 0 => return,
                T::RBrace | T::RBrack | T::RParen if depth <= 0 => return,
                T::LBrace | T::LBrack | T::LParen => depth += 1,
                T::RBrace | T::RBrack | T::RParen => depth -= 1,
                _ => {}
            }
            self.bump();
        }
    }

    // ---- expressions ----

    fn error_expr(&self, start: u32) -> Expr {
        Expr {
            kind: ExprKind::Error,
            range: TextRange {
                start,
                end: self.prev_end().max(start),
            },
        }
    }

    fn mk(&self, kind: ExprKind, start: u32) -> Expr {
        Expr {
            kind,
            range: TextRange {
                start,
                end: self.prev_end().max(start),
            },
        }
    }

    pub(super) fn expr(&mut self) -> Expr {
        let start = self.tok().start;
        if self.depth >= MAX_DEPTH {
            self.error_here("the expression nests too deeply");
            if !matches!(
                self.peek(),
                T::NewLine | T::Eof | T::RBrace | T::RBrack | T::RParen
            ) {
                self.bump();
            }
            return self.error_expr(start);
        }
        self.depth += 1;
        let e = self.expr_inner(start);
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self, start: u32) -> Expr {
        // Lambdas: `x => ...`, `(x, y) => ...`, `() => ...`.
        if self.at(T::Ident) && self.peek_at(1) == T::Arrow {
            let p = self.ident("a name");
            self.bump();
            self.skip_nl();
            let body = self.expr();
            return self.mk(
                ExprKind::Lambda {
                    params: p.into_iter().collect(),
                    body: Box::new(body),
                },
                start,
            );
        }
        if self.at(T::LParen) && self.lambda_ahead() {
            self.bump();
            let mut params = Vec::new();
            while self.at(T::Ident) {
                params.extend(self.ident("a name"));
                if !self.eat(T::Comma) {
                    break;
                }
            }
            self.expect(T::RParen, "')'");
            self.expect(T::Arrow, "'=>'");
            self.skip_nl();
            let body = self.expr();
            return self.mk(
                ExprKind::Lambda {
                    params,
                    body: Box::new(body),
                },
                start,
            );
        }
        let cond = self.binary(0);
        if self.at(T::NewLine) && self.peek_at(1) == T::Question {
            self.skip_nl();
        }
        if self.eat(T::Question) {
            self.skip_nl();
            let a = self.expr();
            if self.at(T::NewLine) && self.peek_at(1) == T::Colon {
                self.skip_nl();
            }
            let b = if self.expect(T::Colon, "':'") {
                self.skip_nl();
                self.expr()
            } else {
                self.error_expr(self.prev_end())
            };
            return self.mk(
                ExprKind::Ternary(Box::new(cond), Box::new(a), Box::new(b)),
                start,
            );
        }
        cond
    }

    /// At `(`: whether the matching `)` is followed by `=>` (a lambda's parameters).
    fn lambda_ahead(&self) -> bool {
        let mut i = self.pos + 1;
        while let Some(t) = self.toks.get(i) {
            match t.kind {
                T::Ident | T::Comma | T::NewLine => i += 1,
                T::RParen => {
                    return self.toks.get(i + 1).is_some_and(|t| t.kind == T::Arrow);
                }
                _ => return false,
            }
        }
        false
    }

    fn binop(&self) -> Option<(BinOp, u8)> {
        Some(match self.peek() {
            T::QQ => (BinOp::Coalesce, 1),
            T::OrOr => (BinOp::Or, 2),
            T::AndAnd => (BinOp::And, 3),
            T::EqEq => (BinOp::Eq, 4),
            T::Ne => (BinOp::Ne, 4),
            T::EqI => (BinOp::EqI, 4),
            T::NeI => (BinOp::NeI, 4),
            T::Lt => (BinOp::Lt, 5),
            T::Le => (BinOp::Le, 5),
            T::Gt => (BinOp::Gt, 5),
            T::Ge => (BinOp::Ge, 5),
            T::Plus => (BinOp::Add, 6),
            T::Minus => (BinOp::Sub, 6),
            T::Star => (BinOp::Mul, 7),
            T::Slash => (BinOp::Div, 7),
            T::Percent => (BinOp::Mod, 7),
            _ => return None,
        })
    }

    /// Binary operators by precedence climbing; a line may start with `&&`, `||` or `??`.
    fn binary(&mut self, min: u8) -> Expr {
        let start = self.tok().start;
        let mut lhs = self.unary();
        // A chain of operators builds a left-nested tree: bound it, as nesting is bounded.
        let mut chain = 0u32;
        loop {
            if self.at(T::NewLine) && matches!(self.peek_at(1), T::AndAnd | T::OrOr | T::QQ) {
                self.skip_nl();
            }
            let Some((op, prec)) = self.binop() else {
                break;
            };
            if prec <= min {
                break;
            }
            chain += 1;
            if chain > MAX_CHAIN {
                self.error_here("the expression is too long");
                self.skip_item();
                break;
            }
            self.bump();
            self.skip_nl();
            if self.depth >= MAX_DEPTH {
                self.error_here("the expression nests too deeply");
                break;
            }
            self.depth += 1;
            let rhs = self.binary(prec);
            self.depth -= 1;
            lhs = self.mk(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), start);
        }
        lhs
    }

    fn unary(&mut self) -> Expr {
        let start = self.tok().start;
        match self.peek() {
            T::Bang | T::Minus => {
                let neg = self.at(T::Minus);
                self.bump();
                if self.depth >= MAX_DEPTH {
                    self.error_here("the expression nests too deeply");
                    return self.error_expr(start);
                }
                self.depth += 1;
                let e = self.unary();
                self.depth -= 1;
                let kind = if neg {
                    ExprKind::Neg(Box::new(e))
                } else {
                    ExprKind::Not(Box::new(e))
                };
                self.mk(kind, start)
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Expr {
        let start = self.tok().start;
        let mut e = self.primary();
        loop {
            match self.peek() {
                T::Dot | T::DotQ => {
                    let safe = self.at(T::DotQ);
                    self.bump();
                    let Some(name) = self.ident("a property name") else {
                        break;
                    };
                    if !safe && self.at(T::LParen) {
                        // `ns.func(...)` or a method-like call `x.func(...)`.
                        let args = self.args();
                        let ns = match &e.kind {
                            ExprKind::Ident(n) => Some(n.clone()),
                            _ => None,
                        };
                        e = self.mk(ExprKind::Call { ns, name, args }, start);
                        continue;
                    }
                    e = self.mk(
                        ExprKind::Member {
                            base: Box::new(e),
                            name,
                            safe,
                        },
                        start,
                    );
                }
                T::LBrack => {
                    self.bump();
                    let safe = self.eat(T::Question);
                    self.skip_nl();
                    let index = self.expr();
                    self.skip_nl();
                    self.expect(T::RBrack, "']'");
                    e = self.mk(
                        ExprKind::Index {
                            base: Box::new(e),
                            index: Box::new(index),
                            safe,
                        },
                        start,
                    );
                }
                T::ColonColon => {
                    self.bump();
                    let Some(name) = self.ident("a nested resource name") else {
                        break;
                    };
                    e = self.mk(
                        ExprKind::Nested {
                            base: Box::new(e),
                            name,
                        },
                        start,
                    );
                }
                T::Bang => {
                    self.bump();
                    e = self.mk(ExprKind::NonNull(Box::new(e)), start);
                }
                _ => break,
            }
        }
        e
    }

    fn args(&mut self) -> Vec<Expr> {
        let mut args = Vec::new();
        self.bump(); // (
        loop {
            self.skip_nl();
            if self.at(T::RParen) || self.at(T::Eof) {
                break;
            }
            if matches!(self.peek(), T::RBrace | T::RBrack) {
                break;
            }
            let before = self.pos;
            args.push(self.expr());
            self.skip_nl();
            if !self.eat(T::Comma) && !self.at(T::RParen) {
                self.error_here("expected ',' or ')'");
                if self.pos == before {
                    self.bump();
                }
                break;
            }
        }
        self.expect(T::RParen, "')'");
        args
    }

    fn primary(&mut self) -> Expr {
        let t = self.tok();
        let start = t.start;
        match t.kind {
            T::Num => {
                self.bump();
                let n = self.text[t.start as usize..t.end as usize]
                    .parse()
                    .unwrap_or(0.0);
                self.mk(ExprKind::Num(n), start)
            }
            T::Str => {
                self.bump();
                let (s, e) = (t.start as usize + 1, t.end as usize);
                let e = if e > s && self.text.as_bytes()[e - 1] == b'\'' {
                    e - 1
                } else {
                    e
                };
                let (value, plain) = unescape(&self.text[s..e.max(s)]);
                let content = plain.then(|| TextRange::new(s, e.max(s)));
                self.mk(ExprKind::Str { value, content }, start)
            }
            T::MultiStr => {
                self.bump();
                let raw = &self.text[t.start as usize..t.end as usize];
                let body = raw.strip_prefix("'''").unwrap_or(raw);
                let body = body.strip_suffix("'''").unwrap_or(body);
                let body = body
                    .strip_prefix("\r\n")
                    .or_else(|| body.strip_prefix('\n'))
                    .unwrap_or(body);
                self.mk(
                    ExprKind::Str {
                        value: body.to_string(),
                        content: None,
                    },
                    start,
                )
            }
            T::StrStart => self.interpolation(),
            T::Ident => {
                let word = &self.text[t.start as usize..t.end as usize];
                match word {
                    "true" | "false" => {
                        self.bump();
                        self.mk(ExprKind::Bool(word == "true"), start)
                    }
                    "null" => {
                        self.bump();
                        self.mk(ExprKind::Null, start)
                    }
                    "if" if self.peek_at(1) == T::LParen => {
                        self.bump();
                        self.bump();
                        self.skip_nl();
                        let cond = self.expr();
                        self.skip_nl();
                        self.expect(T::RParen, "')'");
                        self.skip_nl();
                        let body = self.expr();
                        self.mk(
                            ExprKind::If {
                                cond: Box::new(cond),
                                body: Box::new(body),
                            },
                            start,
                        )
                    }
                    _ => {
                        self.bump();
                        let name = Ident {
                            name: word.to_string(),
                            range: t.range(),
                        };
                        if self.at(T::LParen) {
                            let args = self.args();
                            return self.mk(
                                ExprKind::Call {
                                    ns: None,
                                    name,
                                    args,
                                },
                                start,
                            );
                        }
                        self.mk(ExprKind::Ident(name.name), start)
                    }
                }
            }
            T::LParen => {
                self.bump();
                self.skip_nl();
                let inner = self.expr();
                self.skip_nl();
                self.expect(T::RParen, "')'");
                // Keep the parenthesised range: it is what is written.
                Expr {
                    kind: inner.kind,
                    range: TextRange {
                        start,
                        end: self.prev_end(),
                    },
                }
            }
            T::LBrace => self.object(),
            T::LBrack => self.array(),
            T::Ellipsis => {
                self.bump();
                let inner = self.expr();
                self.mk(ExprKind::Spread(Box::new(inner)), start)
            }
            _ => {
                self.error_here("expected a value");
                if matches!(t.kind, T::Bad | T::Semi | T::Assign | T::At | T::Amp) {
                    self.bump();
                }
                self.error_expr(start)
            }
        }
    }

    fn interpolation(&mut self) -> Expr {
        let first = self.bump();
        let start = first.start;
        let mut parts = Vec::new();
        // `'abc${` : contents between the quote and `${`.
        let seg = |p: &Self, t: Token, head: usize, tail: usize| -> String {
            let s = t.start as usize + head;
            let e = (t.end as usize).saturating_sub(tail).max(s);
            unescape(&p.text[s..e]).0
        };
        parts.push(Part::Text(seg(self, first, 1, 2)));
        loop {
            let e = self.expr();
            parts.push(Part::Expr(e));
            let t = self.tok();
            match t.kind {
                T::StrMid => {
                    self.bump();
                    parts.push(Part::Text(seg(self, t, 1, 2)));
                }
                T::StrEnd => {
                    self.bump();
                    let raw = &self.text[t.start as usize..t.end as usize];
                    let tail = usize::from(raw.len() > 1 && raw.ends_with('\''));
                    parts.push(Part::Text(seg(self, t, 1, tail)));
                    break;
                }
                _ => {
                    self.error_here("expected '}' to end the interpolation");
                    // Skip to the end of the string or the line.
                    loop {
                        match self.peek() {
                            T::StrEnd => {
                                self.bump();
                                break;
                            }
                            T::NewLine | T::Eof => break,
                            _ => {
                                self.bump();
                            }
                        }
                    }
                    break;
                }
            }
        }
        parts.retain(|p| !matches!(p, Part::Text(t) if t.is_empty()));
        self.mk(ExprKind::Interp(parts), start)
    }

    fn object(&mut self) -> Expr {
        let start = self.bump().start;
        let mut props = Vec::new();
        loop {
            self.skip_sep();
            match self.peek() {
                T::RBrace | T::Eof => break,
                T::RBrack | T::RParen => break,
                _ => {}
            }
            let before = self.pos;
            // Decorators are allowed on members of object types; tolerate them here too.
            self.member_decorators();
            if self.at_word("resource") && self.peek_at(1) == T::Ident {
                if let Some(stmt) = self.statement() {
                    props.push(Prop::Resource(Box::new(stmt)));
                }
            } else if self.at(T::Ellipsis) {
                let s = self.bump().start;
                let inner = self.expr();
                props.push(Prop::Spread(self.mk(ExprKind::Spread(Box::new(inner)), s)));
            } else {
                let t = self.tok();
                let key = match t.kind {
                    T::Ident => {
                        self.bump();
                        Some((
                            self.text[t.start as usize..t.end as usize].to_string(),
                            t.range(),
                        ))
                    }
                    T::Str | T::StrStart | T::MultiStr => {
                        let k = self.primary();
                        let text = match &k.kind {
                            ExprKind::Str { value, .. } => value.clone(),
                            _ => "\0".to_string(),
                        };
                        Some((text, k.range))
                    }
                    _ => {
                        self.error_here("expected a property name");
                        None
                    }
                };
                if let Some((key, key_range)) = key {
                    let value = if self.expect(T::Colon, "':'") {
                        self.expr()
                    } else {
                        self.error_expr(self.prev_end())
                    };
                    props.push(Prop::KeyValue {
                        key,
                        key_range,
                        value,
                    });
                }
            }
            if !self.at_sep() && !self.at(T::RBrace) {
                self.error_here("expected a new line or ',' after the property");
                self.skip_item();
            }
            if self.pos == before {
                self.bump();
            }
        }
        self.expect(T::RBrace, "'}'");
        self.mk(ExprKind::Object(props), start)
    }

    fn array(&mut self) -> Expr {
        let start = self.bump().start;
        self.skip_nl();
        if self.at_word("for") {
            return self.for_expr(start);
        }
        let mut items = Vec::new();
        loop {
            self.skip_sep();
            match self.peek() {
                T::RBrack | T::Eof => break,
                T::RBrace | T::RParen => break,
                _ => {}
            }
            let before = self.pos;
            items.push(self.expr());
            if !self.at_sep() && !self.at(T::RBrack) {
                self.error_here("expected a new line or ',' after the item");
                self.skip_item();
            }
            if self.pos == before {
                self.bump();
            }
        }
        self.expect(T::RBrack, "']'");
        self.mk(ExprKind::Array(items), start)
    }

    fn for_expr(&mut self, start: u32) -> Expr {
        self.bump(); // for
        let mut index = None;
        let item = if self.eat(T::LParen) {
            let item = self.ident("a loop variable");
            if self.eat(T::Comma) {
                index = self.ident("an index variable");
            }
            self.expect(T::RParen, "')'");
            item
        } else {
            self.ident("a loop variable")
        };
        let iterable = if self.at_word("in") {
            self.bump();
            self.expr()
        } else {
            self.error_here("expected 'in'");
            self.error_expr(self.prev_end())
        };
        let body = if self.expect(T::Colon, "':'") {
            self.skip_nl();
            self.expr()
        } else {
            self.error_expr(self.prev_end())
        };
        self.skip_nl();
        self.expect(T::RBrack, "']'");
        self.mk(
            ExprKind::For {
                item,
                index,
                iterable: Box::new(iterable),
                body: Box::new(body),
            },
            start,
        )
    }
}
