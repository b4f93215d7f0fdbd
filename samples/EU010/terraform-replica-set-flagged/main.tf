variable "replica_location" {
  type    = string
  default = "australiaeast"
}

resource "azurerm_virtual_network" "replica" {
  name                = "aadds-replica-vnet"
  location            = var.replica_location
  resource_group_name = "aadds"
  address_space       = ["10.20.0.0/16"]
}

resource "azurerm_subnet" "replica" {
  name                 = "aadds"
  resource_group_name  = "aadds"
  virtual_network_name = azurerm_virtual_network.replica.name
  address_prefixes     = ["10.20.0.0/24"]
}

resource "azurerm_active_directory_domain_service_replica_set" "replica" {
  domain_service_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.AAD/domainServices/aadds.contoso.com"
  location          = var.replica_location # expect: EU010
  subnet_id         = azurerm_subnet.replica.id
}
