extension microsoftGraphV1

// The permission ids are read from Microsoft Graph's own service principal, by name: the
// filter's predicate names the permission.
param syncPrincipalId string

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource userReadAll 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  appRoleId: filter(graphSp.appRoles, role => role.value == 'User.Read.All')[0].id // expect: EU050
  principalId: syncPrincipalId
  resourceId: graphSp.id
}

resource hrSync 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'hr-sync'
  displayName: 'HR sync'
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [
        {
          id: first(filter(graphSp.oauth2PermissionScopes, scope => scope.value =~ 'group.read.all')).id // expect: EU050
          type: 'Scope'
        }
      ]
    }
  ]
}
