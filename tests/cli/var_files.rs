//! Variable files Terraform does not load itself (`--var-file`, `var_files:` in
//! `.residency.yaml`): each one is an environment of the nearest Terraform folder at or above
//! it that declares one of its variables, applied after the automatic tfvars as `terraform -var-file` is, and checked on its own.

use crate::cli_support::*;

/// A Terraform folder with a Domain Services managed domain at `var.location`, a
/// `terraform.tfvars` and two environments under `envs/`.
fn environments(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let main = tf_domain_services("example", "var.location");
    let mut files: Vec<(&str, &str)> = vec![
        ("infra/main.tf", main.as_str()),
        (
            "infra/variables.tf",
            "variable \"location\" {\n  type = string\n}\n\nvariable \"sku\" {\n  type = string\n}\n",
        ),
        ("infra/terraform.tfvars", "location = \"westeurope\"\nsku = \"Standard\"\n"),
        ("infra/envs/prod.tfvars", "location = \"eastus\"\n"),
        ("infra/envs/dev.tfvars", "sku = \"Enterprise\"\n"),
    ];
    files.extend_from_slice(extra);
    tree(&files)
}

#[test]
fn without_var_files_only_the_automatic_tfvars_apply() {
    let dir = environments(&[]);
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_var_file_on_the_command_line_is_applied_last() {
    let dir = environments(&[]);
    let report = check_json(dir.path(), &["--var-file", "infra/envs/prod.tfvars"], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "infra/main.tf");
    assert!(d.message.contains("eastus"), "{}", d.message);
    assert!(
        d.message.contains("with variable file `prod.tfvars`"),
        "says which environment: {}",
        d.message
    );
    assert_eq!(
        d.context.as_ref().and_then(|c| c.environment.as_deref()),
        Some("infra/envs/prod.tfvars"),
        "the JSON names the environment file"
    );
    assert!(
        d.related.iter().any(|r| r.path == "infra/envs/prod.tfvars"),
        "the chain ends in the variable file: {:#?}",
        d.related
    );
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(
        fix.edits[0].path, "infra/envs/prod.tfvars",
        "the fix edits the environment's value"
    );

    // dev.tfvars keeps terraform.tfvars' location: no finding.
    let report = check_json(dir.path(), &["--var-file", "infra/envs/dev.tfvars"], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn environments_are_separate_contexts_not_merged() {
    // Merged (as one `terraform -var-file a -var-file b`), dev.tfvars would not undo prod's
    // location either way; checked apart, prod is flagged with its name and dev is not.
    let dir = environments(&[]);
    let report = check_json(
        dir.path(),
        &[
            "--var-file",
            "infra/envs/dev.tfvars",
            "--var-file",
            "infra/envs/prod.tfvars",
        ],
        1,
    );
    let d = report.only("EU010");
    assert!(d.message.contains("`prod.tfvars`"), "{}", d.message);
    assert!(!d.message.contains("dev.tfvars"), "{}", d.message);

    // Two environments that both move the domain: one finding for each, each naming its file.
    let dir = environments(&[("infra/envs/test.tfvars", "location = \"centralus\"\n")]);
    let report = check_json(
        dir.path(),
        &[
            "--var-file",
            "infra/envs/prod.tfvars",
            "--var-file",
            "infra/envs/test.tfvars",
        ],
        1,
    );
    let messages: Vec<&str> = report
        .with_code("EU010")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.contains("eastus") && m.contains("`prod.tfvars`")));
    assert!(messages
        .iter()
        .any(|m| m.contains("centralus") && m.contains("`test.tfvars`")));
}

#[test]
fn var_files_in_the_configuration_select_environments() {
    let dir = environments(&[(".residency.yaml", "var_files:\n  - \"**/envs/*.tfvars\"\n")]);
    let report = check_json(dir.path(), &[], 1);
    let d = report.only("EU010");
    assert!(d.message.contains("`prod.tfvars`"), "{}", d.message);

    // A pattern that selects nothing leaves the folder checked once, with its own tfvars.
    let dir = environments(&[(".residency.yaml", "var_files:\n  - \"staging/*.tfvars\"\n")]);
    let report = check_json(dir.path(), &[], 0);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_bad_var_files_glob_names_the_key() {
    let dir = environments(&[(".residency.yaml", "var_files: ['[']\n")]);
    let run = residency(dir.path(), ["check", "."]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(".residency.yaml") && run.stderr.contains("var_files"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_var_file_without_a_terraform_folder_above_it_is_an_error() {
    let dir = environments(&[("elsewhere/prod.tfvars", "location = \"eastus\"\n")]);
    let run = residency(
        dir.path(),
        ["check", "infra", "--var-file", "elsewhere/prod.tfvars"],
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("--var-file elsewhere/prod.tfvars")
            && run.stderr.contains("no Terraform configuration"),
        "{}",
        run.stderr
    );
    let run = residency(
        dir.path(),
        ["check", "infra", "--var-file", "missing.tfvars"],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("missing.tfvars"), "{}", run.stderr);
}

#[test]
fn a_var_file_with_a_syntax_error_is_reported_in_its_environment() {
    let dir = environments(&[("infra/envs/broken.tfvars", "location = \n")]);
    let report = check_json(dir.path(), &["--var-file", "infra/envs/broken.tfvars"], 1);
    let e = report.only("E001");
    assert_eq!(e.path, "infra/envs/broken.tfvars");
}

/// A folder between the root module and its variable files that declares none of their
/// variables (an empty `main.tf`, as a folder of examples has) does not take them.
#[test]
fn a_var_file_goes_to_the_nearest_folder_that_declares_its_variables() {
    let dir = environments(&[
        (
            "infra/envs/main.tf",
            "# An empty file for registry visibility.\nvariable \"unrelated\" {\n  default = 1\n}\n",
        ),
        ("infra/envs/json/main.tf.json", "{\"variable\": {\"other\": {}}}\n"),
        ("infra/envs/json/staging.tfvars", "location = \"brazilsouth\"\n"),
    ]);
    let report = check_json(dir.path(), &["--var-file", "infra/envs/prod.tfvars"], 1);
    let d = report.only("EU010");
    assert_eq!(d.path, "infra/main.tf");
    assert!(d.message.contains("eastus"), "{}", d.message);
    let report = check_json(
        dir.path(),
        &["--var-file", "infra/envs/json/staging.tfvars"],
        1,
    );
    assert!(
        report.only("EU010").message.contains("brazilsouth"),
        "{:?}",
        report.diagnostics
    );
}
