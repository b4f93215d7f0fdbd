//! Bicep (`.bicep`) and Bicep parameters (`.bicepparam`), error tolerant, with byte ranges.
//!
//! A hand-written lexer and recursive-descent parser for the language as written today
//! (Azure/bicep `docs/grammar.md` plus the newer syntax: typed `var`, `import {...} from`,
//! `.?` and `!`, user-defined `type`s and `func`tions, lambdas, spread, nullable types,
//! `resourceInput<...>`, `extension`, `assert`, multi-line strings, interpolation).
//!
//! [`parse`] never fails: it returns the statements it understood and the syntax errors, each
//! with its byte range. Recovery is by statement (skip to the next line at bracket depth 0)
//! and by item inside objects and arrays. Nesting is bounded, so hostile input cannot
//! overflow the stack; every loop consumes a token or stops, so none can hang.

use super::{SyntaxError, TextRange};

mod lexer;
mod parser;

#[cfg(test)]
mod tests;

/// A parsed Bicep or `.bicepparam` file.
#[derive(Clone, Debug, Default)]
pub struct File {
    pub stmts: Vec<Stmt>,
    pub errors: Vec<SyntaxError>,
}

/// A top-level statement with its decorators.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub decorators: Vec<Expr>,
    pub kind: StmtKind,
    /// The whole statement, decorators excluded.
    pub range: TextRange,
}

/// A name as written, with its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub range: TextRange,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `param name type = default` (`.bicep`) or `param name = value` (`.bicepparam`).
    Param {
        name: Ident,
        ty: Option<TextRange>,
        value: Option<Expr>,
    },
    /// `var name [type] = value`.
    Var { name: Ident, value: Option<Expr> },
    /// `resource name 'Type@version' [existing] = body`. `ty` is a string expression.
    Resource {
        name: Ident,
        ty: Expr,
        existing: bool,
        value: Option<Expr>,
    },
    /// `module name 'path' = body`.
    Module {
        name: Ident,
        path: Expr,
        value: Option<Expr>,
    },
    /// `output name type = value`.
    Output { name: Ident, value: Option<Expr> },
    /// `using 'path'` (`.bicepparam`), `using none`.
    Using { path: Option<Expr> },
    /// `targetScope = value`.
    TargetScope { value: Option<Expr> },
    /// `metadata name = value`.
    Metadata { name: Ident, value: Option<Expr> },
    /// `type name = typeExpression`.
    Type { name: Ident },
    /// `func name(args) type => body`.
    Func { name: Ident },
    /// `import ...`, `extension ...`, `provider ...`, `extends ...`, `assert ...`, `test ...`.
    Other { keyword: Ident },
}

/// An expression with its range.
#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: TextRange,
}

/// One piece of an interpolated string.
#[derive(Clone, Debug)]
pub enum Part {
    Text(String),
    Expr(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    EqI,
    NeI,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Coalesce,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A string without interpolation: its value, and the range of its contents (without
    /// quotes) when the contents are written unescaped.
    Str {
        value: String,
        content: Option<TextRange>,
    },
    /// `'a${b}c'`.
    Interp(Vec<Part>),
    Num(f64),
    Bool(bool),
    Null,
    Ident(String),
    /// `{ key: value ... }`; spread members are [`Prop::Spread`].
    Object(Vec<Prop>),
    Array(Vec<Expr>),
    /// `name(args)` or `ns.name(args)`.
    Call {
        ns: Option<String>,
        name: Ident,
        args: Vec<Expr>,
    },
    /// `base.name` / `base.?name`.
    Member {
        base: Box<Expr>,
        name: Ident,
        safe: bool,
    },
    /// `base[index]` / `base[?index]`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        safe: bool,
    },
    /// `parent::child`.
    Nested {
        base: Box<Expr>,
        name: Ident,
    },
    /// `!x`, `-x`.
    Not(Box<Expr>),
    Neg(Box<Expr>),
    /// `x!` (non-null assertion).
    NonNull(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[for (item, index) in iterable: body]`.
    For {
        item: Option<Ident>,
        index: Option<Ident>,
        iterable: Box<Expr>,
        body: Box<Expr>,
    },
    /// `if (condition) body`.
    If {
        cond: Box<Expr>,
        body: Box<Expr>,
    },
    /// `x => body`, `(x, y) => body`.
    Lambda {
        params: Vec<Ident>,
        body: Box<Expr>,
    },
    /// `...x` inside an array.
    Spread(Box<Expr>),
    /// What did not parse.
    Error,
}

/// An object member.
#[derive(Clone, Debug)]
pub enum Prop {
    KeyValue {
        key: String,
        key_range: TextRange,
        /// `"\0"` for an interpolated key.
        value: Expr,
    },
    Spread(Expr),
    /// A nested child resource: `resource child 'subnets' = {...}`.
    Resource(Box<Stmt>),
}

impl Expr {
    /// The member `key` of an object expression.
    pub fn member(&self, key: &str) -> Option<&Expr> {
        match &self.kind {
            ExprKind::Object(props) => props.iter().rev().find_map(|p| match p {
                Prop::KeyValue { key: k, value, .. } if k.eq_ignore_ascii_case(key) => Some(value),
                _ => None,
            }),
            _ => None,
        }
    }

    /// The string value of a plain string literal.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Str { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Parses a Bicep or `.bicepparam` text.
pub fn parse(text: &str) -> File {
    parser::parse(text)
}

/// The syntax errors of a Bicep or `.bicepparam` text.
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    parse(text).errors
}
