// Locations written in every accepted form.
resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: 'North Europe'
  properties: {
    domainName: 'aadds.contoso.com'
    replicaSets: [
      {
        location: 'NorthEurope'
        subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds'
      }
    ]
  }
}
