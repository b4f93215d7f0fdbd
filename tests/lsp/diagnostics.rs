//! Pushed diagnostics: ranges in each encoding, incremental edits, versions.

use serde_json::json;

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn eu010_range_in_utf16_with_multibyte_characters() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    let diags = server.open_and_diagnose(&main, "terraform", AADDS);
    let d = eu010(&diags);
    // `  location = /* é😀 */ "eastus"`: é is 1 UTF-16 unit, 😀 is 2.
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 23}));
    assert_eq!(d["range"]["end"], json!({"line": 5, "character": 31}));
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "residency");
    // The rule's page of this version, written where links work offline.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.starts_with("file://") && href.ends_with("/EU010.md"),
        "{href}"
    );
    let page = std::path::PathBuf::from(href.trim_start_matches("file://"));
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(
        text.starts_with("# EU010 domain-services-outside-europe"),
        "{text}"
    );
    assert!(d["message"].as_str().unwrap().contains("eastus"));
    let fix = &d["data"]["fix"];
    assert_eq!(fix["safe"], false);
    assert_eq!(fix["edits"][0]["uri"], main);
    assert_eq!(
        fix["edits"][0]["range"]["start"],
        json!({"line": 5, "character": 24})
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn eu010_range_in_utf8_with_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace('\n', "\r\n");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-8"]);
    assert_eq!(server.encoding, "utf-8");
    let d = eu010(&server.open_and_diagnose(&main, "terraform", &text));
    // é is 2 bytes, 😀 is 4.
    assert_eq!(d["range"]["start"], json!({"line": 5, "character": 26}));
    assert_eq!(d["range"]["end"], json!({"line": 5, "character": 34}));

    // An incremental edit on the CRLF text, in bytes: `eastus` -> `westeurope`.
    server.change(
        &main,
        2,
        json!([{"range": {"start": {"line": 5, "character": 27}, "end": {"line": 5, "character": 33}}, "text": "westeurope"}]),
    );
    let diags = server.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn incremental_change_that_fixes_the_value_clears_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", AADDS)),
        ["EU010"]
    );
    // Two changes in one notification, applied in order: insert before the emoji line, then
    // replace the value (positions after the first change).
    server.change(
        &main,
        2,
        json!([
            {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}}, "text": "  # 日本\n"},
            {"range": {"start": {"line": 6, "character": 24}, "end": {"line": 6, "character": 30}}, "text": "northeurope"}
        ]),
    );
    let diags = server.diagnostics_for_version(&main, 2);
    assert!(diags.is_empty(), "{diags:?}");
    // Back to a US region: the finding is back, on the shifted line.
    server.change(
        &main,
        3,
        json!([{"range": {"start": {"line": 6, "character": 24}, "end": {"line": 6, "character": 35}}, "text": "westus"}]),
    );
    let d = eu010(&server.diagnostics_for_version(&main, 3));
    assert_eq!(d["range"]["start"], json!({"line": 6, "character": 23}));
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn half_typed_document_is_still_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", "");
    let mut server = TestServer::start(&["utf-16"]);
    let half = format!(
        "{AADDS}\nresource \"azurerm_virtual_network\" \"v\" {{\n  name = \"v\n  location = "
    );
    let diags = server.open_and_diagnose(&main, "terraform", &half);
    let codes = codes(&diags);
    assert!(codes.contains(&"E001".to_string()), "{diags:?}");
    assert!(codes.contains(&"EU010".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn rapid_edits_never_publish_an_older_version_and_end_current() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(dir.path(), "main.tf", AADDS);
    let mut server = TestServer::start(&["utf-16"]);
    server.open(&main, "terraform", 1, AADDS);
    let regions = ["westus", "northeurope", "eastus2", "francecentral"];
    let mut text = AADDS.to_string();
    for version in 2..=20 {
        let region = regions[version as usize % regions.len()];
        let old = text.lines().nth(5).unwrap().to_string();
        let start = old.rfind("\"").unwrap();
        let open = old[..start].rfind('"').unwrap();
        // UTF-16 columns of the value: the line has é (1 unit) and 😀 (2 units) before it.
        let col = |byte: usize| old[..byte].encode_utf16().count() as u64;
        server.change(
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
        let m = server.wait_for("diagnostics", |m| {
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
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn unsaved_document_and_arm_template_are_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    // Never written to disk.
    let main = uri(&dir.path().join("new.tf"));
    let mut server = TestServer::start(&["utf-16"]);
    assert_eq!(
        codes(&server.open_and_diagnose(&main, "terraform", AADDS)),
        ["EU010"]
    );
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
    let diags = server.open_and_diagnose(&t, "json", template);
    let d = eu010(&diags);
    assert_eq!(d["range"]["start"]["line"], 9, "{d}");
    let related = d["relatedInformation"].as_array().expect("related");
    assert!(
        related.iter().any(|r| r["location"]["uri"] == params),
        "{related:?}"
    );
    // The ignore action uses `//` in ARM JSON.
    let actions = server.code_actions(&t, &d["range"], json!([d]), &[]);
    let edits = edits_of(action(&actions, "Ignore EU010 on this line"), &t);
    assert_eq!(
        edits[0]["newText"],
        "      // residency-ignore: EU010 -- \n"
    );
    assert!(server.shutdown_and_exit().success());
}
