// A module: Domain Services in the region its caller passes (West Europe unless told).
param location string = 'westeurope'
param domainName string

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-aadds'
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/24'] }
    subnets: [
      {
        name: 'aadds'
        properties: { addressPrefix: '10.0.0.0/24' }
      }
    ]
  }
}

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: domainName
  location: location // expect: EU010
  properties: {
    domainName: domainName
    replicaSets: [
      {
        location: location // expect: EU010
        subnetId: vnet.properties.subnets[0].id
      }
    ]
  }
}
