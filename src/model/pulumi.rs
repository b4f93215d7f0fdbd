//! Lowering of Pulumi YAML programs (`Pulumi.yaml` / `Main.yaml`) with a stack's configuration
//! (`Pulumi.<stack>.yaml`) into the model.
//!
//! STUB: API fixed, implementation pending (helper owns this file).

use super::{FileId, Lowered, Project};

/// Lowers the Pulumi program in `program` (the file with `resources:`), with the configuration
/// of `stack` when given. `project` also holds `Pulumi.yaml` when the program is `Main.yaml`.
pub fn lower(project: &Project, program: FileId, stack: Option<FileId>) -> Lowered {
    let _ = (project, program, stack);
    Lowered::default()
}
