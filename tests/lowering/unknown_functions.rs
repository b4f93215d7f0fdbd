//! Every evaluator turns a function it does not evaluate into an Unknown that names it, never a
//! dropped value (issue 17: "`skip()` is not evaluated"). Each test writes the documented
//! functions of its language, one at a time, as the `location` of a Domain Services managed
//! domain, and checks that the location is either evaluated or unknown with a reason that names
//! the function. The lists are the languages' own function references (cited per list); the
//! functions each evaluator does evaluate are listed too, so a test fails when one is added
//! without being tested here, or when one stops being evaluated.

use residency::model::testing::project;
use residency::model::{bicep, pulumi, FileKind, Kind, Lowered, Val, ValKind};

use super::{arm_lower, tf_lower};

/// The managed domain's location in `lowered`.
fn domain_location(lowered: &Lowered, what: &str) -> Val {
    let found: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == Kind::DomainServices)
        .collect();
    assert_eq!(found.len(), 1, "{what}: one managed domain, got {found:#?}");
    found[0]
        .location
        .clone()
        .unwrap_or_else(|| panic!("{what}: the location was dropped"))
}

/// The managed domain's location in `lowered`, which must have no syntax errors.
fn parsed_domain_location(lowered: &Lowered, what: &str) -> Val {
    assert!(
        lowered.syntax_errors.is_empty(),
        "{what}: {:?}",
        lowered.syntax_errors
    );
    domain_location(lowered, what)
}

/// Checks `name` against the value it gave: evaluated functions give something other than an
/// Unknown naming them; the others an Unknown whose reason names them.
fn judge(name: &str, evaluated: &[&str], v: &Val, what: &str, failures: &mut Vec<String>) {
    let known = evaluated.iter().any(|e| e.eq_ignore_ascii_case(name));
    match (&v.kind, known) {
        (ValKind::Unknown(reason), false) => {
            if !reason.to_lowercase().contains(&name.to_lowercase()) {
                failures.push(format!("{what}: the reason does not name {name}: {reason}"));
            }
        }
        (other, false) => failures.push(format!("{what}: {name} gave {other:?}, not an Unknown")),
        (ValKind::Unknown(reason), true) if reason.contains("is not evaluated") => {
            failures.push(format!("{what}: {name} is listed as evaluated: {reason}"))
        }
        (_, true) => {}
    }
}

fn assert_none(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// ARM template functions, https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions
/// (array, CIDR, comparison, date, deployment, lambda, logical, numeric, object, resource, scope
/// and string functions).
#[rustfmt::skip]
const ARM_FUNCTIONS: &[&str] = &[
    "array", "concat", "contains", "createArray", "empty", "first", "flatten", "indexOf",
    "intersection", "last", "lastIndexOf", "length", "max", "min", "range", "skip", "take",
    "tryGet", "union", "parseCidr", "cidrSubnet", "cidrHost", "coalesce", "equals", "greater",
    "greaterOrEquals", "less", "lessOrEquals", "dateTimeAdd", "dateTimeFromEpoch",
    "dateTimeToEpoch", "utcNow", "deployer", "deployment", "environment", "filter", "groupBy",
    "map", "mapValues", "reduce", "sort", "toObject", "and", "bool", "false", "if", "not", "or",
    "true", "add", "div", "float", "int", "mod", "mul", "sub", "createObject", "items", "json",
    "null", "objectKeys", "shallowMerge", "extensionResourceId", "listAccountSas", "listKeys",
    "listSecrets", "managementGroupResourceId", "pickZones", "providers", "references",
    "resourceId", "subscriptionResourceId", "tenantResourceId", "managementGroup", "resourceGroup",
    "subscription", "tenant", "base64", "base64ToJson", "base64ToString", "dataUri",
    "dataUriToString", "endsWith", "format", "guid", "join", "newGuid", "padLeft", "replace",
    "split", "startsWith", "string", "substring", "toLower", "toUpper", "trim", "uniqueString",
    "uri", "uriComponent", "uriComponentToString",
];

/// What the ARM evaluator evaluates (`src/model/arm/library.rs` and `functions.rs`);
/// `parameters`, `variables`, `copyIndex` and `reference` need arguments of their own and are
/// tested in `src/model/arm/tests.rs`.
#[rustfmt::skip]
const ARM_EVALUATED: &[&str] = &[
    "concat", "format", "toLower", "toUpper", "string", "replace", "trim", "split", "join",
    "startsWith", "endsWith", "contains", "empty", "coalesce", "length", "first", "last", "take",
    "skip", "union", "range", "items", "tryGet", "json", "createArray", "createObject", "int",
    "bool", "if", "equals", "not", "and", "or", "less", "lessOrEquals", "greater",
    "greaterOrEquals", "add", "sub", "mul", "div", "mod", "true", "false", "null", "resourceId",
    "subscriptionResourceId", "tenantResourceId", "extensionResourceId",
    "managementGroupResourceId",
];

fn arm_template(location: &str) -> String {
    format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [{{"type": "Microsoft.AAD/domainServices", "apiVersion": "2022-12-01",
    "name": "contoso.com", "location": "{location}", "properties": {{}}}}]}}"#
    )
}

#[test]
fn arm_names_every_function_it_does_not_evaluate() {
    let mut failures = Vec::new();
    for name in ARM_FUNCTIONS {
        // One string argument: enough for a function that is not evaluated, whatever it takes.
        let expr = format!("[{name}('x')]");
        let (_, l) = arm_lower(&arm_template(&expr));
        judge(
            name,
            ARM_EVALUATED,
            &domain_location(&l, &expr),
            &expr,
            &mut failures,
        );
    }
    assert_none(failures);
}

/// Bicep functions, https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions
/// (the ARM functions Bicep keeps, its own `load*`, `getSecret`, `readEnvironmentVariable`
/// and lambda functions; `az.` and `sys.` are their namespaces).
#[rustfmt::skip]
const BICEP_FUNCTIONS: &[&str] = &[
    "any", "array", "base64", "base64ToJson", "base64ToString", "bool", "cidrHost", "cidrSubnet",
    "concat", "contains", "dataUri", "dataUriToString", "dateTimeAdd", "dateTimeFromEpoch",
    "dateTimeToEpoch", "deployer", "deployment", "empty", "endsWith", "environment",
    "extensionResourceId", "filter", "first", "flatten", "format", "getSecret", "groupBy", "guid",
    "indexOf", "int", "intersection", "items", "join", "json", "last", "lastIndexOf", "length",
    "listKeys", "loadFileAsBase64", "loadJsonContent", "loadTextContent", "loadYamlContent",
    "managementGroup", "managementGroupResourceId", "map", "mapValues", "max", "min", "newGuid",
    "objectKeys", "padLeft", "parseCidr", "pickZones", "range", "readEnvironmentVariable",
    "reduce", "reference", "replace", "resourceGroup", "resourceId", "shallowMerge", "skip",
    "sort", "split", "startsWith", "string", "subscription", "subscriptionResourceId", "substring",
    "take", "tenant", "tenantResourceId", "toLower", "toObject", "toUpper", "trim", "tryGet",
    "uniqueString", "union", "uri", "uriComponent", "uriComponentToString", "utcNow",
];

/// What the Bicep evaluator evaluates: the shared library's functions that exist in Bicep
/// and the lambda functions (`src/model/bicep/eval/lambdas.rs`).
#[rustfmt::skip]
const BICEP_EVALUATED: &[&str] = &[
    "concat", "format", "toLower", "toUpper", "string", "replace", "trim", "split", "join",
    "startsWith", "endsWith", "contains", "empty", "coalesce", "length", "first", "last", "take",
    "skip", "union", "range", "items", "tryGet", "json", "int", "bool", "any",
    "readEnvironmentVariable", "resourceId", "subscriptionResourceId", "tenantResourceId",
    "extensionResourceId", "managementGroupResourceId", "filter", "map", "reduce", "sort",
    "toObject", "mapValues", "groupBy",
];

fn bicep_location(location: &str) -> Val {
    let main = format!(
        "resource d 'Microsoft.AAD/domainServices@2022-12-01' = {{\n  name: 'contoso.com'\n  location: {location}\n  properties: {{}}\n}}\n"
    );
    let mut p = project(&[("main.bicep", &main, FileKind::Bicep)]);
    let l = bicep::lower(&mut p, 0, None, &|_| None, &residency::resolve::resources);
    parsed_domain_location(&l, location)
}

#[test]
fn bicep_names_every_function_it_does_not_evaluate() {
    let mut failures = Vec::new();
    for name in BICEP_FUNCTIONS {
        for call in [format!("{name}('x')"), format!("sys.{name}('x')")] {
            judge(
                name,
                BICEP_EVALUATED,
                &bicep_location(&call),
                &call,
                &mut failures,
            );
        }
    }
    // A namespace residency does not know is a user-defined (imported) function.
    let v = bicep_location("regions.pick('x')");
    judge("regions.pick", &[], &v, "regions.pick('x')", &mut failures);
    assert_none(failures);
}

/// Terraform's built-in functions, https://developer.hashicorp.com/terraform/language/functions
/// (Terraform 1.9; `provider::` functions are the providers').
#[rustfmt::skip]
const TERRAFORM_FUNCTIONS: &[&str] = &[
    "abs", "ceil", "floor", "log", "max", "min", "parseint", "pow", "signum", "chomp", "endswith",
    "format", "formatlist", "indent", "join", "lower", "regex", "regexall", "replace", "split",
    "startswith", "strcontains", "strrev", "substr", "templatestring", "title", "trim",
    "trimprefix", "trimsuffix", "trimspace", "upper", "alltrue", "anytrue", "chunklist",
    "coalesce", "coalescelist", "compact", "concat", "contains", "distinct", "element", "flatten",
    "index", "keys", "length", "lookup", "matchkeys", "merge", "one", "range", "reverse",
    "setintersection", "setproduct", "setsubtract", "setunion", "slice", "sort", "sum",
    "transpose", "values", "zipmap", "base64decode", "base64encode", "base64gzip", "csvdecode",
    "jsondecode", "jsonencode", "textdecodebase64", "textencodebase64", "urlencode", "yamldecode",
    "yamlencode", "abspath", "dirname", "pathexpand", "basename", "file", "fileexists", "fileset",
    "filebase64", "templatefile", "formatdate", "plantimestamp", "timeadd", "timecmp", "timestamp",
    "base64sha256", "base64sha512", "bcrypt", "filebase64sha256", "filebase64sha512", "filemd5",
    "filesha1", "filesha256", "filesha512", "md5", "rsadecrypt", "sha1", "sha256", "sha512",
    "uuid", "uuidv5", "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "can", "issensitive",
    "nonsensitive", "sensitive", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring",
    "try", "type", "ephemeralasnull",
];

/// What the Terraform evaluator evaluates (`EXACT` in `src/model/terraform/eval/functions.rs`).
#[rustfmt::skip]
const TERRAFORM_EVALUATED: &[&str] = &[
    "abs", "can", "coalesce", "coalescelist", "compact", "concat", "contains", "distinct",
    "element", "endswith", "flatten", "format", "join", "jsondecode", "jsonencode", "keys",
    "length", "lookup", "lower", "max", "merge", "min", "one", "replace", "reverse", "sort",
    "split", "startswith", "strcontains", "tobool", "tolist", "tomap", "tonumber", "toset",
    "tostring", "trimprefix", "trimspace", "trimsuffix", "try", "upper", "values", "zipmap",
];

fn terraform_location(location: &str) -> Val {
    let main = format!(
        "resource \"azurerm_active_directory_domain_service\" \"d\" {{\n  name = \"d\"\n  domain_name = \"contoso.com\"\n  location = {location}\n}}\n"
    );
    let (_, l) = tf_lower(&main);
    parsed_domain_location(&l, location)
}

#[test]
fn terraform_names_every_function_it_does_not_evaluate() {
    let mut failures = Vec::new();
    for name in TERRAFORM_FUNCTIONS {
        let call = format!("{name}(\"x\")");
        judge(
            name,
            TERRAFORM_EVALUATED,
            &terraform_location(&call),
            &call,
            &mut failures,
        );
    }
    let call = "provider::azurerm::normalise_resource_id(\"x\")";
    let v = terraform_location(call);
    judge(
        "provider::azurerm::normalise_resource_id",
        &[],
        &v,
        call,
        &mut failures,
    );
    assert_none(failures);
}

/// Pulumi YAML's built-in functions, pulumi/docs `content/docs/iac/languages-sdks/yaml/
/// yaml-language-reference.md` ("Built-in functions"), in today's `fn::` spelling and the
/// early reference's `Fn::` (`content/docs/reference/yaml/_index.md`).
#[rustfmt::skip]
const PULUMI_FUNCTIONS: &[&str] = &[
    "fn::invoke", "fn::join", "fn::split", "fn::toJSON", "fn::toBase64", "fn::fromBase64",
    "fn::select", "fn::secret", "fn::readFile", "fn::fileAsset", "fn::stringAsset",
    "fn::remoteAsset", "fn::fileArchive", "fn::remoteArchive", "fn::assetArchive", "Fn::Invoke",
    "Fn::Join", "Fn::Select", "Fn::ToJSON",
];

#[test]
fn pulumi_names_every_function_it_does_not_evaluate() {
    let mut failures = Vec::new();
    for name in PULUMI_FUNCTIONS {
        let program = format!(
            "name: p\nruntime: yaml\nresources:\n  d:\n    type: azure-native:aad:DomainService\n    properties:\n      domainName: contoso.com\n      resourceGroupName: rg\n      location:\n        {name}:\n          - x\n"
        );
        let p = project(&[("Pulumi.yaml", &program, FileKind::PulumiProgram)]);
        let l = pulumi::lower(&p, 0, None, &residency::resolve::resources);
        assert!(l.syntax_errors.is_empty(), "{name}: {:?}", l.syntax_errors);
        judge(name, &[], &domain_location(&l, name), name, &mut failures);
    }
    assert_none(failures);
}

/// `try()` catches dynamic errors only: a name the configuration does not declare is rejected
/// by Terraform before evaluation (https://developer.hashicorp.com/terraform/language/functions/try),
/// so seen here it is a declaration residency was not given, and the value stays unknown,
/// never the fallback.
#[test]
fn terraform_try_does_not_hide_an_undeclared_name() {
    for (expr, reason) in [
        (
            "try(local.regions.dr, \"westeurope\")",
            "local `regions` is not declared",
        ),
        (
            "try(var.region, \"westeurope\")",
            "variable `region` is not declared",
        ),
        (
            "try(module.net.location, \"westeurope\")",
            "module `net` is not declared",
        ),
    ] {
        let v = terraform_location(expr);
        assert_eq!(v.unknown_reason(), Some(reason), "{expr}: {v:?}");
    }
    let main = "variable \"settings\" {\n  default = {}\n}\nresource \"azurerm_active_directory_domain_service\" \"d\" {\n  name = \"d\"\n  location = try(var.settings.region, \"westeurope\")\n}\n";
    let (_, l) = tf_lower(main);
    let v = domain_location(&l, "try of a missing attribute");
    assert_eq!(
        v.as_str(),
        Some("westeurope"),
        "a missing attribute is a dynamic error"
    );
}
