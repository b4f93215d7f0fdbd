use std::collections::HashMap;

use super::*;
use crate::model::{Kind, Resource, Val, ValKind};

/// Lowers `files[0]` (with `params`, a `.bicepparam` text, when given); the other files are
/// what `load` finds.
fn lower_texts(files: &[(&str, &str)], params: Option<&str>) -> (Project, Lowered) {
    let mut files_of_project = vec![(files[0].0, files[0].1, FileKind::Bicep)];
    if let Some(text) = params {
        files_of_project.push(("main.bicepparam", text, FileKind::BicepParam));
    }
    let mut project = crate::model::testing::project(&files_of_project);
    let params = params.map(|_| 1);
    let others: HashMap<PathBuf, &str> = files[1..]
        .iter()
        .map(|(p, t)| (normal(Path::new(p)), *t))
        .collect();
    let load = |p: &Path| others.get(&normal(p)).map(|t| Arc::new(t.to_string()));
    let lowered = lower(&mut project, 0, params, &load, &crate::resolve::resources);
    (project, lowered)
}

fn only(lowered: &Lowered, kind: Kind) -> &Resource {
    let found: Vec<&Resource> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == kind)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", lowered.resources);
    found[0]
}

#[test]
fn using_targets() {
    assert_eq!(
        using_target("using './main.bicep'\n").as_deref(),
        Some("./main.bicep")
    );
    assert_eq!(using_target("using none\n"), None);
    assert_eq!(using_target("using 'br/public:x:1.0'\n"), None);
}

#[test]
fn bicepparam_values_win_over_defaults() {
    let main = "@allowed([\n  'westeurope'\n  'northeurope'\n])\nparam location string = 'westeurope'\nparam other string = 'x'\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: location\n}\n";
    let params = "using './main.bicep'\nparam location = 'northeurope'\nparam other = readEnvironmentVariable('X')\n";
    let (project, lowered) = lower_texts(&[("main.bicep", main)], Some(params));
    let d = only(&lowered, Kind::DomainServices);
    let loc = d.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("northeurope"));
    assert_eq!(
        loc.origin[0].note,
        "parameter `location` in main.bicepparam (@allowed: 'westeurope', 'northeurope')"
    );
    let lit = loc.literal.unwrap();
    assert_eq!(lit.file, 1);
    assert_eq!(&project.files[1].text[lit.range.as_range()], "northeurope");
    // The value is reported where it is used.
    let at = loc.loc.unwrap();
    assert_eq!(&project.files[0].text[at.range.as_range()], "location");
}

#[test]
fn read_environment_variable_is_unknown() {
    let main = "param location string\nresource t 'Microsoft.AzureActiveDirectory/ciamDirectories@2023-05-17-preview' = {\n  name: 't'\n  location: location\n}\n";
    let params =
        "using './main.bicep'\nparam location = readEnvironmentVariable('LOCATION', 'Europe')\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], Some(params));
    let t = only(&lowered, Kind::CiamTenant);
    let loc = t.location.as_ref().unwrap();
    assert!(loc
        .unknown_reason()
        .unwrap()
        .contains("readEnvironmentVariable('LOCATION')"));
}

#[test]
fn deployment_context_is_unknown_and_loops_expand() {
    let main = "param location string = deployment().location\nparam regions array = ['westeurope', 'eastus']\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: location\n  properties: {\n    replicaSets: [for r in regions: {\n      location: r\n    }]\n  }\n}\nresource l 'Microsoft.AAD/domainServices@2022-12-01' = [for r in regions: {\n  name: 'l${r}'\n  location: r\n}]\nparam more array\nresource m 'Microsoft.AAD/domainServices@2022-12-01' = [for r in more: {\n  name: 'm'\n  location: r\n}]\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = &lowered.resources[0];
    assert_eq!(
        d.location.as_ref().unwrap().unknown_reason(),
        Some(
            "deployment().location is decided by the location given when the deployment is created"
        )
    );
    // A value loop over a known array is expanded.
    let locs: Vec<_> = d
        .replicas
        .iter()
        .map(|r| r.location.as_ref().unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(locs, ["westeurope", "eastus"]);
    // A resource loop over a known array is one resource per element.
    let looped: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.name.starts_with('l'))
        .map(|r| {
            let at = r.location.as_ref().unwrap();
            (
                r.name.as_str(),
                at.as_str().unwrap(),
                at.origin[0].note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        looped,
        [
            (
                "lwesteurope",
                "westeurope",
                "`r` in iteration 0 of the loop"
            ),
            ("leastus", "eastus", "`r` in iteration 1 of the loop"),
        ]
    );
    // Over an array not known, its variable varies per iteration.
    let m: Vec<_> = lowered.resources.iter().filter(|r| r.name == "m").collect();
    assert_eq!(m.len(), 1);
    assert_eq!(
        m[0].location.as_ref().unwrap().unknown_reason(),
        Some("`r` varies per iteration of the loop, over an array not known: parameter `more` has no default and no parameters file sets it")
    );
}

#[test]
fn subnet_ids_find_their_virtual_network() {
    let main = "param vnetName string = 'v1'\nresource v1 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: vnetName\n  location: 'eastus'\n}\nresource v2 'Microsoft.Network/virtualNetworks@2023-09-01' existing = {\n  name: 'v2'\n}\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: 'westeurope'\n  properties: {\n    replicaSets: [\n      {\n        location: 'westeurope'\n        subnetId: resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 's')\n      }\n      {\n        location: 'westeurope'\n        subnetId: '${v2.id}/subnets/s'\n      }\n    ]\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = only(&lowered, Kind::DomainServices);
    let n1 = d.replicas[0].network.as_ref().unwrap();
    assert_eq!(n1.name, "v1");
    assert_eq!(n1.location.as_str(), Some("eastus"));
    assert_eq!(
        n1.location.origin[0].note,
        "location of virtual network `v1`"
    );
    let n2 = d.replicas[1].network.as_ref().unwrap();
    assert_eq!(
        n2.location.unknown_reason(),
        Some("virtual network `v2` is an existing resource: its location is not in this template")
    );
    // Existing resources are not reported themselves.
    assert_eq!(lowered.resources.len(), 2);
}

#[test]
fn old_api_subnet_id() {
    let main = "resource v 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'v'\n  location: 'westus'\n  resource s 'subnets' = {\n    name: 's'\n  }\n}\nresource d 'Microsoft.AAD/DomainServices@2017-06-01' = {\n  name: 'd'\n  location: 'westus'\n  properties: {\n    subnetId: v::s.id\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = only(&lowered, Kind::DomainServices);
    assert_eq!(d.replicas.len(), 1);
    assert_eq!(d.replicas[0].label, "subnet");
    assert_eq!(d.replicas[0].network.as_ref().unwrap().name, "v");
    let sub = lowered
        .resources
        .iter()
        .find(|r| r.type_name == "Microsoft.Network/virtualNetworks/subnets")
        .unwrap();
    assert_eq!(sub.name, "v/s");
}

#[test]
fn log_exports_find_their_destinations() {
    let main = "resource ws 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {\n  name: 'ws'\n  location: 'eastus'\n}\nresource ns 'Microsoft.EventHub/namespaces@2024-01-01' = {\n  name: 'ns'\n  location: 'westeurope'\n  resource rule 'authorizationRules' = {\n    name: 'send'\n  }\n}\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n  location: 'northeurope'\n}\nresource diag 'microsoft.aadiam/diagnosticSettings@2017-04-01' = {\n  name: 'entra'\n  properties: {\n    workspaceId: ws.id\n    storageAccountId: resourceId('Microsoft.Storage/storageAccounts', 'sa')\n    eventHubAuthorizationRuleId: ns::rule.id\n    logs: [\n      { category: 'SignInLogs', enabled: true }\n    ]\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let diag = only(&lowered, Kind::LogExport);
    let got: Vec<(String, String, Option<String>)> = diag
        .destinations
        .iter()
        .map(|d| {
            let t = d.target.as_ref().unwrap();
            (
                d.label.clone(),
                t.name.clone(),
                t.location.as_str().map(String::from),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Log Analytics workspace".into(),
                "ws".into(),
                Some("eastus".into())
            ),
            (
                "storage account".into(),
                "sa".into(),
                Some("northeurope".into())
            ),
            (
                "event hub namespace".into(),
                "ns".into(),
                Some("westeurope".into())
            ),
        ]
    );
    assert!(diag.props.path(&["properties", "logs"]).is_some());
}

#[test]
fn modules_pass_parameters_with_provenance() {
    let main = "param loc string = 'eastus'\nmodule dc 'modules/dc.bicep' = {\n  name: 'dc'\n  params: {\n    location: loc\n  }\n}\nmodule reg 'br/public:avm/res/x:1.0.0' = {\n  name: 'reg'\n}\n";
    let dc = "param location string = 'westeurope'\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: location\n}\noutput loc string = d.location\n";
    let (project, lowered) = lower_texts(&[("main.bicep", main), ("modules/dc.bicep", dc)], None);
    assert_eq!(project.files.len(), 2);
    assert_eq!(project.files[1].path, PathBuf::from("modules/dc.bicep"));
    let d = only(&lowered, Kind::DomainServices);
    assert_eq!(d.decl.file, 1);
    let loc = d.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("eastus"));
    let notes: Vec<&str> = loc.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "parameter `location` of module `dc` (main.bicep)",
            "parameter `loc` default"
        ]
    );
    assert_eq!(loc.literal.unwrap().file, 0);
}

#[test]
fn graph_resources_keep_their_body() {
    let main = "extension microsoftGraphV1\nresource app 'Microsoft.Graph/applications@v1.0' = {\n  displayName: 'app'\n  uniqueName: 'app'\n  signInAudience: 'AzureADMultipleOrgs'\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let app = only(&lowered, Kind::Application);
    assert_eq!(
        app.props.get("signInAudience").and_then(|v| v.as_str()),
        Some("AzureADMultipleOrgs")
    );
    assert!(app.location.is_none());
}

#[test]
fn self_references_and_cycles_terminate() {
    let main = "var a = b\nvar b = a\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: d.name\n  location: a\n}\nmodule m 'main.bicep' = {\n  name: 'm'\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    assert!(lowered.resources[0].location.as_ref().unwrap().is_unknown());
    assert_eq!(lowered.resources.len(), 1, "a module cycle is not followed");

    // An object that contains itself.
    let main = "var a = {\n  x: a\n  y: [a, a]\n}\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: a.x.y\n  properties: a\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    assert_eq!(lowered.resources.len(), 1);
}

#[test]
fn deep_and_long_values_terminate() {
    let nested = "[".repeat(60) + "'x'" + &"]".repeat(60);
    let objects = "{a: ".repeat(60) + "'x'" + &"}".repeat(60);
    let chain = "'a'".to_string() + &" + 'a'".repeat(900);
    let ternary = "true ? ".repeat(60) + "'x'" + &" : 'y'".repeat(60);
    let interp = "'${".repeat(60) + "'x'" + &"}'".repeat(60);
    for value in [nested, objects, chain, ternary, interp] {
        let main = format!("var v = {value}\nvar w = [v, v, v, v]\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {{\n  name: 'd'\n  location: v\n  properties: {{\n    x: [w, w, w, w]\n  }}\n}}\n");
        let (_, lowered) = lower_texts(&[("main.bicep", &main)], None);
        assert_eq!(lowered.resources.len(), 1);
    }
}

#[test]
fn paths_normalise_lexically() {
    assert_eq!(
        normal(Path::new("./a/../b/./c.bicep")),
        PathBuf::from("b/c.bicep")
    );
    assert_eq!(
        normal(Path::new("../../x.bicep")),
        PathBuf::from("../../x.bicep")
    );
    assert_eq!(
        normal(Path::new("a/../../x.bicep")),
        PathBuf::from("../x.bicep")
    );
    assert_eq!(
        normal(Path::new("/r/a/../x.bicep")),
        PathBuf::from("/r/x.bicep")
    );
}

/// A value with its places and provenance left out: what ARM and Bicep must agree on.
fn plain(v: &Val) -> ValKind {
    match &v.kind {
        ValKind::List(items) => {
            ValKind::List(items.iter().map(|i| Val::new(plain(i), None)).collect())
        }
        ValKind::Map(members) => ValKind::Map(
            members
                .iter()
                .map(|(k, m)| (k.clone(), Val::new(plain(m), None)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// What the ARM expression `expr` evaluates to, as `properties.v` of a managed domain.
fn arm_value(expr: &str) -> Val {
    let text = serde_json::to_string(&format!("[{expr}]")).unwrap();
    let template = format!(
        r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [{{"type": "Microsoft.AAD/domainServices", "name": "d", "properties": {{"v": {text}}}}}]}}"#
    );
    let mut project =
        crate::model::testing::project(&[("azuredeploy.json", &template, FileKind::ArmTemplate)]);
    let lowered =
        crate::model::arm::lower(&mut project, 0, None, &|_| None, &crate::resolve::resources);
    let d = only(&lowered, Kind::DomainServices);
    d.props.path(&["properties", "v"]).unwrap().clone()
}

/// What the Bicep expression `expr` evaluates to, as `properties.v` of a managed domain.
fn bicep_value(expr: &str) -> Val {
    let main = format!(
        "resource d 'Microsoft.AAD/domainServices@2022-12-01' = {{\n  name: 'd'\n  properties: {{\n    v: {expr}\n  }}\n}}\n"
    );
    let (_, lowered) = lower_texts(&[("main.bicep", &main)], None);
    assert!(
        lowered.syntax_errors.is_empty(),
        "{expr}: {:?}",
        lowered.syntax_errors
    );
    let d = only(&lowered, Kind::DomainServices);
    d.props.path(&["properties", "v"]).unwrap().clone()
}

/// The same template expression written in ARM and in Bicep evaluates to the same value: one
/// function library serves both (Bicep's operators are ARM's functions). Before it was shared,
/// Bicep left `take`, `skip`, `int`, `bool`, `json` and `tryGet` unevaluated, `union` of
/// arrays, `split` at several delimiters, `string(null)` and `concat` of array literals too.
#[test]
fn arm_and_bicep_expressions_agree() {
    let cases: &[(&str, &str, ValKind)] = &[
        ("take('abcdef', 3)", "take('abcdef', 3)", ValKind::Str("abc".into())),
        (
            "take(createArray(1, 2, 3), 2)",
            "take([1, 2, 3], 2)",
            ValKind::List(vec![
                Val::new(ValKind::Num(1.0), None),
                Val::new(ValKind::Num(2.0), None),
            ]),
        ),
        ("skip('abcdef', 4)", "skip('abcdef', 4)", ValKind::Str("ef".into())),
        (
            "first(skip(createArray('westeurope', 'eastus'), 1))",
            "first(skip(['westeurope', 'eastus'], 1))",
            ValKind::Str("eastus".into()),
        ),
        ("int('42')", "int('42')", ValKind::Num(42.0)),
        ("bool('True')", "bool('True')", ValKind::Bool(true)),
        ("bool(0)", "bool(0)", ValKind::Bool(false)),
        (
            r#"json('{"a": [1, "westeurope"]}').a[1]"#,
            r#"json('{"a": [1, "westeurope"]}').a[1]"#,
            ValKind::Str("westeurope".into()),
        ),
        (
            "tryGet(createObject('a', 'x'), 'a')",
            "tryGet({ a: 'x' }, 'a')",
            ValKind::Str("x".into()),
        ),
        (
            "tryGet(createObject('a', 'x'), 'b')",
            "tryGet({ a: 'x' }, 'b')",
            ValKind::Null,
        ),
        (
            r#"tryGet(json('{"a": {"b": "x"}}'), 'a', 'b')"#,
            r#"json('{"a": {"b": "x"}}').?a.?b"#,
            ValKind::Str("x".into()),
        ),
        (
            r#"tryGet(json('{"a": "x"}'), 'b')"#,
            r#"json('{"a": "x"}').?b"#,
            ValKind::Null,
        ),
        (
            "union(createArray('a', 'b'), createArray('b', 'c'))",
            "union(['a', 'b'], ['b', 'c'])",
            ValKind::List(
                ["a", "b", "c"]
                    .map(|s| Val::new(ValKind::Str(s.into()), None))
                    .into(),
            ),
        ),
        (
            "concat(createArray('a'), createArray('b'))",
            "concat(['a'], ['b'])",
            ValKind::List(
                ["a", "b"]
                    .map(|s| Val::new(ValKind::Str(s.into()), None))
                    .into(),
            ),
        ),
        (
            "split('a-b_c', createArray('-', '_'))",
            "split('a-b_c', ['-', '_'])",
            ValKind::List(
                ["a", "b", "c"]
                    .map(|s| Val::new(ValKind::Str(s.into()), None))
                    .into(),
            ),
        ),
        ("string(null())", "string(null)", ValKind::Str(String::new())),
        ("string(true())", "string(true)", ValKind::Str("True".into())),
        ("replace('abc', '', 'x')", "replace('abc', '', 'x')", ValKind::Str("abc".into())),
        ("if(equals(1, 1), 'y', 'n')", "1 == 1 ? 'y' : 'n'", ValKind::Str("y".into())),
        ("not(equals('a', 'b'))", "'a' != 'b'", ValKind::Bool(true)),
        ("and(true(), or(false(), true()))", "true && (false || true)", ValKind::Bool(true)),
        ("add(2, mul(3, 4))", "2 + 3 * 4", ValKind::Num(14.0)),
        ("div(7, 2)", "7 / 2", ValKind::Num(3.0)),
        ("mod(7, 2)", "7 % 2", ValKind::Num(1.0)),
        ("less(1, 2)", "1 < 2", ValKind::Bool(true)),
        ("greaterOrEquals(1, 2)", "1 >= 2", ValKind::Bool(false)),
        ("coalesce(null(), 'x')", "null ?? 'x'", ValKind::Str("x".into())),
        ("format('{0}-{1}', 'a', 1)", "'${'a'}-${1}'", ValKind::Str("a-1".into())),
        ("toUpper('ab')", "toUpper('ab')", ValKind::Str("AB".into())),
        ("length(createArray(1, 2))", "length([1, 2])", ValKind::Num(2.0)),
        ("join(createArray('a', 'b'), ',')", "join(['a', 'b'], ',')", ValKind::Str("a,b".into())),
        ("startsWith('WestEurope', 'west')", "startsWith('WestEurope', 'west')", ValKind::Bool(true)),
        (
            "resourceId('s', 'g', 'Microsoft.Network/virtualNetworks', 'v')",
            "resourceId('s', 'g', 'Microsoft.Network/virtualNetworks', 'v')",
            ValKind::Str(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"
                    .into(),
            ),
        ),
        (
            "take(resourceGroup().location, 2)",
            "take(resourceGroup().location, 2)",
            ValKind::Unknown(
                "resourceGroup().location is decided by the resource group the template is deployed to"
                    .into(),
            ),
        ),
        (
            "toLower(resourceId('Microsoft.Network/virtualNetworks', 'v'))",
            "toLower(resourceId('Microsoft.Network/virtualNetworks', 'v'))",
            ValKind::Unknown(crate::model::arm::value::SUBSCRIPTION_HOLE.into()),
        ),
    ];
    for (arm, bicep, expected) in cases {
        let (a, b) = (plain(&arm_value(arm)), plain(&bicep_value(bicep)));
        assert_eq!(&a, expected, "ARM {arm}");
        assert_eq!(&b, expected, "Bicep {bicep}");
    }
}

/// Bicep's operators keep what the ARM functions keep: an unknown operand's provenance, the
/// reason of an unknown condition.
#[test]
fn operators_keep_provenance_and_reasons() {
    let main = "param p string\nparam regions array = ['westeurope', 'eastus']\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: first(skip(regions, 1))\n  properties: {\n    a: !empty(p)\n    b: p == 'x' ? 'westeurope' : 'eastus'\n    c: int(length(p))\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = only(&lowered, Kind::DomainServices);
    let location = d.location.as_ref().unwrap();
    assert_eq!(location.as_str(), Some("eastus"));
    assert_eq!(location.origin[0].note, "parameter `regions` default");
    let no_value = "parameter `p` has no default and no parameters file sets it";
    let a = d.props.path(&["properties", "a"]).unwrap();
    assert_eq!(a.unknown_reason(), Some(no_value));
    assert_eq!(a.origin[0].note, "parameter `p`");
    let b = d.props.path(&["properties", "b"]).unwrap();
    assert_eq!(
        b.unknown_reason(),
        Some(format!("the condition is not known: {no_value}").as_str())
    );
    let c = d.props.path(&["properties", "c"]).unwrap();
    assert_eq!(c.unknown_reason(), Some(no_value));
}

/// A chain of variables that each double the last (40 of them would be 16 TiB) stops at the
/// work budget, as ARM's does, instead of filling memory: interpolation, `concat()` and array
/// spread. Before the budget was shared, the first two ran out of memory.
#[test]
fn doubling_chains_stop_at_the_work_budget() {
    let chains = [
        ("'xxxxxxxxxxxxxxxx'", "'${@}${@}'"),
        ("'xxxxxxxxxxxxxxxx'", "concat(@, @)"),
        ("['xxxxxxxxxxxxxxxx']", "[...@, ...@]"),
    ];
    for (first, double) in chains {
        let mut main = format!("var a0 = {first}\n");
        for i in 1..=40 {
            let prev = format!("a{}", i - 1);
            main.push_str(&format!("var a{i} = {}\n", double.replace('@', &prev)));
        }
        main.push_str(
            "resource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: 'westeurope'\n  properties: {\n    v: a40\n  }\n}\n",
        );
        let (_, lowered) = lower_texts(&[("main.bicep", &main)], None);
        let d = only(&lowered, Kind::DomainServices);
        let v = d.props.path(&["properties", "v"]).unwrap();
        assert_eq!(
            v.unknown_reason(),
            Some(crate::model::arm::value::TOO_LARGE),
            "{double}"
        );
    }
}

/// Lambda functions over known arrays are applied element by element (with the index when
/// the lambda takes two parameters).
#[test]
fn lambda_functions_are_evaluated() {
    let s = |v: &str| Val::new(ValKind::Str(v.into()), None);
    let n = |v: f64| Val::new(ValKind::Num(v), None);
    let list = |items: Vec<Val>| ValKind::List(items.iter().map(plain_val).collect());
    let cases: &[(&str, ValKind)] = &[
        (
            "filter(['a', 'bb', 'cc'], x => length(x) == 2)",
            list(vec![s("bb"), s("cc")]),
        ),
        ("map([1, 2], (x, i) => x + i)", list(vec![n(1.0), n(3.0)])),
        (
            "reduce([1, 2, 3], 10, (acc, x) => acc + x)",
            ValKind::Num(16.0),
        ),
        (
            "sort([3, 1, 2, 1], (x, y) => x < y)",
            list(vec![n(1.0), n(1.0), n(2.0), n(3.0)]),
        ),
        (
            "toObject([{ k: 'a', v: 1 }], e => e.k, e => e.v)",
            ValKind::Map(vec![("a".into(), plain_val(&n(1.0)))]),
        ),
        (
            "mapValues({ a: 1 }, x => x * 2)",
            ValKind::Map(vec![("a".into(), plain_val(&n(2.0)))]),
        ),
        (
            "groupBy(['ab', 'ac', 'b'], x => substring(x, 0, 1)) == null",
            ValKind::Unknown("substring() is not evaluated".into()),
        ),
        (
            "groupBy(['ab', 'ac', 'b'], x => first(x))",
            ValKind::Map(vec![
                (
                    "a".into(),
                    plain_val(&Val::new(list(vec![s("ab"), s("ac")]), None)),
                ),
                ("b".into(), plain_val(&Val::new(list(vec![s("b")]), None))),
            ]),
        ),
        (
            "filter([1, 2], x => x == p)",
            ValKind::Unknown("parameter `p` has no default and no parameters file sets it".into()),
        ),
    ];
    for (expr, expected) in cases {
        let main = format!(
            "param p string\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {{\n  name: 'd'\n  properties: {{\n    v: {expr}\n  }}\n}}\n"
        );
        let (_, lowered) = lower_texts(&[("main.bicep", &main)], None);
        let d = only(&lowered, Kind::DomainServices);
        let v = d.props.path(&["properties", "v"]).unwrap();
        assert_eq!(&plain(v), expected, "{expr}");
    }
}

fn plain_val(v: &Val) -> Val {
    Val::new(plain(v), None)
}

/// `filter()` over an array known only after deployment (an existing service principal's
/// `appRoles`) yields the elements its predicate selects by a property's value, each
/// remembering the resource, the array, the property and the value; a predicate that selects
/// by nothing known keeps the array's reason, or the comparand's.
#[test]
fn filter_of_an_unknown_array_names_what_it_selects() {
    let main = "extension microsoftGraphV1\nparam names array = ['A.Read', 'B.Read']\nparam missing string\nresource sp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {\n  appId: '00000003-0000-0000-c000-000000000000'\n}\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  properties: {\n    one: filter(sp.appRoles, r => r.value == 'X.Read')[0].id\n    many: map(filter(sp.appRoles, r => contains(names, r.value) && r.isEnabled), r => r.id)\n    either: filter(sp.oauth2PermissionScopes, (s, i) => 'C.Read' =~ s.value || s.value == 'D.Read')\n    missing: filter(sp.appRoles, r => r.value == missing)\n    other: filter(sp.appRoles, r => startsWith(r.value, 'X'))\n    value: filter(sp.appRoles, r => r.value == 'X.Read')[0].value\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = only(&lowered, Kind::DomainServices);
    let get = |k: &str| d.props.path(&["properties", k]).unwrap().clone();
    let path = |v: &Val| v.refers.as_ref().map(|r| r.path.join("/"));
    let one = get("one");
    assert!(one.is_unknown());
    assert_eq!(path(&one).as_deref(), Some("appRoles/value/X.Read"));
    assert_eq!(one.refers.as_ref().unwrap().resources.len(), 1);
    assert_eq!(
        one.unknown_reason(),
        Some("`id` of the element of `sp.appRoles` whose `value` is `X.Read` is known only after deployment")
    );
    // The property tested is known.
    assert_eq!(get("value").as_str(), Some("X.Read"));
    let many: Vec<_> = get("many").items().iter().map(path).collect();
    assert_eq!(
        many,
        [
            Some("appRoles/value/A.Read".to_string()),
            Some("appRoles/value/B.Read".to_string())
        ]
    );
    assert_eq!(
        get("many").items()[0].origin[0].note,
        "parameter `names` default"
    );
    let either: Vec<_> = get("either").items().iter().map(path).collect();
    assert_eq!(
        either,
        [
            Some("oauth2PermissionScopes/value/C.Read".to_string()),
            Some("oauth2PermissionScopes/value/D.Read".to_string())
        ]
    );
    assert_eq!(
        get("missing").unknown_reason(),
        Some("parameter `missing` has no default and no parameters file sets it")
    );
    assert_eq!(
        get("other").unknown_reason(),
        Some("`appRoles` of `sp` is known only after deployment")
    );
}

/// `r[i]` of a resource loop over a known array is that iteration's resource.
#[test]
fn loop_instances_are_indexed() {
    let main = "var regions = ['westeurope', 'eastus']\nresource v 'Microsoft.Network/virtualNetworks@2023-09-01' = [for (r, i) in regions: {\n  name: 'v${i}'\n  location: r\n}]\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'd'\n  location: v[1].location\n  properties: {\n    n: v[1].name\n    out: v[2].name\n  }\n}\n";
    let (_, lowered) = lower_texts(&[("main.bicep", main)], None);
    let d = only(&lowered, Kind::DomainServices);
    assert_eq!(d.location.as_ref().unwrap().as_str(), Some("eastus"));
    let n = d.props.path(&["properties", "n"]).unwrap();
    assert_eq!(n.as_str(), Some("v1"));
    let out = d.props.path(&["properties", "out"]).unwrap();
    assert_eq!(out.unknown_reason(), Some("index 2 is out of range"));
}
