//! The ARM template expression language: the text of a JSON string that starts with `[` and
//! ends with `]` (`[[` escapes a literal `[`).
//!
//! ```text
//! expr    := primary ( '.' name | '[' expr ']' )*
//! primary := 'string' | number | name '(' (expr (',' expr)*)? ')'
//! ```
//!
//! Strings are single-quoted with `''` for a quote; function names are case-insensitive and
//! may be namespaced (`ns.func(...)`, user-defined functions).

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Str(String),
    Num(f64),
    /// A function call. `name` as written (`parameters`, `ns.func`).
    Call {
        name: String,
        args: Vec<Expr>,
    },
    /// `base.name`
    Prop(Box<Expr>, String),
    /// `base[index]`
    Index(Box<Expr>, Box<Expr>),
}

/// What a JSON string means to ARM.
#[derive(Debug, PartialEq)]
pub(crate) enum StrForm<'s> {
    /// A plain string.
    Literal,
    /// `[[...]`: the string with its first `[` dropped.
    Escaped(&'s str),
    /// `[...]`: the expression text between the brackets.
    Expression(&'s str),
}

/// Tells a literal string from an expression.
pub(crate) fn str_form(s: &str) -> StrForm<'_> {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b'[' && b[b.len() - 1] == b']' {
        if b[1] == b'[' {
            StrForm::Escaped(&s[1..])
        } else {
            StrForm::Expression(&s[1..s.len() - 1])
        }
    } else {
        StrForm::Literal
    }
}

/// Nesting deeper than this is refused (no stack overflow on hostile input).
const MAX_NESTING: u32 = 128;

/// Parses the text between the brackets. The error says what was expected where.
pub(crate) fn parse(src: &str) -> Result<Expr, String> {
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        pos: 0,
        nesting: 0,
    };
    let e = p.expr()?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(format!(
            "unexpected `{}` at offset {} of the expression",
            p.snippet(),
            p.pos
        ));
    }
    Ok(e)
}

struct Parser<'s> {
    s: &'s [u8],
    src: &'s str,
    pos: usize,
    nesting: u32,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.pos).copied()
    }

    fn snippet(&self) -> String {
        self.src
            .get(self.pos..)
            .unwrap_or("")
            .chars()
            .take(12)
            .collect()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else if self.pos >= self.s.len() {
            Err(format!(
                "expected `{}` at the end of the expression",
                c as char
            ))
        } else {
            Err(format!(
                "expected `{}` at offset {}, found `{}`",
                c as char,
                self.pos,
                self.snippet()
            ))
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err("expression nested too deeply".into());
        }
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Some(b'.') => {
                    self.pos += 1;
                    self.ws();
                    let name = self.name();
                    if name.is_empty() {
                        return Err(format!(
                            "expected a property name after '.' at offset {}",
                            self.pos
                        ));
                    }
                    e = Expr::Prop(Box::new(e), name.to_string());
                }
                Some(b'[') => {
                    self.pos += 1;
                    let index = self.expr()?;
                    self.expect(b']')?;
                    e = Expr::Index(Box::new(e), Box::new(index));
                }
                _ => break,
            }
        }
        self.nesting -= 1;
        Ok(e)
    }

    fn name(&mut self) -> &str {
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || matches!(self.s[self.pos], b'_' | b'$'))
        {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.peek() {
            None => Err("expected a value at the end of the expression".into()),
            Some(b'\'') => self.string().map(Expr::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let mut name = self.name().to_string();
                // Namespaced user-defined function: `ns.func(`.
                let save = self.pos;
                if self.s.get(self.pos) == Some(&b'.') {
                    self.pos += 1;
                    let member = self.name().to_string();
                    if !member.is_empty() && self.peek() == Some(b'(') {
                        name = format!("{name}.{member}");
                    } else {
                        self.pos = save;
                    }
                }
                if self.peek() != Some(b'(') {
                    return Err(format!(
                        "`{name}` is not a function call (expected '(' after it)"
                    ));
                }
                self.pos += 1;
                let mut args = Vec::new();
                if self.peek() == Some(b')') {
                    self.pos += 1;
                } else {
                    loop {
                        args.push(self.expr()?);
                        match self.peek() {
                            Some(b',') => self.pos += 1,
                            Some(b')') => {
                                self.pos += 1;
                                break;
                            }
                            _ => {
                                return Err(if self.pos >= self.s.len() {
                                    format!("expected ')' to close {name}(")
                                } else {
                                    format!(
                                        "expected ',' or ')' in {name}( at offset {}, found `{}`",
                                        self.pos,
                                        self.snippet()
                                    )
                                })
                            }
                        }
                    }
                }
                Ok(Expr::Call { name, args })
            }
            Some(_) => Err(format!(
                "expected a value at offset {}, found `{}`",
                self.pos,
                self.snippet()
            )),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.s.get(self.pos) {
                None => {
                    self.pos = start;
                    return Err(format!("unclosed string starting at offset {start}"));
                }
                Some(b'\'') => {
                    out.push_str(&self.src[run..self.pos]);
                    if self.s.get(self.pos + 1) == Some(&b'\'') {
                        out.push('\'');
                        self.pos += 2;
                        run = self.pos;
                    } else {
                        self.pos += 1;
                        return Ok(out);
                    }
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Result<Expr, String> {
        let start = self.pos;
        if self.s[self.pos] == b'-' {
            self.pos += 1;
        }
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_digit() || self.s[self.pos] == b'.')
        {
            self.pos += 1;
        }
        self.src[start..self.pos]
            .parse::<f64>()
            .map(Expr::Num)
            .map_err(|_| format!("invalid number `{}`", &self.src[start..self.pos]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Call {
            name: name.into(),
            args,
        }
    }

    fn s(v: &str) -> Expr {
        Expr::Str(v.into())
    }

    #[test]
    fn forms() {
        assert_eq!(str_form("westus"), StrForm::Literal);
        assert_eq!(str_form("[x"), StrForm::Literal);
        assert_eq!(str_form("x]"), StrForm::Literal);
        assert_eq!(str_form("[]"), StrForm::Expression(""));
        assert_eq!(
            str_form("[parameters('a')]"),
            StrForm::Expression("parameters('a')")
        );
        assert_eq!(str_form("[[literal]"), StrForm::Escaped("[literal]"));
    }

    #[test]
    fn calls_strings_and_numbers() {
        assert_eq!(
            parse(" concat( 'a''b' , parameters('x'), -12, 3.5 ) ").unwrap(),
            call(
                "concat",
                vec![
                    s("a'b"),
                    call("parameters", vec![s("x")]),
                    Expr::Num(-12.0),
                    Expr::Num(3.5)
                ]
            )
        );
        assert_eq!(parse("utcNow()").unwrap(), call("utcNow", vec![]));
        assert_eq!(parse("''''").unwrap(), s("'"));
        assert_eq!(parse("'é]'").unwrap(), s("é]"));
    }

    #[test]
    fn access_chains() {
        let e = parse("reference('vnet', '2020-06-01', 'full').properties.subnets[0].id").unwrap();
        let r = call("reference", vec![s("vnet"), s("2020-06-01"), s("full")]);
        let expected = Expr::Prop(
            Box::new(Expr::Index(
                Box::new(Expr::Prop(
                    Box::new(Expr::Prop(Box::new(r), "properties".into())),
                    "subnets".into(),
                )),
                Box::new(Expr::Num(0.0)),
            )),
            "id".into(),
        );
        assert_eq!(e, expected);
        let e = parse("variables('pairs')[parameters('location')]").unwrap();
        assert_eq!(
            e,
            Expr::Index(
                Box::new(call("variables", vec![s("pairs")])),
                Box::new(call("parameters", vec![s("location")]))
            )
        );
    }

    #[test]
    fn namespaced_functions() {
        assert_eq!(
            parse("contoso.uniqueName(parameters('p')).x").unwrap(),
            Expr::Prop(
                Box::new(call(
                    "contoso.uniqueName",
                    vec![call("parameters", vec![s("p")])]
                )),
                "x".into()
            )
        );
        // A property access right after a call is not a namespace.
        assert_eq!(
            parse("resourceGroup().location").unwrap(),
            Expr::Prop(Box::new(call("resourceGroup", vec![])), "location".into())
        );
    }

    #[test]
    fn errors() {
        for (src, msg) in [
            ("concat('a'", "expected ')' to close concat("),
            ("'abc", "unclosed string starting at offset 0"),
            (
                "location",
                "`location` is not a function call (expected '(' after it)",
            ),
            (
                "f(1 2)",
                "expected ',' or ')' in f( at offset 4, found `2)`",
            ),
            ("f() g()", "unexpected `g()` at offset 4 of the expression"),
            ("", "expected a value at the end of the expression"),
            ("a.", "`a` is not a function call (expected '(' after it)"),
            ("f().", "expected a property name after '.' at offset 4"),
            ("f()[0", "expected `]` at the end of the expression"),
        ] {
            assert_eq!(parse(src).unwrap_err(), msg, "{src}");
        }
        let deep = "f(".repeat(1000);
        assert!(parse(&deep).is_err());
    }
}
