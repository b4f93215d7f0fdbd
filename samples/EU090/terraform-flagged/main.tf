variable "location" {
  type = string
}

data "azurerm_resource_group" "identity" {
  name = "identity"
}

resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "DE"
  data_residency_location = var.location # expect: EU090
  display_name            = "Contoso customers"
  domain_name             = "contosocustomers.onmicrosoft.com"
  resource_group_name     = data.azurerm_resource_group.identity.name
  sku_name                = "PremiumP1"
}

resource "azurerm_active_directory_domain_service" "example" {
  name                = "example-aadds"
  location            = data.azurerm_resource_group.identity.location # expect: EU090
  resource_group_name = data.azurerm_resource_group.identity.name
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}
