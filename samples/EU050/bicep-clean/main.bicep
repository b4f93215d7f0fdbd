extension microsoftGraphV1

// Sign-in only, in this tenant: no directory data beyond the user's own profile.
resource portal 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'portal'
  displayName: 'Portal'
  signInAudience: 'AzureADMyOrg'
}

resource grant 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: '11111111-1111-1111-1111-111111111111'
  consentType: 'Principal'
  principalId: '33333333-3333-3333-3333-333333333333'
  resourceId: '22222222-2222-2222-2222-222222222222'
  scope: 'openid profile User.Read'
}
