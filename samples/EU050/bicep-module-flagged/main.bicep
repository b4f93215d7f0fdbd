extension microsoftGraphV1

// The caller names the permissions; the module makes the grants.
module grants 'grants.bicep' = {
  name: 'grants'
  params: {
    principalId: '11111111-1111-1111-1111-111111111111'
    clientId: '33333333-3333-3333-3333-333333333333'
    roles: [
      'Group.Read.All'
      'Mail.Send'
    ]
    scopes: [
      'offline_access'
      'User.Read.All'
    ]
  }
}
