# residency-ignore: EU003 -- custom policies reviewed: no personal data in policy files or keys
resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "DE"
  data_residency_location = "Europe"
  display_name            = "Contoso customers"
  domain_name             = "contosocustomers.onmicrosoft.com"
  resource_group_name     = "identity"
  sku_name                = "PremiumP1"
}

# residency-ignore: EU003
resource "azurerm_aadb2c_directory" "partners" {
  country_code            = "DE"
  data_residency_location = "Europe"
  display_name            = "Contoso partners"
  domain_name             = "contosopartners.onmicrosoft.com"
  resource_group_name     = "identity"
  sku_name                = "PremiumP1"
}
