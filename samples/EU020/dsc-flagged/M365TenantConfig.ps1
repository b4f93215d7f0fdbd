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
        AADAuthenticationMethodPolicySms "AADAuthenticationMethodPolicySms-Sms"
        {
            Credential     = $Credscredential;
            Ensure         = "Present";
            Id             = "Sms";
            IncludeTargets = @(
                MSFT_AADAuthenticationMethodPolicySmsIncludeTarget{
                    Id = 'all_users'
                    TargetType = 'group'
                }
            );
            State          = "enabled"; # expect: EU020
        }
        AADAuthenticationMethodPolicyVoice "AADAuthenticationMethodPolicyVoice-Voice"
        {
            Credential           = $Credscredential;
            Id                   = "Voice";
            IsOfficePhoneAllowed = $False;
            State                = 'enabled' # expect: EU020
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
