# A PATCH through msgraph_resource_action writes the method's configuration too.
resource "msgraph_resource_action" "software_oath" {
  resource_url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations"
  action       = "softwareOath"
  method       = "PATCH"
  body = {
    state = "enabled" # expect: EU022
  }
}

# A GET writes nothing.
resource "msgraph_resource_action" "read_hardware_oath" {
  resource_url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/hardwareOath"
  method       = "GET"
}

resource "msgraph_update_resource" "authenticator" {
  url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/microsoftAuthenticator"
  body = {
    state                 = "enabled" # expect: EU021
    isSoftwareOathEnabled = true # expect: EU022
  }
}
