terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

# The commercial cloud only, and a partner whose collaboration is blocked.
resource "msgraph_update_resource" "clouds" {
  url = "policies/crossTenantAccessPolicy"
  body = {
    allowedCloudEndpoints = ["microsoftonline.com"]
  }
}

resource "msgraph_resource" "former_supplier" {
  url = "policies/crossTenantAccessPolicy/partners"
  body = {
    tenantId = "9c5f2b1e-7a44-4e1b-9d0e-2f6a8c3b4d51"
    b2bCollaborationInbound = {
      usersAndGroups = {
        accessType = "blocked"
        targets    = [{ target = "AllUsers", targetType = "user" }]
      }
      applications = {
        accessType = "blocked"
        targets    = [{ target = "AllApplications", targetType = "application" }]
      }
    }
  }
}

resource "msgraph_update_resource" "former_supplier_sync" {
  url = "policies/crossTenantAccessPolicy/partners/9c5f2b1e-7a44-4e1b-9d0e-2f6a8c3b4d51/identitySynchronization"
  body = {
    userSyncInbound = {
      isSyncAllowed = false
    }
  }
}
