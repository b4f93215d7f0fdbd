use super::*;

fn no_errors(text: &str) -> File {
    let f = parse(text);
    assert!(f.errors.is_empty(), "{:?}\n{text}", f.errors);
    f
}

#[test]
fn newer_syntax_parses() {
    let text = r#"
targetScope = 'subscription'
metadata name = 'x'
import { a, b as c } from './types.bicep'
import * as types from 'types.bicep'
extension microsoftGraphV1
provider 'br:mcr.microsoft.com/bicep/providers/kubernetes@1.0.0' with {
  namespace: 'default'
} as k8s
#disable-next-line no-unused-params
@export()
@sealed()
type pair = { a: string, b?: int, *: string }
@discriminator('kind')
type u = aType | bType
type r = resourceInput<'Microsoft.Network/virtualNetworks@2024-01-01'>.properties
type arr = (string | int)[]
type t = [string, int?]
@description('''
multi
line''')
param location string? = null
param sku ('Standard' | 'Premium') = 'Standard'
param x string
  | int
var typed string = 'a'
var safe = foo.?bar[?0]!.baz
var lam = map(items, x => x.name)
var lam2 = reduce(items, 0, (acc, x) => acc + x)
var interp = 'a${b}c${'d${e}'}f'
var n = -1 + 2 * 3 % 4 / 5
var tern = a ?? b ? c : d
var multi = a
  ? b
  : c
var obj = { a: 1, 'b-c': 2, ...other }
var arr = [1, 2, ...rest]
func f(a string, b int) string => '${a}${b}'
resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' existing = if (cond) {
  name: 'v'
  resource sn 'subnets' existing = {
    name: 's'
  }
}
resource many 'Microsoft.X/y@1' = [for (item, i) in items: if (item.enabled) {
  name: item.name
}]
@batchSize(1)
module m './m.bicep' = [for x in range(0, 2): {
  name: 'm${x}'
  params: { loc: vnet::sn.id }
}]
output o string = vnet.properties.subnets[0].id
output r resource 'Microsoft.X/y@1' = many[0]
assert ok = length(x) > 0
"#;
    let f = no_errors(text);
    assert!(f.stmts.len() > 30, "{}", f.stmts.len());
}

#[test]
fn bicepparam_parses() {
    let f = no_errors(
        "using './main.bicep'\n\nparam location = 'westeurope'\nparam n = readEnvironmentVariable('N', 'x')\nvar v = 1\n",
    );
    assert!(
        matches!(&f.stmts[0].kind, StmtKind::Using { path: Some(p) } if p.as_str() == Some("./main.bicep"))
    );
    let StmtKind::Param { value: Some(v), .. } = &f.stmts[1].kind else {
        panic!()
    };
    let ExprKind::Str { value, content } = &v.kind else {
        panic!()
    };
    assert_eq!(value, "westeurope");
    let text = "using './main.bicep'\n\nparam location = 'westeurope'\n";
    let r = content.unwrap();
    assert_eq!(&text[r.as_range()], "westeurope");
}

#[test]
fn strings_and_escapes() {
    let f = no_errors("var a = 'it\\'s'\nvar b = 'x${y}z'\nvar c = '''\nraw ${x}'''\n");
    let value = |i: usize| match &f.stmts[i].kind {
        StmtKind::Var { value: Some(v), .. } => v.clone(),
        _ => panic!(),
    };
    assert!(matches!(&value(0).kind, ExprKind::Str { value, content: None } if value == "it's"));
    let ExprKind::Interp(parts) = &value(1).kind else {
        panic!()
    };
    assert_eq!(parts.len(), 3);
    assert_eq!(value(2).as_str(), Some("raw ${x}"));
}

#[test]
fn half_typed_files_report_where_they_stop() {
    let text =
        "resource r 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'x'\n  location: \n";
    let f = parse(text);
    assert!(!f.errors.is_empty());
    // The resource is still there, with what parsed.
    let StmtKind::Resource {
        value: Some(body), ..
    } = &f.stmts[0].kind
    else {
        panic!("{:?}", f.stmts)
    };
    assert_eq!(body.member("name").and_then(Expr::as_str), Some("x"));
    let e = &f.errors[0];
    assert_eq!(&text[..e.range.start as usize].lines().count(), &3);

    let text = "param a string = 'x\nvar b = 1\n";
    let f = parse(text);
    assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
    assert_eq!(f.errors[0].range.start, 17);
    assert_eq!(f.stmts.len(), 2, "the next line still parses");

    let f = parse("var x = {\n  a: 1\n  b 2\n  c: 3\n}\nvar y = 2\n");
    assert_eq!(f.errors.len(), 1, "{:?}", f.errors);
    assert_eq!(f.stmts.len(), 2);
}

#[test]
fn garbage_never_panics_or_hangs() {
    let inputs = [
        "",
        "'",
        "'''",
        "${",
        "'${",
        "'${'",
        "}",
        "{{{{",
        "]]]",
        "@",
        "@@@x",
        "resource",
        "resource x",
        "resource x 'a' =",
        "param",
        "var = =",
        "import {",
        "func f(",
        "x => => =>",
        "[for",
        "[for x in",
        "a ? b",
        "'\\u{zzzz}'",
        "#x\n#",
        "/*",
        "é ü \u{0}",
        "var x = ((((",
        "var x = '${'${'${",
    ];
    for i in inputs {
        let _ = parse(i);
    }
    let deep = "var x = ".to_string() + &"[".repeat(100_000);
    let _ = parse(&deep);
    let deep = "var x = ".to_string() + &"!".repeat(100_000) + "a";
    let _ = parse(&deep);
    let deep = "var x = ".to_string() + &"'${".repeat(50_000);
    let _ = parse(&deep);
    let deep = "type x = ".to_string() + &"{a:".repeat(50_000);
    let _ = parse(&deep);
    let deep = "var x = a".to_string() + &"+a".repeat(100_000);
    let _ = parse(&deep);
}

#[test]
fn every_prefix_of_a_real_file_parses() {
    let text = include_str!("../../../samples/EU010/bicep-flagged/main.bicep");
    for (i, _) in text.char_indices() {
        let f = parse(&text[..i]);
        for e in &f.errors {
            assert!(e.range.end as usize <= i);
        }
    }
    // And with each byte replaced by garbage.
    for (i, _) in text.char_indices().step_by(3) {
        let mut t = text.to_string();
        t.replace_range(i..i + text[i..].chars().next().unwrap().len_utf8(), "}");
        let _ = parse(&t);
    }
}
