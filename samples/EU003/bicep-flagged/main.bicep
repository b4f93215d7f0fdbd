resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2021-04-01' = { // expect: EU003
  name: 'contosocustomers.onmicrosoft.com'
  location: 'Europe'
  sku: {
    name: 'PremiumP1'
    tier: 'A0'
  }
  properties: {
    createTenantProperties: {
      displayName: 'Contoso customers'
      countryCode: 'NL'
    }
  }
}
