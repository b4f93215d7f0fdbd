extension microsoftGraphV1

param principalId string
param clientId string
param roles array
param scopes array

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource roleAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for name in roles: {
  appRoleId: filter(graphSp.appRoles, r => r.value == name)[0].id // expect: EU050
  principalId: principalId
  resourceId: graphSp.id
}]

resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: clientId
  consentType: 'Principal'
  principalId: principalId
  resourceId: graphSp.id
  scope: join(scopes, ' ') // expect: EU050
}
