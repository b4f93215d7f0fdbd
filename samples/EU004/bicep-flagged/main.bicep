// An External ID (CIAM) tenant: the location comes from main.bicepparam.
param tenantLocation string = 'Europe'
param tenantName string

resource ciam 'Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview' = {
  name: tenantName
  location: tenantLocation // expect: EU004
  sku: {
    name: 'Standard'
    tier: 'A0'
  }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'US'
    }
  }
}
