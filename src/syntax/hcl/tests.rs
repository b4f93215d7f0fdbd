use super::*;

/// A compact rendering of an expression tree.
fn sx(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Null => "null".into(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Number(n) => n.to_string(),
        ExprKind::Template(t) => {
            let parts: Vec<String> = t.parts.iter().map(part).collect();
            format!("(tpl {})", parts.join(" "))
        }
        ExprKind::Variable(v) => v.clone(),
        ExprKind::GetAttr { target, name } => format!("{}.{}", sx(target), name.name),
        ExprKind::Index {
            target,
            key,
            legacy,
        } => {
            if *legacy {
                format!("{}.[{}]", sx(target), sx(key))
            } else {
                format!("{}[{}]", sx(target), sx(key))
            }
        }
        ExprKind::Splat {
            source,
            each,
            attr_only,
        } => format!(
            "(splat{} {} {})",
            if *attr_only { "." } else { "" },
            sx(source),
            sx(each)
        ),
        ExprKind::SplatItem => "@".into(),
        ExprKind::Tuple(items) => {
            format!("[{}]", items.iter().map(sx).collect::<Vec<_>>().join(" "))
        }
        ExprKind::Object(items) => format!(
            "{{{}}}",
            items
                .iter()
                .map(|i| format!("{}={}", sx(&i.key), sx(&i.value)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        ExprKind::Call(c) => format!(
            "({}{} {})",
            c.name.name,
            if c.expand_final { "..." } else { "" },
            c.args.iter().map(sx).collect::<Vec<_>>().join(" ")
        ),
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
        } => format!("(? {} {} {})", sx(cond), sx(then), sx(otherwise)),
        ExprKind::Unary { op, operand } => format!(
            "({} {})",
            match op {
                UnaryOp::Neg => "-",
                UnaryOp::Not => "!",
            },
            sx(operand)
        ),
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.as_str(), sx(lhs), sx(rhs))
        }
        ExprKind::For(f) => {
            let mut s = format!(
                "(for{} {}{} {}",
                if f.object { "{}" } else { "[]" },
                f.key_var
                    .as_ref()
                    .map(|k| format!("{},", k.name))
                    .unwrap_or_default(),
                f.value_var.name,
                sx(&f.collection)
            );
            if let Some(k) = &f.key {
                s += &format!(" {} =>", sx(k));
            }
            s += &format!(" {}", sx(&f.value));
            if f.grouping {
                s += " ...";
            }
            if let Some(c) = &f.cond {
                s += &format!(" if {}", sx(c));
            }
            s + ")"
        }
        ExprKind::Parens(inner) => format!("({})", sx(inner)),
        ExprKind::Error => "ERR".into(),
    }
}

fn part(p: &TemplatePart) -> String {
    match p {
        TemplatePart::Literal { value, .. } => format!("{value:?}"),
        TemplatePart::Interp { expr, .. } => format!("${{{}}}", sx(expr)),
        TemplatePart::If {
            cond,
            then,
            otherwise,
            ..
        } => format!(
            "%if({} [{}] [{}])",
            sx(cond),
            then.iter().map(part).collect::<Vec<_>>().join(" "),
            otherwise.iter().map(part).collect::<Vec<_>>().join(" ")
        ),
        TemplatePart::For {
            key_var,
            value_var,
            collection,
            body,
            ..
        } => format!(
            "%for({}{} {} [{}])",
            key_var
                .as_ref()
                .map(|k| format!("{},", k.name))
                .unwrap_or_default(),
            value_var.name,
            sx(collection),
            body.iter().map(part).collect::<Vec<_>>().join(" ")
        ),
    }
}

/// Parses `x = <src>` and renders the expression; asserts no errors.
fn expr(src: &str) -> String {
    let text = format!("x = {src}\n");
    let parsed = parse(&text);
    assert!(parsed.errors.is_empty(), "{src}: {:?}", parsed.errors);
    let attr = parsed.body.attribute("x").expect("attribute x");
    sx(&attr.expr)
}

fn errors(text: &str) -> Vec<(String, u32)> {
    parse(text)
        .errors
        .into_iter()
        .map(|e| (e.message, e.range.start))
        .collect()
}

fn slice(text: &str, r: TextRange) -> &str {
    &text[r.as_range()]
}

#[test]
fn bodies_blocks_labels_and_comments() {
    let text = r#"# hash comment
// slash comment
/* block
   comment */
resource "azurerm_resource_group" "rg" {
  name     = "rg" # trailing
  location = "westeurope" // trailing
  tags = { a = 1 } /* inline */
  nested { inner = true }
  dynamic "subnet" {
    for_each = var.subnets
    content {}
  }
}
locals { one_line = 1 }
terraform {}
bare_label foo bar {
}
"#;
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let blocks: Vec<_> = parsed.body.blocks().collect();
    assert_eq!(blocks.len(), 4);
    let rg = blocks[0];
    assert_eq!(rg.ident.name, "resource");
    assert_eq!(rg.label(0), Some("azurerm_resource_group"));
    assert_eq!(rg.label(1), Some("rg"));
    assert_eq!(
        slice(text, rg.header_range()),
        r#"resource "azurerm_resource_group" "rg""#
    );
    assert_eq!(
        slice(text, rg.labels_range().unwrap()),
        r#""azurerm_resource_group" "rg""#
    );
    assert!(slice(text, rg.range).ends_with("}\n}"));
    let loc = rg.body.attribute("location").unwrap();
    assert_eq!(slice(text, loc.expr.range), "\"westeurope\"");
    assert_eq!(slice(text, loc.range), "location = \"westeurope\"");
    let (value, content) = loc.expr.as_string_literal().unwrap();
    assert_eq!(value, "westeurope");
    assert_eq!(slice(text, content), "westeurope");
    assert_eq!(rg.body.blocks_of("nested").count(), 1);
    let dynamic = rg.body.blocks_of("dynamic").next().unwrap();
    assert_eq!(dynamic.label(0), Some("subnet"));
    assert_eq!(dynamic.body.blocks_of("content").count(), 1);
    assert_eq!(
        blocks[1].body.attribute("one_line").map(|a| sx(&a.expr)),
        Some("1".into())
    );
    assert!(blocks[2].body.items.is_empty());
    let bare = blocks[3];
    assert_eq!(bare.labels.len(), 2);
    assert!(!bare.labels[0].quoted);
    assert_eq!(bare.label(1), Some("bar"));
}

#[test]
fn literals_and_numbers() {
    assert_eq!(expr("null"), "null");
    assert_eq!(expr("true"), "true");
    assert_eq!(expr("false"), "false");
    assert_eq!(expr("42"), "42");
    assert_eq!(expr("1.5e3"), "1500");
    assert_eq!(expr("-3"), "(- 3)");
    assert_eq!(expr("\"plain\""), "(tpl \"plain\")");
    assert_eq!(expr("\"\""), "(tpl )");
}

#[test]
fn operator_precedence() {
    assert_eq!(expr("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(expr("1 - 2 - 3"), "(- (- 1 2) 3)");
    assert_eq!(expr("a || b && c"), "(|| a (&& b c))");
    assert_eq!(expr("a == b || c != d"), "(|| (== a b) (!= c d))");
    assert_eq!(expr("1 + 2 < 4 == true"), "(== (< (+ 1 2) 4) true)");
    assert_eq!(expr("!a && -b.c > 1 % 2"), "(&& (! a) (> (- b.c) (% 1 2)))");
    assert_eq!(expr("(1 + 2) * 3"), "(* ((+ 1 2)) 3)");
    assert_eq!(expr("a ? b : c ? d : e"), "(? a b (? c d e))");
    assert_eq!(
        expr("a == 1 ? \"x\" : \"y\""),
        "(? (== a 1) (tpl \"x\") (tpl \"y\"))"
    );
    assert_eq!(expr("a >= 1 && b <= 2"), "(&& (>= a 1) (<= b 2))");
}

#[test]
fn traversals_indexes_and_splats() {
    assert_eq!(expr("a.b[0].c"), "a.b[0].c");
    assert_eq!(expr("a.0.b"), "a.[0].b");
    assert_eq!(expr("a[\"k\"]"), "a[(tpl \"k\")]");
    assert_eq!(expr("a[*].b.c"), "(splat a @.b.c)");
    assert_eq!(expr("a[*].b[0]"), "(splat a @.b[0])");
    assert_eq!(expr("a.*.b[0]"), "(splat. a @.b)[0]");
    assert_eq!(expr("a.*.b.0"), "(splat. a @.b.[0])");
    assert_eq!(expr("a[b.c]"), "a[b.c]");
    assert_eq!(expr("f(x)[0].y"), "(f x)[0].y");
    assert_eq!(expr("count.index-1"), "count.index-1");

    let text = "x = azurerm_virtual_network.v.subnet[*].id\ny = var.m[\"k\"].z[2]\n";
    let parsed = parse(text);
    let x = &parsed.body.attribute("x").unwrap().expr;
    assert!(x.as_traversal().is_none());
    let (root, steps) = x.splat_path().unwrap();
    assert_eq!(root, "azurerm_virtual_network");
    assert_eq!(
        steps,
        vec![
            Step::Attr("v"),
            Step::Attr("subnet"),
            Step::Splat,
            Step::Attr("id")
        ]
    );
    let y = &parsed.body.attribute("y").unwrap().expr;
    let (root, steps) = y.as_traversal().unwrap();
    assert_eq!(root, "var");
    assert_eq!(
        steps,
        vec![
            Step::Attr("m"),
            Step::Key("k"),
            Step::Attr("z"),
            Step::Index(2.0)
        ]
    );
    assert_eq!(slice(text, y.range), "var.m[\"k\"].z[2]");
}

#[test]
fn function_calls() {
    assert_eq!(expr("lower(\"A\")"), "(lower (tpl \"A\"))");
    assert_eq!(expr("f()"), "(f )");
    assert_eq!(expr("f(a, b,)"), "(f a b)");
    assert_eq!(expr("f(\n  a,\n  b\n)"), "(f a b)");
    assert_eq!(expr("concat(a, b...)"), "(concat... a b)");
    assert_eq!(
        expr("provider::terraform::encode_tfvars(x)"),
        "(provider::terraform::encode_tfvars x)"
    );
    assert_eq!(expr("merge(a, { b = 1 })"), "(merge a {b=1})");
}

#[test]
fn tuples_and_objects() {
    assert_eq!(expr("[]"), "[]");
    assert_eq!(expr("[1, 2, 3,]"), "[1 2 3]");
    assert_eq!(expr("[\n 1,\n 2\n]"), "[1 2]");
    assert_eq!(expr("{}"), "{}");
    assert_eq!(expr("{ a = 1, b = 2 }"), "{a=1 b=2}");
    assert_eq!(
        expr("{\n a = 1\n b : 2\n \"c\" = 3,\n (d) = 4\n}"),
        "{a=1 b=2 (tpl \"c\")=3 (d)=4}"
    );
    assert_eq!(
        expr("{ \"User-Agent\" : local.h }"),
        "{(tpl \"User-Agent\")=local.h}"
    );
    assert_eq!(expr("{ a = { b = [1] } }"), "{a={b=[1]}}");
    let text = "x = { a = 1, \"b\" = 2, (c) = 3 }\n";
    let parsed = parse(text);
    let ExprKind::Object(items) = &parsed.body.attribute("x").unwrap().expr.kind else {
        panic!()
    };
    assert_eq!(items[0].literal_key(), Some("a"));
    assert_eq!(items[1].literal_key(), Some("b"));
    assert_eq!(items[2].literal_key(), None);
}

#[test]
fn for_expressions() {
    assert_eq!(expr("[for v in xs : v.id]"), "(for[] v xs v.id)");
    assert_eq!(
        expr("[for i, v in xs : upper(v) if i > 0]"),
        "(for[] i,v xs (upper v) if (> i 0))"
    );
    assert_eq!(expr("{for k, v in m : k => v}"), "(for{} k,v m k => v)");
    assert_eq!(
        expr("{\n  for k, v in m :\n  v.group => k...\n  if v != null\n}"),
        "(for{} k,v m v.group => k ... if (!= v null))"
    );
    assert_eq!(
        expr("merge([for x in y : {a = x}]...)"),
        "(merge... (for[] x y {a=x}))"
    );
    // `for` as an ordinary key.
    assert_eq!(expr("{ for = 1 }"), "{for=1}");
}

#[test]
fn templates_interpolations_and_directives() {
    assert_eq!(expr("\"a${b}c\""), "(tpl \"a\" ${b} \"c\")");
    assert_eq!(expr("\"${var.x}\""), "(tpl ${var.x})");
    assert_eq!(expr("\"$${literal}\""), "(tpl \"${literal}\")");
    assert_eq!(expr("\"%%{literal}\""), "(tpl \"%{literal}\")");
    assert_eq!(expr("\"$$ and %%\""), "(tpl \"$$ and %%\")");
    assert_eq!(
        expr(r#""tab\there \"q\" \u00e9 \\""#),
        "(tpl \"tab\\there \\\"q\\\" é \\\\\")"
    );
    assert_eq!(
        expr("\"%{if a}yes%{else}no%{endif}\""),
        "(tpl %if(a [\"yes\"] [\"no\"]))"
    );
    assert_eq!(
        expr("\"%{ for k, v in m }${k}=${v},%{ endfor }\""),
        "(tpl %for(k,v m [${k} \"=\" ${v} \",\"]))"
    );
    assert_eq!(expr("\"a ${~ b ~} c\""), "(tpl \"a\" ${b} \"c\")");
    assert_eq!(expr("\"${ {a = \"}\"}.a }\""), "(tpl ${{a=(tpl \"}\")}.a})");
    assert_eq!(
        expr("\"${f(\"x\", \"y\")}\""),
        "(tpl ${(f (tpl \"x\") (tpl \"y\"))})"
    );
}

#[test]
fn heredocs() {
    let text = "x = <<EOF\nline ${var.a}\n  two\nEOF\ny = <<-EOT\n    indented\n      more\n    EOT\nz = 1\n";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let x = &parsed.body.attribute("x").unwrap().expr;
    assert_eq!(sx(x), "(tpl \"line \" ${var.a} \"\\n  two\\n\")");
    assert_eq!(slice(text, x.range), "<<EOF\nline ${var.a}\n  two\nEOF");
    assert!(x.as_string_literal().is_none());
    let y = &parsed.body.attribute("y").unwrap().expr;
    assert_eq!(sx(y), "(tpl \"indented\\n  more\\n\")");
    assert_eq!(sx(&parsed.body.attribute("z").unwrap().expr), "1");
    // Heredoc in a call, closing marker indented, CRLF line ends.
    let text = "x = jsonencode(<<JSON\r\n{\"a\": 1}\r\n  JSON\r\n)\r\ny = 2\r\n";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(sx(&parsed.body.attribute("y").unwrap().expr), "2");
}

#[test]
fn expression_ranges() {
    let text = "x = lower(var.a) + 1\ny = [\"a\", \"b\"]\n";
    let parsed = parse(text);
    let x = &parsed.body.attribute("x").unwrap().expr;
    assert_eq!(slice(text, x.range), "lower(var.a) + 1");
    let ExprKind::Binary { lhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(slice(text, lhs.range), "lower(var.a)");
    let ExprKind::Call(call) = &lhs.kind else {
        panic!()
    };
    assert_eq!(slice(text, call.name.range), "lower");
    assert_eq!(slice(text, call.args[0].range), "var.a");
    let y = &parsed.body.attribute("y").unwrap().expr;
    let ExprKind::Tuple(items) = &y.kind else {
        panic!()
    };
    assert_eq!(slice(text, items[1].range), "\"b\"");
    assert_eq!(slice(text, items[1].as_string_literal().unwrap().1), "b");
}

#[test]
fn template_entry_points() {
    let (e, errs) = parse_template("eu-${var.region}", 10);
    assert!(errs.is_empty());
    assert_eq!(sx(&e), "(tpl \"eu-\" ${var.region})");
    let ExprKind::Template(t) = &e.kind else {
        panic!()
    };
    let TemplatePart::Interp { expr, range } = &t.parts[1] else {
        panic!()
    };
    assert_eq!(*range, TextRange::new(13, 26));
    assert_eq!(expr.range, TextRange::new(15, 25));

    // A JSON string with escapes: ranges still point into the file.
    let file = r#"{"location": "${lookup(var.m, \"k\")}\u00e9"}"#;
    let start = file.find("\"${").unwrap();
    let end = file.rfind('"').unwrap() + 1;
    let (e, errs) = parse_json_string_template(file, TextRange::new(start, end));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(sx(&e), "(tpl ${(lookup var.m (tpl \"k\"))} \"é\")");
    let ExprKind::Template(t) = &e.kind else {
        panic!()
    };
    let TemplatePart::Interp { expr, .. } = &t.parts[0] else {
        panic!()
    };
    assert_eq!(slice(file, expr.range), r#"lookup(var.m, \"k\")"#);
    let TemplatePart::Literal { range, .. } = &t.parts[1] else {
        panic!()
    };
    assert_eq!(slice(file, *range), r"\u00e9");

    // Without escapes, a plain string stays a literal with its content range.
    let file = r#"{"a": "westeurope"}"#;
    let (e, _) = parse_json_string_template(file, TextRange::new(6, 18));
    let (value, content) = e.as_string_literal().unwrap();
    assert_eq!((value, slice(file, content)), ("westeurope", "westeurope"));

    // A backslash before a multi-byte character (invalid JSON) does not split it.
    let file = "\"${a}\\é\"";
    let (e, _) = parse_json_string_template(file, TextRange::new(0, file.len()));
    assert_eq!(sx(&e), "(tpl ${a} \"é\")");

    let (_, errs) = parse_template("${var.x", 0);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.contains("expected '}'"), "{errs:?}");
}

#[test]
fn half_typed_attribute_keeps_the_rest() {
    let text = "resource \"a\" \"b\" {\n  location = \n  name = \"n\"\n}\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        errs[0].0,
        "expected an expression, found the end of the line"
    );
    assert_eq!(errs[0].1 as usize, text.find("= \n").unwrap() + 2);
    let block = parsed.body.blocks().next().unwrap();
    assert_eq!(
        block.body.attribute("location").unwrap().expr.kind,
        ExprKind::Error
    );
    assert_eq!(
        sx(&block.body.attribute("name").unwrap().expr),
        "(tpl \"n\")"
    );
}

#[test]
fn unterminated_string_stops_at_end_of_line() {
    let text = "a = \"westeu\nb = 2\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].0.starts_with("unterminated string"));
    assert_eq!(errs[0].1, 4);
    assert_eq!(
        sx(&parsed.body.attribute("a").unwrap().expr),
        "(tpl \"westeu\")"
    );
    assert_eq!(sx(&parsed.body.attribute("b").unwrap().expr), "2");
}

#[test]
fn unclosed_block_before_next_top_level_block() {
    let text = "resource \"a\" \"b\" {\n  x = 1\n\nresource \"c\" \"d\" {\n  y = 2\n}\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0]
            .0
            .contains("expected '}' to close the 'resource' block"),
        "{errs:?}"
    );
    assert_eq!(errs[0].1 as usize, text.find("resource \"c\"").unwrap());
    let blocks: Vec<_> = parsed.body.blocks().collect();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[1].label(1), Some("d"));
    assert_eq!(sx(&blocks[1].body.attribute("y").unwrap().expr), "2");
}

#[test]
fn unclosed_block_at_end_of_file() {
    let text = "locals {\n  a = 1\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(
        errs,
        vec![("expected '}' to close the 'locals' block".into(), 17)]
    );
    let locals = parsed.body.blocks().next().unwrap();
    assert_eq!(sx(&locals.body.attribute("a").unwrap().expr), "1");
}

#[test]
fn unclosed_object_and_list() {
    let text = "x = {\n  a = 1\n\nresource \"r\" \"n\" {\n}\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].0.contains("expected '}' to close the object"),
        "{errs:?}"
    );
    assert_eq!(parsed.body.blocks().count(), 1);

    let text = "x = [\"a\"\ny = 2\n";
    let parsed = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].0.contains("expected ',' or ']'"), "{errs:?}");
    assert_eq!(sx(&parsed.body.attribute("y").unwrap().expr), "2");
}

#[test]
fn garbage_and_misc_errors() {
    let errs = errors("@@@\nx = 1\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0]
        .0
        .contains("expected an attribute name or a block type"));
    let errs = errors("x = 1 2\n");
    assert!(
        errs[0]
            .0
            .contains("expected a newline after the attribute's value"),
        "{errs:?}"
    );
    let errs = errors("x = a.\n");
    assert!(
        errs[0].0.contains("expected an attribute name after '.'"),
        "{errs:?}"
    );
    let errs = errors("x = \"%{ endif }\"\n");
    assert!(errs[0].0.contains("unexpected %{endif}"), "{errs:?}");
    let errs = errors("x = \"%{ if a }b\"\n");
    assert!(errs[0].0.contains("missing %{endif}"), "{errs:?}");
    let errs = errors("x = <<EOF\nnever closed\n");
    assert!(errs[0].0.contains("unterminated heredoc"), "{errs:?}");
    let errs = errors("/* never closed\nx = 1\n");
    assert!(errs[0].0.contains("unterminated comment"), "{errs:?}");
    let errs = errors("x = \"bad \\q escape\"\n");
    assert!(errs[0].0.contains("invalid escape"), "{errs:?}");
    let errs = errors("x = [for v in : v]\ny = 1\n");
    assert!(!errs.is_empty());
    let errs = errors("x = {for v in xs : v}\n");
    assert!(errs[0].0.contains("needs 'key => value'"), "{errs:?}");
    let errs = errors("resource \"a\" \"${x}\" {}\n");
    assert!(
        errs[0].0.contains("block label must be a plain string"),
        "{errs:?}"
    );
    let errs = errors("x = a ? b\n");
    assert!(errs[0].0.contains("expected ':'"), "{errs:?}");
    let errs = errors("}\n");
    assert!(errs[0].0.contains("no block is open"), "{errs:?}");
}

/// Deep nesting and long chains are bounded: errors, no stack overflow.
#[test]
fn hostile_nesting_is_bounded() {
    for open in ["[", "(", "{a=", "\"${", "-", "!", "a[", "f("] {
        let text = format!("x = {}1\n", open.repeat(20_000));
        let parsed = parse(&text);
        assert!(!parsed.errors.is_empty(), "{open}");
    }
    let text = format!("x = a{}\n", ".b".repeat(50_000));
    assert!(!parse(&text).errors.is_empty());
    let text = format!("x = 1{}\n", " + 1".repeat(50_000));
    assert!(!parse(&text).errors.is_empty());
    let text = format!("x = a{}\n", "[*]".repeat(50_000));
    assert!(!parse(&text).errors.is_empty());
    let text = "a { ".repeat(20_000);
    assert!(!parse(&text).errors.is_empty());
    let text = "x = \"%{if a}".repeat(5_000);
    assert!(!parse(&text).errors.is_empty());
}

const SAMPLES: &[&str] = &[
    "variable \"location\" {\n  type    = string\n  default = \"westeurope\" # comment\n}\n\
     locals {\n  region = lower(var.location)\n  m = {\n    a : 1,\n    \"b\" = [1, 2]\n  }\n}\n\
     /* c */ data \"x\" \"y\" {}\n",
    r#"resource "azurerm_aadb2c_directory" "example" {
  country_code            = "US"
  data_residency_location = "United States"
  body = jsonencode({ properties = { replicaSets = [for k, v in var.r : { location = v }] } })
  tags = { for k, v in var.t : k => "${v}-%{if v != ""}x%{endif}" if k != "" }
  x = <<-EOT
    a ${b}
    EOT
  y = [a.*.b, c[*].d, e.0, f["g"], (h ? i : -j), provider::ns::fn(k...)]
}
"#,
];

/// Every prefix of real-looking files, and garbage, parses without panicking or hanging.
#[test]
fn every_prefix_parses() {
    for sample in SAMPLES {
        let mut cut = 0;
        while cut <= sample.len() {
            if sample.is_char_boundary(cut) {
                let prefix = &sample[..cut];
                let parsed = parse(prefix);
                for e in &parsed.errors {
                    assert!(e.range.start <= e.range.end && e.range.end as usize <= prefix.len());
                }
            }
            cut += 1;
        }
    }
    // Deterministic pseudo-random garbage made of HCL's own characters.
    let alphabet: Vec<char> = "ab01 \n\t\"'${}[]()%~=:,.*?!<>-+/#&|\\eEOF<<-é"
        .chars()
        .collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let len = (seed % 80) as usize;
        let mut s = String::new();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let parsed = parse(&s);
        for e in &parsed.errors {
            assert!(e.range.end as usize <= s.len(), "{s:?}: {e:?}");
        }
        let _ = parse_template(&s, 5);
    }
}
