variable "partner_email" {
  type = string
}

resource "msgraph_resource" "partner" { # expect: EU030
  url = "invitations"
  body = {
    invitedUserEmailAddress = var.partner_email
    inviteRedirectUrl       = "https://myapps.microsoft.com"
    sendInvitationMessage   = false
  }
}
