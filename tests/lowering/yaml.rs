//! The YAML front-ends: Pulumi YAML programs with their stack configuration, and Azure Service
//! Operator manifests. Fixtures follow pulumi/examples `azure-yaml-app-service/Pulumi.yaml`,
//! the generated Pulumi YAML examples of the azure-native and classic providers, and
//! Azure/azure-service-operator `v2/samples` (azure-facts §1, §3).

use std::path::PathBuf;

use residency::model::testing::project;
use residency::model::{kubernetes, pulumi, FileKind, Kind, Resource};
use residency::syntax::yaml;

fn find<'r>(resources: &'r [Resource], name: &str) -> &'r Resource {
    resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no resource {name}"))
}

const APP_SERVICE: &str = "\
name: azure-yaml-app-service
runtime: yaml
description: A static website hosted on Azure App Service
resources:
  appservicegroup:
    type: azure-native:resources:ResourceGroup
  sa:
    type: azure-native:storage:StorageAccount
    properties:
      resourceGroupName: ${appservicegroup.name}
      kind: StorageV2
      sku:
        name: Standard_LRS
  logs:
    type: azure-native:operationalinsights:Workspace
    properties:
      resourceGroupName: ${appservicegroup.name}
      location: westus2
  export:
    type: azure-native:aadiam:DiagnosticSetting
    properties:
      name: entra-logs
      workspaceId: ${logs.id}
      storageAccountId: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${sa.name}
      logs:
        - category: SignInLogs
          enabled: true
";

#[test]
fn azure_native_location_comes_from_the_stack_config() {
    let stack = "config:\n  azure-native:location: centralus\n";
    let p = project(&[
        ("Pulumi.yaml", APP_SERVICE, FileKind::PulumiProgram),
        ("Pulumi.dev.yaml", stack, FileKind::PulumiStack),
    ]);
    let lowered = pulumi::lower(&p, 0, Some(1), &residency::resolve::resources);
    assert!(lowered.syntax_errors.is_empty());
    let sa = find(&lowered.resources, "sa");
    assert_eq!(sa.kind, Kind::StorageAccount);
    let loc = sa.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("centralus"));
    // The literal is the stack file's bytes, so a fix rewrites the config.
    let lit = loc.literal.unwrap();
    assert_eq!(lit.file, 1);
    assert_eq!(&stack[lit.range.as_range()], "centralus");
    assert!(loc
        .origin
        .iter()
        .any(|o| o.note.contains("resource group `appservicegroup`")));
    assert!(loc
        .origin
        .iter()
        .any(|o| o.note == "config `azure-native:location` in Pulumi.dev.yaml"));

    let export = find(&lowered.resources, "export");
    assert_eq!(export.kind, Kind::LogExport);
    assert_eq!(export.destinations.len(), 2);
    let ws = export.destinations[0].target.as_ref().unwrap();
    assert_eq!(ws.name, "logs");
    assert_eq!(ws.location.as_str(), Some("westus2"));
    // The storage account id interpolates an output: the destination is still found by the
    // reference, its location inherited from the config.
    assert!(export.destinations[1].via.is_unknown());
}

#[test]
fn azure_native_location_without_config_is_unknown() {
    let p = project(&[("Pulumi.yaml", APP_SERVICE, FileKind::PulumiProgram)]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    let sa = find(&lowered.resources, "sa");
    let reason = sa.location.as_ref().unwrap().unknown_reason().unwrap();
    assert!(reason.contains("azure-native:location"), "{reason}");
}

#[test]
fn config_variables_and_namespaced_keys() {
    let program = "\
name: tenants
runtime: yaml
config:
  tenantLocation:
    type: string
    default: United States
variables:
  where: ${tenantLocation}
  lookedUp:
    fn::invoke:
      function: azure-native:resources:getResourceGroup
      arguments:
        resourceGroupName: rg
resources:
  b2c:
    type: azure:aadb2c/directory:Directory
    properties:
      dataResidencyLocation: ${where}
      countryCode: \"NL\"
  ciam:
    type: azure-native:azureactivedirectory:CIAMTenant
    properties:
      location: ${lookedUp.location}
      createTenantProperties:
        countryCode: US
        displayName: Contoso
  invite:
    type: azuread:index/invitation:Invitation
    properties:
      userEmailAddress: guest@example.com
      redirectUrl: https://portal.example.com
  strength:
    type: azuread:AuthenticationStrengthPolicy
    properties:
      displayName: phishing resistant
      allowedCombinations: [fido2, \"password,sms\"]
";
    let stack = "config:\n  tenants:tenantLocation: Europe\n";
    let p = project(&[
        ("Pulumi.yaml", program, FileKind::PulumiProgram),
        ("Pulumi.prod.yaml", stack, FileKind::PulumiStack),
    ]);
    let lowered = pulumi::lower(&p, 0, Some(1), &residency::resolve::resources);
    let b2c = find(&lowered.resources, "b2c");
    assert_eq!(b2c.kind, Kind::B2cTenant);
    let loc = b2c.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("Europe"));
    let notes: Vec<&str> = loc.origin.iter().map(|o| o.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "variable `where`",
            "config `tenants:tenantLocation` in Pulumi.prod.yaml"
        ]
    );
    // Quoted scalar: the literal excludes the quotes.
    let cc = b2c.country_code.as_ref().unwrap();
    assert_eq!(&program[cc.literal.unwrap().range.as_range()], "NL");

    let ciam = find(&lowered.resources, "ciam");
    assert_eq!(ciam.kind, Kind::CiamTenant);
    let reason = ciam.location.as_ref().unwrap().unknown_reason().unwrap();
    assert!(reason.contains("fn::invoke"), "{reason}");
    assert_eq!(ciam.country_code.as_ref().unwrap().as_str(), Some("US"));

    assert_eq!(find(&lowered.resources, "invite").kind, Kind::Invitation);
    let strength = find(&lowered.resources, "strength");
    assert_eq!(strength.kind, Kind::AuthenticationStrengthPolicy);
    let combos = strength.props.get("allowedCombinations").unwrap().items();
    assert_eq!(combos[1].as_str(), Some("password,sms"));

    // Without the stack file the default applies.
    let p = project(&[("Pulumi.yaml", program, FileKind::PulumiProgram)]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    let b2c = find(&lowered.resources, "b2c");
    assert_eq!(
        b2c.location.as_ref().unwrap().as_str(),
        Some("United States")
    );
}

#[test]
fn domain_services_replicas_find_their_networks() {
    let program = "\
name: aadds
runtime: yaml
resources:
  vnet:
    type: azure-native:network:VirtualNetwork
    properties:
      location: West US
      resourceGroupName: rg
      virtualNetworkName: TestVnetWUS
  other:
    type: azure:network:VirtualNetwork
    properties:
      name: second
      location: northeurope
      resourceGroupName: rg
  sub:
    type: azure:network:Subnet
    properties:
      virtualNetworkName: ${other.name}
  aadds:
    type: azure-native:aad/v20221201:DomainService
    properties:
      domainName: contoso.com
      resourceGroupName: rg
      replicaSets:
        - location: West US
          subnetId: /subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/TestVnetWUS/subnets/TestSubnetWUS
        - location: northeurope
          subnetId: ${sub.id}
";
    let p = project(&[("Pulumi.yaml", program, FileKind::PulumiProgram)]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    let aadds = find(&lowered.resources, "aadds");
    assert_eq!(aadds.kind, Kind::DomainServices);
    assert_eq!(aadds.replicas.len(), 2);
    let n1 = aadds.replicas[0].network.as_ref().unwrap();
    assert_eq!(
        (n1.name.as_str(), n1.location.as_str()),
        ("vnet", Some("West US"))
    );
    let n2 = aadds.replicas[1].network.as_ref().unwrap();
    assert_eq!(
        (n2.name.as_str(), n2.location.as_str()),
        ("other", Some("northeurope"))
    );
    // Classic resources have no implicit location.
    let p2 = "name: x\nresources:\n  d:\n    type: azure:domainservices:Service\n    properties:\n      domainName: c\n";
    let lowered = pulumi::lower(
        &project(&[("Pulumi.yaml", p2, FileKind::PulumiProgram)]),
        0,
        None,
        &residency::resolve::resources,
    );
    assert!(lowered.resources[0].location.is_none());
}

#[test]
fn half_typed_program_keeps_what_parsed() {
    let program = "\
name: p
resources:
  tenant:
    type: azure-native:azureactivedirectory:B2CTenant
    properties:
      location: United States
      countryCode: [US
  later:
    type: azuread:Invitation
";
    let p = project(&[("Pulumi.yaml", program, FileKind::PulumiProgram)]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    assert_eq!(lowered.syntax_errors.len(), 1);
    let line = program[..lowered.syntax_errors[0].1.range.start as usize]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(line, 7);
    assert_eq!(
        find(&lowered.resources, "tenant")
            .location
            .as_ref()
            .unwrap()
            .as_str(),
        Some("United States")
    );
    assert_eq!(find(&lowered.resources, "later").kind, Kind::Invitation);
}

#[test]
fn billion_laughs_is_bounded() {
    let mut program = String::from(
        "name: p\nvariables:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..25 {
        let p = i - 1;
        program.push_str(&format!(
            "  l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"
        ));
    }
    program.push_str(
        "resources:\n  t:\n    type: azure-native:azureactivedirectory:B2CTenant\n    properties:\n      location: Europe\n      tags: *l24\n      other: ${l24}\n",
    );
    let started = std::time::Instant::now();
    let p = project(&[("Pulumi.yaml", &program, FileKind::PulumiProgram)]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(
        lowered.resources[0].location.as_ref().unwrap().as_str(),
        Some("Europe")
    );
}

const ASO: &str = "\
apiVersion: resources.azure.com/v1api20200601
kind: ResourceGroup
metadata:
  name: aso-sample-rg
  namespace: default
spec:
  location: westcentralus
---
apiVersion: network.azure.com/v1api20201101
kind: VirtualNetwork
metadata:
  name: samplevnet
  namespace: default
spec:
  location: westcentralus
  owner:
    name: aso-sample-rg
  addressSpace:
    addressPrefixes:
      - 10.0.0.0/16
";

const ASO_MORE: &str = "\
apiVersion: operationalinsights.azure.com/v1api20210601
kind: Workspace
metadata:
  name: workspace
spec:
  owner:
    name: aso-sample-rg
  sku:
    name: PerGB2018
---
apiVersion: storage.azure.com/v1api20230101
kind: StorageAccount
metadata:
  name: logs
spec:
  location: northeurope
  owner:
    name: aso-sample-rg
---
apiVersion: eventhub.azure.com/v1api20211101
kind: Namespace
metadata:
  name: hub
spec:
  owner:
    name: missing-rg
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: not-azure
";

#[test]
fn aso_manifests_across_files() {
    assert!(kubernetes::is_aso_manifest(ASO));
    assert!(!kubernetes::is_aso_manifest(
        "apiVersion: v1\nkind: ConfigMap\n"
    ));
    let p = project(&[
        ("network.yaml", ASO, FileKind::Kubernetes),
        ("logs.yaml", ASO_MORE, FileKind::Kubernetes),
    ]);
    let lowered = kubernetes::lower(&p, &[0, 1], &residency::resolve::resources);
    assert!(lowered.syntax_errors.is_empty());
    let kinds: Vec<Kind> = lowered.resources.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Other,
            Kind::VirtualNetwork,
            Kind::LogAnalyticsWorkspace,
            Kind::StorageAccount,
            Kind::EventHubNamespace
        ]
    );
    let vnet = &lowered.resources[1];
    assert_eq!(
        vnet.location.as_ref().unwrap().as_str(),
        Some("westcentralus")
    );
    // No spec.location: ASO does not default it from the owner, so it is not proven.
    let ws = &lowered.resources[2];
    let loc = ws.location.as_ref().unwrap();
    assert!(loc
        .unknown_reason()
        .is_some_and(|r| r.contains("does not default it from its owner")));
    let hub = &lowered.resources[4];
    assert!(hub.location.as_ref().unwrap().is_unknown());
}

#[test]
fn yaml_syntax_never_panics() {
    for text in [
        "",
        "---",
        "a: [",
        "a: {b: [c, {d: ",
        "- - - :",
        "key: \"unterminated",
        "\u{feff}a: 1",
        "a: !!binary |\n  AAAA",
        "? complex key\n: value",
        "a: *nope\nb: &x\n",
    ] {
        let _ = yaml::parse(text);
    }
}

#[test]
fn implicit_locations_follow_provider_and_resource_group() {
    let program = "\
resources:
  eu:
    type: pulumi:providers:azure-native
    properties:
      location: northeurope
  rg:
    type: azure-native:resources:ResourceGroup
    properties:
      resourceGroupName: identity
    options:
      provider: ${eu}
  vnet:
    type: azure-native:network:VirtualNetwork
    properties:
      resourceGroupName: identity
  outside:
    type: azure-native:network:VirtualNetwork
    properties:
      resourceGroupName: shared-networking
  existing:
    type: azure-native:network:VirtualNetwork
    get:
      id: /subscriptions/0/resourceGroups/x/providers/Microsoft.Network/virtualNetworks/old
";
    let project_file =
        "name: identity\nruntime: yaml\nconfig:\n  azure-native:location:\n    value: westus\n";
    let p = project(&[
        ("Main.yaml", program, FileKind::PulumiProgram),
        ("Pulumi.yaml", project_file, FileKind::PulumiProgram),
    ]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    // `get:` resources are read, not declared.
    assert!(lowered.resources.iter().all(|r| r.name != "existing"));
    // The explicit provider wins over the project's `azure-native:location`.
    let vnet = find(&lowered.resources, "vnet");
    let loc = vnet.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("northeurope"));
    let notes: Vec<&str> = loc.origin.iter().map(|o| o.note.as_str()).collect();
    assert!(
        notes[0].starts_with("location of resource group `rg`"),
        "{notes:?}"
    );
    assert!(
        notes[1].starts_with("location of provider `eu`"),
        "{notes:?}"
    );
    // A resource group the program does not declare: its location is not known.
    let outside = find(&lowered.resources, "outside");
    let reason = outside.location.as_ref().unwrap().unknown_reason().unwrap();
    assert!(reason.contains("shared-networking"), "{reason}");

    // Without the explicit provider, the project file's provider config applies.
    let program = "resources:\n  rg:\n    type: azure-native:resources:ResourceGroup\n  vnet:\n    type: azure-native:network:VirtualNetwork\n    properties:\n      resourceGroupName: ${rg.name}\n";
    let p = project(&[
        ("Main.yaml", program, FileKind::PulumiProgram),
        ("Pulumi.yaml", project_file, FileKind::PulumiProgram),
    ]);
    let lowered = pulumi::lower(&p, 0, None, &residency::resolve::resources);
    let loc = find(&lowered.resources, "vnet").location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("westus"));
    assert_eq!(loc.literal.unwrap().file, 1);
}

#[test]
fn event_hub_destination_through_its_authorization_rule() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/EU040/pulumi-clean");
    let program = std::fs::read_to_string(dir.join("Pulumi.yaml")).unwrap();
    let stack = std::fs::read_to_string(dir.join("Pulumi.prod.yaml")).unwrap();
    let p = project(&[
        ("Pulumi.yaml", &program, FileKind::PulumiProgram),
        ("Pulumi.prod.yaml", &stack, FileKind::PulumiStack),
    ]);
    let lowered = pulumi::lower(&p, 0, Some(1), &residency::resolve::resources);
    let export = find(&lowered.resources, "entraLogs");
    assert_eq!(export.kind, Kind::LogExport);
    let [dest] = export.destinations.as_slice() else {
        panic!("{:?}", export.destinations)
    };
    assert_eq!(dest.label, "event hub namespace");
    let hub = dest.target.as_ref().unwrap();
    assert_eq!(hub.name, "hub");
    assert_eq!(hub.location.as_str(), Some("swedencentral"));
}

#[test]
fn mutated_programs_lower_without_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/EU010/pulumi-flagged");
    let base: Vec<char> = std::fs::read_to_string(dir.join("Pulumi.yaml"))
        .unwrap()
        .chars()
        .collect();
    let alphabet = [
        ':', '-', ' ', '\n', '[', '{', '}', '$', '.', '"', '*', '&', '\t',
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..500 {
        let mut chars = base.clone();
        for _ in 0..(next() % 3 + 1) {
            let i = (next() % chars.len() as u64) as usize;
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            if next() % 2 == 0 {
                chars[i] = c;
            } else {
                chars.insert(i, c);
            }
        }
        let text: String = chars.into_iter().collect();
        let p = project(&[("Pulumi.yaml", &text, FileKind::PulumiProgram)]);
        let _ = pulumi::lower(&p, 0, None, &residency::resolve::resources);
        let _ = kubernetes::lower(&p, &[0], &residency::resolve::resources);
    }
}
