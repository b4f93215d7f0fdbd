//! Terraform plan JSON (`terraform show -json`): resources from planned values and changes,
//! child modules, azapi bodies, values known only after apply, and plans cut short.

use std::path::PathBuf;

use residency::model::{Kind, Val};

use crate::{named, notes, plan_lower, s, summary, text_at, to};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/plan")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn plan_b2c_tenant_and_domain_services() {
    let text = fixture("b2c_aadds.plan.json");
    let (p, l) = plan_lower(&text);
    assert!(l.syntax_errors.is_empty());
    // Every managed resource once (planned_values and resource_changes name the same ones).
    assert_eq!(
        l.resources
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        vec![
            "azurerm_aadb2c_directory.tenant",
            "azurerm_active_directory_domain_service.aadds",
            "azurerm_resource_group.identity",
            "azurerm_subnet.aadds",
            "azurerm_virtual_network.aadds",
        ]
    );
    let b2c = named(&l, "azurerm_aadb2c_directory.tenant");
    assert_eq!(b2c.kind, Kind::B2cTenant);
    assert_eq!(
        b2c.arm_type.as_deref(),
        Some("microsoft.azureactivedirectory/b2cdirectories")
    );
    assert_eq!(text_at(&p, b2c.decl), "azurerm_aadb2c_directory.tenant");
    let loc = b2c.location.as_ref().unwrap();
    assert_eq!(s(loc), "United States");
    assert_eq!(text_at(&p, loc.loc.unwrap()), "\"United States\"");
    assert_eq!(loc.literal, None, "a plan is generated: no fix edits it");
    assert_eq!(s(b2c.country_code.as_ref().unwrap()), "US");
    // after_unknown attributes are in the props as unknown.
    assert_eq!(
        b2c.props.get("tenantId").and_then(Val::unknown_reason),
        Some("`tenant_id` of azurerm_aadb2c_directory.tenant is known only after apply")
    );

    let ds = named(&l, "azurerm_active_directory_domain_service.aadds");
    assert_eq!(ds.kind, Kind::DomainServices);
    assert_eq!(s(ds.location.as_ref().unwrap()), "eastus");
    assert_eq!(ds.replicas.len(), 1);
    let rs = &ds.replicas[0];
    assert_eq!(rs.label, "initial replica set");
    // The subnet is created by the same plan: its id is unknown, the configuration's
    // reference leads to the subnet and its network.
    assert!(rs.subnet.as_ref().unwrap().is_unknown());
    let net = rs.network.as_ref().expect("network of the subnet");
    assert_eq!(net.name, "azurerm_virtual_network.aadds");
    assert_eq!(s(&net.location), "eastus");
    assert_eq!(
        notes(&net.location),
        vec!["location of virtual network `azurerm_virtual_network.aadds`"]
    );
    assert_eq!(text_at(&p, net.location.loc.unwrap()), "\"eastus\"");
    let vnet = named(&l, "azurerm_virtual_network.aadds");
    assert_eq!(vnet.kind, Kind::VirtualNetwork);
    assert_eq!(s(vnet.location.as_ref().unwrap()), "eastus");
}

#[test]
fn plan_child_modules_and_destinations() {
    let text = fixture("modules.plan.json");
    let (_p, l) = plan_lower(&text);
    assert!(l.syntax_errors.is_empty());
    // Deleted resources are gone; resources only in resource_changes are kept; data sources
    // are not resources of the plan.
    assert!(
        !l.resources.iter().any(|r| r.name.contains("gone")),
        "destroyed"
    );
    assert!(!l.resources.iter().any(|r| r.name.contains(".data.")));
    let deferred = named(&l, "module.logs.azurerm_storage_account.deferred");
    assert_eq!(deferred.kind, Kind::StorageAccount);
    assert_eq!(s(deferred.location.as_ref().unwrap()), "brazilsouth");

    let entra = named(
        &l,
        "module.logs.azurerm_monitor_aad_diagnostic_setting.entra",
    );
    assert_eq!(
        summary(entra),
        vec![
            to(
                "Log Analytics workspace",
                "module.logs.azurerm_log_analytics_workspace.main",
                "eastus"
            ),
            to(
                "event hub namespace",
                "module.logs.azurerm_eventhub_namespace.main",
                "northeurope"
            ),
        ]
    );
    assert!(entra.destinations[0].via.is_unknown());
    assert_eq!(
        notes(&entra.destinations[0].target.as_ref().unwrap().location),
        vec!["location of workspace `module.logs.azurerm_log_analytics_workspace.main`"]
    );

    let sentinel = named(
        &l,
        "module.logs.azurerm_sentinel_data_connector_azure_active_directory.aad",
    );
    assert_eq!(sentinel.kind, Kind::LogExport);
    assert_eq!(
        summary(sentinel),
        vec![to(
            "Log Analytics workspace",
            "module.logs.azurerm_log_analytics_workspace.main",
            "eastus"
        )]
    );

    // A workspace read by a data source at plan time: its location is in the prior state.
    let shared = named(
        &l,
        "module.logs.azurerm_monitor_aad_diagnostic_setting.shared",
    );
    assert_eq!(
        summary(shared),
        vec![to(
            "Log Analytics workspace",
            "module.logs.data.azurerm_log_analytics_workspace.shared",
            "westus2"
        )]
    );

    let rs = named(
        &l,
        "module.net[0].azurerm_active_directory_domain_service_replica_set.sea",
    );
    assert_eq!(rs.kind, Kind::DomainServicesReplicaSet);
    assert_eq!(s(rs.location.as_ref().unwrap()), "southeastasia");
    let net = rs.replicas[0].network.as_ref().unwrap();
    assert_eq!(net.name, "module.net[0].azurerm_virtual_network.main");
    assert_eq!(s(&net.location), "southeastasia");
}

#[test]
fn plan_azapi_body_object_and_string() {
    let text = r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": { "root_module": { "resources": [
    { "address": "azapi_resource.b2c", "mode": "managed", "type": "azapi_resource", "name": "b2c",
      "values": { "type": "Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview", "name": "contosob2c.onmicrosoft.com", "location": "global",
        "body": { "location": "United States", "sku": { "name": "PremiumP1", "tier": "A0" }, "properties": { "createTenantProperties": { "countryCode": "US", "displayName": "Contoso" } } } } },
    { "address": "azapi_resource.diag", "mode": "managed", "type": "azapi_resource", "name": "diag",
      "values": { "type": "Microsoft.AADIAM/diagnosticSettings@2017-04-01", "name": "entra", "parent_id": "/",
        "body": "{\"properties\":{\"storageAccountId\":\"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stus\",\"logs\":[{\"category\":\"SignInLogs\",\"enabled\":true}]}}" } },
    { "address": "azurerm_storage_account.us", "mode": "managed", "type": "azurerm_storage_account", "name": "us",
      "values": { "name": "stus", "location": "centralus", "account_tier": "Standard" } }
  ] } }
}"#;
    let (p, l) = plan_lower(text);
    let b2c = named(&l, "azapi_resource.b2c");
    assert_eq!(b2c.kind, Kind::B2cTenant);
    assert_eq!(s(b2c.location.as_ref().unwrap()), "United States");
    assert_eq!(s(b2c.country_code.as_ref().unwrap()), "US");
    let diag = named(&l, "azapi_resource.diag");
    assert_eq!(diag.kind, Kind::LogExport);
    assert_eq!(
        summary(diag),
        vec![to(
            "storage account",
            "azurerm_storage_account.us",
            "centralus"
        )]
    );
    // A value decoded from a JSON string is placed at the string.
    assert!(text_at(&p, diag.destinations[0].via.loc.unwrap()).starts_with("\"{\\\"properties"));
}

#[test]
fn plan_that_does_not_parse_keeps_what_parsed() {
    let text = r#"{
  "format_version": "1.2",
  "planned_values": { "root_module": { "resources": [
    { "address": "azurerm_aadb2c_directory.t", "mode": "managed", "type": "azurerm_aadb2c_directory", "name": "t",
      "values": { "data_residency_location": "Europe", "country_code": "FR" } },
    { "address": "#;
    let (_p, l) = plan_lower(text);
    assert!(!l.syntax_errors.is_empty());
    let t = named(&l, "azurerm_aadb2c_directory.t");
    assert_eq!(s(t.location.as_ref().unwrap()), "Europe");
}
