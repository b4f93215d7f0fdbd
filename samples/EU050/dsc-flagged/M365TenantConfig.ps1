Configuration M365TenantConfig
{
    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        AADApplication 'HR sync'
        {
            DisplayName             = "HR sync"
            AvailableToOtherTenants = $True # expect: EU050
            Permissions             = @(
                MSFT_AADApplicationPermission { Name = 'User.Read'; Type = 'Delegated'; SourceAPI = 'Microsoft Graph'; AdminConsentGranted = $True }
                MSFT_AADApplicationPermission { Name = 'User.Read.All'; Type = 'AppOnly'; SourceAPI = 'Microsoft Graph'; AdminConsentGranted = $True } # expect: EU050
                MSFT_AADApplicationPermission { Name = 'Sites.Read.All'; Type = 'AppOnly'; SourceAPI = 'Office 365 SharePoint Online' }
            )
        }
    }
}
