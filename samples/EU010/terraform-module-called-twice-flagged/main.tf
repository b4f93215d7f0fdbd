# One local module, called twice: the second call puts its managed domain in the US.
module "europe" {
  source   = "./modules/domain"
  name     = "eu"
  location = "westeurope"
}

module "americas" {
  source   = "./modules/domain"
  name     = "us"
  location = "eastus"
}
