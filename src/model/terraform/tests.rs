use super::lower;
use crate::model::{FileKind, Kind, Lowered, Project, Resource, Val, ValKind};

/// A project from `(name, text)` pairs: `.tf`/`.tf.json` are the module, `.tfvars`/
/// `.tfvars.json` its values in the order given.
fn lower_files(files: &[(&str, &str)]) -> (Project, Lowered) {
    let mut project = Project::default();
    let (mut module, mut vars) = (Vec::new(), Vec::new());
    for (name, text) in files {
        let kind = if name.ends_with(".tfvars.json") {
            FileKind::TfVarsJson
        } else if name.ends_with(".tfvars") {
            FileKind::TfVars
        } else if name.ends_with(".tf.json") {
            FileKind::TerraformJson
        } else {
            FileKind::TerraformHcl
        };
        let id = project.files.len();
        let path = format!("/m/{name}");
        project
            .files
            .extend(crate::model::testing::project(&[(&path, text, kind)]).files);
        if matches!(kind, FileKind::TfVars | FileKind::TfVarsJson) {
            vars.push(id);
        } else {
            module.push(id);
        }
    }
    let lowered = lower(
        &mut project,
        &module,
        &vars,
        &crate::model::LoadNothing,
        &crate::resolve::resources,
    );
    (project, lowered)
}

fn resource<'l>(l: &'l Lowered, name: &str) -> &'l Resource {
    l.resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

fn text_at(p: &Project, loc: crate::model::Loc) -> &str {
    &p.files[loc.file].text[loc.range.as_range()]
}

fn s(v: &Option<Val>) -> &str {
    v.as_ref().and_then(Val::as_str).unwrap_or("<none>")
}

fn unknown(v: &Option<Val>) -> &str {
    v.as_ref()
        .and_then(Val::unknown_reason)
        .unwrap_or("<not unknown>")
}

fn notes(v: &Val) -> Vec<&str> {
    v.origin.iter().map(|o| o.note.as_str()).collect()
}

const B2C: &str = r#"
resource "azurerm_aadb2c_directory" "example" {
  country_code            = "US"
  data_residency_location = "United States"
  domain_name             = "x.onmicrosoft.com"
}
"#;

#[test]
fn b2c_tenant_with_literals() {
    let (p, l) = lower_files(&[("main.tf", B2C)]);
    assert!(l.syntax_errors.is_empty());
    let r = resource(&l, "azurerm_aadb2c_directory.example");
    assert_eq!(r.kind, Kind::B2cTenant);
    assert_eq!(r.type_name, "azurerm_aadb2c_directory");
    assert_eq!(
        r.arm_type.as_deref(),
        Some("microsoft.azureactivedirectory/b2cdirectories")
    );
    assert_eq!(
        text_at(&p, r.decl),
        r#""azurerm_aadb2c_directory" "example""#
    );
    let loc = r.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("United States"));
    assert_eq!(text_at(&p, loc.loc.unwrap()), "\"United States\"");
    assert_eq!(text_at(&p, loc.literal.unwrap()), "United States");
    assert!(loc.origin.is_empty());
    assert_eq!(s(&r.country_code), "US");
    assert_eq!(
        r.props.get("domainName").and_then(Val::as_str),
        Some("x.onmicrosoft.com")
    );
}

#[test]
fn variables_from_tfvars_later_file_wins() {
    let main = r#"
variable "location" {
  default = "West US"
}
variable "country" {
  default = "US"
}
resource "azurerm_aadb2c_directory" "t" {
  data_residency_location = var.location
  country_code            = var.country
}
"#;
    let (p, l) = lower_files(&[
        ("main.tf", main),
        ("terraform.tfvars", "location = \"Asia Pacific\"\n"),
        ("b.auto.tfvars", "location = \"Europe\"\n"),
    ]);
    let r = resource(&l, "azurerm_aadb2c_directory.t");
    let loc = r.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("Europe"));
    assert_eq!(text_at(&p, loc.loc.unwrap()), "var.location");
    let lit = loc.literal.unwrap();
    assert_eq!(p.files[lit.file].path.file_name().unwrap(), "b.auto.tfvars");
    assert_eq!(text_at(&p, lit), "Europe");
    assert_eq!(notes(loc), vec!["variable `location` in b.auto.tfvars"]);
    assert_eq!(text_at(&p, loc.origin[0].loc), "\"Europe\"");

    let cc = r.country_code.as_ref().unwrap();
    assert_eq!(cc.as_str(), Some("US"));
    assert_eq!(notes(cc), vec!["variable `country` default"]);
    assert_eq!(text_at(&p, cc.literal.unwrap()), "US");
}

#[test]
fn tfvars_json_and_tf_json() {
    let main = r#"{
  "variable": { "location": { "type": "string" } },
  "locals": { "loc": "${var.location}", "tag": "x-${lower(var.location)}" },
  "resource": {
    "azurerm_aadb2c_directory": {
      "t": { "data_residency_location": "${local.loc}", "country_code": "GB",
             "//": "a comment", "display_name": "${local.tag}" }
    }
  }
}"#;
    let (p, l) = lower_files(&[
        ("main.tf.json", main),
        ("terraform.tfvars.json", r#"{"location": "Europe"}"#),
    ]);
    assert!(l.syntax_errors.is_empty(), "{:?}", l.syntax_errors);
    let r = resource(&l, "azurerm_aadb2c_directory.t");
    assert_eq!(
        text_at(&p, r.decl),
        r#""azurerm_aadb2c_directory": {
      "t""#
    );
    let loc = r.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("Europe"));
    assert_eq!(text_at(&p, loc.loc.unwrap()), "\"${local.loc}\"");
    assert_eq!(text_at(&p, loc.literal.unwrap()), "Europe");
    assert_eq!(
        notes(loc),
        vec![
            "local `loc`",
            "variable `location` in terraform.tfvars.json"
        ]
    );
    assert_eq!(s(&r.country_code), "GB");
    assert_eq!(
        r.props.get("displayName").and_then(Val::as_str),
        Some("x-europe")
    );
    assert!(r.props.get("//").is_none());
}

#[test]
fn variable_without_value_is_unknown_with_its_declaration() {
    let main = r#"
variable "location" {
  type = string
}
resource "azurerm_aadb2c_directory" "t" {
  data_residency_location = var.location
}
"#;
    let (p, l) = lower_files(&[("main.tf", main)]);
    let loc = resource(&l, "azurerm_aadb2c_directory.t").location.clone();
    assert_eq!(
        unknown(&loc),
        "variable `location` has no default and no tfvars sets it"
    );
    let loc = loc.unwrap();
    assert_eq!(notes(&loc), vec!["variable `location` declared here"]);
    assert_eq!(text_at(&p, loc.origin[0].loc), "variable \"location\"");
    assert_eq!(text_at(&p, loc.loc.unwrap()), "var.location");
}

#[test]
fn locals_references_and_provenance() {
    let main = r#"
locals {
  region = var.region
  lower  = lower(local.region)
}
variable "region" {
  default = "West Europe"
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = local.region
}
resource "azurerm_active_directory_domain_service" "ds" {
  location = azurerm_resource_group.rg.location
  sku      = upper(local.lower)
}
"#;
    let (p, l) = lower_files(&[("main.tf", main)]);
    let ds = resource(&l, "azurerm_active_directory_domain_service.ds");
    assert_eq!(ds.kind, Kind::DomainServices);
    let loc = ds.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("West Europe"));
    assert_eq!(
        text_at(&p, loc.loc.unwrap()),
        "azurerm_resource_group.rg.location"
    );
    assert_eq!(text_at(&p, loc.literal.unwrap()), "West Europe");
    assert_eq!(
        notes(loc),
        vec![
            "location of azurerm_resource_group.rg",
            "local `region`",
            "variable `region` default"
        ]
    );
    assert_eq!(text_at(&p, loc.origin[0].loc), "local.region");
    // Computed values are no literal.
    let sku = ds.props.get("sku").unwrap();
    assert_eq!(sku.as_str(), Some("WEST EUROPE"));
    assert_eq!(sku.literal, None);
    // A resource the rules do not judge is not filled in.
    let rg = resource(&l, "azurerm_resource_group.rg");
    assert_eq!(rg.kind, Kind::Other);
    assert!(rg.location.is_none());
}

#[test]
fn reference_cycles_are_unknown() {
    let main = r#"
locals {
  a = local.b
  b = local.a
  c = "${local.c}-x"
}
resource "azurerm_aadb2c_directory" "t" {
  data_residency_location = local.a
  country_code            = local.c
  display_name            = azurerm_aadb2c_directory.t.display_name
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let r = resource(&l, "azurerm_aadb2c_directory.t");
    assert_eq!(
        unknown(&r.location),
        "reference cycle: local.a → local.b → local.a"
    );
    assert_eq!(
        unknown(&r.country_code),
        "reference cycle: local.c → local.c"
    );
    let dn = r.props.get("displayName").unwrap();
    assert!(dn
        .unknown_reason()
        .unwrap()
        .starts_with("reference cycle: azurerm_aadb2c_directory.t.display_name"));
}

#[test]
fn long_and_exploding_reference_chains_terminate() {
    let mut main = String::from("locals {\n  l0 = \"westeurope\"\n");
    for i in 1..400 {
        main += &format!("  l{i} = local.l{}\n", i - 1);
    }
    // Every step doubles the value: 2^60 strings if nothing bounded it.
    main += "  e0 = [\"x\"]\n";
    for i in 1..60 {
        main += &format!("  e{i} = [local.e{0}, local.e{0}]\n", i - 1);
    }
    main += "  s0 = \"ab\"\n";
    for i in 1..60 {
        main += &format!("  s{i} = \"${{local.s{0}}}${{local.s{0}}}\"\n", i - 1);
    }
    main += "}\nresource \"azurerm_aadb2c_directory\" \"t\" {\n  data_residency_location = local.l399\n  country_code = local.e59\n  display_name = local.s59\n}\n";
    let (_, l) = lower_files(&[("main.tf", &main)]);
    let r = resource(&l, "azurerm_aadb2c_directory.t");
    assert!(r.location.as_ref().unwrap().is_unknown());
    // The doubling list stops growing where it becomes too large: its leaves are unknown.
    fn has_unknown(v: &Val) -> bool {
        v.is_unknown() || v.items().iter().any(has_unknown)
    }
    assert!(has_unknown(r.country_code.as_ref().unwrap()));
    assert_eq!(
        r.props.get("displayName").unwrap().unknown_reason(),
        Some("the string is too long to evaluate")
    );
}

#[test]
fn functions_templates_and_operators() {
    let main = r#"
variable "env" {
  default = "prod"
}
variable "m" {
  default = { a = "x", b = { c = "Europe" } }
}
locals {
  fmt      = format("%s-%03d", var.env, 1)
  fmt_ok   = format("%s-%d-%v-%%", var.env, 7, true)
  rep      = replace("west-us", "-", "")
  rep_re   = replace("westus", "/w/", "e")
  co       = coalesce("", null, var.env)
  tr       = try(var.m.missing, var.m.b.c)
  tr_unk   = try(var.nope_nodefault, "fallback")
  lk       = lookup(var.m, "a", "d")
  lk_def   = lookup(var.m, "z", "d")
  mg       = merge(var.m, { a = "y" }, null)
  ts       = tostring(5)
  tpl      = "${var.env}-${1 + 2}-%{if var.env == "prod"}p%{else}n%{endif}"
  tpl_for  = "%{for k, v in { x = 1, y = 2 }}${k}${v},%{endfor}"
  unk_tpl  = "${var.nope_nodefault}-x"
  cond     = var.env == "prod" ? "Europe" : "United States"
  arith    = 1 + 2 * 3 - 4 / 2
  cmp      = 3 >= 2 && !(1 > 2) || false
  fe       = [for k, v in var.m : k if k != "b"]
  fo       = { for k in ["a", "b", "a"] : k => upper(k)... }
  splat    = [{ n = 1 }, { n = 2 }][*].n
  ts_unk   = timestamp()
  concat   = concat(["a"], ["b"], [])
  json     = jsonencode({ a = 1 })
  jsonstr  = jsonencode("x")
  jd       = jsondecode("{\"k\": [1, true]}").k[1]
  el       = element(["a", "b"], 3)
  ks       = keys({ b = 1, a = 2 })
  jn       = join(",", ["a", "b"])
  sp       = split(",", "a,b")[1]
  ln       = length({ a = 1 })
  tset     = toset(["b", "a", "b"])
}
variable "nope_nodefault" {}
resource "azurerm_aadb2c_directory" "t" {
  display_name = "x"
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    assert!(l.syntax_errors.is_empty(), "{:?}", l.syntax_errors);
    // Evaluate the locals through a resource attribute each.
    let mut checks = Vec::new();
    for (local, expected) in [
        (
            "fmt",
            "unknown: format() with flags, widths or this verb is not evaluated",
        ),
        ("fmt_ok", "prod-7-true-%"),
        ("rep", "westus"),
        (
            "rep_re",
            "unknown: replace() with a regular expression is not evaluated",
        ),
        ("co", "prod"),
        ("tr", "Europe"),
        (
            "tr_unk",
            "unknown: variable `nope_nodefault` has no default and no tfvars sets it",
        ),
        ("lk", "x"),
        ("lk_def", "d"),
        ("ts", "5"),
        ("tpl", "prod-3-p"),
        ("tpl_for", "x1,y2,"),
        (
            "unk_tpl",
            "unknown: variable `nope_nodefault` has no default and no tfvars sets it",
        ),
        ("cond", "Europe"),
        (
            "ts_unk",
            "unknown: function `timestamp` is not evaluated statically",
        ),
        ("jsonstr", "\"x\""),
        ("jd", "true"),
        ("el", "b"),
        ("jn", "a,b"),
        ("sp", "b"),
    ] {
        let text = format!("{main}\nresource \"azurerm_aadb2c_directory\" \"c_{local}\" {{\n  display_name = tostring(local.{local})\n}}\n");
        let (_, l) = lower_files(&[("main.tf", &text)]);
        let v = resource(&l, &format!("azurerm_aadb2c_directory.c_{local}"))
            .props
            .get("displayName")
            .cloned()
            .unwrap();
        let got = match &v.kind {
            ValKind::Str(s) => s.clone(),
            ValKind::Unknown(r) => format!("unknown: {r}"),
            other => format!("{other:?}"),
        };
        if got != expected {
            checks.push(format!("{local}: expected {expected:?}, got {got:?}"));
        }
    }
    // Values that are not strings.
    let text = format!("{main}\nresource \"azuread_application\" \"z\" {{\n  arith = local.arith\n  cmp = local.cmp\n  fe = local.fe\n  fo = local.fo\n  splat = local.splat\n  concat = local.concat\n  json = local.json\n  mg = local.mg\n  ks = local.ks\n  ln = local.ln\n  tset = local.tset\n}}\n");
    let (_, l) = lower_files(&[("main.tf", &text)]);
    let props = &resource(&l, "azuread_application.z").props;
    let show = |k: &str| format!("{:?}", strip(props.get(k).unwrap()));
    assert_eq!(show("arith"), "5.0");
    assert_eq!(show("cmp"), "true");
    assert_eq!(show("fe"), "[\"a\"]");
    assert_eq!(show("fo"), "{\"a\": [\"A\", \"A\"], \"b\": [\"B\"]}");
    assert_eq!(show("splat"), "[1.0, 2.0]");
    assert_eq!(show("concat"), "[\"a\", \"b\"]");
    assert_eq!(show("json"), "{\"a\": 1.0}");
    assert_eq!(show("mg"), "{\"b\": {\"c\": \"Europe\"}, \"a\": \"y\"}");
    assert_eq!(show("ks"), "[\"a\", \"b\"]");
    assert_eq!(show("ln"), "1.0");
    assert_eq!(show("tset"), "[\"a\", \"b\"]");
    assert!(checks.is_empty(), "{}", checks.join("\n"));
}

/// A value without provenance, for comparisons.
#[derive(PartialEq)]
enum Plain {
    S(String),
    N(f64),
    B(bool),
    Null,
    L(Vec<Plain>),
    M(Vec<(String, Plain)>),
    U(String),
}

impl std::fmt::Debug for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Plain::S(s) => write!(f, "{s:?}"),
            Plain::N(n) => write!(f, "{n:?}"),
            Plain::B(b) => write!(f, "{b}"),
            Plain::Null => write!(f, "null"),
            Plain::L(items) => f.debug_list().entries(items).finish(),
            Plain::M(members) => f
                .debug_map()
                .entries(members.iter().map(|(k, v)| (k, v)))
                .finish(),
            Plain::U(r) => write!(f, "unknown({r})"),
        }
    }
}

fn strip(v: &Val) -> Plain {
    match &v.kind {
        ValKind::Str(s) => Plain::S(s.clone()),
        ValKind::Num(n) => Plain::N(*n),
        ValKind::Bool(b) => Plain::B(*b),
        ValKind::Null => Plain::Null,
        ValKind::List(items) => Plain::L(items.iter().map(strip).collect()),
        ValKind::Map(members) => {
            Plain::M(members.iter().map(|(k, v)| (k.clone(), strip(v))).collect())
        }
        ValKind::Unknown(r) => Plain::U(r.clone()),
    }
}

#[test]
fn unknown_sources_say_why() {
    let main = r#"
data "azurerm_resource_group" "rg" {
  name = "x"
}
module "m" {
  source = "./m"
}
variable "n" {}
resource "azurerm_aadb2c_directory" "a" {
  count                   = var.n
  data_residency_location = data.azurerm_resource_group.rg.location
  country_code            = module.m.country
  display_name            = "t-${count.index}"
  domain_name             = path.module
}
resource "azurerm_aadb2c_directory" "b" {
  for_each                = data.azurerm_resource_group.rg.tags
  data_residency_location = each.value
  country_code            = azurerm_aadb2c_directory.a[0].country_code
  display_name            = azurerm_aadb2c_directory.nope.x
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let a = resource(&l, "azurerm_aadb2c_directory.a");
    assert_eq!(
        unknown(&a.location),
        "data.azurerm_resource_group.rg is read from Azure at plan time"
    );
    assert_eq!(
        unknown(&a.country_code),
        "module source `./m` has no Terraform files at /m/m"
    );
    assert_eq!(
        a.props.get("displayName").unwrap().unknown_reason(),
        Some("count.index differs between the instances of azurerm_aadb2c_directory.a (count is not known: variable `n` has no default and no tfvars sets it)")
    );
    assert_eq!(
        a.props.get("domainName").unwrap().unknown_reason(),
        Some("path.* is known when Terraform runs")
    );
    let b = resource(&l, "azurerm_aadb2c_directory.b");
    assert_eq!(
        unknown(&b.location),
        "each.key and each.value differ between the instances of azurerm_aadb2c_directory.b (for_each is not known: data.azurerm_resource_group.rg is read from Azure at plan time)"
    );
    // Indexing an instance of a counted resource whose instances are not known reads the
    // configuration they share.
    assert_eq!(
        unknown(&b.country_code),
        "module source `./m` has no Terraform files at /m/m"
    );
    assert_eq!(
        b.props.get("displayName").unwrap().unknown_reason(),
        Some("resource azurerm_aadb2c_directory.nope is not declared in this module")
    );
}

#[test]
fn azapi_tenants() {
    let main = r#"
variable "location" {
  default = "Europe"
}
resource "azapi_resource" "b2c" {
  type      = "Microsoft.AzureActiveDirectory/b2cDirectories@2021-04-01-preview"
  name      = "x.onmicrosoft.com"
  location  = "United States"
  body = jsonencode({
    properties = {
      createTenantProperties = { countryCode = "US", displayName = "x" }
    }
    sku = { name = "PremiumP1", tier = "A0" }
  })
}
resource "azapi_resource_action" "ciam" {
  type        = "Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview"
  resource_id = "x"
  method      = "PUT"
  body = {
    location   = var.location
    properties = { createTenantProperties = { countryCode = "FR" } }
  }
}
resource "azapi_resource" "legacy" {
  type = "Microsoft.AzureActiveDirectory/b2cDirectories@2019-01-01-preview"
  body = <<JSON
{"location": "Asia Pacific", "properties": {"createTenantProperties": {"countryCode": "JP"}}}
JSON
}
resource "azapi_resource" "other" {
  type = "Microsoft.Compute/availabilitySets@2023-03-01"
  location = "westeurope"
}
"#;
    let (p, l) = lower_files(&[("main.tf", main)]);
    let b2c = resource(&l, "azapi_resource.b2c");
    assert_eq!(b2c.kind, Kind::B2cTenant);
    assert_eq!(b2c.type_name, "azapi_resource");
    assert_eq!(
        b2c.arm_type.as_deref(),
        Some("microsoft.azureactivedirectory/b2cdirectories")
    );
    assert_eq!(s(&b2c.location), "United States");
    assert_eq!(s(&b2c.country_code), "US");
    assert_eq!(
        text_at(&p, b2c.country_code.as_ref().unwrap().literal.unwrap()),
        "US"
    );
    assert_eq!(
        b2c.props.path(&["sku", "name"]).and_then(Val::as_str),
        Some("PremiumP1")
    );
    let ciam = resource(&l, "azapi_resource_action.ciam");
    assert_eq!(ciam.kind, Kind::CiamTenant);
    let loc = ciam.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("Europe"));
    assert_eq!(notes(loc), vec!["variable `location` default"]);
    assert_eq!(s(&ciam.country_code), "FR");
    let legacy = resource(&l, "azapi_resource.legacy");
    assert_eq!(legacy.kind, Kind::B2cTenant);
    assert_eq!(s(&legacy.location), "Asia Pacific");
    assert_eq!(s(&legacy.country_code), "JP");
    let other = resource(&l, "azapi_resource.other");
    assert_eq!(other.kind, Kind::Other);
    assert_eq!(
        other.arm_type.as_deref(),
        Some("microsoft.compute/availabilitysets")
    );
    assert!(other.location.is_none());
}

const NETWORK: &str = r#"
resource "azurerm_resource_group" "net" {
  name     = "net"
  location = "West Europe"
}
resource "azurerm_virtual_network" "v" {
  name                = "vnet-1"
  location            = azurerm_resource_group.net.location
  resource_group_name = azurerm_resource_group.net.name
  subnet {
    name           = "inline"
    address_prefix = "10.0.2.0/24"
  }
}
resource "azurerm_virtual_network" "w" {
  name     = "vnet-2"
  location = "eastus"
}
resource "azurerm_subnet" "s" {
  name                 = "s"
  virtual_network_name = azurerm_virtual_network.v.name
}
resource "azurerm_subnet" "by_name" {
  name                 = "t"
  virtual_network_name = "VNET-2"
}
"#;

#[test]
fn domain_services_subnet_to_network() {
    let main = format!(
        r#"{NETWORK}
resource "azurerm_active_directory_domain_service" "ds" {{
  location = "westeurope"
  initial_replica_set {{
    subnet_id = azurerm_subnet.s.id
  }}
}}
resource "azurerm_active_directory_domain_service_replica_set" "rs" {{
  domain_service_id = azurerm_active_directory_domain_service.ds.id
  location          = "eastus"
  subnet_id         = azurerm_subnet.by_name.id
}}
resource "azurerm_active_directory_domain_service_replica_set" "inline" {{
  domain_service_id = azurerm_active_directory_domain_service.ds.id
  location          = "westeurope"
  subnet_id         = azurerm_virtual_network.v.subnet.*.id[0]
}}
resource "azurerm_active_directory_domain_service_replica_set" "inline2" {{
  domain_service_id = azurerm_active_directory_domain_service.ds.id
  location          = "westeurope"
  subnet_id         = tolist(azurerm_virtual_network.v.subnet)[0].id
}}
resource "azurerm_active_directory_domain_service_replica_set" "literal" {{
  domain_service_id = azurerm_active_directory_domain_service.ds.id
  location          = "eastus"
  subnet_id         = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-2/subnets/x"
}}
resource "azurerm_active_directory_domain_service_replica_set" "elsewhere" {{
  domain_service_id = azurerm_active_directory_domain_service.ds.id
  location          = "eastus"
  subnet_id         = data.azurerm_subnet.x.id
}}
"#
    );
    let (p, l) = lower_files(&[("main.tf", &main)]);
    assert!(l.syntax_errors.is_empty());
    let ds = resource(&l, "azurerm_active_directory_domain_service.ds");
    assert_eq!(ds.replicas.len(), 1);
    let rep = &ds.replicas[0];
    assert_eq!(rep.label, "initial replica set");
    assert!(rep.location.is_none());
    assert_eq!(
        text_at(&p, rep.subnet.as_ref().unwrap().loc.unwrap()),
        "azurerm_subnet.s.id"
    );
    assert_eq!(
        rep.subnet.as_ref().unwrap().unknown_reason(),
        Some("`id` of azurerm_subnet.s is known only after apply")
    );
    let net = rep.network.as_ref().unwrap();
    assert_eq!(net.name, "azurerm_virtual_network.v");
    assert_eq!(text_at(&p, net.decl), "\"azurerm_virtual_network\" \"v\"");
    assert_eq!(net.location.as_str(), Some("West Europe"));
    assert_eq!(
        notes(&net.location),
        vec![
            "location of virtual network `azurerm_virtual_network.v`",
            "location of azurerm_resource_group.net"
        ]
    );
    assert_eq!(
        text_at(&p, net.location.origin[0].loc),
        "azurerm_resource_group.net.location"
    );
    assert_eq!(text_at(&p, net.location.literal.unwrap()), "West Europe");

    let network_of = |name: &str| {
        let r = resource(&l, name);
        assert_eq!(r.replicas.len(), 1, "{name}");
        assert_eq!(r.replicas[0].label, "replica set");
        r.replicas[0].network.as_ref().map(|n| n.name.clone())
    };
    assert_eq!(
        network_of("azurerm_active_directory_domain_service_replica_set.rs").as_deref(),
        Some("azurerm_virtual_network.w")
    );
    assert_eq!(
        network_of("azurerm_active_directory_domain_service_replica_set.inline").as_deref(),
        Some("azurerm_virtual_network.v")
    );
    assert_eq!(
        network_of("azurerm_active_directory_domain_service_replica_set.inline2").as_deref(),
        Some("azurerm_virtual_network.v")
    );
    assert_eq!(
        network_of("azurerm_active_directory_domain_service_replica_set.literal").as_deref(),
        Some("azurerm_virtual_network.w")
    );
    assert_eq!(
        network_of("azurerm_active_directory_domain_service_replica_set.elsewhere"),
        None
    );
    let rs = resource(&l, "azurerm_active_directory_domain_service_replica_set.rs");
    assert_eq!(rs.kind, Kind::DomainServicesReplicaSet);
    assert_eq!(s(&rs.location), "eastus");
    let w = &rs.replicas[0].network.as_ref().unwrap().location;
    assert_eq!(w.as_str(), Some("eastus"));
    assert_eq!(
        notes(w),
        vec!["location of virtual network `azurerm_virtual_network.w`"]
    );
    let v = resource(&l, "azurerm_virtual_network.v");
    assert_eq!(v.kind, Kind::VirtualNetwork);
    assert_eq!(
        v.props.path(&["subnet", "name"]).and_then(Val::as_str),
        Some("inline")
    );
}

#[test]
fn azapi_domain_services_replica_sets() {
    let main = format!(
        r#"{NETWORK}
resource "azapi_resource" "vnet" {{
  type     = "Microsoft.Network/virtualNetworks@2023-04-01"
  name     = "vnet-3"
  location = "northeurope"
}}
resource "azapi_resource" "sn" {{
  type      = "Microsoft.Network/virtualNetworks/subnets@2023-04-01"
  name      = "sn"
  parent_id = azapi_resource.vnet.id
}}
resource "azapi_resource" "ds" {{
  type     = "Microsoft.AAD/domainServices@2022-12-01"
  location = "westeurope"
  body = {{
    properties = {{
      replicaSets = [
        {{ location = "westeurope", subnetId = azurerm_subnet.s.id }},
        {{ location = "eastus", subnetId = "/subscriptions/0/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/vnet-2/subnets/x" }},
        {{ location = "northeurope", subnetId = azapi_resource.sn.id }},
      ]
    }}
  }}
}}
resource "azapi_resource" "old" {{
  type = "Microsoft.AAD/DomainServices@2017-06-01"
  body = jsonencode({{ location = "westus", properties = {{ subnetId = azurerm_subnet.by_name.id }} }})
}}
variable "sets" {{}}
resource "azapi_resource" "unknown_sets" {{
  type     = "Microsoft.AAD/domainServices@2022-12-01"
  location = "westeurope"
  body = {{ properties = {{ replicaSets = var.sets }} }}
}}
"#
    );
    let (_, l) = lower_files(&[("main.tf", &main)]);
    let ds = resource(&l, "azapi_resource.ds");
    assert_eq!(ds.kind, Kind::DomainServices);
    assert_eq!(ds.arm_type.as_deref(), Some("microsoft.aad/domainservices"));
    assert_eq!(s(&ds.location), "westeurope");
    let summary: Vec<(String, String, Option<String>)> = ds
        .replicas
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                s(&r.location).to_string(),
                r.network.as_ref().map(|n| n.name.clone()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "replica set 1".into(),
                "westeurope".into(),
                Some("azurerm_virtual_network.v".into())
            ),
            (
                "replica set 2".into(),
                "eastus".into(),
                Some("azurerm_virtual_network.w".into())
            ),
            (
                "replica set 3".into(),
                "northeurope".into(),
                Some("azapi_resource.vnet".into())
            ),
        ]
    );
    let vnet3 = ds.replicas[2].network.as_ref().unwrap();
    assert_eq!(vnet3.location.as_str(), Some("northeurope"));
    let old = resource(&l, "azapi_resource.old");
    assert_eq!(old.kind, Kind::DomainServices);
    assert_eq!(s(&old.location), "westus");
    assert_eq!(old.replicas.len(), 1);
    assert_eq!(old.replicas[0].label, "subnet");
    assert_eq!(
        old.replicas[0].network.as_ref().map(|n| n.name.as_str()),
        Some("azurerm_virtual_network.w")
    );
    let unk = resource(&l, "azapi_resource.unknown_sets");
    assert_eq!(unk.replicas.len(), 1);
    assert_eq!(
        unknown(&unk.replicas[0].location),
        "variable `sets` has no default and no tfvars sets it"
    );
}

#[test]
fn syntax_errors_of_every_file_are_kept() {
    let (_, l) = lower_files(&[
        (
            "main.tf",
            "resource \"azurerm_aadb2c_directory\" \"t\" {\n  data_residency_location = \n}\n",
        ),
        ("broken.tf.json", "{\"resource\": {"),
        ("terraform.tfvars", "location = \"x\n"),
    ]);
    let files: Vec<usize> = l.syntax_errors.iter().map(|(f, _)| *f).collect();
    assert!(
        files.contains(&0) && files.contains(&1) && files.contains(&2),
        "{:?}",
        l.syntax_errors
    );
    // What parsed is still lowered.
    let r = resource(&l, "azurerm_aadb2c_directory.t");
    assert_eq!(unknown(&r.location), "the expression does not parse");
}

#[test]
fn tf_json_template_errors_are_reported_in_the_file() {
    let main = r#"{"resource": {"azurerm_aadb2c_directory": {"t": {"data_residency_location": "${var.x"}}}}"#;
    let (_, l) = lower_files(&[("main.tf.json", main)]);
    assert_eq!(l.syntax_errors.len(), 1, "{:?}", l.syntax_errors);
    let (file, e) = &l.syntax_errors[0];
    assert_eq!(*file, 0);
    assert!(e.message.contains("expected '}'"));
    assert_eq!(e.range.start as usize, main.find("var.x").unwrap() + 5);
}

#[test]
fn dynamic_blocks_are_expanded_when_for_each_is_known() {
    let main = r#"
variable "later" {}
resource "azurerm_virtual_network" "v" {
  name     = "v"
  location = "northeurope"
  dynamic "subnet" {
    for_each = ["s1", "s2"]
    content {
      name = subnet.value
    }
  }
}
resource "azuread_application" "z" {
  dynamic "b" {
    for_each = { k = "v" }
    iterator = it
    content {
      key = it.key
      val = upper(it.value)
    }
  }
  dynamic "c" {
    for_each = var.later
    content {}
  }
}
resource "azurerm_active_directory_domain_service_replica_set" "rs" {
  location  = "northeurope"
  subnet_id = element(azurerm_virtual_network.v.subnet[*].id, 1)
}
"#;
    let (_, l) = lower_files(&[("main.tf", main)]);
    let v = resource(&l, "azurerm_virtual_network.v");
    let names: Vec<&str> = v
        .props
        .get("subnet")
        .unwrap()
        .items()
        .iter()
        .filter_map(|s| s.get("name").and_then(Val::as_str))
        .collect();
    assert_eq!(names, vec!["s1", "s2"]);
    let z = resource(&l, "azuread_application.z");
    let b = z.props.get("b").unwrap();
    assert_eq!(b.get("key").and_then(Val::as_str), Some("k"));
    assert_eq!(b.get("val").and_then(Val::as_str), Some("V"));
    assert_eq!(
        z.props.get("c").unwrap().unknown_reason(),
        Some(
            "the `c` blocks come from a dynamic block whose for_each is not known: \
             variable `later` has no default and no tfvars sets it"
        )
    );
    let rs = resource(&l, "azurerm_active_directory_domain_service_replica_set.rs");
    let net = rs.replicas[0].network.as_ref().unwrap();
    assert_eq!(net.name, "azurerm_virtual_network.v");
    assert_eq!(net.location.as_str(), Some("northeurope"));
}

#[test]
fn domain_services_in_terraform_json() {
    let main = r#"{
  "resource": {
    "azurerm_virtual_network": {
      "v": { "name": "vnet-j", "location": "swedencentral",
             "subnet": [{ "name": "a", "address_prefix": "10.0.0.0/24" }] }
    },
    "azurerm_subnet": {
      "s": { "name": "s", "virtual_network_name": "${azurerm_virtual_network.v.name}" }
    },
    "azurerm_active_directory_domain_service": {
      "ds": { "location": "swedencentral",
              "initial_replica_set": { "subnet_id": "${azurerm_subnet.s.id}" },
              "depends_on": ["azurerm_subnet.s"] }
    },
    "azurerm_active_directory_domain_service_replica_set": {
      "rs2": { "location": "swedencentral",
               "subnet_id": "${element(azurerm_virtual_network.v.subnet[*].id, 0)}" }
    }
  }
}"#;
    let (p, l) = lower_files(&[("main.tf.json", main)]);
    assert!(l.syntax_errors.is_empty(), "{:?}", l.syntax_errors);
    let ds = resource(&l, "azurerm_active_directory_domain_service.ds");
    assert_eq!(ds.kind, Kind::DomainServices);
    assert!(ds.props.get("depends_on").is_none());
    let net = ds.replicas[0].network.as_ref().unwrap();
    assert_eq!(net.name, "azurerm_virtual_network.v");
    assert_eq!(net.location.as_str(), Some("swedencentral"));
    assert_eq!(text_at(&p, net.location.literal.unwrap()), "swedencentral");
    let rs2 = resource(
        &l,
        "azurerm_active_directory_domain_service_replica_set.rs2",
    );
    assert_eq!(
        rs2.replicas[0].network.as_ref().map(|n| n.name.as_str()),
        Some("azurerm_virtual_network.v")
    );
}

mod instances;
