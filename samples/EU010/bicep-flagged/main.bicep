// Domain Services in West Europe with a second replica set whose virtual network is in East US.
param location string = 'westeurope'

resource vnetWeu 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-weu'
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

resource vnetEus 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-eus'
  location: 'eastus'
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/24'] }
  }
}

resource subnetEus 'Microsoft.Network/virtualNetworks/subnets@2023-09-01' = {
  parent: vnetEus
  name: 'aadds'
  properties: { addressPrefix: '10.1.0.0/24' }
}

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: location
  properties: {
    domainName: 'aadds.contoso.com'
    replicaSets: [
      {
        location: location
        subnetId: vnetWeu.properties.subnets[0].id
      }
      {
        location: vnetEus.location // expect: EU010
        subnetId: subnetEus.id
      }
    ]
  }
}
