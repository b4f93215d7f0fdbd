//! Regression test over the real files of `../shared/corpus/identity` (ARM and Terraform): no
//! syntax error on these valid files, the known real cases found, and a snapshot of every
//! finding (reviewed by hand; see the issue notes).

mod common;

use std::path::{Path, PathBuf};

use residency::check::{self, Options, Outcome};
use residency::diagnostic::Diagnostic;

fn identity_outcome() -> (PathBuf, Outcome) {
    let identity = common::corpus_dir().join("identity");
    let outcome = check::check_paths(std::slice::from_ref(&identity), &Options::default()).unwrap();
    (identity, outcome)
}

/// `path` relative to `base`, both with `..` resolved (Bicep modules are reported under their
/// normalised path), with forward slashes.
fn rel(base: &Path, path: &Path) -> String {
    let (base, path) = (
        residency::paths::absolute(base),
        residency::paths::absolute(path),
    );
    path.strip_prefix(&base)
        .unwrap_or(&path)
        .display()
        .to_string()
        .replace('\\', "/")
}

fn line_of(outcome: &Outcome, d: &Diagnostic) -> usize {
    outcome.sources[&d.path][..d.range.start as usize]
        .matches('\n')
        .count()
        + 1
}

fn source_line<'a>(outcome: &'a Outcome, d: &Diagnostic) -> &'a str {
    let text = &outcome.sources[&d.path];
    let start = text[..d.range.start as usize]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[start..end].trim()
}

#[test]
fn identity_corpus_has_no_syntax_errors_and_matches_snapshot() {
    let (base, outcome) = identity_outcome();
    assert!(
        outcome.files_checked >= 100,
        "only {} files checked",
        outcome.files_checked
    );
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "E001" || d.code == "E002")
        .map(|d| {
            format!(
                "{}:{}: {} {}",
                rel(&base, &d.path),
                line_of(&outcome, d),
                d.code,
                d.message
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "valid corpus files reported as broken:\n{}",
        errors.join("\n")
    );

    // In the order of the paths relative to the corpus: the diagnostics are sorted by their
    // paths as reported, and those of Bicep modules are normalised (`..` resolved), so where
    // they sort would depend on the name of the folder the project is checked out in.
    let mut lines: Vec<(String, usize, String)> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (path, line) = (rel(&base, &d.path), line_of(&outcome, d));
            let text = format!(
                "{path}:{line} {} {}\n    | {}\n    = {}",
                d.code,
                d.severity.as_str(),
                source_line(&outcome, d),
                d.message
            );
            (path, line, text)
        })
        .collect();
    lines.sort();
    let lines: Vec<String> = lines.into_iter().map(|(_, _, text)| text).collect();
    insta::assert_snapshot!("identity_findings", lines.join("\n"));
}

fn findings<'a>(
    outcome: &'a Outcome,
    base: &Path,
    file_suffix: &str,
    code: &str,
) -> Vec<&'a Diagnostic> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == code && rel(base, &d.path).ends_with(file_suffix))
        .collect()
}

#[test]
fn dual_region_replica_sets_flag_east_us_only() {
    let (base, outcome) = identity_outcome();
    // `main.json` is compiled from the `main.bicep` beside it: its findings are the source's.
    assert!(
        findings(
            &outcome,
            &base,
            "aadds-dual-region-replica-sets/main.json",
            "EU010"
        )
        .is_empty(),
        "the compiled template is reported on its source"
    );
    for file in [
        "aadds-dual-region-replica-sets/main.bicep",
        "aadds-dual-region-replica-sets/main.symbolicnames.json",
    ] {
        let eu010 = findings(&outcome, &base, file, "EU010");
        assert!(!eu010.is_empty(), "{file}: no EU010");
        for d in &eu010 {
            assert!(
                d.message.to_lowercase().contains("eastus") || d.message.contains("East US"),
                "{file}: {}",
                d.message
            );
            assert!(
                !d.message.to_lowercase().contains("westeurope"),
                "{file}: {}",
                d.message
            );
        }
    }
}

#[test]
fn azurerm_b2c_doc_example_is_in_the_united_states() {
    let (base, outcome) = identity_outcome();
    let eu001 = findings(
        &outcome,
        &base,
        "aadb2c_directory.html.markdown.example-1.tf",
        "EU001",
    );
    assert_eq!(eu001.len(), 1, "{eu001:?}");
    assert!(eu001[0].message.contains("United States"));
    assert_eq!(
        source_line(&outcome, eu001[0]),
        "data_residency_location = \"United States\""
    );
}

#[test]
fn infracost_domain_services_in_australia_east() {
    let (base, outcome) = identity_outcome();
    let hits: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "EU010" && rel(&base, &d.path).starts_with("infracost/"))
        .collect();
    assert!(!hits.is_empty(), "no EU010 in the infracost fixtures");
    assert!(
        hits.iter().all(|d| d.message.contains("australiaeast")),
        "{hits:?}"
    );
}

#[test]
fn bulk_corpus_parses_without_syntax_errors() {
    let bulk = common::corpus_dir().join("bulk");
    let outcome = check::check_paths(std::slice::from_ref(&bulk), &Options::default()).unwrap();
    // 606 ARM JSON, 935 .tf and 50 .tfvars files.
    assert!(
        outcome.files_checked >= 1591,
        "only {} files checked",
        outcome.files_checked
    );
    let broken: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| matches!(d.code, "E001" | "E002"))
        .map(|d| {
            format!(
                "{}:{}: {} {}",
                rel(&bulk, &d.path),
                line_of(&outcome, d),
                d.code,
                d.message
            )
        })
        .collect();
    assert!(
        broken.is_empty(),
        "{} problems:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// The Azure Verified Module for Domain Services: its `examples/default` calls the module
/// (`source = "../../"`) with `germanywestcentral`, so the managed domain is proven in Europe
/// whether the whole corpus or the module's folder alone is checked.
#[test]
fn avm_domain_services_module_is_resolved_through_its_example() {
    let avm = common::corpus_dir()
        .join("identity")
        .join("terraform-azurerm-avm-res-aad-domainservice");
    let domain_findings = |outcome: &Outcome| -> Vec<String> {
        outcome
            .diagnostics
            .iter()
            .filter(|d| {
                d.path
                    .parent()
                    .is_some_and(|p| p.ends_with("terraform-azurerm-avm-res-aad-domainservice"))
            })
            .filter(|d| d.code.starts_with("EU0"))
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    };
    let (_, whole) = identity_outcome();
    assert_eq!(domain_findings(&whole), Vec::<String>::new());
    let alone = check::check_paths(std::slice::from_ref(&avm), &Options::default()).unwrap();
    assert_eq!(domain_findings(&alone), Vec::<String>::new());

    // A test copy whose example uses eastus: the managed domain is outside Europe.
    let copy = tempfile::tempdir().unwrap();
    for rel in [
        "main.tf",
        "variables.tf",
        "locals.tf",
        "outputs.tf",
        "terraform.tf",
        "examples/default/main.tf",
        "examples/default/variables.tf",
    ] {
        let text = std::fs::read_to_string(avm.join(rel)).unwrap();
        let text = text.replace("\"germanywestcentral\"", "\"eastus\"");
        let to = copy.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, text).unwrap();
    }
    let moved = check::check_paths(&[copy.path().to_path_buf()], &Options::default()).unwrap();
    let domain: Vec<&Diagnostic> = moved
        .diagnostics
        .iter()
        .filter(|d| {
            d.code == "EU010"
                && d.path.ends_with("main.tf")
                && source_line(&moved, d) == "location  = var.location"
        })
        .collect();
    assert_eq!(domain.len(), 1, "{:#?}", moved.diagnostics);
    assert!(
        domain[0].message.contains("eastus"),
        "{}",
        domain[0].message
    );
    assert!(
        domain[0]
            .related
            .iter()
            .any(|r| r.path.ends_with("examples/default/main.tf")),
        "the example gave the value: {:#?}",
        domain[0].related
    );
}
