//! The Bicep front-end on the shared corpus: every `.bicep` and `.bicepparam` file parses
//! without a syntax error, lowering never panics, and the real identity cases are found.

mod common;

use std::path::Path;
use std::sync::Arc;

use residency::model::{bicep, FileKind, Kind, Lowered, Project, SourceFile};

fn bicep_files() -> Vec<std::path::PathBuf> {
    common::files_under(&common::corpus_dir(), &|n: &str| {
        n.ends_with(".bicep") || n.ends_with(".bicepparam")
    })
}

#[test]
fn every_corpus_bicep_file_parses_without_errors() {
    let files = bicep_files();
    assert!(files.len() > 800, "found {} Bicep files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let errors = residency::syntax::bicep::syntax_errors(&text);
        if let Some(e) = errors.first() {
            let line = text[..e.range.start as usize].lines().count();
            failures.push(format!(
                "{}:{line}: {} ({} errors)",
                path.display(),
                e.message,
                errors.len()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files have syntax errors:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Lowers a Bicep file of the corpus (with its `.bicepparam` file when given), reading its
/// local modules from disk.
fn lower(main: &Path, params: Option<&Path>) -> (Project, Lowered) {
    let read = |p: &Path| SourceFile {
        path: p.to_path_buf(),
        text: Arc::from(std::fs::read_to_string(p).unwrap()),
        kind: if p.extension().is_some_and(|e| e == "bicepparam") {
            FileKind::BicepParam
        } else {
            FileKind::Bicep
        },
    };
    let mut project = Project {
        files: vec![read(main)],
    };
    let params = params.map(|p| {
        project.files.push(read(p));
        1
    });
    let load = |p: &Path| std::fs::read_to_string(p).ok().map(Arc::from);
    let lowered = bicep::lower(
        &mut project,
        0,
        params,
        &load,
        &residency::resolve::resources,
    );
    (project, lowered)
}

#[test]
fn lowering_every_corpus_file_never_panics() {
    let mut resources = 0;
    let mut identity = 0;
    for path in bicep_files()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bicep"))
    {
        let (_, lowered) = lower(path, None);
        resources += lowered.resources.len();
        identity += lowered
            .resources
            .iter()
            .filter(|r| r.kind.is_identity())
            .count();
    }
    assert!(resources > 1000, "{resources} resources");
    assert!(identity >= 5, "{identity} identity resources");
}

fn identity_dir() -> std::path::PathBuf {
    common::corpus_dir().join("identity")
}

#[test]
fn aadds_dual_region_replica_sets() {
    let main = identity_dir().join(
        "bicep/src/Bicep.Core.Samples/Files/user_submitted/101/aadds-dual-region-replica-sets/main.bicep",
    );
    let (_, lowered) = lower(&main, None);
    let ds: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == Kind::DomainServices)
        .collect();
    assert_eq!(ds.len(), 1);
    let ds = ds[0];
    assert_eq!(ds.location.as_ref().unwrap().as_str(), Some("West Europe"));
    assert_eq!(ds.replicas.len(), 2);
    let r1 = &ds.replicas[0];
    assert_eq!(r1.location.as_ref().unwrap().as_str(), Some("East US"));
    let n1 = r1.network.as_ref().expect("replica set 1 finds its VNet");
    assert_eq!(n1.name, "aadds-eus-vnet");
    assert_eq!(n1.location.as_str(), Some("East US"));
    let r2 = &ds.replicas[1];
    assert_eq!(r2.location.as_ref().unwrap().as_str(), Some("West Europe"));
    let n2 = r2.network.as_ref().expect("replica set 2 finds its VNet");
    assert_eq!(n2.location.as_str(), Some("West Europe"));
}

#[test]
fn gpt_rag_b2c_tenant_in_united_states() {
    let main = identity_dir().join("GPT-RAG/infra/main.bicep");
    let (project, lowered) = lower(&main, None);
    let b2c: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == Kind::B2cTenant)
        .collect();
    assert_eq!(
        b2c.len(),
        1,
        "the tenant is in the module core/identity/b2c.bicep"
    );
    let location = b2c[0].location.as_ref().unwrap();
    assert_eq!(location.as_str(), Some("United States"));
    let file = &project.files[b2c[0].decl.file];
    assert!(file.path.ends_with("core/identity/b2c.bicep"));
    // The literal can be rewritten in place.
    let lit = location.literal.unwrap();
    assert_eq!(&file.text[lit.range.as_range()], "United States");
    // The country code comes through the parameter default of the module.
    let cc = b2c[0].country_code.as_ref().unwrap();
    assert_eq!(cc.as_str(), Some("US"));
    assert_eq!(cc.origin[0].note, "parameter `countryCode` default");
}

#[test]
fn avm_domain_service_location_is_unknown() {
    let dir = identity_dir().join("bicep-registry-modules/avm/res/aad/domain-service");
    let (_, lowered) = lower(&dir.join("main.bicep"), None);
    let ds: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == Kind::DomainServices)
        .collect();
    assert_eq!(ds.len(), 1);
    let location = ds[0].location.as_ref().unwrap();
    assert_eq!(
        location.unknown_reason(),
        Some(
            "resourceGroup().location is decided by the resource group the template is deployed to"
        )
    );
    assert_eq!(location.origin[0].note, "parameter `location` default");

    // The test deployment passes its own values into the module.
    let (project, lowered) = lower(&dir.join("tests/e2e/waf-aligned/main.test.bicep"), None);
    let ds: Vec<_> = lowered
        .resources
        .iter()
        .filter(|r| r.kind == Kind::DomainServices)
        .collect();
    assert_eq!(ds.len(), 1, "the managed domain of module testDeployment");
    let location = ds[0].location.as_ref().unwrap();
    assert_eq!(
        location.unknown_reason(),
        Some(
            "deployment().location is decided by the location given when the deployment is created"
        )
    );
    assert_eq!(
        location.origin[0].note,
        "parameter `location` of module `testDeployment` (main.test.bicep)"
    );
    assert_eq!(ds[0].replicas.len(), 2);
    let replica = ds[0].replicas[1].location.as_ref().unwrap();
    assert_eq!(replica.as_str(), Some("NorthEurope"));
    let lit = replica.literal.unwrap();
    assert!(project.files[lit.file].path.ends_with("main.test.bicep"));
    assert_eq!(
        &project.files[lit.file].text[lit.range.as_range()],
        "NorthEurope"
    );
    // The replica's subnet comes from an output of the dependencies module: its VNet is found.
    let network = ds[0].replicas[1]
        .network
        .as_ref()
        .expect("the replica VNet");
    assert!(network.name.ends_with("-replica"), "{}", network.name);
    assert_eq!(network.location.as_str(), Some("NorthEurope"));
}

/// What a user types is a prefix of a finished file: every prefix parses (errors inside the
/// text) and lowers without panicking.
#[test]
fn every_prefix_of_real_files_parses_and_lowers() {
    let dir = identity_dir();
    for (rel, step) in [
        (
            "bicep/src/Bicep.Core.Samples/Files/user_submitted/101/aadds-dual-region-replica-sets/main.bicep",
            1,
        ),
        ("bicep-registry-modules/avm/res/aad/domain-service/main.bicep", 3),
        ("GPT-RAG/infra/core/identity/b2c.bicep", 1),
    ] {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(step)
            .collect();
        for (n, &i) in cuts.iter().enumerate() {
            let prefix = &text[..i];
            let file = residency::syntax::bicep::parse(prefix);
            assert!(file.errors.iter().all(|e| e.range.end as usize <= i));
            if n % 40 == 0 {
                let mut project = Project {
                    files: vec![SourceFile {
                        path: path.clone(),
                        text: Arc::new(prefix.to_string()),
                        kind: FileKind::Bicep,
                    }],
                };
                let load = |_: &Path| None;
                let _ = bicep::lower(&mut project, 0, None, &load, &residency::resolve::resources);
            }
        }
    }
}
