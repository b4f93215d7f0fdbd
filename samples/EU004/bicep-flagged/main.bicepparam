using './main.bicep'

param tenantName = 'contosociam'
param tenantLocation = 'United States'
