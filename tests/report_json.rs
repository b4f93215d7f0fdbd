//! `--format json`: the contract scripts rely on.

mod report_support;

use report_support::*;
use residency::report::Format;
use serde_json::{json, Value};

#[test]
fn document_shape_and_key_order() {
    let out = render(&diagnostics(), 12, Format::Json, false);
    let expected = r#"{
  "version": 1,
  "files_checked": 12,
  "unknown_locations": 0,
  "diagnostics": [
    {
      "path": "infra/main.tf",
      "line": 3,
      "column": 29,
      "end_line": 3,
      "end_column": 38,
      "code": "EU010",
      "name": "domain-services-outside-europe",
      "severity": "error",
      "message": "Domain Services managed domain is in `eastus2`, outside Europe",
      "notes": [
        "`eastus2` is East US 2, United States.",
        "Domain Services stores directory data where its virtual network is."
      ],
      "help": "Move it to a European region.",
      "fix": {
        "title": "Set the location to `westeurope`",
        "safe": false,
        "edits": [
          {
            "path": "infra/main.tf",
            "line": 3,
            "column": 29,
            "end_line": 3,
            "end_column": 38,
            "replacement": "\"westeurope\""
          }
        ]
      },
      "related": [
        {
          "path": "infra/variables.tf",
          "line": 2,
          "column": 13,
          "message": "the location comes from this default"
        }
      ]
    },
    {
      "path": "arm/template.json",
      "line": 2,
      "column": 15,
      "end_line": 2,
      "end_column": 23,
      "code": "EU091",
      "name": "unknown-region",
      "severity": "warning",
      "message": "`westus` needs checking.",
      "notes": [],
      "fix": {
        "title": "Use `westeurope`",
        "safe": true,
        "edits": [
          {
            "path": "arm/template.json",
            "line": 2,
            "column": 16,
            "end_line": 2,
            "end_column": 22,
            "replacement": "westeurope"
          },
          {
            "path": "arm/template.json",
            "line": 3,
            "column": 20,
            "end_line": 3,
            "end_column": 20,
            "replacement": "-eu"
          }
        ]
      },
      "related": [
        {
          "path": "arm/template.json",
          "line": 3,
          "column": 12,
          "message": "named here"
        }
      ]
    },
    {
      "path": "env/prod, é:1%.tf",
      "line": 1,
      "column": 1,
      "end_line": 3,
      "end_column": 2,
      "code": "EU050",
      "name": "app-access-to-identity-data",
      "severity": "info",
      "message": "100% of apps: check, then decide\nsecond line\r\nthird",
      "notes": [],
      "related": []
    },
    {
      "path": "bin/blob.bicep",
      "line": 1,
      "column": 1,
      "end_line": 1,
      "end_column": 1,
      "code": "E002",
      "name": "unreadable-file",
      "severity": "error",
      "message": "The file is not UTF-8.",
      "notes": [],
      "help": "Save it as UTF-8.",
      "related": []
    }
  ],
  "suppressed": []
}
"#;
    assert_eq!(out, expected);
}

#[test]
fn columns_count_unicode_scalar_values() {
    let out = render(&diagnostics(), 12, Format::Json, false);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let d = &doc["diagnostics"][0];
    // `  name = "日本-😀"; location = "eastus2"`: 28 characters before the quote
    // (bytes: 35, UTF-16 units: 29).
    let line = MAIN_TF.lines().nth(2).unwrap();
    let byte = line.find("\"eastus2\"").unwrap();
    assert_eq!(byte, 35);
    assert_eq!(line[..byte].chars().count(), 28);
    assert_eq!(d["column"], 29);
    assert_eq!(d["end_column"], 29 + 9);
}

#[test]
fn crlf_is_not_counted_in_columns() {
    let out = render(&diagnostics(), 12, Format::Json, false);
    let doc: Value = serde_json::from_str(&out).unwrap();
    // The insertion point at the end of line 3 of the CRLF file: before the `"\r\n`.
    let edit = &doc["diagnostics"][1]["fix"]["edits"][1];
    assert_eq!(
        (edit["line"].clone(), edit["column"].clone()),
        (json!(3), json!(20))
    );
}

#[test]
fn fix_is_omitted_when_absent_and_related_is_always_present() {
    let out = render(&diagnostics(), 12, Format::Json, false);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let third = doc["diagnostics"][2].as_object().unwrap();
    assert!(!third.contains_key("fix"));
    assert_eq!(third["related"], json!([]));
}

#[test]
fn empty_report() {
    assert_eq!(
        render(&[], 7, Format::Json, true),
        "{\n  \"version\": 1,\n  \"files_checked\": 7,\n  \"unknown_locations\": 0,\n  \"diagnostics\": [],\n  \"suppressed\": []\n}\n"
    );
}

#[test]
fn sources_can_be_a_closure() {
    use std::path::Path;

    use residency::report::Report;

    let diagnostics = diagnostics();
    let lookup = |path: &Path| sources().get(path).cloned();
    let report = Report {
        diagnostics: &diagnostics,
        files_checked: 12,
        sources: &lookup,
        suppressed: &[],
        link_base: None,
    };
    let mut out = Vec::new();
    report.write(Format::Json, &mut out, false).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        render(&diagnostics, 12, Format::Json, false)
    );
}
