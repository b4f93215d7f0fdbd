# Two B2C tenants made with count: the second keeps its data in the United States.
variable "residency" {
  default = ["Europe", "United States"]
}

resource "azurerm_aadb2c_directory" "tenant" {
  count                   = length(var.residency)
  country_code            = "DE"
  data_residency_location = var.residency[count.index] # expect: EU001
  display_name            = "tenant-${count.index}"
  domain_name             = "contoso${count.index}.onmicrosoft.com"
  resource_group_name     = "b2c"
  sku_name                = "PremiumP1"
}
