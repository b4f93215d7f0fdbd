# The whole methods policy, with a community provider's typed resource.
resource "microsoft365wp_authentication_methods_policy" "singleton" {
  authentication_method_configurations = [
    { id = "Sms", sms = {}, state = "disabled" },
    { id = "MicrosoftAuthenticator", microsoft_authenticator = {}, state = "disabled" },
    { id = "HardwareOath", hardware_oath = {}, state = "enabled" }, # expect: EU022
    { id = "SoftwareOath", software_oath = {}, state = "disabled" },
    { id = "Fido2", fido2 = {}, state = "enabled" },
  ]
}
