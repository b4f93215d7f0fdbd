resource "azurerm_resource_group" "aadds" {
  name     = "aadds"
  location = "westeurope"
}

resource "azurerm_resource_group" "network" {
  name     = "network"
  location = "East US 2"
}

resource "azurerm_virtual_network" "aadds" {
  name                = "aadds-vnet"
  location            = azurerm_resource_group.network.location
  resource_group_name = azurerm_resource_group.network.name
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "aadds" {
  name                 = "aadds-subnet"
  resource_group_name  = azurerm_resource_group.network.name
  virtual_network_name = azurerm_virtual_network.aadds.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_active_directory_domain_service" "example" {
  name                = "example-aadds"
  location            = azurerm_resource_group.aadds.location
  resource_group_name = azurerm_resource_group.aadds.name
  domain_name         = "aadds.contoso.com"
  sku                 = "Enterprise"

  initial_replica_set {
    subnet_id = azurerm_subnet.aadds.id # expect: EU010
  }
}
