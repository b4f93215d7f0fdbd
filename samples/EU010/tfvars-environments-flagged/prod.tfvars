# `terraform plan -var-file=prod.tfvars`: moves the managed domain out of Europe.
location = "East US"
