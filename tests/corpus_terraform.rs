//! The Terraform front-end on the real files of the corpus: every file parses without a syntax
//! error, every folder lowers, and the identity examples resolve to the locations they write.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use residency::model::{terraform, FileKind, Kind, Lowered, Project, SourceFile, Val};
use residency::syntax::hcl;

fn kind_of(name: &str) -> Option<FileKind> {
    if name.ends_with(".tfvars.json") {
        Some(FileKind::TfVarsJson)
    } else if name.ends_with(".tfvars") {
        Some(FileKind::TfVars)
    } else if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tf") {
        Some(FileKind::TerraformHcl)
    } else {
        None
    }
}

fn is_terraform(name: &str) -> bool {
    kind_of(name).is_some()
}

/// Every Terraform file of the corpus (identity and bulk).
fn corpus_files() -> Vec<PathBuf> {
    let corpus = common::corpus_dir();
    let mut files = common::files_under(&corpus.join("identity"), &is_terraform);
    files.extend(common::files_under(&corpus.join("bulk"), &is_terraform));
    files
}

/// Terraform's order of variable files: terraform.tfvars(.json), then *.auto.tfvars(.json)
/// lexically. With `all`, the other tfvars files follow (as `-var-file` would add them).
fn tfvars_order(names: &[String], all: bool) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    for fixed in ["terraform.tfvars", "terraform.tfvars.json"] {
        order.extend(names.iter().position(|n| n == fixed));
    }
    let mut auto: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].ends_with(".auto.tfvars") || names[i].ends_with(".auto.tfvars.json"))
        .collect();
    auto.sort_by_key(|&i| &names[i]);
    order.extend(auto);
    if all {
        let mut rest: Vec<usize> = (0..names.len()).filter(|i| !order.contains(i)).collect();
        rest.sort_by_key(|&i| &names[i]);
        order.extend(rest);
    }
    order
}

/// Loads the Terraform files of `paths` (one folder) as a project and lowers it.
fn lower_folder(paths: &[PathBuf], all_tfvars: bool) -> (Project, Lowered) {
    let mut project = Project::default();
    let mut module = Vec::new();
    let mut var_files = Vec::new();
    let mut var_names = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let kind = kind_of(&name).unwrap();
        let id = project.files.len();
        project.files.push(SourceFile {
            path: path.clone(),
            text: Arc::from(std::fs::read_to_string(path).unwrap()),
            kind,
        });
        if matches!(kind, FileKind::TfVars | FileKind::TfVarsJson) {
            var_files.push(id);
            var_names.push(name);
        } else {
            module.push(id);
        }
    }
    let tfvars: Vec<usize> = tfvars_order(&var_names, all_tfvars)
        .into_iter()
        .map(|i| var_files[i])
        .collect();
    let lowered = terraform::lower(
        &mut project,
        &module,
        &tfvars,
        &residency::model::LoadNothing,
        &residency::resolve::resources,
    );
    (project, lowered)
}

fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

#[test]
fn every_terraform_file_parses_without_errors() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let errors = match kind_of(&name).unwrap() {
            FileKind::TerraformHcl => {
                *counts.entry(".tf").or_default() += 1;
                hcl::parse(&text).errors
            }
            FileKind::TfVars => {
                *counts.entry(".tfvars").or_default() += 1;
                hcl::parse(&text).errors
            }
            kind => {
                *counts
                    .entry(if kind == FileKind::TfVarsJson {
                        ".tfvars.json"
                    } else {
                        ".tf.json"
                    })
                    .or_default() += 1;
                // JSON files go through the lowering, which parses their templates too.
                let (_, lowered) = lower_folder(std::slice::from_ref(&path), false);
                lowered.syntax_errors.into_iter().map(|(_, e)| e).collect()
            }
        };
        for e in errors.iter().take(3) {
            failures.push(format!(
                "{}:{}: {}",
                path.display(),
                line_of(&text, e.range.start),
                e.message
            ));
        }
    }
    eprintln!(
        "parsed Terraform files: {counts:?}; syntax errors: {}",
        failures.len()
    );
    assert!(
        counts.values().sum::<usize>() > 1000,
        "expected the corpus's Terraform files: {counts:?}"
    );
    assert!(
        failures.is_empty(),
        "syntax errors:\n{}",
        failures.join("\n")
    );
}

/// The parser's trees survive a round trip: every attribute expression, cut out of its file and
/// parsed alone, gives the same tree (ranges aside).
#[test]
fn expression_ranges_cover_their_text() {
    let mut checked = 0;
    for path in corpus_files().iter().step_by(7) {
        let text = std::fs::read_to_string(path).unwrap();
        if !path.to_string_lossy().ends_with(".tf") {
            continue;
        }
        let parsed = hcl::parse(&text);
        let mut stack: Vec<&hcl::Body> = vec![&parsed.body];
        while let Some(body) = stack.pop() {
            for item in &body.items {
                match item {
                    hcl::Structure::Block(b) => stack.push(&b.body),
                    hcl::Structure::Attribute(a) => {
                        let src = &text[a.expr.range.as_range()];
                        if src.contains("<<") {
                            continue; // a heredoc's closing line is not part of a one-line cut
                        }
                        let again = hcl::parse(&format!("x = {src}\n"));
                        let e = &again.body.attribute("x").unwrap().expr;
                        assert!(again.errors.is_empty(), "{}: {src}", path.display());
                        let mut e = e.clone();
                        let shift = a.expr.range.start - 4;
                        e.map_ranges(&|o| o + shift);
                        assert_eq!(e, a.expr, "{}: {src}", path.display());
                        checked += 1;
                    }
                }
            }
        }
    }
    eprintln!("round-tripped {checked} attribute expressions");
    assert!(checked > 1000);
}

/// Every prefix of a few real files parses (no panic, no hang), with errors inside the text.
#[test]
fn every_prefix_of_real_files_parses() {
    let corpus = common::corpus_dir();
    let files = [
        "identity/terraform-provider-azurerm/website/docs/r/active_directory_domain_service.html.markdown.example-1.tf",
        "identity/terraform-azurerm-avm-res-aad-domainservice/main.tf",
        "identity/terraform-azurerm-avm-res-aad-domainservice/locals.tf",
    ];
    for rel in files {
        let text = std::fs::read_to_string(corpus.join(rel)).unwrap();
        let full = hcl::parse(&text);
        assert!(full.errors.is_empty(), "{rel}");
        let mut cuts = 0;
        for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
            let prefix = &text[..cut];
            let parsed = hcl::parse(prefix);
            for e in &parsed.errors {
                assert!(
                    e.range.end as usize <= prefix.len(),
                    "{rel} cut at {cut}: {e:?}"
                );
            }
            cuts += 1;
        }
        eprintln!("{rel}: {cuts} prefixes parsed");
    }
}

/// Every folder of Terraform files lowers without panicking.
#[test]
fn every_folder_lowers() {
    let mut folders: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in corpus_files() {
        folders
            .entry(path.parent().unwrap().to_path_buf())
            .or_default()
            .push(path);
    }
    let (mut resources, mut identity, mut unknown_identity, mut errors) = (0, 0, 0, 0);
    for paths in folders.values() {
        for all in [false, true] {
            let (_, lowered) = lower_folder(paths, all);
            errors += lowered.syntax_errors.len();
            if all {
                continue;
            }
            resources += lowered.resources.len();
            for r in &lowered.resources {
                if r.kind.is_identity() {
                    identity += 1;
                    if r.location.as_ref().is_none_or(Val::is_unknown) {
                        unknown_identity += 1;
                    }
                }
            }
        }
    }
    eprintln!(
        "lowered {} folders: {resources} resources, {identity} identity resources \
         ({unknown_identity} with a location not provable statically)",
        folders.len()
    );
    assert_eq!(errors, 0);
    assert!(identity > 10);
}

fn lower_one(rel: &str) -> (Project, Lowered) {
    let path = common::corpus_dir().join(rel);
    assert!(path.is_file(), "{}", path.display());
    lower_folder(&[path], false)
}

fn text_at(p: &Project, loc: residency::model::Loc) -> &str {
    &p.files[loc.file].text[loc.range.as_range()]
}

#[test]
fn azurerm_b2c_doc_example_is_in_the_united_states() {
    let (p, l) = lower_one(
        "identity/terraform-provider-azurerm/website/docs/r/aadb2c_directory.html.markdown.example-1.tf",
    );
    let tenants: Vec<_> = l
        .resources
        .iter()
        .filter(|r| r.kind == Kind::B2cTenant)
        .collect();
    assert_eq!(tenants.len(), 1);
    let t = tenants[0];
    assert_eq!(t.name, "azurerm_aadb2c_directory.example");
    let loc = t.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("United States"));
    assert_eq!(text_at(&p, loc.literal.unwrap()), "United States");
    assert_eq!(t.country_code.as_ref().and_then(Val::as_str), Some("US"));
}

#[test]
fn infracost_domain_services_fixtures_are_in_australiaeast() {
    let base = "identity/infracost/internal/providers/terraform/azure/testdata";
    for rel in [
        "active_directory_domain_service_test/active_directory_domain_service_test.tf",
        "active_directory_domain_service_replica_set_test/active_directory_domain_service_replica_set_test.tf",
    ] {
        let (_, l) = lower_one(&format!("{base}/{rel}"));
        let ds: Vec<_> = l
            .resources
            .iter()
            .filter(|r| {
                matches!(
                    r.kind,
                    Kind::DomainServices | Kind::DomainServicesReplicaSet
                )
            })
            .collect();
        assert!(!ds.is_empty(), "{rel}");
        for r in ds {
            assert_eq!(
                r.location.as_ref().and_then(Val::as_str),
                Some("australiaeast"),
                "{rel}: {}",
                r.name
            );
            assert_eq!(r.replicas.len(), 1, "{rel}: {}", r.name);
            let net = r.replicas[0].network.as_ref().expect("network resolved");
            assert_eq!(net.name, "azurerm_virtual_network.deploy");
            assert_eq!(net.location.as_str(), Some("australiaeast"));
        }
    }
}

#[test]
fn azurerm_domain_services_doc_example_network_is_in_west_europe() {
    let (p, l) = lower_one(
        "identity/terraform-provider-azurerm/website/docs/r/active_directory_domain_service.html.markdown.example-1.tf",
    );
    let ds = l
        .resources
        .iter()
        .find(|r| r.kind == Kind::DomainServices)
        .unwrap();
    assert_eq!(ds.name, "azurerm_active_directory_domain_service.example");
    let loc = ds.location.as_ref().unwrap();
    assert_eq!(loc.as_str(), Some("westeurope"));
    assert_eq!(
        loc.origin[0].note,
        "location of azurerm_resource_group.aadds"
    );
    let replica = &ds.replicas[0];
    assert_eq!(replica.label, "initial replica set");
    let net = replica.network.as_ref().unwrap();
    assert_eq!(net.name, "azurerm_virtual_network.deploy");
    assert_eq!(net.location.as_str(), Some("West Europe"));
    let notes: Vec<&str> = net
        .location
        .origin
        .iter()
        .map(|o| o.note.as_str())
        .collect();
    assert_eq!(
        notes,
        vec![
            "location of virtual network `azurerm_virtual_network.deploy`",
            "location of azurerm_resource_group.deploy"
        ]
    );
    assert_eq!(text_at(&p, net.location.literal.unwrap()), "West Europe");
}

#[test]
fn avm_domain_services_module_needs_its_location() {
    let dir = common::corpus_dir().join("identity/terraform-azurerm-avm-res-aad-domainservice");
    let paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_terraform(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    let (_, l) = lower_folder(&paths, false);
    let ds = l
        .resources
        .iter()
        .find(|r| r.kind == Kind::DomainServices)
        .expect("azapi domainServices");
    assert_eq!(ds.name, "azapi_resource.this");
    assert_eq!(ds.arm_type.as_deref(), Some("microsoft.aad/domainservices"));
    assert_eq!(
        ds.location.as_ref().and_then(Val::unknown_reason),
        Some("variable `location` has no default and no tfvars sets it")
    );
    // concat([{ subnetId = var.subnet_resource_id, location = var.location }], [for ... in {}]).
    assert_eq!(ds.replicas.len(), 1);
    assert_eq!(ds.replicas[0].label, "replica set 1");
    assert!(ds.replicas[0].location.as_ref().unwrap().is_unknown());
}
