//! Terraform module folders, checked in their callers' context in the editor too.

use serde_json::json;

use crate::fixtures::*;
use crate::project_fixtures::TERRAFORM_DOMAIN_MODULE;
use crate::test_server::TestServer;

const CALLER: &str = r#"module "aadds" {
  source   = "../../modules/aadds"
  location = "eastus"
}
"#;

/// Opened before its caller, the module is checked with what the caller found by the
/// workspace scan passes it (EU010, not EU090); an unsaved edit of the module is what the
/// caller's check reads.
#[test]
fn terraform_module_opened_alone_is_checked_with_its_callers() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("modules/aadds")).unwrap();
    std::fs::create_dir_all(root.path().join("envs/prod")).unwrap();
    write(root.path(), "envs/prod/main.tf", CALLER);
    let module = write(
        root.path(),
        "modules/aadds/main.tf",
        TERRAFORM_DOMAIN_MODULE,
    );
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    server.diagnostics_where(&module, |d| codes(d).contains(&"EU010".to_string()));
    let diags = server.open_and_diagnose(&module, "terraform", TERRAFORM_DOMAIN_MODULE);
    assert!(codes(&diags).contains(&"EU010".to_string()), "{diags:?}");
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    let fixed = TERRAFORM_DOMAIN_MODULE.replace("var.location", "\"westeurope\"");
    server.change(&module, 2, json!([{"text": fixed}]));
    let diags = server.diagnostics_for_version(&module, 2);
    assert!(!codes(&diags).contains(&"EU010".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}
