terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

# A custom user attribute: directory schema, no claims sent anywhere.
resource "msgraph_resource" "loyalty_number" {
  url = "identity/userFlowAttributes"
  body = {
    displayName = "LoyaltyNumber"
    description = "The customer's loyalty number"
    dataType    = "string"
  }
}
