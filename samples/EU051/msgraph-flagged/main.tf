terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

# An API connector that sign-up user flows call before creating the user.
resource "msgraph_resource" "validate_signup" {
  url = "identity/apiConnectors"
  body = {
    displayName = "Validate sign-up"
    targetUrl   = "https://signup-checks.fabrikam.example/api/validate" # expect: EU051
    authenticationConfiguration = {
      "@odata.type" = "#microsoft.graph.basicAuthentication"
      username      = "b2c"
      password      = var.connector_password
    }
  }
}

variable "connector_password" {
  type      = string
  sensitive = true
}
