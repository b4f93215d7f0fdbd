terraform {
  required_providers {
    msgraph = {
      source = "microsoft/msgraph"
    }
  }
}

variable "partner_tenant_id" {
  type    = string
  default = "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a"
}

# Collaborate with agencies in the US government cloud.
resource "msgraph_update_resource" "clouds" {
  url = "policies/crossTenantAccessPolicy"
  body = {
    allowedCloudEndpoints = [
      "microsoftonline.com",
      "microsoftonline.us", # expect: EU031
    ]
  }
}

resource "msgraph_resource" "contractor" {
  url = "policies/crossTenantAccessPolicy/partners"
  body = {
    tenantId = var.partner_tenant_id
    b2bCollaborationOutbound = {
      usersAndGroups = {
        accessType = "allowed" # expect: EU031
        targets    = [{ target = "AllUsers", targetType = "user" }]
      }
    }
    b2bDirectConnectInbound = {
      applications = {
        accessType = "allowed"
        targets    = [{ target = "Office365", targetType = "application" }]
      }
    }
  }
}

resource "msgraph_update_resource" "contractor_sync" {
  url = "policies/crossTenantAccessPolicy/partners/${var.partner_tenant_id}/identitySynchronization"
  body = {
    displayName = "Contractor users"
    userSyncInbound = {
      isSyncAllowed = true # expect: EU031
    }
  }
}
