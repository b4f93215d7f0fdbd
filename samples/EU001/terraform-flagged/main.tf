resource "azurerm_resource_group" "identity" {
  name     = "identity"
  location = "westeurope"
}

resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "US"
  data_residency_location = "United States" # expect: EU001
  display_name            = "Contoso customers"
  domain_name             = "contosocustomers.onmicrosoft.com"
  resource_group_name     = azurerm_resource_group.identity.name
  sku_name                = "PremiumP1"
}
