//! Lowering of a Terraform module (all `.tf` / `.tf.json` files of one folder, with its
//! `terraform.tfvars` and `*.auto.tfvars`) into the model.
//!
//! STUB: implementation pending (helper owns this file).

use super::{FileId, Lowered, Project};

/// Lowers the module made of `files` (`.tf` and `.tf.json`), with variable values from
/// `tfvars` in precedence order (a later file wins, as Terraform does).
pub fn lower(project: &Project, files: &[FileId], tfvars: &[FileId]) -> Lowered {
    let _ = (project, files, tfvars);
    Lowered::default()
}
