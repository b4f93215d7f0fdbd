//! `--format sarif`: validated against the official SARIF 2.1.0 schema
//! (`tests/data/sarif/sarif-schema-2.1.0.json`, see the README beside it).

mod report_support;

use report_support::*;
use residency::diagnostic::{Diagnostic, Severity, Suppressed};
use residency::report::{Format, SARIF_SCHEMA_URI};
use residency::rules::CATALOG;
use residency::syntax::TextRange;
use serde_json::{json, Value};

/// The schema, compiled for `draft`.
///
/// The file declares draft-04, which defines no `uri-reference` format, so a draft-04 validator
/// leaves `artifactLocation.uri` unchecked. The schema uses no keyword whose meaning differs
/// between draft-04 and draft-07 (no `exclusiveMinimum`/`exclusiveMaximum`; every `$ref` is
/// local), so compiling it as draft-07 checks exactly the same plus that format: the tests use
/// both.
fn validator_for(draft: jsonschema::Draft) -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(r#""$schema": "http://json-schema.org/draft-04/schema#""#));
    assert!(!text.contains("exclusiveM"));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The strict validator: draft-07 semantics, so `uri-reference` is checked too.
fn validator() -> jsonschema::Validator {
    validator_for(jsonschema::Draft::Draft7)
}

/// The schema errors of `log`, one per line; empty when it is valid.
fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> String {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn sarif(diagnostics: &[Diagnostic]) -> Value {
    let out = render(diagnostics, 12, Format::Sarif, false);
    assert!(out.ends_with("}\n"));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn output_is_valid_sarif_2_1_0() {
    for draft in [jsonschema::Draft::Draft4, jsonschema::Draft::Draft7] {
        let validator = validator_for(draft);
        for log in [sarif(&diagnostics()), sarif(&[]), with_suppressed()] {
            let errors = schema_errors(&validator, &log);
            assert!(errors.is_empty(), "{draft:?} schema errors:\n{errors}");
        }
    }
}

/// What is broken, whether draft-04 checks it too, and how to break a good log.
type Breakage = (&'static str, bool, fn(&mut Value));

#[test]
fn broken_documents_are_rejected() {
    let strict = validator();
    let draft4 = validator_for(jsonschema::Draft::Draft4);
    let good = sarif(&diagnostics());
    assert!(strict.is_valid(&good));

    // (what, checked by draft-04 too, breakage)
    let breakages: [Breakage; 8] = [
        ("no version", true, |log| {
            log.as_object_mut().unwrap().remove("version");
        }),
        ("wrong version", true, |log| log["version"] = json!("2.0.0")),
        ("unknown level", true, |log| {
            log["runs"][0]["results"][0]["level"] = json!("fatal")
        }),
        ("line 0", true, |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                ["startLine"] = json!(0)
        }),
        ("unknown property", true, |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["column"] =
                json!(3)
        }),
        ("fix without replacements", true, |log| {
            log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"] =
                json!([])
        }),
        ("$schema that is not an absolute URI", true, |log| {
            log["$schema"] = json!("sarif schema")
        }),
        ("uri that is not a URI reference", false, |log| {
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"] = json!("env/prod, é:1%.tf")
        }),
    ];
    for (what, draft4_checks, breakage) in breakages {
        let mut log = good.clone();
        breakage(&mut log);
        assert_ne!(log, good, "{what}: the breakage changed nothing");
        assert!(!strict.is_valid(&log), "{what}: accepted");
        if draft4_checks {
            assert!(!draft4.is_valid(&log), "{what}: accepted by draft-04");
        }
    }
}

#[test]
fn run_describes_the_tool_and_every_rule() {
    let log = sarif(&diagnostics());
    assert_eq!(log["$schema"], SARIF_SCHEMA_URI);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "residency");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        driver["informationUri"],
        "https://github.com/residency-lint/residency"
    );
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), CATALOG.len());
    for (rule, meta) in rules.iter().zip(CATALOG) {
        assert_eq!(rule["id"], meta.code);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        // EU rules say why they matter in a paragraph of their page.
        if meta.code.starts_with("EU") {
            let full = rule["fullDescription"]["text"].as_str().unwrap();
            assert!(full.len() > meta.summary.len() / 2, "{}: {full}", meta.code);
            assert!(!full.contains("## "), "{}: {full}", meta.code);
        }
        assert_eq!(rule["helpUri"], meta.help_uri());
        let level = match meta.default_severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        assert_eq!(rule["help"]["text"], meta.summary);
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert_eq!(markdown, residency::rules::documentation(meta));
        assert!(markdown.starts_with(&format!("# {} {}", meta.code, meta.name)));
        let tags: Vec<&str> = rule["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            tags.contains(&"data-residency"),
            meta.code.starts_with("EU")
        );
        assert!(!tags.is_empty(), "{}", meta.code);
    }
    let tags_of =
        |code: &str| rules.iter().find(|r| r["id"] == code).unwrap()["properties"]["tags"].clone();
    assert_eq!(
        tags_of("EU010"),
        json!([
            "compliance",
            "data-residency",
            "entra-id",
            "domain-services"
        ])
    );
    assert_eq!(tags_of("E001"), json!(["residency-check"]));
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn results_levels_and_utf16_regions() {
    let log = sarif(&diagnostics());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let levels: Vec<_> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "note", "error"]);

    // `  name = "日本-😀"; location = "eastus2"`: 日, 本 and - are one UTF-16 unit each, 😀 two.
    let first = &results[0];
    // The headline is the text; the why and the help follow it in the markdown, and are
    // given apart in the result's properties.
    assert_eq!(
        first["message"],
        json!({
            "text": "Domain Services managed domain is in `eastus2`, outside Europe",
            "markdown": "Domain Services managed domain is in `eastus2`, outside Europe\n\n`eastus2` is East US 2, United States. Domain Services stores directory data where its virtual network is.\n\n**Help:** Move it to a European region."
        })
    );
    assert_eq!(
        first["properties"],
        json!({
            "notes": [
                "`eastus2` is East US 2, United States.",
                "Domain Services stores directory data where its virtual network is."
            ],
            "help": "Move it to a European region."
        })
    );
    // A finding with neither has the text alone, and no properties.
    assert_eq!(
        results[2]["message"],
        json!({"text": diagnostics()[2].message})
    );
    assert!(results[2].get("properties").is_none());
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "infra/main.tf");
    assert_eq!(
        location["region"],
        json!({"startLine": 3, "startColumn": 30, "endLine": 3, "endColumn": 39})
    );
    assert_eq!(
        first["relatedLocations"],
        json!([{
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "infra/variables.tf"},
                "region": {"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 22}
            },
            "message": {"text": "the location comes from this default"}
        }])
    );
    assert_eq!(
        first["fixes"],
        json!([{
            "description": {"text": "Set the location to `westeurope`"},
            "artifactChanges": [{
                "artifactLocation": {"uri": "infra/main.tf"},
                "replacements": [{
                    "deletedRegion": {"startLine": 3, "startColumn": 30, "endLine": 3, "endColumn": 39},
                    "insertedContent": {"text": "\"westeurope\""}
                }]
            }],
            "properties": {"safe": false}
        }])
    );

    // CRLF file; the insertion point after `ümlaut-😀` is UTF-16 column 21 (ü is one unit).
    let second = &results[1];
    let replacements = &second["fixes"][0]["artifactChanges"][0]["replacements"];
    assert_eq!(replacements.as_array().unwrap().len(), 2);
    assert_eq!(
        replacements[1]["deletedRegion"],
        json!({"startLine": 3, "startColumn": 21, "endLine": 3, "endColumn": 21})
    );
    assert_eq!(second["fixes"][0]["properties"]["safe"], true);

    // Percent-encoded relative URI; a range over three lines.
    let third = &results[2];
    assert_eq!(
        third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "env/prod,%20%C3%A9%3A1%25.tf"
    );
    assert_eq!(
        third["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 1, "startColumn": 1, "endLine": 3, "endColumn": 2})
    );
    assert!(third.get("relatedLocations").is_none());
    assert!(third.get("fixes").is_none());

    // No text available: the start of the file.
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1})
    );
    assert_eq!(log["runs"][0]["properties"]["filesChecked"], 12);
}

#[test]
fn a_code_outside_the_catalog_is_appended_to_the_rules() {
    let diagnostic = Diagnostic {
        notes: Vec::new(),
        help: None,
        code: "X999",
        name: "made-up",
        resource: None,
        context: Default::default(),
        severity: Severity::Warning,
        path: "infra/main.tf".into(),
        range: TextRange::new(0, 1),
        message: "m".into(),
        related: vec![],
        fix: None,
    };
    let log = sarif(&[diagnostic.clone(), diagnostic]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), CATALOG.len() + 1);
    assert_eq!(rules[CATALOG.len()]["id"], "X999");
    assert_eq!(rules[CATALOG.len()]["name"], "made-up");
    for result in log["runs"][0]["results"].as_array().unwrap() {
        assert_eq!(result["ruleIndex"], CATALOG.len());
    }
    let errors = schema_errors(&validator(), &log);
    assert!(errors.is_empty(), "schema errors:\n{errors}");
}

#[cfg(unix)]
#[test]
fn absolute_paths_become_file_uris() {
    let diagnostic = Diagnostic {
        notes: Vec::new(),
        help: None,
        code: "EU010",
        name: "domain-services-outside-europe",
        resource: None,
        context: Default::default(),
        severity: Severity::Error,
        path: "/srv/iac dir/main.tf".into(),
        range: TextRange::empty(0),
        message: "m".into(),
        related: vec![],
        fix: None,
    };
    let log = sarif(&[diagnostic]);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "file:///srv/iac%20dir/main.tf"
    );
    let errors = schema_errors(&validator(), &log);
    assert!(errors.is_empty(), "schema errors:\n{errors}");
}

/// The report's diagnostics, with a resource each (as the rules give them).
fn on_resources() -> Vec<Diagnostic> {
    let mut diagnostics = diagnostics();
    for (i, d) in diagnostics.iter_mut().enumerate() {
        d.resource = Some(format!("resource_{}", i % 2));
    }
    diagnostics
}

fn fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["residency/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn partial_fingerprints_survive_moved_lines() {
    let before = on_resources();
    let prints = fingerprints(&sarif(&before));
    assert_eq!(prints.len(), before.len());
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "{prints:?}");
    // The same findings, lines further down (ranges moved): the same fingerprints.
    let mut moved = before.clone();
    for d in &mut moved {
        d.range = TextRange::new(d.range.start as usize + 1, d.range.end as usize + 1);
    }
    assert_eq!(fingerprints(&sarif(&moved)), prints);
    // Another resource: another fingerprint.
    let mut other = before.clone();
    other[0].resource = Some("elsewhere".into());
    let changed = fingerprints(&sarif(&other));
    assert_ne!(changed[0], prints[0]);
    assert_eq!(changed[1..], prints[1..]);
}

/// The report's diagnostics, the first two of them suppressed: one with a reason, one without.
fn with_suppressed() -> Value {
    let mut all = on_resources();
    let reported = all.split_off(2);
    let suppressed = vec![
        Suppressed {
            diagnostic: all[0].clone(),
            reason: Some("replica approved by the DPO (ticket 4711)".into()),
            waiver: None,
        },
        Suppressed {
            diagnostic: all[1].clone(),
            reason: None,
            waiver: None,
        },
    ];
    let out = render_with(&reported, &suppressed, None, 12, Format::Sarif, false);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn suppressed_findings_are_listed_with_their_justification() {
    let log = with_suppressed();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<_> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    // Reported first, then the suppressed ones.
    assert_eq!(ids, ["EU050", "E002", "EU010", "EU091"]);
    assert!(results[0].get("suppressions").is_none());
    assert!(results[1].get("suppressions").is_none());
    assert_eq!(
        results[2]["suppressions"],
        json!([{"kind": "inSource", "justification": "replica approved by the DPO (ticket 4711)"}])
    );
    assert_eq!(results[3]["suppressions"], json!([{"kind": "inSource"}]));
    // A suppressed finding keeps the fingerprint it has when reported.
    let all = fingerprints(&sarif(&on_resources()));
    let split = fingerprints(&log);
    assert_eq!(
        split,
        [&all[2], &all[3], &all[0], &all[1]].map(String::clone)
    );
    let errors = schema_errors(&validator(), &log);
    assert!(errors.is_empty(), "{errors}");
}
