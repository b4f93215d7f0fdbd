//! Inputs the fuzz targets (`fuzz/`) found, kept as tests: each failed before its fix. The
//! invariants are the targets' own (`fuzz/src/lib.rs`): no panic, every range inside the input
//! and on character boundaries, at most the capped number of syntax errors.

use std::path::PathBuf;

use residency::check::{check_paths, Options};
use residency::syntax::{bicep, hcl, json, yaml, SyntaxError, TextRange, MAX_ERRORS};

/// Every `TextRange { start: S, end: E }` in a tree's `Debug` form.
fn debug_ranges(debug: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = debug;
    let number = |s: &str| -> (usize, usize) {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        (s[..digits].parse().unwrap(), digits)
    };
    while let Some(at) = rest.find("TextRange { start: ") {
        rest = &rest[at + "TextRange { start: ".len()..];
        let (start, n) = number(rest);
        rest = rest[n..].strip_prefix(", end: ").unwrap();
        let (end, n) = number(rest);
        rest = &rest[n..];
        out.push((start, end));
    }
    out
}

#[track_caller]
fn assert_tree(text: &str, tree: &impl std::fmt::Debug, errors: &[SyntaxError]) {
    assert!(errors.len() <= MAX_ERRORS + 1, "{} errors", errors.len());
    let ranges = debug_ranges(&format!("{tree:?}"));
    assert!(
        !ranges.is_empty() || text.trim().is_empty(),
        "no ranges found"
    );
    let errors = errors
        .iter()
        .map(|e| (e.range.as_range().start, e.range.as_range().end));
    for (start, end) in ranges.into_iter().chain(errors) {
        assert!(
            start <= end && end <= text.len(),
            "range {start}..{end} outside the {} bytes of {text:?}",
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "range {start}..{end} splits a character of {text:?}"
        );
    }
}

/// `parse_json`: a Terraform JSON string left open at the end of the file, ending in a
/// multi-byte character, was sliced inside that character to look for an escaped closing
/// quote (panic: "end byte index 2 is not a char boundary").
#[test]
fn unclosed_json_string_ending_in_a_multibyte_character() {
    for text in ["\"Е", "\"\\Е", "{\"locals\": {\"a\": \"${x}Е", "\"😀"] {
        let parsed = json::parse(text);
        assert_tree(text, &parsed.value, &parsed.errors);
        let start = text.rfind('"').unwrap();
        let (expr, errors) =
            hcl::parse_json_string_template(text, TextRange::new(start, text.len()));
        assert_tree(text, &expr, &errors);
    }
}

/// The same through the whole check of a `.tf.json` file (its strings with `${` are
/// templates): it reports the syntax error instead of panicking.
#[test]
fn check_of_a_tf_json_file_with_an_unclosed_multibyte_string() {
    for text in [
        "{\"locals\": {\"a\": \"${x}Е",
        "{\"resource\": {\"azurerm_active_directory_domain_service\": {\"x\": {\"location\": \"${var.l}Е",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf.json"), text).unwrap();
        let outcome = check_paths(&[PathBuf::from(dir.path())], &Options::default()).unwrap();
        let e001 = outcome.diagnostics.iter().filter(|d| d.code == "E001").count();
        assert!(e001 > 0, "{text}: {:#?}", outcome.diagnostics);
        for d in &outcome.diagnostics {
            assert!(d.range.end as usize <= text.len(), "{text}: {d:?}");
        }
    }
}

/// `parse_bicep`: `param x :` with no type after the colon gave the type the range 6..5 (its
/// start at the colon, its end at the name before it).
#[test]
fn bicep_parameter_without_a_type() {
    for text in [
        "param :",
        "param x :",
        "param x :\nparam y string",
        "@a()\nparam x ]",
    ] {
        let file = bicep::parse(text);
        assert_tree(text, &file.stmts, &file.errors);
        assert!(!file.errors.is_empty(), "{text:?}: no syntax error");
    }
}

/// Found by `tests/bounded_work.rs` (300,000 nested flow mappings): past 128 levels the YAML
/// parser skips collections, and when the scanner then stopped with an error (its recursion
/// limit, at about 1,000 `{a: `), the skipping was never reset, so every line after the error
/// was skipped too: the resources of a Pulumi program below a deep value were lost.
#[test]
fn yaml_lines_after_a_too_deep_flow_mapping_are_kept() {
    let deep = format!("{}1{}", "{a: ".repeat(1_000), "}".repeat(1_000));
    let text = format!("name: x\nvariables:\n  deep: {deep}\nresources:\n  domain:\n    type: t\n");
    let y = yaml::parse(&text);
    assert_tree(&text, &y.nodes, &y.errors);
    let root = y.documents[0];
    assert!(y.get(root, "resources").is_some(), "{:?}", y.errors);
    assert_eq!(
        y.path(root, &["resources", "domain", "type"])
            .and_then(|t| y.as_str(t)),
        Some("t")
    );
}
