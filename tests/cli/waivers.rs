//! `waivers:` and `unsuppressible:` in `.residency.yaml`, and `(expires …)` on suppression
//! comments: what they silence, what they report about themselves (E003, E004, E005), and how
//! the JSON and SARIF reports and the inventory show a waived finding.

use serde_json::Value;

use crate::cli_support::*;

/// A Domain Services managed domain in `eastus` (EU010 on line 3) and a B2C tenant in the
/// United States (EU001 on line `data_residency_location`).
const MAIN: &str = r#"resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds.contoso.com"
  location            = "eastus"
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"
}

resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "US"
  data_residency_location = "United States"
  display_name            = "customers"
  domain_name             = "customers.onmicrosoft.com"
  resource_group_name     = "rg"
  sku_name                = "PremiumP1"
}
"#;

const WAIVER: &str = "waivers:\n  - rule: EU010\n    resource: azurerm_active_directory_domain_service.aadds\n    reason: \"DR copy until the 2027 migration\"\n    owner: iam-team\n    expires: 2999-03-31\n";

fn json(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json", "--fail-on", "never"];
    all.extend(args);
    residency(dir, all).expect_code(0).json()
}

/// The reported diagnostic of `code` (the first).
fn only<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {doc:#}"))
}

#[test]
fn a_waiver_silences_its_finding_and_reports_it_as_suppressed_with_reason_and_owner() {
    let dir = tree(&[("main.tf", MAIN), (".residency.yaml", WAIVER)]);
    let doc = json(dir.path(), &[]);
    assert_eq!(codes_in(&doc, "diagnostics"), ["EU001"]);
    assert_eq!(codes_in(&doc, "suppressed"), ["EU010"]);
    let suppression = &doc["suppressed"][0]["suppression"];
    assert_eq!(suppression["kind"], "external");
    assert_eq!(suppression["reason"], "DR copy until the 2027 migration");
    assert_eq!(suppression["owner"], "iam-team");
    assert_eq!(suppression["expires"], "2999-03-31");

    let sarif: Value = serde_json::from_str(
        &residency(
            dir.path(),
            ["check", "--format", "sarif", "--fail-on", "never"],
        )
        .stdout,
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let waived = results
        .iter()
        .find(|r| r["ruleId"] == "EU010")
        .expect("the waived finding is a result");
    let s = &waived["suppressions"][0];
    assert_eq!(s["kind"], "external");
    assert_eq!(s["justification"], "DR copy until the 2027 migration");
    assert_eq!(s["properties"]["owner"], "iam-team");

    // The inventory lists it as waived, with its owner.
    let inventory = residency(dir.path(), ["inventory", "--format", "json"])
        .expect_code(0)
        .json();
    let item = inventory["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["resource"] == "azurerm_active_directory_domain_service.aadds")
        .unwrap();
    assert_eq!(item["verdict"], "outside");
    assert_eq!(item["findings"][0]["suppressed"]["kind"], "external");
    assert_eq!(item["findings"][0]["suppressed"]["owner"], "iam-team");
}

#[test]
fn a_waiver_matches_by_rule_name_and_path_glob() {
    let config = "waivers:\n  - rule: domain-services-outside-europe\n    path: \"legacy/**\"\n    reason: old estate\n    owner: ops\n";
    let dir = tree(&[
        ("legacy/main.tf", MAIN),
        ("current/main.tf", MAIN),
        (".residency.yaml", config),
    ]);
    let doc = json(dir.path(), &[]);
    let places: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        places.contains(&("current/main.tf".into(), "EU010".into())),
        "{places:?}"
    );
    assert!(
        !places.contains(&("legacy/main.tf".into(), "EU010".into())),
        "{places:?}"
    );
    assert_eq!(codes_in(&doc, "suppressed"), ["EU010"]);
    assert_eq!(doc["suppressed"][0]["path"], "legacy/main.tf");
}

#[test]
fn an_expired_waiver_is_reported_and_silences_nothing() {
    let config = WAIVER.replace("2999-03-31", "2020-01-31");
    let dir = tree(&[("main.tf", MAIN), (".residency.yaml", &config)]);
    let doc = json(dir.path(), &[]);
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    assert_eq!(found, ["E004", "EU001", "EU010"]);
    let e004 = only(&doc, "E004");
    assert_eq!(e004["path"], ".residency.yaml");
    assert_eq!(e004["line"], 2);
    assert_eq!(e004["name"], "expired-waiver");
    let message = e004["message"].as_str().unwrap();
    assert!(
        message.contains("expired on 2020-01-31 (owner iam-team)"),
        "{message}"
    );
    assert!(
        message.starts_with("Waiver of EU010 for `azurerm_active_directory_domain_service.aadds`"),
        "{message}"
    );
    // The text report quotes the waiver.
    let text = residency(dir.path(), ["check", "--fail-on", "never"]).stdout;
    assert!(text.contains("--> .residency.yaml:2:5"), "{text}");
    assert!(text.contains("- rule: EU010"), "{text}");
}

#[test]
fn a_waiver_that_matches_nothing_is_reported_when_its_whole_folder_was_checked() {
    let config = WAIVER.replace(
        "resource: azurerm_active_directory_domain_service.aadds",
        "resource: azurerm_active_directory_domain_service.gone",
    );
    let dir = tree(&[("main.tf", MAIN), (".residency.yaml", &config)]);
    let doc = json(dir.path(), &[]);
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    assert_eq!(found, ["E005", "EU001", "EU010"]);
    let e005 = only(&doc, "E005");
    assert_eq!(e005["name"], "unused-waiver");
    assert_eq!(e005["path"], ".residency.yaml");
    // One file named: the waiver may be for another file, so it is not reported.
    let doc = json(dir.path(), &["main.tf"]);
    assert!(
        !codes_in(&doc, "diagnostics").contains(&"E005".to_string()),
        "{doc}"
    );
    // A used waiver is not reported.
    let dir = tree(&[("main.tf", MAIN), (".residency.yaml", WAIVER)]);
    let doc = json(dir.path(), &[]);
    assert_eq!(codes_in(&doc, "diagnostics"), ["EU001"]);
}

#[test]
fn an_unsuppressible_rule_is_not_silenced_by_a_comment_but_a_waiver_still_silences_it() {
    let main = MAIN.replace(
        "  data_residency_location",
        "  # residency-ignore: EU001 -- legacy tenant\n  data_residency_location",
    );
    let dir = tree(&[
        ("main.tf", &main),
        (
            ".residency.yaml",
            "unsuppressible: [b2c-tenant-outside-europe]\n",
        ),
    ]);
    let doc = json(dir.path(), &[]);
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    assert_eq!(found, ["E003", "EU001", "EU010"]);
    let e003 = only(&doc, "E003");
    assert_eq!(e003["line"], 11);
    assert!(
        e003["message"]
            .as_str()
            .unwrap()
            .contains("`unsuppressible`"),
        "{e003}"
    );
    // Without `unsuppressible`, the comment silences it.
    let dir = tree(&[("main.tf", &main)]);
    assert_eq!(codes_in(&json(dir.path(), &[]), "diagnostics"), ["EU010"]);
    // A waiver is the way.
    let config = "unsuppressible: [EU001]\nwaivers:\n  - rule: EU001\n    reason: legacy tenant, migrating\n    owner: iam-team\n";
    let dir = tree(&[("main.tf", MAIN), (".residency.yaml", config)]);
    let doc = json(dir.path(), &[]);
    assert_eq!(codes_in(&doc, "diagnostics"), ["EU010"]);
    assert_eq!(codes_in(&doc, "suppressed"), ["EU001"]);
}

#[test]
fn a_suppression_comment_may_expire() {
    let with = |day: &str| {
        MAIN.replace(
            "  location            = \"eastus\"",
            &format!("  # residency-ignore: EU010 -- DR copy (expires {day})\n  location            = \"eastus\""),
        )
    };
    let dir = tree(&[("main.tf", &with("2999-12-31"))]);
    let doc = json(dir.path(), &[]);
    assert_eq!(codes_in(&doc, "diagnostics"), ["EU001"]);
    assert_eq!(doc["suppressed"][0]["suppression"]["kind"], "inSource");
    assert_eq!(doc["suppressed"][0]["suppression"]["reason"], "DR copy");

    let dir = tree(&[("main.tf", &with("2020-01-01"))]);
    let doc = json(dir.path(), &[]);
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    assert_eq!(found, ["E004", "EU001", "EU010"]);
    let e004 = only(&doc, "E004");
    assert_eq!(e004["path"], "main.tf");
    assert_eq!(e004["line"], 3);
    assert!(
        e004["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2020-01-01"),
        "{e004}"
    );
}

#[test]
fn a_bad_waiver_refuses_the_configuration_in_plain_words() {
    for (config, expected) in [
        (
            "waivers:\n  - rule: EU010\n    reason: x\n",
            "waiver 1 (at line 2 column 5) needs `owner`",
        ),
        (
            "waivers:\n  - rule: EU010\n    reason: x\n    owner: y\n  - rule: EU001\n    reson: x\n    owner: y\n",
            "waiver 2 (at line 5 column 5): `reson` is not a field of a waiver; the fields are `rule`, `resource`",
        ),
        (
            "waivers: EU010\n",
            "`waivers` (at line 1 column 1) must be a list of waivers, each with `rule`, `reason` and `owner`",
        ),
        (
            "waivers:\n  - rule: EU999\n    reason: x\n    owner: y\n",
            "waiver 1 (at line 2 column 5): `rule: EU999` is not a residency rule code or name.",
        ),
        (
            "waivers:\n  - rule: EU010\n    reason: x\n    owner: y\n    expires: 31.03.2027\n",
            "`expires` must be a day written `YYYY-MM-DD`, such as `2027-03-31`, not `31.03.2027`",
        ),
        (
            "waivers:\n  - rule: EU010\n    reason: \" \"\n    owner: y\n",
            "a waiver needs a `reason`",
        ),
        (
            "unsuppressible: [domain-services-outside-europa]\n",
            "`unsuppressible`: `domain-services-outside-europa` is not a residency rule code or name. Did you mean `EU010`",
        ),
    ] {
        let dir = tree(&[("main.tf", MAIN), (".residency.yaml", config)]);
        let run = residency(dir.path(), ["check"]);
        run.expect_code(2);
        assert!(run.stderr.contains(".residency.yaml: "), "{config}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{config}: {}", run.stderr);
    }
}
