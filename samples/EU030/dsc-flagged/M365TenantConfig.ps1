# The tenant's configuration, as Export-M365DSCConfiguration writes it.
param (
    [parameter()]
    [System.Management.Automation.PSCredential]
    $Credscredential
)

Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADAuthorizationPolicy "AADAuthorizationPolicy"
        {
            AllowedToSignUpEmailBasedSubscriptions = $False;
            AllowEmailVerifiedUsersToJoinOrganization = $False;
            AllowInvitesFrom                       = "everyone"; # expect: EU030
            BlockMsolPowerShell                    = $True;
            Credential                             = $Credscredential;
            DisplayName                            = "Authorization Policy";
            GuestUserRole                          = "RestrictedGuest";
            IsSingleInstance                       = "Yes";
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
