variable "location" {
  type        = string
  description = "Region of the managed domain; terraform.tfvars sets the default, each environment may move it."
}

variable "sku" {
  type = string
}
