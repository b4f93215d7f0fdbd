//! Bounded work on hostile sizes, through the real binary: 300,000 levels of nesting in every
//! format, a 60 MB ARM template, a 10 MB single line. Each run must end (the watchdog of
//! `cli_support` kills it and fails the test after 120 s), without a panic, with the exit code
//! and the message a user can act on, and the findings outside the hostile part still found.
//! No timing assertion: the test only has to terminate.

#[path = "cli_support/mod.rs"]
mod cli_support;

use cli_support::{
    arm_domain_services, arm_template, check_json, line_of, tf_domain_services, tree, write,
};

const DEPTH: usize = 300_000;

fn nested(open: &str, inner: &str, close: &str) -> String {
    format!("{}{inner}{}", open.repeat(DEPTH), close.repeat(DEPTH))
}

/// A Bicep Domain Services managed domain in East US.
const BICEP_DS: &str = "resource ds 'Microsoft.AAD/domainServices@2022-12-01' = {\n  name: 'aadds.contoso.com'\n  location: 'eastus'\n  properties: {\n    domainName: 'aadds.contoso.com'\n  }\n}\n";

/// A Pulumi YAML program with a Domain Services managed domain in East US, and `deep` as the
/// value of a variable.
fn pulumi(deep: &str) -> String {
    format!("name: aadds\nruntime: yaml\nvariables:\n  deep: {deep}\nresources:\n  domain:\n    type: azure-native:aad:DomainService\n    properties:\n      domainName: aadds.contoso.com\n      resourceGroupName: identity\n      location: eastus\n      replicaSets:\n        - location: eastus\n          subnetId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/identity/providers/Microsoft.Network/virtualNetworks/aadds/subnets/aadds\n")
}

/// Every format nested 300,000 levels deep next to an identity resource: the file is checked
/// (the resource's finding is reported) and the nesting gives at most a bounded number of
/// syntax errors.
#[test]
fn nesting_300000_levels_deep_in_every_format() {
    let arm = arm_template(
        "",
        &[
            format!(
                "    {{ \"type\": \"Microsoft.Resources/tags\", \"apiVersion\": \"2021-04-01\", \"name\": \"default\", \"properties\": {} }}",
                nested("[", "1", "]")
            ),
            arm_domain_services("aadds.contoso.com", "\"eastus\""),
        ],
    );
    let arm_objects = arm_template(
        "",
        &[
            format!(
                "    {{ \"type\": \"Microsoft.Resources/tags\", \"apiVersion\": \"2021-04-01\", \"name\": \"default\", \"properties\": {} }}",
                nested("{\"a\":", "1", "}")
            ),
            arm_domain_services("aadds.contoso.com", "\"eastus\""),
        ],
    );
    let hcl = format!(
        "locals {{\n  deep = {}\n}}\n{}",
        nested("[", "1", "]"),
        tf_domain_services("x", "\"eastus\"")
    );
    let hcl_blocks = format!(
        "{}\n{}",
        nested("a {\n", "", "}\n"),
        tf_domain_services("x", "\"eastus\"")
    );
    let bicep = format!("var deep = {}\n{BICEP_DS}", nested("[", "1", "]"));
    let bicep_objects = format!("var deep = {}\n{BICEP_DS}", nested("{\na: ", "1", "\n}"));
    let yaml = pulumi(&nested("[", "1", "]"));
    let yaml_maps = pulumi(&nested("{a: ", "1", "}"));
    let dsc = format!(
        "Configuration Federation {{\n  Node localhost {}\n}}\nNew-FederationTrust -Name 'Microsoft Federation Gateway' -Thumbprint $t\n",
        nested("{\n", "", "}\n")
    );
    // (file, the finding outside the nesting, exit code: EU060 is information only)
    let cases: [(&str, &str, i32, &String); 9] = [
        ("arm/azuredeploy.json", "EU010", 1, &arm),
        ("arm-objects/azuredeploy.json", "EU010", 1, &arm_objects),
        ("tf/main.tf", "EU010", 1, &hcl),
        ("tf-blocks/main.tf", "EU010", 1, &hcl_blocks),
        ("bicep/main.bicep", "EU010", 1, &bicep),
        ("bicep-objects/main.bicep", "EU010", 1, &bicep_objects),
        ("pulumi/Pulumi.yaml", "EU010", 1, &yaml),
        ("pulumi-maps/Pulumi.yaml", "EU010", 1, &yaml_maps),
        ("dsc/federation.ps1", "EU060", 0, &dsc),
    ];
    for (path, code, exit, text) in cases {
        let dir = tree(&[(path, text.as_str())]);
        let report = check_json(dir.path(), &[], exit);
        let codes = report.codes();
        assert!(codes.contains(&code), "{path}: no {code} in {codes:?}");
        // The finding is where its resource is, below the nesting.
        let line = report.with_code(code)[0].line;
        let marker = if code == "EU060" { "New-" } else { "eastus" };
        let expected = line_of(text, marker);
        assert_eq!(line, expected, "{path}: {code} on line {line}");
        let e001 = report.with_code("E001").len();
        assert!(e001 <= 201, "{path}: {e001} syntax errors");
    }
}

/// A 60 MB ARM template (30,000 resources): over the default size limit it is one E002 naming
/// the file and the limit, not read; with the limit raised in `.residency.yaml` it is checked,
/// and its one Domain Services outside Europe is found.
#[test]
fn template_of_60_megabytes() {
    let filler: Vec<String> = (0..30_000)
        .map(|i| {
            format!(
                "    {{ \"type\": \"Microsoft.Storage/storageAccounts\", \"apiVersion\": \"2023-01-01\", \"name\": \"st{i}\", \"location\": \"westeurope\", \"kind\": \"StorageV2\", \"sku\": {{ \"name\": \"Standard_LRS\" }}, \"tags\": {{ \"padding\": \"{}\" }} }}",
                "p".repeat(1_800)
            )
        })
        .chain([arm_domain_services("aadds.contoso.com", "\"eastus\"")])
        .collect();
    let text = arm_template("", &filler);
    assert!(text.len() > 60_000_000, "{} bytes", text.len());

    let dir = tree(&[]);
    write(dir.path(), "azuredeploy.json", &text);
    let report = check_json(dir.path(), &[], 1);
    let e002 = report.only("E002");
    assert_eq!(e002.path, "azuredeploy.json");
    assert!(
        e002.message
            .contains("over the size limit of 10485760 bytes")
            && e002.message.contains("max_file_size"),
        "{}",
        e002.message
    );
    assert_eq!(report.codes(), ["E002"]);

    write(dir.path(), ".residency.yaml", "max_file_size: 104857600\n");
    let report = check_json(dir.path(), &[], 1);
    let found = report.only("EU010");
    assert_eq!(found.path, "azuredeploy.json");
    assert_eq!(found.line, line_of(&text, "\"eastus\""));
    assert!(report.with_code("E002").is_empty());
}

/// A 10 MB file on a single line, in ARM JSON and in Terraform (a 10 MB string before the
/// resource): checked, and the finding's column points at the value past the long line's
/// start.
#[test]
fn single_line_of_10_megabytes() {
    let padding = "x".repeat(10_000_000);
    let arm = format!(
        "{{\"$schema\":\"{}\",\"contentVersion\":\"1.0.0.0\",\"variables\":{{\"pad\":\"{padding}\"}},\"resources\":[{{\"type\":\"Microsoft.AAD/domainServices\",\"apiVersion\":\"2022-12-01\",\"name\":\"x\",\"location\":\"eastus\",\"properties\":{{\"domainName\":\"x\"}}}}]}}",
        cli_support::TEMPLATE_SCHEMA
    );
    assert!(!arm.contains('\n') && arm.len() > 10_000_000);
    let dir = tree(&[("arm/azuredeploy.json", &arm)]);
    let report = check_json(dir.path(), &[], 1);
    let found = report.only("EU010");
    assert_eq!(found.line, 1);
    assert_eq!(
        found.span_in(&arm),
        "\"eastus\"",
        "column {} on the long line",
        found.column
    );

    let tf = format!(
        "locals {{ pad = \"{padding}\" }}\n{}",
        tf_domain_services("x", "\"eastus\"")
    );
    let dir = tree(&[("tf/main.tf", &tf)]);
    let report = check_json(dir.path(), &[], 1);
    assert_eq!(report.codes(), ["EU010"]);
    let found = report.only("EU010");
    assert_eq!((found.line, found.span_in(&tf).as_str()), (4, "\"eastus\""));
}

/// Reference chains, module cycles and expansion, each 50,000 long or a million wide: the
/// evaluators' budgets end them. A chain longer than the evaluation depth gives one EU090
/// that says so (never a guessed region); a module that uses itself, `count`, `copy` and a
/// Bicep `for` over a million items give the one finding of their declaration.
#[test]
fn reference_chains_module_cycles_and_expansion_are_bounded() {
    let n = 50_000;
    let tf_chain = format!(
        "locals {{\n{}  l{n} = \"eastus\"\n}}\n{}",
        (0..n)
            .map(|i| format!("  l{i} = local.l{}\n", i + 1))
            .collect::<String>(),
        tf_domain_services("x", "local.l0")
    );
    let arm_variables: Vec<String> = (0..n)
        .map(|i| format!("\"v{i}\": \"[variables('v{}')]\"", i + 1))
        .chain([format!("\"v{n}\": \"eastus\"")])
        .collect();
    let arm_chain = format!(
        "{{\"$schema\": \"{}\", \"contentVersion\": \"1.0.0.0\", \"variables\": {{{}}}, \"resources\": [{}]}}",
        cli_support::TEMPLATE_SCHEMA,
        arm_variables.join(",\n"),
        arm_domain_services("x", "\"[variables('v0')]\"")
    );
    let arm_copy = arm_template(
        "",
        &[arm_domain_services("x", "\"eastus\"").replacen(
            "\"type\"",
            "\"copy\": {\"name\": \"c\", \"count\": 1000000}, \"type\"",
            1,
        )],
    );
    let tf_count =
        tf_domain_services("x", "\"eastus\"").replacen("  name ", "  count = 1000000\n  name ", 1);
    let tf_self = format!(
        "module \"self\" {{\n  source = \"./\"\n}}\n{}",
        tf_domain_services("x", "\"eastus\"")
    );
    let bicep_self = format!("module self './main.bicep' = {{\n  name: 'self'\n}}\n{BICEP_DS}");
    let bicep_for = BICEP_DS
        .replacen("= {", "= [for i in range(0, 1000000): {", 1)
        .replacen("'aadds.contoso.com'", "'aadds${i}'", 1)
        .trim_end()
        .to_string()
        + "]\n";
    let cases: [(&str, &String, &str, i32); 7] = [
        ("tf-chain/main.tf", &tf_chain, "EU090", 0),
        ("arm-chain/azuredeploy.json", &arm_chain, "EU090", 0),
        ("arm-copy/azuredeploy.json", &arm_copy, "EU010", 1),
        ("tf-count/main.tf", &tf_count, "EU010", 1),
        ("tf-self/main.tf", &tf_self, "EU010", 1),
        ("bicep-self/main.bicep", &bicep_self, "EU010", 1),
        ("bicep-for/main.bicep", &bicep_for, "EU010", 1),
    ];
    for (path, text, code, exit) in cases {
        let dir = tree(&[(path, text.as_str())]);
        let report = check_json(dir.path(), &[], exit);
        assert_eq!(report.codes(), [code], "{path}");
        if code == "EU090" {
            let why = report.only(code).notes.join(" ");
            assert!(why.contains("too deeply to evaluate"), "{path}: {why}");
        }
    }
}
