extension microsoftGraphV1

// One assignment per permission name, and one requested permission per id.
param reporterPrincipalId string
param appRoles array = [
  'AuditLog.Read.All'
  'Reports.Read.All'
  'Directory.Read.All'
]

var requestedRoleIds = [
  'df021288-bdef-4463-88db-98f22de89214' // User.Read.All
  '7ab1d382-f21e-4acd-a863-ba3e13f7da61' // Directory.Read.All
]

resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource assignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [for role in appRoles: {
  appRoleId: filter(graphSp.appRoles, r => r.value == role)[0].id // expect: EU050
  principalId: reporterPrincipalId
  resourceId: graphSp.id
}]

resource reporter 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'reporter'
  displayName: 'Reporter'
  requiredResourceAccess: [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000'
      resourceAccess: [for id in requestedRoleIds: {
        id: id // expect: EU050
        type: 'Role'
      }]
    }
  ]
}
