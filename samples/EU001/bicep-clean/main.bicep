// A B2C tenant in Europe with a German country code.
resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2023-05-17-preview' = {
  name: 'contosocustomers.onmicrosoft.com'
  location: 'Europe'
  sku: { name: 'PremiumP1', tier: 'A0' }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'DE'
    }
  }
}
