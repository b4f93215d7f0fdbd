locals {
  location = "germanywestcentral"
}

resource "azurerm_virtual_network" "aadds" {
  name                = "aadds-vnet"
  location            = local.location
  resource_group_name = "aadds"
  address_space       = ["10.0.0.0/16"]

  subnet {
    name           = "aadds"
    address_prefix = "10.0.1.0/24"
  }
}

resource "azurerm_active_directory_domain_service" "example" {
  name                = "example-aadds"
  location            = local.location
  resource_group_name = "aadds"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds-vnet/subnets/aadds"
  }
}
