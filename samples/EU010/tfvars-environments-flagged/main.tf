resource "azurerm_active_directory_domain_service" "example" {
  name                = "example-aadds"
  location            = var.location # expect: EU010
  resource_group_name = "aadds"
  domain_name         = "aadds.contoso.com"
  sku                 = var.sku

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}
