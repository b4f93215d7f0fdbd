resource "azurerm_storage_account" "audit" {
  name                     = "entraaudit"
  resource_group_name      = "audit"
  location                 = "francecentral"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name               = "entra-to-storage"
  storage_account_id = azurerm_storage_account.audit.id

  enabled_log {
    category = "AuditLogs"
  }
}
