//! `--format gitlab`: a GitLab Code Quality report.

mod report_support;

use report_support::*;
use residency::diagnostic::Diagnostic;
use residency::report::Format;
use residency::syntax::TextRange;
use serde_json::{json, Value};

fn gitlab(diagnostics: &[Diagnostic]) -> Value {
    let out = render(diagnostics, 12, Format::Gitlab, false);
    assert!(out.ends_with("]\n"), "{out}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn one_issue_per_diagnostic() {
    let expected = json!([
      {
        "description": "EU010: Domain Services managed domain is in `eastus2`, outside Europe",
        "check_name": "EU010",
        "fingerprint": "caa565e90010c342",
        "severity": "major",
        "location": {"path": "infra/main.tf", "lines": {"begin": 3}}
      },
      {
        "description": "EU091: `westus` needs checking.",
        "check_name": "EU091",
        "fingerprint": "f33d0348b368f574",
        "severity": "minor",
        "location": {"path": "arm/template.json", "lines": {"begin": 2}}
      },
      {
        "description": "EU050: 100% of apps: check, then decide\nsecond line\r\nthird",
        "check_name": "EU050",
        "fingerprint": "5b2c3adf95606a25",
        "severity": "info",
        "location": {"path": "env/prod, é:1%.tf", "lines": {"begin": 1}}
      },
      {
        "description": "E002: The file is not UTF-8.",
        "check_name": "E002",
        "fingerprint": "348874aa0a27ad78",
        "severity": "major",
        "location": {"path": "bin/blob.bicep", "lines": {"begin": 1}}
      }
    ]);
    assert_eq!(gitlab(&diagnostics()), expected);
}

#[test]
fn an_empty_report_is_an_empty_array() {
    assert_eq!(render(&[], 3, Format::Gitlab, false), "[]\n");
}

#[test]
fn fingerprints_are_unique_and_survive_moved_lines() {
    let prints = |diagnostics: &[Diagnostic]| -> Vec<Value> {
        gitlab(diagnostics)
            .as_array()
            .unwrap()
            .iter()
            .map(|issue| issue["fingerprint"].clone())
            .collect()
    };
    // Twice the same finding on the same resource: two issues, two fingerprints.
    let mut twice = diagnostics();
    twice.truncate(1);
    twice[0].resource = Some("azurerm_active_directory_domain_service.aadds".into());
    twice.push(twice[0].clone());
    let before = prints(&twice);
    assert_ne!(before[0], before[1]);
    // Moved down a line: the line changes, the fingerprints do not.
    let mut moved = twice.clone();
    for d in &mut moved {
        d.range = TextRange::new(0, 1);
    }
    assert_eq!(prints(&moved), before);
    assert_eq!(gitlab(&moved)[0]["location"]["lines"]["begin"], 1);
    assert_eq!(gitlab(&twice)[0]["location"]["lines"]["begin"], 3);
}
