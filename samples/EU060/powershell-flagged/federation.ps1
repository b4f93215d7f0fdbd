# Exchange 2013 hybrid: federate with the Microsoft Federation Gateway.
$cert = Get-ExchangeCertificate | Where-Object { $_.Subject -eq "CN=Federation" }
New-FederationTrust -Name "Microsoft Federation Gateway" -Thumbprint $cert.Thumbprint # expect: EU060
Set-FederatedOrganizationIdentifier -DelegatedOrganization contoso.com -Enabled $true # expect: EU060
