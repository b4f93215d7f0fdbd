// One app role assignment per permission, looped over range(): each grant is checked with the
// permission its iteration selects from Microsoft Graph's app roles.
extension microsoftGraphV1

param permissions array = [
  'User.Read.All'
  'Group.Read.All'
]

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource app 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '11111111-1111-1111-1111-111111111111'
}

resource grants 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for i in range(0, length(permissions)): {
  appRoleId: filter(graphSp.appRoles, r => r.value == permissions[i])[0].id // expect: EU050
  principalId: app.id
  resourceId: graphSp.id
}]
