// The location is given by the parameters file.
param location string = resourceGroup().location

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: location
  properties: {
    domainName: 'aadds.contoso.com'
  }
}
