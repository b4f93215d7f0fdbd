resource "azuread_authentication_strength_policy" "any" {
  display_name         = "Any MFA"
  allowed_combinations = ["fido2", "password,softwareOath"] # expect: EU022
}

resource "azuread_conditional_access_policy" "staff" {
  display_name = "Staff need MFA"
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
    built_in_controls                 = ["mfa"] # expect: EU023
    authentication_strength_policy_id = azuread_authentication_strength_policy.any.id
  }
}
