//! End-to-end tests of `residency lsp`: the real binary, driven over pipes.

#[path = "lsp_support/mod.rs"]
mod lsp_support;

use std::path::Path;

use lsp_support::{uri, Client};
use serde_json::{json, Value};

/// Domain Services in `eastus`, with multi-byte characters before the value on its line.
const AADDS: &str = r#"resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds"
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"
  location = /* é😀 */ "eastus"
}
"#;

/// Lints at once: tests wait for results, not for the debounce.
fn no_debounce() -> Value {
    json!({"debounceMs": 0})
}

fn start(encodings: &[&str]) -> Client {
    let mut client = Client::start();
    client.initialize(encodings, no_debounce());
    client
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    uri(&path)
}

fn eu010(diags: &[Value]) -> Value {
    diags
        .iter()
        .find(|d| d["code"] == "EU010")
        .unwrap_or_else(|| panic!("no EU010 in {diags:?}"))
        .clone()
}

#[test]
fn initialize_negotiates_utf8_when_offered_else_utf16() {
    let mut client = Client::start();
    let r = client.initialize(&["utf-8", "utf-16"], no_debounce());
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert!(client.shutdown_and_exit().success());

    let mut client = Client::start();
    let r = client.initialize(&["utf-32", "utf-16"], no_debounce());
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert!(client.shutdown_and_exit().success());

    let mut client = Client::start();
    let r = client.initialize(&[], no_debounce());
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn eu010_range_in_utf16_with_multibyte_characters() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    let diags = client.diagnostics_for_version(&main, 1);
    let d = eu010(&diags);
    // `  location = /* é😀 */ "eastus"`: é is 1 UTF-16 unit, 😀 is 2.
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 23}));
    assert_eq!(d["range"]["end"], json!({"line": 5, "character": 31}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "residency");
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/EU010.md"));
    assert!(d["message"].as_str().unwrap().contains("eastus"));
    let fix = &d["data"]["fix"];
    assert_eq!(fix["safe"], false);
    assert_eq!(fix["edits"][0]["uri"], main);
    assert_eq!(
        fix["edits"][0]["range"]["start"],
        json!({"line": 5, "character": 24})
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn eu010_range_in_utf8_with_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace('\n', "\r\n");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-8"]);
    assert_eq!(client.encoding, "utf-8");
    client.open(&main, "terraform", 1, &text);
    let d = eu010(&client.diagnostics_for_version(&main, 1));
    // é is 2 bytes, 😀 is 4.
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 26}));
    assert_eq!(d["range"]["end"], json!({"line": 5, "character": 34}));

    // An incremental edit on the CRLF text, in bytes: `eastus` -> `westeurope`.
    client.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 5, "character": 27}, "end": {"line": 5, "character": 33}}, "text": "westeurope"}]),
    );
    let diags = client.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn incremental_change_that_fixes_the_value_clears_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    assert_eq!(codes(&client.diagnostics_for_version(&main, 1)), ["EU010"]);
    // Two changes in one notification, applied in order: insert before the emoji line, then
    // replace the value (positions after the first change).
    client.change(
        &main,
        2,
        json!([
            {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "  # 日本\n"},
            {"range": {"start": {"line": 6, "character": 24}, "end": {"line": 6, "character": 30}}, "text": "northeurope"}
        ]),
    );
    let diags = client.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");
    // Back to a US region: the finding is back, on the shifted line.
    client.change(
        &main,
        3,
        json!([{"range": {"start": {"line": 6, "character": 24}, "end": {"line": 6, "character": 35}}, "text": "westus"}]),
    );
    let d = eu010(&client.diagnostics_for_version(&main, 3));
    assert_eq!(d["range"]["start"], json!({"line": 6, "character": 23}));
    assert!(client.shutdown_and_exit().success());
}

/// ALE rebuilds the diagnostics it sends back (code, message and range only), and sends none
/// when the cursor is inside the range: the quick fix is still offered, from what was published.
#[test]
fn quick_fix_offered_to_clients_that_rebuild_or_omit_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    let d = eu010(&client.diagnostics_for_version(&main, 1));
    let titles = |r: &Value| -> Vec<String> {
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    let rebuilt = json!({"range": d["range"], "code": "EU010", "message": d["message"]});
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": d["range"], "context": {"diagnostics": [rebuilt]}}),
    );
    assert!(
        titles(&r).iter().any(|t| t.starts_with("Set the location")),
        "{r}"
    );
    // The cursor inside the value, no diagnostics sent.
    let inside = json!({"line": 5, "character": 26});
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": {"start": inside, "end": inside}, "context": {"diagnostics": []}}),
    );
    assert!(
        titles(&r).iter().any(|t| t.starts_with("Set the location")),
        "{r}"
    );
    // Elsewhere in the file, nothing to fix.
    let elsewhere = json!({"line": 1, "character": 2});
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": {"start": elsewhere, "end": elsewhere}, "context": {"diagnostics": []}}),
    );
    assert!(
        !titles(&r).iter().any(|t| t.starts_with("Set the location")),
        "{r}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn quick_fix_applied_removes_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    let d = eu010(&client.diagnostics_for_version(&main, 1));
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
    );
    let actions = r["result"].as_array().unwrap().clone();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Set the location"))
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    assert!(
        fix["title"].as_str().unwrap().contains("re-creates"),
        "{fix}"
    );
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][&main].as_array().unwrap().clone();
    let fixed = client.apply_edits(AADDS, &edits);
    assert!(fixed.contains("\"westeurope\""), "{fixed}");
    // Send the edits as incremental changes.
    client.change(
        &main,
        2,
        Value::Array(edits.clone())
            .as_array()
            .map(|e| {
                Value::Array(
                    e.iter()
                        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
                        .collect(),
                )
            })
            .unwrap(),
    );
    let diags = client.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");

    // The "ignore" action on a fresh finding.
    let flagged = fixed.replace("westeurope", "eastus2");
    client.change(&main, 3, json!([{"text": flagged}]));
    let d = eu010(&client.diagnostics_for_version(&main, 3));
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let ignore = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore EU010 on this line")
        .cloned()
        .expect("ignore action");
    let edits = ignore["edit"]["changes"][&main].as_array().unwrap().clone();
    assert_eq!(edits[0]["newText"], "  # residency-ignore: EU010 -- \n");
    let mut ignored = client.apply_edits(&flagged, &edits);
    // A suppression needs a reason (else E003).
    ignored = ignored.replace("EU010 -- ", "EU010 -- approved by the DPO");
    client.change(&main, 4, json!([{"text": ignored}]));
    let diags = client.diagnostics_for_version(&main, 4);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn fix_all_applies_the_safe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("\"eastus\"", "\"westeuroep\"");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, &text);
    let diags = client.diagnostics_for_version(&main, 1);
    assert!(codes(&diags).contains(&"EU091".to_string()), "{diags:?}");
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.residency");
    let edits = actions[0]["edit"]["changes"][&main]
        .as_array()
        .unwrap()
        .clone();
    let fixed = client.apply_edits(&text, &edits);
    assert!(
        fixed.contains("\"West Europe\"") || fixed.contains("\"westeurope\""),
        "{fixed}"
    );
    client.change(&main, 2, json!([{"text": fixed}]));
    let diags = client.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn half_typed_document_is_still_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", "");
    let mut client = start(&["utf-16"]);
    let half = format!(
        "{AADDS}\nresource \"azurerm_virtual_network\" \"v\" {{\n  name = \"v\n  location = "
    );
    client.open(&main, "terraform", 1, &half);
    let diags = client.diagnostics_for_version(&main, 1);
    let codes = codes(&diags);
    assert!(codes.contains(&"E001".to_string()), "{diags:?}");
    assert!(codes.contains(&"EU010".to_string()), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn tfvars_on_disk_decide_and_their_change_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let tf = "variable \"location\" {\n  type = string\n}\n\nresource \"azurerm_active_directory_domain_service\" \"aadds\" {\n  name                = \"aadds\"\n  resource_group_name = \"rg\"\n  domain_name         = \"aadds.contoso.com\"\n  sku                 = \"Standard\"\n  location            = var.location\n}\n";
    let main = write(dir.path(), "main.tf", tf);
    let tfvars = write(
        dir.path(),
        "terraform.tfvars",
        "location = \"westeurope\"\n",
    );
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, tf);
    let diags = client.diagnostics_for_version(&main, 1);
    assert!(diags.is_empty(), "{diags:?}");

    // The tfvars file changes on disk; the client reports it.
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "location = \"eastus\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": tfvars, "type": 2}]}),
    );
    let params = client.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    let d = eu010(diags);
    assert_eq!(d["range"]["start"]["line"], 9);
    let related = d["relatedInformation"]
        .as_array()
        .expect("related information");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == tfvars),
        "{related:?}"
    );
    // The server registered for watched files dynamically.
    let registration = client
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .expect("a registration");
    let reg = &registration["params"]["registrations"][0];
    assert_eq!(reg["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = reg["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.tfvars"), "{globs:?}");
    assert!(globs.contains(&"**/.residency.yaml"), "{globs:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn settings_change_relints_open_documents() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, &text);
    assert!(client.diagnostics_for_version(&main, 1).is_empty());
    // UK regions are outside the EU Data Boundary.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary"}}}),
    );
    let params = client.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // Rule severities: EU010 as a warning, then off.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary", "rules": {"EU010": "warning"}}}}),
    );
    let params = client.diagnostics_where(&main, |d| d.first().is_some_and(|d| d["severity"] == 2));
    assert_eq!(params["version"], 1);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "eu-data-boundary", "rules": {"EU010": "off"}}}}),
    );
    client.diagnostics_where(&main, |d| d.is_empty());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_on_a_region_a_suppression_and_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# residency-ignore-file: EU021 -- push approved\n{AADDS}");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, &text);
    client.diagnostics_for_version(&main, 1);
    // On `eastus` (line 6, after `/* é😀 */ "`).
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 6, "character": 26}}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.contains("**East US** (`eastus`)"), "{r}");
    assert!(
        value.contains("Inside the active boundary (`europe`): no"),
        "{value}"
    );
    assert!(value.contains("Inside the EU Data Boundary: no"), "{value}");
    // The diagnostic there: its rule's documentation.
    assert!(
        value.contains("EU010 domain-services-outside-europe"),
        "{value}"
    );
    // On the code in the suppression.
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 0, "character": 27}}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.contains("EU021 mfa-push-notifications"), "{r}");
    // Nothing to say on `resource`.
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 1, "character": 2}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn malformed_messages_unknown_methods_and_panics_are_survived() {
    let mut client = start(&["utf-16"]);
    // Not JSON.
    client.send_raw(b"Content-Length: 7\r\n\r\n{{{{{{{");
    let r = client.wait_for("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(r["id"], Value::Null);
    // JSON, but not a JSON-RPC message.
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    client.wait_for("invalid request", |m| {
        m.get("error").is_some() && m["id"] == Value::Null
    });
    // An unknown request, an unknown notification.
    let r = client.request("residency/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    client.notify("residency/noSuchNotification", json!({}));
    // Bad params.
    let r = client.request("textDocument/hover", json!({"nonsense": true}));
    assert!(r.get("error").is_some(), "{r}");
    // A change to a document never opened, an edit past its end.
    client.change("file:///nowhere/main.tf", 2, json!([{"text": "x"}]));
    // A panic inside a handler: an error response and a log line, not a dead server.
    let r = client.request("residency/debugPanic", json!({}));
    assert_eq!(r["error"]["code"], -32603, "{r}");
    client.wait_for("the panic's log line", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("debugPanic"))
    });
    // Still answering.
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    client.open(&main, "terraform", 1, AADDS);
    assert_eq!(codes(&client.diagnostics_for_version(&main, 1)), ["EU010"]);
    client.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 1}}, "text": "x"}]),
    );
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 5, "character": 26}}),
    );
    assert!(r.get("result").is_some(), "{r}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn cancel_request_abandons_a_request_in_flight() {
    let mut client = start(&["utf-16"]);
    let started = std::time::Instant::now();
    let id = client.send_request("residency/debugSleep", json!({"ms": 20_000}));
    client.notify("$/cancelRequest", json!({"id": id}));
    let r = client.wait_for("the cancelled request's answer", |m| {
        m.get("id") == Some(&json!(id)) && m.get("method").is_none()
    });
    assert_eq!(r["error"]["code"], -32800, "RequestCancelled expected: {r}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "answered only when the work was done"
    );
    // A cancel for a request already answered, or never sent, changes nothing.
    client.notify("$/cancelRequest", json!({"id": id}));
    client.notify("$/cancelRequest", json!({"id": 987_654}));
    // Requests that are not cancelled still get their result.
    let r = client.request("residency/debugSleep", json!({"ms": 10}));
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(r.get("error").is_none(), "{r}");
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    client.open(&main, "terraform", 1, AADDS);
    assert_eq!(codes(&client.diagnostics_for_version(&main, 1)), ["EU010"]);
    assert!(client.shutdown_and_exit().success());
}

const BICEP_CALLER: &str = "param tenantLocation string = 'United States'

module customers './modules/tenant.bicep' = {
  name: 'customers'
  params: {
    location: tenantLocation
  }
}
";

const BICEP_MODULE: &str = "param location string

resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview' = {
  name: 'contosocustomers.onmicrosoft.com'
  location: location
  sku: {
    name: 'PremiumP1'
    tier: 'A0'
  }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'NL'
    }
  }
}
";

#[test]
fn bicep_module_in_a_subfolder_is_checked_with_its_caller_and_its_open_buffer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("modules")).unwrap();
    let main = write(dir.path(), "main.bicep", BICEP_CALLER);
    let module = write(dir.path(), "modules/tenant.bicep", BICEP_MODULE);
    let mut client = start(&["utf-16"]);
    // The caller's check reports the module's tenant, with the value the caller passes.
    client.open(&main, "bicep", 1, BICEP_CALLER);
    let params = client.diagnostics_where(&module, |d| codes(d).contains(&"EU001".to_string()));
    let eu001 = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EU001")
        .unwrap()
        .clone();
    assert_eq!(eu001["range"]["start"]["line"], 4, "{eu001}");
    // Opened, the module is still checked in its caller's context (not alone, where its
    // parameter has no value and it would only get EU090).
    client.open(&module, "bicep", 1, BICEP_MODULE);
    let diags = client.diagnostics_for_version(&module, 1);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    // An unsaved edit of the module (a literal European location) is what the caller's
    // check reads: the module's EU001 goes, and an edit of the caller does not bring it back
    // from the file on disk.
    let fixed = BICEP_MODULE.replace("location: location", "location: 'Europe'");
    client.change(&module, 2, json!([{"text": fixed}]));
    let diags = client.diagnostics_for_version(&module, 2);
    assert!(!codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    let caller_v2 = format!("{BICEP_CALLER}\n");
    client.change(&main, 2, json!([{"text": caller_v2}]));
    client.diagnostics_for_version(&main, 2);
    client.change(&module, 3, json!([{"text": format!("{fixed}\n")}]));
    let diags = client.diagnostics_for_version(&module, 3);
    assert!(!codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    // Back to the parameter: the caller's value reaches the module again.
    client.change(&module, 4, json!([{"text": BICEP_MODULE}]));
    let diags = client.diagnostics_for_version(&module, 4);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

/// The workspace scan learns which folders use a module: opened before any of its callers,
/// the module is checked in their context.
#[test]
fn bicep_module_opened_first_is_checked_with_the_callers_found_by_the_scan() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("modules")).unwrap();
    write(root.path(), "main.bicep", BICEP_CALLER);
    let module = write(root.path(), "modules/tenant.bicep", BICEP_MODULE);
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{"uri": uri(root.path()), "name": "root"}],
            "capabilities": {},
            "initializationOptions": {"debounceMs": 0},
        }),
    );
    client.notify("initialized", json!({}));
    // The scan reports the module's tenant (the file is not open).
    client.diagnostics_where(&module, |d| codes(d).contains(&"EU001".to_string()));
    client.open(&module, "bicep", 1, BICEP_MODULE);
    let diags = client.diagnostics_for_version(&module, 1);
    assert!(codes(&diags).contains(&"EU001".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut client = start(&["utf-16"]);
    client.notify("exit", Value::Null);
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn shutdown_then_exit_exits_with_0() {
    let mut client = start(&["utf-16"]);
    let status = {
        let r = client.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        // Requests after shutdown are refused (InvalidRequest).
        let r = client.request("textDocument/hover", json!({"textDocument": {"uri": "file:///a.tf"}, "position": {"line": 0, "character": 0}}));
        assert_eq!(r["error"]["code"], -32600, "{r}");
        client.notify("exit", Value::Null);
        client.wait_exit()
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn rapid_edits_never_publish_an_older_version_and_end_current() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    let regions = ["westus", "northeurope", "eastus2", "francecentral"];
    let mut text = AADDS.to_string();
    for version in 2..=20 {
        let region = regions[version as usize % regions.len()];
        let old = text.lines().nth(5).unwrap().to_string();
        let start = old.rfind("\"").unwrap();
        let open = old[..start].rfind('"').unwrap();
        // UTF-16 columns of the value: the line has é (1 unit) and 😀 (2 units) before it.
        let col = |byte: usize| old[..byte].encode_utf16().count() as u64;
        client.change(
            &main,
            version,
            json!([{"range": {"start": {"line": 5, "character": col(open + 1)}, "end": {"line": 5, "character": col(start)}}, "text": region}]),
        );
        text = text.replacen(
            &old,
            &format!("{}{}{}", &old[..open + 1], region, &old[start..]),
            1,
        );
    }
    let mut last = 0;
    loop {
        let m = client.wait_for("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == main
        });
        let version = m["params"]["version"].as_i64().unwrap();
        // Two runs may see the same snapshot; an older version never follows a newer one.
        assert!(version >= last, "version {version} published after {last}");
        last = version;
        if version == 20 {
            // 20 % 4 = 0: westus.
            assert_eq!(
                codes(m["params"]["diagnostics"].as_array().unwrap()),
                ["EU010"]
            );
            break;
        }
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn malformed_headers_are_survived() {
    let mut client = start(&["utf-16"]);
    client.send_raw(b"Content-Type: text/plain\r\n\r\n");
    client.wait_for("parse error", |m| m["error"]["code"] == -32700);
    client.send_raw(b"Content-Length: many\r\n\r\n");
    client.wait_for("parse error", |m| m["error"]["code"] == -32700);
    // Valid JSON, not JSON-RPC: answered with its id.
    client.send_raw(b"Content-Length: 22\r\n\r\n{\"id\": 7, \"params\": 1}");
    let r = client.wait_for("invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(r["id"], 7);
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///a.tf"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn completion_of_regions_in_a_location_value() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("\"eastus\"", "\"\"");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-8"]);
    client.open(&main, "terraform", 1, &text);
    // Between the quotes: `  location = /* é😀 */ "` is 27 bytes.
    let r = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": main}, "position": {"line": 5, "character": 27}}),
    );
    let items = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    let we = labels.iter().position(|l| *l == "westeurope").unwrap();
    let us = labels.iter().position(|l| *l == "eastus").unwrap();
    assert!(we < us, "{labels:?}");
    assert!(items[we]["detail"]
        .as_str()
        .unwrap()
        .contains("West Europe"));
    // Not in a location value: nothing.
    let r = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": main}, "position": {"line": 1, "character": 25}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = Client::start();
    let r = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "textDocument": {"diagnostic": {"dynamicRegistration": false}},
                "workspace": {"diagnostics": {"refreshSupport": true}},
            },
            "initializationOptions": {"debounceMs": 0},
        }),
    );
    let provider = &r["result"]["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true, "{r}");
    client.notify("initialized", json!({}));
    client.open(&main, "terraform", 1, AADDS);
    let r = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": main}}),
    );
    assert_eq!(r["result"]["kind"], "full", "{r}");
    let items = r["result"]["items"].as_array().unwrap();
    let d = eu010(items);
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 23}));
    client.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 5, "character": 24}, "end": {"line": 5, "character": 30}}, "text": "swedencentral"}]),
    );
    let r = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": main}}),
    );
    assert_eq!(r["result"]["items"], json!([]), "{r}");
    assert!(client.shutdown_and_exit().success());
}

/// Neovim 0.11 pulls diagnostics only for shown buffers and cannot be told to pull again: a
/// client that pulls without refresh support gets pushed diagnostics, which stay current.
#[test]
fn diagnostics_are_pushed_to_clients_that_pull_without_refresh_support() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = Client::start();
    let r = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {"textDocument": {"diagnostic": {"dynamicRegistration": false}}},
            "initializationOptions": {"debounceMs": 0},
        }),
    );
    assert!(
        r["result"]["capabilities"]
            .get("diagnosticProvider")
            .is_none(),
        "{r}"
    );
    client.notify("initialized", json!({}));
    client.open(&main, "terraform", 1, AADDS);
    assert_eq!(codes(&client.diagnostics_for_version(&main, 1)), ["EU010"]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn custom_boundary_from_the_allowed_regions_setting() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "swedencentral");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, &text);
    assert_eq!(
        codes(&client.diagnostics_for_version(&main, 1)),
        Vec::<String>::new()
    );
    // Only Germany: Sweden Central is now outside.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "custom", "allowedRegions": ["germanywestcentral", "germanynorth"]}}}),
    );
    let params = client.diagnostics_where(&main, |d| !d.is_empty());
    let diags = params["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diags), ["EU010"]);
    // `custom` without regions is refused with a log line, and the boundary stays Europe.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"boundary": "custom"}}}),
    );
    client.wait_for("the setting's problem", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("`allowedRegions`"))
    });
    client.diagnostics_where(&main, <[Value]>::is_empty);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn workspace_scan_reports_files_not_open_with_progress() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("flagged")).unwrap();
    std::fs::create_dir(root.path().join("clean")).unwrap();
    let flagged = write(&root.path().join("flagged"), "main.tf", AADDS);
    write(
        &root.path().join("clean"),
        "main.tf",
        &AADDS.replace("eastus", "westeurope"),
    );
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{"uri": uri(root.path()), "name": "root"}],
            "capabilities": {"window": {"workDoneProgress": true}},
            "initializationOptions": {"debounceMs": 0},
        }),
    );
    client.notify("initialized", json!({}));
    let begin = client.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    assert_eq!(begin["params"]["token"], "residency/workspace-scan");
    let params = client.diagnostics_where(&flagged, |d| !d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    let end = client.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert!(end["params"]["value"]["message"]
        .as_str()
        .unwrap()
        .contains("1 finding"));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn residency_yaml_change_relints_and_close_clears() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, &text);
    assert!(client.diagnostics_for_version(&main, 1).is_empty());
    let config = write(
        dir.path(),
        ".residency.yaml",
        "boundary: eu-data-boundary\n",
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config, "type": 1}]}),
    );
    let params = client.diagnostics_where(&main, |d| !d.is_empty());
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["EU010"]);
    // Closing clears the document's diagnostics; the file on disk is then checked again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": main}}),
    );
    let params = client.diagnostics_where(&main, |d| d.is_empty());
    assert_eq!(params["version"], Value::Null);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("eastus", "uksouth");
    let main = write(dir.path(), "main.tf", &text);
    let mut client = Client::start();
    client.configuration = json!([{"boundary": "eu-data-boundary"}]);
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {"workspace": {"configuration": true}},
            "initializationOptions": {"debounceMs": 0},
        }),
    );
    client.notify("initialized", json!({}));
    client.open(&main, "terraform", 1, &text);
    // Under the EU Data Boundary (from the client's settings), UK South is outside.
    client.diagnostics_where(&main, |d| !d.is_empty());
    // The client says its settings changed (without them): the server asks again.
    client.configuration = json!([{"boundary": "europe"}]);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    client.diagnostics_where(&main, |d| d.is_empty());
    assert!(client
        .server_requests
        .iter()
        .any(|r| r["method"] == "workspace/configuration"));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn unsaved_document_and_arm_template_are_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    // Never written to disk.
    let main = uri(&dir.path().join("new.tf"));
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    assert_eq!(codes(&client.diagnostics_for_version(&main, 1)), ["EU010"]);
    // An ARM template in a folder of its own, with its parameters file on disk.
    let arm = dir.path().join("arm");
    std::fs::create_dir(&arm).unwrap();
    let template = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"location": {"type": "string", "defaultValue": "westeurope"}},
  "resources": [
    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "aadds.contoso.com",
      "location": "[parameters('location')]",
      "properties": {"domainName": "aadds.contoso.com"}
    }
  ]
}
"#;
    let t = write(&arm, "azuredeploy.json", template);
    let params = write(
        &arm,
        "azuredeploy.parameters.json",
        r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"location": {"value": "eastus"}}
}
"#,
    );
    client.open(&t, "json", 1, template);
    let diags = client.diagnostics_for_version(&t, 1);
    let d = eu010(&diags);
    assert_eq!(d["range"]["start"]["line"], 9, "{d}");
    let related = d["relatedInformation"].as_array().expect("related");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == params),
        "{related:?}"
    );
    // The ignore action uses `//` in ARM JSON.
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": t}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let ignore = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore EU010 on this line")
        .cloned()
        .expect("ignore action");
    assert_eq!(
        ignore["edit"]["changes"][&t][0]["newText"],
        "      // residency-ignore: EU010 -- \n"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn preferred_region_setting_changes_the_quick_fix() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut client = start(&["utf-16"]);
    client.open(&main, "terraform", 1, AADDS);
    client.diagnostics_for_version(&main, 1);
    // A bad value is named in a log message and ignored.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferredRegion": "westeurpe"}}}),
    );
    let log = client.wait_for("a log message about the setting", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("preferredRegion"))
    });
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("westeurpe"),
        "{log}"
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferredRegion": "northeurope"}}}),
    );
    // The fix is recomputed on the re-check: wait until it proposes the new region.
    let params = client.diagnostics_where(&main, |d| {
        d.iter()
            .any(|d| d["code"] == "EU010" && d["data"].to_string().contains("northeurope"))
    });
    let d = eu010(params["diagnostics"].as_array().unwrap());
    let r = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": main}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
    );
    let actions = r["result"].as_array().unwrap().clone();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Set the location"))
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    let edits = fix["edit"]["changes"][&main].as_array().unwrap().clone();
    let fixed = client.apply_edits(AADDS, &edits);
    assert!(fixed.contains("\"northeurope\""), "{fixed}");
    // `preferred_region` is accepted too.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"residency": {"preferred_region": "swedencentral"}}}),
    );
    client.diagnostics_where(&main, |d| {
        d.iter()
            .any(|d| d["code"] == "EU010" && d["data"].to_string().contains("swedencentral"))
    });
    assert!(client.shutdown_and_exit().success());
}

/// The hover text at a position, or "" when there is none.
fn hover_at(client: &mut Client, uri: &str, line: u64, character: u64) -> String {
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The line (0-based) and UTF-16 column of the first `needle` on a line holding `line_has`.
fn position_of(text: &str, line_has: &str, needle: &str) -> (u64, u64) {
    let (line, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_has))
        .unwrap_or_else(|| panic!("no line with {line_has}"));
    let col = l
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle} in {l}"));
    (line as u64, l[..col].encode_utf16().count() as u64 + 1)
}

#[test]
fn hover_on_an_identity_resource_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut client = start(&["utf-16"]);

    // ARM: the `"name"` value of Domain Services gives the hover of its `type`.
    let template =
        std::fs::read_to_string(root.join("EU010/arm-replica-flagged/azuredeploy.json")).unwrap();
    let arm = dir.path().join("arm");
    std::fs::create_dir(&arm).unwrap();
    let t = write(&arm, "azuredeploy.json", &template);
    client.open(&t, "json", 1, &template);
    client.diagnostics_for_version(&t, 1);
    let (line, col) = position_of(&template, "Microsoft.AAD/domainServices", "Microsoft.AAD");
    let at_type = hover_at(&mut client, &t, line, col);
    assert!(
        at_type.contains("Azure AD DS stores user data"),
        "{at_type}"
    );
    let (line, col) = position_of(&template, "\"aadds.contoso.com\"", "aadds.contoso.com");
    assert_eq!(hover_at(&mut client, &t, line, col), at_type);

    // Bicep: the symbolic name and the `name:` value.
    let bicep = std::fs::read_to_string(root.join("EU040/bicep-flagged/main.bicep")).unwrap();
    let bdir = dir.path().join("bicep");
    std::fs::create_dir(&bdir).unwrap();
    let b = write(&bdir, "main.bicep", &bicep);
    client.open(&b, "bicep", 1, &bicep);
    client.diagnostics_for_version(&b, 1);
    let (line, col) = position_of(&bicep, "resource entra ", "microsoft.aadiam");
    let at_type = hover_at(&mut client, &b, line, col);
    assert!(
        at_type.contains("Entra sign-in and audit logs are copied to the destination's region."),
        "{at_type}"
    );
    let (line, col) = position_of(&bicep, "resource entra ", "entra");
    assert_eq!(hover_at(&mut client, &b, line, col), at_type);
    let (line, col) = position_of(&bicep, "name: 'entra-archive'", "entra-archive");
    assert_eq!(hover_at(&mut client, &b, line, col), at_type);
    // A storage account is no identity resource: its name has no such hover.
    let (line, col) = position_of(&bicep, "resource storage ", "storage");
    assert!(!hover_at(&mut client, &b, line, col).contains("Sign-in and audit logs"));

    // Pulumi: the resource's key under `resources:`.
    let pdir = dir.path().join("pulumi");
    std::fs::create_dir(&pdir).unwrap();
    let stack =
        std::fs::read_to_string(root.join("EU040/pulumi-flagged/Pulumi.prod.yaml")).unwrap();
    write(&pdir, "Pulumi.prod.yaml", &stack);
    let program = std::fs::read_to_string(root.join("EU040/pulumi-flagged/Pulumi.yaml")).unwrap();
    let p = write(&pdir, "Pulumi.yaml", &program);
    client.open(&p, "yaml", 1, &program);
    client.diagnostics_for_version(&p, 1);
    let (line, col) = position_of(
        &program,
        "type: azure-native:aadiam:DiagnosticSetting",
        "azure",
    );
    let at_type = hover_at(&mut client, &p, line, col);
    assert!(
        at_type.contains("`eastus` (East US, United States)"),
        "{at_type}"
    );
    let (line, col) = position_of(&program, "entraLogs:", "entraLogs");
    assert_eq!(hover_at(&mut client, &p, line, col), at_type);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_on_an_identity_resource_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    // ARM: Domain Services with a replica set in `eastus` from a parameter default.
    let template =
        std::fs::read_to_string(root.join("EU010/arm-replica-flagged/azuredeploy.json")).unwrap();
    let arm = dir.path().join("arm");
    std::fs::create_dir(&arm).unwrap();
    let t = write(&arm, "azuredeploy.json", &template);
    let mut client = start(&["utf-16"]);
    client.open(&t, "json", 1, &template);
    client.diagnostics_for_version(&t, 1);
    // On `Microsoft.AAD/domainServices` (line 30, 0-based 29).
    let line = template
        .lines()
        .position(|l| l.contains("Microsoft.AAD/domainServices"))
        .unwrap() as u64;
    let value = hover_at(&mut client, &t, line, 20);
    assert!(
        value.contains("Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network"),
        "{value}"
    );
    assert!(
        value.contains(
            "replica set 2: `eastus` (East US, United States) — outside Europe ← parameter 'replicaLocation' default"
        ),
        "{value}"
    );
    assert!(
        value.contains("`westeurope` (West Europe") && value.contains("inside Europe"),
        "{value}"
    );
    // A virtual network is no identity resource: its type has no such hover.
    let vnet = template
        .lines()
        .position(|l| l.contains("Microsoft.Network/virtualNetworks\""))
        .unwrap() as u64;
    assert!(
        !hover_at(&mut client, &t, vnet, 20).contains("Azure AD DS"),
        "virtual network"
    );

    // Terraform: a B2C tenant in `United States`, on its block header.
    let tf = std::fs::read_to_string(root.join("EU001/terraform-flagged/main.tf")).unwrap();
    let tfdir = dir.path().join("tf");
    std::fs::create_dir(&tfdir).unwrap();
    let main = write(&tfdir, "main.tf", &tf);
    client.open(&main, "terraform", 1, &tf);
    client.diagnostics_for_version(&main, 1);
    let header = tf
        .lines()
        .position(|l| l.starts_with("resource \"azurerm_aadb2c_directory\""))
        .unwrap() as u64;
    let value = hover_at(&mut client, &main, header, 15);
    assert!(
        value.contains("Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters"),
        "{value}"
    );
    assert!(value.contains("`United States`"), "{value}");
    assert!(value.contains("outside Europe"), "{value}");
    // Edited and checked again, the hover follows the new version.
    let europe = tf.replace("\"United States\"", "\"Europe\"");
    client.change(&main, 2, json!([{"text": europe}]));
    client.diagnostics_for_version(&main, 2);
    let value = hover_at(&mut client, &main, header, 15);
    assert!(
        value.contains("`Europe` (tenant data residency location) — inside Europe"),
        "{value}"
    );
    assert!(client.shutdown_and_exit().success());
}
