variable "stream_location" {
  type    = string
  default = "japaneast"
}

resource "azurerm_eventhub_namespace" "stream" {
  name                = "entra-stream"
  location            = var.stream_location
  resource_group_name = "stream"
  sku                 = "Standard"
}

resource "azurerm_eventhub_namespace_authorization_rule" "send" {
  name                = "send"
  namespace_name      = azurerm_eventhub_namespace.stream.name
  resource_group_name = "stream"
  send                = true
}

resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name                           = "entra-to-eventhub"
  eventhub_authorization_rule_id = azurerm_eventhub_namespace_authorization_rule.send.id # expect: EU040
  eventhub_name                  = "signins"

  enabled_log {
    category = "SignInLogs"
  }
}
