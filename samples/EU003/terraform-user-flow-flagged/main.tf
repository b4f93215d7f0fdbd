resource "azuread_b2c_user_flow" "signup" { # expect: EU003
  name                 = "B2C_1_signup_signin"
  type                 = "signUpOrSignIn"
  version              = "2"
  default_language_tag = "en"
}

resource "msgraph_resource" "profile_edit" { # expect: EU003
  url = "identity/b2cUserFlows"
  body = {
    id = "B2C_1_profile_edit"
  }
}
