# Loaded after terraform.tfvars: this value wins.
location = "Brazil South"
