# Certificates instead of OATH tokens.
resource "azuread_authentication_strength_policy" "certificates" {
  display_name         = "Smart cards"
  allowed_combinations = ["x509CertificateMultiFactor"]
}
