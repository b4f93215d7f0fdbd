resource "azurerm_active_directory_domain_service" "half_typed" {
  name     = "example-aadds"
  location = "eastus" # expect: EU010
  sku      =
}
