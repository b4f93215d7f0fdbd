Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        # State = "enabled" in a comment switches nothing on.
        AADAuthenticationMethodPolicySms "AADAuthenticationMethodPolicySms-Sms"
        {
            Id    = "Sms";
            State = "disabled";
        }
        <#
        AADAuthenticationMethodPolicyVoice "Voice" { Id = "Voice"; State = "enabled" }
        #>
        AADAuthenticationMethodPolicyVoice "AADAuthenticationMethodPolicyVoice-Voice"
        {
            Id = "Voice"; IsOfficePhoneAllowed = $False; State = "disabled"
        }
    }
}
