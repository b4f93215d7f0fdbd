resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'entra-logs'
  location: 'germanywestcentral'
  properties: {
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource entra 'microsoft.aadiam/diagnosticSettings@2017-04-01' = {
  name: 'entra-to-workspace'
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'SignInLogs'
        enabled: true
      }
    ]
  }
}
