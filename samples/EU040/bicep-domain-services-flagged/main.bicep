param domainName string = 'aadds.contoso.com'
param auditLocation string = 'eastus'

resource audit 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'aadds-audit'
  location: auditLocation
  properties: {
    sku: { name: 'PerGB2018' }
  }
}

resource domainservice 'Microsoft.AAD/domainServices@2022-12-01' = {
  name: domainName
  location: 'westeurope'
  properties: {
    domainName: domainName
    replicaSets: [
      {
        location: 'westeurope'
        subnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/aadds-vnet/subnets/aadds'
      }
    ]
  }
}

// As Azure Verified Modules write it (avm/res/aad/domain-service): the managed domain's
// security audit logs go to the workspace.
resource domainservice_diagnosticSettings 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${domainName}-diagnosticSettings'
  scope: domainservice
  properties: {
    workspaceId: audit.id // expect: EU040
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

// A diagnostic setting on the workspace itself holds no identity logs.
resource workspace_diagnosticSettings 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'workspace-audit'
  scope: audit
  properties: {
    workspaceId: audit.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}
