resource "azuread_authentication_strength_policy" "eu_phishing_resistant" {
  display_name         = "Phishing-resistant, no data outside Europe"
  allowed_combinations = ["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"]
}

resource "azuread_conditional_access_policy" "staff" {
  display_name = "Staff need phishing-resistant MFA"
  state        = "enabled"

  conditions {
    client_app_types = ["all"]
    applications {
      included_applications = ["All"]
    }
    users {
      included_users = ["All"]
    }
  }

  grant_controls {
    operator                          = "OR"
    authentication_strength_policy_id = azuread_authentication_strength_policy.eu_phishing_resistant.id
  }
}
