//! JSON with comments (ARM templates, `.tf.json`, plans): no panic, every range inside the
//! input, at most the capped number of errors; each string is also parsed as a Terraform JSON
//! template, whose ranges must point into the file as well. Checking the syntax alone, without
//! the tree, gives the same errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use residency::syntax::{hcl, json};
use residency_fuzz::assert_tree;

fn strings<'a>(v: &'a json::JsonValue, out: &mut Vec<&'a json::JsonValue>) {
    match &v.kind {
        json::JsonKind::String(_) => out.push(v),
        json::JsonKind::Object(members) => members.iter().for_each(|m| strings(&m.value, out)),
        json::JsonKind::Array(items) => items.iter().for_each(|i| strings(i, out)),
        _ => {}
    }
}

fuzz_target!(|text: &str| {
    let parsed = json::parse(text);
    assert_tree(text, &parsed.value, &parsed.errors);
    assert_eq!(
        json::syntax_errors(text),
        parsed.errors,
        "syntax_errors differs from parse"
    );
    let mut found = Vec::new();
    if let Some(v) = &parsed.value {
        strings(v, &mut found);
    }
    for s in found.into_iter().take(64) {
        if let Some(c) = s.content_range(text) {
            residency_fuzz::assert_range(text, (c.start.into(), c.end.into()), "string content");
        }
        let (expr, errors) = hcl::parse_json_string_template(text, s.range);
        assert_tree(text, &expr, &errors);
    }
});
