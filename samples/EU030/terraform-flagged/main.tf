resource "azuread_invitation" "partner" { # expect: EU030
  user_email_address = "jane@partner.example"
  redirect_url       = "https://portal.azure.com"

  message {
    body = "Welcome to the project."
  }
}
