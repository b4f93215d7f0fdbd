resource "azurerm_virtual_network" "aadds" {
  name                = "aadds-vnet"
  location            = "nort europe" # expect: EU091
  resource_group_name = "aadds"
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "aadds" {
  name                 = "aadds"
  resource_group_name  = "aadds"
  virtual_network_name = azurerm_virtual_network.aadds.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_active_directory_domain_service" "example" {
  name                = "example-aadds"
  location            = "northeurope"
  resource_group_name = "aadds"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = azurerm_subnet.aadds.id
  }
}
