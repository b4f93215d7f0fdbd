targetScope = 'tenant'

param workspaceLocation string = 'brazilsouth'

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
  scope: resourceGroup('00000000-0000-0000-0000-000000000000', 'siem')
  name: 'siem'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'entraarchive'
  location: workspaceLocation
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
}

resource entra 'microsoft.aadiam/diagnosticSettings@2017-04-01' = {
  name: 'entra-archive'
  properties: {
    storageAccountId: storage.id // expect: EU040
    logs: [
      {
        category: 'AuditLogs'
        enabled: true
      }
    ]
  }
}
