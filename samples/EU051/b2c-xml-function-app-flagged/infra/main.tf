# The loyalty API the sign-up journey calls, deployed beside the CRM in the US.
variable "location" {
  type    = string
  default = "eastus"
}

resource "azurerm_resource_group" "crm" {
  name     = "rg-crm"
  location = var.location
}

resource "azurerm_service_plan" "crm" {
  name                = "asp-crm"
  resource_group_name = azurerm_resource_group.crm.name
  location            = azurerm_resource_group.crm.location
  os_type             = "Linux"
  sku_name            = "Y1"
}

resource "azurerm_linux_function_app" "loyalty" {
  name                       = "fabrikam-loyalty"
  resource_group_name        = azurerm_resource_group.crm.name
  location                   = azurerm_resource_group.crm.location
  service_plan_id            = azurerm_service_plan.crm.id
  storage_account_name       = "stcrmloyalty"
  storage_account_access_key = "not-a-real-key"

  site_config {}
}
