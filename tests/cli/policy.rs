//! `extends:` in `.residency.yaml`: a repository's configuration built on the organisation's
//! file, which it may tighten but not loosen; chains are bounded, cycles and URLs refused.

use serde_json::Value;

use crate::cli_support::*;

/// A managed domain in `uksouth` (inside `europe`, outside `eu-data-boundary`).
const UK_DOMAIN: &str = r#"resource "azurerm_active_directory_domain_service" "aadds" {
  name                = "aadds.contoso.com"
  location            = "uksouth"
  resource_group_name = "rg"
  domain_name         = "aadds.contoso.com"
  sku                 = "Standard"
}
"#;

const ORG: &str = "boundary: eu-data-boundary\nrules:\n  EU050: warning\nunsuppressible: [EU010]\n";

fn check(dir: &std::path::Path) -> Value {
    residency(
        dir,
        ["check", "--format", "json", "--fail-on", "never", "repo"],
    )
    .expect_code(0)
    .json()
}

fn refused(files: &[(&str, &str)]) -> String {
    let dir = tree(files);
    let run = residency(dir.path(), ["check", "repo"]);
    run.expect_code(2);
    run.stderr.clone()
}

#[test]
fn a_repository_inherits_the_organisations_boundary_levels_and_unsuppressible_rules() {
    let commented = UK_DOMAIN.replace(
        "  location            = \"uksouth\"",
        "  # residency-ignore: EU010 -- we think the UK is fine\n  location            = \"uksouth\"",
    );
    let dir = tree(&[
        ("policy/residency.yaml", ORG),
        (
            "repo/.residency.yaml",
            "extends: ../policy/residency.yaml\n",
        ),
        ("repo/main.tf", &commented),
    ]);
    let doc = check(dir.path());
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    // The organisation's boundary flags the UK region; its `unsuppressible` refuses the comment.
    assert_eq!(found, ["E003", "EU010"], "{doc:#}");
    let eu010 = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EU010")
        .unwrap();
    assert!(
        eu010["message"]
            .as_str()
            .unwrap()
            .contains("outside the EU Data Boundary"),
        "{eu010}"
    );
    // Without `extends`, the repository's own defaults: the UK is in Europe.
    let dir = tree(&[("repo/main.tf", UK_DOMAIN)]);
    assert!(codes_in(&check(dir.path()), "diagnostics").is_empty());
}

#[test]
fn the_organisations_waivers_apply_and_are_not_reported_unused_elsewhere() {
    let org = format!(
        "{ORG}waivers:\n  - rule: EU010\n    resource: azurerm_active_directory_domain_service.aadds\n    reason: approved by the CISO\n    owner: security\n  - rule: EU001\n    resource: azurerm_aadb2c_directory.other_repo\n    reason: another repository's\n    owner: security\n"
    );
    let dir = tree(&[
        ("policy/residency.yaml", &org),
        (
            "repo/.residency.yaml",
            "extends: ../policy/residency.yaml\n",
        ),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    let doc = check(dir.path());
    assert!(codes_in(&doc, "diagnostics").is_empty(), "{doc:#}");
    assert_eq!(codes_in(&doc, "suppressed"), ["EU010"]);
    assert_eq!(doc["suppressed"][0]["suppression"]["owner"], "security");
    // Expired, it matters here: reported on the organisation's file.
    let org = org.replacen(
        "owner: security\n",
        "owner: security\n    expires: 2020-06-30\n",
        1,
    );
    let dir = tree(&[
        ("policy/residency.yaml", &org),
        (
            "repo/.residency.yaml",
            "extends: ../policy/residency.yaml\n",
        ),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    let doc = check(dir.path());
    let mut found = codes_in(&doc, "diagnostics");
    found.sort();
    assert_eq!(found, ["E004", "EU010"], "{doc:#}");
}

#[test]
fn a_repository_may_tighten_the_organisations_policy() {
    let repo = "extends: ../policy/residency.yaml\nboundary: custom\nallowed_regions: [germanywestcentral]\nrules:\n  EU050: error\nunsuppressible: [EU001]\n";
    let dir = tree(&[
        ("policy/residency.yaml", ORG),
        ("repo/.residency.yaml", repo),
        ("repo/main.tf", &UK_DOMAIN.replace("uksouth", "westeurope")),
    ]);
    let doc = check(dir.path());
    assert_eq!(codes_in(&doc, "diagnostics"), ["EU010"], "{doc:#}");
}

#[test]
fn a_repository_may_not_loosen_the_organisations_policy() {
    let with = |repo: &str| {
        refused(&[
            ("policy/residency.yaml", ORG),
            ("repo/.residency.yaml", repo),
            ("repo/main.tf", UK_DOMAIN),
        ])
    };
    let stderr = with("extends: ../policy/residency.yaml\nboundary: europe\n");
    assert!(
        stderr.contains("`boundary` allows `uksouth` and `ukwest` outside the boundary of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("a repository may narrow the boundary, not widen it"),
        "{stderr}"
    );
    let stderr = with("extends: ../policy/residency.yaml\nrules:\n  EU050: info\n");
    assert!(
        stderr.contains("`rules.EU050` is `info` here, below `warning` in"),
        "{stderr}"
    );
    // Below a default the organisation left alone, too.
    let stderr = with("extends: ../policy/residency.yaml\nrules:\n  EU001: off\n");
    assert!(
        stderr.contains("`rules.EU001` is `off` here, below `error`"),
        "{stderr}"
    );
    let stderr = with(
        "extends: ../policy/residency.yaml\nwaivers:\n  - rule: EU010\n    reason: mine\n    owner: me\n",
    );
    assert!(
        stderr.contains("lists EU010 as `unsuppressible`, so only its own waivers can waive it"),
        "{stderr}"
    );
}

#[test]
fn an_extends_chain_is_bounded_and_a_cycle_or_a_url_is_refused() {
    // A cycle through two files.
    let stderr = refused(&[
        ("policy/a.yaml", "extends: b.yaml\n"),
        ("policy/b.yaml", "extends: a.yaml\n"),
        ("repo/.residency.yaml", "extends: ../policy/a.yaml\n"),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert!(stderr.contains("`extends` makes a cycle:"), "{stderr}");
    // A file that extends itself.
    let stderr = refused(&[
        ("repo/.residency.yaml", "extends: .residency.yaml\n"),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert!(stderr.contains("`extends` makes a cycle"), "{stderr}");
    // Never fetched.
    let stderr = refused(&[
        (
            "repo/.residency.yaml",
            "extends: https://example.com/policy.yaml\n",
        ),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert!(
        stderr.contains("is not a local file: residency never fetches"),
        "{stderr}"
    );
    // Missing.
    let stderr = refused(&[
        ("repo/.residency.yaml", "extends: ../policy/missing.yaml\n"),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert!(stderr.contains("missing.yaml: cannot read"), "{stderr}");
    // A device is never read: it could be endless.
    let stderr = refused(&[
        ("repo/.residency.yaml", "extends: /dev/zero\n"),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert!(
        stderr.contains("/dev/zero: cannot read: not a regular file"),
        "{stderr}"
    );
    // Nine files in a row.
    let mut files: Vec<(String, String)> = (0..9)
        .map(|i| {
            (
                format!("policy/{i}.yaml"),
                format!("extends: {}.yaml\n", i + 1),
            )
        })
        .collect();
    files.push(("policy/9.yaml".into(), "boundary: europe\n".into()));
    files.push((
        "repo/.residency.yaml".into(),
        "extends: ../policy/0.yaml\n".into(),
    ));
    files.push(("repo/main.tf".into(), UK_DOMAIN.into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let stderr = refused(&refs);
    assert!(
        stderr.contains("`extends` chains more than 8 files"),
        "{stderr}"
    );
    // A chain of three is fine.
    let dir = tree(&[
        ("policy/base.yaml", "boundary: eu-data-boundary\n"),
        ("policy/residency.yaml", "extends: base.yaml\n"),
        (
            "repo/.residency.yaml",
            "extends: ../policy/residency.yaml\n",
        ),
        ("repo/main.tf", UK_DOMAIN),
    ]);
    assert_eq!(codes_in(&check(dir.path()), "diagnostics"), ["EU010"]);
}
