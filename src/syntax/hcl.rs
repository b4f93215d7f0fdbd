//! Terraform HCL native syntax, error tolerant, with byte ranges.
//!
//! A hand-written recursive-descent parser for the HCL native syntax as Terraform uses it:
//! bodies of attributes and blocks, comments, and the whole expression language (templates with
//! interpolations and directives, heredocs, tuples, objects, calls, traversals, splats,
//! conditionals, `for` expressions and operators). It follows `hashicorp/hcl`'s `hclsyntax`
//! rules (newlines end attributes and separate object items; they are ignored inside
//! parentheses, brackets, calls and interpolations), and it never fails: a half-typed file yields
//! a tree of what parsed plus [`SyntaxError`]s placed where the text stops making sense.
//!
//! Three entry points: [`parse`] for `.tf` and `.tfvars` files, [`parse_template`] for template
//! text taken from a file at an offset, and [`parse_json_string_template`] for a string of a
//! Terraform JSON (`.tf.json`) file, whose `${...}` sequences are expressions.

mod parser;

use super::{SyntaxError, TextRange};

/// Everything a parse produced: the tree and the errors, in file order.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The file's attributes and blocks, as far as they parsed.
    pub body: Body,
    /// Syntax errors, sorted by position.
    pub errors: Vec<SyntaxError>,
}

/// Parses a `.tf` or `.tfvars` file. Never fails, never panics.
pub fn parse(text: &str) -> Parsed {
    parser::parse_file(text)
}

/// Parses `text` as a template (the contents of a string without its quotes: literal text with
/// `${...}` interpolations and `%{...}` directives; `$${` and `%%{` are escapes; backslash
/// escapes are not processed). `base` is the offset of `text` in its file: every range of the
/// result is offset by it. The result is an [`ExprKind::Template`].
pub fn parse_template(text: &str, base: usize) -> (Expr, Vec<SyntaxError>) {
    let (mut expr, mut errors) = parser::parse_bare_template(text);
    let shift = |o: u32| o + base as u32;
    expr.map_ranges(&shift);
    for e in &mut errors {
        e.range = TextRange {
            start: shift(e.range.start),
            end: shift(e.range.end),
        };
    }
    (expr, errors)
}

/// Parses a string of a Terraform JSON file as a template. `string_range` is the range of the
/// JSON string in `file_text`, quotes included. JSON escapes (`\"`, `\\`, `\n`, `\u00e9`, ...)
/// are decoded first, as Terraform does, and every range of the result points into `file_text`.
pub fn parse_json_string_template(
    file_text: &str,
    string_range: TextRange,
) -> (Expr, Vec<SyntaxError>) {
    let range = string_range.as_range();
    let raw = file_text.get(range.clone()).unwrap_or("");
    let inner_start = range.start + usize::from(raw.starts_with('"'));
    // The last quote closes the string unless it is escaped (an unclosed string ends at a `\"`).
    // Bytes, not `str`: an unclosed string may end in a multi-byte character.
    let escaped = raw.len() >= 2
        && raw.as_bytes()[..raw.len() - 1]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count()
            % 2
            == 1;
    let inner_end = if raw.len() >= 2 && raw.ends_with('"') && !escaped {
        range.end - 1
    } else {
        range.end
    };
    let inner = file_text
        .get(inner_start..inner_end.max(inner_start))
        .unwrap_or("");
    if !inner.contains('\\') {
        return parse_template(inner, inner_start);
    }
    // Decode the escapes, remembering for every decoded byte the file offset it came from.
    let (decoded, map) = decode_json_escapes(inner, inner_start);
    let (mut expr, mut errors) = parser::parse_bare_template(&decoded);
    let remap = |o: u32| map.get(o as usize).copied().unwrap_or(inner_end as u32);
    expr.map_ranges(&remap);
    for e in &mut errors {
        e.range = TextRange {
            start: remap(e.range.start),
            end: remap(e.range.end),
        };
    }
    (expr, errors)
}

/// Decodes JSON string escapes. `map[i]` is the file offset of decoded byte `i`; it has one
/// extra entry for the end.
fn decode_json_escapes(inner: &str, base: usize) -> (String, Vec<u32>) {
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut map = Vec::with_capacity(inner.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let ch = if bytes[i] == b'\\' && i + 1 < bytes.len() {
            i += 2;
            match bytes[i - 1] {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'u' => {
                    let hex = |at: usize| {
                        inner
                            .get(at..at + 4)
                            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                    };
                    match hex(i) {
                        Some(hi) if (0xD800..0xDC00).contains(&hi) => {
                            let lo = if inner.get(i + 4..i + 6) == Some("\\u") {
                                hex(i + 6)
                            } else {
                                None
                            };
                            match lo {
                                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                    i += 10;
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                        .unwrap_or('\u{FFFD}')
                                }
                                _ => {
                                    i += 4;
                                    '\u{FFFD}'
                                }
                            }
                        }
                        Some(cp) => {
                            i += 4;
                            char::from_u32(cp).unwrap_or('\u{FFFD}')
                        }
                        None => 'u',
                    }
                }
                other if other.is_ascii() => other as char,
                _ => {
                    // A backslash before a multi-byte character (invalid JSON): keep the
                    // character whole.
                    let c = inner[start + 1..].chars().next().unwrap_or('\u{FFFD}');
                    i = start + 1 + c.len_utf8();
                    c
                }
            }
        } else {
            // A whole UTF-8 character.
            let c = inner[i..].chars().next().unwrap_or('\u{FFFD}');
            i += c.len_utf8().max(1);
            c
        };
        for _ in 0..ch.len_utf8() {
            map.push((base + start) as u32);
        }
        out.push(ch);
    }
    map.push((base + bytes.len()) as u32);
    (out, map)
}

/// The contents of a file or of a block between its braces.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// Attributes and blocks in source order.
    pub items: Vec<Structure>,
    /// The whole body: the file, or the block's braces included.
    pub range: TextRange,
}

impl Body {
    /// Attributes in source order.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.items.iter().filter_map(|s| match s {
            Structure::Attribute(a) => Some(a),
            Structure::Block(_) => None,
        })
    }

    /// Blocks in source order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.items.iter().filter_map(|s| match s {
            Structure::Block(b) => Some(b),
            Structure::Attribute(_) => None,
        })
    }

    /// The attribute called `name` (the first one, if a broken file repeats it).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes().find(|a| a.name.name == name)
    }

    /// The blocks of type `ident`.
    pub fn blocks_of<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks().filter(move |b| b.ident.name == ident)
    }
}

/// One item of a body.
#[derive(Clone, Debug, PartialEq)]
pub enum Structure {
    /// `name = expr`
    Attribute(Attribute),
    /// `type "label" { ... }`
    Block(Block),
}

/// A name with its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    /// The name as written.
    pub name: String,
    /// Where it is written.
    pub range: TextRange,
}

/// `name = expr`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The attribute's name.
    pub name: Ident,
    /// Its value (an [`ExprKind::Error`] when nothing parsed after `=`).
    pub expr: Expr,
    /// From the name through the end of the expression.
    pub range: TextRange,
}

/// `type "label" label { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The block type: `resource`, `variable`, `initial_replica_set`, ...
    pub ident: Ident,
    /// The labels after the type.
    pub labels: Vec<Label>,
    /// The body; empty (with an empty range after the header) when the `{` is missing.
    pub body: Body,
    /// From the type through the closing brace (or as far as the block got).
    pub range: TextRange,
}

impl Block {
    /// The value of label `i`, if present.
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|l| l.value.as_str())
    }

    /// The header from the block type through the last label.
    pub fn header_range(&self) -> TextRange {
        match self.labels.last() {
            Some(l) => self.ident.range.cover(l.range),
            None => self.ident.range,
        }
    }

    /// The labels, from the first through the last (quotes included); `None` without labels.
    pub fn labels_range(&self) -> Option<TextRange> {
        Some(self.labels.first()?.range.cover(self.labels.last()?.range))
    }
}

/// A block label: `"azurerm_resource_group"` or a bare identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Decoded value.
    pub value: String,
    /// Quotes included.
    pub range: TextRange,
    /// Written as a quoted string rather than a bare identifier.
    pub quoted: bool,
}

/// An expression and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it is written (quotes, brackets and heredoc markers included).
    pub range: TextRange,
}

/// The expression forms of HCL.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number literal (a leading `-` is an [`ExprKind::Unary`]).
    Number(f64),
    /// A quoted string, a heredoc, or a template string of Terraform JSON.
    Template(Template),
    /// A root name: `var`, `local`, `azurerm_subnet`, an iteration variable.
    Variable(String),
    /// `target.name`.
    GetAttr {
        /// The traversed expression.
        target: Box<Expr>,
        /// The attribute's name.
        name: Ident,
    },
    /// `target[key]`; `legacy` for the `target.0` form.
    Index {
        /// The indexed expression.
        target: Box<Expr>,
        /// The key or index.
        key: Box<Expr>,
        /// Written `target.0`.
        legacy: bool,
    },
    /// `source[*].each...` (full splat) or `source.*.each...` (attribute-only splat): `each` is
    /// evaluated for every element, with [`ExprKind::SplatItem`] standing for the element.
    Splat {
        /// The list (or single value) splatted.
        source: Box<Expr>,
        /// What is taken from each element.
        each: Box<Expr>,
        /// The `.*` form.
        attr_only: bool,
    },
    /// The element placeholder inside [`ExprKind::Splat::each`].
    SplatItem,
    /// `[a, b]`.
    Tuple(Vec<Expr>),
    /// `{ k = v, "k" : v, (expr) = v }`.
    Object(Vec<ObjectItem>),
    /// `name(args)` / `provider::ns::name(args...)`.
    Call(Box<Call>),
    /// `cond ? a : b`.
    Conditional {
        /// The condition.
        cond: Box<Expr>,
        /// The value when it is true.
        then: Box<Expr>,
        /// The value when it is false.
        otherwise: Box<Expr>,
    },
    /// `-x`, `!x`.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// `a + b`, `a && b`, ... (precedence already applied).
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// `[for ...]` or `{for ...}`.
    For(Box<ForExpr>),
    /// `(expr)`.
    Parens(Box<Expr>),
    /// Something that did not parse; an error was recorded for it.
    Error,
}

/// An item of an object constructor. A bare identifier key (`name = ...`) is an
/// [`ExprKind::Variable`] and means the string `"name"`; write `(name)` to use a variable's value.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectItem {
    /// The key expression.
    pub key: Expr,
    /// The value.
    pub value: Expr,
}

impl ObjectItem {
    /// The key as a fixed string, when it is one (bare identifier or literal string).
    pub fn literal_key(&self) -> Option<&str> {
        match &self.key.kind {
            ExprKind::Variable(name) => Some(name),
            ExprKind::Template(t) => t.as_literal().map(|(s, _)| s),
            _ => None,
        }
    }
}

/// A function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The name, `provider::ns::` prefix included.
    pub name: Ident,
    /// The arguments.
    pub args: Vec<Expr>,
    /// The last argument is followed by `...` (its elements are the arguments).
    pub expand_final: bool,
}

/// A `for` expression: object form when `key` is set.
#[derive(Clone, Debug, PartialEq)]
pub struct ForExpr {
    /// `k` in `for k, v in ...`.
    pub key_var: Option<Ident>,
    /// `v` in `for k, v in ...` (or the only variable).
    pub value_var: Ident,
    /// What is iterated.
    pub collection: Expr,
    /// The `key =>` part of the object form.
    pub key: Option<Expr>,
    /// The element (tuple form) or the value (object form).
    pub value: Expr,
    /// `...` after the value (object form): values with the same key are grouped in a list.
    pub grouping: bool,
    /// The `if` filter.
    pub cond: Option<Expr>,
    /// `{for ...}` rather than `[for ...]`.
    pub object: bool,
}

/// A prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `!`
    Not,
}

/// An infix operator, from the loosest binding (`||`) to the tightest (`*`, `/`, `%`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

impl BinaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
        }
    }
}

/// Where a template came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// `"..."`: backslash escapes apply.
    Quoted,
    /// `<<EOF` / `<<-EOF` (`indented`): no backslash escapes.
    Heredoc {
        /// `<<-`: the common indentation is removed.
        indented: bool,
    },
    /// Template text without delimiters (Terraform JSON strings, [`parse_template`]).
    Bare,
}

/// A template: literal text, interpolations and directives.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// How it is delimited.
    pub kind: TemplateKind,
    /// Its pieces, in order.
    pub parts: Vec<TemplatePart>,
    /// The text between the delimiters: inside the quotes, the heredoc's lines.
    pub content: TextRange,
}

impl Template {
    /// The decoded string and the content range when the template is a plain literal (no
    /// interpolation or directive). `""` gives `("", empty range)`.
    pub fn as_literal(&self) -> Option<(&str, TextRange)> {
        match self.parts.as_slice() {
            [] => Some(("", self.content)),
            [TemplatePart::Literal { value, .. }] => Some((value, self.content)),
            _ => None,
        }
    }
}

/// A piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Text, decoded (escapes applied, `~` stripping applied); `range` is the raw text.
    Literal {
        /// The text.
        value: String,
        /// Where it is written.
        range: TextRange,
    },
    /// `${expr}`; `range` includes `${` and `}`.
    Interp {
        /// The interpolated expression.
        expr: Expr,
        /// The whole sequence.
        range: TextRange,
    },
    /// `%{if cond}then%{else}otherwise%{endif}`.
    If {
        /// The condition.
        cond: Expr,
        /// The parts when it is true.
        then: Vec<TemplatePart>,
        /// The parts when it is false (empty without `%{else}`).
        otherwise: Vec<TemplatePart>,
        /// From `%{if` through `%{endif}`.
        range: TextRange,
    },
    /// `%{for k, v in collection}body%{endfor}`.
    For {
        /// `k`, when two variables are given.
        key_var: Option<Ident>,
        /// `v`.
        value_var: Ident,
        /// What is iterated.
        collection: Expr,
        /// The repeated parts.
        body: Vec<TemplatePart>,
        /// From `%{for` through `%{endfor}`.
        range: TextRange,
    },
}

/// One step of a static traversal.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<'a> {
    /// `.name`
    Attr(&'a str),
    /// `["key"]`
    Key(&'a str),
    /// `[0]` or `.0`
    Index(f64),
    /// `[*]` or `.*` (only in [`Expr::splat_path`]).
    Splat,
}

impl Expr {
    /// `Some((root, steps))` when the expression is a plain traversal such as
    /// `azurerm_subnet.example.id` or `var.settings["location"]` (literal keys only).
    pub fn as_traversal(&self) -> Option<(&str, Vec<Step<'_>>)> {
        let mut steps = Vec::new();
        let root = self.collect_steps(&mut steps, false)?;
        Some((root, steps))
    }

    /// Like [`Expr::as_traversal`], also through splats: `azurerm_virtual_network.v.subnet[*].id`
    /// gives `[Attr("v"), Attr("subnet"), Splat, Attr("id")]`.
    pub fn splat_path(&self) -> Option<(&str, Vec<Step<'_>>)> {
        let mut steps = Vec::new();
        let root = self.collect_steps(&mut steps, true)?;
        Some((root, steps))
    }

    fn collect_steps<'a>(&'a self, steps: &mut Vec<Step<'a>>, splats: bool) -> Option<&'a str> {
        match &self.kind {
            ExprKind::Variable(name) => Some(name),
            ExprKind::GetAttr { target, name } => {
                let root = target.collect_steps(steps, splats)?;
                steps.push(Step::Attr(&name.name));
                Some(root)
            }
            ExprKind::Index { target, key, .. } => {
                let root = target.collect_steps(steps, splats)?;
                match &key.kind {
                    ExprKind::Number(n) => steps.push(Step::Index(*n)),
                    ExprKind::Template(t) => steps.push(Step::Key(t.as_literal()?.0)),
                    _ => return None,
                }
                Some(root)
            }
            ExprKind::Splat { source, each, .. } if splats => {
                let root = source.collect_steps(steps, splats)?;
                steps.push(Step::Splat);
                each.collect_splat_steps(steps)?;
                Some(root)
            }
            _ => None,
        }
    }

    fn collect_splat_steps<'a>(&'a self, steps: &mut Vec<Step<'a>>) -> Option<()> {
        match &self.kind {
            ExprKind::SplatItem => Some(()),
            ExprKind::GetAttr { target, name } => {
                target.collect_splat_steps(steps)?;
                steps.push(Step::Attr(&name.name));
                Some(())
            }
            ExprKind::Index { target, key, .. } => {
                target.collect_splat_steps(steps)?;
                match &key.kind {
                    ExprKind::Number(n) => steps.push(Step::Index(*n)),
                    ExprKind::Template(t) => steps.push(Step::Key(t.as_literal()?.0)),
                    _ => return None,
                }
                Some(())
            }
            _ => None,
        }
    }

    /// The string and its content range (without quotes) when the expression is a plain
    /// quoted string without interpolation or escape-free template text (never a heredoc, whose
    /// raw bytes differ from its value).
    pub fn as_string_literal(&self) -> Option<(&str, TextRange)> {
        match &self.kind {
            ExprKind::Template(t) if !matches!(t.kind, TemplateKind::Heredoc { .. }) => {
                t.as_literal()
            }
            _ => None,
        }
    }

    /// Drops the parentheses around an expression.
    pub fn unparenthesized(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Parens(inner) = &e.kind {
            e = inner;
        }
        e
    }

    /// Rewrites every range of the tree (used to place a sub-parse into its file).
    pub fn map_ranges(&mut self, f: &dyn Fn(u32) -> u32) {
        fn map(r: &mut TextRange, f: &dyn Fn(u32) -> u32) {
            r.start = f(r.start);
            r.end = f(r.end).max(r.start);
        }
        fn map_parts(parts: &mut [TemplatePart], f: &dyn Fn(u32) -> u32) {
            for p in parts {
                match p {
                    TemplatePart::Literal { range, .. } => map(range, f),
                    TemplatePart::Interp { expr, range } => {
                        expr.map_ranges(f);
                        map(range, f);
                    }
                    TemplatePart::If {
                        cond,
                        then,
                        otherwise,
                        range,
                    } => {
                        cond.map_ranges(f);
                        map_parts(then, f);
                        map_parts(otherwise, f);
                        map(range, f);
                    }
                    TemplatePart::For {
                        key_var,
                        value_var,
                        collection,
                        body,
                        range,
                    } => {
                        if let Some(k) = key_var {
                            map(&mut k.range, f);
                        }
                        map(&mut value_var.range, f);
                        collection.map_ranges(f);
                        map_parts(body, f);
                        map(range, f);
                    }
                }
            }
        }
        map(&mut self.range, f);
        match &mut self.kind {
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::Variable(_)
            | ExprKind::SplatItem
            | ExprKind::Error => {}
            ExprKind::Template(t) => {
                map(&mut t.content, f);
                map_parts(&mut t.parts, f);
            }
            ExprKind::GetAttr { target, name } => {
                target.map_ranges(f);
                map(&mut name.range, f);
            }
            ExprKind::Index { target, key, .. } => {
                target.map_ranges(f);
                key.map_ranges(f);
            }
            ExprKind::Splat { source, each, .. } => {
                source.map_ranges(f);
                each.map_ranges(f);
            }
            ExprKind::Tuple(items) => items.iter_mut().for_each(|e| e.map_ranges(f)),
            ExprKind::Object(items) => {
                for it in items {
                    it.key.map_ranges(f);
                    it.value.map_ranges(f);
                }
            }
            ExprKind::Call(call) => {
                map(&mut call.name.range, f);
                call.args.iter_mut().for_each(|e| e.map_ranges(f));
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                cond.map_ranges(f);
                then.map_ranges(f);
                otherwise.map_ranges(f);
            }
            ExprKind::Unary { operand, .. } => operand.map_ranges(f),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.map_ranges(f);
                rhs.map_ranges(f);
            }
            ExprKind::For(fe) => {
                if let Some(k) = &mut fe.key_var {
                    map(&mut k.range, f);
                }
                map(&mut fe.value_var.range, f);
                fe.collection.map_ranges(f);
                if let Some(k) = &mut fe.key {
                    k.map_ranges(f);
                }
                fe.value.map_ranges(f);
                if let Some(c) = &mut fe.cond {
                    c.map_ranges(f);
                }
            }
            ExprKind::Parens(inner) => inner.map_ranges(f),
        }
    }
}

#[cfg(test)]
mod tests;
