//! Which resource types the rules care about, in every format: ARM types (ARM JSON, Bicep,
//! azapi), Terraform provider types. Facts: `shared/reference/azure-facts.md` §1 and §4.

use super::Kind;

/// The kind of an ARM resource type, given lower-cased (`microsoft.aad/domainservices`).
/// ARM compares types case-insensitively.
pub fn kind_of_arm_type(arm_type: &str) -> Kind {
    match arm_type {
        // bicep-types-az `microsoft.azureactivedirectory` (cpim).
        "microsoft.azureactivedirectory/b2cdirectories" => Kind::B2cTenant,
        "microsoft.azureactivedirectory/ciamdirectories" => Kind::CiamTenant,
        // bicep-types-az `microsoft.aad` (domainservices).
        "microsoft.aad/domainservices" => Kind::DomainServices,
        "microsoft.network/virtualnetworks" => Kind::VirtualNetwork,
        _ => Kind::Other,
    }
}

/// The kind and ARM type (lower-cased) of a Terraform resource type.
pub fn kind_of_terraform_type(type_name: &str) -> (Kind, Option<&'static str>) {
    match type_name {
        // terraform-provider-azurerm `internal/services/aadb2c/aadb2c_directory_resource.go`.
        "azurerm_aadb2c_directory" => (
            Kind::B2cTenant,
            Some("microsoft.azureactivedirectory/b2cdirectories"),
        ),
        // terraform-provider-azurerm `internal/services/domainservices/`.
        "azurerm_active_directory_domain_service" => {
            (Kind::DomainServices, Some("microsoft.aad/domainservices"))
        }
        "azurerm_active_directory_domain_service_replica_set" => (
            Kind::DomainServicesReplicaSet,
            Some("microsoft.aad/domainservices"),
        ),
        "azurerm_virtual_network" => (
            Kind::VirtualNetwork,
            Some("microsoft.network/virtualnetworks"),
        ),
        "azurerm_subnet" => (
            Kind::Other,
            Some("microsoft.network/virtualnetworks/subnets"),
        ),
        _ => (Kind::Other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_and_terraform_agree() {
        for tf in [
            "azurerm_aadb2c_directory",
            "azurerm_active_directory_domain_service",
            "azurerm_virtual_network",
        ] {
            let (kind, arm) = kind_of_terraform_type(tf);
            assert_eq!(kind_of_arm_type(arm.unwrap()), kind, "{tf}");
        }
    }
}
