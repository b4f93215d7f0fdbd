terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

# Nobody invites guests: partners come in through cross-tenant access policies only.
resource "msgraph_update_resource" "authorization" {
  url = "policies/authorizationPolicy"
  body = {
    allowInvitesFrom = "none"
  }
}
