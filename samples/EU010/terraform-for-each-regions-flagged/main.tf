# One managed domain per region of a map: the instance for "us" is outside Europe.
variable "domains" {
  default = {
    weu = "westeurope"
    us  = "eastus"
  }
}

resource "azurerm_resource_group" "aadds" {
  for_each = var.domains
  name     = "aadds-${each.key}"
  location = each.value
}

resource "azurerm_active_directory_domain_service" "example" {
  for_each            = var.domains
  name                = "aadds-${each.key}"
  location            = azurerm_resource_group.aadds[each.key].location # expect: EU010
  resource_group_name = azurerm_resource_group.aadds[each.key].name
  domain_name         = "${each.key}.aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}
