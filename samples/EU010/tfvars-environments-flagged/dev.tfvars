# `terraform plan -var-file=dev.tfvars`: keeps the location of terraform.tfvars.
sku = "Enterprise"
