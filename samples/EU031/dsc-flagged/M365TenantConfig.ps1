# The tenant's configuration, as Export-M365DSCConfiguration writes it.
param (
    [parameter()]
    [System.Management.Automation.PSCredential]
    $Credscredential
)

Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC' -ModuleVersion '1.24.1016.1'

    Node localhost
    {
        AADCrossTenantAccessPolicy "AADCrossTenantAccessPolicy"
        {
            AllowedCloudEndpoints = @("microsoftonline.us"); # expect: EU031
            Credential            = $Credscredential;
            DisplayName           = "CrossTenantAccessPolicy";
            Ensure                = "Present";
            IsSingleInstance      = "Yes";
        }
        AADCrossTenantAccessPolicyConfigurationPartner "AADCrossTenantAccessPolicyConfigurationPartner-Contractor"
        {
            PartnerTenantId              = "e7a80bcf-696e-40ca-8775-a7f85fbb3ebc";
            B2BCollaborationOutbound     = MSFT_AADCrossTenantAccessPolicyB2BSetting {
                Applications = MSFT_AADCrossTenantAccessPolicyTargetConfiguration{
                    AccessType = 'allowed' # expect: EU031
                    Targets = @(
                        MSFT_AADCrossTenantAccessPolicyTarget{
                            Target = 'AllApplications'
                            TargetType = 'application'
                        }
                    )
                }
            };
            Credential                   = $Credscredential;
            Ensure                       = "Present";
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
