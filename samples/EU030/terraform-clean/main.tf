# Members are created in the tenant itself: no invitation is stored.
resource "azuread_user" "jane" {
  user_principal_name = "jane@contoso.onmicrosoft.com"
  display_name        = "Jane"
  password            = "ChangeMe-1234!"
}
