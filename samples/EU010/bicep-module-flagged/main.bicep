// The managed domain is declared in a local module; its region comes from main.bicepparam.
param region string

module dc './domain.bicep' = {
  name: 'domain'
  params: {
    location: region
    domainName: 'aadds.contoso.com'
  }
}
