# The tfvars value wins over the variable's default.
residency = "Australia"
