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
        AADIdentityAPIConnector "AADIdentityAPIConnector-Validate sign-up"
        {
            Credential  = $Credscredential;
            DisplayName = "Validate sign-up";
            Ensure      = "Absent";
            Id          = "RestApi_ValidateSignup";
            TargetUrl   = "https://signup-checks.fabrikam.example/api/validate";
            Username    = "b2c";
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
