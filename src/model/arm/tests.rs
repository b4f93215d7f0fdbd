//! Lowering tests on small templates: expressions, parameters precedence, child resources,
//! languageVersion 2.0, nested deployments, Domain Services replica sets.

use crate::model::{FileKind, Kind, Lowered, Project, Resource, Val, ValKind};

fn project(template: &str, params: Option<&str>) -> Project {
    let mut files = vec![("dir/azuredeploy.json", template, FileKind::ArmTemplate)];
    if let Some(p) = params {
        files.push((
            "dir/azuredeploy.parameters.json",
            p,
            FileKind::ArmParameters,
        ));
    }
    crate::model::testing::project(&files)
}

fn lower_with(template: &str, params: Option<&str>) -> (Project, Lowered) {
    let mut p = project(template, params);
    let l = super::lower(
        &mut p,
        0,
        params.map(|_| 1),
        &|_| None,
        &crate::resolve::resources,
    );
    (p, l)
}

fn lower(template: &str) -> Lowered {
    lower_with(template, None).1
}

fn res<'l>(l: &'l Lowered, name: &str) -> &'l Resource {
    l.resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no resource `{name}` in {:#?}", l.resources))
}

fn text(p: &Project, loc: crate::model::Loc) -> &str {
    &p.files[loc.file].text[loc.range.as_range()]
}

/// A template with the given parameters, variables and resources (JSON fragments).
fn template(parameters: &str, variables: &str, resources: &str) -> String {
    format!(
        r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {{ {parameters} }},
  "variables": {{ {variables} }},
  "resources": [ {resources} ]
}}"#
    )
}

/// The location of a storage account whose `location` is `expr` (a JSON value).
fn location_of(parameters: &str, variables: &str, expr: &str) -> Val {
    let t = template(
        parameters,
        variables,
        &format!(
            r#"{{"type": "Microsoft.Storage/storageAccounts", "name": "sa", "location": {expr}}}"#
        ),
    );
    let l = lower(&t);
    assert!(l.syntax_errors.is_empty(), "{:?}", l.syntax_errors);
    res(&l, "sa").location.clone().expect("a location")
}

fn known(v: &Val) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("not a known string: {v:#?}"))
}

#[test]
fn literal_location_in_place() {
    let t = template(
        "",
        "",
        r#"{"type": "Microsoft.Storage/storageAccounts", "name": "sa", "location": "westeurope"}"#,
    );
    let (p, l) = lower_with(&t, None);
    let loc = res(&l, "sa").location.clone().unwrap();
    assert_eq!(known(&loc), "westeurope");
    assert_eq!(text(&p, loc.loc.unwrap()), "\"westeurope\"");
    assert_eq!(text(&p, loc.literal.unwrap()), "westeurope");
    assert!(loc.origin.is_empty());
}

#[test]
fn escaped_bracket_is_a_literal() {
    let v = location_of("", "", r#""[[notAnExpression()]""#);
    assert_eq!(known(&v), "[notAnExpression()]");
    assert_eq!(v.literal, None);
}

#[test]
fn string_functions() {
    for (expr, expected) in [
        (r#""[concat('west', 'europe')]""#, "westeurope"),
        (r#""[format('{0}{1}', 'north', 'europe')]""#, "northeurope"),
        (r#""[format('{{x}}-{0}', 'a')]""#, "{x}-a"),
        (r#""[toLower('West Europe')]""#, "west europe"),
        (r#""[toUpper('uksouth')]""#, "UKSOUTH"),
        (
            r#""[if(equals(1, 1), 'francecentral', 'eastus')]""#,
            "francecentral",
        ),
        (
            r#""[if(not(true()), 'eastus', 'swedencentral')]""#,
            "swedencentral",
        ),
        (r#""[replace('west-europe', '-', '')]""#, "westeurope"),
        (r#""[split('a/b/westeurope', '/')[2]]""#, "westeurope"),
        (r#""[createObject('k', 'norwayeast').k]""#, "norwayeast"),
        (
            r#""[createArray('x', 'germanywestcentral')[1]]""#,
            "germanywestcentral",
        ),
        (r#""[coalesce(null(), 'italynorth')]""#, "italynorth"),
        (r#""[string(concat('a', 'b'))]""#, "ab"),
        (
            r#""[json('{\"l\": \"polandcentral\"}').l]""#,
            "polandcentral",
        ),
        (
            r#""[tryGet(createObject('a', 'spaincentral'), 'a')]""#,
            "spaincentral",
        ),
        (
            r#""[last(createArray('a', 'switzerlandnorth'))]""#,
            "switzerlandnorth",
        ),
        (r#""[concat('it''s', ' ok')]""#, "it's ok"),
        (r#""[ concat( 'a' ,'b' ) ]""#, "ab"),
        ("\"[concat('w', \n 'e')]\"", "we"),
        (r#""[format('{0}-{1}', 'vm', 3)]""#, "vm-3"),
        (
            r#""[if(and(true(), or(false(), empty(''))), 'yes', 'no')]""#,
            "yes",
        ),
        (
            r#""[toLower(union(createObject('a', 'X'), createObject('b', 'Y')).b)]""#,
            "y",
        ),
        (r#""[string(add(length('abc'), 2))]""#, "5"),
    ] {
        let v = location_of("", "", expr);
        assert_eq!(v.as_str(), Some(expected), "{expr}: {v:#?}");
        assert_eq!(v.literal, None, "{expr}: computed values have no literal");
    }
}

#[test]
fn unknowns_name_their_cause() {
    for (expr, reason) in [
        (
            r#""[resourceGroup().location]""#,
            "resourceGroup().location is decided by the resource group the template is deployed to",
        ),
        (
            r#""[deployment().location]""#,
            "deployment().location is decided by the location given when the deployment is created",
        ),
        (r#""[copyIndex()]""#, "copyIndex() varies per copy"),
        (r#""[utcNow()]""#, "utcNow() is computed at deployment"),
        (r#""[listKeys('x', '2020-01-01').keys[0].value]""#, "listKeys() reads the resource at deployment"),
        (r#""[pickZones('a', 'b', 'c')]""#, "pickZones() is not evaluated"),
        (r#""[ns.fn('x')]""#, "user-defined function `ns.fn` is not evaluated"),
        (r#""[concat('a', 'b']""#, "invalid template expression: expected ')' to close concat("),
        (r#""[parameters('nope')]""#, "parameter `nope` is not declared"),
        (r#""[variables('nope')]""#, "variable `nope` is not declared"),
        (
            r#""[toLower(resourceGroup().location)]""#,
            "resourceGroup().location is decided by the resource group the template is deployed to",
        ),
        (
            r#""[concat(resourceGroup().location, '2')]""#,
            "resourceGroup().location is decided by the resource group the template is deployed to",
        ),
        (
            r#""[if(equals(resourceGroup().name, 'x'), 'a', 'b')]""#,
            "the condition of if() is not known: resourceGroup().name is decided by the resource group the template is deployed to",
        ),
        (
            r#""[reference('nowhere').location]""#,
            "reference(): resource `nowhere` is not declared in this template",
        ),
        (r#""[createArray('a')[5]]""#, "index 5 is out of range"),
    ] {
        let v = location_of("", "", expr);
        assert_eq!(v.unknown_reason(), Some(reason), "{expr}: {v:#?}");
    }
}

#[test]
fn parameters_default_and_value_in_template() {
    let params = r#""location": {"type": "string", "defaultValue": "northeurope"},
        "docsStyle": {"type": "string", "value": "westus"}"#;
    let t = template(
        params,
        "",
        r#"{"type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "[parameters('location')]"},
           {"type": "Microsoft.Storage/storageAccounts", "name": "b", "location": "[parameters('docsStyle')]"}"#,
    );
    let (p, l) = lower_with(&t, None);
    let a = res(&l, "a").location.clone().unwrap();
    assert_eq!(known(&a), "northeurope");
    assert_eq!(text(&p, a.loc.unwrap()), "\"[parameters('location')]\"");
    assert_eq!(text(&p, a.literal.unwrap()), "northeurope");
    assert_eq!(a.origin.len(), 1);
    assert_eq!(a.origin[0].note, "parameter `location` default");
    assert_eq!(text(&p, a.origin[0].loc), "\"northeurope\"");
    let b = res(&l, "b").location.clone().unwrap();
    assert_eq!(known(&b), "westus");
    assert_eq!(b.origin[0].note, "parameter `docsStyle` default");
}

#[test]
fn parameters_file_wins_over_default() {
    let t = template(
        r#""location": {"type": "string", "defaultValue": "northeurope"},
           "Other": {"type": "string"},
           "secret": {"type": "string", "defaultValue": "x"},
           "unset": {"type": "string"}"#,
        "",
        r#"{"type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "[parameters('LOCATION')]"},
           {"type": "Microsoft.Storage/storageAccounts", "name": "b", "location": "[parameters('other')]"},
           {"type": "Microsoft.Storage/storageAccounts", "name": "c", "location": "[parameters('secret')]"},
           {"type": "Microsoft.Storage/storageAccounts", "name": "d", "location": "[parameters('unset')]"}"#,
    );
    let params = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "location": { "value": "eastus" },
    "other": { "value": "[concat('west', 'us2')]" },
    "secret": { "reference": { "keyVault": { "id": "/x" }, "secretName": "s" } }
  }
}"#;
    let (p, l) = lower_with(&t, Some(params));
    assert!(l.syntax_errors.is_empty());
    let a = res(&l, "a").location.clone().unwrap();
    assert_eq!(known(&a), "eastus");
    assert_eq!(a.literal.unwrap().file, 1);
    assert_eq!(text(&p, a.literal.unwrap()), "eastus");
    assert_eq!(a.loc.unwrap().file, 0);
    assert_eq!(
        a.origin[0].note,
        "parameter `location` in azuredeploy.parameters.json"
    );
    assert_eq!(a.origin[0].loc.file, 1);
    assert_eq!(text(&p, a.origin[0].loc), "\"eastus\"");
    let b = res(&l, "b").location.clone().unwrap();
    assert_eq!(known(&b), "westus2");
    assert_eq!(b.literal, None);
    let c = res(&l, "c").location.clone().unwrap();
    assert_eq!(
        c.unknown_reason(),
        Some("parameter `secret` is a Key Vault reference in azuredeploy.parameters.json")
    );
    let d = res(&l, "d").location.clone().unwrap();
    assert_eq!(
        d.unknown_reason(),
        Some("parameter `unset` has no default and no parameters file sets it")
    );
    assert_eq!(d.origin[0].note, "parameter `unset`");
    assert_eq!(text(&p, d.origin[0].loc), "\"unset\"");
}

#[test]
fn variables_objects_and_chains() {
    let v = location_of(
        r#""location": {"type": "string", "defaultValue": "eastus"}"#,
        r#""pairs": {"eastus": "eastus2", "westeurope": "northeurope"},
           "regions": ["francecentral", "[parameters('location')]"],
           "vnetLocation": "[variables('pairs')[parameters('location')]]""#,
        r#""[variables('vnetLocation')]""#,
    );
    assert_eq!(known(&v), "eastus2");
    let notes: Vec<_> = v.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(notes, vec!["variable `vnetLocation`", "variable `pairs`"]);
    assert!(v.literal.is_some());

    let v = location_of(
        r#""location": {"type": "string", "defaultValue": "eastus"}"#,
        r#""regions": ["francecentral", "[parameters('location')]"]"#,
        r#""[variables('regions')[1]]""#,
    );
    assert_eq!(known(&v), "eastus");
    let notes: Vec<_> = v.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        vec!["variable `regions`", "parameter `location` default"]
    );

    // Variables referring to themselves do not hang.
    let v = location_of(
        "",
        r#""a": "[variables('b')]", "b": "[variables('a')]""#,
        r#""[variables('a')]""#,
    );
    assert!(v.is_unknown(), "{v:#?}");
}

#[test]
fn variable_and_property_copy_loops() {
    let t = template(
        r#""regions": {"type": "array", "defaultValue": ["westeurope", "eastus"]}"#,
        r#""copy": [{"name": "names", "count": 2, "input": "[concat('n', string(copyIndex('names')))]"}]"#,
        r#"{"type": "Microsoft.AAD/domainServices", "name": "[variables('names')[1]]", "location": "westeurope",
            "properties": {"copy": [{"name": "replicaSets", "count": "[length(parameters('regions'))]",
              "input": {"location": "[parameters('regions')[copyIndex('replicaSets')]]", "subnetId": "x"}}]}}"#,
    );
    let l = lower(&t);
    let ds = res(&l, "n1");
    let locs: Vec<_> = ds
        .replicas
        .iter()
        .map(|r| r.location.as_ref().and_then(Val::as_str))
        .collect();
    assert_eq!(locs, vec![Some("westeurope"), Some("eastus")]);
    let sets = ds.props.path(&["properties", "replicaSets"]).unwrap();
    assert_eq!(sets.items().len(), 2);
}

#[test]
fn child_resources_get_full_types_and_names() {
    let t = template(
        "",
        "",
        r#"{"type": "Microsoft.Network/virtualNetworks", "name": "vnet", "location": "uksouth",
            "resources": [
              {"type": "subnets", "name": "sn", "properties": {}},
              {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "vnet/sn2"}
            ]},
           {"type": "Microsoft.AAD/DomainServices", "name": "ds", "location": "uksouth",
            "properties": {"subnetId": "[reference(resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'sn')).id]"}}"#,
    );
    let (p, l) = lower_with(&t, None);
    let sn = res(&l, "vnet/sn");
    assert_eq!(sn.type_name, "subnets");
    assert_eq!(
        sn.arm_type.as_deref(),
        Some("microsoft.network/virtualnetworks/subnets")
    );
    assert_eq!(sn.kind, Kind::Other);
    assert_eq!(text(&p, sn.decl), "\"subnets\"");
    let sn2 = res(&l, "vnet/sn2");
    assert_eq!(
        sn2.arm_type.as_deref(),
        Some("microsoft.network/virtualnetworks/subnets")
    );
    // Type names are compared case-insensitively.
    let ds = res(&l, "ds");
    assert_eq!(ds.kind, Kind::DomainServices);
    assert_eq!(ds.replicas.len(), 1);
    assert_eq!(ds.replicas[0].label, "subnet");
    assert!(ds.replicas[0].location.is_none());
    let net = ds.replicas[0].network.as_ref().unwrap();
    assert_eq!(net.name, "vnet");
    assert_eq!(known(&net.location), "uksouth");
}

#[test]
fn docs_template_concat_subnet_id_finds_the_vnet() {
    // The shape of Microsoft's Domain Services template (entra-docs
    // template-create-instance.md): 2017-06-01, a single subnetId built with concat() from
    // the subscription and resource group, parameter values in the template.
    let t = template(
        r#""location": {"value": "westus"}, "vnetName": {"value": "aadds-vnet"},
           "subnetName": {"value": "aadds-subnet"}"#,
        "",
        r#"{"apiVersion": "2017-06-01", "type": "Microsoft.AAD/DomainServices", "name": "contoso.com",
            "location": "[parameters('location')]",
            "properties": {"domainName": "contoso.com",
              "subnetId": "[concat('/subscriptions/', subscription().subscriptionId, '/resourceGroups/', resourceGroup().name, '/providers/Microsoft.Network/virtualNetworks/', parameters('vnetName'), '/subnets/', parameters('subnetName'))]"}},
           {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2018-04-01", "name": "[parameters('vnetName')]",
            "location": "[parameters('location')]"}"#,
    );
    let (p, l) = lower_with(&t, None);
    let ds = res(&l, "contoso.com");
    assert_eq!(known(ds.location.as_ref().unwrap()), "westus");
    assert_eq!(ds.replicas.len(), 1);
    let r = &ds.replicas[0];
    assert_eq!(r.label, "subnet");
    assert_eq!(
        r.subnet.as_ref().unwrap().unknown_reason(),
        Some("subscription().subscriptionId is decided by the subscription the template is deployed to")
    );
    let net = r.network.as_ref().unwrap();
    assert_eq!(net.name, "aadds-vnet");
    assert_eq!(known(&net.location), "westus");
    let notes: Vec<_> = net
        .location
        .origin
        .iter()
        .map(|o| o.note.as_str())
        .collect();
    assert_eq!(
        notes,
        vec![
            "location of virtual network `aadds-vnet`",
            "parameter `location` default"
        ]
    );
    assert_eq!(text(&p, net.location.literal.unwrap()), "westus");
}

#[test]
fn language_version_2_symbolic_names_and_existing() {
    let t = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "contentVersion": "1.0.0.0",
  "parameters": {"loc": {"type": "string", "defaultValue": "norwayeast"}},
  "resources": {
    "vnet": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-01-01",
             "name": "[format('{0}-vnet', 'hub')]", "location": "[parameters('loc')]",
             "properties": {"subnets": [{"name": "aadds", "properties": {}}]}},
    "old": {"existing": true, "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-01-01", "name": "legacy"},
    "ds": {"type": "Microsoft.AAD/domainServices", "apiVersion": "2022-12-01", "name": "corp.example",
           "location": "[reference('vnet', '2023-01-01', 'full').location]",
           "properties": {"replicaSets": [
             {"location": "[reference('vnet', '2023-01-01', 'full').location]", "subnetId": "[reference('vnet').subnets[0].id]"},
             {"location": "[reference('old', '2023-01-01', 'full').location]", "subnetId": "[format('{0}/subnets/x', resourceId('Microsoft.Network/virtualNetworks', 'legacy'))]"}
           ]}}
  }
}"#;
    let (p, l) = lower_with(t, None);
    assert!(l.syntax_errors.is_empty());
    // `existing` resources are references, not declarations.
    assert_eq!(l.resources.len(), 2);
    let ds = res(&l, "corp.example");
    let loc = ds.location.as_ref().unwrap();
    assert_eq!(known(loc), "norwayeast");
    let notes: Vec<_> = loc.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        vec![
            "location of `hub-vnet` (reference())",
            "parameter `loc` default"
        ]
    );
    assert_eq!(text(&p, loc.literal.unwrap()), "norwayeast");
    let r1 = &ds.replicas[0];
    assert_eq!(known(r1.location.as_ref().unwrap()), "norwayeast");
    assert_eq!(r1.network.as_ref().unwrap().name, "hub-vnet");
    let r2 = &ds.replicas[1];
    assert_eq!(
        r2.location.as_ref().unwrap().unknown_reason(),
        Some("`legacy` is an existing resource: its location is not in this template")
    );
    let n2 = r2.network.as_ref().unwrap();
    assert_eq!(n2.name, "legacy");
    assert!(n2.location.is_unknown());
    let vnet = res(&l, "hub-vnet");
    assert_eq!(vnet.kind, Kind::VirtualNetwork);
    assert_eq!(known(vnet.location.as_ref().unwrap()), "norwayeast");
}

#[test]
fn tenants_location_and_country_code() {
    let t = template(
        r#""country": {"type": "string", "defaultValue": "DE"}"#,
        "",
        r#"{"type": "Microsoft.AzureActiveDirectory/b2cDirectories", "apiVersion": "2021-04-01", "name": "contoso.onmicrosoft.com",
            "location": "Europe", "sku": {"name": "Standard", "tier": "A0"},
            "properties": {"createTenantProperties": {"displayName": "Contoso", "countryCode": "[parameters('country')]"}}},
           {"type": "microsoft.azureactivedirectory/CIAMDirectories", "name": "ciam", "location": "United States",
            "properties": {"createTenantProperties": {"countryCode": "US"}}}"#,
    );
    let (p, l) = lower_with(&t, None);
    let b2c = res(&l, "contoso.onmicrosoft.com");
    assert_eq!(b2c.kind, Kind::B2cTenant);
    assert_eq!(known(b2c.location.as_ref().unwrap()), "Europe");
    let cc = b2c.country_code.as_ref().unwrap();
    assert_eq!(known(cc), "DE");
    assert_eq!(text(&p, cc.loc.unwrap()), "\"[parameters('country')]\"");
    assert_eq!(cc.origin[0].note, "parameter `country` default");
    assert_eq!(
        b2c.props.path(&["sku", "name"]).and_then(Val::as_str),
        Some("Standard")
    );
    let ciam = res(&l, "ciam");
    assert_eq!(ciam.kind, Kind::CiamTenant);
    assert_eq!(known(ciam.country_code.as_ref().unwrap()), "US");
}

#[test]
fn nested_deployments_inner_and_outer_scope() {
    let t = template(
        r#""location": {"type": "string", "defaultValue": "swedencentral"}"#,
        r#""outerVar": "westeurope""#,
        r#"{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
            "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
              "parameters": {"location": {"value": "[parameters('location')]"}},
              "template": {"$schema": "x", "contentVersion": "1.0.0.0",
                "parameters": {"location": {"type": "string"}, "name": {"type": "string", "defaultValue": "aadds.example"},
                               "outerVar": {"type": "string"}},
                "variables": {"own": "[parameters('location')]"},
                "resources": [{"type": "Microsoft.AAD/domainServices", "name": "[parameters('name')]", "location": "[variables('own')]"},
                              {"type": "Microsoft.Storage/storageAccounts", "name": "st", "location": "[parameters('outerVar')]"}],
                "outputs": {"where": {"type": "string", "value": "[variables('own')]"}}}}},
           {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "outer",
            "properties": {"mode": "Incremental",
              "template": {"$schema": "x", "contentVersion": "1.0.0.0",
                "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "outerSa", "location": "[variables('outerVar')]"}]}}},
           {"type": "Microsoft.Storage/storageAccounts", "name": "fromOutput",
            "location": "[reference(resourceId('Microsoft.Resources/deployments', 'inner')).outputs.where.value]"}"#,
    );
    let (p, l) = lower_with(&t, None);
    let ds = res(&l, "aadds.example");
    let loc = ds.location.as_ref().unwrap();
    assert_eq!(known(loc), "swedencentral");
    let notes: Vec<_> = loc.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        vec![
            "variable `own`",
            "parameter `location` passed by deployment `inner`",
            "parameter `location` default"
        ]
    );
    assert_eq!(text(&p, loc.literal.unwrap()), "swedencentral");
    // Inner scope: the outer variables are not visible; the inner parameter is not passed.
    assert_eq!(
        res(&l, "st").location.as_ref().unwrap().unknown_reason(),
        Some("parameter `outerVar` has no default and deployment `inner` does not pass it")
    );
    // Outer scope (the default): the outer template's variables are.
    assert_eq!(
        known(res(&l, "outerSa").location.as_ref().unwrap()),
        "westeurope"
    );
    // Outputs of a nested deployment, through reference().
    assert_eq!(
        known(res(&l, "fromOutput").location.as_ref().unwrap()),
        "swedencentral"
    );
    // Document order: each deployment, then what it deploys.
    let names: Vec<_> = l.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "inner",
            "aadds.example",
            "st",
            "outer",
            "outerSa",
            "fromOutput"
        ]
    );
}

#[test]
fn replica_sets_from_a_parameters_file() {
    let t = template(
        r#""replicaSets": {"type": "array"}"#,
        "",
        r#"{"type": "Microsoft.AAD/domainServices", "name": "ds", "location": "westeurope",
            "properties": {"replicaSets": "[parameters('replicaSets')]"}}"#,
    );
    let params = r#"{"parameters": {"replicaSets": {"value": [
        {"location": "eastus", "subnetId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/elsewhere/subnets/a"}
    ]}}}"#;
    let (p, l) = lower_with(&t, Some(params));
    let ds = res(&l, "ds");
    assert_eq!(ds.replicas.len(), 1);
    let loc = ds.replicas[0].location.as_ref().unwrap();
    assert_eq!(known(loc), "eastus");
    // Reported at the expression in the template; the literal and origin point into the
    // parameters file.
    assert_eq!(
        text(&p, loc.loc.unwrap()),
        "\"[parameters('replicaSets')]\""
    );
    assert_eq!(text(&p, loc.literal.unwrap()), "eastus");
    assert_eq!(
        loc.origin[0].note,
        "parameter `replicaSets` in azuredeploy.parameters.json"
    );
    assert_eq!(text(&p, loc.origin[0].loc), "\"eastus\"");
    // The subnet's VNet is not declared here.
    assert!(ds.replicas[0].network.is_none());
    assert_eq!(
        ds.replicas[0].subnet.as_ref().and_then(Val::as_str),
        Some("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/elsewhere/subnets/a")
    );
}

#[test]
fn syntax_errors_of_both_files_are_reported_and_the_rest_lowered() {
    let t = r#"{"resources": [
        {"type": "Microsoft.AAD/domainServices", "name": "ds", "location": "[parameters('l')]" // no comma
         "properties": {}},
        {"type": "Microsoft.Storage/storageAccounts", "name": "half", "location": "westeu"#;
    let params = r#"{"parameters": {"l": {"value": "northeurope"}},,}"#;
    let t = t.replace(
        "\"resources\"",
        "\"parameters\": {\"l\": {\"type\": \"string\"}}, \"resources\"",
    );
    let (_, l) = lower_with(&t, Some(params));
    let files: Vec<_> = l.syntax_errors.iter().map(|(f, _)| *f).collect();
    assert!(
        files.contains(&0) && files.contains(&1),
        "{:?}",
        l.syntax_errors
    );
    assert_eq!(
        known(res(&l, "ds").location.as_ref().unwrap()),
        "northeurope"
    );
    assert_eq!(known(res(&l, "half").location.as_ref().unwrap()), "westeu");
}

#[test]
fn props_are_evaluated_for_identity_kinds_only() {
    let t = template(
        "",
        "",
        r#"{"type": "Microsoft.Compute/availabilitySets", "name": "sa", "location": "westeurope", "properties": {"a": 1}},
           {"type": "Microsoft.Network/virtualNetworks", "name": "v", "location": "westeurope", "properties": {"a": "[concat('x', 'y')]"}}"#,
    );
    let l = lower(&t);
    assert!(matches!(res(&l, "sa").props.kind, ValKind::Null));
    assert_eq!(
        res(&l, "v")
            .props
            .path(&["properties", "a"])
            .and_then(Val::as_str),
        Some("xy")
    );
}

#[test]
fn garbage_and_odd_shapes_do_not_panic() {
    for t in [
        "",
        "[]",
        "{\"resources\": 5}",
        "{\"resources\": [1, \"x\", {\"type\": 5}, {\"type\": \"a/b\", \"resources\": {\"x\": 1}}]}",
        "{\"resources\": [{\"type\": \"Microsoft.Resources/deployments\", \"name\": \"d\", \"properties\": {\"template\": {\"resources\": [{\"type\": \"Microsoft.Resources/deployments\", \"name\": \"d\", \"properties\": {\"template\": {}}}]}}}]}",
        "{\"resources\": [{\"type\": \"Microsoft.AAD/domainServices\", \"name\": \"[reference('x').location]\", \"location\": \"[reference('[reference(1)]').location]\", \"properties\": {\"replicaSets\": \"[[x]\", \"subnetId\": 5}}]}",
        "{\"resources\": [{\"type\": \"Microsoft.AAD/domainServices\", \"name\": \"x\", \"location\": \"[reference('x', '1', 'Full').location]\"}]}",
        "{\"resources\": [{\"type\": \"Microsoft.Network/virtualNetworks\", \"name\": \"[concat(reference('v').name, 'x')]\", \"location\": \"[reference(resourceId('Microsoft.Network/virtualNetworks', 'v')).location]\"}]}",
    ] {
        let _ = lower(t);
    }
}

#[test]
fn deep_chains_stay_within_a_small_stack() {
    // Rayon's worker threads have 2 MiB stacks; debug builds have large frames.
    let vars: Vec<String> = (0..400)
        .map(|i| format!(r#""v{i}": "[concat(variables('v{}'), '')]""#, i + 1))
        .chain(std::iter::once(r#""v400": "westeurope""#.to_string()))
        .collect();
    let nested = format!("{}'x'{}", "concat(".repeat(200), ")".repeat(200));
    let deep_json = format!("{}1{}", "[".repeat(240), "]".repeat(240));
    let t = template(
        "",
        &vars.join(",\n"),
        &format!(
            r#"{{"type": "Microsoft.Storage/storageAccounts", "name": "sa", "location": "[variables('v0')]"}},
               {{"type": "Microsoft.Storage/storageAccounts", "name": "sb", "location": "[{nested}]"}},
               {{"type": "Microsoft.AAD/domainServices", "name": "ds", "location": "x", "properties": {{"deep": {deep_json}}}}}"#
        ),
    );
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let l = lower(&t);
            assert!(l.syntax_errors.is_empty(), "{:?}", l.syntax_errors);
            let sa = res(&l, "sa").location.clone().unwrap();
            assert_eq!(
                sa.unknown_reason(),
                Some("expressions nest too deeply to evaluate"),
                "{sa:#?}"
            );
            let sb = res(&l, "sb").location.clone().unwrap();
            assert!(sb.is_unknown());
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn doubling_values_hit_the_budget_not_the_memory() {
    let mut vars = vec![
        r#""v0": "[createArray('westeurope', 'northeurope')]""#.to_string(),
        r#""s0": "westeurope""#.to_string(),
    ];
    for i in 1..=40 {
        vars.push(format!(
            r#""v{i}": "[concat(variables('v{p}'), variables('v{p}'))]""#,
            p = i - 1
        ));
        vars.push(format!(
            r#""s{i}": "[concat(variables('s{p}'), variables('s{p}'))]""#,
            p = i - 1
        ));
    }
    let t = template(
        "",
        &vars.join(",\n"),
        r#"{"type": "Microsoft.Storage/storageAccounts", "name": "a", "location": "[variables('v40')[0]]"},
           {"type": "Microsoft.Storage/storageAccounts", "name": "b", "location": "[variables('s40')]"}"#,
    );
    let started = std::time::Instant::now();
    let l = lower(&t);
    assert!(started.elapsed().as_secs() < 10);
    for name in ["a", "b"] {
        assert_eq!(
            res(&l, name).location.as_ref().unwrap().unknown_reason(),
            Some("the template is too large to evaluate fully")
        );
    }
}
