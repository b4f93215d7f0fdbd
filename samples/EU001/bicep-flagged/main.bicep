// A B2C tenant whose data residency location comes from a parameter default.
@description('Where the tenant keeps its directory data.')
param dataLocation string = 'United States'

resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview' = {
  name: 'contosocustomers.onmicrosoft.com'
  location: dataLocation // expect: EU001
  sku: {
    name: 'PremiumP1'
    tier: 'A0'
  }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'US'
    }
  }
}
