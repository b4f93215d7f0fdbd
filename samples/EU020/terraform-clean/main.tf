resource "azuread_authentication_strength_policy" "phishing_resistant" {
  display_name = "Phishing-resistant, no data outside Europe"
  allowed_combinations = [
    "fido2",
    "windowsHelloForBusiness",
    "x509CertificateMultiFactor",
  ]
}
