# SMS and voice switched off for everyone: nothing to report.
resource "msgraph_update_resource" "sms" {
  url  = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/sms"
  body = { state = "disabled" }
}

resource "msgraph_update_resource" "voice" {
  url  = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/voice"
  body = jsonencode({ state = "disabled" })
}

# A named location is not an authentication method.
resource "msgraph_resource" "office" {
  url = "identity/conditionalAccess/namedLocations"
  body = {
    "@odata.type" = "#microsoft.graph.ipNamedLocation"
    displayName   = "Office"
    isTrusted     = true
    ipRanges      = [{ "@odata.type" = "#microsoft.graph.iPv4CidrRange", cidrAddress = "192.0.2.0/24" }]
  }
}
