resource "azapi_resource" "customers" { # expect: EU003
  type      = "Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview"
  name      = "contosocustomers.onmicrosoft.com"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/identity"
  body = {
    location = "Europe"
    sku      = { name = "PremiumP1", tier = "A0" }
    properties = {
      createTenantProperties = { displayName = "Contoso", countryCode = "IT" }
    }
  }
}
