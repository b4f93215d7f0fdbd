resource "msgraph_update_resource" "authenticator" {
  url = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations('MicrosoftAuthenticator')"
  body = {
    state                 = "enabled" # expect: EU021
    isSoftwareOathEnabled = false
  }
}
