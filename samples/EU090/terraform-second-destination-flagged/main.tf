# Entra sign-in logs go to two places: a storage account declared here, in West Europe, and
# a workspace another team manages. The first is proven; the second is reported on its own.
variable "workspace_id" {
  type        = string
  description = "The central SIEM workspace, managed by another team."
}

resource "azurerm_storage_account" "logs" {
  name                     = "entralogs"
  resource_group_name      = "identity"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name                       = "entra-to-archive-and-siem"
  storage_account_id         = azurerm_storage_account.logs.id
  log_analytics_workspace_id = var.workspace_id # expect: EU090

  enabled_log {
    category = "SignInLogs"
  }
}
