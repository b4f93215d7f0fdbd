//! ARM templates and parameters files of the shared corpus: every one parses without a syntax
//! error and lowers without a panic; a few real files are checked in detail.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use residency::model::{arm, FileKind, Kind, Lowered, Project, Resource, SourceFile, Val, ValKind};
use residency::syntax::json;

fn json_files() -> Vec<PathBuf> {
    common::files_under(&common::corpus_dir(), &|name| name.ends_with(".json"))
}

fn source(path: &Path) -> SourceFile {
    let text: Arc<String> = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into();
    let kind = arm::classify(&text).unwrap_or(FileKind::ArmTemplate);
    SourceFile {
        path: path.to_path_buf(),
        text,
        kind,
    }
}

/// Lowers a template of the corpus (path relative to the corpus), with a parameters file.
fn lower(template: &str, params: Option<&str>) -> (Project, Lowered) {
    let dir = common::corpus_dir();
    let mut project = Project::default();
    project.files.push(source(&dir.join(template)));
    if let Some(p) = params {
        project.files.push(source(&dir.join(p)));
    }
    let lowered = arm::lower(
        &mut project,
        0,
        params.map(|_| 1),
        &|_| None,
        &residency::resolve::resources,
    );
    assert!(
        lowered.syntax_errors.is_empty(),
        "{template}: {:?}",
        lowered.syntax_errors
    );
    (project, lowered)
}

fn only(lowered: &Lowered, kind: Kind) -> &Resource {
    let found: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == kind)
        .collect();
    assert_eq!(found.len(), 1, "{kind:?}: {found:#?}");
    found[0]
}

fn text_at(project: &Project, loc: residency::model::Loc) -> &str {
    &project.files[loc.file].text[loc.range.as_range()]
}

fn str_of(v: &Val) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a known string, got {v:#?}"))
}

#[test]
// The counts are part of what this test reports (`--nocapture`).
#[allow(clippy::print_stderr)]
fn every_arm_file_parses_cleanly_and_lowers() {
    let files = json_files();
    let (mut templates, mut parameters, mut other) = (0, 0, 0);
    let mut resources = 0;
    for path in &files {
        let file = source(path);
        let kind = arm::classify(&file.text);
        let parsed = json::parse(&file.text);
        match kind {
            Some(FileKind::ArmTemplate) => templates += 1,
            Some(FileKind::ArmParameters) => parameters += 1,
            _ => {
                other += 1;
                continue;
            }
        }
        assert!(
            parsed.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.errors
        );
        assert!(parsed.value.is_some(), "{}", path.display());
        let mut project = Project { files: vec![file] };
        let lowered = arm::lower(
            &mut project,
            0,
            None,
            &|_| None,
            &residency::resolve::resources,
        );
        assert!(lowered.syntax_errors.is_empty());
        resources += lowered.resources.len();
        // Real templates stay far inside the evaluator's guards.
        for r in &lowered.resources {
            let vals = r
                .location
                .iter()
                .chain(r.country_code.iter())
                .chain(std::iter::once(&r.props))
                .chain(
                    r.replicas
                        .iter()
                        .flat_map(|x| x.location.iter().chain(x.subnet.iter())),
                );
            for v in vals {
                assert_no_guard_hit(v, path);
            }
        }
    }
    eprintln!(
        "{} JSON files: {templates} templates, {parameters} parameters files, {other} other; \
         {resources} resources",
        files.len()
    );
    assert!(templates > 500, "only {templates} templates found");
    assert!(parameters >= 2);
}

fn assert_no_guard_hit(v: &Val, path: &Path) {
    if let Some(reason) = v.unknown_reason() {
        assert!(
            !reason.contains("too large") && !reason.contains("too deeply"),
            "{}: {reason}",
            path.display()
        );
    }
    for item in v.items() {
        assert_no_guard_hit(item, path);
    }
    if let ValKind::Map(members) = &v.kind {
        for (_, m) in members {
            assert_no_guard_hit(m, path);
        }
    }
}

#[test]
fn truncated_real_files_never_panic() {
    let dir = common::corpus_dir();
    for rel in [
        "bulk/azure-quickstart-templates/demos/s2d-oms-mgmt-solution/azuredeploy.json",
        "identity/bicep/src/Bicep.Core.Samples/Files/user_submitted/101/aadds-dual-region-replica-sets/main.symbolicnames.json",
        "identity/azure-quickstart-templates/quickstarts/microsoft.network/aad-domainservices/azuredeploy.json",
    ] {
        let text = std::fs::read_to_string(dir.join(rel)).unwrap();
        let location_written = text.find("\"West Europe\",").map_or(usize::MAX, |i| i + 14);
        // Every prefix of the small files; of the large one, every prefix at a step (a debug
        // build parses each prefix from the start). Lowering runs on every 8th prefix.
        let step = if text.len() < 16_000 { 1 } else { text.len() / 3000 };
        let mut cut = 0;
        while cut <= text.len() {
            if text.is_char_boundary(cut) {
                let prefix = &text[..cut];
                let parsed = json::parse(prefix);
                if cut < text.trim_end().len() && !prefix.trim().is_empty() {
                    assert!(!parsed.errors.is_empty(), "{rel} cut at {cut} parses cleanly");
                }
                let _ = arm::classify(prefix);
                if (cut / step) % 8 != 0 {
                    cut += step;
                    continue;
                }
                let mut project = Project {
                    files: vec![SourceFile {
                        path: PathBuf::from(rel),
                        text: std::sync::Arc::new(prefix.to_string()),
                        kind: FileKind::ArmTemplate,
                    }],
                };
                let lowered = arm::lower(&mut project, 0, None, &|_| None, &residency::resolve::resources);
                // Half-typed: once the managed domain's location is written, it is found.
                if rel.contains("dual-region") && cut > location_written {
                    let ds = only(&lowered, Kind::DomainServices);
                    assert_eq!(ds.location.as_ref().and_then(Val::as_str), Some("West Europe"));
                }
            }
            cut += step;
        }
    }
}

#[test]
fn files_with_comments_and_trailing_commas_parse_cleanly() {
    // The bulk files that strict JSON rejects: trailing commas (s2d-oms-mgmt-solution: 3,
    // streamAnalytics: 3, provisionConfiguration: 1, provisionNetwork: 1) and a `//` comment
    // after a member (prereq.azuredeploy.json line 66).
    for rel in [
        "bulk/azure-quickstart-templates/demos/s2d-oms-mgmt-solution/azuredeploy.json",
        "bulk/azure-quickstart-templates/quickstarts/microsoft.compute/vmss-automation-dsc/nested/provisionConfiguration.json",
        "bulk/azure-quickstart-templates/quickstarts/microsoft.compute/vmss-automation-dsc/nested/provisionNetwork.json",
        "bulk/azure-quickstart-templates/quickstarts/microsoft.datalakestore/yash-datalake/nested/streamAnalytics.json",
        "bulk/azure-quickstart-templates/quickstarts/microsoft.web/app-service-managed-certificate-apex/prereqs/prereq.azuredeploy.json",
    ] {
        let (_, lowered) = lower(rel, None);
        assert!(!lowered.resources.is_empty(), "{rel}");
    }
}

#[test]
fn dual_region_replica_sets() {
    for rel in ["main.json", "main.symbolicnames.json"] {
        let path = format!(
            "identity/bicep/src/Bicep.Core.Samples/Files/user_submitted/101/aadds-dual-region-replica-sets/{rel}"
        );
        let (project, lowered) = lower(&path, None);
        let ds = only(&lowered, Kind::DomainServices);
        assert_eq!(ds.name, "aaddscontoso.com");
        assert_eq!(ds.type_name, "Microsoft.AAD/domainServices");
        assert_eq!(ds.arm_type.as_deref(), Some("microsoft.aad/domainservices"));
        assert_eq!(
            text_at(&project, ds.decl),
            "\"Microsoft.AAD/domainServices\""
        );
        let location = ds.location.as_ref().unwrap();
        assert_eq!(str_of(location), "West Europe");
        assert_eq!(text_at(&project, location.literal.unwrap()), "West Europe");
        assert!(location.origin.is_empty());

        assert_eq!(ds.replicas.len(), 2, "{path}");
        for (replica, label, region, vnet) in [
            (
                &ds.replicas[0],
                "replica set 1",
                "East US",
                "aadds-eus-vnet",
            ),
            (
                &ds.replicas[1],
                "replica set 2",
                "West Europe",
                "aadds-weu-vnet",
            ),
        ] {
            assert_eq!(replica.label, label);
            // The replica set's own location: reference(vnet, api, 'full').location.
            let loc = replica.location.as_ref().unwrap();
            assert_eq!(str_of(loc), region, "{path}");
            assert!(text_at(&project, loc.loc.unwrap()).contains("reference("));
            assert_eq!(text_at(&project, loc.literal.unwrap()), region);
            assert_eq!(
                loc.origin[0].note,
                format!("location of `{vnet}` (reference())")
            );
            // The subnet id is reference(vnet).subnets[0].id: unknown (it names the
            // deployment's subscription), but the VNet is found.
            let subnet = replica.subnet.as_ref().unwrap();
            assert!(subnet.is_unknown());
            let network = replica.network.as_ref().unwrap();
            assert_eq!(network.name, vnet);
            assert_eq!(
                text_at(&project, network.decl),
                "\"Microsoft.Network/virtualNetworks\""
            );
            assert_eq!(str_of(&network.location), region);
            assert_eq!(
                network.location.origin[0].note,
                format!("location of virtual network `{vnet}`")
            );
        }
        let vnets: Vec<_> = lowered
            .resources
            .iter()
            .filter(|r| r.kind == Kind::VirtualNetwork)
            .map(|r| (r.name.as_str(), r.location.as_ref().and_then(Val::as_str)))
            .collect();
        assert_eq!(
            vnets,
            vec![
                ("aadds-eus-vnet", Some("East US")),
                ("aadds-weu-vnet", Some("West Europe"))
            ]
        );
        assert_eq!(lowered.resources.len(), 7);
    }
}

#[test]
fn quickstart_domain_services_with_parameters_file() {
    let dir =
        "identity/azure-quickstart-templates/quickstarts/microsoft.network/aad-domainservices";
    let (project, lowered) = lower(
        &format!("{dir}/azuredeploy.json"),
        Some(&format!("{dir}/azuredeploy.parameters.json")),
    );
    let ds = only(&lowered, Kind::DomainServices);
    // The parameters file sets domainName only.
    assert_eq!(ds.name, "contoso.com");
    let domain = ds.props.path(&["properties", "domainName"]).unwrap();
    assert_eq!(str_of(domain), "contoso.com");
    assert_eq!(
        domain.origin[0].note,
        "parameter `domainName` in azuredeploy.parameters.json"
    );
    assert_eq!(domain.origin[0].loc.file, 1);
    assert_eq!(text_at(&project, domain.origin[0].loc), "\"contoso.com\"");
    assert_eq!(text_at(&project, domain.literal.unwrap()), "contoso.com");
    assert_eq!(domain.literal.unwrap().file, 1);
    // `location` defaults to resourceGroup().location: unknown, with the chain.
    let location = ds.location.as_ref().unwrap();
    assert_eq!(
        location.unknown_reason(),
        Some(
            "resourceGroup().location is decided by the resource group the template is deployed to"
        )
    );
    assert_eq!(location.origin[0].note, "parameter `location` default");
    assert_eq!(
        text_at(&project, location.loc.unwrap()),
        "\"[parameters('location')]\""
    );
    assert_eq!(
        text_at(&project, location.origin[0].loc),
        "\"[resourceGroup().location]\""
    );
    // The one replica set's subnet: resourceId('Microsoft.Network/virtualNetworks/subnets', ...)
    // of the VNet declared beside it.
    assert_eq!(ds.replicas.len(), 1);
    let network = ds.replicas[0].network.as_ref().unwrap();
    assert_eq!(network.name, "domain-services-vnet");
    assert_eq!(
        network.location.origin[0].note,
        "location of virtual network `domain-services-vnet`"
    );
    assert_eq!(
        network.location.origin[1].note,
        "parameter `location` default"
    );
    assert!(network.location.is_unknown());
    // Sku default, unchanged: a literal a fix could rewrite.
    let sku = ds.props.path(&["properties", "sku"]).unwrap();
    assert_eq!(str_of(sku), "Enterprise");
    assert_eq!(text_at(&project, sku.literal.unwrap()), "Enterprise");
    assert_eq!(sku.origin[0].note, "parameter `sku` default");
}

#[test]
fn avm_domain_service_module() {
    let (project, lowered) = lower(
        "identity/bicep-registry-modules/avm/res/aad/domain-service/main.json",
        None,
    );
    let ds = only(&lowered, Kind::DomainServices);
    assert_eq!(ds.type_name, "Microsoft.AAD/domainServices");
    // `replicaSets` is a parameter without default: one replica entry saying so.
    assert_eq!(ds.replicas.len(), 1);
    let sets = ds.replicas[0].location.as_ref().unwrap();
    assert_eq!(
        sets.unknown_reason(),
        Some("parameter `replicaSets` has no default and no parameters file sets it")
    );
    assert_eq!(text_at(&project, sets.origin[0].loc), "\"replicaSets\"");
}

#[test]
fn nested_deployment_passes_parameters_to_domain_services() {
    let (_, lowered) = lower(
        "identity/missionlz/src/bicep/add-ons/esri-accelerator/solution.json",
        None,
    );
    let ds = only(&lowered, Kind::DomainServices);
    let location = ds.location.as_ref().unwrap();
    assert_eq!(
        location.unknown_reason(),
        Some(
            "deployment().location is decided by the location given when the deployment is created"
        )
    );
    // The chain goes from the inner parameter out through the deployments to the root.
    assert!(location.origin[0]
        .note
        .starts_with("parameter `location` passed by deployment"));
    assert!(location.origin.len() >= 2, "{:#?}", location.origin);
    assert!(lowered.resources.len() > 500);
}

#[test]
fn b2c_policy_mention_is_not_a_tenant() {
    // The file only mentions b2cDirectories inside a policy rule.
    let (_, lowered) = lower(
        "identity/bicep/src/Bicep.Core.Samples/Files/user_submitted/201/policy-definition-with-assignment/main.json",
        None,
    );
    assert!(lowered.resources.iter().all(|r| r.kind == Kind::Other));
    assert!(!lowered.resources.is_empty());
    assert!(lowered
        .resources
        .iter()
        .all(|r| matches!(r.props.kind, ValKind::Null)));
}
