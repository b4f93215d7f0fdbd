resource "azuread_authentication_strength_policy" "tokens" {
  display_name = "Tokens"
  allowed_combinations = [
    "password,softwareOath", # expect: EU022
    "hardwareOath,federatedSingleFactor", # expect: EU022
    "x509CertificateMultiFactor",
  ]
}
