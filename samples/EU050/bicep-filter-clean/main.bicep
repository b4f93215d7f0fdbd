extension microsoftGraphV1

// Sign-in and the user's own profile only: the filter selects `User.Read`.
param portalPrincipalId string

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

var scopes = [
  'openid'
  'User.Read'
]

resource portal 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'portal'
  displayName: 'Portal'
  signInAudience: 'AzureADMyOrg'
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: map(filter(graphSp.oauth2PermissionScopes, s => contains(scopes, s.value)), s => {
        id: s.id
        type: 'Scope'
      })
    }
  ]
}

resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: portalPrincipalId
  consentType: 'AllPrincipals'
  resourceId: graphSp.id
  scope: join(scopes, ' ')
}
