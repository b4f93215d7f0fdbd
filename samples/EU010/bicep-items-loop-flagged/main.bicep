// One managed domain per entry of an object, looped over items(): the "dr" entry is in the US.
param regions object = {
  prod: 'westeurope'
  dr: 'eastus'
}

resource domains 'Microsoft.AAD/domainServices@2022-12-01' = [for r in items(regions): {
  name: 'aadds-${r.key}'
  location: r.value // expect: EU010
  properties: {
    domainName: '${r.key}.contoso.com'
  }
}]
