variable "location" {
  type = string
}

variable "name" {
  type = string
}

resource "azurerm_active_directory_domain_service" "this" {
  name                = var.name
  location            = var.location # expect: EU010
  resource_group_name = "aadds"
  domain_name         = "${var.name}.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds"
  }
}

output "id" {
  value = azurerm_active_directory_domain_service.this.id
}
