extension microsoftGraphV1

// The permissions are parameters without a value here (no default, no parameters file): the
// grants to Microsoft Graph are reported as not provable.
param principalId string
param appRole string
param scopes array

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource assignment 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: filter(graphSp.appRoles, r => r.value == appRole)[0].id // expect: EU050
  principalId: principalId
  resourceId: graphSp.id
}

resource loopAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for s in scopes: {
  appRoleId: filter(graphSp.appRoles, r => r.value == s)[0].id // expect: EU050
  principalId: principalId
  resourceId: graphSp.id
}]

resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: principalId
  consentType: 'AllPrincipals'
  resourceId: graphSp.id
  scope: join(scopes, ' ') // expect: EU050
}
