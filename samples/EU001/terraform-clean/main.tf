resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "DE"
  data_residency_location = "Europe"
  display_name            = "Contoso customers"
  domain_name             = "contosocustomers.onmicrosoft.com"
  resource_group_name     = "identity"
  sku_name                = "PremiumP1"
}
