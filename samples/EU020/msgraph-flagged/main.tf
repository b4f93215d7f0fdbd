# The tenant's authentication methods policy, written with the Microsoft Graph provider.
terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

variable "sms_state" {
  type    = string
  default = "enabled"
}

resource "msgraph_update_resource" "sms" {
  url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms"
  body = {
    state = var.sms_state # expect: EU020
    includeTargets = [
      { id = "all_users", targetType = "group", isRegistrationRequired = false }
    ]
  }
}

resource "msgraph_update_resource" "voice" {
  url = "https://graph.microsoft.com/beta/policies/authenticationMethodsPolicy/authenticationMethodConfigurations('Voice')"
  body = jsonencode({
    state                = "enabled" # expect: EU020
    isOfficePhoneAllowed = false
  })
}

# E-mail one-time passcodes are not a phone method.
resource "msgraph_update_resource" "email" {
  url  = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/email"
  body = { state = "enabled" }
}
