# Only FIDO2 and e-mail are on: no phone, push or OATH method.
resource "microsoft365wp_authentication_methods_policy" "singleton" {
  authentication_method_configurations = [
    { id = "Sms", sms = {}, state = "disabled" },
    { id = "Voice", voice = {}, state = "disabled" },
    { id = "MicrosoftAuthenticator", microsoft_authenticator = {}, state = "disabled" },
    { id = "HardwareOath", hardware_oath = {}, state = "disabled" },
    { id = "SoftwareOath", software_oath = {}, state = "disabled" },
    { id = "Fido2", fido2 = {}, state = "enabled" },
    { id = "Email", email = {}, state = "enabled" },
  ]
}
