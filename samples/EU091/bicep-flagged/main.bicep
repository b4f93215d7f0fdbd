// Typos in locations.
var region = 'westeurpe'

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: region // expect: EU091
  properties: {
    domainName: 'aadds.contoso.com'
  }
}

resource tenant 'Microsoft.AzureActiveDirectory/b2cDirectories@2021-04-01' = {
  name: 'contosocustomers.onmicrosoft.com'
  location: 'Eurpoe' // expect: EU091
  sku: { name: 'PremiumP1', tier: 'A0' }
  properties: { createTenantProperties: { displayName: 'Contoso', countryCode: 'DE' } }
}
