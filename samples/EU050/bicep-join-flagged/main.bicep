extension microsoftGraphV1

// The delegated scopes are joined from an array, as the grant's `scope` is one string.
param clientPrincipalId string
param graphPrincipalId string

var signIn = [
  'openid'
  'profile'
]
var directory = [
  'User.ReadBasic.All'
  'GroupMember.Read.All'
]

resource consent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: clientPrincipalId
  consentType: 'AllPrincipals'
  resourceId: graphPrincipalId
  scope: join(concat(signIn, directory), ' ') // expect: EU050
}
