//! Project files shared by the command-line and language-server tests: modules and templates
//! whose region their caller decides.
#![allow(dead_code)]

/// A Terraform Domain Services module: its location comes from its caller, and flows back
/// through an output.
pub const TERRAFORM_DOMAIN_MODULE: &str = r#"variable "location" {
  type = string
}

resource "azurerm_active_directory_domain_service" "this" {
  name                = "aadds"
  location            = var.location
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"

  initial_replica_set {
    subnet_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aadds"
  }
}

output "id" {
  value = azurerm_active_directory_domain_service.this.id
}

output "location" {
  value = azurerm_active_directory_domain_service.this.location
}
"#;

/// An ARM template of a Domain Services managed domain whose location is its `location`
/// parameter.
pub const ARM_DOMAIN_TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "location": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "aadds.contoso.com",
      "location": "[parameters('location')]",
      "properties": { "domainName": "aadds.contoso.com" }
    }
  ]
}
"#;
