variable "workspace_id" {
  type        = string
  description = "The central SIEM workspace, managed by another team."
}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name                       = "entra-to-siem"
  log_analytics_workspace_id = var.workspace_id # expect: EU090

  enabled_log {
    category = "SignInLogs"
  }
}
