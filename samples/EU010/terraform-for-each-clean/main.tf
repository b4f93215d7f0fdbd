# Every instance is in Europe; the US domain is switched off (count = 0), so it does not exist.
locals {
  regions = toset(["westeurope", "northeurope"])
}

resource "azurerm_active_directory_domain_service" "example" {
  for_each            = local.regions
  name                = "aadds-${each.key}"
  location            = each.value
  resource_group_name = "aadds"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}

variable "us_domain" {
  default = false
}

resource "azurerm_active_directory_domain_service" "us" {
  count               = var.us_domain ? 1 : 0
  name                = "aadds-us"
  location            = "eastus"
  resource_group_name = "aadds"
  domain_name         = "us.aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}
