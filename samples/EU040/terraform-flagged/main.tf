resource "azurerm_resource_group" "siem" {
  name     = "siem"
  location = "eastus"
}

resource "azurerm_log_analytics_workspace" "siem" {
  name                = "siem-workspace"
  location            = azurerm_resource_group.siem.location
  resource_group_name = azurerm_resource_group.siem.name
  sku                 = "PerGB2018"
}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name                       = "entra-to-siem"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.siem.id # expect: EU040

  enabled_log {
    category = "SignInLogs"
  }
  enabled_log {
    category = "AuditLogs"
  }
}
