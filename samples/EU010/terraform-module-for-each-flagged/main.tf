# One module instance per entry of a map: the "apac" instance is outside Europe. The module
# switched off by count = 0 is not created, so its region does not matter.
locals {
  domains = {
    eu   = { location = "westeurope" }
    apac = { location = "southeastasia" }
  }
}

module "domain" {
  for_each = local.domains
  source   = "./modules/domain"
  name     = each.key
  location = each.value.location
}

variable "legacy" {
  default = false
}

module "legacy" {
  count    = var.legacy ? 1 : 0
  source   = "./modules/domain"
  name     = "legacy"
  location = "centralus"
}
