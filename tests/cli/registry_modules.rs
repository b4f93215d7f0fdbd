//! Bicep registry modules from the local restore cache: a `br/public:` or `br:` module that
//! `bicep restore` put in the cache (the test makes a fake one) is checked with the values its
//! module statement passes; one that is not restored, and a template spec, is not followed,
//! and a value read from its outputs is unknown with that reason. Nothing is downloaded.

use std::path::Path;

use crate::cli_support::*;

/// A registry module's compiled template, as `bicep build` writes it.
const COMPILED_DOMAIN: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": { "_generator": { "name": "bicep", "version": "0.30.23.60470", "templateHash": "1" } },
  "parameters": {
    "name": { "type": "string" },
    "location": { "type": "string", "defaultValue": "[resourceGroup().location]" }
  },
  "resources": [
    {
      "type": "Microsoft.AAD/domainServices",
      "apiVersion": "2022-12-01",
      "name": "[parameters('name')]",
      "location": "[parameters('location')]",
      "properties": { "domainName": "[parameters('name')]" }
    }
  ],
  "outputs": { "id": { "type": "string", "value": "[resourceId('Microsoft.AAD/domainServices', parameters('name'))]" } }
}
"#;

/// Where Bicep's cache keeps `br/public:avm/res/aad/domain-service:0.3.1`, under `root`.
const PUBLIC_MODULE_DIR: &str = "br/mcr.microsoft.com/bicep$avm$res$aad$domain-service/0.3.1$";

fn main_bicep(module: &str, region: &str) -> String {
    format!(
        "module dc '{module}' = {{\n  name: 'dc'\n  params: {{\n    name: 'aadds.contoso.com'\n    location: '{region}'\n  }}\n}}\n"
    )
}

/// A project whose bicepconfig.json puts the cache in `cache/` (beside the project), with the
/// public module restored.
fn project(region: &str) -> tempfile::TempDir {
    let dir = tree(&[
        (
            "app/main.bicep",
            &main_bicep("br/public:avm/res/aad/domain-service:0.3.1", region),
        ),
        (
            &format!("cache/{PUBLIC_MODULE_DIR}/main.json"),
            COMPILED_DOMAIN,
        ),
    ]);
    let cache = dir.path().join("cache");
    write(
        dir.path(),
        "app/bicepconfig.json",
        format!(
            "{{\n  // the team's cache\n  \"cacheRootDirectory\": {}\n}}\n",
            serde_json::to_string(&cache.display().to_string()).unwrap()
        ),
    );
    dir
}

#[test]
fn a_restored_registry_module_is_checked_with_the_values_passed() {
    let dir = project("eastus");
    let report = check_json(&dir.path().join("app"), &[], 1);
    let d = report.only("EU010");
    assert!(
        d.path.ends_with(&format!("{PUBLIC_MODULE_DIR}/main.json")),
        "the finding is in the cached module: {}",
        d.path
    );
    assert!(d.message.contains("eastus"), "{}", d.message);
    assert!(
        d.related.iter().any(|r| r.path == "main.bicep"
            && r.message
                .contains("parameter `location` of module `dc` (main.bicep)")),
        "the chain names the module statement that passes the value: {:#?}",
        d.related
    );
    let fix = d.fix.as_ref().expect("a fix of the value passed");
    assert_eq!(
        fix.edits[0].path, "main.bicep",
        "never an edit in the cache"
    );

    let clean = project("germanywestcentral");
    let report = check_json(&clean.path().join("app"), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn aliases_and_tags_map_to_the_cache_as_bicep_writes_it() {
    let dir = project("eastus");
    // A private registry under an alias with a module path, and a tag with capitals.
    write(
        dir.path(),
        "app/main.bicep",
        main_bicep("br/corp:identity/aadds:V1", "eastus"),
    );
    let cache = dir.path().join("cache");
    write(
        dir.path(),
        "app/bicepconfig.json",
        format!(
            r#"{{ "cacheRootDirectory": {}, "moduleAliases": {{ "br": {{ "corp": {{ "registry": "Corp.azurecr.io", "modulePath": "bicep/modules" }} }} }} }}"#,
            serde_json::to_string(&cache.display().to_string()).unwrap()
        ),
    );
    write(
        dir.path(),
        "cache/br/corp.azurecr.io/bicep$modules$identity$aadds/V1$1/main.json",
        COMPILED_DOMAIN,
    );
    let report = check_json(&dir.path().join("app"), &[], 1);
    assert!(report.only("EU010").path.contains("V1$1"));
}

#[test]
fn a_module_that_is_not_restored_is_unknown_with_the_reason() {
    let dir = project("eastus");
    std::fs::remove_dir_all(dir.path().join("cache/br")).unwrap();
    // Nothing to check without the module, and no guess.
    let report = check_json(&dir.path().join("app"), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    // A value read from its outputs is unknown, saying why.
    let uses_output = format!(
        "{}\nresource d 'Microsoft.AAD/domainServices@2022-12-01' = {{\n  name: 'second'\n  location: dc.outputs.location\n}}\n",
        main_bicep("br/public:avm/res/aad/domain-service:0.3.1", "eastus")
    );
    write(dir.path(), "app/main.bicep", &uses_output);
    let report = check_json(&dir.path().join("app"), &[], 0);
    let d = report.only("EU090");
    assert!(
        d.text().contains("is not restored in the local cache")
            && d.text().contains("never downloads"),
        "{}",
        d.text()
    );

    // A template spec lives in Azure.
    write(
        dir.path(),
        "app/main.bicep",
        uses_output.replace(
            "br/public:avm/res/aad/domain-service:0.3.1",
            "ts:00000000-0000-0000-0000-000000000000/rg/aadds:1.0",
        ),
    );
    let report = check_json(&dir.path().join("app"), &[], 0);
    assert!(
        report.only("EU090").text().contains("template spec"),
        "{}",
        report.only("EU090").text()
    );
}

#[test]
fn the_default_cache_is_in_the_home_folder() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        &format!(".bicep/{PUBLIC_MODULE_DIR}/main.json"),
        COMPILED_DOMAIN,
    );
    let dir = tree(&[(
        "main.bicep",
        &main_bicep("br/public:avm/res/aad/domain-service:0.3.1", "eastus"),
    )]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_residency"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let d = report.only("EU010");
    assert!(Path::new(&d.path).ends_with(Path::new(PUBLIC_MODULE_DIR).join("main.json")));
}
