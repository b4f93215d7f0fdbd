extension microsoftGraphV1

resource hrSync 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'hr-sync'
  displayName: 'HR sync'
  signInAudience: 'AzureADMultipleOrgs' // expect: EU050
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [
        {
          id: 'df021288-bdef-4463-88db-98f22de89214' // expect: EU050
          type: 'Role'
        }
      ]
    }
  ]
}

resource grant 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: '11111111-1111-1111-1111-111111111111'
  consentType: 'AllPrincipals'
  resourceId: '22222222-2222-2222-2222-222222222222'
  scope: 'openid profile Directory.Read.All' // expect: EU050
}
