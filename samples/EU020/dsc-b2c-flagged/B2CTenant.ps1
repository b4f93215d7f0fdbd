# A B2C tenant's sign-in methods, as Export-M365DSCConfiguration writes them.
param (
    [parameter()]
    [System.Management.Automation.PSCredential]
    $Credscredential
)

Configuration B2CTenant
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADB2CAuthenticationMethodsPolicy "AADB2CAuthenticationMethodsPolicy"
        {
            Credential                                  = $Credscredential;
            IsEmailPasswordAuthenticationEnabled        = $True;
            IsPhoneOneTimePasswordAuthenticationEnabled = $True; # expect: EU020
            IsSingleInstance                            = "Yes";
            IsUserNameAuthenticationEnabled             = $False;
        }
    }
}

B2CTenant -ConfigurationData .\ConfigurationData.psd1
