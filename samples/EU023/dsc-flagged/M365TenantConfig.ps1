Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADConditionalAccessPolicy 'Require MFA'
        {
            BuiltInControls      = @("mfa"); # expect: EU023
            ClientAppTypes       = @("all");
            DisplayName          = "Require MFA";
            GrantControlOperator = "OR";
            IncludeApplications  = @("All");
            IncludeUsers         = @("All");
            State                = "enabled";
        }
        AADConditionalAccessPolicy 'Passwordless for staff'
        {
            AuthenticationStrength = "Passwordless MFA"; # expect: EU023
            DisplayName            = "Passwordless for staff";
            GrantControlOperator   = "OR";
            IncludeApplications    = @("All");
            State                  = "enabled";
        }
    }
}
