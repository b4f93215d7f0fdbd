//! End-to-end tests of the `residency` command line: the real binary, run in temporary folders,
//! against the contracts of README.md and DESIGN.md ("Contracts users and scripts rely on").
//! Every run also asserts the process did not panic and finished within a time limit.

#[path = "../cli_support/mod.rs"]
mod cli_support;
#[path = "../project_fixtures/mod.rs"]
mod project_fixtures;

mod app_permissions;
mod baseline;
mod ci_output;
mod commands;
mod config;
mod error_tolerance;
mod exit_codes;
mod fix;
mod fix_files;
mod json_contract;
mod linked_templates;
mod output;
mod paths_and_encodings;
mod policy;
mod projects;
mod registry_modules;
mod suppressions;
mod terraform_instances;
mod terraform_modules;
mod var_files;
mod waivers;
