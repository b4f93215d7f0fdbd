// The location is the resource group's: decided at deployment, not provable here.
param location string = resourceGroup().location

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: location // expect: EU090
  properties: {
    domainName: 'aadds.contoso.com'
  }
}
