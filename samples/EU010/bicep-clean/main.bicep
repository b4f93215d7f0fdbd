// Domain Services and its virtual network in West Europe; the region is restricted to Europe.
@allowed([
  'westeurope'
  'northeurope'
])
param location string = 'westeurope'
param vnetName string = 'vnet-aadds'

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: vnetName
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/24'] }
  }

  resource subnet 'subnets' = {
    name: 'aadds'
    properties: { addressPrefix: '10.0.0.0/24' }
  }
}

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: location
  properties: {
    domainName: 'aadds.contoso.com'
    replicaSets: [
      {
        location: location
        subnetId: '${vnet.id}/subnets/aadds'
      }
      {
        location: location
        subnetId: vnet::subnet.id
      }
      {
        location: toLower('North Europe')
        subnetId: resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 'aadds')
      }
    ]
  }
}
