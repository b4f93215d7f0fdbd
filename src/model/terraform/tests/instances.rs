//! `count` and `for_each`: one model resource per instance when the collection is known.

use super::*;

fn names(l: &Lowered) -> Vec<&str> {
    l.resources.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn count_makes_one_resource_per_index() {
    let main = r#"
variable "locations" {
  default = ["Europe", "United States"]
}
resource "azurerm_aadb2c_directory" "t" {
  count                   = length(var.locations)
  data_residency_location = var.locations[count.index]
  domain_name             = "t${count.index}.onmicrosoft.com"
}
resource "azurerm_aadb2c_directory" "off" {
  count                   = 0
  data_residency_location = "United States"
}
"#;
    let (p, l) = lower_files(&[("main.tf", main)]);
    assert_eq!(
        names(&l),
        vec![
            "azurerm_aadb2c_directory.t[0]",
            "azurerm_aadb2c_directory.t[1]"
        ]
    );
    let first = resource(&l, "azurerm_aadb2c_directory.t[0]");
    let second = resource(&l, "azurerm_aadb2c_directory.t[1]");
    assert_eq!(s(&first.location), "Europe");
    assert_eq!(s(&second.location), "United States");
    // The literal each instance's value comes from, for the fix.
    assert_eq!(
        text_at(&p, second.location.as_ref().unwrap().literal.unwrap()),
        "United States"
    );
    assert_eq!(
        first.props.get("domainName").and_then(Val::as_str),
        Some("t0.onmicrosoft.com")
    );
}

#[test]
fn for_each_over_a_map_and_a_set() {
    let main = r#"
locals {
  tenants = {
    eu = { location = "Europe" }
    us = { location = "United States" }
  }
}
resource "azurerm_aadb2c_directory" "map" {
  for_each                = local.tenants
  data_residency_location = each.value.location
  domain_name             = "${each.key}.onmicrosoft.com"
}
resource "azurerm_aadb2c_directory" "set" {
  for_each                = toset(["Europe", "Asia Pacific"])
  data_residency_location = each.value
  domain_name             = "${lower(replace(each.key, " ", ""))}.onmicrosoft.com"
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    assert_eq!(
        names(&l),
        vec![
            r#"azurerm_aadb2c_directory.map["eu"]"#,
            r#"azurerm_aadb2c_directory.map["us"]"#,
            r#"azurerm_aadb2c_directory.set["Asia Pacific"]"#,
            r#"azurerm_aadb2c_directory.set["Europe"]"#,
        ]
    );
    let us = resource(&l, r#"azurerm_aadb2c_directory.map["us"]"#);
    let loc = us.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("United States"));
    assert!(
        notes(loc).contains(&"local `tenants`"),
        "the chain names the collection: {:?}",
        notes(loc)
    );
    assert_eq!(
        us.props.get("domainName").and_then(Val::as_str),
        Some("us.onmicrosoft.com")
    );
    let apac = resource(&l, r#"azurerm_aadb2c_directory.set["Asia Pacific"]"#);
    assert_eq!(s(&apac.location), "Asia Pacific");
    assert_eq!(
        apac.props.get("domainName").and_then(Val::as_str),
        Some("asiapacific.onmicrosoft.com")
    );
}

#[test]
fn an_instance_key_reads_that_instance() {
    let main = r#"
variable "regions" {
  default = { prod = "westeurope", dr = "eastus" }
}
resource "azurerm_resource_group" "rg" {
  for_each = var.regions
  name     = "rg-${each.key}"
  location = each.value
}
resource "azurerm_aadb2c_directory" "t" {
  for_each                = var.regions
  data_residency_location = azurerm_resource_group.rg[each.key].location
  country_code            = azurerm_resource_group.rg["prod"].location
  domain_name             = azurerm_resource_group.rg[each.key].id
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let dr = resource(&l, r#"azurerm_aadb2c_directory.t["dr"]"#);
    assert_eq!(s(&dr.location), "eastus");
    assert_eq!(
        notes(dr.location.as_ref().unwrap())[0],
        r#"location of azurerm_resource_group.rg["dr"]"#
    );
    assert_eq!(s(&dr.country_code), "westeurope");
    // An attribute known after apply leads to the one instance it is read from.
    let id = dr.props.get("domainName").unwrap();
    let refers = id
        .refers
        .as_ref()
        .expect("the id refers to the resource group");
    let target: Vec<&str> = refers
        .resources
        .iter()
        .map(|&r| l.resources[r].name.as_str())
        .collect();
    assert_eq!(target, vec![r#"azurerm_resource_group.rg["dr"]"#]);
}

#[test]
fn unknown_collections_make_one_resource_saying_why() {
    let main = r#"
variable "tenants" {
  type = map(string)
}
resource "azurerm_aadb2c_directory" "t" {
  for_each                = var.tenants
  data_residency_location = each.value
}
resource "azurerm_aadb2c_directory" "c" {
  count                   = 5000
  data_residency_location = "Europe"
}
resource "azurerm_aadb2c_directory" "u" {
  for_each                = azurerm_aadb2c_directory.t
  data_residency_location = "Europe"
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    assert_eq!(
        names(&l),
        vec![
            "azurerm_aadb2c_directory.t",
            "azurerm_aadb2c_directory.c",
            "azurerm_aadb2c_directory.u"
        ]
    );
    assert_eq!(
        unknown(&resource(&l, "azurerm_aadb2c_directory.t").location),
        "each.key and each.value differ between the instances of azurerm_aadb2c_directory.t \
         (for_each is not known: variable `tenants` has no default and no tfvars sets it)"
    );
    // A count beyond the expansion bound is one resource: the value shared by all is known.
    assert_eq!(
        s(&resource(&l, "azurerm_aadb2c_directory.c").location),
        "Europe"
    );
}

#[test]
fn for_each_over_another_resource_takes_its_keys() {
    let main = r#"
resource "azurerm_resource_group" "rg" {
  for_each = toset(["a", "b"])
  name     = each.key
  location = "westeurope"
}
resource "azurerm_aadb2c_directory" "t" {
  for_each                = azurerm_resource_group.rg
  data_residency_location = "Europe"
  domain_name             = "${each.key}.onmicrosoft.com"
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let b = resource(&l, r#"azurerm_aadb2c_directory.t["b"]"#);
    assert_eq!(
        b.props.get("domainName").and_then(Val::as_str),
        Some("b.onmicrosoft.com")
    );
}

#[test]
fn a_splat_over_counted_instances_reads_each_instance() {
    let main = r#"
variable "groups" {
  default = [{ location = "westeurope" }, { location = "eastus" }]
}
resource "azurerm_resource_group" "this" {
  count    = length(var.groups)
  name     = "rg-${count.index}"
  location = lookup(var.groups[count.index], "location")
}
resource "azurerm_aadb2c_directory" "t" {
  data_residency_location = element(azurerm_resource_group.this.*.location, 1)
  country_code            = (azurerm_resource_group.this[*].location)[0]
  domain_name             = one([for g in azurerm_resource_group.this : g.name if g.location == "eastus"])
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let t = resource(&l, "azurerm_aadb2c_directory.t");
    assert_eq!(s(&t.location), "eastus");
    assert_eq!(
        notes(t.location.as_ref().unwrap())[0],
        "location of azurerm_resource_group.this[1]"
    );
    assert_eq!(s(&t.country_code), "westeurope");
    assert_eq!(
        t.props.get("domainName").and_then(Val::as_str),
        Some("rg-1")
    );
}
