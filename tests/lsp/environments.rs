//! Terraform variable files named in `.residency.yaml`, in the editor: the server checks a
//! Terraform folder per environment, as the CLI does.

use crate::fixtures::*;
use crate::project_fixtures::TERRAFORM_DOMAIN_MODULE;
use crate::test_server::TestServer;

/// An environment's variable file decides the finding, and the finding says which file.
#[test]
fn a_variable_file_named_in_the_configuration_is_an_environment() {
    let root = tempfile::tempdir().unwrap();
    write(
        root.path(),
        ".residency.yaml",
        "var_files:\n  - \"envs/*.tfvars\"\n",
    );
    std::fs::create_dir_all(root.path().join("envs")).unwrap();
    write(root.path(), "envs/prod.tfvars", "location = \"eastus\"\n");
    let main = write(root.path(), "main.tf", TERRAFORM_DOMAIN_MODULE);
    let mut server = TestServer::builder().workspace_folder(root.path()).start();
    let diags = server.open_and_diagnose(&main, "terraform", TERRAFORM_DOMAIN_MODULE);
    let d = eu010(&diags);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("eastus") && message.contains("prod.tfvars"),
        "{message}"
    );
    assert!(!codes(&diags).contains(&"EU090".to_string()), "{diags:?}");
    assert!(server.shutdown_and_exit().success());
}
