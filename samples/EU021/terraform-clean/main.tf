# Passwordless with a security key or Windows Hello only: no push notifications.
resource "azuread_authentication_strength_policy" "passwordless" {
  display_name         = "Passwordless"
  allowed_combinations = ["fido2", "windowsHelloForBusiness"]
}
