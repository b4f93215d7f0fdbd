variable "location" {
  type        = string
  description = "Region of the managed domain; set per environment in terraform.tfvars."
}
