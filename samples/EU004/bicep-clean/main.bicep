// An External ID tenant in Europe.
param tenantLocation string = 'Europe'

resource ciam 'Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview' = {
  name: 'contosociam'
  location: tenantLocation
  sku: { name: 'Standard', tier: 'A0' }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'FR'
    }
  }
}
