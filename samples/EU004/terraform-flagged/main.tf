variable "location" {
  type    = string
  default = "United States"
}

resource "azapi_resource" "customers" {
  type      = "Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview"
  name      = "contosocustomers"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/identity"
  body = jsonencode({
    location = var.location # expect: EU004
    sku      = { name = "Standard", tier = "A0" }
    properties = {
      createTenantProperties = { displayName = "Contoso", countryCode = "US" }
    }
  })
}
