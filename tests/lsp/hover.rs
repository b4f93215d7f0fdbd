//! Hover: regions, suppressions, diagnostics, identity resources.

use serde_json::{json, Value};

use crate::fixtures::*;
use crate::test_server::TestServer;

#[test]
fn hover_on_a_region_a_suppression_and_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# residency-ignore-file: EU021 -- push approved\n{AADDS}");
    let main = write(dir.path(), "main.tf", &text);
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&main, "terraform", &text);
    // On `eastus` (line 6, after `/* é😀 */ "`).
    let value = server.hover(&main, 6, 26);
    assert!(value.contains("**East US** (`eastus`)"), "{value}");
    assert!(
        value.contains("Inside the active boundary (`europe`): no"),
        "{value}"
    );
    assert!(value.contains("Inside the EU Data Boundary: no"), "{value}");
    // The diagnostic there: its headline, why and help, with a link to its rule's page; not
    // the whole page (that is `residency explain`).
    assert!(
        value.contains("[EU010 domain-services-outside-europe](file://"),
        "{value}"
    );
    assert!(value.contains("`residency explain EU010`"), "{value}");
    assert!(!value.contains("## What it flags"), "{value}");
    let lines = value.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(lines <= 15, "{lines} lines:\n{value}");
    // On the code in the suppression: the rule's summary.
    let value = server.hover(&main, 0, 27);
    assert!(value.contains("EU021 mfa-push-notifications"), "{value}");
    assert!(value.contains("Authenticator push enabled"), "{value}");
    assert!(!value.contains("## What it flags"), "{value}");
    // The code is a link to the rule's page (this version's, offline).
    let r = server.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": main}}),
    );
    let links = r["result"].as_array().expect("links").clone();
    assert_eq!(links.len(), 1, "{r}");
    assert_eq!(
        links[0]["range"],
        json!({"start": {"line": 0, "character": 25}, "end": {"line": 0, "character": 30}})
    );
    let target = links[0]["target"].as_str().unwrap();
    assert!(
        target.starts_with("file://") && target.ends_with("/EU021.md"),
        "{target}"
    );
    assert!(std::path::Path::new(target.trim_start_matches("file://")).is_file());
    // Nothing to say on `resource`.
    let r = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": 1, "character": 2}}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn hover_on_an_identity_resource_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = TestServer::start(&["utf-16"]);

    // ARM: the `"name"` value of Domain Services gives the hover of its `type`.
    let (template, t) = copy_sample(
        dir.path(),
        "EU010/arm-replica-flagged/azuredeploy.json",
        "arm",
    );
    server.open_and_diagnose(&t, "json", &template);
    let (line, col) = position_of(&template, "Microsoft.AAD/domainServices", "Microsoft.AAD");
    let at_type = server.hover(&t, line, col);
    assert!(
        at_type.contains("Azure AD DS stores user data"),
        "{at_type}"
    );
    let (line, col) = position_of(&template, "\"aadds.contoso.com\"", "aadds.contoso.com");
    assert_eq!(server.hover(&t, line, col), at_type);

    // Bicep: the symbolic name and the `name:` value.
    let (bicep, b) = copy_sample(dir.path(), "EU040/bicep-flagged/main.bicep", "bicep");
    server.open_and_diagnose(&b, "bicep", &bicep);
    let (line, col) = position_of(&bicep, "resource entra ", "microsoft.aadiam");
    let at_type = server.hover(&b, line, col);
    assert!(
        at_type.contains("Entra sign-in and audit logs are copied to the destination's region."),
        "{at_type}"
    );
    let (line, col) = position_of(&bicep, "resource entra ", "entra");
    assert_eq!(server.hover(&b, line, col), at_type);
    let (line, col) = position_of(&bicep, "name: 'entra-archive'", "entra-archive");
    assert_eq!(server.hover(&b, line, col), at_type);
    // A storage account is no identity resource: its name has no such hover.
    let (line, col) = position_of(&bicep, "resource storage ", "storage");
    assert!(!server
        .hover(&b, line, col)
        .contains("Sign-in and audit logs"));

    // Pulumi: the resource's key under `resources:`.
    copy_sample(
        dir.path(),
        "EU040/pulumi-flagged/Pulumi.prod.yaml",
        "pulumi",
    );
    let (program, p) = copy_sample(dir.path(), "EU040/pulumi-flagged/Pulumi.yaml", "pulumi");
    server.open_and_diagnose(&p, "yaml", &program);
    let (line, col) = position_of(
        &program,
        "type: azure-native:aadiam:DiagnosticSetting",
        "azure",
    );
    let at_type = server.hover(&p, line, col);
    assert!(
        at_type.contains("`eastus` (East US, United States)"),
        "{at_type}"
    );
    let (line, col) = position_of(&program, "entraLogs:", "entraLogs");
    assert_eq!(server.hover(&p, line, col), at_type);
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn hover_on_an_identity_resource_declaration() {
    let dir = tempfile::tempdir().unwrap();
    // ARM: Domain Services with a replica set in `eastus` from a parameter default.
    let (template, t) = copy_sample(
        dir.path(),
        "EU010/arm-replica-flagged/azuredeploy.json",
        "arm",
    );
    let mut server = TestServer::start(&["utf-16"]);
    server.open_and_diagnose(&t, "json", &template);
    // On `Microsoft.AAD/domainServices` (line 30, 0-based 29).
    let line = template
        .lines()
        .position(|l| l.contains("Microsoft.AAD/domainServices"))
        .unwrap() as u64;
    let value = server.hover(&t, line, 20);
    assert!(
        value.contains("Azure AD DS stores user data in the same location as the customer-selected Azure Virtual Network"),
        "{value}"
    );
    assert!(
        value.contains(
            "replica set 2: `eastus` (East US, United States) — outside Europe, from parameter `replicaLocation` default"
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
        !server.hover(&t, vnet, 20).contains("Azure AD DS"),
        "virtual network"
    );

    // Terraform: a B2C tenant in `United States`, on its block header.
    let (tf, main) = copy_sample(dir.path(), "EU001/terraform-flagged/main.tf", "tf");
    server.open_and_diagnose(&main, "terraform", &tf);
    let header = tf
        .lines()
        .position(|l| l.starts_with("resource \"azurerm_aadb2c_directory\""))
        .unwrap() as u64;
    let value = server.hover(&main, header, 15);
    assert!(
        value.contains("Azure AD B2C policy configuration data and Key Containers are stored in U.S. datacenters"),
        "{value}"
    );
    assert!(value.contains("`United States`"), "{value}");
    assert!(value.contains("outside Europe"), "{value}");
    // Edited and checked again, the hover follows the new version.
    let europe = tf.replace("\"United States\"", "\"Europe\"");
    server.change(&main, 2, json!([{"text": europe}]));
    server.diagnostics_for_version(&main, 2);
    let value = server.hover(&main, header, 15);
    assert!(
        value.contains("`Europe` (tenant data residency location) — inside Europe"),
        "{value}"
    );
    assert!(server.shutdown_and_exit().success());
}

/// A region named in a comment is no value: no region hover there, while the same name in the
/// value below it has one.
#[test]
fn no_region_hover_in_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let text = "// was 'eastus' before the move\nresource ds 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'contoso.com'\n  location: 'westeurope'\n}\n";
    let main = write(dir.path(), "main.bicep", text);
    let mut server = TestServer::start(&["utf-8"]);
    server.open_and_diagnose(&main, "bicep", text);
    let (line, character) = position_of(text, "// was", "eastus");
    let r = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": main}, "position": {"line": line, "character": character + 2}}),
    );
    assert!(
        !r["result"].to_string().contains("East US"),
        "no region hover in a comment: {r}"
    );
    let (line, character) = position_of(text, "location:", "westeurope");
    let value = server.hover(&main, line, character + 2);
    assert!(value.contains("**West Europe** (`westeurope`)"), "{value}");
    assert!(server.shutdown_and_exit().success());
}
