Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADConditionalAccessPolicy 'Phishing-resistant admins'
        {
            AuthenticationStrength = "Phishing-resistant MFA";
            DisplayName            = "Phishing-resistant admins";
            GrantControlOperator   = "OR";
            IncludeApplications    = @("All");
            State                  = "enabled";
        }
        AADAuthenticationStrengthPolicy 'AADAuthenticationStrengthPolicy-EU'
        {
            AllowedCombinations = @("windowsHelloForBusiness","fido2","x509CertificateMultiFactor");
            DisplayName         = "EU";
            Ensure              = "Present";
        }
    }
}
