locals {
  # The built-in strengths (Microsoft Graph: authenticationStrengthPolicies).
  multifactor_authentication = "00000000-0000-0000-0000-000000000002"
}

resource "msgraph_resource" "require_mfa" {
  url = "identity/conditionalAccess/policies"
  body = {
    displayName = "Require MFA for everyone"
    state       = "enabled"
    conditions = {
      users          = { includeUsers = ["All"] }
      applications   = { includeApplications = ["All"] }
      clientAppTypes = ["all"]
    }
    grantControls = { operator = "OR", builtInControls = ["mfa"] } # expect: EU023
  }
}

resource "msgraph_resource" "require_strength" {
  url = "identity/conditionalAccess/policies"
  body = {
    displayName = "Require the built-in MFA strength"
    state       = "enabled"
    conditions = {
      users        = { includeUsers = ["All"] }
      applications = { includeApplications = ["All"] }
    }
    grantControls = {
      operator               = "OR"
      authenticationStrength = { id = local.multifactor_authentication } # expect: EU023
    }
  }
}
