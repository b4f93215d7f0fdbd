terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

# Customers sign in with e-mail and password only: no codes texted to phones.
resource "msgraph_update_resource" "b2c_sign_in" {
  url = "policies/b2cAuthenticationMethodsPolicy"
  body = {
    isEmailPasswordAuthenticationEnabled        = true
    isUserNameAuthenticationEnabled             = false
    isPhoneOneTimePasswordAuthenticationEnabled = false
  }
}
