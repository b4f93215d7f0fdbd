//! Completion of region names in location values, and of rule codes in suppression comments.

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn completion_of_regions_in_a_location_value() {
    let dir = tempfile::tempdir().unwrap();
    let text = AADDS.replace("\"eastus\"", "\"\"");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-8"]);
    // An empty location is no region (EU091).
    let diags = server.open_and_diagnose(&main, "terraform", &text);
    assert_eq!(codes(&diags), ["EU091"]);
    // Between the quotes: `  location = /* é😀 */ "` is 27 bytes.
    let items = server.completion(&main, 5, 27).expect("region items");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    let we = labels.iter().position(|l| *l == "westeurope").unwrap();
    let us = labels.iter().position(|l| *l == "eastus").unwrap();
    assert!(we < us, "{labels:?}");
    assert!(items[we]["detail"]
        .as_str()
        .unwrap()
        .contains("West Europe"));
    // Those outside the boundary say so where the list shows it.
    assert!(
        items[us]["labelDetails"]["description"]
            .as_str()
            .unwrap()
            .ends_with("outside Europe"),
        "{}",
        items[us]
    );
    // Not in a location value: nothing.
    assert_eq!(server.completion(&main, 1, 25), None);
    assert!(server.shutdown_and_exit().success());
}

/// A B2C or External ID tenant's location takes a tenant location, never a region: the
/// completion there offers those, `Europe` first (from the check, which knows the resource).
#[test]
fn completion_of_tenant_locations_in_a_b2c_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let arm = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.AzureActiveDirectory/b2cDirectories",
      "apiVersion": "2021-04-01",
      "name": "contosocustomers.onmicrosoft.com",
      "location": "United States",
      "sku": { "name": "PremiumP1", "tier": "A0" },
      "properties": { "createTenantProperties": { "countryCode": "US", "displayName": "Contoso" } }
    }
  ]
}
"#;
    let template = write(dir.path(), "azuredeploy.json", arm);
    let mut server = TestServer::start(&["utf-8"]);
    server.open_and_diagnose(&template, "json", arm);
    let (line, character) = position_of(arm, "\"location\"", "United");
    let items = server
        .completion(&template, line, character)
        .expect("tenant location items");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels[0], "Europe", "{labels:?}");
    assert!(labels.contains(&"United States"), "{labels:?}");
    assert!(!labels.contains(&"westeurope"), "no regions: {labels:?}");
    assert!(server.shutdown_and_exit().success());
}

/// The cursor's value is found in the syntax tree: a location parameter's default written
/// lines below its name is a location value (the line alone does not say so), and a
/// description that mentions a location is not.
#[test]
fn completion_in_a_location_parameter_over_several_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "replicaLocation": {
      "type": "string",
      "defaultValue": "",
      "metadata": { "description": "location: where the replica set runs" }
    }
  },
  "resources": []
}
"#;
    let template = write(dir.path(), "azuredeploy.json", text);
    let mut server = TestServer::start(&["utf-8"]);
    server.open_and_diagnose(&template, "json", text);
    let (line, character) = position_of(text, "\"defaultValue\"", "\"\"");
    let items = server
        .completion(&template, line, character)
        .expect("region items in the parameter's default");
    assert!(items.iter().any(|i| i["label"] == "westeurope"));
    let (line, character) = position_of(text, "\"description\"", "where");
    assert_eq!(server.completion(&template, line, character), None);
    assert!(server.shutdown_and_exit().success());
}

/// In a suppression comment, the codes of every rule (the new tenant-surface rules too), in a
/// B2C policy's XML comment as in HCL; after the reason's separator, nothing.
#[test]
fn completion_of_rule_codes_in_a_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let (xml, x) = copy_sample(
        dir.path(),
        "EU041/b2c-xml-suppressed/SignUpOrSignin.xml",
        "b2c",
    );
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&x, "xml", &xml);
    let (line, col) = position_of(&xml, "residency-ignore: EU041", "EU041");
    let items = server.completion(&x, line, col - 1).expect("rule codes");
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    for code in ["EU003", "EU031", "EU041", "EU051"] {
        assert!(labels.contains(&code), "{code} in {labels:?}");
    }
    assert!(!labels.contains(&"E001"), "{labels:?}");
    let eu041 = items.iter().find(|i| i["label"] == "EU041").unwrap();
    assert!(
        eu041["detail"]
            .as_str()
            .unwrap()
            .starts_with("b2c-journey-telemetry"),
        "{eu041}"
    );
    // In the reason: no completion.
    let (line, col) = position_of(&xml, "residency-ignore: EU041", "appi");
    assert_eq!(server.completion(&x, line, col), None);

    let text = format!("# residency-ignore: \n{AADDS}");
    let main = write(dir.path(), "main.tf", &text);
    server.open_and_diagnose(&main, "terraform", &text);
    let items = server.completion(&main, 0, 20).expect("rule codes in HCL");
    assert!(items.iter().any(|i| i["label"] == "EU010"), "{items:?}");
    assert!(server.shutdown_and_exit().success());
}
