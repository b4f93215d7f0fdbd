//! `residency inventory`: the real binary on the samples and a corpus folder (golden JSON and
//! Markdown, the JSON valid against `docs/inventory.schema.json`), and what it says about each
//! kind of location in small projects.

#[path = "cli_support/mod.rs"]
mod cli_support;
mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use cli_support::{residency, tree};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/inventory.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the inventory schema compiles")
}

/// The JSON inventory of `paths` run from `dir`, checked against the schema.
fn inventory_json(dir: &Path, paths: &[&str]) -> (String, Value) {
    let mut args = vec!["inventory", "--format", "json"];
    args.extend(paths);
    let run = residency(dir, args);
    run.expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = validator()
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The tool's version changes with every release, the rest only with the behaviour.
    let text = run.stdout.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"<version>\"",
    );
    (text, doc)
}

fn inventory_markdown(dir: &Path, paths: &[&str]) -> String {
    let mut args = vec!["inventory", "--format", "markdown"];
    args.extend(paths);
    let run = residency(dir, args);
    run.expect_code(0);
    run.stdout.clone()
}

#[test]
fn samples_json_is_valid_and_matches_its_snapshot() {
    let (text, doc) = inventory_json(&root(), &["samples"]);
    assert!(
        doc["summary"]["items"].as_u64().unwrap() >= 100,
        "{}",
        doc["summary"]
    );
    insta::assert_snapshot!("samples_json", text);
}

#[test]
fn samples_markdown_matches_its_snapshot() {
    insta::assert_snapshot!(
        "samples_markdown",
        inventory_markdown(&root(), &["samples"])
    );
}

#[test]
fn corpus_folder_json_and_markdown_match_their_snapshots() {
    let identity = common::corpus_dir().join("identity");
    let folders = ["terraform-provider-azurerm", "bicep"];
    let (text, doc) = inventory_json(&identity, &folders);
    let summary = &doc["summary"];
    for verdict in ["outside", "unknown", "inside"] {
        assert!(summary[verdict].as_u64().unwrap() > 0, "{summary}");
    }
    insta::assert_snapshot!("corpus_json", text);
    insta::assert_snapshot!("corpus_markdown", inventory_markdown(&identity, &folders));
}

#[test]
fn the_whole_identity_corpus_is_valid() {
    let identity = common::corpus_dir().join("identity");
    let (_, doc) = inventory_json(&identity, &["."]);
    let items = doc["items"].as_array().unwrap();
    assert!(items.len() >= 50, "{}", doc["summary"]);
    // Every kind the corpus holds is named, never `other`.
    assert!(items.iter().all(|i| i["kind"] != "other"), "{items:?}");
}

/// The items of a small project, by resource.
fn items_of(files: &[(&str, &str)]) -> Vec<Value> {
    let dir = tree(files);
    let (_, doc) = inventory_json(dir.path(), &["."]);
    doc["items"].as_array().unwrap().clone()
}

fn item<'a>(items: &'a [Value], resource: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["resource"] == resource)
        .unwrap_or_else(|| panic!("no item `{resource}` in {items:#?}"))
}

const DOMAIN: &str = r#"resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds.contoso.com"
  location            = var.location
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"
  initial_replica_set {
    subnet_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aadds"
  }
}
"#;

#[test]
fn a_location_from_tfvars_lists_its_chain_and_verdict() {
    let items = items_of(&[
        ("main.tf", DOMAIN),
        ("variables.tf", "variable \"location\" {}\n"),
        ("terraform.tfvars", "location = \"eastus\"\n"),
    ]);
    let domain = item(&items, "azurerm_active_directory_domain_service.aadds");
    assert_eq!(domain["kind"], "domain-services");
    assert_eq!(domain["verdict"], "outside");
    let location = &domain["locations"][0];
    assert_eq!(location["place"]["kind"], "region");
    assert_eq!(location["place"]["name"], "eastus");
    assert_eq!(location["place"]["geography"], "United States");
    assert_eq!(location["verdict"], "outside");
    let chain = location["chain"].as_array().unwrap();
    assert!(
        chain
            .iter()
            .any(|s| s["path"] == "terraform.tfvars" && s["line"] == 1),
        "{chain:?}"
    );
    assert_eq!(location["at"]["path"], "main.tf");
    assert_eq!(location["at"]["line"], 3);
    assert_eq!(domain["findings"][0]["code"], "EU010");
}

#[test]
fn an_unknown_location_is_listed_as_unknown_with_its_reason() {
    let items = items_of(&[
        ("main.tf", DOMAIN),
        ("variables.tf", "variable \"location\" {}\n"),
    ]);
    let domain = item(&items, "azurerm_active_directory_domain_service.aadds");
    assert_eq!(domain["verdict"], "unknown");
    let place = &domain["locations"][0]["place"];
    assert_eq!(place["kind"], "unknown");
    assert!(
        place["reason"].as_str().unwrap().contains("location"),
        "{place}"
    );
}

#[test]
fn a_suppressed_finding_is_listed_with_its_reason_and_the_data_still_goes_outside() {
    let main = DOMAIN.replace(
        "  location            = var.location\n",
        "  # residency-ignore: EU010 -- DR copy approved by the DPO\n  location            = \"eastus\"\n",
    );
    let items = items_of(&[("main.tf", &main)]);
    let domain = item(&items, "azurerm_active_directory_domain_service.aadds");
    assert_eq!(domain["verdict"], "outside");
    let finding = &domain["findings"][0];
    assert_eq!(finding["code"], "EU010");
    assert_eq!(finding["suppressed"]["kind"], "inSource");
    assert_eq!(
        finding["suppressed"]["reason"],
        "DR copy approved by the DPO"
    );
}

#[test]
fn a_b2c_tenant_in_europe_still_lists_its_policy_data_in_us_datacenters() {
    // EU003 is off by default: the seed's fact is evidence, listed here, not a finding.
    let tenant = r#"resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "DE"
  data_residency_location = "Europe"
  display_name            = "customers"
  domain_name             = "customers.onmicrosoft.com"
  resource_group_name     = "rg"
  sku_name                = "PremiumP1"
}
"#;
    let items = items_of(&[("main.tf", tenant)]);
    let b2c = item(&items, "azurerm_aadb2c_directory.customers");
    assert_eq!(b2c["kind"], "b2c-tenant");
    let places: Vec<(&str, &str, &str)> = b2c["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["place"]["kind"].as_str().unwrap(),
                l["place"]["name"].as_str().unwrap(),
                l["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("geography", "Europe", "inside"),
            ("fixed", "US datacenters", "outside")
        ]
    );
    assert_eq!(b2c["findings"], Value::Array(Vec::new()));
}

#[test]
fn an_authentication_method_switched_off_is_clear_and_one_switched_on_is_flagged() {
    let policy = |method: &str, state: &str| {
        format!(
            r#"resource "msgraph_update_resource" "{method}" {{
  url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{method}"
  body = {{
    state = "{state}"
  }}
}}
"#
        )
    };
    let main = format!(
        "{}{}",
        policy("sms", "enabled"),
        policy("voice", "disabled")
    );
    let items = items_of(&[("main.tf", &main)]);
    let sms = item(&items, "msgraph_update_resource.sms");
    assert_eq!(sms["kind"], "authentication-method");
    assert_eq!(sms["verdict"], "flagged");
    assert_eq!(sms["findings"][0]["code"], "EU020");
    let voice = item(&items, "msgraph_update_resource.voice");
    assert_eq!(voice["verdict"], "clear");
    assert_eq!(voice["findings"], Value::Array(Vec::new()));
}

#[test]
fn markdown_has_a_table_per_kind_and_the_chains() {
    let dir = tree(&[
        ("main.tf", DOMAIN),
        ("variables.tf", "variable \"location\" {}\n"),
        ("terraform.tfvars", "location = \"eastus\"\n"),
    ]);
    let text = inventory_markdown(dir.path(), &["."]);
    assert!(
        text.contains("## Domain Services managed domain (1)"),
        "{text}"
    );
    assert!(
        text.contains("| `azurerm_active_directory_domain_service.aadds` | Domain Services managed domain: `eastus` (East US, United States) | ✗ outside Europe | main.tf:1 | EU010 |"),
        "{text}"
    );
    assert!(text.contains("(terraform.tfvars:1)"), "{text}");
    // Nothing found: said plainly.
    let empty = tree(&[("main.tf", "resource \"azurerm_resource_group\" \"rg\" {}\n")]);
    let text = inventory_markdown(empty.path(), &["."]);
    assert!(
        text.contains("No identity resource or data flow in 1 checked file(s)."),
        "{text}"
    );
}

#[test]
fn compare_reports_a_workspace_moved_outside_even_while_a_waiver_keeps_the_check_green() {
    let main = |region: &str| {
        format!(
            r#"resource "azurerm_log_analytics_workspace" "siem" {{
  name     = "siem"
  location = "{region}"
}}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {{
  name                       = "entra"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.siem.id
  enabled_log {{
    category = "SignInLogs"
  }}
}}
"#
        )
    };
    let dir = tree(&[("main.tf", &main("westeurope"))]);
    let (before, _) = inventory_json(dir.path(), &["."]);
    std::fs::write(dir.path().join("previous.json"), &before).unwrap();
    std::fs::write(dir.path().join("main.tf"), main("eastus")).unwrap();
    std::fs::write(
        dir.path().join(".residency.yaml"),
        "waivers:\n  - rule: EU040\n    reason: SIEM contract 12\n    owner: soc\n",
    )
    .unwrap();
    residency(dir.path(), ["check", "."]).expect_code(0);
    let (_, doc) = inventory_json(dir.path(), &["--compare", "previous.json", "main.tf"]);
    let changes = &doc["changes"];
    assert_eq!(changes["against"], "previous.json");
    assert_eq!(changes["added"], serde_json::json!([]));
    let change = &changes["changed"][0];
    assert_eq!(
        change["resource"],
        "azurerm_monitor_aad_diagnostic_setting.entra"
    );
    let location = &change["locations"][0];
    assert_eq!(location["before"]["place"]["name"], "westeurope");
    assert_eq!(location["before"]["verdict"], "inside");
    assert_eq!(location["after"]["place"]["name"], "eastus");
    assert_eq!(location["after"]["verdict"], "outside");
    let text = inventory_markdown(dir.path(), &["--compare", "previous.json", "main.tf"]);
    assert!(text.contains("## Changes since `previous.json`"), "{text}");
    assert!(
        text.contains("receiving the logs: `westeurope` (inside) → `eastus` (outside)"),
        "{text}"
    );
    // Added and removed: against an empty inventory, and an inventory of nothing.
    std::fs::write(
        dir.path().join("empty.json"),
        r#"{"version": 1, "items": []}"#,
    )
    .unwrap();
    let (_, doc) = inventory_json(dir.path(), &["--compare", "empty.json", "main.tf"]);
    assert_eq!(doc["changes"]["added"].as_array().unwrap().len(), 1);
    let nothing = tree(&[("main.tf", "resource \"azurerm_resource_group\" \"rg\" {}\n")]);
    std::fs::write(nothing.path().join("previous.json"), &before).unwrap();
    let (_, doc) = inventory_json(nothing.path(), &["--compare", "previous.json", "main.tf"]);
    assert_eq!(doc["changes"]["removed"].as_array().unwrap().len(), 1);
    // Not an inventory: exit 2, naming the file.
    std::fs::write(dir.path().join("bad.json"), "{\"a\": 1}").unwrap();
    let run = residency(
        dir.path(),
        ["inventory", "--compare", "bad.json", "main.tf"],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "--compare bad.json: it is not a `residency inventory --format json` document"
        ),
        "{}",
        run.stderr
    );
}

/// The HTML inventory of the samples, written with `--output-file`.
fn samples_html(dir: &Path) -> (PathBuf, String) {
    let page = dir.join("inventory.html");
    let page_arg = page.display().to_string();
    residency(
        &root(),
        [
            "inventory",
            "--format",
            "html",
            "--output-file",
            page_arg.as_str(),
            "samples",
        ],
    )
    .expect_code(0);
    let text = std::fs::read_to_string(&page).unwrap();
    (page, text)
}

#[test]
fn html_is_one_self_contained_page() {
    let out = tempfile::tempdir().unwrap();
    let (_, text) = samples_html(out.path());
    assert!(text.starts_with("<!DOCTYPE html>"), "{}", &text[..80]);
    assert!(text.contains("default-src 'none'"), "no network, by policy");
    for loaded in ["<script", "<link", "<img", "src=", "@import", "url("] {
        assert!(!text.contains(loaded), "the page loads something: {loaded}");
    }
    assert!(text.contains("<svg viewBox=\"0 20 720 290\""));
    assert!(text.contains("<h2 id=\"domain-services\">Domain Services managed domain ("));
    // A region's dot, placed by its coordinates: West Europe (52.37 N, 4.9 E).
    assert!(
        text.contains("<title>West Europe (westeurope): "),
        "the map has West Europe"
    );
    assert!(
        text.contains("cx=\"369.8\" cy=\"75.3\""),
        "westeurope's dot"
    );
    // What the code says is escaped: a resource named like markup.
    let template = cli_support::arm_template(
        "",
        &[cli_support::arm_domain_services(
            "<img src=x onerror=alert(1)>",
            "eastus",
        )],
    );
    let dir = tree(&[("azuredeploy.json", &template)]);
    residency(
        dir.path(),
        ["inventory", "--format", "html", "--output-file", "x.html"],
    )
    .expect_code(0);
    let page = std::fs::read_to_string(dir.path().join("x.html")).unwrap();
    assert!(
        page.contains("<code>&lt;img src=x onerror=alert(1)&gt;</code>"),
        "{page}"
    );
    assert!(!page.contains("<img"), "{page}");
    let tags_balanced = text.matches("<table>").count() == text.matches("</table>").count();
    assert!(tags_balanced);
}

#[test]
#[ignore = "needs Chromium and playwright-core: .ci/install-editors"]
fn html_renders_in_headless_chromium_with_no_console_errors() {
    let out = tempfile::tempdir().unwrap();
    let (page, _) = samples_html(out.path());
    let screenshot = out.path().join("inventory.png");
    let run = std::process::Command::new("node")
        .arg(root().join("tests/inventory_html/render.mjs"))
        .arg(&page)
        .arg(&screenshot)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "render.mjs failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shown: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(shown["errors"], serde_json::json!([]), "{shown}");
    assert_eq!(shown["requests"], serde_json::json!([]), "{shown}");
    assert_eq!(shown["scripts"], 0);
    assert_eq!(
        shown["title"],
        "Where identity data is stored and processed"
    );
    assert!(shown["dots"].as_u64().unwrap() >= 10, "{shown}");
    assert!(shown["tables"].as_u64().unwrap() >= 10, "{shown}");
    assert!(shown["rows"].as_u64().unwrap() >= 200, "{shown}");
    let png = std::fs::read(&screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
    // `RESIDENCY_INVENTORY_SCREENSHOT=docs/inventory.png` refreshes the README's screenshot.
    if let Some(keep) = std::env::var_os("RESIDENCY_INVENTORY_SCREENSHOT") {
        std::fs::write(keep, &png).unwrap();
    }
}
