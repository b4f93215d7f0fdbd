//! Log-export destinations (ARM and Terraform front-ends) and Terraform plan JSON lowering.

use std::path::PathBuf;
use std::sync::Arc;

use residency::model::{
    arm, terraform, Destination, FileKind, Kind, Lowered, Project, Resource, SourceFile, Val,
};

fn project(files: &[(&str, &str, FileKind)]) -> Project {
    Project {
        files: files
            .iter()
            .map(|(name, text, kind)| SourceFile {
                path: PathBuf::from("/p").join(name),
                text: Arc::from(*text),
                kind: *kind,
            })
            .collect(),
    }
}

fn arm_lower(text: &str) -> (Project, Lowered) {
    let p = project(&[("azuredeploy.json", text, FileKind::ArmTemplate)]);
    let l = arm::lower(&p, 0, None, &residency::resolve::resources);
    (p, l)
}

fn tf_lower(text: &str) -> (Project, Lowered) {
    let p = project(&[("main.tf", text, FileKind::TerraformHcl)]);
    let l = terraform::lower(&p, &[0], &[], &residency::resolve::resources);
    (p, l)
}

fn plan_lower(text: &str) -> (Project, Lowered) {
    assert!(terraform::plan::is_plan(text), "not recognised as a plan");
    let p = project(&[("plan.json", text, FileKind::TerraformPlan)]);
    let l = terraform::plan::lower(&p, 0, &residency::resolve::resources);
    (p, l)
}

fn by_kind(l: &Lowered, kind: Kind) -> Vec<&Resource> {
    l.resources.iter().filter(|r| r.kind == kind).collect()
}

fn named<'l>(l: &'l Lowered, name: &str) -> &'l Resource {
    l.resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no resource {name} in {:?}",
                l.resources.iter().map(|r| &r.name).collect::<Vec<_>>()
            )
        })
}

fn text_at(p: &Project, loc: residency::model::Loc) -> &str {
    &p.files[loc.file].text[loc.range.as_range()]
}

fn s(v: &Val) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {:?}", v.kind))
}

/// (label, target name, target location) of each destination.
fn summary(r: &Resource) -> Vec<(String, Option<String>, Option<String>)> {
    r.destinations
        .iter()
        .map(|d: &Destination| {
            (
                d.label.clone(),
                d.target.as_ref().map(|t| t.name.clone()),
                d.target
                    .as_ref()
                    .map(|t| t.location.as_str().unwrap_or("<unknown>").to_string()),
            )
        })
        .collect()
}

fn notes(v: &Val) -> Vec<&str> {
    v.origin.iter().map(|o| o.note.as_str()).collect()
}

// ----- ARM ----------------------------------------------------------------------------------

const ARM_EXPORT: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "wsName": { "type": "string", "defaultValue": "law-us" },
    "wsLocation": { "type": "string", "defaultValue": "eastus" }
  },
  "resources": [
    {
      "type": "Microsoft.OperationalInsights/workspaces",
      "apiVersion": "2022-10-01",
      "name": "[parameters('wsName')]",
      "location": "[parameters('wsLocation')]"
    },
    {
      "type": "Microsoft.OperationalInsights/workspaces",
      "apiVersion": "2022-10-01",
      "name": "law-eu",
      "location": "westeurope"
    },
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "stlogs",
      "location": "westeurope",
      "kind": "StorageV2",
      "sku": { "name": "Standard_LRS" }
    },
    {
      "type": "Microsoft.EventHub/namespaces",
      "apiVersion": "2021-11-01",
      "name": "ehns",
      "location": "eastus2"
    },
    {
      "type": "microsoft.aadiam/diagnosticSettings",
      "apiVersion": "2017-04-01",
      "name": "to-us",
      "properties": {
        "workspaceId": "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('wsName'))]",
        "storageAccountId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs",
        "eventHubAuthorizationRuleId": "[resourceId('Microsoft.EventHub/namespaces/authorizationRules', 'ehns', 'RootManageSharedAccessKey')]",
        "logs": [ { "category": "SignInLogs", "enabled": true } ]
      }
    },
    {
      "type": "microsoft.aadiam/diagnosticSettings",
      "apiVersion": "2017-04-01",
      "name": "to-eu",
      "properties": {
        "workspaceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-eu",
        "logs": [ { "category": "AuditLogs", "enabled": true } ]
      }
    },
    {
      "type": "microsoft.aadiam/diagnosticSettings",
      "apiVersion": "2017-04-01",
      "name": "elsewhere",
      "properties": {
        "workspaceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/not-here",
        "logs": [ { "category": "AuditLogs", "enabled": true } ]
      }
    }
  ]
}"#;

#[test]
fn arm_diagnostic_setting_destinations() {
    let (p, l) = arm_lower(ARM_EXPORT);
    let to_us = named(&l, "to-us");
    assert_eq!(to_us.kind, Kind::LogExport);
    assert_eq!(
        summary(to_us),
        vec![
            (
                "Log Analytics workspace".into(),
                Some("law-us".into()),
                Some("eastus".into())
            ),
            (
                "storage account".into(),
                Some("stlogs".into()),
                Some("westeurope".into())
            ),
            (
                "event hub namespace".into(),
                Some("ehns".into()),
                Some("eastus2".into())
            ),
        ]
    );
    let ws = to_us.destinations[0].target.as_ref().unwrap();
    assert_eq!(
        notes(&ws.location),
        vec![
            "location of workspace 'law-us'",
            "parameter 'wsLocation' default"
        ]
    );
    assert_eq!(
        text_at(&p, ws.decl),
        "\"Microsoft.OperationalInsights/workspaces\""
    );
    assert!(text_at(&p, to_us.destinations[0].via.loc.unwrap()).contains("resourceId("));
    let to_eu = named(&l, "to-eu");
    assert_eq!(
        summary(to_eu),
        vec![(
            "Log Analytics workspace".into(),
            Some("law-eu".into()),
            Some("westeurope".into())
        )]
    );
    let elsewhere = named(&l, "elsewhere");
    assert_eq!(
        summary(elsewhere),
        vec![("Log Analytics workspace".into(), None, None)]
    );
    assert!(s(&elsewhere.destinations[0].via).ends_with("/workspaces/not-here"));
    // The destinations themselves keep their location.
    for r in by_kind(&l, Kind::LogAnalyticsWorkspace)
        .into_iter()
        .chain(by_kind(&l, Kind::StorageAccount))
        .chain(by_kind(&l, Kind::EventHubNamespace))
    {
        assert!(
            r.location.as_ref().and_then(Val::as_str).is_some(),
            "{}",
            r.name
        );
    }
}

#[test]
fn arm_symbolic_names_and_reference() {
    let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
  "languageVersion": "2.0",
  "contentVersion": "1.0.0.0",
  "resources": {
    "law": {
      "type": "Microsoft.OperationalInsights/workspaces",
      "apiVersion": "2022-10-01",
      "name": "law-west",
      "location": "westus"
    },
    "diag": {
      "type": "microsoft.aadiam/diagnosticSettings",
      "apiVersion": "2017-04-01",
      "name": "entra",
      "properties": {
        "workspaceId": "[resourceInfo('law').id]",
        "storageAccountId": "[reference('sa', '2023-01-01', 'full').resourceId]",
        "logs": []
      }
    },
    "diag2": {
      "type": "microsoft.aadiam/diagnosticSettings",
      "apiVersion": "2017-04-01",
      "name": "entra2",
      "properties": { "workspaceId": "law", "logs": [] }
    },
    "sa": {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "stwest",
      "location": "northeurope"
    }
  }
}"#;
    let (_p, l) = arm_lower(text);
    // A bare symbolic name is no resource id (ARM would reject it): it designates nothing.
    let diag2 = named(&l, "entra2");
    assert_eq!(
        summary(diag2),
        vec![("Log Analytics workspace".into(), None, None)]
    );
    let diag = named(&l, "entra");
    assert_eq!(
        summary(diag),
        vec![
            (
                "Log Analytics workspace".into(),
                Some("law-west".into()),
                Some("westus".into())
            ),
            (
                "storage account".into(),
                Some("stwest".into()),
                Some("northeurope".into())
            ),
        ]
    );
    // The id itself stays what the evaluator makes of it.
    assert!(diag.destinations[0].via.is_unknown());
}

// ----- Terraform ----------------------------------------------------------------------------

const TF_EXPORT: &str = r#"
variable "region" {
  default = "East US"
}

resource "azurerm_log_analytics_workspace" "us" {
  name                = "law-us"
  location            = var.region
  resource_group_name = "rg"
}

resource "azurerm_log_analytics_workspace" "eu" {
  name                = "law-eu"
  location            = "westeurope"
  resource_group_name = "rg"
}

resource "azurerm_eventhub_namespace" "ns" {
  name                = "ehns-logs"
  location            = "eastus2"
  resource_group_name = "rg"
  sku                 = "Standard"
}

resource "azurerm_eventhub_namespace_authorization_rule" "rule" {
  name                = "diag"
  namespace_name      = azurerm_eventhub_namespace.ns.name
  resource_group_name = "rg"
  listen              = true
  send                = true
}

resource "azurerm_monitor_aad_diagnostic_setting" "us" {
  name                           = "entra-us"
  log_analytics_workspace_id     = azurerm_log_analytics_workspace.us.id
  eventhub_authorization_rule_id = azurerm_eventhub_namespace_authorization_rule.rule.id
  enabled_log {
    category = "SignInLogs"
  }
}

resource "azurerm_monitor_aad_diagnostic_setting" "eu" {
  name                       = "entra-eu"
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-eu"
  enabled_log {
    category = "AuditLogs"
  }
}

data "azurerm_log_analytics_workspace" "shared" {
  name                = "shared"
  resource_group_name = "rg"
}

resource "azurerm_monitor_aad_diagnostic_setting" "data" {
  name                       = "entra-data"
  log_analytics_workspace_id = data.azurerm_log_analytics_workspace.shared.id
  storage_account_id         = null
  enabled_log {
    category = "AuditLogs"
  }
}

resource "azurerm_sentinel_log_analytics_workspace_onboarding" "onb" {
  workspace_id = azurerm_log_analytics_workspace.us.id
}

resource "azurerm_sentinel_data_connector_azure_active_directory" "aad" {
  name                       = "aad"
  log_analytics_workspace_id = azurerm_sentinel_log_analytics_workspace_onboarding.onb.workspace_id
}

resource "azapi_resource" "diag" {
  type      = "Microsoft.AADIAM/diagnosticSettings@2017-04-01"
  name      = "entra-azapi"
  parent_id = "/"
  body = {
    properties = {
      eventHubAuthorizationRuleId = azurerm_eventhub_namespace_authorization_rule.rule.id
      eventHubName                = "signins"
      workspaceId                 = azurerm_log_analytics_workspace.eu.id
      logs = [{ category = "SignInLogs", enabled = true }]
    }
  }
}
"#;

#[test]
fn terraform_diagnostic_setting_destinations() {
    let (p, l) = tf_lower(TF_EXPORT);
    let us = named(&l, "azurerm_monitor_aad_diagnostic_setting.us");
    assert_eq!(
        summary(us),
        vec![
            (
                "Log Analytics workspace".into(),
                Some("azurerm_log_analytics_workspace.us".into()),
                Some("East US".into())
            ),
            (
                "event hub namespace".into(),
                Some("azurerm_eventhub_namespace.ns".into()),
                Some("eastus2".into())
            ),
        ]
    );
    let ws = us.destinations[0].target.as_ref().unwrap();
    assert_eq!(
        notes(&ws.location),
        vec![
            "location of workspace 'azurerm_log_analytics_workspace.us'",
            "variable 'region' default"
        ]
    );
    assert_eq!(
        text_at(&p, ws.decl),
        "\"azurerm_log_analytics_workspace\" \"us\""
    );
    let via = &us.destinations[0].via;
    assert!(via.is_unknown());
    assert_eq!(
        text_at(&p, via.loc.unwrap()),
        "azurerm_log_analytics_workspace.us.id"
    );

    let eu = named(&l, "azurerm_monitor_aad_diagnostic_setting.eu");
    assert_eq!(
        summary(eu),
        vec![(
            "Log Analytics workspace".into(),
            Some("azurerm_log_analytics_workspace.eu".into()),
            Some("westeurope".into())
        )]
    );

    let data = named(&l, "azurerm_monitor_aad_diagnostic_setting.data");
    assert_eq!(
        summary(data),
        vec![("Log Analytics workspace".into(), None, None)]
    );
    assert!(data.destinations[0].via.is_unknown());

    let sentinel = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.aad",
    );
    assert_eq!(sentinel.kind, Kind::LogExport);
    assert_eq!(
        summary(sentinel),
        vec![(
            "Log Analytics workspace".into(),
            Some("azurerm_log_analytics_workspace.us".into()),
            Some("East US".into())
        )]
    );

    let azapi = named(&l, "azapi_resource.diag");
    assert_eq!(azapi.kind, Kind::LogExport);
    assert_eq!(
        summary(azapi),
        vec![
            (
                "Log Analytics workspace".into(),
                Some("azurerm_log_analytics_workspace.eu".into()),
                Some("westeurope".into())
            ),
            (
                "event hub namespace".into(),
                Some("azurerm_eventhub_namespace.ns".into()),
                Some("eastus2".into())
            ),
        ]
    );
    for r in by_kind(&l, Kind::LogAnalyticsWorkspace)
        .into_iter()
        .chain(by_kind(&l, Kind::EventHubNamespace))
    {
        assert!(
            r.location.as_ref().and_then(Val::as_str).is_some(),
            "{}",
            r.name
        );
    }
}

#[test]
fn terraform_literal_event_hub_rule_id_and_azapi_workspace() {
    let text = r#"
resource "azapi_resource" "law" {
  type      = "Microsoft.OperationalInsights/workspaces@2022-10-01"
  name      = "law-azapi"
  parent_id = "/subscriptions/x/resourceGroups/rg"
  location  = "australiaeast"
  body      = { properties = { retentionInDays = 30 } }
}

resource "azurerm_eventhub_namespace" "ns" {
  name                = "ehns"
  location            = "swedencentral"
  resource_group_name = "rg"
  sku                 = "Standard"
}

resource "azurerm_monitor_aad_diagnostic_setting" "x" {
  name                           = "x"
  log_analytics_workspace_id     = azapi_resource.law.id
  eventhub_authorization_rule_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ehns/authorizationRules/RootManageSharedAccessKey"
  eventhub_name                  = "logs"
  enabled_log {
    category = "SignInLogs"
  }
}
"#;
    let (_p, l) = tf_lower(text);
    let law = named(&l, "azapi_resource.law");
    assert_eq!(law.kind, Kind::LogAnalyticsWorkspace);
    assert_eq!(s(law.location.as_ref().unwrap()), "australiaeast");
    assert_eq!(
        summary(named(&l, "azurerm_monitor_aad_diagnostic_setting.x")),
        vec![
            (
                "Log Analytics workspace".into(),
                Some("azapi_resource.law".into()),
                Some("australiaeast".into())
            ),
            (
                "event hub namespace".into(),
                Some("azurerm_eventhub_namespace.ns".into()),
                Some("swedencentral".into())
            ),
        ]
    );
}

#[test]
fn azurerm_docs_example() {
    let path = "/work/shared/corpus/identity/terraform-provider-azurerm/website/docs/r/monitor_aad_diagnostic_setting.html.markdown.example-1.tf";
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("corpus not present: {path}");
        return;
    };
    let (_p, l) = tf_lower(&text);
    let r = named(&l, "azurerm_monitor_aad_diagnostic_setting.example");
    // The storage account's location is its resource group's, an attribute of another
    // resource: known as written ("west europe").
    assert_eq!(
        summary(r),
        vec![(
            "storage account".into(),
            Some("azurerm_storage_account.example".into()),
            Some("west europe".into())
        )]
    );
}

// ----- Terraform plan JSON ------------------------------------------------------------------

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
        Some("'tenant_id' of azurerm_aadb2c_directory.tenant is known only after apply")
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
        vec!["location of virtual network 'azurerm_virtual_network.aadds'"]
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
            (
                "Log Analytics workspace".into(),
                Some("module.logs.azurerm_log_analytics_workspace.main".into()),
                Some("eastus".into())
            ),
            (
                "event hub namespace".into(),
                Some("module.logs.azurerm_eventhub_namespace.main".into()),
                Some("northeurope".into())
            ),
        ]
    );
    assert!(entra.destinations[0].via.is_unknown());
    assert_eq!(
        notes(&entra.destinations[0].target.as_ref().unwrap().location),
        vec!["location of workspace 'module.logs.azurerm_log_analytics_workspace.main'"]
    );

    let sentinel = named(
        &l,
        "module.logs.azurerm_sentinel_data_connector_azure_active_directory.aad",
    );
    assert_eq!(sentinel.kind, Kind::LogExport);
    assert_eq!(
        summary(sentinel),
        vec![(
            "Log Analytics workspace".into(),
            Some("module.logs.azurerm_log_analytics_workspace.main".into()),
            Some("eastus".into())
        )]
    );

    // A workspace read by a data source at plan time: its location is in the prior state.
    let shared = named(
        &l,
        "module.logs.azurerm_monitor_aad_diagnostic_setting.shared",
    );
    assert_eq!(
        summary(shared),
        vec![(
            "Log Analytics workspace".into(),
            Some("module.logs.data.azurerm_log_analytics_workspace.shared".into()),
            Some("westus2".into())
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
        vec![(
            "storage account".into(),
            Some("azurerm_storage_account.us".into()),
            Some("centralus".into())
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

#[test]
fn sentinel_connector_through_a_log_analytics_solution_in_the_corpus() {
    let path = "/work/shared/corpus/bulk/infracost/internal/providers/terraform/azure/testdata/sentinel_data_connector_azure_active_directory_test/sentinel_data_connector_azure_active_directory_test.tf";
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("corpus not present: {path}");
        return;
    };
    let (_p, l) = tf_lower(&text);
    let with_solution = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.example",
    );
    assert_eq!(
        summary(with_solution),
        vec![(
            "Log Analytics workspace".into(),
            Some(
                "azurerm_log_analytics_workspace.sentinel_data_connector_azure_active_directory_with_solution"
                    .into()
            ),
            Some("West Europe".into())
        )]
    );
    let direct = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.example2",
    );
    assert_eq!(
        summary(direct),
        vec![(
            "Log Analytics workspace".into(),
            Some(
                "azurerm_log_analytics_workspace.sentinel_data_connector_azure_active_directory"
                    .into()
            ),
            Some("West Europe".into())
        )]
    );
}
