using './main.bicep'

param region = 'eastus2'
