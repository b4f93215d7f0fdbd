variable "residency" {
  type    = string
  default = "Europe"
}

resource "azurerm_aadb2c_directory" "customers" {
  country_code            = "AU"
  data_residency_location = var.residency # expect: EU001
  display_name            = "Contoso customers"
  domain_name             = "contosocustomers.onmicrosoft.com"
  resource_group_name     = "identity"
  sku_name                = "PremiumP1"
}
