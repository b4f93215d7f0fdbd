locals {
  microsoft_graph = "00000003-0000-0000-c000-000000000000"
}

resource "msgraph_resource" "reporting" {
  url = "applications"
  body = {
    displayName    = "HR reporting"
    signInAudience = "AzureADMyOrg"
    requiredResourceAccess = [
      {
        resourceAppId = local.microsoft_graph
        resourceAccess = [
          { id = "df021288-bdef-4463-88db-98f22de89214", type = "Role" }, # expect: EU050
        ]
      }
    ]
  }
}

resource "msgraph_resource" "grant" {
  url = "oauth2PermissionGrants"
  body = {
    clientId    = "11111111-2222-3333-4444-555555555555"
    consentType = "AllPrincipals"
    resourceId  = "66666666-7777-8888-9999-000000000000"
    scope       = "openid Directory.Read.All" # expect: EU050
  }
}
