resource "azuread_authentication_strength_policy" "push" {
  display_name         = "Authenticator"
  allowed_combinations = ["password,microsoftAuthenticatorPush", "deviceBasedPush"] # expect: EU021
}
