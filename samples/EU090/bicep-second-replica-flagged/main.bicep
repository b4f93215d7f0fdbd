// The managed domain and its first replica set are in West Europe; the second replica set's
// location is a parameter no parameters file sets. One known location does not vouch for
// the other: only the second is reported.
param secondLocation string

resource aadds 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: 'aadds.contoso.com'
  location: 'westeurope'
  properties: {
    domainName: 'aadds.contoso.com'
    replicaSets: [
      {
        location: 'westeurope'
        subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/primary/subnets/aadds'
      }
      {
        location: secondLocation // expect: EU090
        subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aadds/providers/Microsoft.Network/virtualNetworks/secondary/subnets/aadds'
      }
    ]
  }
}
