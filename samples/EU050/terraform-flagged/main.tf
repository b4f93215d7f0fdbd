data "azuread_application_published_app_ids" "well_known" {}

data "azuread_service_principal" "msgraph" {
  client_id = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]
}

resource "azuread_application" "hr_sync" {
  display_name     = "HR sync"
  sign_in_audience = "AzureADMultipleOrgs" # expect: EU050

  required_resource_access {
    resource_app_id = "00000003-0000-0000-c000-000000000000"

    resource_access {
      id   = "df021288-bdef-4463-88db-98f22de89214" # expect: EU050
      type = "Role"
    }

    resource_access {
      id   = data.azuread_service_principal.msgraph.app_role_ids["Directory.Read.All"] # expect: EU050
      type = "Role"
    }
  }
}

resource "azuread_service_principal_delegated_permission_grant" "portal" {
  service_principal_object_id          = "11111111-1111-1111-1111-111111111111"
  resource_service_principal_object_id = data.azuread_service_principal.msgraph.object_id
  claim_values                         = ["openid", "User.ReadBasic.All"] # expect: EU050
}
