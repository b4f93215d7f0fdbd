//! Bicep registry modules from the local restore cache, in the editor.

use crate::fixtures::*;
use crate::project_fixtures::ARM_DOMAIN_TEMPLATE;
use crate::test_server::TestServer;

/// A restored registry module is checked with what the Bicep file passes: its finding is
/// published for the cached template, and an unsaved edit of the caller clears it.
#[test]
fn a_restored_registry_module_is_checked_with_its_caller() {
    let root = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cache.path().join("br/contoso.azurecr.io/aadds/1.0$")).unwrap();
    let cached = write(
        cache.path(),
        "br/contoso.azurecr.io/aadds/1.0$/main.json",
        ARM_DOMAIN_TEMPLATE,
    )
    // A URI has the cache folder's `$` percent-encoded.
    .replace('$', "%24");
    write(
        root.path(),
        "bicepconfig.json",
        &format!(
            "{{ \"cacheRootDirectory\": {} }}",
            serde_json::to_string(&cache.path().display().to_string()).unwrap()
        ),
    );
    let text = "module dc 'br:contoso.azurecr.io/aadds:1.0' = {\n  name: 'dc'\n  params: {\n    location: 'eastus'\n  }\n}\n";
    let main = write(root.path(), "main.bicep", text);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    // The workspace scan checks the caller and publishes the cached template's finding.
    server.diagnostics_where(&cached, |d| codes(d).contains(&"EU010".to_string()));
    server.open_and_diagnose(&main, "bicep", text);
    server.replace_text(&main, 2, &text.replace("eastus", "westeurope"));
    server.diagnostics_where(&cached, |d| d.is_empty());
    assert!(server.shutdown_and_exit().success());
}
