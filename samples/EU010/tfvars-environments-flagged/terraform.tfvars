location = "westeurope"
sku      = "Standard"
