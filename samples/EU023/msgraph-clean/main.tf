resource "msgraph_resource" "phishing_resistant" {
  url = "identity/conditionalAccess/policies"
  body = {
    displayName = "Phishing-resistant MFA for admins"
    state       = "enabled"
    conditions = {
      users        = { includeRoles = ["62e90394-69f5-4237-9190-012177145e10"] }
      applications = { includeApplications = ["All"] }
    }
    grantControls = {
      operator               = "OR"
      authenticationStrength = { id = "00000000-0000-0000-0000-000000000004" }
    }
  }
}
