Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADAuthenticationMethodPolicyAuthenticator "AADAuthenticationMethodPolicyAuthenticator-MicrosoftAuthenticator"
        {
            FeatureSettings       = MSFT_MicrosoftGraphmicrosoftAuthenticatorFeatureSettings{
                NumberMatchingRequiredState = MSFT_MicrosoftGraphAuthenticationMethodFeatureConfiguration{
                    IncludeTarget = MSFT_AADAuthenticationMethodPolicyAuthenticatorFeatureTarget{ Id = 'all_users'; TargetType = 'group' }
                    State = 'enabled'
                }
            };
            Id                    = "MicrosoftAuthenticator";
            IsSoftwareOathEnabled = $True; # expect: EU022
            State                 = "enabled"; # expect: EU021
        }
        AADAuthenticationMethodPolicySoftware "AADAuthenticationMethodPolicySoftware-SoftwareOath"
        {
            Id             = "SoftwareOath";
            State          = "enabled"; # expect: EU022
            IncludeTargets = @(
                MSFT_AADAuthenticationMethodPolicySoftwareIncludeTarget{ Id = 'Legal Team'; TargetType = 'group' }
            );
        }
    }
}
