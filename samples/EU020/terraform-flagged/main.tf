resource "azuread_authentication_strength_policy" "mfa" {
  display_name = "MFA for staff"
  description  = "Any second factor"
  allowed_combinations = [
    "fido2",
    "password,sms", # expect: EU020
    "password,voice", # expect: EU020
    "windowsHelloForBusiness",
  ]
}
