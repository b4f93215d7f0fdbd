//! Log-export destinations in the ARM and Terraform front-ends: diagnostic settings followed to
//! their workspace, storage account or event hub, with where each one's location comes from.

use residency::model::{Kind, Val};

use crate::{arm_lower, by_kind, named, notes, nowhere, s, summary, text_at, tf_lower, to};

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
            to("Log Analytics workspace", "law-us", "eastus"),
            to("storage account", "stlogs", "westeurope"),
            to("event hub namespace", "ehns", "eastus2"),
        ]
    );
    let ws = to_us.destinations[0].target.as_ref().unwrap();
    assert_eq!(
        notes(&ws.location),
        vec![
            "location of workspace `law-us`",
            "parameter `wsLocation` default"
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
        vec![to("Log Analytics workspace", "law-eu", "westeurope")]
    );
    let elsewhere = named(&l, "elsewhere");
    assert_eq!(summary(elsewhere), vec![nowhere("Log Analytics workspace")]);
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
    assert_eq!(summary(diag2), vec![nowhere("Log Analytics workspace")]);
    let diag = named(&l, "entra");
    assert_eq!(
        summary(diag),
        vec![
            to("Log Analytics workspace", "law-west", "westus"),
            to("storage account", "stwest", "northeurope"),
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
            to(
                "Log Analytics workspace",
                "azurerm_log_analytics_workspace.us",
                "East US"
            ),
            to(
                "event hub namespace",
                "azurerm_eventhub_namespace.ns",
                "eastus2"
            ),
        ]
    );
    let ws = us.destinations[0].target.as_ref().unwrap();
    assert_eq!(
        notes(&ws.location),
        vec![
            "location of workspace `azurerm_log_analytics_workspace.us`",
            "variable `region` default"
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
        vec![to(
            "Log Analytics workspace",
            "azurerm_log_analytics_workspace.eu",
            "westeurope"
        )]
    );

    let data = named(&l, "azurerm_monitor_aad_diagnostic_setting.data");
    assert_eq!(summary(data), vec![nowhere("Log Analytics workspace")]);
    assert!(data.destinations[0].via.is_unknown());

    let sentinel = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.aad",
    );
    assert_eq!(sentinel.kind, Kind::LogExport);
    assert_eq!(
        summary(sentinel),
        vec![to(
            "Log Analytics workspace",
            "azurerm_log_analytics_workspace.us",
            "East US"
        )]
    );

    let azapi = named(&l, "azapi_resource.diag");
    assert_eq!(azapi.kind, Kind::LogExport);
    assert_eq!(
        summary(azapi),
        vec![
            to(
                "Log Analytics workspace",
                "azurerm_log_analytics_workspace.eu",
                "westeurope"
            ),
            to(
                "event hub namespace",
                "azurerm_eventhub_namespace.ns",
                "eastus2"
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
            to(
                "Log Analytics workspace",
                "azapi_resource.law",
                "australiaeast"
            ),
            to(
                "event hub namespace",
                "azurerm_eventhub_namespace.ns",
                "swedencentral"
            ),
        ]
    );
}

#[test]
fn azurerm_docs_example() {
    let Some(text) = corpus_file("identity/terraform-provider-azurerm/website/docs/r/monitor_aad_diagnostic_setting.html.markdown.example-1.tf") else {
        return;
    };
    let (_p, l) = tf_lower(&text);
    let r = named(&l, "azurerm_monitor_aad_diagnostic_setting.example");
    // The storage account's location is its resource group's, an attribute of another
    // resource: known as written ("west europe").
    assert_eq!(
        summary(r),
        vec![to(
            "storage account",
            "azurerm_storage_account.example",
            "west europe"
        )]
    );
}

#[test]
fn sentinel_connector_through_a_log_analytics_solution_in_the_corpus() {
    let Some(text) = corpus_file("bulk/infracost/internal/providers/terraform/azure/testdata/sentinel_data_connector_azure_active_directory_test/sentinel_data_connector_azure_active_directory_test.tf") else {
        return;
    };
    let (_p, l) = tf_lower(&text);
    let with_solution = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.example",
    );
    assert_eq!(
        summary(with_solution),
        vec![to("Log Analytics workspace", "azurerm_log_analytics_workspace.sentinel_data_connector_azure_active_directory_with_solution", "West Europe")]
    );
    let direct = named(
        &l,
        "azurerm_sentinel_data_connector_azure_active_directory.example2",
    );
    assert_eq!(
        summary(direct),
        vec![to(
            "Log Analytics workspace",
            "azurerm_log_analytics_workspace.sentinel_data_connector_azure_active_directory",
            "West Europe"
        )]
    );
}

/// A file of the shared corpus at its usual place, `/work/shared/corpus/<rel>`; `None` (the
/// test passes) when it is not there.
fn corpus_file(rel: &str) -> Option<String> {
    let path = format!("/work/shared/corpus/{rel}");
    let text = std::fs::read_to_string(&path).ok();
    if text.is_none() {
        eprintln!("corpus not present: {path}");
    }
    text
}
