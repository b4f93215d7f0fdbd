resource "azurerm_log_analytics_workspace" "audit" {
  name                = "aadds-audit"
  location            = "northeurope"
  resource_group_name = "identity"
  sku                 = "PerGB2018"
}

resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds"
  location            = "westeurope"
  resource_group_name = "identity"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/aadds-vnet/subnets/aadds"
  }
}

# The managed domain's security audit logs go to the workspace.
resource "azurerm_monitor_diagnostic_setting" "aadds" {
  name                       = "aadds-security-audit"
  target_resource_id         = azurerm_active_directory_domain_service.aadds.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.audit.id

  enabled_log {
    category_group = "allLogs"
  }
}

# A diagnostic setting on the workspace itself holds no identity logs.
resource "azurerm_monitor_diagnostic_setting" "workspace" {
  name                       = "workspace-audit"
  target_resource_id         = azurerm_log_analytics_workspace.audit.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.audit.id

  enabled_log {
    category_group = "allLogs"
  }
}
