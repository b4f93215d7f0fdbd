# Signs users in and reads their own profile only: no directory data.
resource "msgraph_resource" "portal" {
  url = "applications"
  body = {
    displayName    = "Staff portal"
    signInAudience = "AzureADMyOrg"
    requiredResourceAccess = [
      {
        resourceAppId  = "00000003-0000-0000-c000-000000000000"
        resourceAccess = [{ id = "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type = "Scope" }]
      }
    ]
  }
}
